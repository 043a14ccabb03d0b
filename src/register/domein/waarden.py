"""Waardeobjecten van het domein: vage datum, bron, partij, verplichting, bedrag, relatie."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from register.domein.fouten import Fouten

# Een veld dat later aan een opgeslagen waarde is toegevoegd. Zolang het zijn standaardwaarde
# heeft, laat de canonieke vorm (domein/merkle.py) het weg: een gebeurtenis van vóór het veld
# houdt zo dezelfde bladhash, en een nieuwe zonder het veld ook.
LATER_TOEGEVOEGD = {"later_toegevoegd": True}

BEWIJSKRACHT = ("EXPLICIET", "IMPLICIET", "AFGELEID")
PARTIJ_BINDING = ("ONDERTEKENAAR", "STEUNVERKLARING", "BETROKKEN", "GECONSULTEERD")
STANDPUNTEN = ("INGESTEMD", "NIET_INGESTEMD", "VOORWAARDELIJK")
VERPLICHTING_BINDING = ("WETTELIJK", "BESTUURLIJK", "GEVRAAGD", "VOORGESTELD")
BEDRAG_SOORTEN = ("EXACT", "MAXIMUM", "MINIMUM", "INDICATIEF")
RELATIE_SOORTEN = ("VERVANGT", "ONDERDEEL_VAN", "UITWERKING_VAN", "INSTANTIE_VAN",
                   "VOORWAARDE_VOOR", "FINANCIERT", "HANGT_SAMEN_MET")
AFHECHTING_WIJZEN = ("NAGEKOMEN", "VERVALLEN", "VERVANGEN", "INGETROKKEN", "STOPGEZET")
AFHECHTING_UITKOMSTEN = ("VOORTGEZET", "BEEINDIGD", "VERVANGEN", "OPEN")
DATUM_PRECISIES = ("DAG", "MAAND", "JAAR", "ONBEKEND")
# De aard van een gebeurtenis: de soorten uit de scenario's en de woordenlijst (wat een bron
# meldt: gepland, open vraag, uitgesteld, …), plus die van de gebeurtenissen van het register
# zelf. Een voortgangsrapport noemt er één; de andere gebeurtenissen hebben de hunne vast.
GEBEURTENIS_AARDEN = (
    "VASTGELEGD", "GEPLAND", "VOORTGANG", "AANGEKONDIGD", "ONDERTEKEND", "VOORTGEZET",
    "OPEN_VRAAG", "OPGELEVERD", "GEWIJZIGD", "INGESTEMD", "VOORWAARDELIJK_INGESTEMD",
    "NIET_OVEREENGEKOMEN", "AANGEBODEN", "IN_WERKING", "STOPGEZET", "VERVANGEN", "UITGEKEERD",
    "UITGESTELD", "AFHECHTING_GEVRAAGD", "OPDRACHT_GEVRAAGD", "ONTWERP_GEPUBLICEERD",
    "INGEDIEND", "TOEGETREDEN", "UITGETREDEN", "GEEVALUEERD", "HERZIENING_GEVRAAGD", "VERLENGD",
    "VERPLICHTING_VASTGELEGD", "VERPLICHTING_GEWIJZIGD", "NAGEKOMEN", "VERVALLEN", "ONBESLIST",
    "TEGENSTRIJDIGHEID", "BEGIN_VASTGESTELD",
    "OPGESCHORT", "HERVAT", "AFGEHECHT", "GERECTIFICEERD",
    "OVERIG",  # een opgeslagen aard van vóór deze lijst die er niet in voorkomt
)

# Instrumentsoorten en of ze binden; een soort die met een van deze woorden begint erft dat.
INSTRUMENTEN: dict[str, bool] = {
    "bestuurlijke afspraak": True, "bestuursakkoord": True, "bestuurlijk akkoord": True,
    "convenant": True, "ruimtelijk arrangement": True, "woondeal": True, "deal": True,
    "regeling": True, "wettelijke verplichting": True, "wettelijke opdracht": True,
    "wettelijk doel": True, "akkoord": True, "cao": True, "concessie": True,
    "financieringsafspraak": True, "interprovinciale afspraak": True,
    "bouwsteen": False, "zienswijze": False, "position paper": False, "verkenning": False,
    "ambtelijke verkenning": False, "handreiking": False, "ruimtelijk voorstel": False,
}

# Een collectief ('provincies', 'overige partijen', ...) staat voor meer overheden waarvan niet
# vaststaat welke: als enige partij is het toch een afspraak tussen overheden.
COLLECTIEF = "urn:afsprakenregister:collectief:"
MAX_TEKST = 20_000
MAX_KORT = 1_000
# Alleen ASCII-cijfers, en het hele woord (fullmatch: '$' liet een slotregelovergang toe).
_VAGE_DATUM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def is_bindend(soort: str) -> bool | None:
    """Of een instrumentsoort bindt; None als de woordenlijst de soort niet kent."""
    s = soort.strip().lower()
    for naam in sorted(INSTRUMENTEN, key=len, reverse=True):
        if s.startswith(naam):
            return INSTRUMENTEN[naam]
    return None


@dataclass(frozen=True)
class VageDatum:
    """Een datum zo precies als de bron hem geeft: '2023', '2023-07' of '2023-07-01'."""

    waarde: str
    precisie: str
    tekst: str | None = None

    @classmethod
    def lees(cls, waarde: str | None, tekst: str | None, veld: str,
             fouten: Fouten) -> VageDatum | None:
        if waarde is None or waarde == "":
            # Onbekend is niet niets: de letterlijke tekst blijft bewaard.
            return cls("", "ONBEKEND", tekst) if tekst else None
        m = _VAGE_DATUM.fullmatch(waarde)
        if not m:
            fouten.voeg_toe(veld, "verwacht JJJJ, JJJJ-MM of JJJJ-MM-DD")
            return None
        jaar, maand, dag = m.groups()
        try:
            date(int(jaar), int(maand or 1), int(dag or 1))
        except ValueError:
            fouten.voeg_toe(veld, f"'{waarde}' is geen bestaande datum")
            return None
        precisie = "DAG" if dag else "MAAND" if maand else "JAAR"
        return cls(waarde, precisie, tekst)


def laatste_dag(waarde: str) -> date | None:
    """De laatste dag die een vage datum nog toelaat: 'uiterlijk 2025' is uiterlijk
    31-12-2025, 'uiterlijk 2025-02' uiterlijk 28-02-2025; None zonder (geldige) waarde."""
    m = _VAGE_DATUM.fullmatch(waarde or "")
    if not m:
        return None
    jaar, maand, dag = (int(d) if d else None for d in m.groups())
    assert jaar is not None
    try:
        if maand is None:
            return date(jaar, 12, 31)
        return date(jaar, maand, dag or calendar.monthrange(jaar, maand)[1])
    except ValueError:
        return None


VERWIJZING_SOORTEN = ("KAMERSTUK", "BESTUURLIJK_OVERLEG", "KENMERK", "URL", "ECLI", "CVDR")
_MAANDEN = {m: i for i, m in enumerate(
    ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"), 1)}
# '34 682, nr. 100', '34682-100', 'kst-34682-100', 'Kamerstukken 2021/22, 32 813 nr. 1046',
# '34 682' (het hele dossier); het vergaderjaar doet niet mee.
_KAMERSTUK = re.compile(
    r"(?:kamerstuk(?:ken)?\s+)?(?:(?:vergaderjaar\s+)?\d{4}\s*[-/]\s*\d{2,4}\s*,?\s*)?"
    r"(?:kst-)?(?P<dossier>\d{2}\s?\d{3})(?:\s*(?:,\s*)?(?:nr\.?|nummer|-)\s*(?P<nummer>\d{1,5}))?",
    re.IGNORECASE)
_BO = re.compile(r"(?:bo|bestuurlijk(?:e)?\s+overleg(?:gen)?)\s+(?P<naam>[\w\s-]+?)\s+"
                 r"(?:van\s+|d\.d\.\s+)?(?:(?P<dag>\d{1,2})[-\s])?(?P<maand>\d{1,2}|[a-z]+)"
                 r"[-\s](?P<jaar>\d{4})", re.IGNORECASE)
_ECLI = re.compile(r"ECLI:[A-Z]{2}:[A-Z0-9.]{1,7}:\d{4}:[A-Z0-9.]{1,25}", re.IGNORECASE)
_CVDR = re.compile(r"CVDR\s?(\d{1,10})", re.IGNORECASE)
_KENMERK = re.compile(r"kenmerk\s*:?\s*(?P<k>\S.{0,80})", re.IGNORECASE)


@dataclass(frozen=True)
class Verwijzing:
    """Een verwijzing in een bron, zo dat elke schrijfwijze hetzelfde vindt: een Kamerstuk
    ('kst-34682-100', of 'kst-34682' voor het dossier), een Bestuurlijk Overleg met datum
    ('bo-mirt-2022-11'), een kenmerk, een URL, een ECLI of een CVDR-nummer. `tekst` is de
    schrijfwijze van de bron."""

    soort: str
    waarde: str
    tekst: str


def lees_verwijzing(tekst: str) -> Verwijzing | None:
    """Herkent een verwijzing in de schrijfwijze van een bron; None als het er geen is."""
    t = " ".join(tekst.split())
    if m := _ECLI.fullmatch(t):
        return Verwijzing("ECLI", m.group(0).upper(), t)
    if m := _CVDR.fullmatch(t):
        return Verwijzing("CVDR", f"CVDR{m.group(1)}", t)
    if re.fullmatch(r"https?://\S+", t):
        return Verwijzing("URL", t, t)
    if m := _KENMERK.fullmatch(t):
        return Verwijzing("KENMERK", m.group("k").strip().lower(), t)
    if m := _KAMERSTUK.fullmatch(t.rstrip(".")):
        dossier = m.group("dossier").replace(" ", "")
        nummer = m.group("nummer")
        return Verwijzing("KAMERSTUK", f"kst-{dossier}" + (f"-{nummer}" if nummer else ""), t)
    if m := _BO.fullmatch(t.rstrip(".")):
        maand = m.group("maand").lower()
        nr = int(maand) if maand.isdigit() else _MAANDEN.get(maand)
        if nr is None or not 1 <= nr <= 12:
            return None
        naam = "-".join(m.group("naam").lower().split())
        dag = f"-{int(m.group('dag')):02d}" if m.group("dag") else ""
        return Verwijzing("BESTUURLIJK_OVERLEG", f"bo-{naam}-{m.group('jaar')}-{nr:02d}{dag}", t)
    return None


def zoekvormen(zoekterm: str) -> tuple[str, ...]:
    """Waarop een zoekterm zoekt: de term zelf (kleine letters) en, als het een verwijzing is,
    haar genormaliseerde vorm ('34682-100' vindt ook 'Kamerstuk 34 682, nr. 100')."""
    vormen = [zoekterm.lower()]
    v = lees_verwijzing(zoekterm)
    if v is not None and v.waarde.lower() not in vormen:
        vormen.append(v.waarde.lower())
    return tuple(vormen)


@dataclass(frozen=True)
class Bron:
    titel: str
    soort: str
    datum: date  # de eerste dag van de periode die datum_precisie noemt
    kenmerk: str | None = None
    url: str | None = None
    citaat: str | None = None
    bewijskracht: str = "EXPLICIET"
    datum_precisie: str = "DAG"
    verwijzingen: tuple[Verwijzing, ...] = field(default=(), metadata=LATER_TOEGEVOEGD)

    @property
    def laatste_dag(self) -> date:
        """De laatste dag van de periode van de documentdatum: een bron van 'december 2022'
        kan tot en met 31-12-2022 voor het eerst bekend zijn geweest."""
        if self.datum_precisie == "JAAR":
            return date(self.datum.year, 12, 31)
        if self.datum_precisie == "MAAND":
            return self.datum.replace(
                day=calendar.monthrange(self.datum.year, self.datum.month)[1])
        return self.datum


@dataclass(frozen=True)
class Hoeveelheid:
    grootheid: str
    waarde: str
    eenheid: str


@dataclass(frozen=True)
class Partij:
    overheid: str
    rol: str
    binding: str = "BETROKKEN"
    naam_in_bron: str | None = None
    namens: tuple[str, ...] = ()
    aantal: int | None = None


@dataclass(frozen=True)
class Verplichting:
    omschrijving: str
    partij: str
    uiterlijk: VageDatum | None = None
    binding: str = "BESTUURLIJK"
    hoeveelheden: tuple[Hoeveelheid, ...] = ()
    id: str | None = None  # alleen bij rectificatie: welke verplichting wordt gecorrigeerd


@dataclass(frozen=True)
class Bedrag:
    """Een eurobedrag. Negatief is een verlaging (een korting, een lagere uitkering); de
    periode zegt waarover het gaat ('per jaar vanaf 2026'); de bron is het document dat dit
    bedrag noemt, met zijn citaat (ontbreekt bij bedragen van vóór dit veld: dan draagt de
    bron van de gebeurtenis het)."""

    omschrijving: str
    bedrag: Decimal
    soort: str = "EXACT"
    periode: str | None = None
    bron: Bron | None = field(default=None, metadata=LATER_TOEGEVOEGD)


@dataclass(frozen=True)
class Relatie:
    soort: str
    naar: str


@dataclass(frozen=True)
class Afhechtingsuitkomst:
    verplichting: str
    uitkomst: str


# Stuurtekens (C0 behalve tab en regelovergangen, DEL, C1) en de tekens die de schrijfrichting
# sturen (Unicode Bidi_Control: LRM, RLM, ALM, embeddings, overrides, isolates): die laatste
# kunnen een tekst op het scherm iets anders laten zeggen dan wat er staat ('Trojan Source'),
# en geen bron van het register heeft ze nodig. Tekst met een van deze tekens wordt geweigerd.
_STUURTEKENS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_RICHTINGTEKENS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def lees_aard(waarde: str | None) -> str | None:
    """'open vraag', 'geëvalueerd', 'Gepland' -> OPEN_VRAAG, GEEVALUEERD, GEPLAND; None als het
    geen aard uit de lijst is."""
    if waarde is None:
        return None
    zonder = unicodedata.normalize("NFKD", waarde).encode("ascii", "ignore").decode()
    w = re.sub(r"[\s\-]+", "_", zonder.strip()).upper()
    return w if w in GEBEURTENIS_AARDEN and w != "OVERIG" else None


def tekst(waarde: str | None, veld: str, fouten: Fouten, *, verplicht: bool = True,
          maximum: int = MAX_KORT) -> str | None:
    """Controleert een tekstveld: verplicht niet leeg, niet te lang, geen stuur- of
    richtingtekens."""
    if waarde is None or not waarde.strip():
        if verplicht:
            fouten.voeg_toe(veld, "mag niet leeg zijn")
        return None
    if len(waarde) > maximum:
        fouten.voeg_toe(veld, f"is langer dan {maximum} tekens")
    elif _STUURTEKENS.search(waarde):
        fouten.voeg_toe(veld, "bevat stuurtekens")
    elif _RICHTINGTEKENS.search(waarde):
        fouten.voeg_toe(veld, "bevat tekens die de schrijfrichting sturen (U+200E, U+202A–U+202E, "
                        "U+2066–U+2069 en dergelijke)")
    return waarde.strip()


def keuze(waarde: str | None, toegestaan: tuple[str, ...], veld: str, fouten: Fouten,
          standaard: str | None = None) -> str:
    """Controleert een waarde uit een vaste lijst (hoofdletterongevoelig)."""
    if waarde is None or waarde == "":
        if standaard is None:
            fouten.voeg_toe(veld, "is verplicht; kies uit " + ", ".join(toegestaan))
            return ""
        return standaard
    w = waarde.strip().upper()
    if w not in toegestaan:
        fouten.voeg_toe(veld, f"'{waarde}' is onbekend; kies uit " + ", ".join(toegestaan))
    return w


_BEDRAG = re.compile(r"^-?\d{1,15}(\.\d{1,2})?$")
# Een hoeveelheid: eindig, hoogstens 15 cijfers voor en 6 na de komma (punt of komma), zonder
# exponent; geen NaN, geen oneindig, geen getal van 100.000 cijfers.
_HOEVEELHEID = re.compile(r"-?[0-9]{1,15}(?:[.,][0-9]{1,6})?")


def lees_hoeveelheid(waarde: str, veld: str, fouten: Fouten) -> str:
    w = waarde.strip()
    if not _HOEVEELHEID.fullmatch(w):
        fouten.voeg_toe(veld, f"'{waarde[:40]}' is geen getal; schrijf hoogstens 15 cijfers, "
                        "eventueel met tot 6 decimalen na een punt of komma, bijvoorbeeld 80000 "
                        "of 3,5")
    return w


def lees_bedrag(waarde: str, veld: str, fouten: Fouten) -> Decimal:
    """Een eurobedrag als exact decimaal getal: '24300000000' of '1250000.50', niet '1.5e6'."""
    w = waarde.strip()
    if not _BEDRAG.match(w):
        fouten.voeg_toe(veld, f"'{waarde}' is geen bedrag; schrijf cijfers met hoogstens twee "
                        "decimalen na een punt, bijvoorbeeld 1250000.50")
        return Decimal(0)
    return Decimal(w).quantize(Decimal("0.01"))
