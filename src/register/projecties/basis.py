"""Wat alle leesmodellen delen: de metadata, de trackingtabel en het projectiecontract."""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import orjson
from sqlalchemy import (
    JSON, BigInteger, Column, Connection, Date, Integer, MetaData, String, Table, select, update,
)

from register.domein import merkle
from register.domein.afspraak import Afspraak, feit_van
from register.domein.tijdreizen import Feit

metadata = MetaData()

# De naam van de trackingrij van de leesmodellen.
TRACKING_NAAM = "leesmodellen"

# Eén rij per projectie: tot en met welke notificatie is verwerkt. Wordt in dezelfde
# transactie bijgewerkt als de leesmodellen, zodat elke gebeurtenis precies één keer telt.
tracking = Table(
    "projectie_tracking", metadata,
    Column("naam", String(100), primary_key=True),
    Column("positie", BigInteger, nullable=False),
)


# De vorm van de leesmodellen. Verandert een tabel of wat een projectie erin schrijft, dan gaat
# dit nummer omhoog: een register met een ander nummer bouwt zijn leesmodellen bij het starten
# opnieuw op (Systeem). 2: leesmodel 'peil' en posities als BIGINT. 3: veldsleutels en -waarden
# in snake_case (partij#<uri>#ondertekend_op, naam_in_bron, vervangen_door, geldig_vanaf), en
# de aard van elke gebeurtenis in lm_gebeurtenissen. 4: een bedrag draagt zijn eigen bron.
# 5: tegenstrijdigheden, en de verwijzingen van de bronnen in lm_gebeurtenissen. 6: wie een
# afspraak mag lezen en tot wanneer (lm_afspraak_toegang). 7: de feed (projecties/feed.py; zelf
# geen leesmodel, maar een bestaand register vult haar zo één keer uit zijn gebeurtenissen), en
# een index op lm_afspraak_toegang.overheid. 8: de index van lm_peil_waarden met de volgorde
# aflopend.
LEESMODEL_VERSIE = 8
leesmodel_schema = Table(
    "leesmodel_schema", metadata,
    Column("naam", String(100), primary_key=True),
    Column("versie", Integer, nullable=False),
)


@dataclass(frozen=True, slots=True)
class Verwerking:
    """Eén gebeurtenis zoals de leesmodellen haar nodig hebben, één keer berekend door wie de
    leesmodellen bijwerkt (systeem/leesmodellen.py): het feit voor het orakel (met de gezette
    velden) en de bladhash voor de Merkle-boom (None waar geen leesmodel haar nodig heeft).
    `getoetst`: de bladhash is al vergeleken met het vastgelegde blad (gecontroleerde herbouw)."""

    gebeurtenis: Afspraak.Event
    positie: int
    afspraak_id: str
    feit: Feit
    blad: bytes | None
    getoetst: bool = False


def verwerking(e: Afspraak.Event, positie: int, *, blad: bool = True,
               getoetst: bool = False) -> Verwerking:
    """Het feit en (met `blad`) de bladhash van een gedecodeerde gebeurtenis op haar plaats in
    de opslag."""
    h = merkle.blad_hash(merkle.gebeurtenis_blad(e, positie)) if blad else None
    return Verwerking(e, positie, str(e.originator_id), feit_van(e), h, getoetst)


class Leesmodel(Protocol):
    """Werkt een leesmodel bij met een blok gebeurtenissen in registervolgorde, binnen de
    transactie van de aanroeper, en schrijft het in enkele `executemany`'s."""

    def verwerk(self, conn: Connection, blok: Sequence[Verwerking]) -> None: ...

    def wis(self, conn: Connection) -> None: ...


def lees_positie(conn: Connection, naam: str) -> int:
    positie = conn.execute(select(tracking.c.positie).where(tracking.c.naam == naam)
                           .with_for_update()).scalar()
    if positie is None:
        conn.execute(tracking.insert().values(naam=naam, positie=0))
        return 0
    return int(positie)


# Vanaf zoveel rijen schrijft voeg_in op PostgreSQL met COPY (daaronder kost het openen ervan
# meer dan het scheelt).
COPY_VANAF = 50


def voeg_in(conn: Connection, tabel: Table, rijen: Sequence[Mapping[str, Any]], *,
            bestaand_overslaan: bool = False) -> None:
    """Rijen (alle met dezelfde sleutels) in één `executemany` rechtstreeks op de driver.
    SQLAlchemy's eigen executemany bouwt per blok meerrijige INSERT's en zet elke waarde om
    via haar type: voor de projecties vier keer zo duur als het invoegen zelf. Hier gebeurt
    alleen wat de kolomtypen vragen (zie `Opslagvorm`)."""
    if not rijen:
        return
    sleutels = list(rijen[0])
    vorm = Opslagvorm(conn)
    omzettingen = [(i, f) for i, k in enumerate(sleutels)
                   if (f := vorm.omzetting(tabel.c[k].type)) is not None]
    haal = operator.itemgetter(*sleutels)
    if len(sleutels) == 1:
        waarden: list[Any] = [(haal(r),) for r in rijen]
    else:
        waarden = [haal(r) for r in rijen]
    if omzettingen:
        for j, t in enumerate(waarden):
            rij = list(t)
            for i, f in omzettingen:
                rij[i] = f(rij[i])
            waarden[j] = tuple(rij)
    voeg_tupels_in(conn, tabel, sleutels, waarden, bestaand_overslaan=bestaand_overslaan)


def voeg_tupels_in(conn: Connection, tabel: Table, kolommen: Sequence[str],
                   rijen: Sequence[tuple[Any, ...]], *, bestaand_overslaan: bool = False
                   ) -> None:
    """Rijen als tupels in de volgorde van `kolommen`, al in de vorm van de opslag
    (`Opslagvorm`). Op PostgreSQL gaan grote blokken met COPY: één stroom in plaats van een
    INSERT per rij."""
    if not rijen:
        return
    namen, naam = ", ".join(kolommen), tabelnaam(conn, tabel)
    if conn.dialect.name == "postgresql" and not bestaand_overslaan and len(rijen) >= COPY_VANAF:
        psycopg: Any = conn.connection.driver_connection  # dezelfde transactie
        with psycopg.cursor() as cur, cur.copy(f"COPY {naam} ({namen}) FROM STDIN") as copy:
            for t in rijen:
                copy.write_row(t)
        return
    teken = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {naam} ({namen}) VALUES ({', '.join([teken] * len(kolommen))})"
    if bestaand_overslaan:  # een rij met een bestaande sleutel blijft zoals zij was
        sql += " ON CONFLICT DO NOTHING"
    conn.exec_driver_sql(sql, rijen)


def tabelnaam(conn: Connection, tabel: Table) -> str:
    """De naam van de tabel voor SQL die de driver rechtstreeks krijgt, met het schema waar
    `schema_translate_map` haar heen leidt (een herbouw naast de lopende leesmodellen)."""
    schema = (conn.get_execution_options().get("schema_translate_map") or {}).get(tabel.schema)
    return f'"{schema}".{tabel.name}' if schema else tabel.name


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _zelf(w: Any) -> Any:
    return w


def als_json(w: Any) -> str:
    """JSON-tekst voor een JSON-kolom: met orjson (vele malen sneller dan `json.dumps`, en
    leesbaar voor `json.loads` waarmee SQLAlchemy's JSON-type leest); wat orjson niet kent
    (sleutels die geen tekst zijn, gehele getallen boven 64 bits) zoals `json.dumps`."""
    try:
        return orjson.dumps(w).decode()
    except TypeError:
        return json.dumps(w)


# Een geheel getal van 19 of meer cijfers kan boven 64 bits liggen: daar maakt orjson.loads een
# float van (zonder fout); zulke tekst leest `lees_json` met json.loads, exact.
_LANG_GETAL = re.compile(r"[0-9]{19}")
_LANG_GETAL_BYTES = re.compile(rb"[0-9]{19}")


def lees_json(tekst: str | bytes) -> Any:
    """Een JSON-kolom gelezen: met orjson (ook als JSON-lezer van psycopg, zie
    systeem/opslag.py); een lang geheel getal en wat orjson weigert (NaN, Infinity) zoals
    `json.loads`, dus altijd dezelfde waarde als die."""
    try:
        w = orjson.loads(tekst)
    except orjson.JSONDecodeError:
        return json.loads(tekst)
    if type(w) is str or w is None or type(w) is bool or len(tekst) < 19:
        return w  # geen getal, of te kort voor een lang getal: het gewone geval, zonder zoeken
    lang = (_LANG_GETAL.search(tekst) if isinstance(tekst, str)
            else _LANG_GETAL_BYTES.search(tekst))
    return w if lang is None else json.loads(tekst)


class Opslagvorm:
    """Hoe een waarde de driver in gaat zoals SQLAlchemy's kolomtypen haar zouden omzetten:
    JSON als tekst (`als_json`, zoals het JSON-type), en op SQLite een datum als ISO-tekst
    (zoals het Date-type); de rest zoals zij is."""

    def __init__(self, conn: Connection) -> None:
        self.datum: Callable[[date | None], Any] = (
            _iso if conn.dialect.name == "sqlite" else _zelf)
        self.json: Callable[[Any], str] = als_json

    def omzetting(self, soort: Any) -> Callable[[Any], Any] | None:
        if isinstance(soort, JSON):
            return self.json
        if isinstance(soort, Date) and self.datum is not _zelf:
            return self.datum
        return None


def zet_positie(conn: Connection, naam: str, oud: int, nieuw: int) -> bool:
    """Schuift de positie op, alleen als niemand anders dat intussen deed."""
    r = conn.execute(update(tracking).where(tracking.c.naam == naam, tracking.c.positie == oud)
                     .values(positie=nieuw))
    return r.rowcount == 1
