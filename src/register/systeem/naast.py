"""Herbouwen naast de lopende leesmodellen (blauw/groen): `register herbouw --naast`.

De herbouwbare leesmodellen (LEESMODELTABELLEN: gebeurtenissen, afspraken, kenmerken, toegang
en peil) worden opnieuw opgebouwd in een schaduw, terwijl de API de lopende blijft lezen en
schrijvers gewoon schrijven:

- op PostgreSQL in het schema `naast` van dezelfde database;
- op SQLite in een eigen bestand naast het register (`register-naast.db`).

De schaduw volgt de lopende leesmodellen tot hun positie, in korte transacties. Dan één
transactie op het register: de trackingrij vergrendeld (niemand werkt de lopende leesmodellen
nog bij), de schaduw bij tot precies die positie, en de tabellen gewisseld. Op PostgreSQL
vergrendelt die transactie eerst alle lopende tabellen in één keer; dan gaan de oude weg en
schuiven de nieuwe in één keer het schema in (DDL is transactioneel). Een lezer wacht daarop
hoogstens even en wordt nooit afgebroken: komt het wisselen met een lezer in een kring van
wachten, dan geeft het wisselen op en probeert het opnieuw (`vergrendel`). Op SQLite worden de
rijen in die transactie overgenomen; lezers zien in WAL tot het einde de oude, daarna de
nieuwe. De bladen van de Merkle-boom, de feed, de controles en de tokens blijven staan, zoals
bij elke herbouw.

Vooraf de volledige controle van de opslag (zonder de leesmodellen): een geschonden opslag
wordt niet de nieuwe waarheid (GeschondenOpslag).
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.exc import OperationalError

from register.projecties.afspraken import AfsprakenProjectie
from register.projecties.basis import (
    TRACKING_NAAM, Leesmodel, lees_positie, metadata, tracking,
)
from register.projecties.gebeurtenissen import GebeurtenissenProjectie
from register.projecties.peil import PeilProjectie
from register.systeem.bron import Gebeurtenisbron
from register.systeem.leesmodelcontrole import LEESMODELTABELLEN, vergrendel_leesmodellen
from register.systeem.leesmodellen import Leesmodellen, Transactie, Voortgang
from register.systeem.opslag import Opslag
from register.systeem.verificatie import GeschondenOpslag, verifieer

SCHEMA = "naast"
VERTAAL = {"schema_translate_map": {None: SCHEMA}}
LOCK_NOT_AVAILABLE = "55P03"  # SQLSTATE van een verlopen lock_timeout


class NaastNietMogelijk(RuntimeError):
    """Deze opslag kan niet naast de lopende leesmodellen herbouwen."""


@dataclass(frozen=True)
class Uitslag:
    opgebouwd: int  # gebeurtenissen in de schaduw verwerkt vóór het wisselen
    ingehaald: int  # daarna, in de transactie van het wisselen
    positie: int  # waar de gewisselde leesmodellen staan


def herbouw_naast(bron: Gebeurtenisbron, *, controle: Voortgang | None = None,
                  opbouw: Voortgang | None = None) -> Uitslag:
    """Controleert de opslag, bouwt de leesmodellen in een schaduw op en wisselt ze in één
    transactie; `controle` en `opbouw` krijgen de voortgang van die twee stappen."""
    schaduw = _schaduw(bron.engine)
    verslag = verifieer(bron, controle, leesmodellen=False)
    if not verslag.intact:
        raise GeschondenOpslag(verslag)
    schaduw.maak()
    try:
        modellen: list[Leesmodel] = [GebeurtenissenProjectie(), AfsprakenProjectie(),
                                     PeilProjectie()]
        opbouwer = Leesmodellen(bron, modellen, transactie=schaduw.transactie)
        opgebouwd = 0

        def voortgang(n: int, blok: int) -> None:
            if opbouw is not None:
                opbouw(opgebouwd + n, blok)

        for _ in range(3):  # tot dicht bij de lopende; wat dan nog komt, haalt het wisselen in
            n = opbouwer.bij_werken(voortgang, tot=_positie(bron.engine))
            opgebouwd += n
            if n < 100:
                break
        schaduw.analyseer()
        uiterlijk = time.monotonic() + WACHTTIJD
        while True:
            try:
                ingehaald, positie = _wissel(bron, modellen, schaduw)
                return Uitslag(opgebouwd, ingehaald, positie)
            except _Bezet:
                if time.monotonic() > uiterlijk:
                    raise NaastNietMogelijk(
                        f"de lopende leesmodellen bleven {WACHTTIJD} s in gebruik (een lange "
                        "controle of export?); niet gewisseld, de lopende blijven staan. "
                        "Probeer het opnieuw.") from None
                time.sleep(random.uniform(0.05, 0.25))  # laat de lezers die het ophielden af
    finally:
        schaduw.ruim_op()


# Hoe lang het wisselen hoogstens wacht tot de lopende leesmodellen vrij zijn.
WACHTTIJD = 600


class _Bezet(Exception):
    """Een lezer hield een lopende tabel langer vast dan het wisselen wacht; opnieuw."""


def _wissel(bron: Gebeurtenisbron, modellen: list[Leesmodel],
            schaduw: _Schaduw) -> tuple[int, int]:
    """Eén poging: vergrendelen, de schaduw bij tot de positie van de lopende, wisselen.
    Geeft (ingehaald, positie)."""
    with schaduw.wissel() as (conn, in_schaduw):
        positie = lees_positie(conn, TRACKING_NAAM)  # schrijvers wachten vanaf hier
        schaduw.vergrendel(conn)  # en lezers ook
        ingehaald = Leesmodellen(bron, modellen, transactie=in_schaduw).bij_werken(tot=positie)
        with in_schaduw() as s:
            schaduwpositie = lees_positie(s, TRACKING_NAAM)
        if schaduwpositie != positie:
            raise RuntimeError(f"de schaduw staat op {schaduwpositie}, de leesmodellen op "
                               f"{positie}: niet gewisseld")
        schaduw.neem_over(conn)
    return ingehaald, positie


def _positie(engine: Engine) -> int:
    with engine.connect() as c:
        return int(c.execute(select(tracking.c.positie).where(tracking.c.naam == TRACKING_NAAM))
                   .scalar() or 0)


def _kolommen(t: Table) -> str:
    return ", ".join(k.name for k in t.columns)


class _Schaduw(Protocol):
    """Waar de schaduw staat: `transactie` voor het opbouwen, `wissel` voor de transactie op
    het register (met de schaduw erin), `vergrendel` houdt daarin de lezers van de lopende
    tabellen tegen (of geeft _Bezet), `neem_over` wisselt de tabellen."""

    def transactie(self) -> contextlib.AbstractContextManager[Connection]: ...

    def maak(self) -> None: ...

    def wissel(self) -> contextlib.AbstractContextManager[tuple[Connection, Transactie]]: ...

    def vergrendel(self, conn: Connection) -> None: ...

    def analyseer(self) -> None: ...

    def neem_over(self, conn: Connection) -> None: ...

    def ruim_op(self) -> None: ...


def _schaduw(engine: Engine) -> _Schaduw:
    if engine.dialect.name == "postgresql":
        return _PostgresSchaduw(engine)
    pad = engine.url.database
    if not pad or pad == ":memory:":
        raise NaastNietMogelijk("een register in het geheugen kan niet naast zijn leesmodellen "
                                "herbouwen; gebruik 'register herbouw'")
    return _SQLiteSchaduw(engine, Path(pad))


class _PostgresSchaduw:
    """Het schema `naast` in dezelfde database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.naast = engine.execution_options(**VERTAAL)

    def transactie(self) -> contextlib.AbstractContextManager[Connection]:
        return self.naast.begin()

    def maak(self) -> None:
        with self.engine.begin() as c:
            c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            c.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
        metadata.create_all(self.naast, tables=[*LEESMODELTABELLEN, tracking])

    @contextlib.contextmanager
    def wissel(self) -> Iterator[tuple[Connection, Transactie]]:
        with self.engine.begin() as conn:
            yield conn, _in(conn)

    def vergrendel(self, conn: Connection) -> None:
        """Alle lopende tabellen in één keer, vóór het wisselen. Zonder dat kon een lezer die
        `lm_afspraken` al vasthield op `lm_gebeurtenissen` wachten, die het wisselen al had
        weggehaald, terwijl het wisselen op zijn `lm_afspraken` wachtte: een deadlock, waarin
        PostgreSQL de lezer afbrak. Nu wacht het wisselen korter dan PostgreSQL's
        deadlock_timeout: in zo'n kring geeft het wisselen op (en probeert het opnieuw), nooit
        een lezer."""
        deadlock = conn.exec_driver_sql(
            "SELECT setting::int FROM pg_settings WHERE name = 'deadlock_timeout'").scalar_one()
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(10, deadlock // 2)}")
        try:
            vergrendel_leesmodellen(conn, "ACCESS EXCLUSIVE")
        except OperationalError as e:
            if getattr(e.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
                raise _Bezet from e
            raise
        conn.exec_driver_sql("SET LOCAL lock_timeout = 0")

    def analyseer(self) -> None:
        """Statistieken van de nieuwe tabellen vóór het wisselen (ANALYZE, zoals PostgreSQL na
        het vullen van een tabel aanraadt): zonder kiest de planner voor de eerste vragen na
        het wisselen op de gok, tot autovacuum ze analyseert."""
        with self.engine.begin() as c:
            for t in LEESMODELTABELLEN:
                c.exec_driver_sql(f"ANALYZE {SCHEMA}.{t.name}")

    def neem_over(self, conn: Connection) -> None:
        doel = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
        for t in LEESMODELTABELLEN:
            conn.exec_driver_sql(f'DROP TABLE "{doel}".{t.name}')
            conn.exec_driver_sql(f'ALTER TABLE {SCHEMA}.{t.name} SET SCHEMA "{doel}"')

    def ruim_op(self) -> None:
        with self.engine.begin() as c:
            c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


class _SQLiteSchaduw:
    """Een eigen bestand naast het register; bij het wisselen gekoppeld (ATTACH)."""

    def __init__(self, engine: Engine, pad: Path) -> None:
        self.engine = engine
        self.pad = pad.with_name(f"{pad.stem}-{SCHEMA}{pad.suffix or '.db'}")
        self.eigen: Engine | None = None

    @contextlib.contextmanager
    def transactie(self) -> Iterator[Connection]:
        if self.eigen is None:
            raise RuntimeError("de schaduw is nog niet gemaakt")
        with self.eigen.begin() as c:
            yield c

    def maak(self) -> None:
        self.ruim_op()
        self.eigen = Opslag(f"sqlite:///{self.pad}").engine()
        metadata.create_all(self.eigen, tables=[*LEESMODELTABELLEN, tracking])

    @contextlib.contextmanager
    def wissel(self) -> Iterator[tuple[Connection, Transactie]]:
        if self.eigen is not None:
            self.eigen.dispose()  # de schaduw is vanaf nu alleen van deze verbinding
        with self.engine.connect() as conn:
            sqlite: Any = conn.connection.driver_connection
            sqlite.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(self.pad),))
            try:
                with conn.begin():  # BEGIN IMMEDIATE: het register én de schaduw
                    yield conn, _in(conn)
            finally:
                sqlite.execute(f"DETACH DATABASE {SCHEMA}")

    def analyseer(self) -> None:
        """Niets: SQLite's planner kiest hier ook zonder statistieken de indexen."""

    def vergrendel(self, conn: Connection) -> None:
        """Niets: BEGIN IMMEDIATE hield de schrijvers al tegen, en lezers in WAL houden het
        wisselen niet op."""

    def neem_over(self, conn: Connection) -> None:
        for t in LEESMODELTABELLEN:
            kolommen = _kolommen(t)
            conn.exec_driver_sql(f"DELETE FROM main.{t.name}")
            conn.exec_driver_sql(f"INSERT INTO main.{t.name} ({kolommen}) "
                                 f"SELECT {kolommen} FROM {SCHEMA}.{t.name}")

    def ruim_op(self) -> None:
        if self.eigen is not None:
            self.eigen.dispose()
            self.eigen = None
        for p in (self.pad, self.pad.with_name(self.pad.name + "-wal"),
                  self.pad.with_name(self.pad.name + "-shm")):
            p.unlink(missing_ok=True)


def _in(conn: Connection) -> Transactie:
    """De schaduw binnen de transactie van het wisselen: dezelfde verbinding, zolang de
    transactie duurt met de tabellen omgeleid naar het schema `naast` (een eigen verbinding
    zou op SQLite op het slot van deze wachten). `execution_options` wijzigt de verbinding
    zelf; daarna weer zonder omleiding."""

    @contextlib.contextmanager
    def transactie() -> Iterator[Connection]:
        conn.execution_options(**VERTAAL)
        try:
            yield conn
        finally:
            conn.execution_options(schema_translate_map=None)

    return transactie
