"""`register herbouw --naast` (blauw/groen) onder leesbelasting, op SQLite en PostgreSQL: een
echte `register serve` blijft lezen én schrijven terwijl een apart proces de leesmodellen
naast de lopende opbouwt en dan wisselt. Geen enkele vraag faalt, elke schrijfactie slaagt,
wat tijdens de herbouw geschreven werd staat daarna in de leesmodellen, en de volledige
controle (ook van de leesmodellen tegen de gebeurtenissen) is daarna intact."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from register.systeem.samenstel import Systeem
from register.systeem.tokens import Tokens
from register.systeem.verificatie import verifieer
from tests.e2e.test_server import register_serve
from tests.hulp import AFSPRAAK_VELDEN, BEHEER, vastleggen_invoer

pytestmark = pytest.mark.slow  # herbouwt de demo onder belasting en start processen

REGISTER = str(Path(sys.executable).with_name("register"))
LIJST = "{ afspraken(first: 50) { edges { node { id titel versie status } } } }"
EEN = f"""query($id: ID!) {{ afspraak(id: $id) {{ {AFSPRAAK_VELDEN} }}
  gebeurtenissen(afspraakId: $id) {{ versie soort bekendOp }} }}"""
VASTLEGGEN = """mutation($i: AfspraakVastleggenInput!) { afspraakVastleggen(input: $i) {
  __typename ... on AfspraakOpgeslagen { afspraak { id } } } }"""


def _vraag(basis: str, query: str, variabelen: dict[str, Any] | None = None,
           token: str | None = None) -> dict[str, Any]:
    kop = {"Authorization": f"Bearer {token}"} if token else {}
    r = httpx.post(basis + "/graphql", json={"query": query, "variables": variabelen or {}},
                   headers=kop, timeout=60)
    if r.status_code != 200:
        raise AssertionError(f"{r.status_code}: {r.text[:300]}")
    body: dict[str, Any] = r.json()
    if "errors" in body:
        raise AssertionError(str(body["errors"])[:300])
    return body["data"]  # type: ignore[no-any-return]


class Belasting:
    """Lezers die zonder pauze vragen en één schrijver die afspraken vastlegt, tot `stop`."""

    def __init__(self, basis: str, token: str, vaste_id: str) -> None:
        self.basis, self.token, self.vaste_id = basis, token, vaste_id
        self.stop = threading.Event()
        self.fouten: list[str] = []
        self.gelezen = 0
        self.geschreven: list[tuple[float, str]] = []
        self.vast = _vraag(basis, EEN, {"id": vaste_id})
        self.draden = [threading.Thread(target=self._lees) for _ in range(3)]
        self.draden.append(threading.Thread(target=self._schrijf))

    def __enter__(self) -> Belasting:
        for d in self.draden:
            d.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for d in self.draden:
            d.join(60)

    def _lees(self) -> None:
        while not self.stop.is_set():
            try:
                _vraag(self.basis, LIJST)
                # een afspraak waaraan niemand schrijft: steeds hetzelfde antwoord
                if _vraag(self.basis, EEN, {"id": self.vaste_id}) != self.vast:
                    self.fouten.append("een andere afspraak dan ervoor")
                self.gelezen += 1
            except Exception as e:  # elke fout telt; de test noemt ze
                self.fouten.append(f"lezen: {e}")

    def _schrijf(self) -> None:
        i = 0
        while not self.stop.is_set():
            i += 1
            try:
                d = _vraag(self.basis, VASTLEGGEN, {"i": vastleggen_invoer(
                    titel=f"Tijdens de herbouw {i}")}, self.token)
                self.geschreven.append((time.monotonic(),
                                        d["afspraakVastleggen"]["afspraak"]["id"]))
            except Exception as e:
                self.fouten.append(f"schrijven: {e}")
            time.sleep(0.05)


def test_herbouw_naast_de_lopende_leesmodellen_zonder_een_fout(
        demo_kopie: str, tmp_path: Path) -> None:
    database_url = demo_kopie  # een eigen kopie van de demo (één keer geladen per run)
    sleutel = bytes.fromhex(os.environ["REGISTER_SLEUTEL"])  # waarmee de demo werd geladen
    systeem = Systeem(database_url, sleutel=sleutel)
    token = Tokens(systeem.engine, systeem.sleutel).aanmaken(BEHEER, beheerder=True)
    systeem.sluit()
    omgeving = {"REGISTER_DATABASE_URL": database_url, "REGISTER_SLEUTEL": sleutel.hex()}
    with register_serve(tmp_path, **omgeving, REGISTER_WERKPROCESSEN="1") as poort:
        basis = f"http://127.0.0.1:{poort}"
        vaste_id = _vraag(basis, LIJST)["afspraken"]["edges"][0]["node"]["id"]
        with Belasting(basis, token, vaste_id) as b:
            time.sleep(1)
            begin = time.monotonic()
            herbouw = subprocess.run(
                [REGISTER, "herbouw", "--naast"], capture_output=True, text=True, timeout=300,
                env={**{k: v for k, v in os.environ.items() if not k.startswith("REGISTER_")},
                     **omgeving})
            eind = time.monotonic()
            gelezen_tijdens = b.gelezen
            time.sleep(1)
        assert herbouw.returncode == 0, herbouw.stderr
        assert "Gewisseld" in herbouw.stderr
        assert b.fouten == []
        assert gelezen_tijdens > 0
        tijdens = [a for t, a in b.geschreven if begin < t < eind]
        assert tijdens, "tijdens de herbouw werd niets geschreven"
        # alles wat geschreven werd (ook tijdens de herbouw) staat in de leesmodellen
        for _, a in b.geschreven:
            assert _vraag(basis, EEN, {"id": a})["afspraak"]["id"] == a
    systeem = Systeem(database_url, sleutel=sleutel)
    try:
        verslag = verifieer(systeem)  # ook: leesmodellen == een herbouw uit de gebeurtenissen
        assert verslag.intact, verslag.eerste
    finally:
        systeem.sluit()


def test_naast_en_forceer_gaan_niet_samen(database_url: str) -> None:
    sleutel = secrets.token_bytes(32)
    Systeem(database_url, sleutel=sleutel).sluit()
    r = subprocess.run(
        [REGISTER, "herbouw", "--naast", "--forceer"], capture_output=True, text=True,
        timeout=120, env={**os.environ, "REGISTER_DATABASE_URL": database_url,
                          "REGISTER_SLEUTEL": sleutel.hex()})
    assert r.returncode == 2 and "gaan niet samen" in r.stderr
    assert "Traceback" not in r.stderr

