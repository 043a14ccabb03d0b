"""Vijandige invoer (hypothesis): per mutatie invoer die het schema volgt maar vol valkuilen zit
(Unicode met surrogaten, NUL en RTL, reuzenteksten, onmogelijke en extreme datums, verkeerde
id's en versies, verkeerde typen), en ruwe HTTP (kapotte JSON, JSON die geen object is,
verkeerde content-types). Het register antwoordt alleen met een getypeerd resultaat of een
fout in het verzoek: nooit een 500, nooit een gemaskeerde 'Onverwachte fout' (dat is een bug),
en wat geweigerd wordt, slaat niets op. Wat wel wordt opgeslagen, is daarna te lezen.

Aantal voorbeelden per mutatie per database: `REGISTER_VIJANDIG_AANTAL` (standaard 40, in CI
en bij een gewone `pytest` hetzelfde). De grote ronde (10.000 per mutatie):
`bash scripts/vijandig.sh`."""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import (
    GraphQLEnumType, GraphQLInputObjectType, GraphQLInputType, GraphQLList, GraphQLNonNull,
    GraphQLScalarType,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from register.api.app import maak_app
from register.api.schema import MASKER, schema
from register.projecties.afspraken import afspraken
from register.domein.waarden import (
    AFHECHTING_UITKOMSTEN, AFHECHTING_WIJZEN, BEDRAG_SOORTEN, BEWIJSKRACHT, DATUM_PRECISIES,
    PARTIJ_BINDING, RELATIE_SOORTEN, STANDPUNTEN, VERPLICHTING_BINDING,
)
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from tests.conftest import StapKlok, _nieuwe_postgres_database, _verwijder_postgres_database
from tests.hulp import (
    AFSPRAAK_VELDEN, BEHEER, GESCHIEDENIS, GM_UTRECHT, IPO, M_BZK, M_LVVN, P_GELDERLAND,
    P_UTRECHT, bron, leg_vast, muteer,
)

pytestmark = pytest.mark.slow  # hypothesis: 40 voorbeelden per mutatie

AANTAL = int(os.environ.get("REGISTER_VIJANDIG_AANTAL", "40"))
# Voor de grote ronde: elk voorbeeld een regel 'database<TAB>mutatie<TAB>uitkomst'.
VERSLAG = os.environ.get("REGISTER_VIJANDIG_VERSLAG")
INSTELLING = settings(
    max_examples=AANTAL, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much, HealthCheck.large_base_example])

GQL = schema._schema
# De mutaties met invoer; integriteitControleren heeft geen invoer (haar toegang: de matrix).
MUTATIES = sorted(n for n, f in GQL.mutation_type.fields.items()
                  if "input" in f.args) if GQL.mutation_type else []
RESULTAATTYPEN = {"AfspraakOpgeslagen", "Ongeldig", "VersieConflict", "NietGevonden",
                  "NietToegestaan", "AfspraakIsAfgehecht"}
RESULTAAT = f"""{{ __typename
  ... on AfspraakOpgeslagen {{ afspraak {{ {AFSPRAAK_VELDEN} }}
        gebeurtenis {{ id versie soort geldigVanaf geldigTot juridischWerkendVanaf bekendOp
                      ontvangenOp actor rectificeert toelichting verslag
                      bronnen {{ titel soort datum kenmerk url citaat bewijskracht }} }} }}
  ... on Fout {{ code melding }}
  ... on Ongeldig {{ velden {{ veld melding }} }}
  ... on VersieConflict {{ verwachteVersie huidigeVersie }} }}"""
DRIE_PARTIJEN = [
    {"overheid": M_BZK, "rol": "opdrachtgever", "binding": "ONDERTEKENAAR"},
    {"overheid": P_GELDERLAND, "rol": "uitvoerder", "binding": "ONDERTEKENAAR"},
    {"overheid": GM_UTRECHT, "rol": "betrokken gemeente"},
]


# -- de wereld: één app per database, voor de hele module ------------------------------------


@dataclass
class Wereld:
    client: TestClient
    systeem: Systeem
    tokens: dict[str, str | None]
    geheim: str  # vertrouwelijk tussen BZK en Gelderland: Utrecht mag haar niet zien
    ander: str  # een openbare afspraak om naar te verwijzen
    database: str
    doelen: dict[str, tuple[str, int] | None] = field(default_factory=dict)
    strategieen: dict[str, st.SearchStrategy[Any]] = field(default_factory=dict)

    def doel(self, mutatie: str) -> tuple[str, int]:
        """De afspraak waarop deze mutatie werkt, in de toestand waarin zij kan slagen; na een
        geslaagde mutatie een verse."""
        if self.doelen.get(mutatie) is None:
            x = leg_vast(self.client, self.tokens["beheerder"], partijen=DRIE_PARTIJEN,  # type: ignore[arg-type]
                         inVoorbereiding=mutatie == "afspraakInWerkingStellen")
            versie = 1
            if mutatie == "afspraakHervatten":
                r = muteer(self.client, "afspraakOpschorten", {
                    "id": x, "verwachteVersie": 1, "toelichting": "Opgeschort in afwachting van",
                    "bronnen": [bron("2023-03-01")]},
                    self.tokens["beheerder"])  # type: ignore[arg-type]
                assert r["__typename"] == "AfspraakOpgeslagen", r
                versie = 2
            self.doelen[mutatie] = (x, versie)
        doel = self.doelen[mutatie]
        assert doel is not None
        return doel


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def wereld(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Wereld]:
    basis = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('vijandig') / 'register.db'}"
    else:
        basis = request.getfixturevalue("postgres_basis")
        url = _nieuwe_postgres_database(basis)
    systeem = Systeem(url, klok=StapKlok())
    app = maak_app(Instellingen(database_url=url), systeem)
    with TestClient(app, raise_server_exceptions=False) as client:
        t = app.state.tokens
        tokens: dict[str, str | None] = {
            "beheerder": t.aanmaken(BEHEER, beheerder=True), "partij": t.aanmaken(M_BZK),
            "geen partij": t.aanmaken(P_UTRECHT), "anoniem": None, "onzin": "ar_" + "x" * 43}
        w = Wereld(client=client, systeem=systeem, tokens=tokens, database=request.param,
                   geheim=leg_vast(client, tokens["partij"], vertrouwelijk=True),  # type: ignore[arg-type]
                   ander=leg_vast(client, tokens["partij"]))  # type: ignore[arg-type]
        yield w
    systeem.sluit()
    if basis is not None:
        _verwijder_postgres_database(basis, url)


# -- strategieën ------------------------------------------------------------------------------

GEVAARLIJK = [
    "", " ", "\t", "\r\n", "\x00", "a\x00b", "\x01", "\x1b[31mrood", "\x7f", "\ud800",
    "x\udfffy", "\ud83d", "\u202eRTL-override\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd",
    "\ufeffBOM", "\u2028\u2029", "e\u0301", "\U0001f600" * 10, "\ufdfa", "İı", "ß",
    "'; DROP TABLE lm_afspraken; --", "%s%n%x", "{{7*7}}", "<script>alert(1)</script>",
    "../../etc/passwd", "null", "\\", '"', "Ω" * 1_001, "x" * 20_001, "y" * 300_000,
]


def gewogen(*keuzes: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """Kiest een strategie naar gewicht (one_of kiest gelijk verdeeld)."""
    grenzen, totaal = [], 0
    for gewicht, strategie in keuzes:
        totaal += gewicht
        grenzen.append((totaal, strategie))
    return st.integers(0, totaal - 1).flatmap(
        lambda n: next(s for grens, s in grenzen if n < grens))


LETTERS = gewogen((20, st.characters()), (1, st.characters(categories=["Cs"])),
                  (1, st.sampled_from("\x00\u202e\u200f\ufeff\u0301")))
TEKST = gewogen((14, st.text(min_size=1, max_size=40)), (1, st.text(LETTERS, max_size=40)),
                (4, st.text(max_size=3_000)), (1, st.sampled_from(GEVAARLIJK)))
DATUM = gewogen(
    (16, st.dates().map(str)),
    (3, st.sampled_from(["0001-01-01", "9999-12-31", "2000-02-29", "2023-02-29", "2023-02-30",
                         "2023-13-01", "2023-00-10", "10000-01-01", "-001-01-01", "2023-1-1",
                         "20230301", "2023-03-01T00:00:00", "2023-W09-3", "٢٠٢٣-٠٣-٠١", "",
                         " 2023-03-01", "2023-03-01\x00"])),
    (1, TEKST))
GETAL = st.one_of(st.integers(-5, 5), st.integers(-(2**31), 2**31 - 1),
                  st.sampled_from([2**31, -(2**31) - 1, 2**53, 2**63, 10**30]))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEKST,
    lambda kind: st.lists(kind, max_size=3) | st.dictionaries(st.text(max_size=5), kind,
                                                              max_size=3),
    max_leaves=6)

OVERHEDEN = [M_BZK, P_GELDERLAND, P_UTRECHT, GM_UTRECHT, M_LVVN, IPO,
             "urn:afsprakenregister:collectief:provincies"]
# Per veldnaam: waarden die door de controle komen, zodat de invoer diep in het register komt.
PLAUSIBEL: dict[str, list[Any]] = {
    "overheid": OVERHEDEN, "partij": OVERHEDEN, "namens": OVERHEDEN,
    "binding": [*PARTIJ_BINDING, *VERPLICHTING_BINDING], "wijze": list(AFHECHTING_WIJZEN),
    "uitkomst": list(AFHECHTING_UITKOMSTEN), "standpunt": list(STANDPUNTEN),
    "soort": [*RELATIE_SOORTEN, *BEDRAG_SOORTEN, "woondeal", "brief", "convenant"],
    "bewijskracht": list(BEWIJSKRACHT), "datumPrecisie": list(DATUM_PRECISIES),
    "uiterlijk": ["2023", "2023-07", "2023-07-01", "0001", "9999-12", "9999-12-31",
                  "2023-02-30", "0000"],
    "bedrag": ["1000000", "12.50", "-5", "0", "999999999999999.99", "1e6", "NaN", "1,5"],
    "waarde": ["100", "1,5", "-0", "1e309", "nan"], "verplichting": ["v1", "v2", "v99"],
    "rol": ["opdrachtgever", "uitvoerder"], "titel": ["Woondeal regio Arnhem-Nijmegen"],
    "url": ["https://www.rijksoverheid.nl/", "javascript:alert(1)"],
    "aantal": [1, 12, 90, 0, -1, 100_000], "rectificeert": [1, 2, 0, -1],
    "ondertekendOp": ["2022-12-12", "0001-01-01", "9999-12-31"],
}


EXOTISCH_GELDIG = ["\u202eRTL-override\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd", "\ufeffBOM",
                   "\u2028\u2029", "e\u0301", "\U0001f600" * 10, "\ufdfa", "İı", "ß",
                   "'; DROP TABLE lm_afspraken; --", "%s%n%x", "{{7*7}}", "\\", '"',
                   "<script>alert(1)</script>", "Ω" * 1_000, "a\n\tb\r"]
GEWONE_LETTERS = st.characters(exclude_categories=("Cc", "Cs"))
MILDE_TEKST = gewogen(
    (40, st.text(GEWONE_LETTERS, min_size=1, max_size=60)),
    (10, st.sampled_from(EXOTISCH_GELDIG)),
    # Soms één losse surrogaat of NUL in verder geldige invoer: die komt anders tot de opslag.
    (3, st.builds(lambda a, c, b: a + c + b, st.text(GEWONE_LETTERS, max_size=10),
                  st.one_of(st.characters(categories=["Cs"]), st.just("\x00")),
                  st.text(GEWONE_LETTERS, max_size=10))))
# Per veld (eerst 'Type.veld', dan 'veld') alleen geldige waarden, voor de milde helft.
GELDIG: dict[str, st.SearchStrategy[Any]] = {
    "overheid": st.sampled_from(OVERHEDEN), "partij": st.sampled_from(OVERHEDEN),
    "namens": st.sampled_from(OVERHEDEN),
    "PartijInput.binding": st.sampled_from(PARTIJ_BINDING),
    "binding": st.sampled_from(VERPLICHTING_BINDING),
    "wijze": st.sampled_from(AFHECHTING_WIJZEN), "uitkomst": st.sampled_from(AFHECHTING_UITKOMSTEN),
    "standpunt": st.sampled_from(STANDPUNTEN), "bewijskracht": st.sampled_from(BEWIJSKRACHT),
    "RelatieInput.soort": st.sampled_from(RELATIE_SOORTEN),
    "BedragInput.soort": st.sampled_from(BEDRAG_SOORTEN),
    "BronInput.datumPrecisie": st.sampled_from(DATUM_PRECISIES[:3]),
    "datumPrecisie": st.sampled_from(DATUM_PRECISIES),
    "uiterlijk": st.one_of(st.dates().map(str), st.dates().map(lambda d: str(d)[:7]),
                           st.integers(1, 9999).map(lambda j: f"{j:04d}")),
    "bedrag": st.sampled_from(["1000000", "12.50", "-5", "0", "999999999999999.99"]),
    "waarde": st.sampled_from(["100", "1,5", "0.25"]), "verplichting": st.just("v1"),
    "VerplichtingInput.id": st.just("v1"), "aantal": st.integers(1, 99_999),
    "rectificeert": st.just(1),
}


# Optioneel in het schema, maar het domein vraagt ze bij elke wijziging.
NODIG_IN_MILD = {"toelichting"}


def scalair(t: GraphQLScalarType | GraphQLEnumType, naam: str, ouder: str, w: Wereld,
            mild: bool) -> st.SearchStrategy[Any]:
    if naam in ("naar", "vervangenDoor"):
        geldig = [w.ander, w.geheim]
        return st.sampled_from(geldig if mild else [*geldig, str(uuid.uuid4()), "", "\x00"])
    if mild:
        geldig = GELDIG.get(f"{ouder}.{naam}", GELDIG.get(naam))
        if geldig is not None:
            return geldig
        return {"Int": st.integers(1, 5), "Boolean": st.booleans(),
                "Date": st.dates().map(str)}.get(t.name, MILDE_TEKST)
    soorten: dict[str, st.SearchStrategy[Any]] = {
        "String": TEKST, "ID": TEKST, "Int": GETAL, "Boolean": st.booleans(), "Date": DATUM,
        "DateTime": DATUM.map(lambda d: d + "T00:00:00Z")}
    basis = soorten.get(t.name, TEKST)
    if isinstance(t, GraphQLEnumType):
        basis = st.one_of(st.sampled_from(list(t.values)), TEKST)
    if naam in PLAUSIBEL:  # twee op drie keer plausibel
        basis = gewogen((2, st.sampled_from(PLAUSIBEL[naam])), (1, basis))
    return basis


def waarde(t: GraphQLInputType, naam: str, ouder: str, w: Wereld, mild: bool,
           diepte: int = 0) -> st.SearchStrategy[Any]:
    """Een waarde van het schematype; niet mild soms (1 op 60) van een verkeerd type."""
    kern = t.of_type if isinstance(t, GraphQLNonNull) else t
    goed: st.SearchStrategy[Any]
    if isinstance(kern, GraphQLList):
        element = waarde(kern.of_type, naam, ouder, w, mild, diepte + 1)
        if mild and naam == "partijen":  # ten minste twee verschillende
            goed = st.lists(element, min_size=2, max_size=4,
                            unique_by=lambda p: p["overheid"])
        else:
            goed = st.lists(element, min_size=int(mild and naam == "bronnen"),
                            max_size=3 if diepte < 2 else 1)
    elif isinstance(kern, GraphQLInputObjectType):
        goed = invoerobject(kern, w, mild, diepte + 1)
    else:
        goed = scalair(kern, naam, ouder, w, mild)
    if not isinstance(t, GraphQLNonNull):
        goed = gewogen((3, goed), (1, st.none()))
    return goed if mild else gewogen((59, goed), (1, JSON))


def invoerobject(t: GraphQLInputObjectType, w: Wereld, mild: bool, diepte: int
                 ) -> st.SearchStrategy[Any]:
    def nodig(n: str, f: Any) -> bool:
        return isinstance(f.type, GraphQLNonNull) or (mild and n in NODIG_IN_MILD)

    def niet_null(f: Any) -> Any:
        return f.type if isinstance(f.type, GraphQLNonNull) else GraphQLNonNull(f.type)

    verplicht = {n: waarde(niet_null(f), n, t.name, w, mild, diepte)
                 for n, f in t.fields.items() if nodig(n, f)}
    optioneel = {n: waarde(f.type, n, t.name, w, mild, diepte) for n, f in t.fields.items()
                 if not nodig(n, f)}
    obj = st.fixed_dictionaries(verplicht, optional=optioneel)
    if mild:
        return obj
    # Soms (1 op 40) een veld dat niet bestaat.
    return gewogen((39, obj), (1, obj.map(lambda d: {**d, "onbekendVeld": 1})))


def invoertype(mutatie: str) -> GraphQLInputObjectType:
    assert GQL.mutation_type is not None
    t = GQL.mutation_type.fields[mutatie].args["input"].type
    assert isinstance(t, GraphQLNonNull) and isinstance(t.of_type, GraphQLInputObjectType)
    return t.of_type


def invoer(mutatie: str, w: Wereld, doel: tuple[str, int]) -> st.SearchStrategy[Any]:
    """De invoer: de helft mild (elk veld geldig maar exotisch, de juiste afspraak en versie:
    dat komt tot in de opslag), de helft vijandig (meestal nog de juiste afspraak en versie,
    zodat ook die invoer tot het domein komt)."""
    x, versie = doel
    if mutatie not in w.strategieen:
        w.strategieen[mutatie] = invoerobject(invoertype(mutatie), w, False, 0)
        w.strategieen[mutatie + "/mild"] = invoerobject(invoertype(mutatie), w, True, 0)
    obj, mild = w.strategieen[mutatie], w.strategieen[mutatie + "/mild"]
    if "id" not in invoertype(mutatie).fields:
        return gewogen((15, mild), (15, obj), (1, JSON))
    ids = gewogen((12, st.just(x)), (1, st.sampled_from(
        [w.geheim, w.ander, str(uuid.uuid4()), x.upper(), x + " ", "", "\x00"])), (1, TEKST))
    versies = gewogen((12, st.just(versie)), (1, GETAL))

    def richt(d: Any, i: Any, v: Any) -> Any:
        return {**d, "id": i, "verwachteVersie": v} if isinstance(d, dict) else d

    return gewogen((15, mild.map(lambda d: richt(d, x, versie))),
                   (15, st.tuples(obj, ids, versies).map(lambda t: richt(*t))), (1, JSON))


# -- oordeel over een antwoord ------------------------------------------------------------------


def stuur(w: Wereld, query: str, variabelen: Any, token: str | None) -> Any:
    """Ruwe JSON: losse surrogaten gaan als \\udxxx over de lijn, zoals elke JSON-client kan."""
    kop = {"content-type": "application/json"}
    if token:
        kop["authorization"] = f"Bearer {token}"
    return w.client.post("/graphql", headers=kop,
                         content=json.dumps({"query": query, "variables": variabelen}).encode())


def uitkomst_van(r: Any) -> tuple[str, Any]:
    """'413', '400', 'vraagfout' of de __typename; anders 'serverfout', 'gemaskeerd' of
    'onverwacht' (een bug)."""
    if r.status_code >= 500:
        return "serverfout", r.text[:2000]
    if MASKER in r.text or "Traceback" in r.text:
        return "gemaskeerd", r.text[:2000]
    if r.status_code in (400, 413):
        return str(r.status_code), None
    body = r.json() if r.status_code == 200 else {}
    if body.get("errors"):
        # Alleen fouten in de vraag of de variabelen: zonder pad, zonder gegevens.
        goed = body.get("data") is None and all("path" not in e for e in body["errors"])
        return ("vraagfout", None) if goed else ("onverwacht", body)
    resultaat = next(iter(body.get("data", {}).values()), None) if body.get("data") else None
    if not isinstance(resultaat, dict) or resultaat.get("__typename") not in RESULTAATTYPEN:
        return "onverwacht", (r.status_code, r.text[:2000])
    return resultaat["__typename"], resultaat


def http_uitkomst(r: Any) -> str:
    """Voor het verslag van vragen en ruwe HTTP: 'serverfout', 'gemaskeerd', 'vraagfout' (een
    200 met fouten) of de statuscode."""
    if r.status_code >= 500:
        return "serverfout"
    if MASKER in r.text or "Traceback" in r.text:
        return "gemaskeerd"
    try:
        fouten = r.status_code == 200 and isinstance(r.json(), dict) and r.json().get("errors")
    except ValueError:  # geen JSON (GraphiQL of een lege 200)
        fouten = False
    return "vraagfout" if fouten else str(r.status_code)


def noteer(w: Wereld, mutatie: str, uitkomst: str, r: Any) -> None:
    """Een regel in het verslag; bij een fout in de vraag het begin van de melding."""
    if VERSLAG:
        detail = ""
        if uitkomst == "vraagfout":
            detail = r.json()["errors"][0]["message"][:60].encode("ascii", "replace").decode()
        with Path(VERSLAG).open("a") as f:
            f.write(f"{w.database}\t{mutatie}\t{uitkomst}\t{' '.join(detail.split())}\n")


PUNT = f"query($id: ID!, $g: Date) {{ afspraak(id: $id, geldigOp: $g) {{ {AFSPRAAK_VELDEN} }} }}"
LIJST = f"""query($after: String, $g: Date) {{ afspraken(first: 100, after: $after, geldigOp: $g) {{
  edges {{ node {{ {AFSPRAAK_VELDEN} }} }} }} }}"""


def lees(w: Wereld, query: str, variabelen: dict[str, Any]) -> dict[str, Any]:
    r = stuur(w, query, variabelen, w.tokens["beheerder"])
    assert r.status_code == 200 and "errors" not in r.json(), r.text[:2000]
    return r.json()["data"]  # type: ignore[no-any-return]


def leesbaar(w: Wereld, resultaat: dict[str, Any]) -> None:
    """Wat is opgeslagen, is via elke vraag te lezen: de geschiedenis, de afspraak op de dag
    waarop het antwoord haar toonde (de geldigheid van de gebeurtenis, anders die van het
    vastleggen), en de lijst vanaf de afspraak vóór haar (het doel kan ook een oude afspraak
    zijn, zoals de vertrouwelijke)."""
    x = resultaat["afspraak"]["id"]
    geschiedenis = lees(w, GESCHIEDENIS, {"id": x})["gebeurtenissen"]
    assert geschiedenis[-1]["versie"] == resultaat["gebeurtenis"]["versie"]
    dagen = [resultaat["gebeurtenis"]["geldigVanaf"], geschiedenis[0]["geldigVanaf"]]
    dag = next((d for d in dagen if lees(w, PUNT, {"id": x, "g": d})["afspraak"]), None)
    assert dag is not None, dagen
    assert lees(w, PUNT, {"id": x, "g": dag})["afspraak"] == resultaat["afspraak"]
    lijst = lees(w, LIJST, {"after": cursor_voor(w, x), "g": dag})["afspraken"]["edges"]
    assert lijst[0]["node"]["id"] == x


def cursor_voor(w: Wereld, x: str) -> str | None:
    """De cursor van de afspraak die in de lijst vlak vóór x staat (None: x is de eerste), zodat
    x bovenaan de volgende pagina hoort te staan."""
    with w.systeem.engine.connect() as conn:
        eigen = select(afspraken.c.volgnummer).where(afspraken.c.id == x).scalar_subquery()
        aid = conn.execute(select(afspraken.c.id).where(afspraken.c.volgnummer < eigen)
                           .order_by(afspraken.c.volgnummer.desc()).limit(1)).scalar()
    return None if aid is None else base64.urlsafe_b64encode(f"afspraak:{aid}".encode()).decode()


# -- de tests -----------------------------------------------------------------------------------


def test_de_generator_kent_alle_mutaties_van_het_schema() -> None:
    assert len(MUTATIES) == 21 and {"afspraakVastleggen", "abonnementAanmaken"} <= set(MUTATIES)
    assert GQL.mutation_type is not None
    assert set(GQL.mutation_type.fields) - set(MUTATIES) == {  # zonder invoer, alleen een id
        "integriteitControleren", "abonnementOpzeggen", "abonnementGeheimVernieuwen",
        "abonnementDodeBrievenOpnieuw"}


@pytest.mark.parametrize("mutatie", MUTATIES)
@INSTELLING
@given(data=st.data())
def test_vijandige_invoer_geeft_een_getypeerd_antwoord_en_slaat_alleen_geldigs_op(
        wereld: Wereld, mutatie: str, data: st.DataObject) -> None:
    w = wereld
    doel = w.doel(mutatie)
    i = data.draw(invoer(mutatie, w, doel), label="input")
    rol = data.draw(st.sampled_from(["beheerder"] * 5 + ["partij"] * 2 + [
        "geen partij", "anoniem", "onzin"]), label="rol")
    invoer_type = invoertype(mutatie).name
    query = f"mutation($i: {invoer_type}!) {{ {mutatie}(input: $i) {RESULTAAT} }}"
    positie = w.systeem.laatste_positie()
    r = stuur(w, query, {"i": i}, w.tokens[rol])
    uitkomst, resultaat = uitkomst_van(r)
    noteer(w, mutatie, uitkomst, r)
    assert uitkomst not in ("serverfout", "gemaskeerd", "onverwacht"), resultaat
    if uitkomst != "AfspraakOpgeslagen":
        assert w.systeem.laatste_positie() == positie, (uitkomst, resultaat)
        return
    assert w.systeem.laatste_positie() == positie + 1
    assert rol in ("beheerder", "partij") or (rol, mutatie) == ("geen partij",
                                                                "afspraakVastleggen")
    leesbaar(w, resultaat)
    if mutatie != "afspraakVastleggen":
        w.doelen[mutatie] = None


VRAAG = """query($id: ID!, $g: Date, $j: Date, $b: Date, $o: DateTime, $f: AfspraakFilter,
  $first: Int, $after: String, $soort: String, $vf: VerplichtingFilter, $vafter: String) {
  afspraak(id: $id, geldigOp: $g, juridischWerkendOp: $j, bekendOp: $b, ontvangenOp: $o) {
    """ + AFSPRAAK_VELDEN + """ }
  afspraken(filter: $f, geldigOp: $g, juridischWerkendOp: $j, bekendOp: $b, ontvangenOp: $o,
            first: $first, after: $after) { edges { cursor node { id titel } }
            pageInfo { hasNextPage endCursor } }
  gebeurtenissen(afspraakId: $id) { id versie soort }
  verplichtingen(filter: $vf, geldigOp: $g, juridischWerkendOp: $j, bekendOp: $b,
                 ontvangenOp: $o, first: $first, after: $vafter) {
    edges { cursor node { afspraak { id titel } verplichting { id omschrijving } } }
    pageInfo { hasNextPage endCursor } }
  overheden(soort: $soort) { id } }"""
VRAAGFOUTEN = {
    "first moet tussen 0 en 100 liggen.", "De cursor in 'after' is ongeldig.",
    "ontvangenOp ligt in UTC buiten de jaren 1 tot en met 9999.",
    "partijSoort kent alleen MINISTERIE, PROVINCIE, GEMEENTE, WATERSCHAP, ZBO, "
    "SAMENWERKINGSORGANISATIE, KOEPEL, OVERIG.",
    "binding kent alleen WETTELIJK, BESTUURLIJK, GEVRAAGD, VOORGESTELD.",
    "uiterlijkTot verwacht JJJJ, JJJJ-MM of JJJJ-MM-DD (een bestaande datum)."}


@INSTELLING
@given(data=st.data())
def test_vijandige_vragen_geven_een_antwoord_of_een_fout_in_de_vraag(
        wereld: Wereld, data: st.DataObject) -> None:
    w = wereld
    filter_ = st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "partij": st.one_of(st.sampled_from(OVERHEDEN), TEKST),
        "programma": TEKST, "soort": TEKST, "zoekterm": TEKST,
        "status": st.sampled_from(["VAN_KRACHT", "GEEN", ""])}), JSON)
    verplichting_filter = st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "partij": st.one_of(st.sampled_from(OVERHEDEN), TEKST),
        "partijSoort": st.one_of(st.sampled_from(["GEMEENTE", "PROVINCIE", "gemeente"]), TEKST),
        "status": st.sampled_from(["OPEN", "NAGEKOMEN", "GEEN", ""]),
        "binding": st.one_of(st.sampled_from(["WETTELIJK", "GEVRAAGD"]), TEKST),
        "uiterlijkTot": st.one_of(DATUM, st.sampled_from(["2025", "2025-02", "0000", "9999"])),
        "afspraak": filter_}), JSON)
    cursor = st.one_of(st.none(), TEKST, st.one_of(
        st.integers(-5, 2**70), st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, 2**63])).map(
        lambda n: base64.urlsafe_b64encode(f"afspraak:{n}".encode()).decode()))
    variabelen = data.draw(st.fixed_dictionaries({
        "id": gewogen((6, st.sampled_from([w.ander, w.geheim, str(uuid.uuid4())])),
                      (2, st.sampled_from(GEVAARLIJK)), (2, TEKST)),
        "g": st.one_of(st.none(), DATUM), "j": st.one_of(st.none(), DATUM),
        "b": st.one_of(st.none(), DATUM), "o": st.one_of(st.none(), DATUM.map(
            lambda d: d + "T12:00:00+14:00"), TEKST),
        "f": filter_, "first": st.one_of(st.none(), GETAL), "after": cursor,
        "soort": st.one_of(st.none(), TEKST), "vf": verplichting_filter,
        "vafter": st.one_of(st.none(), TEKST, st.tuples(
            st.sampled_from([w.ander, w.geheim, str(uuid.uuid4()), "x"]),
            st.sampled_from(["v1", "v2", "", "v1:v2"])).map(
            lambda t: base64.urlsafe_b64encode(f"verplichting:{t[0]}:{t[1]}".encode())
            .decode()))}), label="variabelen")
    rol = data.draw(st.sampled_from(list(w.tokens)), label="rol")
    positie = w.systeem.laatste_positie()
    r = stuur(w, VRAAG, variabelen, w.tokens[rol])
    noteer(w, "(vragen)", http_uitkomst(r), r)
    assert r.status_code < 500 and MASKER not in r.text, r.text[:2000]
    if r.status_code == 200 and r.json().get("errors"):
        body = r.json()
        assert all("path" not in e or e["message"] in VRAAGFOUTEN for e in body["errors"]), body
    if rol in ("anoniem", "geen partij", "onzin"):
        assert w.geheim not in r.text
    assert w.systeem.laatste_positie() == positie


CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "text/plain",
                 "application/graphql", "application/graphql-response+json",
                 "multipart/form-data; boundary=grens", "application/x-www-form-urlencoded",
                 "", "application/json; charset=latin-1", "*/*", "application/jsonx",
                 "text/html\x00"]
GELDIGE_VRAAG = {"query": "{ afspraken(first: 1) { edges { cursor } } }"}


@INSTELLING
@given(methode=st.sampled_from(["POST"] * 4 + ["GET", "PUT", "DELETE", "OPTIONS", "PATCH"]),
       content_type=st.one_of(st.sampled_from(CONTENT_TYPES), st.text(max_size=30)),
       lichaam=st.one_of(
           st.binary(max_size=300),
           JSON.map(lambda j: json.dumps(j).encode()),
           st.builds(lambda q, v: json.dumps({"query": q, "variables": v}).encode(),
                     TEKST, JSON),
           st.integers(1, 60).map(lambda n: json.dumps(GELDIGE_VRAAG).encode()[:n]),
           st.binary(max_size=5).map(lambda b: b'{"query": "{ __typename }", "x": "' + b
                                     + b'"}'),
           st.sampled_from([b"", b"null", b"42", b'"x"', b"[]", b"[null]", b"{}",
                            b'{"query": null}', b'{"query": "{ __typename }"}' * 2,
                            b'{"query": "{ __typename }", "variables": "x"}',
                            b'{"query": "{ __typename }", "operationName": {}}',
                            b'{"query": "{ __typename }", "extensions": []}',
                            b'\xef\xbb\xbf{"query": "{ __typename }"}',
                            b'{"query": "{ __typename }"}\x00'])))
def test_ruwe_http_geeft_nooit_een_serverfout(
        wereld: Wereld, methode: str, content_type: str, lichaam: bytes) -> None:
    w = wereld
    positie = w.systeem.laatste_positie()
    kop = {"content-type": content_type.encode("utf-8", "surrogatepass")}
    if methode == "GET":
        r = w.client.get("/graphql", headers=kop, params={
            "query": lichaam.decode("utf-8", "replace"), "variables": lichaam[:50].decode(
                "latin-1")})
    else:
        r = w.client.request(methode, "/graphql", headers=kop, content=lichaam)
    noteer(w, "(ruwe HTTP)", http_uitkomst(r), r)
    assert r.status_code < 500, (r.status_code, r.text[:2000])
    assert MASKER not in r.text and "Traceback" not in r.text
    assert w.systeem.laatste_positie() == positie


# -- vaste gevallen: wat de generator vond, blijft gevonden ----------------------------------

GELDIGE_INVOER: dict[str, dict[str, Any]] = {
    "afspraakVastleggen": {"titel": "Woondeal", "soort": "woondeal", "inhoud": "Afspraken.",
                           "partijen": DRIE_PARTIJEN[:2], "bronnen": [bron("2022-12-09")]},
    "afspraakWijzigen": {"titel": "Herziene titel"},
    "voortgangRapporteren": {"verslag": "Het voorstel is gereed."},
    "verplichtingVastleggen": {"verplichting": {"omschrijving": "Agenda opstellen",
                                                "partij": P_GELDERLAND}},
}


@pytest.mark.parametrize("teken", ["\ud800", "\udfff", "\ud83d", "\x00"])
@pytest.mark.parametrize("mutatie", sorted(GELDIGE_INVOER))
def test_een_losse_surrogaat_of_nul_in_geldige_invoer_is_een_fout_in_de_vraag(
        wereld: Wereld, mutatie: str, teken: str) -> None:
    """Zonder controle kwam een losse surrogaat tot de opslag en werd een gemaskeerde fout
    (UnicodeEncodeError); NUL kan PostgreSQL niet opslaan."""
    invoer = dict(GELDIGE_INVOER[mutatie])
    if mutatie != "afspraakVastleggen":
        x, versie = wereld.doel(mutatie)
        invoer = {"id": x, "verwachteVersie": versie, "toelichting": "Besluit",
                  "bronnen": [bron("2023-03-01")], **invoer}
    veld = {"afspraakVastleggen": "titel", "afspraakWijzigen": "titel",
            "voortgangRapporteren": "verslag", "verplichtingVastleggen": "toelichting"}[mutatie]
    invoer[veld] = f"voor{teken}na"
    positie = wereld.systeem.laatste_positie()
    query = (f"mutation($i: {invoertype(mutatie).name}!) {{ {mutatie}(input: $i) "
             "{ __typename } }")
    r = stuur(wereld, query, {"i": invoer}, wereld.tokens["beheerder"])
    assert uitkomst_van(r)[0] == "vraagfout", r.text
    assert r.json()["errors"][0]["message"].startswith("Tekst in het verzoek mag geen")
    assert wereld.systeem.laatste_positie() == positie
    invoer[veld] = "voor na"  # dezelfde invoer zonder het teken slaagt
    assert uitkomst_van(stuur(wereld, query, {"i": invoer}, wereld.tokens["beheerder"]))[0] == (
        "AfspraakOpgeslagen")
    wereld.doelen[mutatie] = None


@pytest.mark.parametrize(("query", "variabelen"), [
    ("query($id: ID!) { afspraak(id: $id) { id } }", {"id": "\ud800"}),
    ("query($id: ID!) { gebeurtenissen(afspraakId: $id) { id } }", {"id": "x\udc00"}),
    ("query($id: ID!) { gebeurtenissen(afspraakId: $id) { id } }", {"id": "\x00"}),
    ("query($z: String) { afspraken(filter: {zoekterm: $z}) { edges { cursor } } }",
     {"z": "\ud800"}),
    ("query($z: String) { afspraken(filter: {programma: $z}) { edges { cursor } } }",
     {"z": "a\x00"}),
    ('{ afspraak(id: "\\u0000") { id } }', {}),
    ('{ afspraken(filter: {zoekterm: "\\u0000"}) { edges { cursor } } }', {}),
    ('{ overheden(soort: "\\u0000") { id } }', {}),
])
def test_een_vraag_met_een_losse_surrogaat_of_nul_is_een_fout_in_de_vraag(
        wereld: Wereld, query: str, variabelen: dict[str, Any]) -> None:
    r = stuur(wereld, query, variabelen, None)
    assert uitkomst_van(r)[0] == "vraagfout", r.text
    assert r.json()["errors"][0]["message"].startswith("Tekst in het verzoek mag geen")


@pytest.mark.parametrize("ontvangen_op", ["0001-01-01T12:00:00+14:00",
                                          "9999-12-31T20:00:00-10:00"])
def test_een_ontvangenop_dat_in_utc_buiten_het_bereik_valt_is_een_fout_in_de_vraag(
        wereld: Wereld, ontvangen_op: str) -> None:
    """Gevonden door de vijandige vragen: de omrekening naar UTC liep over en werd een
    gemaskeerde fout, in de afspraak, de lijst en de verplichtingen."""
    for veld in (f'afspraak(id: "{wereld.ander}", ontvangenOp: $o) {{ id }}',
                 "afspraken(ontvangenOp: $o) { edges { cursor } }",
                 "verplichtingen(ontvangenOp: $o) { edges { cursor } }"):
        r = stuur(wereld, f"query($o: DateTime) {{ {veld} }}", {"o": ontvangen_op}, None)
        assert r.status_code == 200 and MASKER not in r.text, r.text
        assert [e["message"] for e in r.json()["errors"]] == [
            "ontvangenOp ligt in UTC buiten de jaren 1 tot en met 9999."], r.text


@pytest.mark.parametrize("n", ["0", "3", str(2**31), str(2**63), str(10**30), "-1",
                               str(uuid.UUID(int=0)), "onbekend", "geheim"])
def test_een_cursor_die_geen_zichtbare_afspraak_noemt_is_een_vraagfout(
        wereld: Wereld, n: str) -> None:
    """Een cursor noemt een afspraak, geen positie (posities zouden met hun gaten het aantal
    vertrouwelijke gebeurtenissen verraden). Een onbekende en een vertrouwelijke afspraak die
    de vrager niet mag zien geven dezelfde fout; een partij kan wel na haar verder lezen."""
    aid = {"onbekend": str(uuid.uuid4()), "geheim": wereld.geheim}.get(n, n)
    after = base64.urlsafe_b64encode(f"afspraak:{aid}".encode()).decode()
    query = "query($a: String) { afspraken(after: $a) { edges { cursor } } }"
    for token in (None, wereld.tokens["geen partij"]):
        r = stuur(wereld, query, {"a": after}, token)
        assert r.status_code == 200 and MASKER not in r.text, r.text
        assert [e["message"] for e in r.json()["errors"]] == [
            "De cursor in 'after' is ongeldig."], r.text
    if n == "geheim":
        r = stuur(wereld, query, {"a": after}, wereld.tokens["partij"])
        assert "errors" not in r.json(), r.text


@pytest.mark.parametrize("lichaam", [b"42", b'"x"', b"null", b"true", b"1.5",
                                     b'{"query": "\xff"}', b"\xff\xfe\x00", b"\xc3"])
def test_json_dat_geen_object_is_of_geen_utf8_is_een_400(wereld: Wereld, lichaam: bytes) -> None:
    """Strawberry gaf hier een 500 (AttributeError of UnicodeDecodeError)."""
    r = wereld.client.post("/graphql", content=lichaam,
                           headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert "Unable to parse request body as JSON" in r.text
