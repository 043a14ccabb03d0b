"""Het verschil (redline) van afspraken tussen twee peilmomenten, over alle vier de assen:
`verschil(afspraakId, van, naar)` en `verschillen(filter, van, naar)`. De rekenkunde staat in
het domein (domein/verschil.py); hier alleen toegang, typen en de gebeurtenissen met hun
bronnen. Wie de afspraak niet mag zien, krijgt null; een vroegere partij ziet alleen wat zij
als partij kon zien (dezelfde geschiedenis als `gebeurtenissen`)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from register.api.typen import Gebeurtenis, Overheid, PageInfo, overheid
from register.api.vraag import peilmoment
from register.domein import verschil as domein
from register.domein.tijdreizen import Peilmoment as DomeinPeilmoment
from register.projecties.geschiedenislezer import Geschiedenis


@strawberry.input(name="Peilmoment", description=(
    "Een vraag over tijd langs de vier assen; wat ontbreekt, is 'zonder grens' (alles wat het "
    "register nu weet), en geldigOp is standaard vandaag (Europe/Amsterdam)."))
class PeilmomentInput:
    geldig_op: date | None = None
    juridisch_werkend_op: date | None = None
    bekend_op: date | None = None
    ontvangen_op: datetime | None = None

    def peil(self) -> DomeinPeilmoment:
        return peilmoment(self.geldig_op, self.juridisch_werkend_op, self.bekend_op,
                          self.ontvangen_op)


@strawberry.type(description="Het peilmoment zoals het register het gebruikte (geldigOp "
                 "ingevuld; ontvangenOp in UTC).")
class GebruiktPeilmoment:
    geldig_op: date
    juridisch_werkend_op: date | None
    bekend_op: date | None
    ontvangen_op: datetime | None

    @classmethod
    def van(cls, p: DomeinPeilmoment) -> GebruiktPeilmoment:
        return cls(geldig_op=p.geldig_op, juridisch_werkend_op=p.juridisch_werkend_op,
                   bekend_op=p.bekend_op, ontvangen_op=p.ontvangen_op)


@strawberry.enum(description="Wat er met een onderdeel gebeurde tussen 'van' en 'naar'.")
class VerschilSoort(Enum):
    TOEGEVOEGD = "TOEGEVOEGD"
    VERWIJDERD = "VERWIJDERD"
    GEWIJZIGD = "GEWIJZIGD"


@strawberry.enum(description="Waarom een gebeurtenis op het ene peilmoment telt en op het "
                 "andere niet.")
class VerschilReden(Enum):
    NIEUW_BESLUIT = strawberry.enum_value(
        "NIEUW_BESLUIT", description="een besluit dat er op de kennisdatum van het andere "
        "peilmoment nog niet was")
    RECTIFICATIE = strawberry.enum_value(
        "RECTIFICATIE", description="een rectificatie die op het andere peilmoment nog niet "
        "bekend was: het register zei toen iets anders over hetzelfde besluit")
    TERUGWERKEND_BESLUIT = strawberry.enum_value(
        "TERUGWERKEND_BESLUIT", description="een nieuw besluit dat ook geldt op de dag van het "
        "andere peilmoment, van vóór zijn eigen juridische werking")
    IN_WERKING_GETREDEN = strawberry.enum_value(
        "IN_WERKING_GETREDEN", description="bekend, maar op het andere peilmoment nog niet "
        "juridisch werkend")
    GELDIG_GEWORDEN = strawberry.enum_value(
        "GELDIG_GEWORDEN", description="bekend en werkend, maar de dag van het andere "
        "peilmoment ligt vóór geldigVanaf")
    GELDIGHEID_GEEINDIGD = strawberry.enum_value(
        "GELDIGHEID_GEEINDIGD", description="de dag van het andere peilmoment ligt op of na "
        "geldigTot")
    LATER_BEKEND = strawberry.enum_value(
        "LATER_BEKEND", description="het besluit was er al op de kennisdatum van het andere "
        "peilmoment, maar werd pas later bekend of ontvangen")


@strawberry.enum(description="Welk deel van de afspraak verschilt.")
class VerschilOnderdeel(Enum):
    BESTAAN = "BESTAAN"
    AFSPRAAK = "AFSPRAAK"
    PARTIJ = "PARTIJ"
    VERPLICHTING = "VERPLICHTING"
    TEGENSTRIJDIGHEID = "TEGENSTRIJDIGHEID"
    GEBIED = "GEBIED"
    BEDRAG = "BEDRAG"
    RELATIE = "RELATIE"


ONDERDELEN = {"bestaan": VerschilOnderdeel.BESTAAN, "afspraak": VerschilOnderdeel.AFSPRAAK,
              "partij": VerschilOnderdeel.PARTIJ, "verplichting": VerschilOnderdeel.VERPLICHTING,
              "tegenstrijdigheid": VerschilOnderdeel.TEGENSTRIJDIGHEID,
              "gebieden": VerschilOnderdeel.GEBIED, "bedragen": VerschilOnderdeel.BEDRAG,
              "relaties": VerschilOnderdeel.RELATIE}


@strawberry.type(description="Eén verschil: wat, van welke waarde naar welke, door welke "
                 "gebeurtenis(sen) en waarom.")
class Wijziging:
    onderdeel: VerschilOnderdeel
    soort: VerschilSoort
    veld: str | None = strawberry.field(description=(
        "Het veld (camelCase, zoals in het schema: titel, ondertekendOp, uiterlijk, …); leeg "
        "voor het lidmaatschap van een partij, het bestaan of een element van een lijst."))
    partij: Overheid | None = strawberry.field(description="Bij een partij: welke.")
    verplichting: str | None = strawberry.field(description="Bij een verplichting: haar id.")
    van: JSON | None = strawberry.field(description="De waarde op 'van' (null: er was niets).")
    naar: JSON | None = strawberry.field(description="De waarde op 'naar' (null: er is niets).")
    reden: VerschilReden | None = strawberry.field(description=(
        "Waarom het verschilt; null als het niet aan één gebeurtenis toe te schrijven is."))
    gebeurtenissen: list[Gebeurtenis] = strawberry.field(description=(
        "De gebeurtenis die het verschil maakt, met haar bronnen en citaten (bij een "
        "rectificatie ook de rectificatie zelf)."))


@strawberry.type(description="Het verschil van één afspraak tussen twee peilmomenten.")
class Verschil:
    afspraak_id: strawberry.ID
    van: GebruiktPeilmoment
    naar: GebruiktPeilmoment
    bestaat_van: bool = strawberry.field(description="Of de afspraak op 'van' bestond.")
    bestaat_naar: bool
    wijzigingen: list[Wijziging]


@strawberry.type
class VerschilEdge:
    node: Verschil
    cursor: str


@strawberry.type(description="Verschillen van afspraken; alleen afspraken die verschillen, "
                 "dus een pagina kan korter zijn dan first terwijl hasNextPage waar is.")
class VerschilConnection:
    edges: list[VerschilEdge]
    page_info: PageInfo


def _camel(veld: str) -> str:
    kop, *rest = veld.split("_")
    return kop + "".join(d.capitalize() for d in rest)


def _json(waarde: Any) -> Any:
    """Een waarde zoals het schema haar noemt: sleutels in camelCase (naamInBron)."""
    if isinstance(waarde, dict):
        return {_camel(k): _json(v) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [_json(v) for v in waarde]
    return waarde


def verschil_van(info: Info, afspraak_id: str, van: DomeinPeilmoment, naar: DomeinPeilmoment,
                 g: Geschiedenis) -> Verschil:
    """Het verschil uit de geschiedenis die de vrager mag zien; de volledige rijen (bronnen)
    alleen van de gebeurtenissen die het antwoord noemt."""
    v = domein.verschil(g.feiten, van, naar)
    rijen = info.context.lezer().gebeurtenis_rijen(
        g, {x for w in v.wijzigingen for x in w.versies}) if v.wijzigingen else {}
    feiten = {f.versie: f for f in g.feiten}
    overheden = info.context.systeem.register.overheden
    gemaakt: dict[int, Gebeurtenis] = {}

    def gebeurtenis(r: Any) -> Gebeurtenis:
        # Als Gebeurtenis.in_geschiedenis: geldigheid en werking van een rectificatie zijn die
        # van haar doel (het feit volstaat); elke gebeurtenis één keer, ook als zij vele
        # wijzigingen maakt.
        if r.versie not in gemaakt:
            gemaakt[r.versie] = Gebeurtenis.van(r, feiten.get(r.rectificeert, r))
        return gemaakt[r.versie]

    def wijziging(w: domein.Wijziging) -> Wijziging:
        return Wijziging(
            onderdeel=ONDERDELEN[w.onderdeel], soort=VerschilSoort(w.soort),
            veld=_camel(w.veld) or None,
            partij=overheid(overheden, w.ding) if w.onderdeel == "partij" else None,
            verplichting=w.ding if w.onderdeel == "verplichting" else None,
            van=_json(w.van), naar=_json(w.naar),
            reden=VerschilReden(w.reden) if w.reden else None,
            gebeurtenissen=[gebeurtenis(rijen[x]) for x in w.versies if x in rijen])

    return Verschil(afspraak_id=strawberry.ID(afspraak_id), van=GebruiktPeilmoment.van(van),
                    naar=GebruiktPeilmoment.van(naar), bestaat_van=v.bestaat_van,
                    bestaat_naar=v.bestaat_naar,
                    wijzigingen=[wijziging(w) for w in v.wijzigingen])


def peilen(van: PeilmomentInput | None, naar: PeilmomentInput | None
           ) -> tuple[DomeinPeilmoment, DomeinPeilmoment]:
    return (van or PeilmomentInput()).peil(), (naar or PeilmomentInput()).peil()
