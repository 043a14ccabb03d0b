"""De processen van docker-compose.yml, zonder Docker, op de PostgreSQL van de tests: eenmalig
`register demo`, twee API-processen (`register serve`) en één projectieproces (`register
projecties`), die een sleutelbestand en een database delen. Wat het ene API-proces schrijft,
leest het andere; wat buiten de API om geschreven wordt, verwerkt het projectieproces; beide
API's zijn gereed en geven op dezelfde vraag hetzelfde antwoord."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from register.systeem.samenstel import Systeem
from tests.conftest import _nieuwe_postgres_database, _verwijder_postgres_database
from tests.e2e.test_server import _vrije_poort
from tests.hulp import vastleggen_invoer
from tests.unit.conftest import leg_vast as leg_vast_in_register

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

REGISTER = str(Path(sys.executable).with_name("register"))
VASTLEGGEN = """mutation($i: AfspraakVastleggenInput!) { afspraakVastleggen(input: $i) {
  __typename ... on AfspraakOpgeslagen { afspraak { id } } } }"""
LIJST = "{ afspraken(first: 100) { edges { node { id titel versie status } } } }"


def _omgeving(url: str, map_: Path) -> dict[str, str]:
    """Zoals in compose: geen sleutel in de omgeving, wel een gedeeld sleutelbestand."""
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith("REGISTER_")}
    return {**omgeving, "REGISTER_DATABASE_URL": url,
            "REGISTER_SLEUTELBESTAND": str(map_ / "sleutel" / "register.sleutel")}


def _cli(omgeving: dict[str, str], *argumenten: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([REGISTER, *argumenten], env=omgeving, capture_output=True,
                          text=True, timeout=600)


def _wacht(voorwaarde: Callable[[], bool], seconden: float = 60) -> None:
    eind = time.monotonic() + seconden
    while not voorwaarde():
        assert time.monotonic() < eind, "niet op tijd"
        time.sleep(0.2)


def _gereed(url: str) -> bool:
    try:
        return httpx.get(url + "/gereed", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def pg_database(postgres_basis: str) -> Iterator[str]:
    url = _nieuwe_postgres_database(postgres_basis)
    yield url
    _verwijder_postgres_database(postgres_basis, url)


@pytest.fixture
def processen(pg_database: str, tmp_path: Path) -> Iterator[dict[str, Any]]:
    database_url = pg_database
    omgeving = _omgeving(database_url, tmp_path)
    eerste = _cli(omgeving, "demo")
    assert eerste.returncode == 0, eerste.stderr
    with ExitStack() as stapel:
        api = []
        for _ in range(2):
            poort = _vrije_poort()
            p = subprocess.Popen([REGISTER, "serve", "--port", str(poort)], env=omgeving,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            stapel.callback(_stop, p)
            api.append(f"http://127.0.0.1:{poort}")
        projecties = subprocess.Popen([REGISTER, "projecties", "--interval", "0.1"],
                                      env=omgeving, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
        stapel.callback(_stop, projecties)
        for a in api:
            _wacht(lambda a=a: _gereed(a))
        yield {"api": api, "omgeving": omgeving, "eerste": eerste, "url": database_url,
               "projecties": projecties}


def _stop(p: subprocess.Popen[bytes]) -> None:
    p.terminate()
    try:
        p.wait(15)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def _vraag(api: str, query: str, variabelen: dict[str, Any] | None = None,
           token: str | None = None) -> dict[str, Any]:
    kop = {"Authorization": f"Bearer {token}"} if token else {}
    r = httpx.post(api + "/graphql", json={"query": query, "variables": variabelen or {}},
                   headers=kop, timeout=60)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def test_twee_api_processen_en_een_projectieproces_werken_samen(
        processen: dict[str, Any]) -> None:
    a, b = processen["api"]
    omgeving = processen["omgeving"]
    # de eenmalige lading gaf één keer een token; een tweede start laat alles staan
    assert "Beheerderstoken" in processen["eerste"].stderr
    tweede = _cli(omgeving, "demo")
    assert tweede.returncode == 0 and "Beheerderstoken" not in tweede.stderr
    assert "niet nog eens" in tweede.stderr

    # beide API's zien dezelfde demo
    assert _vraag(a, LIJST) == _vraag(b, LIJST)
    assert len(_vraag(a, LIJST)["afspraken"]["edges"]) == 85

    # schrijven via het ene proces, lezen via het andere
    token = _cli(omgeving, "token", "aanmaken", "--overheid",
                 "urn:afsprakenregister:overheid:register", "--beheerder").stdout.strip()
    uit = _vraag(a, VASTLEGGEN, {"i": vastleggen_invoer(titel="Via proces A")}, token)
    aid = uit["afspraakVastleggen"]["afspraak"]["id"]
    gezien = _vraag(b, "query($id: ID!) { afspraak(id: $id) { titel } }", {"id": aid})
    assert gezien["afspraak"] == {"titel": "Via proces A"}

    # buiten de API om geschreven (zonder bijwerken): het projectieproces verwerkt het
    sleutel = Path(omgeving["REGISTER_SLEUTELBESTAND"]).read_text().strip()
    schrijver = Systeem(processen["url"], sleutel=bytes.fromhex(sleutel))
    try:
        nieuw = str(leg_vast_in_register(schrijver.register))
    finally:
        schrijver.sluit()

    def zichtbaar() -> bool:
        data = _vraag(b, "query($id: ID!) { afspraak(id: $id) { id } }", {"id": nieuw})
        return data["afspraak"] is not None

    _wacht(zichtbaar, 30)
    assert _cli(omgeving, "projecties", "--controleer").returncode == 0
    assert _gereed(a) and _gereed(b)
    assert processen["projecties"].poll() is None
