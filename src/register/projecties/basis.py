"""Wat alle leesmodellen delen: de metadata, de trackingtabel en het projectiecontract."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, select, update

from register.domein.afspraak import Afspraak

metadata = MetaData()

# Eén rij per projectie: tot en met welke notificatie is verwerkt. Wordt in dezelfde
# transactie bijgewerkt als de leesmodellen, zodat elke gebeurtenis precies één keer telt.
tracking = Table(
    "projectie_tracking", metadata,
    Column("naam", String(100), primary_key=True),
    Column("positie", Integer, nullable=False),
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


def zet_positie(conn: Connection, naam: str, oud: int, nieuw: int) -> bool:
    """Schuift de positie op, alleen als niemand anders dat intussen deed."""
    r = conn.execute(update(tracking).where(tracking.c.naam == naam, tracking.c.positie == oud)
                     .values(positie=nieuw))
    return r.rowcount == 1
