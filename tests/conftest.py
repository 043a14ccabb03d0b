"""Gedeelde fixtures: een instelbare klok en echte databases (SQLite en PostgreSQL), en de
instellingen van hypothesis (één profiel voor CI en een gewone `pytest`)."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# De tests starten honderden processen (`register serve`, `register projecties`, afnemers); met
# bytecode in __pycache__ kost elke start een derde van de import. Een omgeving die het schrijven
# van bytecode uitzet (PYTHONDONTWRITEBYTECODE), laat elk proces alles opnieuw compileren.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

import psycopg  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from register.systeem.samenstel import Systeem  # noqa: E402
from tests import voorstart  # noqa: E402
from tests.voorstart import Voorstarter  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
# Hypothesis: CI (scripts/test.sh) en een gewone `pytest` draaien hetzelfde profiel. Geen
# deadline (de tests meten geen tijd; een drukke machine maakt een deadline wisselvallig) en bij
# een fout de blob om het voorbeeld na te spelen. Tests met een eigen `max_examples` houden dat
# aantal; `HYPOTHESIS_PROFILE=grondig` geeft de andere tien keer zoveel voorbeelden.
settings.register_profile("register", deadline=None, print_blob=True)
settings.register_profile("grondig", settings.get_profile("register"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "register"))
# Eén sleutel voor het register in elk proces van de tests (ook de servers in subprocessen);
# het sleutelbestand zelf toetst tests/unit/test_sleutel.py.
os.environ.setdefault("REGISTER_SLEUTEL", "5e" * 32)


class StapKlok:
    """Een klok die de test zet; elke aflezing schuift een milliseconde op, zoals echte tijd."""

    def __init__(self, begin: datetime | None = None) -> None:
        self.nu = begin or datetime(2026, 1, 1, tzinfo=UTC)

    def zet(self, tekst: str) -> None:
        t = datetime.fromisoformat(tekst)
        self.nu = t if t.tzinfo else t.replace(tzinfo=UTC)

    def __call__(self) -> datetime:
        self.nu += timedelta(milliseconds=1)
        return self.nu


@pytest.fixture
def klok() -> StapKlok:
    return StapKlok()


@pytest.fixture(scope="session")
def postgres_basis() -> Iterator[str]:
    """De PostgreSQL-testserver: uit REGISTER_TEST_POSTGRES_URL, of zelf gestart."""
    url = os.environ.get("REGISTER_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    r = subprocess.run(["bash", str(PROJECT / "scripts" / "postgres-test.sh"), "start"],
                       capture_output=True, text=True, cwd=PROJECT)
    if r.returncode != 0:
        pytest.fail("PostgreSQL kon niet starten voor de tests:\n" + r.stderr)
    yield r.stdout.strip().splitlines()[-1]


def _nieuwe_postgres_database(basis: str, sjabloon: str | None = None) -> str:
    """Een nieuwe database op de testserver: leeg, of een kopie van de database `sjabloon`."""
    naam = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(basis, autocommit=True) as c:
        opdracht = f'CREATE DATABASE "{naam}"'
        if sjabloon:
            opdracht += f' TEMPLATE "{_naam(sjabloon)}"'
        if c.info.server_version >= 150000:
            # bestand voor bestand kopiëren (met een checkpoint) kost de server minder dan de
            # standaard (WAL_LOG: elk blok door het WAL)
            opdracht += " STRATEGY FILE_COPY"
        c.execute(opdracht)
    return basis.rsplit("/", 1)[0] + "/" + naam


def _verwijder_postgres_database(basis: str, url: str) -> None:
    with psycopg.connect(basis, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{_naam(url)}" WITH (FORCE)')


def _naam(url: str) -> str:
    return url.rsplit("/", 1)[1]


# Alles wat een test aan de vorm van een database kan veranderen (schema's, tabellen, kolommen,
# standaardwaarden, indexen, beperkingen, reeksen, functies, triggers, typen, extensies,
# instellingen), als één tekst; gelijk aan die van het sjabloon = dezelfde vorm.
VORM = """
WITH ns AS (  -- de schema's van de gebruiker (niet die van het systeem of tijdelijke tabellen)
  SELECT oid, nspname FROM pg_namespace
   WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
     AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%')
SELECT coalesce(string_agg(regel, E'\\n' ORDER BY regel), '') FROM (
  SELECT 'schema ' || nspname AS regel FROM ns
  UNION ALL
  SELECT format('rel %s.%s %s %s %s', ns.nspname, c.relname, c.relkind, c.relpersistence,
                c.relrowsecurity)
    FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT format('kolom %s %s %s %s %s %s', a.attrelid::regclass, a.attname,
                format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
                pg_get_expr(d.adbin, d.adrelid))
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE c.relnamespace IN (SELECT oid FROM ns) AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT format('beperking %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
    FROM pg_constraint WHERE connamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT format('reeks %s %s %s %s %s %s', seqrelid::regclass, seqstart, seqincrement, seqmin,
                seqmax, seqcycle) FROM pg_sequence
  UNION ALL
  SELECT format('functie %s %s', oid::regprocedure, md5(prosrc)) FROM pg_proc
   WHERE pronamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT format('trigger %s %s', tgrelid::regclass, tgname) FROM pg_trigger
   WHERE NOT tgisinternal
  UNION ALL
  SELECT format('type %s %s', typnamespace::regnamespace, typname) FROM pg_type
   WHERE typnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'extensie ' || extname FROM pg_extension
  UNION ALL
  SELECT format('regel %s %s', tablename, rulename) FROM pg_rules
   WHERE schemaname IN (SELECT nspname FROM ns)
  UNION ALL
  SELECT 'instelling ' || array_to_string(setconfig, ',') FROM pg_db_role_setting
   WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION ALL
  SELECT 'groot object ' || oid FROM pg_largeobject_metadata
  UNION ALL
  SELECT 'voorbereid ' || gid FROM pg_prepared_xacts WHERE database = current_database()
) vorm"""
TABELLEN = """SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
 WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"""


class PostgresVoorraad:
    """Databases voor de tests van één proces, elk een kopie van het sjabloon: een database
    zoals een Systeem haar bij zijn eerste start achterlaat (het schema, de rij van de tracking
    en de vorm van de leesmodellen, verder niets). Na een test gaat een database leeg terug in
    de voorraad als zij daarna weer precies het sjabloon is: dezelfde vorm (VORM), dezelfde
    rijen, reeksen vooraan en geen verbinding meer; anders gaat zij weg. Een kopie maken kost de
    server meer dan de hele test, leegmaken vrijwel niets."""

    def __init__(self, basis: str) -> None:
        self.basis = basis
        self.sjabloon = _nieuwe_postgres_database(basis)
        Systeem(self.sjabloon).sluit()
        with psycopg.connect(self.sjabloon, autocommit=True) as c:
            self.vorm = self._vorm(c)
            self.tabellen = [r[0] for r in c.execute(TABELLEN)]
            self.reeksen = [r[0] for r in c.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename)"
                " FROM pg_sequences")]
            self.rijen = {t: c.execute(f"SELECT * FROM {t}").fetchall()  # type: ignore[arg-type]
                          for t in self.tabellen}
        self.vrij: list[str] = []

    @staticmethod
    def _vorm(c: psycopg.Connection[Any]) -> str:
        return str(c.execute(VORM).fetchone()[0])  # type: ignore[index]

    def neem(self) -> str:
        return self.vrij.pop() if self.vrij else _nieuwe_postgres_database(self.basis,
                                                                           self.sjabloon)

    def terug(self, url: str) -> None:
        try:
            schoon = self._maak_leeg(url)
        except psycopg.Error:
            schoon = False
        if schoon:
            self.vrij.append(url)
        else:
            _verwijder_postgres_database(self.basis, url)

    def _anderen(self, c: psycopg.Connection[Any], url: str) -> int:
        return int(c.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND "
                             "pid <> pg_backend_pid()", (_naam(url),)).fetchone()[0])  # type: ignore[index]

    def _maak_leeg(self, url: str) -> bool:
        with psycopg.connect(self.basis, autocommit=True) as c:
            # wat de test openliet (een pool, een gestopt proces), zoals DROP ... WITH (FORCE)
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"
                      " AND pid <> pg_backend_pid()", (_naam(url),))
            for _ in range(100):
                if not self._anderen(c, url):
                    break
                time.sleep(0.05)
            else:
                return False
        with psycopg.connect(url, autocommit=True) as c:
            with c.transaction():
                # tabellen die de app of de test later aanmaakte (tokens, clients, ...)
                for (tabel,) in c.execute(TABELLEN).fetchall():
                    if tabel not in self.tabellen:
                        c.execute(f"DROP TABLE {tabel} CASCADE")  # type: ignore[arg-type]
                for tabel in self.tabellen:
                    c.execute(f"DELETE FROM {tabel}")  # type: ignore[arg-type]
                for reeks in self.reeksen:
                    c.execute(f"ALTER SEQUENCE {reeks} RESTART")  # type: ignore[arg-type]
                for tabel, rijen in self.rijen.items():
                    for rij in rijen:
                        c.execute(f"INSERT INTO {tabel} VALUES ({', '.join(['%s'] * len(rij))})",  # type: ignore[arg-type]
                                  rij)
            if self._vorm(c) != self.vorm:
                return False
        with psycopg.connect(self.basis, autocommit=True) as c:
            return self._anderen(c, url) == 0

    def sluit(self) -> None:
        for url in [*self.vrij, self.sjabloon]:
            _verwijder_postgres_database(self.basis, url)


@pytest.fixture(scope="session")
def postgres_voorraad(postgres_basis: str) -> Iterator[PostgresVoorraad]:
    voorraad = PostgresVoorraad(postgres_basis)
    yield voorraad
    voorraad.sluit()


@pytest.fixture(scope="session")
def sqlite_sjabloon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Het sjabloon voor SQLite: een bestand zoals een Systeem het bij zijn eerste start maakt."""
    pad = tmp_path_factory.mktemp("sjabloon") / "register.db"
    Systeem(f"sqlite:///{pad}").sluit()
    assert not pad.with_name(pad.name + "-wal").exists()  # alles staat in het bestand zelf
    return pad


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Een echte database: elke test die dit vraagt draait op SQLite én PostgreSQL. Leeg; of,
    als de test ook `systeem` vraagt (dat hier meteen een Systeem start), in de toestand die
    die eerste start achterlaat (een kopie van het sjabloon)."""
    met_schema = "systeem" in request.fixturenames
    if request.param == "sqlite":
        pad = tmp_path / "register.db"
        if met_schema:
            shutil.copyfile(request.getfixturevalue("sqlite_sjabloon"), pad)
        yield f"sqlite:///{pad}"
        return
    if met_schema:
        voorraad: PostgresVoorraad = request.getfixturevalue("postgres_voorraad")
        url = voorraad.neem()
        yield url
        voorraad.terug(url)
        return
    basis = request.getfixturevalue("postgres_basis")
    url = _nieuwe_postgres_database(basis)
    yield url
    _verwijder_postgres_database(basis, url)


@pytest.fixture
def systeem(database_url: str, klok: StapKlok) -> Iterator[Systeem]:
    s = Systeem(database_url, klok=klok)
    yield s
    s.sluit()


@pytest.fixture(scope="session")
def voorstarter() -> Iterator[Voorstarter]:
    """Start `register …`-processen zonder dat elk proces alles opnieuw importeert
    (tests/voorstart.py)."""
    yield voorstart.voorstarter()


def _werkermap(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """De map die de werkers van deze run delen (pytest-xdist: de basetemp van de hoofdrun)."""
    basis = tmp_path_factory.getbasetemp()
    return basis.parent if "PYTEST_XDIST_WORKER" in os.environ else basis


def _gedeelde_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Wat alle processen van een testrun delen: REGISTER_TEST_GEDEELD (scripts/test.sh zet
    haar voor beide delen, SQLite en PostgreSQL; een verse map per run, want wat erin staat
    wordt niet ververst), anders de map van de werkers."""
    if pad := os.environ.get("REGISTER_TEST_GEDEELD"):
        Path(pad).mkdir(parents=True, exist_ok=True)
        return Path(pad)
    return _werkermap(tmp_path_factory)


@contextmanager
def _een_tegelijk(slot: Path) -> Iterator[None]:
    """Eén proces tegelijk (een slot op het bestand `slot`)."""
    with slot.open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _laad_demo(url: str) -> None:
    from register.demo.laden import laad_demo

    s = Systeem(url)
    laad_demo(s)
    s.sluit()


# In de map van de werkers: de server en de PostgreSQL-database met de demo waarvan elke werker
# een kopie neemt; de hoofdrun ruimt haar op (pytest_sessionfinish).
DEMO_POSTGRES = "demo-postgres.url"


def _demo_bron(soort: str, request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> str:
    """De database met de demogegevens waarvan elke test een kopie neemt: bij de eerste vraag
    van de run geladen (één proces tegelijk), daarna alleen gelezen. SQLite: het pad van het
    bestand; PostgreSQL: de URL van de database (een sjabloon: niemand verbindt ermee)."""
    if soort == "sqlite":
        map_ = _gedeelde_map(tmp_path_factory)
        bron = map_ / "demo.db"
        with _een_tegelijk(map_ / "demo.db.slot"):
            if not bron.exists():
                bouw = map_ / f"demo.{os.getpid()}.db"
                _laad_demo(f"sqlite:///{bouw}")
                assert not bouw.with_name(bouw.name + "-wal").exists()
                bouw.rename(bron)
        return str(bron)
    basis = request.getfixturevalue("postgres_basis")
    map_ = _werkermap(tmp_path_factory)
    with _een_tegelijk(map_ / (DEMO_POSTGRES + ".slot")):
        if not (map_ / DEMO_POSTGRES).exists():
            demo = _nieuwe_postgres_database(
                basis, request.getfixturevalue("postgres_voorraad").sjabloon)
            _laad_demo(demo)
            (map_ / DEMO_POSTGRES).write_text(f"{basis}\n{demo}")
    return (map_ / DEMO_POSTGRES).read_text().split()[1]


@contextmanager
def _demo_kopie(soort: str, request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Een eigen kopie van de demodatabase (de URL), weg na afloop."""
    bron = _demo_bron(soort, request, tmp_path_factory)
    if soort == "sqlite":
        pad = tmp_path_factory.mktemp("demo") / "register.db"
        shutil.copyfile(bron, pad)
        yield f"sqlite:///{pad}"
        return
    basis = request.getfixturevalue("postgres_basis")
    url = _nieuwe_postgres_database(basis, bron)
    yield url
    _verwijder_postgres_database(basis, url)


SOORTEN = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session", params=SOORTEN)
def demo_database(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Eén database per soort met de demogegevens (±1.000 commando's), gedeeld door de tests
    die alleen lezen. Geladen wordt één keer per run: elk proces (een werker van xdist, elk
    deel van scripts/test.sh) krijgt een kopie. Wie schrijft, neemt `demo_kopie`, of
    `systeem` en laadt zelf."""
    with _demo_kopie(request.param, request, tmp_path_factory) as url:
        yield url


@pytest.fixture(params=SOORTEN)
def demo_kopie(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Een eigen kopie van de demodatabase voor één test, die erin mag schrijven."""
    with _demo_kopie(request.param, request, tmp_path_factory) as url:
        yield url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules met een trage test (marker `slow`) eerst, elk verder in haar eigen volgorde. Met
    werkers (scripts/test.sh: xdist, per module verdeeld) begint het langste werk zo als eerste
    en eindigen de werkers dicht bij elkaar."""
    traag = {i.nodeid.split("::")[0] for i in items if i.get_closest_marker("slow")}
    items.sort(key=lambda i: i.nodeid.split("::")[0] not in traag)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """De hoofdrun (of een run zonder werkers) ruimt de gedeelde demo op PostgreSQL op."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        return
    fabriek = getattr(session.config, "_tmp_path_factory", None)
    bestand = fabriek.getbasetemp() / DEMO_POSTGRES if fabriek else None
    if bestand and bestand.exists():
        basis, bron = bestand.read_text().split()
        _verwijder_postgres_database(basis, bron)
        bestand.unlink()


@pytest.fixture
def demo_systeem(demo_database: str) -> Iterator[Systeem]:
    s = Systeem(demo_database)
    yield s
    s.sluit()
