"""GraphQL voor abonnementen (webhooks, Afnemers punt 3): aanmaken, opzeggen, het geheim
vernieuwen, dode brieven opnieuw laten afleveren, en de eigen abonnementen met hun stand. De
aflevering zelf doet `register afleveren` (systeem/abonnementen.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

import strawberry

from register.api import getypeerd
from register.api.context import Info
from register.api.fouten import NietGevonden, NietToegestaan, Ongeldig, Veldfout
from register.domein.actor import Actor
from register.domein.waarden import GEBEURTENIS_AARDEN
from register.projecties.feedlezer import volgnummer_tekst
from register.systeem.abonnementen import (
    Abonnement as AbonnementRij, AbonnementFout, Abonnementen, DodeBrief as DodeBriefRij,
    controleer_url,
)
from register.systeem.clients import ABONNEREN_SCOPE


@strawberry.type(description="Alleen de events die hierbij passen (alle gegeven voorwaarden); "
                 "een afspraak past bij partij, programma of soort als zij die ooit had.")
class AbonnementFilter:
    partij: strawberry.ID | None
    programma: str | None
    soort: str | None
    aard: str | None


@strawberry.type(description="Een event dat na alle pogingen niet afgeleverd kon worden.")
class DodeBrief:
    sequence: str = strawberry.field(description="Het volgnummer in uw feed.")
    event_id: str = strawberry.field(description="Het id van het CloudEvent (webhook-id).")
    type: str
    pogingen: int
    laatste_fout: str
    op: datetime
    opnieuw_gevraagd: bool = strawberry.field(
        description="Wacht op een nieuwe aflevering (abonnementDodeBrievenOpnieuw).")

    @staticmethod
    def van(d: DodeBriefRij) -> DodeBrief:
        return DodeBrief(sequence=volgnummer_tekst(d.volgnummer), event_id=d.event_id,
                         type=d.type, pogingen=d.pogingen, laatste_fout=d.laatste_fout, op=d.op,
                         opnieuw_gevraagd=d.opnieuw)


@strawberry.type(description="Een abonnement: het register POST elk passend event als "
                 "ondertekend CloudEvent naar de url (zie README, 'Afnemers').")
class Abonnement:
    id: strawberry.ID
    url: str
    filter: AbonnementFilter
    status: str = strawberry.field(description="ACTIEF of OPGEZEGD.")
    aangemaakt_op: datetime
    opgezegd_op: datetime | None
    afgeleverd_tot: str = strawberry.field(
        description="Het volgnummer (sequence) in uw feed tot waar afgeleverd of overgeslagen "
        "is; de aflevering gaat verder met het eerstvolgende.")
    afgeleverd: int = strawberry.field(description="Geslaagde afleveringen.")
    pogingen: int = strawberry.field(description="Mislukte pogingen voor het volgende event.")
    volgende_poging: datetime | None
    laatste_fout: str | None
    _id: strawberry.Private[str]

    @getypeerd.field(description="Events die na alle pogingen niet afgeleverd konden worden.")
    def dode_brieven(self, info: Info) -> list[DodeBrief]:
        return [DodeBrief.van(d) for d in _abonnementen(info).dode_brieven(self._id)]

    @staticmethod
    def van(a: AbonnementRij) -> Abonnement:
        return Abonnement(
            id=strawberry.ID(a.id), url=a.url, filter=AbonnementFilter(
                partij=_id(a.filter["partij"]), programma=a.filter["programma"],
                soort=a.filter["soort"], aard=a.filter["aard"]),
            status=a.status, aangemaakt_op=a.aangemaakt_op, opgezegd_op=a.opgezegd_op,
            afgeleverd_tot=volgnummer_tekst(a.volgnummer), afgeleverd=a.afgeleverd,
            pogingen=a.pogingen, volgende_poging=a.volgende_poging,
            laatste_fout=a.laatste_fout, _id=a.id)


@strawberry.type
class AbonnementMetGeheim:
    abonnement: Abonnement
    geheim: str = strawberry.field(
        description="Het geheim (whsec_…) waarmee u de handtekening controleert (Standard "
        "Webhooks: webhook-id, webhook-timestamp, webhook-signature). Het register toont het "
        "alleen nu; vernieuw het als het uitlekt.")


@strawberry.type
class AbonnementOpgezegd:
    abonnement: Abonnement


@strawberry.type
class DodeBrievenTeruggezet:
    aantal: int
    abonnement: Abonnement


AbonnementResultaat = Annotated[
    AbonnementMetGeheim | Ongeldig | NietToegestaan, strawberry.union("AbonnementResultaat")]
Gewijzigd = AbonnementMetGeheim | AbonnementOpgezegd | DodeBrievenTeruggezet
AbonnementWijzigingResultaat = Annotated[
    AbonnementMetGeheim | AbonnementOpgezegd | DodeBrievenTeruggezet | NietGevonden
    | NietToegestaan, strawberry.union("AbonnementWijzigingResultaat")]


@strawberry.input
class AbonnementAanmakenInput:
    url: str = strawberry.field(description="https://… (in ontwikkeling ook http://); in "
                                "productie alleen een openbaar adres.")
    partij: strawberry.ID | None = None
    programma: str | None = None
    soort: str | None = None
    aard: str | None = strawberry.field(default=None,
                                        description="Een waarde van GebeurtenisAard.")
    vanaf: str | None = strawberry.field(
        default=None, description="Begin na dit volgnummer (sequence) van uw feed; '0' is de "
        "hele geschiedenis. Zonder: alleen wat hierna komt.")


def _abonnementen(info: Info) -> Abonnementen:
    return info.context.systeem.abonnementen


def _eigenaar(info: Info) -> Actor:
    ctx = info.context
    if ctx.actor is None:
        raise AbonnementFout("Abonneren vraagt een token of een toegangstoken met de scope "
                             f"'{ABONNEREN_SCOPE}'.")
    if not ctx.mag(ABONNEREN_SCOPE):
        raise AbonnementFout(f"Dit toegangstoken heeft de scope '{ABONNEREN_SCOPE}' niet.")
    return ctx.actor


def _id(tekst: str | None) -> strawberry.ID | None:
    return None if tekst is None else strawberry.ID(tekst)


def _niet_toegestaan(f: AbonnementFout) -> NietToegestaan:
    return NietToegestaan(code="NIET_TOEGESTAAN", melding=f.melding)


def _ongeldig(fouten: list[Veldfout]) -> Ongeldig:
    return Ongeldig(code="ONGELDIG", melding="Het abonnement is niet aangemaakt: "
                    + "; ".join(f"{v.veld}: {v.melding}" for v in fouten), velden=fouten)


def _vanaf(tekst: str | None) -> int | None:
    if tekst is None:
        return None
    if not tekst.isdigit() or len(tekst) > 16:
        raise AbonnementFout("vanaf is een volgnummer uit de feed (cijfers).", "vanaf")
    return int(tekst)


@strawberry.type
class AbonnementQuery:
    @getypeerd.field(description="Uw abonnementen (een beheerder: alle), oudste eerst; leeg "
                     "zonder token met de scope 'abonneren'.")
    def abonnementen(self, info: Info) -> list[Abonnement]:
        try:
            actor = _eigenaar(info)
        except AbonnementFout:
            return []
        return [Abonnement.van(a) for a in _abonnementen(info).van(actor)]


@strawberry.type
class AbonnementMutation:
    @getypeerd.mutation(description="Een abonnement op uw feed: het register POST elk passend "
                        "event (zoals u de feed leest, dus met uw toegang) als ondertekend "
                        "CloudEvent naar de url. Geeft het geheim, één keer.")
    def abonnement_aanmaken(self, info: Info, input: AbonnementAanmakenInput
                            ) -> AbonnementResultaat:
        try:
            actor = _eigenaar(info)
        except AbonnementFout as f:
            return _niet_toegestaan(f)
        fouten: list[Veldfout] = []
        productie = info.context.instellingen.omgeving == "productie"
        try:
            url = controleer_url(input.url, alleen_openbaar=productie)
        except AbonnementFout as f:
            fouten.append(Veldfout(veld="url", melding=f.melding))
        if input.aard is not None and input.aard not in GEBEURTENIS_AARDEN:
            fouten.append(Veldfout(veld="aard", melding="onbekende aard; kies uit "
                                   + ", ".join(GEBEURTENIS_AARDEN)))
        for veld in ("partij", "programma", "soort"):
            waarde = getattr(input, veld)
            if waarde is not None and not 0 < len(waarde) <= 300:
                fouten.append(Veldfout(veld=veld, melding="leeg of langer dan 300 tekens"))
        if input.partij and input.partij not in info.context.systeem.register.overheden:
            fouten.append(Veldfout(veld="partij", melding="onbekende overheid (zie de vraag "
                                   "'overheden')"))
        try:
            vanaf = _vanaf(input.vanaf)
        except AbonnementFout as f:
            fouten.append(Veldfout(veld="vanaf", melding=f.melding))
        if fouten:
            return _ongeldig(fouten)
        try:
            a, geheim = _abonnementen(info).aanmaken(info.context.systeem.feed, actor, url, {
                "partij": input.partij, "programma": input.programma, "soort": input.soort,
                "aard": input.aard}, vanaf)
        except AbonnementFout as f:
            return _ongeldig([Veldfout(veld=f.veld or "input", melding=f.melding)])
        return AbonnementMetGeheim(abonnement=Abonnement.van(a), geheim=geheim)

    @getypeerd.mutation(description="Zegt een abonnement op; het register levert er niets "
                        "meer aan af. Het blijft in de lijst staan.")
    def abonnement_opzeggen(self, info: Info, id: strawberry.ID
                            ) -> AbonnementWijzigingResultaat:
        return _wijzig(info, lambda ab, actor: AbonnementOpgezegd(
            abonnement=Abonnement.van(ab.opzeggen(actor, str(id)))))

    @getypeerd.mutation(description="Een nieuw geheim; vanaf nu ondertekent het register "
                        "alleen daarmee. Geeft het nieuwe geheim, één keer.")
    def abonnement_geheim_vernieuwen(self, info: Info, id: strawberry.ID
                                     ) -> AbonnementWijzigingResultaat:
        def vernieuw(ab: Abonnementen, actor: Actor) -> AbonnementMetGeheim:
            a, geheim = ab.geheim_vernieuwen(actor, str(id))
            return AbonnementMetGeheim(abonnement=Abonnement.van(a), geheim=geheim)

        return _wijzig(info, vernieuw)

    @getypeerd.mutation(description="Laat de dode brieven van een abonnement nog eens "
                        "afleveren (bij de volgende ronde van register afleveren); wat dan "
                        "slaagt, verdwijnt uit de dode brieven.")
    def abonnement_dode_brieven_opnieuw(self, info: Info, id: strawberry.ID
                                        ) -> AbonnementWijzigingResultaat:
        def opnieuw(ab: Abonnementen, actor: Actor) -> DodeBrievenTeruggezet:
            n = ab.opnieuw(actor, str(id))
            (a,) = [x for x in ab.van(actor) if x.id == str(id)]
            return DodeBrievenTeruggezet(aantal=n, abonnement=Abonnement.van(a))

        return _wijzig(info, opnieuw)


def _wijzig(info: Info, doe: Callable[[Abonnementen, Actor], Gewijzigd]
            ) -> AbonnementWijzigingResultaat:
    try:
        actor = _eigenaar(info)
    except AbonnementFout as f:
        return _niet_toegestaan(f)
    try:
        return doe(_abonnementen(info), actor)
    except AbonnementFout as f:
        return NietGevonden(code="NIET_GEVONDEN", melding=f.melding)
