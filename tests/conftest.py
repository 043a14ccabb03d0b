"""Gedeelde fixtures: een instelbare klok en echte databases (SQLite en PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from register.systeem.samenstel import Systeem

PROJECT = Path(__file__).resolve().parent.parent
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


def _nieuwe_postgres_database(basis: str) -> str:
    naam = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(basis, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{naam}"')
    return basis.rsplit("/", 1)[0] + "/" + naam


def _verwijder_postgres_database(basis: str, url: str) -> None:
    naam = url.rsplit("/", 1)[1]
    with psycopg.connect(basis, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Een lege, echte database: elke test die dit vraagt draait op SQLite én PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.db'}"
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


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres",
                                                                 marks=pytest.mark.postgres)])
def demo_database(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Eén database per soort met de demogegevens, één keer geladen (±1.000 commando's) en
    gedeeld door de tests die alleen lezen. Wie schrijft, neemt `systeem` en laadt zelf."""
    from register.demo.laden import laad_demo

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'register.db'}"
    else:
        basis = request.getfixturevalue("postgres_basis")
        url = _nieuwe_postgres_database(basis)
    s = Systeem(url)
    laad_demo(s)
    s.sluit()
    yield url
    if request.param == "postgres":
        _verwijder_postgres_database(request.getfixturevalue("postgres_basis"), url)


@pytest.fixture
def demo_systeem(demo_database: str) -> Iterator[Systeem]:
    s = Systeem(demo_database)
    yield s
    s.sluit()
