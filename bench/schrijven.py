"""Schrijven: commando's per seconde door `Register` (ophalen, commando, opslaan: één transactie
per commando) gedeeld door kale inserts van één rij per commit, even groot, op dezelfde
database met dezelfde duurzaamheid. Doel ≥ 0,5.

    uv run python -m bench.schrijven [--aantal 2000]   # REGISTER_DATABASE_URL kiest de opslag
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import time
import uuid
from datetime import date
from typing import Any

import psycopg

from register.applicatie.register import BEHEER, Register
from register.domein import commandos as c
from register.domein.invoer import BronInvoer, TijdInvoer, Verantwoording, VerplichtingInvoer
from register.systeem.opslag import Opslag
from register.systeem.samenstel import Systeem

from bench.gemeen import SEED, Resultaat, balk, console, demo_teksten, soort_opslag
from bench.genereer import genereer
from bench.opslag import verse_database

DOEL = 0.5


def _verantwoording(r: random.Random, citaten: list[str], i: int) -> Verantwoording:
    dag = date(2024, 1, 1).toordinal() + i % 700
    return Verantwoording(
        bronnen=(BronInvoer(titel="Voortgangsrapportage", soort="rapportage",
                            datum=date.fromordinal(dag), citaat=r.choice(citaten)),),
        toelichting="Voortgang volgens de rapportage.", tijd=TijdInvoer())


def _commando(reg: Register, r: random.Random, ids: list[str], versies: dict[str, int],
              partij: dict[str, str], citaten: list[str], i: int) -> None:
    """Een mengsel zoals in de demogegevens: vooral voortgang, soms een verplichting erbij."""
    aid = r.choice(ids)
    v = _verantwoording(r, citaten, i)
    commando: c.Commando
    if r.random() < 0.8:
        commando = c.VoortgangRapporteren(verslag=r.choice(citaten), aard="voortgang",
                                          verantwoording=v)
    else:
        commando = c.VerplichtingVastleggen(verantwoording=v, verplichting=VerplichtingInvoer(
            omschrijving="Rapportage opleveren", partij=partij[aid], uiterlijk="2026-06",
            binding="BESTUURLIJK"))
    versies[aid] = reg.voer_uit(aid, versies[aid], BEHEER, commando).versie


def meet_register(url: str, aantal: int) -> tuple[float, float]:
    """Geeft (commando's per seconde, gemiddelde grootte van een opgeslagen gebeurtenis)."""
    systeem = Systeem(url)
    try:
        # Afspraken om op verder te schrijven: ~350 (bij de rooktest ~70).
        genereer(systeem, 5_000 if aantal >= 1_000 else 1_000, SEED + 1, lang=False)
        reg = systeem.register
        ids = [str(a) for a in _open_afspraken(systeem)]
        versies = {a: reg.afspraak(a, BEHEER).version for a in ids}
        # een partij die bestond op de vroegste bron van een commando (1-1-2024): het register
        # weigert een verplichting voor een organisatie die toen nog niet bestond
        partij = {a: next(o for o in sorted(reg.afspraak(a, BEHEER).leden)
                          if reg.overheid_bestond_op(o, date(2024, 1, 1))) for a in ids}
        r = random.Random(SEED)
        citaten = demo_teksten().citaten
        voor = systeem.laatste_positie()
        with balk() as p:
            taak = p.add_task("Commando's door Register", total=aantal)
            t0 = time.perf_counter()
            for i in range(aantal):
                _commando(reg, r, ids, versies, partij, citaten, i)
                p.advance(taak)
            duur = time.perf_counter() - t0
        grootte = _gemiddelde_grootte(systeem, voor)
        return aantal / duur, grootte
    finally:
        systeem.sluit()


def _open_afspraken(systeem: Systeem) -> list[uuid.UUID]:
    """Afspraken die nog niet zijn afgehecht (daarop kan alleen nog een rectificatie)."""
    ids = {uuid.UUID(str(n.originator_id)) for n in
           systeem.register.recorder.select_notifications(start=1, limit=10_000)}
    return sorted(a for a in ids if not systeem.register.repository.get(a).afgehecht)


def _gemiddelde_grootte(systeem: Systeem, na: int) -> float:
    ns = systeem.register.recorder.select_notifications(start=na + 1, limit=100_000)
    return sum(len(n.state) + len(n.topic) + 40 for n in ns) / max(1, len(ns))


def meet_ruw(url: str, aantal: int, grootte: int) -> float:
    """Eén rij per commit, even groot als een gebeurtenis, op dezelfde soort opslag."""
    inhoud = os.urandom(grootte)
    if soort_opslag(url) == "sqlite":
        pad = Opslag(url).eventsourcing_env()["SQLITE_DBNAME"]
        conn = sqlite3.connect(pad, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")  # zoals de eventsourcing-recorder
        conn.execute("CREATE TABLE IF NOT EXISTS ruw (id INTEGER PRIMARY KEY, "
                     "sleutel TEXT, versie INTEGER, inhoud BLOB)")
        return _tel(aantal, lambda i: _sqlite_rij(conn, i, inhoud), conn.close)
    pg = psycopg.connect(Opslag(url).sqlalchemy_url().replace("+psycopg", ""), autocommit=True)
    pg.execute("CREATE TABLE IF NOT EXISTS ruw (id BIGSERIAL PRIMARY KEY, sleutel TEXT, "
               "versie INTEGER, inhoud BYTEA)")
    return _tel(aantal, lambda i: pg.execute(
        "INSERT INTO ruw (sleutel, versie, inhoud) VALUES (%s, %s, %s)",
        (str(uuid.uuid4()), i, inhoud)), pg.close)


def _sqlite_rij(conn: sqlite3.Connection, i: int, inhoud: bytes) -> None:
    conn.execute("BEGIN")
    conn.execute("INSERT INTO ruw (sleutel, versie, inhoud) VALUES (?, ?, ?)",
                 (str(uuid.uuid4()), i, inhoud))
    conn.execute("COMMIT")


def _tel(aantal: int, schrijf: Any, sluit: Any) -> float:
    with balk() as p:
        taak = p.add_task("Kale inserts (1 per commit)", total=aantal)
        t0 = time.perf_counter()
        for i in range(aantal):
            schrijf(i)
            p.advance(taak)
        duur = time.perf_counter() - t0
    sluit()
    return aantal / duur


def meet(basis_url: str, aantal: int, naam: str = "schrijven") -> list[Resultaat]:
    """`naam`: de eigen, steeds verse database voor deze meting (per grootte een andere, zodat
    gelijktijdige runs elkaar niet storen)."""
    soort = soort_opslag(basis_url)
    url = verse_database(basis_url, naam)
    per_s, grootte = meet_register(url, aantal)
    ruw = meet_ruw(url, aantal, round(grootte))
    ratio = per_s / ruw
    console.print(f"schrijven ({soort}): {per_s:.0f} commando's/s door Register, {ruw:.0f} "
                  f"kale inserts/s van {grootte:.0f} bytes; verhouding {ratio:.2f} "
                  f"(doel ≥ {DOEL})")
    return [Resultaat(f"schrijven-{soort}", round(ratio, 3), "× kale insert", f"≥ {DOEL}",
                      ratio >= DOEL, f"{per_s:.0f} commando's/s tegen {ruw:.0f} inserts/s "
                      f"({grootte:.0f} B per gebeurtenis)"),
            Resultaat(f"schrijven-{soort}-per-s", round(per_s), "commando's/s", "", None)]


def main() -> None:
    from bench.gemeen import database_url

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aantal", type=int, default=2_000)
    for r in meet(database_url(), ap.parse_args().aantal):
        print(r)


if __name__ == "__main__":
    main()
