"""De REST-lees-API /v1 (NL API Design Rules) tegen de echte app, op SQLite en PostgreSQL:
hetzelfde antwoord als GraphQL (en het orakel) op elk peilmoment, voor willekeurige
geschiedenissen; het uitgewerkte voorbeeld van ontwerp §4; toegang; elke fout als
application/problem+json met een Nederlandse uitleg; en de grenzen aan wat een vraag kost."""

from __future__ import annotations

import contextlib
import os
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from register.api.bediening import Metrieken
from register.api.v1.probleem import registreer
from register.domein.afspraak import feit_van
from register.domein.fouten import RegisterFout
from register.domein.tijdreizen import Peilmoment, toestand_op
from register.systeem.samenstel import Systeem
from tests.conftest import StapKlok
from tests.e2e.conftest import MaakClient
from tests.e2e.test_werkvoorbeeld import voorbeeld  # noqa: F401 (fixture)
from tests.hulp import M_BZK, P_GELDERLAND, P_UTRECHT, gql, leg_vast
from tests.integration.test_leesmodellen import (
    _stap, _vastleggen, assen, peilmomenten, stappen,
)

PROBLEEM = "application/problem+json"

# De vragen aan GraphQL schrijft deze toets zelf (niet die van /v1): de velden van ontwerp §5.
PEIL = "$geldigOp: Date, $juridischWerkendOp: Date, $bekendOp: Date, $ontvangenOp: DateTime"
OP = ("geldigOp: $geldigOp, juridischWerkendOp: $juridischWerkendOp, bekendOp: $bekendOp, "
      "ontvangenOp: $ontvangenOp")
GEBEURTENIS = """id afspraakId versie soort aard geldigVanaf geldigTot juridischWerkendVanaf
  bekendOp ontvangenOp toelichting actor rectificeert bronnen { titel soort datum citaat }"""
AFSPRAAK = f"""query($id: ID!, {PEIL}) {{ afspraak(id: $id, {OP}) {{
  id titel soort inhoud programma gebieden status versie vertrouwelijk bindend betwist
  partijen {{ overheid {{ id naam soort }} naamInBron rol binding ondertekendOp standpunt }}
  verplichtingen {{ id omschrijving partij {{ id naam }} uiterlijk {{ waarde precisie tekst }}
                    binding status afhechting }}
  bedragen {{ omschrijving bedrag soort periode }}
  relaties {{ soort naar {{ id titel }} }}
  afhechting {{ wijze geldigVanaf toelichting vervangenDoor {{ id titel }} }}
  gebeurtenissen {{ {GEBEURTENIS} }} }} }}"""
AFSPRAKEN = f"""query($filter: AfspraakFilter, $first: Int, $after: String, {PEIL}) {{
  afspraken(filter: $filter, first: $first, after: $after, {OP}) {{
    edges {{ node {{ id titel status versie programma partijen {{ overheid {{ id }} rol }} }} }}
    pageInfo {{ hasNextPage endCursor }} }} }}"""
VERPLICHTINGEN = f"""query($filter: VerplichtingFilter, $first: Int, $after: String, {PEIL}) {{
  verplichtingen(filter: $filter, first: $first, after: $after, {OP}) {{
    edges {{ node {{ verplichting {{ id status binding uiterlijk {{ waarde }} partij {{ id }} }}
                     afspraak {{ id titel }} }} }}
    pageInfo {{ hasNextPage endCursor }} }} }}"""
GESCHIEDENIS = f"query($id: ID!) {{ gebeurtenissen(afspraakId: $id) {{ {GEBEURTENIS} }} }}"

# REST-filter -> GraphQL-filter
AFSPRAAKFILTERS: list[tuple[dict[str, str], dict[str, Any]]] = [
    ({}, {}), ({"partij": P_UTRECHT}, {"partij": P_UTRECHT}),
    ({"programma": "NPLG"}, {"programma": "NPLG"}), ({"status": "AFGEHECHT"}, {"status": "AFGEHECHT"}),
    ({"zoekterm": "gecorrigeerd"}, {"zoekterm": "gecorrigeerd"})]
VERPLICHTINGFILTERS: list[tuple[dict[str, str], dict[str, Any]]] = [
    ({}, {}), ({"partij": M_BZK}, {"partij": M_BZK}), ({"status": "NAGEKOMEN"}, {"status": "NAGEKOMEN"}),
    ({"afspraakStatus": "OPGESCHORT"}, {"afspraak": {"status": "OPGESCHORT"}}),
    ({"partijSoort": "PROVINCIE", "uiterlijkTot": "2024"},
     {"partijSoort": "PROVINCIE", "uiterlijkTot": "2024"})]


def kop(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def rest(client: TestClient, pad: str, token: str | None = None, **params: str
         ) -> dict[str, Any]:
    r = client.get(pad, params=params, headers=kop(token))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.headers["API-Version"] == "1.0.0"
    return r.json()  # type: ignore[no-any-return]


def probleem(r: httpx.Response, status: int) -> dict[str, Any]:
    """Een fout volgens RFC 9457 en de ADR: problem+json, status, title, detail, API-Version."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEEM
    assert r.headers["API-Version"] == "1.0.0"
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body  # type: ignore[no-any-return]


def deel(rest_: Any, graphql: Any) -> Any:
    """Het REST-antwoord beperkt tot de velden die de GraphQL-vraag vroeg."""
    if isinstance(graphql, dict) and isinstance(rest_, dict):
        return {k: deel(rest_.get(k), v) for k, v in graphql.items()}
    if isinstance(graphql, list) and isinstance(rest_, list):
        return [deel(a, b) for a, b in zip(rest_, graphql, strict=False)] + rest_[len(graphql):]
    return rest_


def peil_params(peil: Peilmoment) -> dict[str, str]:
    waarden = {"geldigOp": peil.geldig_op, "juridischWerkendOp": peil.juridisch_werkend_op,
               "bekendOp": peil.bekend_op, "ontvangenOp": peil.ontvangen_op}
    return {k: v.isoformat() for k, v in waarden.items() if v is not None}


def alle_rest(client: TestClient, pad: str, veld: str, params: dict[str, str],
              token: str | None = None) -> list[dict[str, Any]]:
    """Alle pagina's, door `_links.next` te volgen."""
    items: list[dict[str, Any]] = []
    body = rest(client, pad, token, **params)
    for _ in range(1000):
        items += body[veld]
        volgende = body["_links"].get("next")
        if volgende is None:
            return items
        r = client.get(volgende["href"], headers=kop(token))
        assert r.status_code == 200, r.text
        body = r.json()
    raise AssertionError("de paginering eindigt niet")


def alle_graphql(client: TestClient, vraag: str, veld: str, variabelen: dict[str, Any]
                 ) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    na = None
    for _ in range(1000):
        v = gql(client, vraag, {**variabelen, "after": na})[veld]
        items += [e["node"] for e in v["edges"]]
        if not v["pageInfo"]["hasNextPage"]:
            return items
        na = v["pageInfo"]["endCursor"]
    raise AssertionError("de paginering eindigt niet")


# -- hetzelfde als GraphQL en het orakel -----------------------------------------------------

@pytest.mark.slow
@settings(max_examples=int(os.environ.get("REGISTER_ORAKEL_AANTAL", "25")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(eerste=assen, reeks=stappen, peilen=st.lists(peilmomenten, min_size=1, max_size=4),
       afspraakfilter=st.sampled_from(AFSPRAAKFILTERS),
       verplichtingfilter=st.sampled_from(VERPLICHTINGFILTERS), limit=st.integers(1, 4))
def test_rest_antwoordt_op_elk_peilmoment_als_graphql_en_het_orakel(
        client: TestClient, systeem: Systeem, klok: StapKlok, eerste: dict[str, Any],
        reeks: list[tuple[str, dict[str, Any], int]], peilen: list[Peilmoment],
        afspraakfilter: tuple[dict[str, str], dict[str, Any]],
        verplichtingfilter: tuple[dict[str, str], dict[str, Any]], limit: int) -> None:
    """Willekeurige geschiedenissen en peilmomenten (dezelfde als de toets van de leesmodellen
    tegen het orakel). Hypothesis hergebruikt de database: de lijsten groeien per voorbeeld, en
    worden helemaal doorgebladerd."""
    klok.zet("2026-01-01T00:00:00+00:00")
    aid = _vastleggen(systeem, eerste)
    for soort, d, n in reeks:
        with contextlib.suppress(RegisterFout):
            _stap(systeem, aid, soort, d, n)
    systeem.bij_werken()
    feiten = [feit_van(e) for e in systeem.register.repository.event_store.get(
        systeem.register.afspraak(aid).id)]
    for peil in peilen:
        _vergelijk_afspraak(client, aid, peil, toestand_op(feiten, peil))
    # De hele geschiedenis, zonder peilmoment.
    geschiedenis = gql(client, GESCHIEDENIS, {"id": aid})["gebeurtenissen"]
    assert deel(rest(client, f"/v1/afspraken/{aid}/gebeurtenissen")["gebeurtenissen"],
                geschiedenis) == geschiedenis
    params = peil_params(peilen[0])
    rest_filter, gql_filter = afspraakfilter
    r = alle_rest(client, "/v1/afspraken", "afspraken", {**params, **rest_filter,
                                                          "limit": str(limit)})
    g = alle_graphql(client, AFSPRAKEN, "afspraken", {**params, "filter": gql_filter,
                                                      "first": limit})
    assert deel(r, g) == g and len(r) == len(g)
    assert all(a["_links"]["self"]["href"].split("/v1/")[1].startswith(f"afspraken/{a['id']}")
               for a in r)
    rest_filter, gql_filter = verplichtingfilter
    r = alle_rest(client, "/v1/verplichtingen", "verplichtingen",
                  {**params, **rest_filter, "limit": str(limit)})
    g = alle_graphql(client, VERPLICHTINGEN, "verplichtingen",
                     {**params, "filter": gql_filter, "first": limit})
    assert deel(r, g) == g and len(r) == len(g)


def _vergelijk_afspraak(client: TestClient, aid: str, peil: Peilmoment, verwacht: Any) -> None:
    params = peil_params(peil)
    r = client.get(f"/v1/afspraken/{aid}", params=params)
    g = gql(client, AFSPRAAK, {"id": aid, **params})["afspraak"]
    lijst = client.get(f"/v1/afspraken/{aid}/gebeurtenissen", params=params)
    if verwacht is None:  # ontwerp §4 regel 5: dan bestaat zij niet
        assert g is None
        probleem(r, 404)
        probleem(lijst, 404)
        return
    a = r.json()
    gebeurtenissen = g.pop("gebeurtenissen")
    assert deel(a, g) == g
    assert deel(lijst.json()["gebeurtenissen"], gebeurtenissen) == gebeurtenissen
    assert (a["titel"], a["status"], a["versie"], a["programma"]) == (
        verwacht.titel, verwacht.status, verwacht.versie, verwacht.programma)
    assert [(v["id"], v["status"], (v["uiterlijk"] or {}).get("waarde"))
            for v in a["verplichtingen"]] == [
        (v.id, v.status, v.uiterlijk.waarde if v.uiterlijk else None)
        for v in verwacht.verplichtingen]
    assert [x["versie"] for x in gebeurtenissen] == list(verwacht.zichtbare_versies)
    assert a["_links"]["self"]["href"] == str(r.url)


# -- het uitgewerkte voorbeeld van ontwerp §4 --------------------------------------------------

def test_het_uitgewerkte_voorbeeld_klopt_via_rest(client: TestClient,
                                                   voorbeeld: dict[str, Any]) -> None:  # noqa: F811
    x, y = voorbeeld["x"], voorbeeld["y"]

    def afspraak(**peil: str) -> dict[str, Any]:
        return rest(client, f"/v1/afspraken/{x}", **peil)

    def deadline(**peil: str) -> str:
        return afspraak(**peil)["verplichtingen"][0]["uiterlijk"]["waarde"]  # type: ignore[no-any-return]

    assert deadline(geldigOp="2023-03-01", ontvangenOp="2023-01-15T00:00:00Z") == "2023-06-03"
    assert deadline(geldigOp="2023-03-01") == "2023-06-30"
    assert deadline(geldigOp="2023-07-01") == "2023-10-01"
    assert afspraak(geldigOp="2024-02-01", juridischWerkendOp="2024-02-15"
                    )["bedragen"][0]["bedrag"] == "1000000.00"
    assert afspraak(geldigOp="2024-02-01", juridischWerkendOp="2024-03-02"
                    )["bedragen"][0]["bedrag"] == "2000000.00"
    assert afspraak(geldigOp="2024-12-31")["status"] == "VAN_KRACHT"
    a = afspraak(geldigOp="2025-01-02")
    assert a["status"] == "AFGEHECHT" and a["afhechting"]["wijze"] == "VERVANGEN"
    assert a["afhechting"]["vervangenDoor"] == {"id": y, "titel": "Opvolger"}
    assert afspraak(geldigOp="2025-01-02", bekendOp="2024-12-01")["status"] == "VAN_KRACHT"
    # een tijdstip in een andere tijdzone is hetzelfde moment
    assert afspraak(geldigOp="2025-01-02", ontvangenOp="2024-12-05T12:00:00+01:00"
                    )["status"] == "VAN_KRACHT"
    probleem(client.get(f"/v1/afspraken/{x}", params={"geldigOp": "2022-12-01"}), 404)
    # de gebeurtenissen: alle vijf, of wat op 1 maart 2023 bekend was
    assert [g["soort"] for g in rest(client, f"/v1/afspraken/{x}/gebeurtenissen")[
        "gebeurtenissen"]] == ["Vastgelegd", "Gerectificeerd", "VerplichtingGewijzigd",
                               "Gewijzigd", "Afgehecht"]
    assert [g["versie"] for g in rest(client, f"/v1/afspraken/{x}/gebeurtenissen",
                                      bekendOp="2023-03-01")["gebeurtenissen"]] == [1, 2]
    # de links van een afspraak houden het peilmoment vast
    links = afspraak(geldigOp="2023-07-01")["_links"]
    assert links["gebeurtenissen"]["href"].endswith(
        f"/v1/afspraken/{x}/gebeurtenissen?geldigOp=2023-07-01")
    verplichtingen = rest(client, "/v1/verplichtingen", geldigOp="2023-07-01",
                          partij=P_GELDERLAND)["verplichtingen"]
    assert [(v["afspraak"]["id"], v["verplichting"]["uiterlijk"]["waarde"])
            for v in verplichtingen] == [(x, "2023-10-01")]  # de opvolger bestaat dan nog niet


# -- toegang -----------------------------------------------------------------------------------

def test_een_vertrouwelijke_afspraak_is_via_rest_alleen_voor_haar_partijen(
        client: TestClient, token_bzk: str, token_gelderland: str, token_utrecht: str,
        beheerder: str) -> None:
    geheim = leg_vast(client, token_bzk, titel="Onderhandelingsmandaat", vertrouwelijk=True)
    openbaar = leg_vast(client, token_bzk, titel="Openbaar arrangement")
    onbekend = "00000000-0000-4000-8000-000000000000"
    for token in (None, token_utrecht):
        niet = probleem(client.get(f"/v1/afspraken/{geheim}", headers=kop(token)), 404)
        ook_niet = probleem(client.get(f"/v1/afspraken/{onbekend}", headers=kop(token)), 404)
        # niet te onderscheiden van een afspraak die niet bestaat (op het id na)
        assert niet["detail"].replace(geheim, "?") == ook_niet["detail"].replace(onbekend, "?")
        probleem(client.get(f"/v1/afspraken/{geheim}/gebeurtenissen", headers=kop(token)), 404)
        assert [a["id"] for a in rest(client, "/v1/afspraken", token)["afspraken"]] == [openbaar]
        assert {v["afspraak"]["id"] for v in rest(client, "/v1/verplichtingen", token)[
            "verplichtingen"]} == {openbaar}
    for token in (token_bzk, token_gelderland, beheerder):
        assert rest(client, f"/v1/afspraken/{geheim}", token)["vertrouwelijk"] is True
        assert [a["id"] for a in rest(client, "/v1/afspraken", token)["afspraken"]] == [
            geheim, openbaar]
    # de lezing via REST staat in het leesverslag, met het verzoek
    r = client.get(f"/v1/afspraken/{geheim}", params={"geldigOp": "2024-05-01"},
                   headers=kop(token_gelderland))
    verslag = gql(client, """query($id: ID!) { leesverslag(afspraakId: $id, first: 50) {
        edges { node { lezer { id } wat geldigOp verzoekId } } } }""", {"id": geheim},
                  token_bzk)["leesverslag"]["edges"]
    assert {"lezer": {"id": P_GELDERLAND}, "wat": "afspraak", "geldigOp": "2024-05-01",
            "verzoekId": r.headers["X-Request-ID"]} in [e["node"] for e in verslag]


def test_een_ongeldig_token_is_401_en_geen_stil_anoniem_lezen(client: TestClient) -> None:
    for token in ("ar_bestaat_niet", "een.jwt.dat-niet-klopt"):
        r = client.get("/v1/afspraken", headers=kop(token))
        probleem(r, 401)
        assert r.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_een_toegangstoken_zonder_leesscope_krijgt_403(client: TestClient) -> None:
    clients = client.app_state.clients  # type: ignore[attr-defined]
    client_id, geheim = clients.aanmaken(M_BZK, frozenset({"schrijven"}))
    r = client.post("/oauth/token", data={"grant_type": "client_credentials",
                                          "client_id": client_id, "client_secret": geheim})
    assert r.status_code == 200, r.text
    probleem(client.get("/v1/afspraken", headers=kop(r.json()["access_token"])), 403)


# -- fouten ------------------------------------------------------------------------------------

def test_elke_ongeldige_parameter_staat_samen_in_een_400(client: TestClient) -> None:
    r = client.get("/v1/afspraken", params=[
        ("geldigOp", "31-12-2023"), ("ontvangenOp", "gisteren"), ("status", "LOPEND"),
        ("limit", "0"), ("geldigop", "2023-01-01"), ("programma", "a"), ("programma", "b")])
    body = probleem(r, 400)
    fouten = {f["name"]: f["reason"] for f in body["invalidParams"]}
    assert set(fouten) == {"geldigOp", "ontvangenOp", "status", "limit", "geldigop",
                           "programma"}
    assert "is geen datum; schrijf JJJJ-MM-DD" in fouten["geldigOp"]
    assert "is geen tijdstip" in fouten["ontvangenOp"]
    assert fouten["status"].startswith("status kent alleen IN_VOORBEREIDING")
    assert fouten["limit"] == "limit moet een geheel getal van 1 tot en met 100 zijn."
    assert fouten["geldigop"].endswith("bedoelt u geldigOp?")
    assert "meer dan eens" in fouten["programma"]
    assert all(reden in body["detail"] for reden in fouten.values())


@pytest.mark.parametrize(("pad", "params", "in_detail"), [
    ("/v1/verplichtingen", {"partijSoort": "PROVINCIES"}, "partijSoort kent alleen"),
    ("/v1/verplichtingen", {"binding": "MISSCHIEN"}, "binding kent alleen"),
    ("/v1/verplichtingen", {"uiterlijkTot": "2023-13"}, "uiterlijkTot verwacht JJJJ"),
    ("/v1/afspraken", {"verwijzing": "iets"}, "niet herkend"),
    ("/v1/afspraken", {"cursor": "bm9n"}, "De cursor is ongeldig"),
    ("/v1/afspraken", {"limit": "101"}, "limit moet"),
    ("/v1/afspraken", {"limit": "²"}, "limit moet"),
    ("/v1/afspraken", {"ontvangenOp": "0001-01-01T00:00:00+14:00"}, "ontvangenOp"),
    ("/v1/afspraken", {"zoekterm": "a\x00b"}, "NUL-teken"),
])
def test_een_ongeldige_waarde_is_een_400_met_uitleg(
        client: TestClient, pad: str, params: dict[str, str], in_detail: str) -> None:
    assert in_detail in probleem(client.get(pad, params=params), 400)["detail"]


def test_een_cursor_van_een_verborgen_afspraak_is_gewoon_ongeldig(
        client: TestClient, token_bzk: str) -> None:
    leg_vast(client, token_bzk, titel="Geheim", vertrouwelijk=True)
    leg_vast(client, token_bzk, titel="Openbaar")
    eerste = rest(client, "/v1/afspraken", token_bzk, limit="1")
    cursor = parse_qs(urlsplit(eerste["_links"]["next"]["href"]).query)["cursor"][0]
    zonder = probleem(client.get("/v1/afspraken", params={"cursor": cursor}), 400)
    onzin = probleem(client.get("/v1/afspraken", params={"cursor": "bm9n"}), 400)
    assert zonder["detail"] == onzin["detail"]


def test_adressen_en_methoden_buiten_de_api_zijn_problemen(client: TestClient) -> None:
    # /core/no-trailing-slash: een 404, geen doorverwijzing
    r = client.get("/v1/afspraken/", follow_redirects=False)
    assert "eindigt nooit op '/'" in probleem(r, 404)["detail"]
    probleem(client.get("/v1/bestaat-niet"), 404)
    r = client.post("/v1/afspraken", json={})
    probleem(r, 405)
    assert r.headers["Allow"] == "GET, HEAD"


def test_head_geeft_de_koppen_van_get_zonder_lichaam(client: TestClient, token_bzk: str
                                                     ) -> None:
    leg_vast(client, token_bzk)
    get, head = client.get("/v1/afspraken"), client.head("/v1/afspraken")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"] != "0"


def test_een_validatiefout_van_fastapi_en_een_onverwachte_fout_zijn_ook_problemen() -> None:
    """De foutafhandeling van de sub-app geldt voor elke route erin (ook de feed): FastAPI's
    422 wordt een 400 met de parameters erbij, een onverwachte fout een 500 zonder details."""
    app = FastAPI()
    registreer(app, Metrieken())

    @app.get("/getal")
    def getal(n: int) -> int:
        return n

    @app.get("/stuk")
    def stuk() -> None:
        raise RuntimeError("geheim detail")

    c = TestClient(app, raise_server_exceptions=False)
    body = probleem(c.get("/getal", params={"n": "tien"}), 400)
    assert body["invalidParams"] == [{"name": "n", "reason": "n: is geen geheel getal."}]
    assert probleem(c.get("/getal"), 400)["invalidParams"][0]["reason"] == "n: ontbreekt."
    r = c.get("/stuk")
    assert "geheim" not in probleem(r, 500)["detail"]
    assert r.headers["Access-Control-Allow-Origin"] == "*"


# -- wat een vraag kost ------------------------------------------------------------------------

def test_een_te_grote_anonieme_pagina_is_een_400_en_met_token_niet(
        maak_client: MaakClient, token_bzk: str) -> None:
    c = maak_client(max_velden_anoniem=2000)
    leg_vast(c, token_bzk)
    body = probleem(c.get("/v1/afspraken", params={"limit": "100"}), 400)
    assert "2000 velden zonder token" in body["detail"] and "limit" in body["detail"]
    assert len(rest(c, "/v1/afspraken", token_bzk, limit="100")["afspraken"]) == 1
    assert len(rest(c, "/v1/afspraken", limit="3")["afspraken"]) == 1


def test_zware_anonieme_vragen_wachten_in_hun_eigen_rij(
        maak_client: MaakClient, token_bzk: str) -> None:
    """Geen plaats in de rij voor zware anonieme vragen: 503 met Retry-After, terwijl een vraag
    met token en een opzoeking gewoon antwoorden (de poort van GraphQL)."""
    c = maak_client(gelijktijdig_zwaar_anoniem=0, wachttijd=0.05)
    aid = leg_vast(c, token_bzk)
    r = c.get("/v1/afspraken")
    assert "bezet" in probleem(r, 503)["detail"]
    assert r.headers["Retry-After"]
    assert len(rest(c, "/v1/afspraken", token_bzk)["afspraken"]) == 1
    assert rest(c, "/v1/afspraken", limit="1")["afspraken"][0]["id"] == aid
    assert rest(c, f"/v1/afspraken/{aid}")["id"] == aid


# -- koppen ------------------------------------------------------------------------------------

def test_elk_antwoord_draagt_api_version_en_cors_voor_elke_herkomst(client: TestClient) -> None:
    herkomst = {"Origin": "https://dashboard.example.org"}
    for pad in ("/v1/", "/v1/openapi.json", "/v1/afspraken", "/v1/afspraken/x",
                "/v1/afspraken?limit=x", "/v1/afspraken/"):
        r = client.get(pad, headers=herkomst)
        assert r.headers["API-Version"] == "1.0.0", pad
        assert r.headers["Access-Control-Allow-Origin"] == "*", pad
        assert r.headers["X-Content-Type-Options"] == "nosniff", pad
    r = client.options("/v1/afspraken", headers={
        **herkomst, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization"})
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"
    assert "authorization" in r.headers["Access-Control-Allow-Headers"].lower()


def test_de_beginpagina_wijst_naar_elke_bron(client: TestClient) -> None:
    links = rest(client, "/v1/")["_links"]
    for naam in ("afspraken", "verplichtingen", "openapi"):
        assert client.get(links[naam]["href"]).status_code == 200, naam
