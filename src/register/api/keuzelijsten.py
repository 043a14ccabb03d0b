"""De gesloten woordenlijsten van het domein als GraphQL-enums, voor wat het register antwoordt.

Elke enum komt uit de lijst van het domein (domein/waarden.py, domein/overheden.py) en heeft
dezelfde namen als waarden: een antwoord bevat precies dezelfde tekst als toen het veld nog een
String was ('ONDERTEKENAAR'), maar een getypeerde client kent nu de mogelijke waarden.

Invoer blijft String: het domein leest die hoofdletterongevoelig ('ondertekenaar') en een
GraphQL-enum zou een letterlijke "ONDERTEKENAAR" (met aanhalingstekens) weigeren. Een waarde die
het domein niet kent, weigert het met een veldfout (Ongeldig)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

import strawberry

from register.domein.overheden import SOORTEN as OVERHEID_SOORTEN
from register.domein.waarden import (
    AFHECHTING_UITKOMSTEN, AFHECHTING_WIJZEN, BEDRAG_SOORTEN, BEWIJSKRACHT, DATUM_PRECISIES,
    GEBEURTENIS_AARDEN, PARTIJ_BINDING, RELATIE_SOORTEN, STANDPUNTEN, VERPLICHTING_BINDING,
    VERWIJZING_SOORTEN,
)


def keuzelijst(naam: str, waarden: Sequence[str], beschrijving: str) -> Any:
    """Een enum met `waarden` als namen én waarden; de lijst blijft zo die van het domein.
    `Any`: de leden bestaan pas tijdens het draaien, en zo kan de naam een veld typeren."""
    # mypy kent Enum() alleen met een letterlijke naam en letterlijke leden
    soort: type[Enum] = Enum(naam, [(w, w) for w in waarden])  # type: ignore[misc]
    return strawberry.enum(soort, description=beschrijving)


PartijBinding = keuzelijst(
    "PartijBinding", PARTIJ_BINDING, "Hoe een partij aan de afspraak gebonden is: "
    "ONDERTEKENAAR, STEUNVERKLARING (committeert zich zonder zich op een concrete afspraak "
    "vast te leggen), BETROKKEN of GECONSULTEERD (zonder rol in het besluit).")
Standpunt = keuzelijst(
    "Standpunt", STANDPUNTEN, "Wat een partij vond: INGESTEMD, NIET_INGESTEMD of "
    "VOORWAARDELIJK (ingestemd onder voorwaarden; zie Partij.voorwaarden).")
VerplichtingBinding = keuzelijst(
    "VerplichtingBinding", VERPLICHTING_BINDING, "Hoe hard een verplichting is: WETTELIJK en "
    "BESTUURLIJK verplichten; GEVRAAGD en VOORGESTELD zijn een uitnodiging of advies.")
Bewijskracht = keuzelijst(
    "Bewijskracht", BEWIJSKRACHT, "Hoe stellig de bron het zegt: EXPLICIET (staat er letterlijk), "
    "IMPLICIET (blijkt er alleen terloops uit) of AFGELEID (afgeleid, bijvoorbeeld een datum "
    "uit een verwijzing).")
DatumPrecisie = keuzelijst(
    "DatumPrecisie", DATUM_PRECISIES, "Hoe precies een datum is zoals de bron hem geeft: DAG, "
    "MAAND, JAAR, of ONBEKEND (alleen een omschrijving, zoals 'na de zomer').")
BedragSoort = keuzelijst(
    "BedragSoort", BEDRAG_SOORTEN, "Wat een bedrag zegt: EXACT, MAXIMUM, MINIMUM of "
    "INDICATIEF.")
RelatieSoort = keuzelijst(
    "RelatieSoort", RELATIE_SOORTEN, "Hoe een afspraak met een andere samenhangt (vanuit de "
    "afspraak die de relatie vastlegt).")
OverheidSoort = keuzelijst(
    "OverheidSoort", OVERHEID_SOORTEN, "De soort overheidsorganisatie. Als invoer (overheden"
    "(soort), VerplichtingFilter.partijSoort) blijft dit een String met dezelfde waarden.")
AfhechtingWijze = keuzelijst(
    "AfhechtingWijze", AFHECHTING_WIJZEN, "Hoe een afspraak is afgehecht.")
GebeurtenisAard = keuzelijst(
    "GebeurtenisAard", GEBEURTENIS_AARDEN,
    "Wat voor gebeurtenis het is, zoals de bron het meldt: de soorten uit de bronnen en de "
    "woordenlijst (GEPLAND, OPEN_VRAAG, UITGESTELD, VOORTGEZET, …) en die van het "
    "register zelf (VASTGELEGD, GERECTIFICEERD, AFGEHECHT, …). OVERIG: een vrije tekst van "
    "vóór deze lijst.")
AfhechtingUitkomst = keuzelijst(
    "AfhechtingUitkomst", AFHECHTING_UITKOMSTEN, "Wat er bij het afhechten met een "
    "verplichting gebeurde: VOORTGEZET, BEEINDIGD, VERVANGEN of OPEN.")
VerwijzingSoort = keuzelijst(
    "VerwijzingSoort", VERWIJZING_SOORTEN, "Waarnaar een bron verwijst: een KAMERSTUK, een "
    "BESTUURLIJK_OVERLEG, een KENMERK, een URL, een ECLI of een CVDR-nummer.")


def of_niets(soort: Any, waarde: str | None) -> Any:
    """De enumwaarde, of None bij geen waarde."""
    return None if waarde is None else soort(waarde)
