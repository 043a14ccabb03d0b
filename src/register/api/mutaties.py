"""Eén mutatie per gebeurtenissoort; elke resolver vertaalt en laat Register beslissen. En
integriteitControleren: een volledige controle van de opslag, zonder gebeurtenis."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.types import Info

from register.api import integriteit
from register.api import invoer as i
from register.api.fouten import (
    AfspraakOpgeslagen, AfspraakResultaat, IntegriteitResultaat, als_resultaat,
)
from register.api.typen import Gebeurtenis, afspraak
from register.applicatie.register import Opgeslagen, Register
from register.domein.actor import Actor
from register.domein.afspraak import Afspraak
from register.domein.fouten import NietGevonden, NietToegestaan, RegisterFout
from register.domein.tijdreizen import Peilmoment


def _actor(info: Info) -> Actor:
    ctx = info.context
    if ctx.actor is None:
        raise NietToegestaan("Schrijven vraagt een geldig token (Authorization: Bearer …)."
                             if not ctx.token_ongeldig else
                             "Het token is onbekend of ingetrokken.")
    return ctx.actor


# Schrijfacties in dit proces één tegelijk: de opslag heeft één schrijver, en de pool van de
# eventsourcing-bibliotheek wacht maar 5 s op een verbinding.
_SCHRIJVEN = threading.Lock()


def _voer_uit(info: Info, schrijf: Callable[[Register, Actor], Opgeslagen]) -> Any:
    ctx = info.context
    with _SCHRIJVEN:
        try:
            o = schrijf(ctx.systeem.register, _actor(info))
        except RegisterFout as f:
            return als_resultaat(f)
        ctx.systeem.bij_werken()
    ctx.vers()
    return _opgeslagen(info, str(o.afspraak_id), o.versie)


def _opgeslagen(info: Info, afspraak_id: str, versie: int) -> AfspraakOpgeslagen | Any:
    """De afspraak zoals deze gebeurtenis haar maakte: op de geldigheid van de gebeurtenis,
    met alles wat het register nu weet."""
    lezer = info.context.lezer()
    rijen = lezer.volledige_geschiedenis(afspraak_id) or []
    rij = next(r for r in rijen if r.versie == versie)
    g = Gebeurtenis.van(rij, rijen)
    for dag in (g.geldig_vanaf, rijen[0].geldig_vanaf):
        op = lezer.op(afspraak_id, Peilmoment(geldig_op=dag))
        if op is not None:
            return AfspraakOpgeslagen(
                afspraak=afspraak(op, Peilmoment(geldig_op=dag),
                                  info.context.systeem.register.overheden), gebeurtenis=g)
    return als_resultaat(NietGevonden(f"Afspraak '{afspraak_id}' bestaat niet."))


def _wijziging(i_: i.Wijziging) -> dict[str, Any]:
    return {"afspraak_id": str(i_.id), "verwachte_versie": i_.verwachte_versie,
            "verantwoording": i.verantwoording(i_)}


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Legt een nieuwe afspraak vast (gebeurtenis Vastgelegd).")
    def afspraak_vastleggen(self, info: Info, input: i.AfspraakVastleggenInput
                            ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.vastleggen(
            actor=a, titel=input.titel, soort=input.soort, inhoud=input.inhoud,
            programma=input.programma, gebieden=input.gebieden or (),
            partijen=i.partijen(input.partijen) or (),
            verplichtingen=i.verplichtingen(input.verplichtingen) or (),
            bedragen=i.bedragen(input.bedragen) or (), relaties=i.relaties(input.relaties) or (),
            in_voorbereiding=bool(input.in_voorbereiding),
            vertrouwelijk=bool(input.vertrouwelijk), verantwoording=i.verantwoording(input)))

    @strawberry.mutation(description="Een nieuw besluit verandert inhoud (gebeurtenis Gewijzigd).")
    def afspraak_wijzigen(self, info: Info, input: i.AfspraakWijzigenInput) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.wijzigen(
            actor=a, titel=input.titel, inhoud=input.inhoud, programma=input.programma,
            partijen=i.partijen(input.partijen), bedragen=i.bedragen(input.bedragen),
            relaties=i.relaties(input.relaties), **_wijziging(input)))

    @strawberry.mutation(description="Corrigeert wat het register vastlegde, zonder nieuw besluit.")
    def afspraak_rectificeren(self, info: Info, input: i.AfspraakRectificerenInput
                              ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.rectificeren(
            actor=a, rectificeert=input.rectificeert, titel=input.titel, inhoud=input.inhoud,
            programma=input.programma, partijen=i.partijen(input.partijen),
            bedragen=i.bedragen(input.bedragen),
            verplichtingen=i.verplichtingen(input.verplichtingen), **_wijziging(input)))

    @strawberry.mutation(description="Hecht (delen van) een afspraak af met een uitkomst.")
    def afspraak_afhechten(self, info: Info, input: i.AfspraakAfhechtenInput
                           ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.afhechten(
            actor=a, wijze=input.wijze,
            vervangen_door=str(input.vervangen_door) if input.vervangen_door else None,
            uitkomsten=[(str(u.verplichting), u.uitkomst) for u in input.verplichtingen or ()],
            **_wijziging(input)))

    @strawberry.mutation
    def partij_toetreden(self, info: Info, input: i.PartijToetredenInput) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.partij_toetreden(
            actor=a, partij=i.partij(input.partij), **_wijziging(input)))

    @strawberry.mutation
    def partij_uittreden(self, info: Info, input: i.PartijUittredenInput) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.partij_uittreden(
            actor=a, overheid=str(input.overheid), **_wijziging(input)))

    @strawberry.mutation
    def afspraak_ondertekenen(self, info: Info, input: i.AfspraakOndertekenenInput
                              ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.ondertekenen(
            actor=a, overheid=str(input.overheid), ondertekend_op=input.ondertekend_op,
            **_wijziging(input)))

    @strawberry.mutation
    def standpunt_innemen(self, info: Info, input: i.StandpuntInnemenInput) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.standpunt_innemen(
            actor=a, overheid=str(input.overheid), standpunt=input.standpunt,
            voorwaarden=input.voorwaarden, **_wijziging(input)))

    @strawberry.mutation
    def verplichting_vastleggen(self, info: Info, input: i.VerplichtingVastleggenInput
                                ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.verplichting_vastleggen(
            actor=a, verplichting=i.verplichting(input.verplichting), **_wijziging(input)))

    @strawberry.mutation
    def verplichting_wijzigen(self, info: Info, input: i.VerplichtingWijzigenInput
                              ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.verplichting_wijzigen(
            actor=a, verplichting=str(input.verplichting), omschrijving=input.omschrijving,
            partij=str(input.partij) if input.partij else None, uiterlijk=input.uiterlijk,
            uiterlijk_tekst=input.uiterlijk_tekst, binding=input.binding, **_wijziging(input)))

    @strawberry.mutation
    def verplichting_nakomen(self, info: Info, input: i.VerplichtingBetreffendInput
                             ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.verplichting_nakomen(
            actor=a, verplichting=str(input.verplichting), **_wijziging(input)))

    @strawberry.mutation
    def verplichting_vervallen(self, info: Info, input: i.VerplichtingBetreffendInput
                               ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.verplichting_vervallen(
            actor=a, verplichting=str(input.verplichting), **_wijziging(input)))

    @strawberry.mutation
    def voortgang_rapporteren(self, info: Info, input: i.VoortgangRapporterenInput
                              ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.voortgang_rapporteren(
            actor=a, verslag=input.verslag, aard=input.aard, **_wijziging(input)))

    @strawberry.mutation(description="Een afspraak in voorbereiding treedt in werking.")
    def afspraak_in_werking_stellen(self, info: Info, input: i.StatusWijzigenInput
                                    ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.status_wijzigen(
            actor=a, soort=Afspraak.InWerkingGetreden, **_wijziging(input)))

    @strawberry.mutation
    def afspraak_opschorten(self, info: Info, input: i.StatusWijzigenInput) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.status_wijzigen(
            actor=a, soort=Afspraak.Opgeschort, **_wijziging(input)))

    @strawberry.mutation
    def afspraak_hervatten(self, info: Info, input: i.StatusWijzigenInput) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.status_wijzigen(
            actor=a, soort=Afspraak.Hervat, **_wijziging(input)))

    @strawberry.mutation(description="Herberekent alles uit de opgeslagen gebeurtenissen (zoals "
                         "`register verifieer`), legt de uitkomst vast en geeft de nieuwe "
                         "stand; alleen een beheerder. Leest de hele opslag: bij een groot "
                         "register duurt dat minuten. Schrijft geen gebeurtenis.")
    def integriteit_controleren(self, info: Info) -> IntegriteitResultaat:
        try:  # een ingetrokken token hoort dat; anoniem en een partij: alleen beheerder
            actor = _actor(info) if info.context.token_ongeldig else info.context.actor
            if actor is None or not actor.beheerder:
                raise NietToegestaan(integriteit.ALLEEN_BEHEERDER)
        except RegisterFout as f:
            return als_resultaat(f)
        return integriteit.controleer(info)
