"""Een afnemer leest de hele feed van een register van 10.000 gebeurtenissen (gegenereerd zoals
bench/genereer.py dat doet) in pagina's, wordt 50 keer op een willekeurig moment gestopt en
herstart (en soms het register met hem), en eindigt met elk event precies één keer, op volgorde;
daarnaast een echte afnemer in een eigen proces die met SIGKILL wordt gestopt, tegen een echte
server. Wat hij zou moeten zien, volgt los van de feed uit de opgeslagen gebeurtenissen en de
regels van domein/gevolgen.py. Op SQLite en PostgreSQL; één register per module."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from bench.genereer import genereer
from register.api.app import maak_app
from register.domein.afspraak import Afspraak, feit_van
from register.domein.gevolgen import aan_de_beurt, gevolgen, vandaag
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from tests.conftest import PROJECT, _nieuwe_postgres_database, _verwijder_postgres_database
from tests.e2e.feed_afnemer import hervat
from tests.e2e.test_server import _vrije_poort
from tests.hulp import tokens

pytestmark = pytest.mark.slow  # 10.000 gebeurtenissen en afnemers in eigen processen

FEED = "/v1/gebeurtenissen"
REGISTER = str(Path(sys.executable).with_name("register"))


@dataclass
class Register:
    url: str
    systeem: Systeem
    # per gebeurtenis in registervolgorde: afspraak en de ids van haar feedregels
    regels: list[tuple[str, list[str]]] = field(default_factory=list)
    vertrouwelijk: dict[str, Afspraak] = field(default_factory=dict)

    def verwacht(self, zichtbaar: set[str] | None = None) -> list[str]:
        """De ids die een lezer ziet die van de vertrouwelijke afspraken alleen `zichtbaar`
        mag lezen (geheel: hij is er partij)."""
        ook = zichtbaar or set()
        return [i for aid, ids in self.regels
                if aid not in self.vertrouwelijk or aid in ook for i in ids]


def _uit_de_opslag(r: Register) -> None:
    """Wat de feed moet bevatten, uit de gebeurtenissen zelf: elke gebeurtenis, gevolgd door
    haar gevolgen die bij ontvangst al bereikt waren (bij dit register: alle)."""
    recorder, mapper = r.systeem.register.recorder, r.systeem.register.mapper
    positie = 0
    while True:
        blok = recorder.select_notifications(start=positie, limit=1000, inclusive_of_start=False)
        for n in blok:
            e = mapper.to_domain_event(n)
            aid, f = str(e.originator_id), feit_van(e)
            if isinstance(e, Afspraak.Vastgelegd) and e.vertrouwelijk:
                r.vertrouwelijk[aid] = r.systeem.register.repository.get(e.originator_id)
            nu, later = aan_de_beurt(gevolgen(f), vandaag(f.ontvangen_op))
            assert later is None, "de generator maakte een besluit voor later"
            r.regels.append((aid, [f"{aid}/{f.versie}", *(
                f"{aid}/{f.versie}/{g.soort.lower().replace('_', '-')}/{g.datum.isoformat()}"
                for g in nu)]))
        if len(blok) < 1000:
            return
        positie = blok[-1].id


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                                 marks=pytest.mark.postgres)])
def register(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[Register]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('feed10k') / 'register.db'}"
    else:
        url = _nieuwe_postgres_database(request.getfixturevalue("postgres_basis"))
    systeem = Systeem(url)
    genereer(systeem, 10_000, lang=False)
    systeem.bij_werken()
    r = Register(url, systeem)
    _uit_de_opslag(r)
    yield r
    systeem.sluit()
    if request.param == "postgres":
        _verwijder_postgres_database(request.getfixturevalue("postgres_basis"), url)


class Afnemer:
    """Bewaart elk verwerkt event samen met zijn sequence (in één stap, zoals een transactie);
    wat hij verder in het geheugen had, verdwijnt bij een crash."""

    def __init__(self) -> None:
        self.bewaard: list[tuple[str, str]] = []

    def na(self) -> str:
        return self.bewaard[-1][0] if self.bewaard else "0"


def test_een_afnemer_die_50_keer_crasht_leest_elk_event_precies_een_keer(
        register: Register) -> None:
    rng = random.Random(20240415)
    verwacht = register.verwacht()
    crashes = set(rng.sample(range(1, len(verwacht)), 50))
    afnemer, client, systeem = Afnemer(), None, register.systeem
    eigen: list[Systeem] = []
    gecrasht = verwerkt = 0
    try:
        while True:
            if client is None:
                client = TestClient(maak_app(Instellingen(database_url=register.url), systeem))
            na = afnemer.na()  # na een crash: alleen wat bewaard is
            r = client.get(FEED, params={"na": na, "limit": rng.choice((1, 13, 100, 400, 1000))})
            assert r.status_code == 200, r.text
            events = r.json()
            if not events:
                break
            for e in events:
                verwerkt += 1
                if verwerkt in crashes:  # midden in een pagina, vóór het bewaren
                    gecrasht += 1
                    break
                afnemer.bewaard.append((e["sequence"], e["id"]))
            else:
                continue
            if gecrasht % 10 == 0:  # soms stopt het register mee: een nieuw proces
                client.close()
                client, systeem = None, Systeem(register.url)
                eigen.append(systeem)
    finally:
        if client is not None:
            client.close()
        for s in eigen:
            s.sluit()
    assert gecrasht == 50
    assert [i for _, i in afnemer.bewaard] == verwacht
    assert [s for s, _ in afnemer.bewaard] == [f"{i:016d}" for i in range(1, len(verwacht) + 1)]
    assert sorted(s for s, _ in afnemer.bewaard) == [s for s, _ in afnemer.bewaard]
    assert not ({i.split("/")[0] for i in verwacht} & register.vertrouwelijk.keys())


def _regels(bestand: Path) -> int:
    try:
        return bestand.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _gereed(url: str) -> bool:
    try:
        return httpx.get(url + "/gezondheid", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_een_afnemer_in_een_eigen_proces_overleeft_sigkill(
        register: Register, tmp_path: Path) -> None:
    """Met een token van een overheid die bij geen enkele vertrouwelijke afspraak partij was:
    een eigen nummering, met dezelfde events als anoniem."""
    ooit = set().union(*(a.ooit_partijen for a in register.vertrouwelijk.values()))
    overheid = next(o.id for o in register.systeem.register.overheden.alle("GEMEENTE")
                    if o.id not in ooit)
    token = tokens(register.systeem.engine, register.url).aanmaken(overheid)
    poort = _vrije_poort()
    omgeving = {**os.environ, "REGISTER_DATABASE_URL": register.url,
                "REGISTER_WERKPROCESSEN": "0"}
    server = subprocess.Popen([REGISTER, "serve", "--port", str(poort)], env=omgeving,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    basis, bestand = f"http://127.0.0.1:{poort}", tmp_path / "afnemer.txt"
    rng = random.Random(7)
    try:
        eind = time.monotonic() + 120
        while not _gereed(basis):
            assert time.monotonic() < eind and server.poll() is None, "de server start niet"
            time.sleep(0.2)
        # gestopt zodra het bestand voorbij een willekeurige plaats in de feed is (op tijd
        # alleen zou een snelle afnemer klaar kunnen zijn)
        totaal = len(register.verwacht())
        grenzen = sorted(rng.sample(range(totaal // 10, totaal * 9 // 10), 3))
        gedood = 0
        for grens in [*grenzen, None]:
            afnemer = subprocess.Popen(
                [sys.executable, "-m", "tests.e2e.feed_afnemer", basis, str(bestand), token],
                cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            while grens is not None and afnemer.poll() is None and _regels(bestand) < grens:
                time.sleep(0.005)
            if grens is not None and afnemer.poll() is None:
                afnemer.send_signal(signal.SIGKILL)
                afnemer.wait()
                gedood += 1
                continue
            _, fout = afnemer.communicate(timeout=300)
            assert afnemer.returncode == 0, fout.decode()
            break
        assert gedood == 3, "de afnemer was klaar voordat hij gestopt kon worden"
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    regels = bestand.read_text().splitlines()
    assert hervat(bestand)[1] == len(bestand.read_bytes())  # geen halve regel over
    verwacht = register.verwacht()
    assert [r.split()[1] for r in regels] == verwacht
    assert [r.split()[0] for r in regels] == [f"{i:016d}" for i in range(1, len(verwacht) + 1)]


def test_een_partij_ziet_haar_vertrouwelijke_afspraken_zonder_gaten(register: Register) -> None:
    """Een overheid die partij is bij vertrouwelijke afspraken en bij geen enkele vertrok: zij
    ziet die afspraken helemaal, de andere niet, en haar volgnummers lopen door."""
    kandidaten: dict[str, set[str]] = {}
    vertrokken: set[str] = set()
    for aid, a in register.vertrouwelijk.items():
        for o in a.ooit_partijen:
            if o in a.leden:
                kandidaten.setdefault(o, set()).add(aid)
            else:
                vertrokken.add(o)
    overheid, zichtbaar = max(((o, s) for o, s in kandidaten.items() if o not in vertrokken),
                              key=lambda x: (len(x[1]), x[0]))
    verwacht = register.verwacht(zichtbaar)
    assert len(verwacht) > len(register.verwacht())
    token = tokens(register.systeem.engine, register.url).aanmaken(overheid)
    with TestClient(maak_app(Instellingen(database_url=register.url), register.systeem)) as c:
        gelezen, na = [], "0"
        while True:
            r = c.get(FEED, params={"na": na, "limit": 1000},
                      headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200, r.text
            if not r.json():
                break
            gelezen += [(e["sequence"], e["id"]) for e in r.json()]
            na = gelezen[-1][0]
    assert [i for _, i in gelezen] == verwacht
    assert [s for s, _ in gelezen] == [f"{i:016d}" for i in range(1, len(verwacht) + 1)]
