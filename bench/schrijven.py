"""Schrijven: commando's per seconde door `Register` (ophalen, commando, opslaan: één transactie
per commando) gedeeld door kale inserts van één rij per commit, even groot, op dezelfde
database met dezelfde duurzaamheid, om beurten per blok gemeten. Doel ≥ 0,5; tegen een
duurzame PostgreSQL (fsync en synchronous_commit aan) ≥ 0,35. Daarna 16 schrijvers tegelijk.

    uv run python -m bench.schrijven [--aantal 2000]   # REGISTER_DATABASE_URL kiest de opslag
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from collections.abc import Callable
from dataclasses import dataclass

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
# Tegen een PostgreSQL die elke commit op schijf zet (PGTEST_DUURZAAM=1, zie
# scripts/postgres-test.sh): issue 14, stap 6.
DOEL_DUURZAAM = 0.35
SCHRIJVERS = 16


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


BLOK = 100  # commando's en kale inserts om beurten, per blok


def meet_register(url: str, aantal: int, schrijvers: int = 1) -> tuple[float, float, float, float]:
    """Geeft (commando's per seconde met één schrijver, kale inserts per seconde om beurten
    daarmee gemeten, commando's per seconde met `schrijvers` tegelijk, de gemiddelde grootte van
    een opgeslagen gebeurtenis). Register en kale inserts gaan om beurten per blok, zodat een
    wisselende schijf of drukke machine beide even hard treft. Gelijktijdige schrijvers delen
    één Register (zoals de draden van de API) en schrijven elk op hun eigen afspraken."""
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
        citaten = demo_teksten().citaten
        voor = systeem.laatste_positie()
        r = random.Random(SEED)
        for i in range(BLOK):  # opwarmen, en de grootte van een gebeurtenis
            _commando(reg, r, ids, versies, partij, citaten, i)
        grootte = _gemiddelde_grootte(systeem, voor)
        ruw = _ruwe_inserts(url, round(grootte))
        t_reg = t_ruw = 0.0
        with balk() as p:
            taak = p.add_task("Commando's door Register en kale inserts, om beurten",
                              total=2 * aantal)
            for b in range(0, aantal, BLOK):
                n = min(BLOK, aantal - b)
                t0 = time.perf_counter()
                for i in range(b, b + n):
                    _commando(reg, r, ids, versies, partij, citaten, BLOK + i)
                t1 = time.perf_counter()
                for i in range(b, b + n):
                    ruw.schrijf(i)
                t_reg, t_ruw = t_reg + t1 - t0, t_ruw + time.perf_counter() - t1
                p.advance(taak, 2 * n)
        ruw.sluit()
        samen = aantal / t_reg
        if schrijvers > 1:
            delen = [ids[i::schrijvers] for i in range(schrijvers)]
            samen = _schrijf(reg, delen, versies, partij, citaten, aantal,
                             f"Commando's door Register, {schrijvers} schrijvers tegelijk")
        return aantal / t_reg, aantal / t_ruw, samen, grootte
    finally:
        systeem.sluit()


def _schrijf(reg: Register, delen: list[list[str]], versies: dict[str, int],
             partij: dict[str, str], citaten: list[str], aantal: int, wat: str) -> float:
    """`aantal` commando's, verdeeld over één draad per deel van de afspraken; per seconde."""
    with balk() as p:
        taak = p.add_task(wat, total=aantal)

        def draad(nr: int, ids: list[str]) -> None:
            r = random.Random(SEED + nr)
            for i in range(nr, aantal, len(delen)):
                _commando(reg, r, ids, versies, partij, citaten, i)
                p.advance(taak)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(len(delen)) as pool:
            for f in [pool.submit(draad, nr, ids) for nr, ids in enumerate(delen)]:
                f.result()
        return aantal / (time.perf_counter() - t0)


def _open_afspraken(systeem: Systeem) -> list[uuid.UUID]:
    """Afspraken die nog niet zijn afgehecht (daarop kan alleen nog een rectificatie)."""
    ids = {uuid.UUID(str(n.originator_id)) for n in
           systeem.register.recorder.select_notifications(start=1, limit=10_000)}
    return sorted(a for a in ids if not systeem.register.repository.get(a).afgehecht)


def _gemiddelde_grootte(systeem: Systeem, na: int) -> float:
    ns = systeem.register.recorder.select_notifications(start=na + 1, limit=100_000)
    return sum(len(n.state) + len(n.topic) + 40 for n in ns) / max(1, len(ns))


@dataclass
class _Ruw:
    schrijf: Callable[[int], object]
    sluit: Callable[[], object]


def _ruwe_inserts(url: str, grootte: int) -> _Ruw:
    """Eén rij per commit, even groot als een gebeurtenis, op dezelfde soort opslag."""
    inhoud = os.urandom(grootte)
    if soort_opslag(url) == "sqlite":
        pad = Opslag(url).eventsourcing_env()["SQLITE_DBNAME"]
        conn = sqlite3.connect(pad, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")  # zoals de eventsourcing-recorder
        conn.execute("CREATE TABLE IF NOT EXISTS ruw (id INTEGER PRIMARY KEY, "
                     "sleutel TEXT, versie INTEGER, inhoud BLOB)")
        return _Ruw(lambda i: _sqlite_rij(conn, i, inhoud), conn.close)
    pg = psycopg.connect(Opslag(url).sqlalchemy_url().replace("+psycopg", ""), autocommit=True)
    pg.execute("CREATE TABLE IF NOT EXISTS ruw (id BIGSERIAL PRIMARY KEY, sleutel TEXT, "
               "versie INTEGER, inhoud BYTEA)")
    return _Ruw(lambda i: pg.execute(
        "INSERT INTO ruw (sleutel, versie, inhoud) VALUES (%s, %s, %s)",
        (str(uuid.uuid4()), i, inhoud)), pg.close)


def _sqlite_rij(conn: sqlite3.Connection, i: int, inhoud: bytes) -> None:
    conn.execute("BEGIN")
    conn.execute("INSERT INTO ruw (sleutel, versie, inhoud) VALUES (?, ?, ?)",
                 (str(uuid.uuid4()), i, inhoud))
    conn.execute("COMMIT")


def meet(basis_url: str, aantal: int, naam: str = "schrijven") -> list[Resultaat]:
    """`naam`: de eigen, steeds verse database voor deze meting (per grootte een andere, zodat
    gelijktijdige runs elkaar niet storen)."""
    soort = soort_opslag(basis_url)
    url = verse_database(basis_url, naam)
    per_s, ruw, samen, grootte = meet_register(url, aantal, SCHRIJVERS)
    ratio = per_s / ruw
    duurzaam = _duurzaamheid(url)
    doel = DOEL_DUURZAAM if duurzaam == "duurzaam" else DOEL
    console.print(f"schrijven ({soort}, {duurzaam}): {per_s:.0f} commando's/s door Register, "
                  f"{ruw:.0f} kale inserts/s van {grootte:.0f} bytes; verhouding {ratio:.2f} "
                  f"(doel ≥ {doel}); {SCHRIJVERS} schrijvers tegelijk: {samen:.0f} "
                  f"commando's/s")
    naam = f"schrijven-{soort}" + ("-duurzaam" if duurzaam == "duurzaam" else "")
    return [Resultaat(naam, round(ratio, 3), "× kale insert", f"≥ {doel}",
                      ratio >= doel, f"{per_s:.0f} commando's/s tegen {ruw:.0f} inserts/s "
                      f"({grootte:.0f} B per gebeurtenis; {duurzaam})"),
            Resultaat(f"{naam}-per-s", round(per_s), "commando's/s", "", None),
            Resultaat(f"{naam}-{SCHRIJVERS}", round(samen), "commando's/s", "", None,
                      f"{SCHRIJVERS} schrijvers tegelijk op één Register, elk op eigen "
                      "afspraken")]


def _duurzaamheid(url: str) -> str:
    """Op PostgreSQL 'duurzaam' als elke commit op schijf staat (fsync en synchronous_commit
    aan), anders 'niet duurzaam' (de testserver); SQLite meet met de instellingen van de
    recorder."""
    if soort_opslag(url) == "sqlite":
        return "WAL"
    with psycopg.connect(Opslag(url).sqlalchemy_url().replace("+psycopg", "")) as c:
        aan = [c.execute(f"SHOW {k}").fetchone()[0] for k in ("fsync", "synchronous_commit")]
    return "duurzaam" if aan == ["on", "on"] else "niet duurzaam"


def main() -> None:
    from bench.gemeen import database_url

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aantal", type=int, default=2_000)
    for r in meet(database_url(), ap.parse_args().aantal):
        print(r)


if __name__ == "__main__":
    main()
