"""Anonieme vragen boven de opzoekgrens draaien in een werkproces (api/werkplaats.py). Dat mag
aan een antwoord niets veranderen: dezelfde vragen geven via een werkproces en in de server
zelf byte voor byte hetzelfde antwoord, ook fouten; mutaties, vragen met een token en
opzoekingen blijven in de server; een werkproces dat wegvalt, geeft één 503 en daarna werkt
het register weer."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from register.api.app import maak_app
from register.systeem.instellingen import Instellingen
from tests.hulp import M_BZK, leg_vast, muteer, vastleggen_invoer

pytestmark = pytest.mark.slow  # werkprocessen

LIJST = """{ afspraken(first: 40) { pageInfo { hasNextPage endCursor }
  edges { node { id titel status versie partijen { overheid { id naam } rol ondertekendOp }
  gebeurtenissen { versie soort hash bekendOp bronnen { titel citaat } } } } } }"""
OP_EEN_MOMENT = """query($geldig: Date, $bekend: Date) {
  afspraken(first: 30, geldigOp: $geldig, bekendOp: $bekend) { edges { node {
  id titel inhoud verplichtingen { id omschrijving uiterlijk { waarde precisie } status } } } } }"""
VERPLICHTINGEN = """{ verplichtingen(first: 50) { edges { node {
  verplichting { id omschrijving status } afspraak { id titel } } } } }"""
# een afspraak die niet bestaat, is null (geen fout)
ONBEKEND = """{ a: afspraak(id: "00000000-0000-4000-8000-000000000000") { id titel }
  afspraken(first: 5) { edges { node { id titel soort programma gebieden } } } }"""
FOUT_IN_VRAAG = "{ afspraken(first: 100) { edges { node { bestaatNiet } } } }"
EENVOUDIG = "{ afspraken(first: 1) { edges { node { id } } } }"


def _peil_variabelen() -> dict[str, Any]:
    return {"geldig": "2023-06-01", "bekend": "2024-01-01"}


VRAGEN: list[tuple[str, dict[str, Any]]] = [
    (LIJST, {}), (OP_EEN_MOMENT, _peil_variabelen()), (OP_EEN_MOMENT, {}),
    (VERPLICHTINGEN, {}), (ONBEKEND, {}), (FOUT_IN_VRAAG, {}),
]


def _client(url: str, **instellingen: Any) -> Iterator[TestClient]:
    app = maak_app(Instellingen(database_url=url, **instellingen))
    with TestClient(app) as c:
        c.app_state = app.state  # type: ignore[attr-defined]
        yield c


@pytest.fixture
def met_werkproces(demo_database: str) -> Iterator[TestClient]:
    yield from _client(demo_database, werkprocessen=1)


@pytest.fixture
def zonder_werkproces(demo_database: str) -> Iterator[TestClient]:
    yield from _client(demo_database, werkprocessen=0)


def _post(c: TestClient, query: str, variabelen: dict[str, Any] | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    r = c.post("/graphql", json={"query": query, "variables": variabelen or {}},
               headers=headers or {})
    return r.status_code, r.content


def test_een_werkproces_geeft_hetzelfde_antwoord_als_de_server_zelf(
        met_werkproces: TestClient, zonder_werkproces: TestClient) -> None:
    werkplaats = met_werkproces.app_state.werkplaats  # type: ignore[attr-defined]
    assert zonder_werkproces.app_state.werkplaats is None  # type: ignore[attr-defined]
    for query, variabelen in VRAGEN:
        voor = werkplaats.uitgevoerd
        status, body = _post(met_werkproces, query, variabelen)
        assert (status, body) == _post(zonder_werkproces, query, variabelen), query
        assert werkplaats.uitgevoerd == voor + 1, f"niet in het werkproces: {query}"
        # echte antwoorden, geen lege; fouten alleen waar de vraag ze vraagt
        assert status == 200 and (b'"errors"' in body) == (query == FOUT_IN_VRAAG)
        assert (b'"edges":[{' in body) != (query == FOUT_IN_VRAAG), body[:300]
    assert _post(met_werkproces, LIJST)[1].count(b'"hash"') > 100


def test_opzoekingen_mutaties_en_vragen_met_een_token_blijven_in_de_server(
        database_url: str) -> None:
    for c in _client(database_url, werkprocessen=1):
        werkplaats = c.app_state.werkplaats  # type: ignore[attr-defined]
        token = c.app_state.tokens.aanmaken(M_BZK)  # type: ignore[attr-defined]
        leg_vast(c, token)  # een mutatie met een token
        anoniem = muteer(c, "afspraakVastleggen", vastleggen_invoer(), "")
        assert anoniem["__typename"] == "NietToegestaan"  # anoniem schrijft niet
        assert _post(c, EENVOUDIG)[0] == 200
        met_token = _post(c, LIJST, headers={"Authorization": f"Bearer {token}"})
        assert werkplaats.uitgevoerd == 0
        # een ongeldig token leest als anoniem, dus in het werkproces
        ongeldig = _post(c, LIJST, headers={"Authorization": "Bearer bestaat-niet"})
        assert werkplaats.uitgevoerd == 1
        assert met_token == ongeldig and met_token[1].count(b'"hash"') == 1


def test_een_budget_dat_in_het_werkproces_opraakt_geeft_dezelfde_fout(
        demo_database: str) -> None:
    for c in _client(demo_database, werkprocessen=1, max_seconden_per_vraag=0.0):
        status, body = _post(c, LIJST)
        assert status == 200 and b'"TE_DUUR"' in body and b'"data":null' in body
        assert c.app_state.werkplaats.uitgevoerd == 1  # type: ignore[attr-defined]


def test_een_werkproces_dat_wegvalt_geeft_een_503_en_daarna_werkt_het_weer(
        met_werkproces: TestClient) -> None:
    werkplaats = met_werkproces.app_state.werkplaats  # type: ignore[attr-defined]
    assert _post(met_werkproces, LIJST)[0] == 200
    (pid,) = werkplaats.pids()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    r = met_werkproces.post("/graphql", json={"query": LIJST})
    assert r.status_code == 503 and r.headers["retry-after"] == "2"
    assert r.json()["errors"][0]["extensions"]["code"] == "BEZET"
    status, body = _post(met_werkproces, LIJST)
    assert status == 200 and b'"hash"' in body
    assert werkplaats.pids() and werkplaats.pids() != [pid]


def test_het_werkproces_kent_de_ondertekensleutel(demo_database: str) -> None:
    """Een anonieme vraag naar het bewijs met handtekening draait in het werkproces; eerder
    kreeg dat de instellingen met gemaskeerde geheimen ('**********') en faalde het."""
    vraag = """{ afspraken(first: 3) { edges { node { id bewijs { boomgrootte
      ondertekening { publiekeSleutel handtekening } gebeurtenissen { versie blad } } } } } }"""
    for c in _client(demo_database, werkprocessen=1, ondertekensleutel="4d" * 32):
        status, body = _post(c, vraag)
        assert c.app_state.werkplaats.uitgevoerd == 1  # type: ignore[attr-defined]
        assert status == 200 and b'"errors"' not in body, body[:300]
        assert body.count(b'"handtekening"') == 3
