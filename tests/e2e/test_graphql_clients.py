"""GraphQL waarop een client kan bouwen (gql, Apollo, urql): een volledige Relay-PageInfo op
elke connectie, enums voor de gesloten woordenlijsten met dezelfde tekst als toen het Strings
waren, een `extensions.code` bij elke soort fout, en een cache-id (`peilId`) dat twee
peilmomenten van dezelfde afspraak uit elkaar houdt. Op SQLite en PostgreSQL, via de app en
met de Python-client gql tegen een echte server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport

from register.api.foutcodes import CODES
from register.api.schema import MASKER
from register.domein.overheden import SOORTEN, Overheden
from register.domein.waarden import (
    AFHECHTING_UITKOMSTEN, AFHECHTING_WIJZEN, BEDRAG_SOORTEN, BEWIJSKRACHT, DATUM_PRECISIES,
    GEBEURTENIS_AARDEN, PARTIJ_BINDING, RELATIE_SOORTEN, STANDPUNTEN, VERPLICHTING_BINDING,
    VERWIJZING_SOORTEN,
)
from tests.e2e.conftest import MaakClient
from tests.e2e.test_server import register_serve
from tests.hulp import (
    M_BZK, P_GELDERLAND, bron, gql, gql_antwoord, leg_vast, muteer,
)

# -- PageInfo -----------------------------------------------------------------------------------

PAGEINFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
CONNECTIES = {
    "afspraken": "query($first: Int, $after: String) { c: afspraken(first: $first, "
                 "after: $after) { edges { cursor node { id } } " + PAGEINFO + " } }",
    "verplichtingen": "query($first: Int, $after: String) { c: verplichtingen(first: $first, "
                      "after: $after) { edges { cursor node { verplichting { peilId } } } "
                      + PAGEINFO + " } }",
    "tijdlijn": "query($first: Int, $after: String) { c: tijdlijn(first: $first, "
                "after: $after) { edges { cursor node { id } } " + PAGEINFO + " } }",
}


def _node_sleutel(node: dict[str, Any]) -> str:
    return node.get("id") or node["verplichting"]["peilId"]


def _blader(client: TestClient, query: str, per_pagina: int) -> list[dict[str, Any]]:
    """Alle pagina's van een connectie, vooruit met first/after."""
    paginas: list[dict[str, Any]] = []
    na = None
    while True:
        c = gql(client, query, {"first": per_pagina, "after": na})["c"]
        paginas.append(c)
        if not c["pageInfo"]["hasNextPage"]:
            return paginas
        na = c["pageInfo"]["endCursor"]
        assert len(paginas) < 50, "de paginering eindigt niet"


@pytest.fixture
def vijf_afspraken(client: TestClient, token_bzk: str) -> list[str]:
    return [leg_vast(client, token_bzk, titel=f"Afspraak {i}", verplichtingen=[
        {"omschrijving": f"Stap {i}.{j}", "partij": P_GELDERLAND} for j in range(2)])
        for i in range(5)]


@pytest.mark.parametrize("connectie", sorted(CONNECTIES))
def test_pageinfo_klopt_op_elke_pagina_van_elke_connectie(
        client: TestClient, vijf_afspraken: list[str], connectie: str) -> None:
    query = CONNECTIES[connectie]
    alles = gql(client, query, {"first": 100})["c"]
    verwacht = [_node_sleutel(e["node"]) for e in alles["edges"]]
    assert len(verwacht) >= 5 and alles["pageInfo"]["hasPreviousPage"] is False
    paginas = _blader(client, query, 2)
    assert len(paginas) >= 3
    for i, p in enumerate(paginas):
        info, edges = p["pageInfo"], p["edges"]
        assert info["hasPreviousPage"] is (i > 0), (i, info)
        assert info["hasNextPage"] is (i < len(paginas) - 1), (i, info)
        assert info["startCursor"] == (edges[0]["cursor"] if edges else None)
        assert info["endCursor"] == (edges[-1]["cursor"] if edges else None)
    gelezen = [_node_sleutel(e["node"]) for p in paginas for e in p["edges"]]
    assert gelezen == verwacht  # elk item precies één keer, in dezelfde volgorde


@pytest.mark.parametrize("connectie", sorted(CONNECTIES))
def test_een_lege_pagina_heeft_geen_cursors(
        client: TestClient, vijf_afspraken: list[str], connectie: str) -> None:
    c = gql(client, CONNECTIES[connectie], {"first": 0})["c"]
    assert c["edges"] == []
    assert c["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": False,
                             "startCursor": None, "endCursor": None}


# -- enums ----------------------------------------------------------------------------------------

ENUMVELDEN = {
    ("Partij", "binding"): ("PartijBinding", PARTIJ_BINDING),
    ("Partij", "standpunt"): ("Standpunt", STANDPUNTEN),
    ("Verplichting", "binding"): ("VerplichtingBinding", VERPLICHTING_BINDING),
    ("Verplichting", "afhechting"): ("AfhechtingUitkomst", AFHECHTING_UITKOMSTEN),
    ("Bron", "bewijskracht"): ("Bewijskracht", BEWIJSKRACHT),
    ("Bron", "datumPrecisie"): ("DatumPrecisie", DATUM_PRECISIES),
    ("Gebeurtenis", "datumPrecisie"): ("DatumPrecisie", DATUM_PRECISIES),
    ("VageDatum", "precisie"): ("DatumPrecisie", DATUM_PRECISIES),
    ("Bedrag", "soort"): ("BedragSoort", BEDRAG_SOORTEN),
    ("Relatie", "soort"): ("RelatieSoort", RELATIE_SOORTEN),
    ("InkomendeRelatie", "soort"): ("RelatieSoort", RELATIE_SOORTEN),
    ("Overheid", "soort"): ("OverheidSoort", SOORTEN),
    ("Afhechting", "wijze"): ("AfhechtingWijze", AFHECHTING_WIJZEN),
    ("Verwijzing", "soort"): ("VerwijzingSoort", VERWIJZING_SOORTEN),
    ("Gebeurtenis", "aard"): ("GebeurtenisAard", GEBEURTENIS_AARDEN),
}
TYPEN = """query($t: String!) { __type(name: $t) { fields { name type { kind name
  ofType { kind name } } } } }"""
WAARDEN = """query($t: String!) { __type(name: $t) { kind enumValues { name } } }"""


def test_de_gesloten_woordenlijsten_zijn_enums_met_de_waarden_van_het_domein(
        client: TestClient) -> None:
    for (soort, veld), (enum, waarden) in ENUMVELDEN.items():
        velden = {f["name"]: f["type"] for f in gql(client, TYPEN, {"t": soort})["__type"]
                  ["fields"]}
        t = velden[veld]
        t = t["ofType"] if t["kind"] == "NON_NULL" else t
        assert (t["kind"], t["name"]) == ("ENUM", enum), (soort, veld, t)
        e = gql(client, WAARDEN, {"t": enum})["__type"]
        assert [w["name"] for w in e["enumValues"]] == list(waarden), enum


AFSPRAAK = """query($id: ID!, $geldigOp: Date) { afspraak(id: $id, geldigOp: $geldigOp) {
  partijen { overheid { soort } binding standpunt }
  verplichtingen { binding afhechting uiterlijk { precisie } }
  bedragen { soort }
  relaties { soort }
  afhechting { wijze }
  gebeurtenissen { aard datumPrecisie bronnen { bewijskracht datumPrecisie
                   verwijzingen { soort } } } } }"""


def test_enums_geven_dezelfde_tekst_als_de_strings_van_vroeger(
        client: TestClient, token_bzk: str, token_gelderland: str) -> None:
    """De invoer blijft een String en hoofdletterongevoelig; het antwoord is precies de tekst
    die het veld als String gaf."""
    ander = leg_vast(client, token_bzk, titel="Programma")
    aid = leg_vast(
        client, token_bzk,
        partijen=[{"overheid": M_BZK, "rol": "opdrachtgever", "binding": "ondertekenaar"},
                  {"overheid": P_GELDERLAND, "rol": "uitvoerder", "binding": "Betrokken"}],
        verplichtingen=[{"omschrijving": "Plan", "partij": P_GELDERLAND, "uiterlijk": "2023-07",
                         "binding": "wettelijk"}],
        bedragen=[{"omschrijving": "Bijdrage", "bedrag": "5", "soort": "maximum"}],
        relaties=[{"soort": "uitwerking_van", "naar": ander}],
        bronnen=[{**bron("2022-12-01"), "bewijskracht": "impliciet", "datumPrecisie": "maand",
                  "verwijzingen": ["Kamerstuk 34 682, nr. 100"]}])
    r = muteer(client, "standpuntInnemen", {
        "id": aid, "verwachteVersie": 1, "toelichting": "Brief", "overheid": P_GELDERLAND,
        "standpunt": "voorwaardelijk", "voorwaarden": "Als het Rijk betaalt",
        "bronnen": [bron("2023-01-05")]}, token_gelderland)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    r = muteer(client, "afspraakAfhechten", {
        "id": aid, "verwachteVersie": 2, "toelichting": "Klaar", "wijze": "nagekomen",
        "geldigVanaf": "2024-01-01", "bronnen": [bron("2024-01-01")],
        "verplichtingen": [{"verplichting": "v1", "uitkomst": "voortgezet"}]}, token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    a = gql(client, AFSPRAAK, {"id": aid, "geldigOp": "2024-02-01"})["afspraak"]
    assert a["partijen"] == [
        {"overheid": {"soort": "MINISTERIE"}, "binding": "ONDERTEKENAAR", "standpunt": None},
        {"overheid": {"soort": "PROVINCIE"}, "binding": "BETROKKEN",
         "standpunt": "VOORWAARDELIJK"}]
    assert a["verplichtingen"] == [{"binding": "WETTELIJK", "afhechting": "VOORTGEZET",
                                    "uiterlijk": {"precisie": "MAAND"}}]
    assert a["bedragen"] == [{"soort": "MAXIMUM"}]
    assert a["relaties"] == [{"soort": "UITWERKING_VAN"}]
    assert a["afhechting"] == {"wijze": "NAGEKOMEN"}
    eerste = a["gebeurtenissen"][0]
    assert (eerste["aard"], eerste["datumPrecisie"]) == ("VASTGELEGD", "DAG")
    assert eerste["bronnen"] == [{"bewijskracht": "IMPLICIET", "datumPrecisie": "MAAND",
                                  "verwijzingen": [{"soort": "KAMERSTUK"}]}]


def test_filters_blijven_strings_accepteren_zoals_voorheen(
        client: TestClient, vijf_afspraken: list[str]) -> None:
    """Een letterlijke "PROVINCIE" (een String) blijft werken; een enum-invoer zou hem
    weigeren."""
    d = gql(client, """{ v: verplichtingen(first: 100, filter: {partijSoort: "PROVINCIE",
      binding: "BESTUURLIJK"}) { edges { node { verplichting { binding partij { soort } } } } }
      o: overheden(soort: "PROVINCIE") { soort } }""")
    assert len(d["v"]["edges"]) == 10
    assert {(e["node"]["verplichting"]["binding"], e["node"]["verplichting"]["partij"]["soort"])
            for e in d["v"]["edges"]} == {("BESTUURLIJK", "PROVINCIE")}
    assert len(d["o"]) >= 12 and {o["soort"] for o in d["o"]} == {"PROVINCIE"}


# -- cache-id per peilmoment ----------------------------------------------------------------------

PEIL = """query($id: ID!, $geldigOp: Date) { afspraak(id: $id, geldigOp: $geldigOp) {
  __typename id peilId titel bedragen { bedrag }
  verplichtingen { __typename id peilId uiterlijk { waarde } }
  relaties { naar { __typename id peilId titel } } } }"""


def _normaliseer(antwoorden: list[Any], sleutel: str) -> dict[str, dict[str, Any]]:
    """Zoals een normaliserende client-cache (Apollo, urql): elk object met een sleutel komt
    één keer in de cache; een tweede antwoord met dezelfde sleutel overschrijft het eerste.
    Geeft per sleutel de velden; een tegenspraak (zelfde sleutel, ander antwoord) faalt."""
    cache: dict[str, dict[str, Any]] = {}
    tegenspraak: list[str] = []

    def bezoek(w: Any) -> Any:
        if isinstance(w, list):
            return [bezoek(x) for x in w]
        if not isinstance(w, dict):
            return w
        velden = {k: bezoek(v) for k, v in w.items()}
        if w.get("__typename") in ("Afspraak", "Verplichting"):
            k = f"{w['__typename']}:{w[sleutel]}"
            oud = cache.setdefault(k, velden)
            if any(oud.get(n) != v for n, v in velden.items() if n in oud):
                tegenspraak.append(k)
            cache[k] = {**oud, **velden}
            return {"__ref": k}
        return velden

    for a in antwoorden:
        bezoek(a)
    assert not tegenspraak, tegenspraak
    return cache


def test_twee_peilmomenten_van_een_afspraak_hebben_elk_een_eigen_cache_id(
        client: TestClient, token_bzk: str) -> None:
    naar = leg_vast(client, token_bzk, titel="Regionaal programma")
    aid = leg_vast(client, token_bzk, relaties=[{"soort": "UITWERKING_VAN", "naar": naar}])
    r = muteer(client, "afspraakWijzigen", {
        "id": aid, "verwachteVersie": 1, "toelichting": "Nieuw besluit",
        "geldigVanaf": "2024-01-01", "bronnen": [bron("2024-01-01")],
        "bedragen": [{"omschrijving": "Rijksbijdrage", "bedrag": "2000000"}]}, token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    voor = gql(client, PEIL, {"id": aid, "geldigOp": "2023-06-01"})["afspraak"]
    na = gql(client, PEIL, {"id": aid, "geldigOp": "2024-06-01"})["afspraak"]
    assert voor["id"] == na["id"] and voor["bedragen"] != na["bedragen"]
    assert voor["peilId"] != na["peilId"]
    assert voor["verplichtingen"][0]["peilId"] != na["verplichtingen"][0]["peilId"]
    # Hetzelfde peilmoment geeft hetzelfde id: de cache voegt het samen.
    assert gql(client, PEIL, {"id": aid, "geldigOp": "2023-06-01"})["afspraak"] == voor
    # Een relatie wijst naar de andere afspraak op hetzelfde peilmoment, met het id dat een
    # vraag naar die afspraak op dat moment ook geeft.
    doel = gql(client, PEIL, {"id": naar, "geldigOp": "2023-06-01"})["afspraak"]
    assert voor["relaties"][0]["naar"]["peilId"] == doel["peilId"]
    # Op `id` mengt een cache de twee peilmomenten; op `peilId` niet.
    with pytest.raises(AssertionError, match="Afspraak:"):
        _normaliseer([voor, na], "id")
    cache = _normaliseer([voor, na, doel], "peilId")
    assert cache[f"Afspraak:{voor['peilId']}"]["bedragen"] == voor["bedragen"]
    assert cache[f"Afspraak:{na['peilId']}"]["bedragen"] == na["bedragen"]


def test_verplichtingen_van_verschillende_afspraken_hebben_verschillende_cache_ids(
        client: TestClient, vijf_afspraken: list[str]) -> None:
    """Verplichting.id is een nummer binnen de afspraak ('v1'): in elke afspraak hetzelfde."""
    d = gql(client, """{ afspraken(first: 10) { edges { node {
      verplichtingen { __typename id peilId uiterlijk { waarde } omschrijving } } } } }""")
    vs = [v for e in d["afspraken"]["edges"] for v in e["node"]["verplichtingen"]]
    assert len(vs) == 10 and len({v["id"] for v in vs}) == 2
    assert len({v["peilId"] for v in vs}) == 10
    with pytest.raises(AssertionError, match="Verplichting:"):
        _normaliseer([d], "id")
    _normaliseer([d], "peilId")


# -- extensions.code op elke fout -----------------------------------------------------------------

LIJST = "{ afspraken(first: 1) { edges { cursor } } }"
# Per geval: het verzoek, de code, en een stuk van de melding (welke grens of regel het was).
FOUTEN: dict[str, tuple[dict[str, Any], str]] = {
    "syntax": ({"query": "{ afspraken { "}, "SYNTAXFOUT"),
    "onbekend veld": ({"query": "{ bestaatNiet }"}, "ONGELDIGE_VRAAG"),
    "verkeerd argumenttype": ({"query": '{ afspraken(first: "x") { edges { cursor } } }'},
                              "ONGELDIGE_VRAAG"),
    "enum als string": ({"query": '{ afspraken(filter: {status: "VAN_KRACHT"}) '
                                  "{ edges { cursor } } }"}, "ONGELDIGE_VRAAG"),
    "ongeldige datum": ({"query": '{ afspraak(id: "x", geldigOp: "2024-13-01") { id } }'},
                        "ONGELDIGE_VRAAG"),
    "lege selectie": ({"query": "{}"}, "ONGELDIGE_VRAAG"),
    "variabele van verkeerd type": (
        {"query": "query($f: Int) { afspraken(first: $f) { edges { cursor } } }",
         "variables": {"f": "x"}}, "ONGELDIGE_VARIABELEN"),
    "verplichte variabele ontbreekt": (
        {"query": "query($f: Int!) { afspraken(first: $f) { edges { cursor } } }"},
        "ONGELDIGE_VARIABELEN"),
    "datum in variabele": (
        {"query": "query($d: Date) { afspraken(geldigOp: $d) { edges { cursor } } }",
         "variables": {"d": "gisteren"}}, "ONGELDIGE_VARIABELEN"),
    "first te groot": ({"query": "{ afspraken(first: 1000) { edges { cursor } } }"},
                       "ONGELDIGE_INVOER"),
    "onbekende partijsoort": ({"query": '{ verplichtingen(filter: {partijSoort: "DORP"}) '
                                        "{ edges { cursor } } }"}, "ONGELDIGE_INVOER"),
    "NUL in tekst": ({"query": "query($z: String) { afspraken(filter: {zoekterm: $z}) "
                               "{ edges { cursor } } }", "variables": {"z": "a\x00b"}},
                     "ONGELDIGE_INVOER"),
    "ongeldige cursor": ({"query": '{ afspraken(after: "zzz") { edges { cursor } } }'},
                         "ONGELDIGE_CURSOR"),
    "tijdlijncursor": ({"query": '{ tijdlijn(after: "zzz") { edges { cursor } } }'},
                       "ONGELDIGE_CURSOR"),
    "volledige controle zonder beheerder": (
        {"query": "{ integriteit(controleer: true) { status } }"}, "NIET_TOEGESTAAN"),
    "meerdere operaties": ({"query": "query A { __typename } query B { __typename }"},
                           "OPERATIENAAM_ONTBREEKT"),
    "onbekende operatie": ({"query": "query A { __typename }", "operationName": "B"},
                           "ONBEKENDE_OPERATIE"),
    "te diep": ({"query": '{ afspraak(id: "x") { relaties { naar { relaties { naar { '
                          "relaties { naar { relaties { naar { id } } } } } } } } } }"},
                "TE_DUUR"),
    "te veel aliassen": ({"query": "{ " + " ".join(f"a{i}: __typename" for i in range(9))
                                   + " }"}, "TE_DUUR"),
    "te veel tokens": ({"query": "{ " + " ".join("__typename" for _ in range(400)) + " }"},
                       "TE_DUUR"),
    "te groot antwoord": ({"query": "{ afspraken(first: 100) { edges { node { id titel "
                                    "partijen { rol } } } } }"}, "TE_DUUR"),
}


@pytest.fixture
def streng(maak_client: MaakClient) -> TestClient:
    """De app met lage grenzen, zodat elke grens met een kleine vraag te raken is."""
    return maak_client(max_diepte=6, max_aliassen=8, max_tokens=300, max_velden_anoniem=500)


@pytest.mark.parametrize("geval", sorted(FOUTEN))
def test_elke_fout_heeft_een_code(streng: TestClient, geval: str) -> None:
    verzoek, code = FOUTEN[geval]
    r = streng.post("/graphql", json=verzoek)
    assert r.status_code == 200, r.text
    fouten = r.json()["errors"]
    assert [f["extensions"]["code"] for f in fouten] == [code] * len(fouten), fouten
    assert code in CODES
    # De grenzen zelf, niet de raming vooraf (die ook TE_DUUR geeft):
    grens = {"te diep": "depth", "te veel aliassen": "aliases", "te veel tokens": "tokens"}
    assert grens.get(geval, "") in fouten[0]["message"]
    assert MASKER not in r.text and "Traceback" not in r.text


def test_de_codes_tellen_in_de_metrieken(streng: TestClient) -> None:
    for geval in ("syntax", "variabele van verkeerd type", "ongeldige cursor"):
        streng.post("/graphql", json=FOUTEN[geval][0])
    tekst = streng.get("/metrics").text
    for code in ("SYNTAXFOUT", "ONGELDIGE_VARIABELEN", "ONGELDIGE_CURSOR"):
        assert f'register_graphql_fouten_total{{code="{code}"}} 1.0' in tekst, code
    assert 'code="GRAPHQL"' not in tekst


def test_een_onverwachte_fout_is_intern_en_gemaskeerd(
        maak_client: MaakClient, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def kapot(*_: Any, **__: Any) -> Any:
        raise RuntimeError("verbinding met /srv/geheim.db mislukt")

    c = maak_client()
    monkeypatch.setattr(Overheden, "alle", kapot)
    caplog.set_level(logging.ERROR)
    r = c.post("/graphql", json={"query": "{ overheden { id } }"})
    fout = r.json()["errors"][0]
    assert (fout["message"], fout["extensions"]) == (MASKER, {"code": "INTERN"})
    assert "geheim" not in r.text and "Traceback" not in r.text
    assert any(rec.exc_info and rec.exc_info[0] is RuntimeError for rec in caplog.records)


def test_een_te_groot_verzoek_heeft_ook_een_code(maak_client: MaakClient) -> None:
    c = maak_client(max_verzoek_bytes=200)
    r = c.post("/graphql", json={"query": "{ " + "__typename " * 40 + "}"})
    assert r.status_code == 413
    assert r.json()["errors"][0]["extensions"] == {"code": "TE_GROOT"}


def test_een_mutatie_met_een_verwachte_fout_is_een_resultaat_geen_error(
        client: TestClient, token_bzk: str) -> None:
    """Verwachte fouten blijven leden van de resultaat-unie, met hun eigen code."""
    status, body = gql_antwoord(client, """mutation($i: AfspraakWijzigenInput!) {
      afspraakWijzigen(input: $i) { __typename ... on Fout { code } } }""", {"i": {
        "id": "00000000-0000-4000-8000-000000000000", "verwachteVersie": 1,
        "toelichting": "x", "bronnen": [bron("2024-01-01")]}}, token_bzk)
    assert status == 200 and "errors" not in body
    assert body["data"]["afspraakWijzigen"] == {"__typename": "NietGevonden",
                                                "code": "NIET_GEVONDEN"}


# -- gql tegen een echte server -------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(demo_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`register serve` op de demodatabase, met werkprocessen: zware anonieme vragen lopen
    daar door een ander proces."""
    with register_serve(tmp_path_factory.mktemp("gql"), REGISTER_DATABASE_URL=demo_database,
                        REGISTER_WERKPROCESSEN="1") as poort:
        yield f"http://127.0.0.1:{poort}/graphql"


@pytest.fixture(scope="module")
def gql_client(server: str) -> Iterator[Client]:
    """gql haalt het schema op (introspectie), controleert elke vraag daartegen vóór het
    versturen en leest de antwoorden met de typen van het schema."""
    client = Client(transport=HTTPXTransport(url=server, timeout=60),
                    fetch_schema_from_transport=True, parse_results=True)
    with client as sessie:
        yield sessie  # type: ignore[misc]


PAGINA = """query Pagina($first: Int, $after: String) { afspraken(first: $first, after: $after) {
  edges { cursor node { id peilId partijen { binding standpunt overheid { soort } }
                        bedragen { soort } } }
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


def test_gql_bladert_door_alle_afspraken_en_leest_de_enums(gql_client: Any) -> None:
    alles = gql_client.execute(GraphQLRequest(PAGINA, variable_values={"first": 100}))
    ids = [e["node"]["id"] for e in alles["afspraken"]["edges"]]
    assert len(ids) >= 50
    gelezen: list[str] = []
    na = None
    for i in range(20):
        p = gql_client.execute(GraphQLRequest(PAGINA, variable_values={"first": 25,
                                                                        "after": na}))
        info = p["afspraken"]["pageInfo"]
        assert info["hasPreviousPage"] is (i > 0)
        assert info["startCursor"] == p["afspraken"]["edges"][0]["cursor"]
        gelezen += [e["node"]["id"] for e in p["afspraken"]["edges"]]
        if not info["hasNextPage"]:
            break
        na = info["endCursor"]
    assert gelezen == ids
    bindingen = {p["binding"] for e in alles["afspraken"]["edges"]
                 for p in e["node"]["partijen"]}
    assert bindingen and bindingen <= set(PARTIJ_BINDING)
    assert len({e["node"]["peilId"] for e in alles["afspraken"]["edges"]}) == len(ids)


def test_gql_krijgt_de_code_van_een_fout_op_de_server_en_in_een_werkproces(
        gql_client: Any) -> None:
    # Een opzoeking (in de server) en een zware anonieme vraag (in een werkproces).
    for eerste, velden in ((1, "id"), (100, "id titel partijen { rol binding } bedragen "
                                             "{ bedrag soort }")):
        vraag = GraphQLRequest("query($na: String) { afspraken(first: "
                               f"{eerste}, after: $na) {{ edges {{ node {{ {velden} }} }} }} }}",
                               variable_values={"na": "geen-cursor"})
        with pytest.raises(TransportQueryError) as fout:
            gql_client.execute(vraag)
        assert fout.value.errors is not None
        assert fout.value.errors[0]["extensions"]["code"] == "ONGELDIGE_CURSOR"


def test_andere_clients_zien_dezelfde_codes_zonder_schema(server: str) -> None:
    """Een client zonder schema (zoals Apollo zonder codegen) stuurt ook ongeldige vragen."""
    r = httpx.post(server, json={"query": "{ afspraken { bestaatNiet } }"}, timeout=30)
    assert r.json()["errors"][0]["extensions"]["code"] == "ONGELDIGE_VRAAG"
    r = httpx.post(server, json={"query": "query($f: Int) { afspraken(first: $f) { edges "
                                          "{ cursor } } }", "variables": {"f": "x"}}, timeout=30)
    assert r.json()["errors"][0]["extensions"]["code"] == "ONGELDIGE_VARIABELEN"

