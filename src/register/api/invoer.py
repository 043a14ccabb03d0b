"""De GraphQL-invoertypen van ontwerp §5 en hun vertaling naar domeincommando's."""

from __future__ import annotations

from datetime import date

import strawberry

from register.domein import invoer as d


@strawberry.input
class BronInput:
    titel: str
    soort: str
    datum: date
    kenmerk: str | None = None
    url: str | None = None
    citaat: str | None = None
    bewijskracht: str | None = strawberry.field(
        default=None, description="EXPLICIET (standaard), IMPLICIET of AFGELEID")
    datum_precisie: str | None = strawberry.field(
        default=None, description="Precisie van de documentdatum: DAG (standaard), MAAND, JAAR")


@strawberry.input
class PartijInput:
    overheid: strawberry.ID
    rol: str
    binding: str | None = strawberry.field(
        default=None, description="ONDERTEKENAAR, STEUNVERKLARING, BETROKKEN (standaard), "
        "GECONSULTEERD")
    naam_in_bron: str | None = None
    namens: list[strawberry.ID] | None = None
    aantal: int | None = None


@strawberry.input
class HoeveelheidInput:
    grootheid: str
    waarde: str
    eenheid: str


@strawberry.input
class VerplichtingInput:
    omschrijving: str
    partij: strawberry.ID
    uiterlijk: str | None = strawberry.field(default=None, description="JJJJ, JJJJ-MM of "
                                             "JJJJ-MM-DD")
    uiterlijk_tekst: str | None = None
    binding: str | None = strawberry.field(
        default=None, description="WETTELIJK, BESTUURLIJK (standaard), GEVRAAGD, VOORGESTELD")
    hoeveelheden: list[HoeveelheidInput] | None = None
    id: strawberry.ID | None = strawberry.field(
        default=None, description="Alleen bij rectificatie: welke verplichting wordt "
        "gecorrigeerd. Zonder id koppelt het register op omschrijving en partij, dan op volgorde.")


@strawberry.input
class BedragInput:
    omschrijving: str
    bedrag: str
    soort: str | None = None
    periode: str | None = None


@strawberry.input
class RelatieInput:
    soort: str
    naar: strawberry.ID


@strawberry.input
class AfhechtingsuitkomstInput:
    verplichting: strawberry.ID
    uitkomst: str


@strawberry.input(description="Wat elke schrijfactie meedraagt: bronnen, toelichting, tijdassen.")
class Verantwoord:
    bronnen: list[BronInput]
    toelichting: str | None = None
    geldig_vanaf: date | None = None
    geldig_tot: date | None = None
    juridisch_werkend_vanaf: date | None = None
    bekend_op: date | None = None
    datum_precisie: str | None = None
    datum_tekst: str | None = None


@strawberry.input
class AfspraakVastleggenInput(Verantwoord):
    titel: str
    soort: str
    inhoud: str
    partijen: list[PartijInput]
    programma: str | None = None
    gebieden: list[str] | None = None
    verplichtingen: list[VerplichtingInput] | None = None
    bedragen: list[BedragInput] | None = None
    relaties: list[RelatieInput] | None = None
    in_voorbereiding: bool | None = None
    vertrouwelijk: bool | None = None


@strawberry.input
class Wijziging(Verantwoord):
    id: strawberry.ID
    verwachte_versie: int


@strawberry.input
class AfspraakWijzigenInput(Wijziging):
    titel: str | None = None
    inhoud: str | None = None
    programma: str | None = None
    partijen: list[PartijInput] | None = None
    bedragen: list[BedragInput] | None = None
    relaties: list[RelatieInput] | None = None


@strawberry.input
class AfspraakRectificerenInput(Wijziging):
    rectificeert: int
    titel: str | None = None
    inhoud: str | None = None
    programma: str | None = None
    partijen: list[PartijInput] | None = None
    bedragen: list[BedragInput] | None = None
    verplichtingen: list[VerplichtingInput] | None = None


@strawberry.input
class AfspraakAfhechtenInput(Wijziging):
    wijze: str
    vervangen_door: strawberry.ID | None = None
    verplichtingen: list[AfhechtingsuitkomstInput] | None = None


@strawberry.input
class PartijToetredenInput(Wijziging):
    partij: PartijInput


@strawberry.input
class PartijUittredenInput(Wijziging):
    overheid: strawberry.ID


@strawberry.input
class AfspraakOndertekenenInput(Wijziging):
    overheid: strawberry.ID
    ondertekend_op: date


@strawberry.input
class StandpuntInnemenInput(Wijziging):
    overheid: strawberry.ID
    standpunt: str
    voorwaarden: str | None = None


@strawberry.input
class VerplichtingVastleggenInput(Wijziging):
    verplichting: VerplichtingInput


@strawberry.input
class VerplichtingWijzigenInput(Wijziging):
    verplichting: strawberry.ID
    omschrijving: str | None = None
    partij: strawberry.ID | None = None
    uiterlijk: str | None = None
    uiterlijk_tekst: str | None = None
    binding: str | None = None


@strawberry.input
class VerplichtingBetreffendInput(Wijziging):
    verplichting: strawberry.ID


@strawberry.input
class VoortgangRapporterenInput(Wijziging):
    verslag: str
    aard: str | None = None


@strawberry.input
class StatusWijzigenInput(Wijziging):
    pass


# -- vertaling naar het domein --------------------------------------------------------------


def verantwoording(i: Verantwoord) -> d.Verantwoording:
    return d.Verantwoording(
        bronnen=tuple(d.BronInvoer(b.titel, b.soort, b.datum, b.kenmerk, b.url, b.citaat,
                                   b.bewijskracht, b.datum_precisie) for b in i.bronnen),
        toelichting=i.toelichting,
        tijd=d.TijdInvoer(i.geldig_vanaf, i.geldig_tot, i.juridisch_werkend_vanaf, i.bekend_op,
                          i.datum_precisie, i.datum_tekst))


def partij(p: PartijInput) -> d.PartijInvoer:
    return d.PartijInvoer(str(p.overheid), p.rol, p.binding, p.naam_in_bron,
                          tuple(str(n) for n in p.namens or ()), p.aantal)


def partijen(ps: list[PartijInput] | None) -> tuple[d.PartijInvoer, ...] | None:
    return None if ps is None else tuple(partij(p) for p in ps)


def verplichting(v: VerplichtingInput) -> d.VerplichtingInvoer:
    return d.VerplichtingInvoer(
        v.omschrijving, str(v.partij), v.uiterlijk, v.uiterlijk_tekst, v.binding,
        tuple(d.HoeveelheidInvoer(h.grootheid, h.waarde, h.eenheid)
              for h in v.hoeveelheden or ()), str(v.id) if v.id is not None else None)


def verplichtingen(vs: list[VerplichtingInput] | None) -> tuple[d.VerplichtingInvoer, ...] | None:
    return None if vs is None else tuple(verplichting(v) for v in vs)


def bedragen(bs: list[BedragInput] | None) -> tuple[d.BedragInvoer, ...] | None:
    return None if bs is None else tuple(
        d.BedragInvoer(b.omschrijving, b.bedrag, b.soort, b.periode) for b in bs)


def relaties(rs: list[RelatieInput] | None) -> tuple[d.RelatieInvoer, ...] | None:
    return None if rs is None else tuple(d.RelatieInvoer(r.soort, str(r.naar)) for r in rs)
