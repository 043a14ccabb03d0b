"""De commando's op een afspraak, als bevroren waarden: wat een schrijver vraagt, nog niet
gecontroleerd. Elke schrijfactie (GraphQL, de demo, de metingen, de tests) maakt er één en geeft
het aan `Register.voer_uit`; het aggregaat controleert het en legt de gebeurtenis vast."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from register.domein.invoer import (
    BedragInvoer, PartijInvoer, RelatieInvoer, Verantwoording, VerplichtingInvoer,
)


@dataclass(frozen=True, kw_only=True)
class Commando:
    """Wat elk commando meedraagt: bronnen, toelichting en tijdassen."""

    verantwoording: Verantwoording


@dataclass(frozen=True, kw_only=True)
class Vastleggen(Commando):
    titel: str
    soort: str
    inhoud: str
    partijen: Sequence[PartijInvoer]
    programma: str | None = None
    gebieden: Sequence[str] = ()
    verplichtingen: Sequence[VerplichtingInvoer] = ()
    bedragen: Sequence[BedragInvoer] = ()
    relaties: Sequence[RelatieInvoer] = ()
    in_voorbereiding: bool = False
    vertrouwelijk: bool = False
    id: UUID | None = None  # alleen voor wie het id zelf kiest (metingen, herhaalbare laders)


@dataclass(frozen=True, kw_only=True)
class _Inhoud(Commando):
    """De inhoud die een wijziging en een rectificatie allebei kunnen zetten; None: het veld
    blijft."""

    titel: str | None = None
    inhoud: str | None = None
    programma: str | None = None
    partijen: Sequence[PartijInvoer] | None = None
    bedragen: Sequence[BedragInvoer] | None = None


@dataclass(frozen=True, kw_only=True)
class Wijzigen(_Inhoud):
    """Een nieuw besluit."""

    relaties: Sequence[RelatieInvoer] | None = None


@dataclass(frozen=True, kw_only=True)
class Rectificeren(_Inhoud):
    """Corrigeert gebeurtenis `rectificeert`, zonder nieuw besluit."""

    rectificeert: int
    verplichtingen: Sequence[VerplichtingInvoer] | None = None


@dataclass(frozen=True, kw_only=True)
class PartijLatenToetreden(Commando):
    partij: PartijInvoer


@dataclass(frozen=True, kw_only=True)
class PartijLatenUittreden(Commando):
    overheid: str


@dataclass(frozen=True, kw_only=True)
class Ondertekenen(Commando):
    overheid: str
    ondertekend_op: date


@dataclass(frozen=True, kw_only=True)
class StandpuntInnemen(Commando):
    overheid: str
    standpunt: str
    voorwaarden: str | None = None


@dataclass(frozen=True, kw_only=True)
class VerplichtingVastleggen(Commando):
    verplichting: VerplichtingInvoer


@dataclass(frozen=True, kw_only=True)
class VerplichtingWijzigen(Commando):
    verplichting: str
    omschrijving: str | None = None
    partij: str | None = None
    uiterlijk: str | None = None
    uiterlijk_tekst: str | None = None
    binding: str | None = None


@dataclass(frozen=True, kw_only=True)
class VerplichtingStatusCommando(Commando):
    """Een commando dat alleen de status van één verplichting zet."""

    verplichting: str


@dataclass(frozen=True, kw_only=True)
class VerplichtingNakomen(VerplichtingStatusCommando):
    pass


@dataclass(frozen=True, kw_only=True)
class VerplichtingLatenVervallen(VerplichtingStatusCommando):
    pass


@dataclass(frozen=True, kw_only=True)
class VerplichtingOnbeslistVerklaren(VerplichtingStatusCommando):
    """De bronnen laten open of de verplichting is nagekomen: niet OPEN (er loopt nog een
    termijn) en niet NAGEKOMEN, maar ONBESLIST, met de bron die dat zegt."""


@dataclass(frozen=True, kw_only=True)
class TegenstrijdigheidVastleggen(Commando):
    """Bronnen of gebeurtenissen spreken elkaar tegen. Het register bewaart elke kant en
    verzoent niets: `betreft` zegt waarover (de datum van de afspraak, een bedrag, de termijn
    van een verplichting), de bronnen zijn die van elke kant met hun citaat, `gebeurtenissen`
    de versies die de tegenstrijdige uitspraken vastlegden."""

    betreft: str
    gebeurtenissen: Sequence[int] = ()
    verplichting: str | None = None


@dataclass(frozen=True, kw_only=True)
class BeginVaststellen(Commando):
    """Een latere bron meldt dat de afspraak eerder begon dan het register wist (de eerste bron
    die haar noemde, zei niet sinds wanneer). Het begin staat in de tijdassen:
    `juridischWerkendVanaf` (wanneer zij tot stand kwam) en zo nodig `geldigVanaf`. `partijen`:
    wie de bron bij dat begin noemt; leeg als zij niemand noemt (dan claimt het register voor
    die periode ook niemand)."""

    partijen: Sequence[PartijInvoer] = ()


@dataclass(frozen=True, kw_only=True)
class VoortgangRapporteren(Commando):
    verslag: str
    aard: str | None = None


@dataclass(frozen=True, kw_only=True)
class InWerkingStellen(Commando):
    pass


@dataclass(frozen=True, kw_only=True)
class Opschorten(Commando):
    pass


@dataclass(frozen=True, kw_only=True)
class Hervatten(Commando):
    pass


@dataclass(frozen=True, kw_only=True)
class Stopzetten(Commando):
    """Gestopt of afgeschaft, zonder (nog) af te hechten."""


@dataclass(frozen=True, kw_only=True)
class Afhechten(Commando):
    wijze: str
    vervangen_door: str | None = None
    uitkomsten: Sequence[tuple[str, str]] = ()  # (verplichting, uitkomst)
