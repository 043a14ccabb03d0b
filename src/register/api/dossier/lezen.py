"""Het dossier van één afspraak lezen. Alles komt uit GraphQL-vragen op het eigen schema, met
de context van de lezer: toegang, leesverslag (een vertrouwelijke afspraak) en tijdreizen zijn
zo precies die van de API, en het dossier zegt niets wat de API niet zou zeggen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graphql import GraphQLError
from strawberry import Schema
from strawberry.types.graphql import OperationType

from register.api.context import Context
from register.api.kosten import TE_DUUR, Budget
from register.api.poort import na_uitvoering
from register.api.vraag import VraagFout


class OngeldigeVraag(ValueError):
    """Een vraag om een dossier die niet te beantwoorden is (een datum die geen datum is)."""


class DossierFout(Exception):
    """Het schema weigerde een vraag van het dossier; `status` is de HTTP-status."""

    def __init__(self, melding: str, status: int) -> None:
        super().__init__(melding)
        self.melding, self.status = melding, status

    @classmethod
    def uit(cls, fout: GraphQLError) -> DossierFout:
        if (fout.extensions or {}).get("code") == TE_DUUR:
            return cls(fout.message, 422)
        return cls(fout.message, 400 if isinstance(fout.original_error, VraagFout) else 500)


@dataclass(frozen=True)
class Peil:
    """Een peilmoment zoals de vrager het gaf; None: niet gegeven (zoals in GraphQL)."""

    geldig_op: date | None = None
    juridisch_werkend_op: date | None = None
    bekend_op: date | None = None
    ontvangen_op: datetime | None = None

    @property
    def leeg(self) -> bool:
        return self == Peil()

    def aangevuld(self, basis: Peil) -> Peil:
        """Deze assen, en waar niets gegeven is die van `basis`."""
        return Peil(self.geldig_op or basis.geldig_op,
                    self.juridisch_werkend_op or basis.juridisch_werkend_op,
                    self.bekend_op or basis.bekend_op, self.ontvangen_op or basis.ontvangen_op)

    def invoer(self) -> dict[str, str | None]:
        """Als GraphQL-invoer `Peilmoment`."""
        return {"geldigOp": _iso(self.geldig_op),
                "juridischWerkendOp": _iso(self.juridisch_werkend_op),
                "bekendOp": _iso(self.bekend_op), "ontvangenOp": _iso(self.ontvangen_op)}


def _iso(waarde: date | datetime | None) -> str | None:
    return None if waarde is None else waarde.isoformat()


def lees_datum(naam: str, waarde: str | None) -> date | None:
    if waarde is None or not waarde.strip():
        return None
    try:
        return date.fromisoformat(waarde.strip())
    except ValueError:
        raise OngeldigeVraag(f"{naam} '{waarde[:40]}' is geen datum; schrijf JJJJ-MM-DD, "
                             "bijvoorbeeld 2023-03-31.") from None


def lees_tijdstip(naam: str, waarde: str | None) -> datetime | None:
    """Een tijdstip; zonder tijdzone is het UTC (zoals in GraphQL)."""
    if waarde is None or not waarde.strip():
        return None
    try:
        t = datetime.fromisoformat(waarde.strip())
        return (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):
        raise OngeldigeVraag(f"{naam} '{waarde[:40]}' is geen tijdstip; schrijf bijvoorbeeld "
                             "2023-03-21T10:00:00Z (zonder tijdzone: UTC).") from None


@dataclass(frozen=True)
class Dossiervraag:
    afspraak_id: str
    peil: Peil
    vergelijk: Peil | None = None  # de assen die anders zijn dan in `peil`


@dataclass
class Dossier:
    """Wat het dossier toont; elk deel zoals het schema het gaf (camelCase)."""

    vraag: Dossiervraag
    herkomst: str
    lezer: str
    gemaakt_op: datetime
    afspraak: dict[str, Any] | None
    geschiedenis: list[dict[str, Any]]
    peil: dict[str, Any]
    verloop: list[dict[str, Any]] = field(default_factory=list)
    verschil: dict[str, Any] | None = None

    @property
    def titel(self) -> str:
        return self.afspraak["titel"] if self.afspraak else f"Afspraak {self.vraag.afspraak_id}"

    def verloop_van(self, onderdeel: str) -> list[dict[str, Any]]:
        return [w for w in self.verloop if w["onderdeel"] == onderdeel]


BRON = "titel soort datum kenmerk url citaat bewijskracht datumPrecisie"
GEBEURTENIS = f"""versie soort aard geldigVanaf geldigTot juridischWerkendVanaf bekendOp
  ontvangenOp toelichting verslag actor rectificeert datumPrecisie datumTekst hash
  bronnen {{ {BRON} }}"""
PEIL = "$geldigOp: Date, $juridischWerkendOp: Date, $bekendOp: Date, $ontvangenOp: DateTime"
OP = ("geldigOp: $geldigOp, juridischWerkendOp: $juridischWerkendOp, bekendOp: $bekendOp, "
      "ontvangenOp: $ontvangenOp")

AFSPRAAK = f"""query Dossier($id: ID!, {PEIL}) {{
  afspraak(id: $id, {OP}) {{
    id titel soort inhoud programma gebieden status versie vertrouwelijk bindend betwist
    partijen {{ overheid {{ id naam soort }} naamInBron rol binding ondertekendOp standpunt
                voorwaarden aantal namens {{ naam }} }}
    verplichtingen {{ id omschrijving partij {{ naam }} uiterlijk {{ waarde precisie tekst }}
                      binding status afhechting betwist
                      hoeveelheden {{ grootheid waarde eenheid }} }}
    bedragen {{ omschrijving bedrag soort periode bron {{ {BRON} }} }}
    relaties {{ soort naar {{ id titel }} }}
    inkomendeRelaties {{ soort van {{ id titel }} }}
    tegenstrijdigheden {{ betreft toelichting gebeurtenissen verplichting vastgesteldIn
                          bronnen {{ {BRON} }} }}
    afhechting {{ wijze geldigVanaf toelichting vervangenDoor {{ id titel }} }}
    gebeurtenissen {{ versie geldigVanaf geldigTot }}
    citaat {{ tekst versies geldigOp juridischWerkendOp bekendOp ontvangenOp boomgrootte
              wortel }}
    bewijs {{ afspraakId boomgrootte wortel algoritme
              ondertekening {{ algoritme publiekeSleutel bericht handtekening }}
              gebeurtenissen {{ versie index canoniek blad pad }} }}
  }}
  gebeurtenissen(afspraakId: $id) {{ {GEBEURTENIS} }}
}}"""

VERSCHIL = """query DossierVerschil($id: ID!, $van: Peilmoment, $naar: Peilmoment) {
  verschil(afspraakId: $id, van: $van, naar: $naar) {
    van { geldigOp juridischWerkendOp bekendOp ontvangenOp }
    naar { geldigOp juridischWerkendOp bekendOp ontvangenOp }
    bestaatVan bestaatNaar
    wijzigingen { onderdeel soort veld partij { naam } verplichting van naar reden
                  gebeurtenissen { versie aard geldigVanaf bekendOp
                                   bronnen { titel datum citaat } } } } }"""


class Vrager:
    """Voert vragen van het dossier uit op het schema, elk met het budget van één GraphQL-vraag
    van deze lezer; een fout in een vraag wordt een DossierFout."""

    def __init__(self, schema: Schema, context: Context) -> None:
        self.schema, self.context = schema, context

    async def vraag(self, document: str, variabelen: dict[str, Any]) -> dict[str, Any]:
        ctx, s = self.context, self.context.instellingen
        maximum = s.max_velden_anoniem if ctx.actor is None else s.max_velden
        ctx.budget = Budget(maximum, s.max_seconden_per_vraag)
        ctx.budget.begin()
        r = na_uitvoering(await self.schema.execute(
            document, variable_values=variabelen, context_value=ctx,
            allowed_operation_types={OperationType.QUERY}), ctx)
        if r.errors:
            raise DossierFout.uit(r.errors[0])
        return r.data or {}


async def lees_dossier(vrager: Vrager, vraag: Dossiervraag) -> Dossier | None:
    """Het dossier, of None als de afspraak niet bestaat of de lezer haar niet mag zien (geen
    verschil: beide zijn 'niet gevonden')."""
    ctx = vrager.context
    data = await vrager.vraag(AFSPRAAK, {"id": vraag.afspraak_id, **vraag.peil.invoer()})
    if not data["gebeurtenissen"]:
        return None
    a = data["afspraak"]
    # Het peilmoment van het citaat: geldigOp ingevuld en (zonder ontvangenOp) het tijdstip
    # van antwoorden, zodat elk deel van het dossier op hetzelfde moment rust.
    peil = {k: a["citaat"][k] for k in ("geldigOp", "juridischWerkendOp", "bekendOp",
                                        "ontvangenOp")} if a else vraag.peil.invoer()
    d = Dossier(vraag=vraag, herkomst=ctx.instellingen.herkomst, lezer=_lezer(ctx),
                gemaakt_op=datetime.now(UTC), afspraak=a, geschiedenis=data["gebeurtenissen"],
                peil=peil)
    if a:
        d.verloop = await _verloop(vrager, vraag.afspraak_id, peil, a["gebeurtenissen"])
    if vraag.vergelijk is not None:
        van = vraag.vergelijk.aangevuld(vraag.peil).invoer()
        d.verschil = (await vrager.vraag(VERSCHIL, {"id": vraag.afspraak_id, "van": van,
                                                    "naar": peil}))["verschil"]
    return d


async def _verloop(vrager: Vrager, afspraak_id: str, peil: dict[str, Any],
                   gebeurtenissen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Wat er langs de geldigheid veranderde, zoals bekend op het peilmoment: het verschil
    tussen elke twee opeenvolgende dagen waarop een bekende gebeurtenis begint of eindigt (de
    eerste dag tegen de dag ervoor). Elke wijziging krijgt de dag waarop zij geldt."""
    dagen = sorted({date.fromisoformat(d) for g in gebeurtenissen
                    for d in (g["geldigVanaf"], g["geldigTot"]) if d})
    uit: list[dict[str, Any]] = []
    vorige = dagen[0] - timedelta(days=1) if dagen and dagen[0] > date.min else None
    for dag in dagen:
        if vorige is not None:
            v = (await vrager.vraag(VERSCHIL, {
                "id": afspraak_id, "van": {**peil, "geldigOp": vorige.isoformat()},
                "naar": {**peil, "geldigOp": dag.isoformat()}}))["verschil"]
            uit += [{**w, "datum": dag.isoformat()} for w in (v or {}).get("wijzigingen", [])]
        vorige = dag
    return uit


def _lezer(ctx: Context) -> str:
    if ctx.actor is None:
        return "anonieme lezer (zonder token: alleen openbare afspraken)"
    o = ctx.systeem.register.overheden.get(ctx.actor.overheid)
    naam = o.naam if o is not None else ctx.actor.overheid
    return f"{naam}{' (beheerder)' if ctx.actor.beheerder else ''}"
