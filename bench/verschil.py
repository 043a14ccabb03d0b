"""Verschil: de redline (`verschil`) van de lange afspraak van 1000 gebeurtenissen tussen twee
peilmomenten die op meer assen verschillen (vroeg tegen laat geldigOp en bekendOp, soms ook
juridischWerkendOp en ontvangenOp), via GraphQL over HTTP (uvicorn in een subproces op
127.0.0.1). Om beurten met de puntvraag op dezelfde afspraak en hetzelfde peilmoment, op
dezelfde server: `verschil-vs-punt` deelt de p95 van het verschil door de p95 van die
puntvraag (doel ≤ 3).

    uv run python -m bench.verschil --size 10k   # na bench.genereer op dezelfde opslag
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select

from register.projecties.gebeurtenissen import gebeurtenissen
from register.systeem.opslag import Opslag

from bench.gemeen import (
    GROOTTES, SEED, Resultaat, balk, console, database_url, percentiel, server, soort_opslag,
)
from bench.genereer import LANG, lange_afspraak_id
from bench.opslag import database_voor
from bench.punt import _een as punt_een

DOEL = 3.0

VERSCHIL = """query Verschil($id: ID!, $van: Peilmoment, $naar: Peilmoment) {
  verschil(afspraakId: $id, van: $van, naar: $naar) {
    afspraakId bestaatVan bestaatNaar
    van { geldigOp juridischWerkendOp bekendOp ontvangenOp }
    naar { geldigOp juridischWerkendOp bekendOp ontvangenOp }
    wijzigingen { onderdeel soort veld verplichting partij { id naam } van naar reden
      gebeurtenissen { versie soort aard geldigVanaf juridischWerkendVanaf bekendOp
                       ontvangenOp rectificeert bronnen { titel soort datum citaat } } } } }"""


def _bereik(url: str, afspraak_id: str) -> tuple[date, date]:
    """De eerste en laatste bekendOp van de afspraak, uit het leesmodel."""
    e = create_engine(Opslag(url).sqlalchemy_url())
    g = gebeurtenissen.c
    with e.connect() as c:
        begin, eind = c.execute(select(func.min(g.bekend_op), func.max(g.bekend_op))
                                .where(g.afspraak_id == afspraak_id)).one()
    e.dispose()
    if begin is None:
        raise SystemExit(f"de lange afspraak {afspraak_id} staat niet in het register")
    return begin, eind


def peilparen(r: random.Random, begin: date, eind: date, aantal: int
              ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Paren (van, naar): 'van' in de eerste helft van het leven van de afspraak, 'naar' in
    de tweede; geldigOp en bekendOp verschillen altijd, juridischWerkendOp (aan de kant van
    'van') en ontvangenOp (aan de kant van 'naar') elk in de helft van de paren."""
    dagen = (eind - begin).days

    def dag(van: float, tot: float) -> date:
        return begin + timedelta(days=r.randint(round(dagen * van), round(dagen * tot)))

    paren = []
    for _ in range(aantal):
        g1, g2 = dag(0.1, 0.45), dag(0.55, 1.0)
        van: dict[str, Any] = {"geldigOp": g1.isoformat(),
                               "bekendOp": (g1 + timedelta(days=r.randint(0, 60))).isoformat()}
        naar: dict[str, Any] = {"geldigOp": g2.isoformat(),
                                "bekendOp": (g2 + timedelta(days=r.randint(0, 60))).isoformat()}
        if r.random() < 0.5:
            van["juridischWerkendOp"] = (g1 - timedelta(days=r.randint(0, 90))).isoformat()
        if r.random() < 0.5:
            naar["ontvangenOp"] = datetime.combine(
                g2 + timedelta(days=r.randint(0, 90)), datetime.min.time(), UTC).isoformat()
        paren.append((van, naar))
    return paren


def _als_punt(afspraak_id: str, p: dict[str, Any]) -> dict[str, Any]:
    """Hetzelfde peilmoment als variabelen van de puntvraag (bench.vragen.PUNT)."""
    namen = {"geldigOp": "g", "juridischWerkendOp": "j", "bekendOp": "b", "ontvangenOp": "o"}
    return {"id": afspraak_id, **{namen[k]: w for k, w in p.items()}}


def _verschil(c: httpx.Client, v: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    t0 = time.perf_counter()
    r = c.post("/graphql", json={"query": VERSCHIL, "variables": v})
    duur = time.perf_counter() - t0
    if r.status_code != 200 or "errors" in r.json() or not r.json()["data"]["verschil"]:
        raise RuntimeError(f"verschil mislukt: {r.status_code} {r.text[:300]}")
    return duur, r.json()["data"]["verschil"]


def meet(url: str, size: str, aantal: int) -> list[Resultaat]:
    """`aantal` verschillen en evenveel puntvragen op de lange afspraak, om beurten."""
    soort = soort_opslag(url)
    aid = str(lange_afspraak_id())
    r = random.Random(SEED)
    begin, eind = _bereik(url, aid)
    paren, opwarm = peilparen(r, begin, eind, aantal), peilparen(r, begin, eind, 5)
    t_verschil: list[float] = []
    t_punt: list[float] = []
    wijzigingen: list[int] = []
    redenen: Counter[str] = Counter()
    met_oorzaak = 0  # wijzigingen met een reden en de gebeurtenis die haar maakte
    with server("register.api.app:maak_app", url) as s, \
            httpx.Client(base_url=s.url, timeout=120) as c:
        for van, naar in opwarm:
            _verschil(c, {"id": aid, "van": van, "naar": naar})
            punt_een(c, _als_punt(aid, naar))
        with balk() as p:
            taak = p.add_task(f"Verschillen ({LANG} gebeurt.)", total=len(paren))
            for i, (van, naar) in enumerate(paren):
                duur, v = _verschil(c, {"id": aid, "van": van, "naar": naar})
                t_verschil.append(duur)
                wijzigingen.append(len(v["wijzigingen"]))
                redenen.update(w["reden"] or "geen" for w in v["wijzigingen"])
                met_oorzaak += sum(bool(w["reden"] and w["gebeurtenissen"])
                                   for w in v["wijzigingen"])
                # de puntvraag op het ene of het andere peilmoment van het paar
                t_punt += punt_een(c, _als_punt(aid, naar if i % 2 else van))
                p.advance(taak)
    if not sum(wijzigingen):
        raise RuntimeError("geen enkel verschil gevonden: de peilmomenten meten niets")
    v95, p95 = percentiel(t_verschil, 95), percentiel(t_punt, 95)
    v50, p50 = percentiel(t_verschil, 50), percentiel(t_punt, 50)
    verhouding = v95 / p95
    gemiddeld = sum(wijzigingen) / len(wijzigingen)
    oorzaak = 100 * met_oorzaak / sum(wijzigingen)
    vaakst = ", ".join(f"{k} {n}" for k, n in redenen.most_common(4))
    console.print(f"verschil ({soort}, {size}): {len(paren)} paren op de afspraak van {LANG} "
                  f"gebeurtenissen; p50 {v50 * 1e3:.1f} ms, p95 {v95 * 1e3:.1f} ms; puntvraag "
                  f"p50 {p50 * 1e3:.1f} ms, p95 {p95 * 1e3:.1f} ms; verhouding van de p95 "
                  f"{verhouding:.2f} (doel ≤ {DOEL:g}), van de p50 {v50 / p50:.2f}; "
                  f"gemiddeld {gemiddeld:.0f} wijzigingen, {oorzaak:.0f}% met reden en "
                  f"gebeurtenis (redenen: {vaakst})")
    return [
        Resultaat("verschil-p95", round(v95 * 1e3, 2), "ms", "", None,
                  f"{len(paren)} verschillen op de afspraak van {LANG} gebeurtenissen, "
                  f"p50 {v50 * 1e3:.1f} ms; gemiddeld {gemiddeld:.0f} wijzigingen "
                  f"(min {min(wijzigingen)}, max {max(wijzigingen)}), {oorzaak:.0f}% met "
                  "reden en gebeurtenis"),
        Resultaat("verschil-vs-punt", round(verhouding, 2), "× p95 puntvraag", f"≤ {DOEL:g}",
                  verhouding <= DOEL,
                  f"verschil p95 {v95 * 1e3:.1f} ms tegen puntvraag p95 {p95 * 1e3:.1f} ms "
                  "op dezelfde afspraak en peilmomenten, om beurten; van de p50: "
                  f"{v50 / p50:.2f}"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="10k", choices=sorted(GROOTTES))
    ap.add_argument("--aantal", type=int, default=200)
    args = ap.parse_args()
    for r in meet(database_voor(database_url(), args.size), args.size, args.aantal):
        print(r)


if __name__ == "__main__":
    main()
