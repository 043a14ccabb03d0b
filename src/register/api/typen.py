"""De GraphQL-uitvoertypen van ontwerp §5; velden lezen uit de toestand op het peilmoment."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, date, datetime
from enum import Enum
from collections.abc import Mapping, Sequence
from typing import Any

import strawberry

from register.api import getypeerd
from register.api.citaat import Bewijsbundel, Citaat, bewijsbundel, citaat_waarde
from register.api.context import Info
from register.api.integriteit import blad_hash
from register.api.keuzelijsten import (
    AfhechtingUitkomst, AfhechtingWijze, BedragSoort, Bewijskracht, DatumPrecisie,
    GebeurtenisAard, OverheidSoort, PartijBinding, RelatieSoort, Standpunt, VerplichtingBinding,
    VerwijzingSoort, of_niets,
)
from register.domein.overheden import Overheden
from register.domein.overheden import Overheid as OverheidWaarde
from register.domein.tijdreizen import PartijToestand, Peilmoment, VerplichtingToestand
from register.domein.waarden import is_bindend
from register.projecties.afspraken import AfspraakOp
from register.projecties.gebeurtenissen import rij_naar_feit


@strawberry.enum(description="De afgeleide status van een afspraak op het peilmoment.")
class AfspraakStatus(Enum):
    IN_VOORBEREIDING = "IN_VOORBEREIDING"
    VOORGESTELD = strawberry.enum_value(
        "VOORGESTELD", description="Een voorstel (bouwsteen, zienswijze, position paper, "
        "verkenning): bindt niet en is dus niet van kracht.")
    VAN_KRACHT = "VAN_KRACHT"
    OPGESCHORT = strawberry.enum_value("OPGESCHORT", description="Tijdelijk niet van kracht.")
    STOPGEZET = strawberry.enum_value(
        "STOPGEZET", description="Gestopt of afgeschaft, nog niet afgehecht: wat open was, "
        "blijft open tot een afhechting.")
    AFGEHECHT = "AFGEHECHT"


@strawberry.enum(description="De afgeleide status van een verplichting op het peilmoment.")
class VerplichtingStatus(Enum):
    OPEN = "OPEN"
    NAGEKOMEN = "NAGEKOMEN"
    VERVALLEN = "VERVALLEN"
    ONBESLIST = "ONBESLIST"


@strawberry.type(description="Een vroegere naam en de laatste dag dat hij gold.")
class VroegereNaam:
    naam: str
    tot: date | None


@strawberry.type(description="Een overheidsorganisatie (TOOI) of een register-eigen organisatie.")
class Overheid:
    id: strawberry.ID
    naam: str
    soort: OverheidSoort
    afkorting: str | None
    begindatum: date | None
    einddatum: date | None
    collectief: bool
    opvolgers: list[strawberry.ID]
    voorgangers: list[strawberry.ID]
    vroegere_namen: list[VroegereNaam]
    _waarde: strawberry.Private[OverheidWaarde | None] = None

    @getypeerd.field(description="De naam die op deze datum gold (LNV heette in 2022 nog LNV).")
    def naam_op(self, datum: date) -> str:
        return self._waarde.naam_op(datum) if self._waarde else self.naam

    @classmethod
    def van(cls, o: OverheidWaarde) -> Overheid:
        return cls(id=strawberry.ID(o.id), naam=o.naam, soort=OverheidSoort(o.soort),
                   afkorting=o.afkorting,
                   begindatum=o.begindatum, einddatum=o.einddatum, collectief=o.collectief,
                   opvolgers=[strawberry.ID(i) for i in o.opvolgers],
                   voorgangers=[strawberry.ID(i) for i in o.voorgangers],
                   vroegere_namen=[VroegereNaam(naam=n.naam, tot=n.tot) for n in o.namen],
                   _waarde=o)


def overheid(overheden: Overheden, overheid_id: str) -> Overheid:
    o = overheden.get(overheid_id)
    if o is None:  # een id uit een gebeurtenis bestaat altijd; dit is een vangnet
        return Overheid(id=strawberry.ID(overheid_id), naam=overheid_id,
                        soort=OverheidSoort("OVERIG"),
                        afkorting=None, begindatum=None, einddatum=None, collectief=False,
                        opvolgers=[], voorgangers=[], vroegere_namen=[])
    return Overheid.van(o)


@strawberry.type
class Partij:
    overheid: Overheid
    naam_in_bron: str | None
    rol: str
    binding: PartijBinding
    ondertekend_op: date | None
    standpunt: Standpunt | None
    voorwaarden: str | None
    namens: list[Overheid]
    aantal: int | None = strawberry.field(
        description="Bij een collectief: het aantal dat de bron noemt ('90 gemeenten').")

    @classmethod
    def van(cls, p: PartijToestand, overheden: Overheden) -> Partij:
        return cls(overheid=overheid(overheden, p.overheid), naam_in_bron=p.naam_in_bron,
                   rol=p.rol, binding=PartijBinding(p.binding),
                   ondertekend_op=p.ondertekend_op, standpunt=of_niets(Standpunt, p.standpunt),
                   voorwaarden=p.voorwaarden,
                   namens=[overheid(overheden, n) for n in p.namens], aantal=p.aantal)


@strawberry.type(description="Een datum zo precies als de bron hem geeft.")
class VageDatum:
    waarde: str = strawberry.field(description="'2023', '2023-07' of '2023-07-01'; leeg als "
                                   "de bron alleen een omschrijving geeft")
    precisie: DatumPrecisie = strawberry.field(description="JAAR, MAAND, DAG of ONBEKEND")
    tekst: str | None = strawberry.field(description="De letterlijke formulering, zoals "
                                         "'medio 2023'")


@strawberry.type
class Hoeveelheid:
    grootheid: str
    waarde: str
    eenheid: str


def peil_id(peil: Peilmoment, *wat: str) -> strawberry.ID:
    """Een id voor `wat` (een afspraak, of een verplichting in een afspraak) zoals gezien op dit
    peilmoment: de vier assen, met de standaarden al ingevuld. Ondoorzichtig, zoals een cursor."""
    ontvangen = peil.ontvangen_op.astimezone(UTC).isoformat() if peil.ontvangen_op else ""
    assen = (peil.geldig_op.isoformat(), _dag(peil.juridisch_werkend_op),
             _dag(peil.bekend_op), ontvangen)
    tekst = "|".join(("peil", *wat, *assen))
    return strawberry.ID(base64.urlsafe_b64encode(tekst.encode()).decode())


def _dag(d: date | None) -> str:
    return "" if d is None else d.isoformat()


PEIL_ID = (
    "Een id dat uniek is voor {wat} zoals gezien op dit peilmoment (de vier assen, met de "
    "standaarden ingevuld). `id` blijft op elk peilmoment hetzelfde; een client-cache die "
    "objecten op `id` samenvoegt, mengt dus twee peilmomenten. Gebruik daarom dit veld als "
    "sleutel: in Apollo `typePolicies: {{ {type}: {{ keyFields: ['peilId'] }} }}` (vraag "
    "peilId dan overal mee), in urql graphcache `keys: {{ {type}: d => d.peilId ?? null }}`. "
    "Ondoorzichtig: vergelijk het alleen op gelijkheid.")


@strawberry.type
class Verplichting:
    id: strawberry.ID = strawberry.field(description="Het nummer binnen haar afspraak ('v1'); "
                                         "uniek met de afspraak erbij, zie peilId.")
    peil_id: strawberry.ID = strawberry.field(description=PEIL_ID.format(
        wat="deze verplichting in haar afspraak", type="Verplichting"))
    omschrijving: str
    partij: Overheid
    uiterlijk: VageDatum | None
    binding: VerplichtingBinding
    status: VerplichtingStatus
    hoeveelheden: list[Hoeveelheid]
    afhechting: AfhechtingUitkomst | None = strawberry.field(
        description="De uitkomst bij afhechting: VOORTGEZET, BEEINDIGD, VERVANGEN of OPEN")
    betwist: bool = strawberry.field(
        default=False, description="Of een vastgestelde tegenstrijdigheid over deze "
        "verplichting gaat (zie Afspraak.tegenstrijdigheden)")

    @classmethod
    def van(cls, v: VerplichtingToestand, overheden: Overheden, afspraak_id: str,
            peil: Peilmoment, betwist: frozenset[str] = frozenset()) -> Verplichting:
        u = v.uiterlijk
        return cls(id=strawberry.ID(v.id), peil_id=peil_id(peil, "verplichting", afspraak_id,
                                                           v.id),
                   omschrijving=v.omschrijving, partij=overheid(overheden, v.partij),
                   uiterlijk=VageDatum(waarde=u.waarde, precisie=DatumPrecisie(u.precisie),
                                       tekst=u.tekst) if u else None,
                   binding=VerplichtingBinding(v.binding), status=VerplichtingStatus(v.status),
                   hoeveelheden=[Hoeveelheid(grootheid=h.grootheid, waarde=h.waarde,
                                             eenheid=h.eenheid) for h in v.hoeveelheden],
                   afhechting=of_niets(AfhechtingUitkomst, v.afhechting),
                   betwist=v.id in betwist)


@strawberry.type(description=(
    "Bronnen of gebeurtenissen die elkaar tegenspreken. Het register bewaart elke kant en "
    "verzoent niets; een antwoord dat op een van beide rust, is betwist."))
class Tegenstrijdigheid:
    betreft: str
    toelichting: str | None
    gebeurtenissen: list[int] = strawberry.field(
        description="De versies van de gebeurtenissen die de tegenstrijdige uitspraken "
        "vastlegden")
    verplichting: strawberry.ID | None
    bronnen: list[Bron] = strawberry.field(description="De bron van elke kant, met citaat")
    vastgesteld_in: int = strawberry.field(
        description="De versie van de gebeurtenis die de tegenstrijdigheid vastlegde")


@strawberry.type(description=(
    "Een verwijzing in een bron, genormaliseerd: '34 682, nr. 100', '34682-100' en "
    "'kst-34682-100' zijn alle drie waarde 'kst-34682-100'."))
class Verwijzing:
    soort: VerwijzingSoort = strawberry.field(description="KAMERSTUK, BESTUURLIJK_OVERLEG, "
                                              "KENMERK, URL, ECLI of CVDR")
    waarde: str = strawberry.field(description="Genormaliseerd: 'kst-34682-100', "
                                   "'bo-mirt-2022-11', 'ECLI:NL:RVS:2019:1603', 'CVDR123456'")
    tekst: str = strawberry.field(description="Zoals de bron het schrijft")


@strawberry.type
class Bron:
    titel: str
    soort: str
    datum: date
    kenmerk: str | None
    url: str | None
    citaat: str | None
    bewijskracht: Bewijskracht
    datum_precisie: DatumPrecisie
    verwijzingen: list[Verwijzing]


def bron(b: Mapping[str, Any]) -> Bron:
    return Bron(**{**b, "datum": date.fromisoformat(b["datum"]),
                   "bewijskracht": Bewijskracht(b["bewijskracht"]),
                   "datum_precisie": DatumPrecisie(b["datum_precisie"]),
                   "verwijzingen": [Verwijzing(**{**v, "soort": VerwijzingSoort(v["soort"])})
                                    for v in b.get("verwijzingen") or ()]})


@strawberry.type
class Bedrag:
    omschrijving: str
    bedrag: str = strawberry.field(description="Euro, exact decimaal als tekst: "
                                   "'24300000000.00'; negatief is een verlaging (een korting)")
    soort: BedragSoort
    periode: str | None = strawberry.field(description="Waarover het bedrag gaat, zoals de bron "
                                           "het zegt ('per jaar vanaf 2026')")
    bron: Bron | None = strawberry.field(description="Het document dat dit bedrag noemt, met "
                                         "zijn citaat; leeg als alleen de gebeurtenis die het "
                                         "vastlegde een bron noemt")


@strawberry.type
class Gebeurtenis:
    id: strawberry.ID
    afspraak_id: strawberry.ID
    versie: int
    soort: str
    aard: GebeurtenisAard = strawberry.field(description="Wat voor gebeurtenis het is; "
                                             "`soort` is de klasse van de gebeurtenis.")
    geldig_vanaf: date
    geldig_tot: date | None
    juridisch_werkend_vanaf: date
    bekend_op: date
    ontvangen_op: datetime
    bronnen: list[Bron]
    toelichting: str | None
    actor: str
    rectificeert: int | None
    datum_precisie: DatumPrecisie
    datum_tekst: str | None
    verslag: str | None

    @getypeerd.field(description="De bladhash in de Merkle-boom (SHA-256 over de canonieke "
                     "inhoud, hex); null als de gebeurtenis niet in de boom staat.")
    async def hash(self, info: Info) -> str | None:
        return await blad_hash(info, str(self.afspraak_id), self.versie)

    @classmethod
    def in_geschiedenis(cls, r: Any, rijen: list[Any]) -> Gebeurtenis:
        """Een rij uit de geschiedenis van haar afspraak (die ook het doel van een
        rectificatie bevat)."""
        if r.rectificeert is None:
            return cls.van(r, r)
        # de geschiedenis loopt van versie 1 zonder gaten: het doel staat op zijn plaats
        i = r.rectificeert - 1
        doel = rijen[i] if 0 <= i < len(rijen) and rijen[i].versie == r.rectificeert else next(
            (x for x in rijen if x.versie == r.rectificeert), r)
        return cls.van(r, doel)

    @classmethod
    def van(cls, r: Any, doel: Any) -> Gebeurtenis:
        """Een rij van lm_gebeurtenissen; `doel` draagt geldigheid en juridische werking (bij
        een rectificatie die van wat zij corrigeert, anders de rij zelf)."""
        return cls(
            id=strawberry.ID(f"{r.afspraak_id}/{r.versie}"),
            afspraak_id=strawberry.ID(r.afspraak_id), versie=r.versie, soort=r.soort,
            aard=GebeurtenisAard(r.aard),
            geldig_vanaf=doel.geldig_vanaf, geldig_tot=doel.geldig_tot,
            juridisch_werkend_vanaf=doel.juridisch_werkend_vanaf, bekend_op=r.bekend_op,
            ontvangen_op=rij_naar_feit(r).ontvangen_op.astimezone(UTC),
            bronnen=[bron(b) for b in r.bronnen],
            toelichting=r.toelichting, actor=r.actor, rectificeert=r.rectificeert,
            datum_precisie=DatumPrecisie(r.extra.get("datumPrecisie") or "DAG"),
            datum_tekst=r.extra.get("datumTekst"), verslag=r.extra.get("verslag"))


@strawberry.type
class Relatie:
    soort: RelatieSoort
    naar: Afspraak


@strawberry.type
class Afhechting:
    wijze: AfhechtingWijze
    geldig_vanaf: date
    toelichting: str
    vervangen_door: Afspraak | None


@strawberry.type(description="Een relatie van een andere afspraak naar deze.")
class InkomendeRelatie:
    soort: RelatieSoort
    van: Afspraak


@strawberry.type(description="Een afspraak zoals zij gold op het gevraagde peilmoment.")
class Afspraak:
    id: strawberry.ID
    peil_id: strawberry.ID = strawberry.field(description=PEIL_ID.format(
        wat="deze afspraak", type="Afspraak"))
    titel: str
    soort: str
    inhoud: str
    programma: str | None
    gebieden: list[str]
    status: AfspraakStatus
    versie: int
    vertrouwelijk: bool
    bindend: bool | None = strawberry.field(
        description="Of de instrumentsoort bindt volgens de woordenlijst; null als onbekend")
    partijen: list[Partij]
    verplichtingen: list[Verplichting]
    bedragen: list[Bedrag]
    tegenstrijdigheden: list[Tegenstrijdigheid] = strawberry.field(description=(
        "Wat de bronnen over deze afspraak tegenstrijdig melden, zoals op dit peilmoment "
        "bekend"))
    betwist: bool = strawberry.field(description=(
        "Of er een tegenstrijdigheid is vastgesteld: dan rust (een deel van) dit antwoord op "
        "bronnen die elkaar tegenspreken"))
    _op: strawberry.Private[AfspraakOp]
    _peil: strawberry.Private[Peilmoment]

    @strawberry.field
    async def relaties(self, info: Info) -> list[Relatie]:
        relaties = self._op.toestand.relaties
        doelen = await info.context.loaders.afspraken.load_many(
            [(r.naar, self._peil) for r in relaties])
        # Wat op dit peilmoment niet bestaat of niet zichtbaar is, valt weg.
        return [Relatie(soort=RelatieSoort(r.soort),
                        naar=afspraak(info, d, self._peil, "relatie"))
                for r, d in zip(relaties, doelen, strict=True) if d is not None]

    @getypeerd.field(description=(
        "Wat op dit peilmoment naar deze afspraak wijst: uitwerkingen, onderdelen, instanties "
        "van een model (INSTANTIE_VAN), wat haar vervangt of financiert. De soort is die van "
        "de relatie bij de andere afspraak."))
    async def inkomende_relaties(self, info: Info) -> list[InkomendeRelatie]:
        van = await info.context.loaders.wijzers.load(self._op.id)
        bronnen = await info.context.loaders.afspraken.load_many([(v, self._peil) for v in van])
        return [InkomendeRelatie(soort=RelatieSoort(r.soort),
                                 van=afspraak(info, b, self._peil, "relatie"))
                for b in bronnen if b is not None
                for r in b.toestand.relaties if r.naar == self._op.id]

    @strawberry.field
    async def afhechting(self, info: Info) -> Afhechting | None:
        a = self._op.toestand.afhechting
        if a is None or a.geldig_vanaf is None:
            return None
        door = await laad(info, a.vervangen_door, self._peil) if a.vervangen_door else None
        return Afhechting(wijze=AfhechtingWijze(a.wijze), geldig_vanaf=a.geldig_vanaf,
                          toelichting=a.toelichting or "", vervangen_door=door)

    @getypeerd.field(description=(
        "Een stabiele verwijzing naar precies waar dit antwoord op rust (afspraak, zichtbare "
        "versies, de vier assen, boomgrootte en wortel); `citaat(tekst)` geeft later hetzelfde "
        "antwoord."))
    def citaat(self, info: Info) -> Citaat:
        return Citaat.van(citaat_waarde(info, self._op, self._peil))

    @getypeerd.field(description=(
        "Elke gebeurtenis waarop dit antwoord rust, met haar canonieke inhoud, blad en "
        "inclusiebewijs naar de wortel: offline te controleren met "
        "scripts/controleer_bewijs.py."))
    def bewijs(self, info: Info) -> Bewijsbundel:
        return bewijsbundel(info, self._op)

    @getypeerd.field(description="De gebeurtenissen die op dit peilmoment bekend waren.")
    async def gebeurtenissen(self, info: Info) -> list[Gebeurtenis]:
        zichtbaar = set(self._op.toestand.zichtbare_versies)
        rijen = await info.context.loaders.geschiedenissen.load(self._op.id)
        return [Gebeurtenis.in_geschiedenis(r, rijen) for r in rijen if r.versie in zichtbaar]


async def laad(info: Info, afspraak_id: str, peil: Peilmoment) -> Afspraak | None:
    op = await info.context.loaders.afspraken.load((afspraak_id, peil))
    return None if op is None else afspraak(info, op, peil, "relatie")


def afspraak(info: Info, op: AfspraakOp, peil: Peilmoment, wat: str = "afspraak") -> Afspraak:
    """De afspraak zoals de vrager haar krijgt; een vertrouwelijke komt in het leesverslag."""
    info.context.verantwoord(op.id, op.vertrouwelijk, wat, peil)
    overheden = info.context.systeem.register.overheden
    t = op.toestand
    return Afspraak(
        id=strawberry.ID(op.id), peil_id=peil_id(peil, "afspraak", op.id), titel=t.titel,
        soort=t.soort, inhoud=t.inhoud,
        programma=t.programma, gebieden=list(t.gebieden), status=AfspraakStatus(t.status),
        versie=t.versie, vertrouwelijk=op.vertrouwelijk, bindend=is_bindend(t.soort),
        partijen=[Partij.van(p, overheden) for p in t.partijen],
        verplichtingen=[Verplichting.van(v, overheden, op.id, peil, betwist(op))
                        for v in t.verplichtingen],
        tegenstrijdigheden=[Tegenstrijdigheid(
            betreft=x.betreft, toelichting=x.toelichting, gebeurtenissen=list(x.gebeurtenissen),
            verplichting=None if x.verplichting is None else strawberry.ID(x.verplichting),
            bronnen=[bron(b) for b in x.bronnen], vastgesteld_in=x.versie)
            for x in t.tegenstrijdigheden],
        betwist=bool(t.tegenstrijdigheden),
        bedragen=[Bedrag(omschrijving=b.omschrijving, bedrag=b.bedrag,
                         soort=BedragSoort(b.soort),
                         periode=b.periode, bron=None if b.bron is None else bron(b.bron))
                  for b in t.bedragen],
        _op=op, _peil=peil)


def betwist(op: AfspraakOp) -> frozenset[str]:
    """De verplichtingen waarover een vastgestelde tegenstrijdigheid gaat."""
    return frozenset(x.verplichting for x in op.toestand.tegenstrijdigheden if x.verplichting)


@strawberry.type
class AfspraakEdge:
    node: Afspraak
    cursor: str


@strawberry.type(description=(
    "Relay-paginainformatie. Het register pagineert alleen vooruit: first en after (geen last "
    "en before). Een cursor noemt een plek in de lijst, geen positie: lees een volgende pagina "
    "met dezelfde argumenten en after: endCursor."))
class PageInfo:
    has_next_page: bool = strawberry.field(description=(
        "Of er na deze pagina nog iets kan komen: lees dan verder met after: endCursor."))
    has_previous_page: bool = strawberry.field(description=(
        "Of deze pagina na een cursor begint (after), en dus niet de eerste pagina van de "
        "lijst is. Wie alleen vooruit pagineert, mag dit volgens de Relay-specificatie zo "
        "invullen in plaats van te tellen wat ervoor ligt. Terugbladeren kan niet (er is geen "
        "last/before); bewaar daarvoor de cursors van eerdere pagina's."))
    start_cursor: str | None = strawberry.field(description=(
        "De cursor van de eerste edge; null als de pagina leeg is."))
    end_cursor: str | None = strawberry.field(description=(
        "Waar de volgende pagina begint (after): de cursor van de laatste edge, of, als de "
        "vraag verder las dan haar laatste edge (verplichtingen, verschillen), de plek tot "
        "waar zij las. Null als de pagina leeg is en de vraag niets las."))

    @classmethod
    def van(cls, cursors: Sequence[str], heeft_volgende: bool, after: str | None,
            eind: str | None = None) -> PageInfo:
        """De paginainformatie bij de cursors van de edges; `eind` als de vraag verder las
        dan haar laatste edge."""
        return cls(has_next_page=heeft_volgende, has_previous_page=bool(after),
                   start_cursor=cursors[0] if cursors else None,
                   end_cursor=eind if eind is not None else cursors[-1] if cursors else None)


@strawberry.type
class AfspraakConnection:
    edges: list[AfspraakEdge]
    page_info: PageInfo


@strawberry.type(description="Een verplichting met de afspraak waarin zij staat, op hetzelfde "
                 "peilmoment.")
class VerplichtingInAfspraak:
    verplichting: Verplichting
    afspraak: Afspraak


@strawberry.type
class VerplichtingEdge:
    node: VerplichtingInAfspraak
    cursor: str


@strawberry.type
class VerplichtingConnection:
    edges: list[VerplichtingEdge]
    page_info: PageInfo


def cursor(afspraak_id: str, verplichting: str | None = None) -> str:
    """De cursor noemt de afspraak (en de verplichting daarin), geen positie in het register:
    een teller zou met zijn gaten verraden hoeveel (vertrouwelijke) gebeurtenissen er tussen
    twee afspraken liggen."""
    tekst = (f"afspraak:{afspraak_id}" if verplichting is None  # "": na de hele afspraak
             else f"verplichting:{afspraak_id}:{verplichting}")
    return base64.urlsafe_b64encode(tekst.encode()).decode()


def lees_cursor(tekst: str) -> str | None:
    try:
        soort, aid = base64.urlsafe_b64decode(tekst.encode()).decode().split(":")
        return str(uuid.UUID(aid)) if soort == "afspraak" else None
    except (ValueError, UnicodeDecodeError):
        return None


def lees_verplichting_cursor(tekst: str) -> tuple[str, str | None] | None:
    """(afspraak, verplichting); een lege verplichting: na de hele afspraak."""
    try:
        soort, aid, vid = base64.urlsafe_b64decode(tekst.encode()).decode().split(":")
        return (str(uuid.UUID(aid)), vid or None) if soort == "verplichting" else None
    except (ValueError, UnicodeDecodeError):
        return None
