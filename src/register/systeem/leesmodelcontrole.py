"""Kloppen de leesmodellen met wat de gebeurtenissen zeggen? De volledige controle bouwt ze
opnieuw op in een tijdelijke SQLite-database en vergelijkt ze per afspraak met de echte: wie
alleen de database kan wijzigen en een titel, een partijrij of `vertrouwelijk` aanpast, valt
zo op. Per afspraak een samenvatting van haar rijen (een gesorteerde lijst rijhashes), zodat het
geheugen begrensd blijft door de grootste afspraak, niet door het register."""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import Column, Connection, Table, create_engine, select

from register.applicatie.transcodering import OnechteGebeurtenis
from register.projecties.afspraken import AfsprakenProjectie, afspraken, kenmerken, toegang
from register.projecties.basis import TRACKING_NAAM, Verwerking, metadata, tracking, verwerking
from register.projecties.gebeurtenissen import GebeurtenissenProjectie, gebeurtenissen
from register.projecties.integriteit import Breuk
from register.projecties.peil import PeilProjectie
from register.projecties.peil import versies as peil_versies
from register.projecties.peil import waarden as peil_waarden
from register.systeem.bron import Gebeurtenisbron
from register.systeem.opslag import LEZEN


# De leesmodellen die uit de gebeurtenissen volgen (niet de bladen van de boom: die zijn het
# bewijs, en niet de controles en tokens).
LEESMODELTABELLEN = (gebeurtenissen, afspraken, kenmerken, toegang, peil_versies, peil_waarden)
BLOK = 1000


def vergrendel_leesmodellen(conn: Connection, modus: str) -> None:
    """PostgreSQL: LOCK TABLE op alle herbouwbare leesmodellen van het huidige schema, in één
    opdracht en steeds in dezelfde volgorde (de controle, het wisselen van `herbouw --naast`)."""
    conn.exec_driver_sql("LOCK TABLE " + ", ".join(t.name for t in LEESMODELTABELLEN)
                         + f" IN {modus} MODE")


def _afspraak_kolom(t: Table) -> Column[Any]:
    return t.c.id if t is afspraken else t.c.afspraak_id


def _waarde(w: Any) -> Any:
    """Eén kolomwaarde zoals beide databases haar teruggeven: datums als ISO, bytes als hex."""
    if isinstance(w, memoryview):
        w = bytes(w)
    if isinstance(w, bytes):
        return w.hex()
    return w.isoformat() if hasattr(w, "isoformat") else w


def _rijhash(rij: Any) -> bytes:
    tekst = json.dumps([_waarde(w) for w in rij], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(tekst.encode()).digest()


def _per_afspraak(c: Connection, t: Table) -> Iterator[tuple[str, bytes]]:
    """Per afspraak (in bytevolgorde van haar id) één hash over haar rijen in deze tabel."""
    kolom = _afspraak_kolom(t)
    orde = kolom.collate("C") if c.dialect.name == "postgresql" else kolom
    rijen = c.execution_options(yield_per=BLOK).execute(select(t).order_by(orde))
    for aid, groep in groupby(rijen, key=lambda r: r._mapping[kolom.name]):
        h = hashlib.sha256()
        for r in sorted(_rijhash(r) for r in groep):
            h.update(r)
        yield str(aid), h.digest()


def _eerste_verschil(echt: Iterator[tuple[str, bytes]], opnieuw: Iterator[tuple[str, bytes]]
                     ) -> str | None:
    """De eerste afspraak (in id-volgorde) waarvan de rijen verschillen, of die maar aan één
    kant rijen heeft."""
    a, b = next(echt, None), next(opnieuw, None)
    while a is not None or b is not None:
        if a is not None and b is not None and a[0] == b[0]:
            if a[1] != b[1]:
                return a[0]
            a, b = next(echt, None), next(opnieuw, None)
        elif b is None or (a is not None and a[0] < b[0]):
            return a[0] if a is not None else None
        else:
            return b[0]
    return None


def controleer_leesmodellen(systeem: Gebeurtenisbron,
                            notificaties: Callable[[int], Iterable[Notification]]
                            ) -> Breuk | None:
    """Bouwt de leesmodellen opnieuw op uit `notificaties(tot)` (tot waar de echte zijn
    bijgewerkt), in een tijdelijke SQLite-database, en vergelijkt ze. Geeft de eerste
    afwijking, of None."""
    with tempfile.TemporaryDirectory(prefix="register-controle-") as map_:
        kladengine = create_engine(f"sqlite:///{Path(map_) / 'klad.db'}")
        try:
            metadata.create_all(kladengine, tables=[*LEESMODELTABELLEN, tracking])
            # één momentopname voor de positie en de rijen
            lezen = systeem.engine.connect().execution_options(**LEZEN)
            if lezen.dialect.name == "postgresql":
                lezen = lezen.execution_options(isolation_level="REPEATABLE READ")
            with lezen as echt, kladengine.begin() as klad:
                if echt.dialect.name == "postgresql":
                    # Vóór de momentopname (LOCK neemt er geen): een `herbouw --naast` die
                    # intussen wisselt, zou deze momentopname anders nieuwe tabellen laten
                    # lezen waarin de rijen van na haar ontbreken. Nu wacht het wisselen.
                    vergrendel_leesmodellen(echt, "ACCESS SHARE")
                tot = int(echt.execute(select(tracking.c.positie)
                                       .where(tracking.c.naam == TRACKING_NAAM)).scalar() or 0)
                _bouw(systeem, klad, notificaties(tot))
                for t in LEESMODELTABELLEN:
                    verschil = _eerste_verschil(_per_afspraak(echt, t), _per_afspraak(klad, t))
                    if verschil is not None:
                        return Breuk(f"leesmodel {t.name} wijkt af van wat de gebeurtenissen "
                                     "zeggen: gewijzigd buiten het register om (herstel met "
                                     "'register herbouw')", None, verschil, None)
        finally:
            kladengine.dispose()
    return None


def _bouw(systeem: Gebeurtenisbron, klad: Connection,
          notificaties: Iterable[Notification]) -> None:
    modellen = (GebeurtenissenProjectie(), AfsprakenProjectie(), PeilProjectie())
    blok: list[Verwerking] = []

    def verwerk() -> None:
        for m in modellen:
            m.verwerk(klad, blok)
        blok.clear()

    for n in notificaties:
        try:
            e: Any = systeem.register.mapper.to_domain_event(n)
        except (OnechteGebeurtenis, ValueError):
            continue  # de controle van de gebeurtenissen zelf meldt haar
        blok.append(verwerking(e, n.id, blad=False))
        if len(blok) == BLOK:
            verwerk()  # het verzamelde werk begrensd houden
    verwerk()
