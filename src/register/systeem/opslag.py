"""Eén database-URL kiest de opslag: een SQLite-bestand of PostgreSQL (psycopg 3)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from register.projecties.basis import lees_json


class OngeldigeDatabaseUrl(ValueError):
    pass


@dataclass(frozen=True)
class Opslag:
    """De database achter het register: gebeurtenissen en leesmodellen samen."""

    url: str

    @property
    def soort(self) -> str:
        s = urlsplit(self.url).scheme.split("+")[0]
        if s == "postgres":
            return "postgresql"
        if s not in ("sqlite", "postgresql"):
            raise OngeldigeDatabaseUrl(
                f"REGISTER_DATABASE_URL '{self.veilige_url}' wordt niet ondersteund: gebruik "
                "sqlite:///pad/naar/register.db of postgresql://gebruiker@host:poort/database")
        return s

    @property
    def veilige_url(self) -> str:
        """De URL zonder wachtwoord, voor meldingen en logs."""
        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except Exception:
            return "<onleesbare URL>"

    @property
    def in_geheugen(self) -> bool:
        """Een SQLite-database in het geheugen: geen ander proces kan haar lezen."""
        return self.soort == "sqlite" and self.eventsourcing_env()["SQLITE_DBNAME"] == ":memory:"

    def eventsourcing_env(self) -> dict[str, str]:
        if self.soort == "sqlite":
            pad = self.url.split(":///", 1)[1] if ":///" in self.url else ""
            return {"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                    "SQLITE_DBNAME": pad or ":memory:", "SQLITE_LOCK_TIMEOUT": "30"}
        d = urlsplit(self.url)
        return {"PERSISTENCE_MODULE": "eventsourcing.postgres",
                "POSTGRES_DBNAME": d.path.lstrip("/"), "POSTGRES_HOST": d.hostname or "localhost",
                "POSTGRES_PORT": str(d.port or 5432), "POSTGRES_USER": unquote(d.username or ""),
                "POSTGRES_PASSWORD": unquote(d.password or ""), "POSTGRES_POOL_SIZE": "10",
                "POSTGRES_MAX_OVERFLOW": "20", "POSTGRES_CONNECT_TIMEOUT": "5",
                "CREATE_TABLE": "y"}

    def sqlalchemy_url(self) -> str:
        if self.soort == "sqlite":
            return "sqlite:///" + (self.url.split(":///", 1)[1] if ":///" in self.url else "")
        return "postgresql+psycopg://" + self.url.split("://", 1)[1]

    def engine(self) -> Engine:
        if self.soort == "sqlite":
            # Een SQLite-verbinding is een geopend bestand: goedkoop. De pool is ruim, zodat een
            # verzoek nooit op een vrije verbinding hoeft te wachten (de API leest in een
            # threadpool van 40; schrijven wacht op het slot van het bestand, niet op de pool).
            e = create_engine(self.sqlalchemy_url(), connect_args={"timeout": 30},
                              pool_size=20, max_overflow=60, pool_timeout=30,
                              json_deserializer=lees_json)
            _sqlite_transacties(e)
            return e
        # JSON-kolommen (hier en hierboven) met orjson gelezen (lees_json), niet met json.loads:
        # de puntvraag leest per veld van de afspraak een JSON-waarde.
        e = create_engine(self.sqlalchemy_url(), pool_size=10, max_overflow=20,
                          pool_pre_ping=True, json_deserializer=lees_json)
        _postgres_planner(e)
        _postgres_lezers(e)
        return e


# Voor een verbinding die alleen leest: `engine.connect().execution_options(**LEZEN)`. Op SQLite
# zonder schrijfslot, op PostgreSQL in autocommit (zie _sqlite_transacties, _postgres_lezers).
LEZEN = {"register_lezen": True}


# Een vaste sleutel voor pg_advisory_lock: 'AFSR' als getal.
_SCHEMA_SLEUTEL = 0x41465352


@contextmanager
def schema_slot(engine: Engine) -> Iterator[None]:
    """Eén proces tegelijk maakt tabellen aan. Gelijktijdig startende workers op PostgreSQL
    botsen anders in `CREATE TABLE IF NOT EXISTS` (unieke sleutel in pg_type); SQLite zet
    schemawijzigingen zelf achter elkaar."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({_SCHEMA_SLEUTEL})")
        conn.commit()
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_SCHEMA_SLEUTEL})")
            conn.commit()


# random_page_cost voor elke verbinding van het register: PostgreSQL's standaard (4) rekent met
# een draaiende schijf. Met 1,1 (de waarde die de PostgreSQL-documentatie voor SSD's noemt)
# leest de puntvraag haar winnende rijen in de volgorde van ix_lm_peil_waarden in plaats van
# ze te sorteren (gemeten: 0,87 tegen 1,4 ms uitvoering op een afspraak van 1000 gebeurtenissen).
# Alleen voor de verbindingen van het register zelf, niet voor de server.
RANDOM_PAGE_COST = 1.1


def _postgres_planner(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _verbind(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET random_page_cost = {RANDOM_PAGE_COST}")
        dbapi_conn.commit()


def _postgres_lezers(engine: Engine) -> None:
    """Een verbinding met LEZEN leest op PostgreSQL in autocommit: elke vraag is haar eigen
    transactie. In READ COMMITTED had elke vraag toch al haar eigen momentopname; zo kost een
    verzoek twee rondgangen minder (BEGIN en ROLLBACK), en houdt een lezer tussen twee vragen
    geen sloten vast (waarop `herbouw --naast` bij het wisselen anders moet wachten). Wie één
    momentopname nodig heeft, zet zelf een isolation_level (de controle, de back-up): die
    verbinding blijft transactioneel. Elke andere verbinding zet autocommit weer uit, ook als
    ze uit de pool komt na een lezer."""

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        opties = conn.get_execution_options()
        if "isolation_level" in opties:
            return  # dan zet SQLAlchemy autocommit zelf (aan alleen bij AUTOCOMMIT)
        lezen = bool(opties.get("register_lezen"))
        dbapi = conn.connection.driver_connection
        if dbapi.autocommit != lezen:
            dbapi.autocommit = lezen


def _sqlite_transacties(engine: Engine) -> None:
    """SQLite: schrijftransacties nemen meteen de schrijfvergrendeling (BEGIN IMMEDIATE), zodat
    leesmodel en trackingpositie samen en zonder 'database is locked' halverwege committen.
    Een verbinding met LEZEN begint gewoon (BEGIN): lezers wachten in WAL op niemand en houden
    geen schrijver op, ook niet als een verzoek zijn verbinding even vasthoudt."""

    @event.listens_for(engine, "connect")
    def _verbind(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA busy_timeout=30000")

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        lezen = conn.get_execution_options().get("register_lezen")
        conn.exec_driver_sql("BEGIN" if lezen else "BEGIN IMMEDIATE")
