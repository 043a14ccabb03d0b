"""Gemengde belasting en geheugen: 16 gelijktijdige clients, 90% lezen (puntvragen en lijsten)
en 10% schrijven (`voortgangRapporteren` met een beheerderstoken), een vaste tijd lang, tegen
één server op 127.0.0.1. Telt verzoeken, fouten (doel 0), p50 en p99; daarna het RSS-geheugen
van de server (doel ≤ 300 MB); p99 doel ≤ 300 ms.

    uv run python -m bench.belasting --size 10k --seconden 60
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from datetime import date
from typing import Any

import httpx

from register.systeem.samenstel import Systeem
from register.systeem.instellingen import Instellingen
from register.systeem.sleutel import laad_sleutel
from register.systeem.tokens import Tokens

from bench.gemeen import (
    GROOTTES, SEED, Resultaat, balk, console, database_url, percentiel, server, soort_opslag,
)
from bench.genereer import BEHEER, lange_afspraak_id
from bench.opslag import database_voor
from bench.vragen import LIJST, PUNT, VERSIE, VOORTGANG, afspraak_ids, willekeurig_peilmoment

CLIENTS = 16
GEHEUGEN = 300.0
P99 = 300.0  # ms, over alle verzoeken samen (issue 14, stap 5)


class Teller:
    def __init__(self) -> None:
        self.tijden: dict[str, list[float]] = {"punt": [], "lijst": [], "schrijf": []}
        self.fouten: list[str] = []
        self.conflicten = 0


async def _vraag(c: httpx.AsyncClient, doc: str, v: dict[str, Any],
                 token: str | None = None) -> dict[str, Any]:
    kop = {"Authorization": f"Bearer {token}"} if token else {}
    r = await c.post("/graphql", json={"query": doc, "variables": v}, headers=kop)
    body = r.json()
    if r.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"{r.status_code}: {str(body)[:200]}")
    return body["data"]  # type: ignore[no-any-return]


async def _schrijf(c: httpx.AsyncClient, r: random.Random, aid: str, versies: dict[str, int],
                   token: str, t: Teller) -> None:
    if aid not in versies:
        versies[aid] = (await _vraag(c, VERSIE, {"id": aid}))["afspraak"]["versie"]
    invoer = {"id": aid, "verwachteVersie": versies[aid], "verslag": "Voortgang gemeld.",
              "aard": "voortgang", "toelichting": "Belastingproef.",
              "bronnen": [{"titel": "Rapportage", "soort": "rapportage",
                           "datum": date(2025, 1, 1 + r.randint(0, 27)).isoformat()}]}
    uit = (await _vraag(c, VOORTGANG, {"input": invoer}, token))["voortgangRapporteren"]
    if uit["__typename"] == "AfspraakOpgeslagen":
        versies[aid] = uit["afspraak"]["versie"]
    elif uit["__typename"] == "VersieConflict":  # een andere client was eerder: verwacht
        t.conflicten += 1
        versies[aid] = uit["huidigeVersie"]
    else:
        raise RuntimeError(f"schrijven geweigerd: {uit}")


async def _client(basis: str, n: int, eind: float, ids: list[str], open_: list[str],
                  token: str, t: Teller) -> None:
    r = random.Random(SEED + n)
    versies: dict[str, int] = {}
    async with httpx.AsyncClient(base_url=basis, timeout=60) as c:
        while time.monotonic() < eind:
            x = r.random()
            soort = "schrijf" if x < 0.10 else "lijst" if x < 0.19 else "punt"
            t0 = time.perf_counter()
            try:
                if soort == "schrijf":
                    await _schrijf(c, r, r.choice(open_), versies, token, t)
                elif soort == "lijst":
                    await _vraag(c, LIJST, {"g": willekeurig_peilmoment(r)["g"]})
                else:
                    await _vraag(c, PUNT, {"id": r.choice(ids), **willekeurig_peilmoment(r)})
                t.tijden[soort].append(time.perf_counter() - t0)
            except Exception as e:
                t.fouten.append(f"{soort}: {type(e).__name__}: {e}")


async def _belast(basis: str, seconden: float, ids: list[str], open_: list[str],
                  token: str) -> Teller:
    t = Teller()
    eind = time.monotonic() + seconden
    with balk() as p:
        taak = p.add_task(f"Belasting ({CLIENTS} clients)", total=round(seconden))
        klaar = asyncio.gather(*(_client(basis, n, eind, ids, open_, token, t)
                                 for n in range(CLIENTS)))
        while not klaar.done():
            await asyncio.sleep(0.5)
            p.update(taak, completed=min(seconden, seconden - (eind - time.monotonic())))
        await klaar
    return t


def meet(url: str, size: str, seconden: float,
         app: str = "register.api.app:maak_app") -> list[Resultaat]:
    soort = soort_opslag(url)
    lang = str(lange_afspraak_id())
    ids = afspraak_ids(url, zonder=lang)
    open_ = afspraak_ids(url, open_=True, zonder=lang)
    systeem = Systeem(url)
    token = Tokens(systeem.engine, laad_sleutel(Instellingen(database_url=url))).aanmaken(
        BEHEER, beheerder=True)
    systeem.sluit()
    with server(app, url) as s:
        t = asyncio.run(_belast(s.url, seconden, ids, open_, token))
        rss = s.rss_mb()
    alle = [x for v in t.tijden.values() for x in v]
    n = len(alle) + len(t.fouten)
    p50, p99 = percentiel(alle, 50), percentiel(alle, 99)
    per_soort = ", ".join(f"{k} {len(v)} (p50 {percentiel(v, 50) * 1e3:.0f} ms)"
                          for k, v in t.tijden.items() if v)
    console.print(f"belasting ({soort}, {size}, {seconden:.0f} s): {n} verzoeken "
                  f"({n / seconden:.0f}/s), {len(t.fouten)} fouten, {t.conflicten} "
                  f"versieconflicten; p50 {p50 * 1e3:.0f} ms, p99 {p99 * 1e3:.0f} ms; "
                  f"{per_soort}")
    for f in t.fouten[:5]:
        console.print(f"  fout: {f}")
    console.print(f"geheugen ({soort}, {size}): server-RSS {rss:.0f} MB (doel ≤ {GEHEUGEN:.0f})")
    return [
        Resultaat("belasting", len(t.fouten), "fouten", "0", not t.fouten,
                  f"{n} verzoeken in {seconden:.0f} s ({n / seconden:.0f}/s), {CLIENTS} "
                  f"clients, 90% lezen; p50 {p50 * 1e3:.0f} ms, p99 {p99 * 1e3:.0f} ms; "
                  f"{t.conflicten} versieconflicten (verwacht antwoord, geen fout)"),
        Resultaat("belasting-verzoeken", n, "verzoeken", "", None),
        Resultaat("belasting-p50", round(p50 * 1e3, 1), "ms", "", None),
        Resultaat("belasting-p99", round(p99 * 1e3, 1), "ms", f"≤ {P99:.0f}", p99 * 1e3 <= P99),
        Resultaat("geheugen", round(rss), "MB RSS", f"≤ {GEHEUGEN:.0f}", rss <= GEHEUGEN,
                  "server na de belasting"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="10k", choices=sorted(GROOTTES))
    ap.add_argument("--seconden", type=float, default=60)
    ap.add_argument("--app", default="register.api.app:maak_app",
                    help="uvicorn-factory van de server (om een variant te meten)")
    args = ap.parse_args()
    for r in meet(database_voor(database_url(), args.size), args.size, args.seconden, args.app):
        print(r)


if __name__ == "__main__":
    main()
