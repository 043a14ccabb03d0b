"""Wat elke vraag deelt: het peilmoment uit de argumenten, de paginagrootte en de fout in de
vraag."""

from __future__ import annotations

from datetime import UTC, date, datetime

from register.api.context import Info
from register.applicatie.register import vandaag_in_nederland
from register.domein.tijdreizen import Peilmoment
from register.domein.waarden import lees_verwijzing


class VraagFout(Exception):
    """Een vraag die niet te beantwoorden is (bijv. een ongeldige cursor)."""


def peilmoment(geldig_op: date | None, juridisch_werkend_op: date | None,
               bekend_op: date | None, ontvangen_op: datetime | None) -> Peilmoment:
    if ontvangen_op is not None and ontvangen_op.tzinfo is None:
        ontvangen_op = ontvangen_op.replace(tzinfo=UTC)  # zonder offset: UTC
    if ontvangen_op is not None:
        try:  # '0001-01-01T00:00:00+14:00' ligt in UTC vóór het jaar 1
            ontvangen_op = ontvangen_op.astimezone(UTC)
        except OverflowError:
            raise VraagFout(BUITEN_BEREIK) from None
    return Peilmoment(geldig_op or vandaag_in_nederland(), juridisch_werkend_op, bekend_op,
                      ontvangen_op)


ONGELDIGE_CURSOR = "De cursor in 'after' is ongeldig."
BUITEN_BEREIK = "ontvangenOp ligt in UTC buiten de jaren 1 tot en met 9999."


def eerste_van(info: Info, first: int | None) -> int:
    maximum = info.context.instellingen.max_pagina
    eerste = 20 if first is None else first
    if not 0 <= eerste <= maximum:
        raise VraagFout(f"first moet tussen 0 en {maximum} liggen.")
    return eerste


def verwijzing_uit(tekst: str | None) -> str | None:
    """De genormaliseerde vorm van een verwijzing in een filter ('34682-100' ->
    'kst-34682-100'); een fout als het geen verwijzing is."""
    if tekst is None:
        return None
    v = lees_verwijzing(tekst)
    if v is None:
        raise VraagFout(f"verwijzing '{tekst[:60]}' is niet herkend; schrijf bijvoorbeeld "
                        "'Kamerstuk 34 682, nr. 100', '34682-100', 'kst-34682' (het hele "
                        "dossier), 'BO MIRT november 2022' of 'ECLI:NL:RVS:2019:1603'.")
    return v.waarde
