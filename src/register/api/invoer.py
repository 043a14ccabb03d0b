"""De GraphQL-invoertypen van ontwerp §5; elk invoertype van een mutatie zet zichzelf in één
stap om naar zijn domeincommando (`commando()`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from register.domein import commandos as c
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
    verwijzingen: list[str] | None = strawberry.field(default=None, description=(
        "Verwijzingen in deze bron, zoals zij ze schrijft: 'Kamerstuk 34 682, nr. 100', "
        "'BO MIRT november 2022', 'kenmerk 2022-0000668914', 'ECLI:NL:RVS:2019:1603', "
        "'CVDR123456' of een URL. Het register herkent en normaliseert ze, zodat elke "
        "schrijfwijze hetzelfde vindt; een onherkenbare verwijzing wordt geweigerd."))

    def invoer(self) -> d.BronInvoer:
        return d.BronInvoer(self.titel, self.soort, self.datum, self.kenmerk, self.url,
                            self.citaat, self.bewijskracht, self.datum_precisie,
                            tuple(self.verwijzingen or ()))


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

    def invoer(self) -> d.PartijInvoer:
        return d.PartijInvoer(str(self.overheid), self.rol, self.binding, self.naam_in_bron,
                              tuple(str(n) for n in self.namens or ()), self.aantal)


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

    def invoer(self) -> d.VerplichtingInvoer:
        return d.VerplichtingInvoer(
            self.omschrijving, str(self.partij), self.uiterlijk, self.uiterlijk_tekst,
            self.binding, tuple(d.HoeveelheidInvoer(h.grootheid, h.waarde, h.eenheid)
                                for h in self.hoeveelheden or ()),
            str(self.id) if self.id is not None else None)


@strawberry.input
class BedragInput:
    omschrijving: str
    bedrag: str
    soort: str | None = None
    periode: str | None = strawberry.field(default=None, description=(
        "Waarover het bedrag gaat, zoals de bron het zegt: 'per jaar vanaf 2026', '2021–2030'."))
    bron: BronInput | None = strawberry.field(default=None, description=(
        "Het document dat dit bedrag noemt, met zijn citaat (als het een ander is dan de bron "
        "van de gebeurtenis, of om het citaat van het bedrag zelf te bewaren)."))

    def invoer(self) -> d.BedragInvoer:
        return d.BedragInvoer(self.omschrijving, self.bedrag, self.soort, self.periode,
                              None if self.bron is None else self.bron.invoer())


@strawberry.input
class RelatieInput:
    soort: str
    naar: strawberry.ID

    def invoer(self) -> d.RelatieInvoer:
        return d.RelatieInvoer(self.soort, str(self.naar))


@strawberry.input
class AfhechtingsuitkomstInput:
    verplichting: strawberry.ID
    uitkomst: str


@strawberry.input(description="Wat elke schrijfactie meedraagt: bronnen, toelichting, tijdassen.")
class Verantwoord:
    bronnen: list[BronInput]
    toelichting: str | None = strawberry.field(default=None, description=(
        "Waarom het register dit vastlegt; verplicht behalve bij afspraakVastleggen en "
        "voortgangRapporteren (daar zegt het verslag het)."))
    geldig_vanaf: date | None = None
    geldig_tot: date | None = None
    juridisch_werkend_vanaf: date | None = None
    bekend_op: date | None = None
    datum_precisie: str | None = None
    datum_tekst: str | None = None

    def verantwoording(self) -> d.Verantwoording:
        return d.Verantwoording(
            bronnen=tuple(b.invoer() for b in self.bronnen),
            toelichting=self.toelichting,
            tijd=d.TijdInvoer(self.geldig_vanaf, self.geldig_tot, self.juridisch_werkend_vanaf,
                              self.bekend_op, self.datum_precisie, self.datum_tekst))


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

    def commando(self) -> c.Vastleggen:
        return c.Vastleggen(
            verantwoording=self.verantwoording(), titel=self.titel, soort=self.soort,
            inhoud=self.inhoud, programma=self.programma, gebieden=tuple(self.gebieden or ()),
            partijen=_lijst(self.partijen) or (), verplichtingen=_lijst(self.verplichtingen) or (),
            bedragen=_lijst(self.bedragen) or (), relaties=_lijst(self.relaties) or (),
            in_voorbereiding=bool(self.in_voorbereiding), vertrouwelijk=bool(self.vertrouwelijk))


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

    def commando(self) -> c.Wijzigen:
        return c.Wijzigen(
            verantwoording=self.verantwoording(), titel=self.titel, inhoud=self.inhoud,
            programma=self.programma, partijen=_lijst(self.partijen),
            bedragen=_lijst(self.bedragen), relaties=_lijst(self.relaties))


@strawberry.input
class AfspraakRectificerenInput(Wijziging):
    rectificeert: int
    titel: str | None = None
    inhoud: str | None = None
    programma: str | None = None
    partijen: list[PartijInput] | None = None
    bedragen: list[BedragInput] | None = None
    verplichtingen: list[VerplichtingInput] | None = None

    def commando(self) -> c.Rectificeren:
        return c.Rectificeren(
            verantwoording=self.verantwoording(), rectificeert=self.rectificeert,
            titel=self.titel, inhoud=self.inhoud, programma=self.programma,
            partijen=_lijst(self.partijen), bedragen=_lijst(self.bedragen),
            verplichtingen=_lijst(self.verplichtingen))


@strawberry.input
class AfspraakAfhechtenInput(Wijziging):
    wijze: str
    vervangen_door: strawberry.ID | None = None
    verplichtingen: list[AfhechtingsuitkomstInput] | None = None

    def commando(self) -> c.Afhechten:
        return c.Afhechten(
            verantwoording=self.verantwoording(), wijze=self.wijze,
            vervangen_door=str(self.vervangen_door) if self.vervangen_door else None,
            uitkomsten=tuple((str(u.verplichting), u.uitkomst)
                             for u in self.verplichtingen or ()))


@strawberry.input
class PartijToetredenInput(Wijziging):
    partij: PartijInput

    def commando(self) -> c.PartijLatenToetreden:
        return c.PartijLatenToetreden(verantwoording=self.verantwoording(),
                                      partij=self.partij.invoer())


@strawberry.input
class PartijUittredenInput(Wijziging):
    overheid: strawberry.ID

    def commando(self) -> c.PartijLatenUittreden:
        return c.PartijLatenUittreden(verantwoording=self.verantwoording(),
                                      overheid=str(self.overheid))


@strawberry.input
class AfspraakOndertekenenInput(Wijziging):
    overheid: strawberry.ID
    ondertekend_op: date

    def commando(self) -> c.Ondertekenen:
        return c.Ondertekenen(verantwoording=self.verantwoording(), overheid=str(self.overheid),
                              ondertekend_op=self.ondertekend_op)


@strawberry.input
class StandpuntInnemenInput(Wijziging):
    overheid: strawberry.ID
    standpunt: str
    voorwaarden: str | None = None

    def commando(self) -> c.StandpuntInnemen:
        return c.StandpuntInnemen(verantwoording=self.verantwoording(),
                                  overheid=str(self.overheid), standpunt=self.standpunt,
                                  voorwaarden=self.voorwaarden)


@strawberry.input
class VerplichtingVastleggenInput(Wijziging):
    verplichting: VerplichtingInput

    def commando(self) -> c.VerplichtingVastleggen:
        return c.VerplichtingVastleggen(verantwoording=self.verantwoording(),
                                        verplichting=self.verplichting.invoer())


@strawberry.input
class VerplichtingWijzigenInput(Wijziging):
    verplichting: strawberry.ID
    omschrijving: str | None = None
    partij: strawberry.ID | None = None
    uiterlijk: str | None = None
    uiterlijk_tekst: str | None = None
    binding: str | None = None

    def commando(self) -> c.VerplichtingWijzigen:
        return c.VerplichtingWijzigen(
            verantwoording=self.verantwoording(), verplichting=str(self.verplichting),
            omschrijving=self.omschrijving, partij=str(self.partij) if self.partij else None,
            uiterlijk=self.uiterlijk, uiterlijk_tekst=self.uiterlijk_tekst, binding=self.binding)


@strawberry.input
class VerplichtingBetreffendInput(Wijziging):
    verplichting: strawberry.ID

    def commando(self, soort: type[c.VerplichtingStatusCommando]
                 ) -> c.VerplichtingStatusCommando:
        """Nakomen, laten vervallen of onbeslist verklaren: dezelfde invoer."""
        return soort(verantwoording=self.verantwoording(), verplichting=str(self.verplichting))


@strawberry.input
class VoortgangRapporterenInput(Wijziging):
    verslag: str
    aard: str | None = strawberry.field(
        default=None, description="Wat de bron meldt, een waarde van GebeurtenisAard "
        "(hoofdletterongevoelig, 'open vraag' en 'geëvalueerd' mogen ook): GEPLAND, "
        "OPEN_VRAAG, UITGESTELD, VOORTGEZET, …; zonder aard: VOORTGANG.")

    def commando(self) -> c.VoortgangRapporteren:
        return c.VoortgangRapporteren(verantwoording=self.verantwoording(), verslag=self.verslag,
                                      aard=self.aard)


@strawberry.input(description=(
    "Bronnen of gebeurtenissen spreken elkaar tegen. Het register bewaart elke kant en verzoent "
    "niets. Noem in `bronnen` de bron van elke kant met haar citaat (ten minste twee; twee "
    "plaatsen in hetzelfde document mag) en zeg in `toelichting` wat er botst."))
class TegenstrijdigheidVastleggenInput(Wijziging):
    betreft: str = strawberry.field(description=(
        "Waarover: 'datum van de afspraak', 'omvang van het fonds', 'termijn van v2'."))
    gebeurtenissen: list[int] | None = strawberry.field(default=None, description=(
        "De versies van de gebeurtenissen die de tegenstrijdige uitspraken vastlegden."))
    verplichting: strawberry.ID | None = strawberry.field(default=None, description=(
        "De verplichting waarover het gaat, als het over één verplichting gaat."))

    def commando(self) -> c.TegenstrijdigheidVastleggen:
        return c.TegenstrijdigheidVastleggen(
            verantwoording=self.verantwoording(), betreft=self.betreft,
            gebeurtenissen=tuple(self.gebeurtenissen or ()),
            verplichting=None if self.verplichting is None else str(self.verplichting))


@strawberry.input(description=(
    "Een latere bron meldt dat de afspraak eerder begon dan het register wist. Zet het begin "
    "in `juridischWerkendVanaf` (en `geldigVanaf` als de inhoud al eerder gold); het moet vóór "
    "het begin liggen dat het register al kent. Vanaf `bekendOp` van deze bron bestaat de "
    "afspraak vanaf dat begin; daarvóór blijft het register zeggen wat het toen wist."))
class BeginVaststellenInput(Wijziging):
    partijen: list[PartijInput] | None = strawberry.field(default=None, description=(
        "Wie de bron bij het begin als partij noemt (elk moet toen bestaan hebben). Leeg als "
        "de bron niemand noemt: dan noemt het register voor die periode ook niemand."))

    def commando(self) -> c.BeginVaststellen:
        return c.BeginVaststellen(verantwoording=self.verantwoording(),
                                  partijen=_lijst(self.partijen) or ())


@strawberry.input
class StatusWijzigenInput(Wijziging):
    pass


def _lijst(invoer: list[Any] | None) -> tuple[Any, ...] | None:
    """Een lijst invoertypen als domeinwaarden; None blijft None (het veld blijft)."""
    return None if invoer is None else tuple(i.invoer() for i in invoer)
