"""Crashbestendigheid: server en projectieproces worden hard gestopt (SIGKILL) onder
schrijflast; daarna is elke bevestigde schrijfactie er en zijn de leesmodellen gelijk aan een
volledige herbouw."""

from __future__ import annotations

import os
import random
import signal
import socket
import threading
import time
from datetime import date
from pathlib import Path

import httpx
import pytest

from register.domein.actor import Actor
from register.domein.tijdreizen import Peilmoment
from register.projecties.afspraken import AfsprakenLezer
from register.systeem.samenstel import Systeem
from tests.hulp import BEHEER, RESULTAAT, tokens, vastleggen_invoer
from tests.voorstart import Kind, Voorstarter

pytestmark = pytest.mark.slow  # processen die steeds opnieuw starten

RONDES = 10


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(voorstarter: Voorstarter, args: list[str], url: str, log: Path) -> Kind:
    """`register <args>` als eigen proces (met de modules al geladen: tests/voorstart.py)."""
    return voorstarter.start(args, {**os.environ, "REGISTER_DATABASE_URL": url}, log)


def _wacht_tot_klaar(poort: int, proces: Kind) -> None:
    for _ in range(200):
        if proces.poll() is not None:
            raise AssertionError(f"server stopte met code {proces.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{poort}/gezondheid", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise AssertionError("server kwam niet op")


class Schrijver(threading.Thread):
    """Schrijft onafgebroken; onthoudt wat de server bevestigde."""

    def __init__(self, poort: int, token: str) -> None:
        super().__init__(daemon=True)
        self.poort, self.token = poort, token
        self.bevestigd: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        q = f"mutation($i: AfspraakVastleggenInput!) {{ afspraakVastleggen(input: $i) {RESULTAAT} }}"
        i = 0
        while not self.stop.is_set():
            i += 1
            try:
                r = httpx.post(f"http://127.0.0.1:{self.poort}/graphql", timeout=5,
                               headers={"Authorization": f"Bearer {self.token}"},
                               json={"query": q, "variables": {"i": vastleggen_invoer(
                                   titel=f"Crashtest {i}")}})
                d = r.json()["data"]["afspraakVastleggen"]
                if d["__typename"] == "AfspraakOpgeslagen":
                    self.bevestigd.append(d["afspraak"]["id"])
            except (httpx.HTTPError, ValueError, KeyError, TypeError):
                time.sleep(0.02)  # server ligt eruit; opnieuw proberen


def _toestanden(s: Systeem, ids: list[str]) -> dict[str, object]:
    with s.engine.connect() as conn:
        lezer = AfsprakenLezer(conn, Actor(BEHEER, True))
        return {k: v.toestand for k, v in lezer.veel(ids, Peilmoment(date(2030, 1, 1))).items()}


def test_geen_bevestigde_schrijfactie_gaat_verloren_bij_harde_crashes(
        database_url: str, tmp_path: Path, voorstarter: Voorstarter) -> None:
    s = Systeem(database_url)
    token = tokens(s.engine, database_url).aanmaken(BEHEER, beheerder=True)
    s.sluit()
    poort, log = _vrije_poort(), tmp_path / "server.log"
    serve = ["serve", "--port", str(poort)]
    server = _start(voorstarter, serve, database_url, log)
    _wacht_tot_klaar(poort, server)
    projectie = _start(voorstarter, ["projecties", "--interval", "0.01"], database_url, log)
    schrijver = Schrijver(poort, token)
    schrijver.start()
    rng = random.Random(7)
    try:
        for _ in range(RONDES):
            time.sleep(rng.uniform(0.6, 1.2))
            projectie.send_signal(signal.SIGKILL)
            server.send_signal(signal.SIGKILL)
            server.wait()
            projectie.wait()
            server = _start(voorstarter, serve, database_url, log)
            projectie = _start(voorstarter, ["projecties", "--interval", "0.01"], database_url, log)
            _wacht_tot_klaar(poort, server)
        time.sleep(0.5)
    finally:
        schrijver.stop.set()
        schrijver.join(10)
        for p in (server, projectie):
            p.send_signal(signal.SIGKILL)
            p.wait()
    assert len(schrijver.bevestigd) >= 5, log.read_text()[-2000:]
    s = Systeem(database_url)
    try:
        for afspraak_id in schrijver.bevestigd:
            assert s.register.afspraak(afspraak_id).version == 1
        s.bij_werken()
        ids = list({str(n.originator_id) for n in s.register.recorder.select_notifications(
            start=1, limit=100_000)})
        voor = _toestanden(s, ids)
        assert set(schrijver.bevestigd) <= set(voor)
        s.herbouw()
        assert _toestanden(s, ids) == voor
    finally:
        s.sluit()
