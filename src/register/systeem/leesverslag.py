"""Verantwoord lezen: elke lezing van een vertrouwelijke afspraak wordt vastgelegd (wie, wanneer,
op welk peilmoment, met welk verzoek), zodat haar partijen kunnen nagaan wie haar zag.

Een verzoek legt zijn lezingen niet zelf vast: het zet ze in een wachtrij, en één draad schrijft
ze per blok weg. Zo wacht een lezer nooit op de schrijfvergrendeling van SQLite. Wat in de
wachtrij staat als het proces hard stopt, gaat verloren; bij een gewone stop wordt alles
weggeschreven (`sluit`). Het verslag is geen leesmodel: een herbouw laat het staan."""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger, Boolean, Column, Date, Engine, Index, Integer, MetaData, String, Table, insert,
    select,
)

from register.domein.tijdreizen import Peilmoment
from register.systeem.opslag import schema_slot

log = logging.getLogger("register")
metadata = MetaData()
lezingen = Table(
    "leesverslag", metadata,
    # op SQLite INTEGER: alleen dan telt de sleutel vanzelf op
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
           autoincrement=True),
    Column("afspraak_id", String(36), nullable=False),
    Column("lezer", String(300), nullable=False),
    Column("beheerder", Boolean, nullable=False),
    Column("tijdstip", String(32), nullable=False),
    Column("wat", String(40), nullable=False),
    Column("geldig_op", Date),
    Column("juridisch_werkend_op", Date),
    Column("bekend_op", Date),
    Column("ontvangen_op", String(32)),
    Column("verzoek_id", String(64), nullable=False),
    Index("ix_leesverslag_afspraak", "afspraak_id", "id"),
)
BLOK = 500


@dataclass(frozen=True)
class Lezing:
    afspraak_id: str
    lezer: str
    beheerder: bool
    tijdstip: datetime
    wat: str  # afspraak, lijst, verplichtingen, relatie, geschiedenis, tijdlijn, na schrijven
    peil: Peilmoment | None  # None: de hele geschiedenis
    verzoek_id: str


def _utc(t: datetime | None) -> str | None:
    return None if t is None else t.astimezone(UTC).isoformat(timespec="microseconds")


def _assen(p: Peilmoment | None) -> dict[str, Any]:
    if p is None:
        return dict(geldig_op=None, juridisch_werkend_op=None, bekend_op=None, ontvangen_op=None)
    return dict(geldig_op=p.geldig_op, juridisch_werkend_op=p.juridisch_werkend_op,
                bekend_op=p.bekend_op, ontvangen_op=_utc(p.ontvangen_op))


class Leesverslag:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with schema_slot(engine):
            metadata.create_all(engine)
        self._rij: queue.SimpleQueue[Lezing | threading.Event | None] = queue.SimpleQueue()
        self._slot = threading.Lock()
        self._draad: threading.Thread | None = None

    def leg_vast(self, lezingen_: list[Lezing]) -> None:
        """Voor de wachtrij; de draad schrijft ze weg."""
        if not lezingen_:
            return
        for z in lezingen_:
            self._rij.put(z)
        with self._slot:
            if self._draad is None or not self._draad.is_alive():
                self._draad = threading.Thread(target=self._schrijf, name="leesverslag",
                                               daemon=True)
                self._draad.start()

    def _schrijf(self) -> None:
        """Eén draad: schrijft per blok (of na 50 ms stilte); een Event in de wachtrij is een
        verzoek om alles tot dan weg te schrijven (`spoel`), None het einde (`sluit`)."""
        blok: list[Lezing] = []
        while True:
            try:
                z = self._rij.get(timeout=0.05) if blok else self._rij.get()
            except queue.Empty:
                blok = self._weg(blok)
                continue
            if z is None:
                self._weg(blok)
                return
            if isinstance(z, threading.Event):
                blok = self._weg(blok)
                z.set()
                continue
            blok.append(z)
            if len(blok) >= BLOK:
                blok = self._weg(blok)

    def _weg(self, blok: list[Lezing]) -> list[Lezing]:
        if blok:
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(lezingen), [dict(
                        afspraak_id=z.afspraak_id, lezer=z.lezer, beheerder=z.beheerder,
                        tijdstip=_utc(z.tijdstip), wat=z.wat, verzoek_id=z.verzoek_id,
                        **_assen(z.peil)) for z in blok])
            except Exception:
                log.exception("Leesverslag: %d lezingen niet vastgelegd", len(blok))
        return []

    def spoel(self, wachttijd: float = 10.0) -> None:
        """Wacht tot alles wat nu in de wachtrij staat, is weggeschreven."""
        draad = self._draad
        if draad is not None and draad.is_alive():
            klaar = threading.Event()
            self._rij.put(klaar)
            klaar.wait(wachttijd)

    def sluit(self) -> None:
        with self._slot:
            draad, self._draad = self._draad, None
        if draad is not None and draad.is_alive():
            self._rij.put(None)
            draad.join(10.0)

    def lees(self, afspraak_id: str, eerste: int, na: int | None,
             tot: datetime | None = None) -> tuple[list[Any], bool]:
        """De lezingen van één afspraak, nieuwste eerst, na lezing `na`; met `tot` alleen die
        tot dat moment."""
        self.spoel()
        q = select(lezingen).where(lezingen.c.afspraak_id == afspraak_id)
        if tot is not None:
            q = q.where(lezingen.c.tijdstip <= _utc(tot))
        if na is not None:
            q = q.where(lezingen.c.id < na)
        with self.engine.connect() as c:
            rijen = c.execute(q.order_by(lezingen.c.id.desc()).limit(eerste + 1)).all()
        return list(rijen[:eerste]), len(rijen) > eerste
