"""Lijstvraag: `afspraken(first: 50)` met partijen en verplichtingen via GraphQL, gedeeld door
dezelfde rijen uit een kale FastAPI + pydantic-route (bench/rest.py), in dezelfde run en om
beurten gevraagd. Doel ≤ 2,5.

    uv run python -m bench.lijst --size 10k
"""

from __future__ import annotations

import argparse
import base64
import random
import time
from datetime import date, timedelta

import httpx

from bench.gemeen import (
    GROOTTES, SEED, Resultaat, balk, console, database_url, percentiel, server, soort_opslag,
)
from bench.opslag import database_voor
from bench.vragen import LIJST, afspraak_ids

DOEL = 2.5


def _pagina(r: random.Random, ids: list[str]) -> tuple[str, str | None]:
    """Een willekeurige geldigOp en een willekeurige plek in de lijst (na een willekeurige
    afspraak), of de eerste pagina."""
    dag = (date(2016, 1, 1) + timedelta(days=r.randint(0, 3500))).isoformat()
    return dag, (r.choice(ids) if r.random() < 0.7 else None)


def meet(url: str, size: str, aantal: int) -> list[Resultaat]:
    r = random.Random(SEED)
    soort = soort_opslag(url)
    t_gql: list[float] = []
    t_rest: list[float] = []
    with server("register.api.app:maak_app", url) as g, server("bench.rest:maak_app", url) as s, \
            httpx.Client(timeout=60) as c:
        ids = sorted(afspraak_ids(url))
        with balk() as p:
            taak = p.add_task("Lijstvragen (GraphQL, REST)", total=aantal)
            for i in range(aantal + 10):
                dag, na = _pagina(r, ids)
                after = base64.urlsafe_b64encode(f"afspraak:{na}".encode()).decode() if na else None
                t0 = time.perf_counter()
                a = c.post(g.url + "/graphql", json={"query": LIJST,
                                                      "variables": {"g": dag, "after": after}})
                t1 = time.perf_counter()
                b = c.get(s.url + "/afspraken", params={"geldig_op": dag, **(
                    {"na": na} if na else {})})
                t2 = time.perf_counter()
                ids_a = [e["node"]["id"] for e in a.json()["data"]["afspraken"]["edges"]]
                ids_b = [x["id"] for x in b.json()["afspraken"]]
                if ids_a != ids_b:
                    raise RuntimeError("GraphQL en REST geven verschillende rijen")
                if i >= 10:  # de eerste tien warmen op
                    t_gql.append(t1 - t0)
                    t_rest.append(t2 - t1)
                    p.advance(taak)
    g50, r50 = percentiel(t_gql, 50), percentiel(t_rest, 50)
    ratio = g50 / r50
    console.print(f"lijst ({soort}, {size}): GraphQL p50 {g50 * 1e3:.1f} ms, REST p50 "
                  f"{r50 * 1e3:.1f} ms; verhouding {ratio:.2f} (doel ≤ {DOEL})")
    return [Resultaat("lijst-vs-rest", round(ratio, 2), "× REST", f"≤ {DOEL}", ratio <= DOEL,
                      f"GraphQL p50 {g50 * 1e3:.1f} ms (p99 {percentiel(t_gql, 99) * 1e3:.0f}), "
                      f"REST p50 {r50 * 1e3:.1f} ms"),
            Resultaat("lijst-p50", round(g50 * 1e3, 1), "ms", "", None)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="10k", choices=sorted(GROOTTES))
    ap.add_argument("--aantal", type=int, default=100)
    args = ap.parse_args()
    for r in meet(database_voor(database_url(), args.size), args.size, args.aantal):
        print(r)


if __name__ == "__main__":
    main()
