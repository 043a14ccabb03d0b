"""Gelijktijdige schrijvers over echte HTTP: 32 keer tegelijk `afspraakWijzigen` met dezelfde
verwachte versie, een paar rondes, op SQLite en PostgreSQL. Per versie wint er precies één, de
rest krijgt `VersieConflict`; geen gebeurtenis gaat verloren of komt dubbel; de leesmodellen
zijn daarna gelijk aan een volledige herbouw.

Twee opstellingen: de app met uvicorn in een thread van dit proces (één event loop), en uvicorn
als apart proces met vier workers (echt gelijktijdige schrijvers op één database). Alles luistert
alleen op 127.0.0.1; elke wachtlus is begrensd."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from register.api.app import maak_app
from register.api.schema import MASKER
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from tests.hulp import AFSPRAAK_VELDEN, BEHEER, GESCHIEDENIS, bron, tokens, vastleggen_invoer

pytestmark = pytest.mark.slow  # 32 schrijvers, ook in processen

SCHRIJVERS = 32
RONDES = 4
WIJZIGEN = """mutation($i: AfspraakWijzigenInput!) { afspraakWijzigen(input: $i) { __typename
  ... on AfspraakOpgeslagen { afspraak { versie titel } gebeurtenis { versie soort } }
  ... on Fout { code melding }
  ... on VersieConflict { verwachteVersie huidigeVersie } } }"""
VASTLEGGEN = """mutation($i: AfspraakVastleggenInput!) { afspraakVastleggen(input: $i) {
  __typename ... on AfspraakOpgeslagen { afspraak { id } } } }"""
STAND = [
    (f"query($id: ID!) {{ afspraak(id: $id) {{ {AFSPRAAK_VELDEN} }} }}", {}),
    (f"query($id: ID!) {{ afspraak(id: $id, geldigOp: \"2022-12-31\") {{ {AFSPRAAK_VELDEN} }} }}",
     {}),
    (GESCHIEDENIS, {}),
    (f"{{ afspraken(first: 100) {{ edges {{ cursor node {{ {AFSPRAAK_VELDEN} }} }} "
     "pageInfo { hasNextPage endCursor } } }", None),
    ('{ afspraken(filter: {zoekterm: "ronde"}, first: 100) { edges { node { id titel } } } }',
     None),
]


@dataclass
class Server:
    url: str
    stop: Any


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wacht_op(url: str, leeft: Any) -> None:
    for _ in range(300):  # hoogstens ~15 s
        if not leeft():
            raise AssertionError("de server stopte voordat hij klaar was")
        try:
            if httpx.get(url + "/gezondheid", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise AssertionError("de server kwam niet op")


@pytest.fixture
def in_thread(systeem: Systeem, database_url: str) -> Iterator[Server]:
    """uvicorn in een thread van dit proces, met de ingespoten klok van de tests."""
    app = maak_app(Instellingen(database_url=database_url), systeem)
    poort = _vrije_poort()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=poort,
                                           log_level="warning", lifespan="on"))
    draad = threading.Thread(target=server.run, daemon=True)
    draad.start()
    url = f"http://127.0.0.1:{poort}"
    _wacht_op(url, draad.is_alive)

    def stop() -> None:
        server.should_exit = True
        draad.join(timeout=10)
        server.force_exit = True  # open keep-alive-verbindingen niet afwachten
        draad.join(timeout=10)
        assert not draad.is_alive(), "de server stopte niet"

    yield Server(url, stop)
    if draad.is_alive():
        stop()


@contextmanager
def vier_workers(database_url: str, log_pad: Path) -> Iterator[Server]:
    """uvicorn als apart proces met vier workers: vier processen schrijven in één database.
    Na afloop staat er in de hele log geen fout, ook niet van het opstarten."""
    poort = _vrije_poort()
    log = log_pad.open("wb")
    env = {**os.environ, "REGISTER_DATABASE_URL": database_url}
    proces = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "register.api.app:maak_app",
         "--host", "127.0.0.1", "--port", str(poort), "--workers", "4", "--log-level",
         "info", "--no-access-log"], env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    url = f"http://127.0.0.1:{poort}"

    def stop() -> None:
        if proces.poll() is None:
            os.killpg(proces.pid, signal.SIGTERM)
            try:
                proces.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proces.pid, signal.SIGKILL)
                proces.wait(timeout=10)
        log.close()

    try:
        _wacht_op(url, lambda: proces.poll() is None)
        # Elke worker moet opgestart zijn voordat de eerste ronde begint.
        for _ in range(60):
            if log_pad.read_text(errors="replace").count("Application startup complete") == 4:
                break
            httpx.get(url + "/gezondheid", timeout=5)
            time.sleep(0.25)
        yield Server(url, stop)
    finally:
        stop()
    tekst = log_pad.read_text(errors="replace")
    assert "Traceback" not in tekst and "Exception" not in tekst, tekst[-5000:]
    assert tekst.count("Application startup complete") == 4, tekst[-5000:]


@pytest.fixture
def met_workers(systeem: Systeem, database_url: str, tmp_path: Path) -> Iterator[Server]:
    with vier_workers(database_url, tmp_path / "uvicorn.log") as server:
        yield server


async def post(c: httpx.AsyncClient, query: str, variabelen: dict[str, Any],
               token: str | None = None) -> dict[str, Any]:
    kop = {"Authorization": f"Bearer {token}"} if token else {}
    r = await c.post("/graphql", json={"query": query, "variables": variabelen}, headers=kop)
    assert r.status_code == 200 and MASKER not in r.text, (r.status_code, r.text[:2000])
    body = r.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def wijziging(x: str, versie: int, ronde: int, schrijver: int) -> dict[str, Any]:
    return {"id": x, "verwachteVersie": versie, "titel": f"ronde {ronde} schrijver {schrijver}",
            "toelichting": f"Gelijktijdige wijziging {ronde}.{schrijver}",
            "bronnen": [bron(f"2023-0{1 + ronde % 9}-01", "Verslag bestuurlijk overleg")]}


async def schrijf_rondes(url: str, token: str) -> tuple[str, list[list[dict[str, Any]]]]:
    limieten = httpx.Limits(max_connections=SCHRIJVERS, max_keepalive_connections=SCHRIJVERS)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limieten) as c:
        r = await post(c, VASTLEGGEN, {"i": vastleggen_invoer()}, token)
        x = r["afspraakVastleggen"]["afspraak"]["id"]
        uitslagen = []
        for ronde in range(RONDES):
            versie = ronde + 1
            antwoorden = await asyncio.gather(*[
                post(c, WIJZIGEN, {"i": wijziging(x, versie, ronde, n)}, token)
                for n in range(SCHRIJVERS)])
            uitslagen.append([a["afspraakWijzigen"] for a in antwoorden])
        return x, uitslagen


def stand(client: Any, x: str, token: str) -> list[Any]:
    uit = []
    for query, _ in STAND:
        r = client.post("/graphql", json={"query": query, "variables": {"id": x}},
                        headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200 and "errors" not in r.json(), r.text[:2000]
        uit.append(r.json()["data"])
    return uit


def controleer(uitslagen: list[list[dict[str, Any]]]) -> list[str]:
    """Per ronde precies één winnaar; de rest een VersieConflict op precies die versie."""
    winnaars = []
    for ronde, uitslag in enumerate(uitslagen):
        versie = ronde + 1
        soorten = sorted(u["__typename"] for u in uitslag)
        assert soorten == ["AfspraakOpgeslagen"] + ["VersieConflict"] * (SCHRIJVERS - 1), (
            ronde, [(u["__typename"], u.get("melding")) for u in uitslag])
        (winnaar,) = [u for u in uitslag if u["__typename"] == "AfspraakOpgeslagen"]
        assert winnaar["gebeurtenis"] == {"versie": versie + 1, "soort": "Gewijzigd"}
        assert winnaar["afspraak"]["versie"] == versie + 1
        for u in uitslag:
            if u["__typename"] == "VersieConflict":
                assert (u["code"], u["verwachteVersie"], u["huidigeVersie"]) == (
                    "VERSIE_CONFLICT", versie, versie + 1), u
        winnaars.append(winnaar["afspraak"]["titel"])
    return winnaars


def geen_verlies_en_geen_dubbel(systeem: Systeem, x: str, winnaars: list[str],
                                voor: list[Any]) -> None:
    geschiedenis = voor[2]["gebeurtenissen"]
    assert [g["versie"] for g in geschiedenis] == list(range(1, RONDES + 2))
    assert [g["soort"] for g in geschiedenis] == ["Vastgelegd"] + ["Gewijzigd"] * RONDES
    # De opslag zelf: evenveel gebeurtenissen als winnaars plus het vastleggen.
    assert systeem.register.repository.get(uuid.UUID(x)).version == RONDES + 1
    opgeslagen = systeem.register.recorder.select_notifications(start=1, limit=10_000)
    assert [(n.originator_id, n.originator_version) for n in opgeslagen] == [
        (uuid.UUID(x), v) for v in range(1, RONDES + 2)]
    # PostgreSQL mag gaten in de volgnummers hebben (een geweigerde insert verbruikt er één);
    # de leesmodellen zijn bij tot het laatste.
    assert systeem.verwerkt_tot() == systeem.laatste_positie() == opgeslagen[-1].id
    assert voor[0]["afspraak"]["titel"] == winnaars[-1]


def gelijk_aan_herbouw(systeem: Systeem, database_url: str, x: str, token: str,
                       voor: list[Any]) -> None:
    assert systeem.herbouw() == RONDES + 1
    with TestClient(maak_app(Instellingen(database_url=database_url), systeem)) as c:
        assert stand(c, x, token) == voor


@pytest.mark.parametrize("opstelling", ["in_thread", "met_workers"])
def test_32_gelijktijdige_schrijvers_een_winnaar_per_versie(
        opstelling: str, request: pytest.FixtureRequest, systeem: Systeem,
        database_url: str) -> None:
    """In één proces (één event loop) en over vier uvicorn-workers (vier processen)."""
    server: Server = request.getfixturevalue(opstelling)
    token = tokens(systeem.engine, database_url).aanmaken(BEHEER, beheerder=True)
    x, uitslagen = asyncio.run(schrijf_rondes(server.url, token))
    winnaars = controleer(uitslagen)
    with httpx.Client(base_url=server.url, timeout=60) as c:
        voor = stand(c, x, token)
    server.stop()
    geen_verlies_en_geen_dubbel(systeem, x, winnaars, voor)
    gelijk_aan_herbouw(systeem, database_url, x, token, voor)


def test_vier_workers_starten_tegelijk_op_een_lege_database(
        database_url: str, tmp_path: Path) -> None:
    """Gelijktijdig startende workers maken de tabellen samen aan zonder te botsen (op
    PostgreSQL gaf `CREATE TABLE IF NOT EXISTS` hier een unieke-sleutelfout in pg_type)."""
    with vier_workers(database_url, tmp_path / "uvicorn.log") as server:
        systeem = Systeem(database_url)
        try:
            token = tokens(systeem.engine, database_url).aanmaken(BEHEER, beheerder=True)
            with httpx.Client(base_url=server.url, timeout=60) as c:
                r = c.post("/graphql", headers={"Authorization": f"Bearer {token}"}, json={
                    "query": VASTLEGGEN, "variables": {"i": vastleggen_invoer()}})
            assert r.json()["data"]["afspraakVastleggen"]["__typename"] == (
                "AfspraakOpgeslagen"), r.text
            server.stop()
            assert systeem.laatste_positie() == 1
        finally:
            systeem.sluit()
