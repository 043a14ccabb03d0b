"""Welke database een meting gebruikt: per grootte een eigen register naast de opgegeven URL
(SQLite: een eigen bestand; PostgreSQL: een eigen database op dezelfde server)."""

from __future__ import annotations

from pathlib import Path

import psycopg
from psycopg import sql

from register.systeem.opslag import Opslag


def _pg_onderdelen(url: str) -> tuple[str, str]:
    basis, _, naam = url.rpartition("/")
    return basis, naam.split("?")[0]


def database_voor(url: str, naam: str) -> str:
    """De URL van het bench-register `naam` naast `url`; maakt een PostgreSQL-database aan als
    die nog niet bestaat."""
    if Opslag(url).soort == "sqlite":
        pad = Path(Opslag(url).eventsourcing_env()["SQLITE_DBNAME"])
        pad.parent.mkdir(parents=True, exist_ok=True)
        bestand = pad.with_name(f"{pad.stem}-bench-{naam}{pad.suffix or '.db'}")
        return f"sqlite:///{bestand}"
    basis, db = _pg_onderdelen(url)
    nieuw = f"{db}_bench_{naam}".lower()
    with psycopg.connect(Opslag(url).sqlalchemy_url().replace("+psycopg", ""),
                         autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (nieuw,)).fetchone():
            c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nieuw)))
    return f"{basis}/{nieuw}"


def verse_database(url: str, naam: str) -> str:
    """Als `database_voor`, maar leeg."""
    if Opslag(url).soort == "sqlite":
        doel = database_voor(url, naam)
        pad = Path(Opslag(doel).eventsourcing_env()["SQLITE_DBNAME"])
        for p in (pad, pad.with_name(pad.name + "-wal"), pad.with_name(pad.name + "-shm")):
            p.unlink(missing_ok=True)
        return doel
    _, db = _pg_onderdelen(url)
    nieuw = f"{db}_bench_{naam}".lower()
    with psycopg.connect(Opslag(url).sqlalchemy_url().replace("+psycopg", ""),
                         autocommit=True) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(nieuw)))
    return database_voor(url, naam)
