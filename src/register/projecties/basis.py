"""Wat alle leesmodellen delen: de metadata, de trackingtabel en het projectiecontract."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

from sqlalchemy import (
    JSON, BigInteger, Column, Connection, Date, Integer, MetaData, String, Table, select, update,
)

from register.domein.afspraak import Afspraak

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
# een index op lm_afspraak_toegang.overheid.
LEESMODEL_VERSIE = 7
leesmodel_schema = Table(
    "leesmodel_schema", metadata,
    Column("naam", String(100), primary_key=True),
    Column("versie", Integer, nullable=False),
)


class Projectie(Protocol):
    """Werkt een leesmodel bij met één gebeurtenis, binnen de transactie van de aanroeper."""

    def verwerk(self, conn: Connection, gebeurtenis: Afspraak.Event, positie: int) -> None: ...

    def wis(self, conn: Connection) -> None: ...


def lees_positie(conn: Connection, naam: str) -> int:
    positie = conn.execute(select(tracking.c.positie).where(tracking.c.naam == naam)
                           .with_for_update()).scalar()
    if positie is None:
        conn.execute(tracking.insert().values(naam=naam, positie=0))
        return 0
    return int(positie)


class Blok(Protocol):
    """Wat een projectie tijdens één transactie verzamelt en in één keer schrijft."""

    def spoel(self, conn: Connection) -> None: ...


B = TypeVar("B", bound=Blok)
_BLOK = "register.projecties.blok"


def blok(conn: Connection, sleutel: str, nieuw: Callable[[], B]) -> B:
    """Het verzamelde werk van deze projectie in de lopende transactie. Projecties schrijven
    per blok gebeurtenissen met één `executemany` per tabel in plaats van een query per
    gebeurtenis; `zet_positie` schrijft het weg vóór de positie opschuift, in dezelfde
    transactie. Werk van een teruggedraaide transactie wordt nooit geschreven: het hoort bij
    een andere transactie en wordt weggegooid."""
    tx = conn.get_transaction()
    huidig = conn.info.get(_BLOK)
    if huidig is None or huidig[0] is not tx:
        huidig = (tx, {})
        conn.info[_BLOK] = huidig
    werk: dict[str, B] = huidig[1]
    if sleutel not in werk:
        werk[sleutel] = nieuw()
    return werk[sleutel]


def spoel(conn: Connection) -> None:
    """Schrijft het verzamelde werk van de lopende transactie (zie `blok`)."""
    huidig = conn.info.pop(_BLOK, None)
    if huidig is not None and huidig[0] is conn.get_transaction():
        for b in huidig[1].values():
            b.spoel(conn)


def voeg_in(conn: Connection, tabel: Table, rijen: Sequence[Mapping[str, Any]]) -> None:
    """Rijen (alle met dezelfde sleutels) in één `executemany` rechtstreeks op de driver.
    SQLAlchemy's eigen executemany bouwt per blok meerrijige INSERT's en zet elke waarde om
    via haar type: voor de projecties vier keer zo duur als het invoegen zelf. Hier gebeurt
    alleen wat de kolomtypen vragen: JSON als tekst (zoals SQLAlchemy's JSON-type, via
    `json.dumps`), en op SQLite datums als ISO-tekst (zoals SQLAlchemy's Date-type)."""
    if not rijen:
        return
    kolommen = [tabel.c[k] for k in rijen[0]]
    sqlite = conn.dialect.name == "sqlite"
    omzettingen = [_omzetting(k.type, sqlite) for k in kolommen]
    teken = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {tabel.name} ({', '.join(k.name for k in kolommen)}) "
           f"VALUES ({', '.join([teken] * len(kolommen))})")
    sleutels = [k.name for k in kolommen]
    conn.exec_driver_sql(sql, [tuple(w if f is None else f(w) for f, w in
                                     zip(omzettingen, (r[k] for k in sleutels), strict=True))
                               for r in rijen])


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _omzetting(soort: Any, sqlite: bool) -> Callable[[Any], Any] | None:
    if isinstance(soort, JSON):
        return json.dumps
    if sqlite and isinstance(soort, Date):
        return _iso
    return None


def zet_positie(conn: Connection, naam: str, oud: int, nieuw: int) -> bool:
    """Schrijft het verzamelde werk en schuift dan de positie op, alleen als niemand anders
    dat intussen deed."""
    spoel(conn)
    r = conn.execute(update(tracking).where(tracking.c.naam == naam, tracking.c.positie == oud)
                     .values(positie=nieuw))
    return r.rowcount == 1
