"""Eén mutatie per gebeurtenissoort; elke resolver vertaalt en laat Register beslissen. En
integriteitControleren: een volledige controle van de opslag, zonder gebeurtenis. Eén klasse
per onderwerp; api/schema.py voegt ze (met die van abonnementen) samen tot één Mutation."""

from __future__ import annotations

import threading
from collections.abc import Callable

import strawberry

from register.api import getypeerd, integriteit
from register.api import invoer as i
from register.api.context import Info
from register.api.fouten import (
    AfspraakOpgeslagen, AfspraakResultaat, IntegriteitResultaat, als_resultaat,
)
from register.api.fouten import NietToegestaan as GeenToegang  # het GraphQL-type
from register.api.typen import Gebeurtenis, afspraak
from register.applicatie.register import Opgeslagen, Register
from register.domein.actor import Actor
from register.domein import commandos as c
from register.domein.commandos import Commando
from register.domein.fouten import NietGevonden, NietToegestaan, RegisterFout
from register.domein.tijdreizen import Peilmoment
from register.systeem.clients import SCHRIJVEN_SCOPE


def _actor(info: Info) -> Actor:
    ctx = info.context
    if ctx.actor is None:
        raise NietToegestaan("Schrijven vraagt een geldig token (Authorization: Bearer …)."
                             if not ctx.token_ongeldig else
                             "Het token is onbekend of ingetrokken.")
    if not ctx.mag(SCHRIJVEN_SCOPE):
        raise NietToegestaan(f"Dit toegangstoken heeft de scope '{SCHRIJVEN_SCOPE}' niet; vraag "
                             "een token met die scope bij POST /oauth/token.")
    return ctx.actor


# Schrijfacties in dit proces één tegelijk: de opslag heeft één schrijver, en de pool van de
# eventsourcing-bibliotheek wacht maar 5 s op een verbinding.
_SCHRIJVEN = threading.Lock()


def _voer_uit(info: Info, schrijf: Callable[[Register, Actor], Opgeslagen]
              ) -> AfspraakResultaat:
    ctx = info.context
    with _SCHRIJVEN:
        try:
            o = schrijf(ctx.systeem.register, _actor(info))
        except RegisterFout as f:
            return als_resultaat(f)
        ctx.systeem.bij_werken(opnames=o.opnames)
    ctx.vers()
    return _opgeslagen(info, str(o.afspraak_id), o.versie)


def _opgeslagen(info: Info, afspraak_id: str, versie: int) -> AfspraakResultaat:
    """De afspraak zoals deze gebeurtenis haar maakte: op de geldigheid van de gebeurtenis,
    met alles wat het register nu weet."""
    lezer = info.context.lezer()
    rijen = lezer.volledige_geschiedenis(afspraak_id) or []
    rij = next(r for r in rijen if r.versie == versie)
    g = Gebeurtenis.in_geschiedenis(rij, rijen)
    for dag in (g.geldig_vanaf, rijen[0].geldig_vanaf):
        op = lezer.op(afspraak_id, Peilmoment(geldig_op=dag))
        if op is not None:
            return AfspraakOpgeslagen(
                afspraak=afspraak(info, op, Peilmoment(geldig_op=dag), "na schrijven"),
                gebeurtenis=g)
    return als_resultaat(NietGevonden(f"Afspraak '{afspraak_id}' bestaat niet."))


def _wijzig(info: Info, input: i.Wijziging, commando: Commando) -> AfspraakResultaat:
    return _voer_uit(info, lambda r, a: r.voer_uit(str(input.id), input.verwachte_versie, a,
                                                   commando))


def _status(input: i.StatusWijzigenInput, soort: type[Commando]) -> Commando:
    return soort(verantwoording=input.verantwoording())

@strawberry.type
class AfspraakMutation:
    @getypeerd.mutation(description="Legt een nieuwe afspraak vast (gebeurtenis Vastgelegd).")
    def afspraak_vastleggen(self, info: Info, input: i.AfspraakVastleggenInput
                            ) -> AfspraakResultaat:
        return _voer_uit(info, lambda r, a: r.vastleggen(a, input.commando()))

    @getypeerd.mutation(description="Een nieuw besluit verandert inhoud (gebeurtenis Gewijzigd).")
    def afspraak_wijzigen(self, info: Info, input: i.AfspraakWijzigenInput) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

    @getypeerd.mutation(description="Corrigeert wat het register vastlegde, zonder nieuw besluit.")
    def afspraak_rectificeren(self, info: Info, input: i.AfspraakRectificerenInput
                              ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

    @getypeerd.mutation(description="Hecht (delen van) een afspraak af met een uitkomst.")
    def afspraak_afhechten(self, info: Info, input: i.AfspraakAfhechtenInput
                           ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

@strawberry.type
class PartijMutation:
    @strawberry.mutation
    def partij_toetreden(self, info: Info, input: i.PartijToetredenInput) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

    @strawberry.mutation
    def partij_uittreden(self, info: Info, input: i.PartijUittredenInput) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

    @strawberry.mutation
    def afspraak_ondertekenen(self, info: Info, input: i.AfspraakOndertekenenInput
                              ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

    @strawberry.mutation
    def standpunt_innemen(self, info: Info, input: i.StandpuntInnemenInput) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

@strawberry.type
class VerplichtingMutation:
    @strawberry.mutation
    def verplichting_vastleggen(self, info: Info, input: i.VerplichtingVastleggenInput
                                ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

    @strawberry.mutation
    def verplichting_wijzigen(self, info: Info, input: i.VerplichtingWijzigenInput
                              ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

    @strawberry.mutation
    def verplichting_nakomen(self, info: Info, input: i.VerplichtingBetreffendInput
                             ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando(c.VerplichtingNakomen))

    @strawberry.mutation
    def verplichting_vervallen(self, info: Info, input: i.VerplichtingBetreffendInput
                               ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando(c.VerplichtingLatenVervallen))

    @getypeerd.mutation(description=(
        "De bronnen laten open of de verplichting is nagekomen (status ONBESLIST): geen open "
        "termijn meer en ook geen bewijs van nakoming. De bron en de toelichting zeggen waarom."))
    def verplichting_onbeslist_verklaren(self, info: Info, input: i.VerplichtingBetreffendInput
                                         ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando(c.VerplichtingOnbeslistVerklaren))

@strawberry.type
class MeldingMutation:
    @getypeerd.mutation(description=(
        "Legt vast dat bronnen of gebeurtenissen elkaar tegenspreken (gebeurtenis "
        "TegenstrijdigheidVastgesteld, aard TEGENSTRIJDIGHEID). De afspraak toont het in "
        "`tegenstrijdigheden` en `betwist`; de tijdlijn vindt ze met aard TEGENSTRIJDIGHEID. "
        "Ook na afhechting: het is kennis over de bronnen, geen besluit."))
    def tegenstrijdigheid_vastleggen(self, info: Info, input: i.TegenstrijdigheidVastleggenInput
                                     ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

    @getypeerd.mutation(description=(
        "Een latere bron meldt een eerder begin van de afspraak (gebeurtenis BeginVastgesteld, "
        "aard BEGIN_VASTGESTELD): vanaf haar kennisdatum bestaat de afspraak vanaf dat begin, "
        "met alleen de partijen die deze bron bij het begin noemt. Ook na afhechting."))
    def begin_vaststellen(self, info: Info, input: i.BeginVaststellenInput
                          ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

    @strawberry.mutation
    def voortgang_rapporteren(self, info: Info, input: i.VoortgangRapporterenInput
                              ) -> AfspraakResultaat:
        return _wijzig(info, input, input.commando())

@strawberry.type
class StatusMutation:
    @getypeerd.mutation(description="Een afspraak in voorbereiding treedt in werking.")
    def afspraak_in_werking_stellen(self, info: Info, input: i.StatusWijzigenInput
                                    ) -> AfspraakResultaat:
        return _wijzig(info, input, _status(input, c.InWerkingStellen))

    @strawberry.mutation
    def afspraak_opschorten(self, info: Info, input: i.StatusWijzigenInput) -> AfspraakResultaat:
        return _wijzig(info, input, _status(input, c.Opschorten))

    @strawberry.mutation
    def afspraak_hervatten(self, info: Info, input: i.StatusWijzigenInput) -> AfspraakResultaat:
        return _wijzig(info, input, _status(input, c.Hervatten))

    @getypeerd.mutation(description="De afspraak is gestopt of afgeschaft, maar (nog) niet "
                        "afgehecht (gebeurtenis Stopgezet); wat open was, blijft open. Anders "
                        "dan opschorten (tijdelijk) en afhechten (met uitkomsten).")
    def afspraak_stopzetten(self, info: Info, input: i.StatusWijzigenInput) -> AfspraakResultaat:
        return _wijzig(info, input, _status(input, c.Stopzetten))

@strawberry.type
class IntegriteitMutation:
    @getypeerd.mutation(description="Herberekent alles uit de opgeslagen gebeurtenissen (zoals "
                        "`register verifieer`), legt de uitkomst vast en geeft de nieuwe "
                        "stand; alleen een beheerder. Leest de hele opslag: bij een groot "
                        "register duurt dat minuten. Schrijft geen gebeurtenis.")
    def integriteit_controleren(self, info: Info) -> IntegriteitResultaat:
        try:  # een ingetrokken token hoort dat; anoniem en een partij: alleen beheerder
            actor = _actor(info) if info.context.token_ongeldig else info.context.actor
            if actor is None or not actor.beheerder:
                raise NietToegestaan(integriteit.ALLEEN_BEHEERDER)
        except NietToegestaan as f:
            return GeenToegang(code=f.code, melding=f.melding)
        return integriteit.controleer(info)
