"""De vragen van ontwerp §5: elke vraag op een peilmoment over de vier STOP-assen."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from register.api import integriteit
from register.api.integriteit import Consistentiebewijs, Inclusiebewijs, Integriteit
from register.api.typen import (
    Afspraak, AfspraakConnection, AfspraakEdge, AfspraakStatus, Gebeurtenis, Overheid, PageInfo,
    afspraak, cursor, lees_cursor,
)
from register.applicatie.register import vandaag_in_nederland
from register.domein.tijdreizen import Peilmoment
from register.projecties.afspraken import Filter, OnbekendeCursor


@strawberry.input
class AfspraakFilter:
    partij: strawberry.ID | None = None
    programma: str | None = None
    soort: str | None = None
    status: AfspraakStatus | None = None
    zoekterm: str | None = None


class VraagFout(Exception):
    """Een vraag die niet te beantwoorden is (bijv. een ongeldige cursor)."""


def peilmoment(geldig_op: date | None, juridisch_werkend_op: date | None,
               bekend_op: date | None, ontvangen_op: datetime | None) -> Peilmoment:
    if ontvangen_op is not None and ontvangen_op.tzinfo is None:
        ontvangen_op = ontvangen_op.replace(tzinfo=UTC)  # zonder offset: UTC
    return Peilmoment(geldig_op or vandaag_in_nederland(), juridisch_werkend_op, bekend_op,
                      ontvangen_op)


ONGELDIGE_CURSOR = "De cursor in 'after' is ongeldig."


@strawberry.type
class Query:
    @strawberry.field(description="Eén afspraak op een peilmoment; null als zij dan niet bestaat.")
    def afspraak(self, info: Info, id: strawberry.ID, geldig_op: date | None = None,
                 juridisch_werkend_op: date | None = None, bekend_op: date | None = None,
                 ontvangen_op: datetime | None = None) -> Afspraak | None:
        peil = peilmoment(geldig_op, juridisch_werkend_op, bekend_op, ontvangen_op)
        op = info.context.lezer().op(str(id), peil)
        return None if op is None else afspraak(op, peil, info.context.systeem.register.overheden)

    @strawberry.field(description="Afspraken op een peilmoment, gefilterd, Relay-gepagineerd.")
    def afspraken(self, info: Info, filter: AfspraakFilter | None = None,
                  geldig_op: date | None = None, juridisch_werkend_op: date | None = None,
                  bekend_op: date | None = None, ontvangen_op: datetime | None = None,
                  first: int | None = None, after: str | None = None) -> AfspraakConnection:
        maximum = info.context.instellingen.max_pagina
        eerste = 20 if first is None else first
        if not 0 <= eerste <= maximum:
            raise VraagFout(f"first moet tussen 0 en {maximum} liggen.")
        na = lees_cursor(after) if after else None
        if after and na is None:
            raise VraagFout(ONGELDIGE_CURSOR)
        f = filter or AfspraakFilter()
        peil = peilmoment(geldig_op, juridisch_werkend_op, bekend_op, ontvangen_op)
        try:
            pagina = info.context.lezer().lijst(Filter(
                partij=str(f.partij) if f.partij else None, programma=f.programma,
                soort=f.soort, status=f.status.value if f.status else None,
                zoekterm=f.zoekterm), peil, eerste, na)
        except OnbekendeCursor:  # ook een afspraak die de vrager niet mag zien: geen verschil
            raise VraagFout(ONGELDIGE_CURSOR) from None
        overheden = info.context.systeem.register.overheden
        edges = [AfspraakEdge(node=afspraak(a, peil, overheden), cursor=cursor(a.id))
                 for a in pagina.items]
        return AfspraakConnection(edges=edges, page_info=PageInfo(
            has_next_page=pagina.heeft_volgende, end_cursor=edges[-1].cursor if edges else None))

    @strawberry.field(description="De volledige geschiedenis van een afspraak, in stroomvolgorde.")
    def gebeurtenissen(self, info: Info, afspraak_id: strawberry.ID) -> list[Gebeurtenis]:
        rijen = info.context.lezer().volledige_geschiedenis(str(afspraak_id)) or []
        return [Gebeurtenis.van(r, rijen) for r in rijen]

    @strawberry.field(description="De Merkle-boom over alle gebeurtenissen en het oordeel over "
                      "de opslag. Een volledige controle vraagt een beheerder met de mutatie "
                      "`integriteitControleren`.")
    def integriteit(self, info: Info, controleer: Annotated[bool, strawberry.argument(
            deprecation_reason="Een vraag verandert niets; gebruik de mutatie "
            "integriteitControleren.")] = False) -> Integriteit:
        if not controleer:
            return integriteit.integriteit(info)
        if info.context.actor is None or not info.context.actor.beheerder:
            raise VraagFout(integriteit.ALLEEN_BEHEERDER)
        return integriteit.controleer(info)

    @strawberry.field(description="Bewijs dat een gebeurtenis in de boom staat; null als zij "
                      "niet bestaat of niet zichtbaar is. Zonder boomgrootte: de boom van nu.")
    def inclusiebewijs(self, info: Info, afspraak_id: strawberry.ID, versie: int,
                       boomgrootte: int | None = None) -> Inclusiebewijs | None:
        try:
            return integriteit.inclusiebewijs(info, str(afspraak_id), versie, boomgrootte)
        except integriteit.BewijsFout as f:
            raise VraagFout(str(f)) from None

    @strawberry.field(description="Bewijs dat de boom van nu (of van `naar`) een eerder bewaarde "
                      "boom (boomgrootte en wortel) alleen aanvult.")
    def consistentiebewijs(self, info: Info, boomgrootte: int, wortel: str,
                           naar: int | None = None) -> Consistentiebewijs:
        try:
            return integriteit.consistentiebewijs(info, boomgrootte, wortel, naar)
        except integriteit.BewijsFout as f:
            raise VraagFout(str(f)) from None

    @strawberry.field(description="Overheden uit TOOI en de register-eigen organisaties.")
    def overheden(self, info: Info, soort: str | None = None) -> list[Overheid]:
        return [Overheid.van(o) for o in info.context.systeem.register.overheden.alle(soort)]
