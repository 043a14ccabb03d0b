"""Eerlijk onder aanval: 40 anonieme clients sturen zonder pauze de zwaarste vragen die binnen
de grenzen vallen, terwijl één andere client elke 100 ms een eenvoudige vraag stelt. Meet de
wachttijd van die eenvoudige vraag (doel p99 < 1 s), telt de antwoorden van de aanvallers
(afgewezen als te duur, 503 met Retry-After, gemaskeerde fouten: doel 0) en het hoogste
RSS-geheugen van de server (doel < 300 MB).

    uv run python -m bench.aanval --seconden 30          # op de demogegevens
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from graphql import parse

from register.api.kosten import kies_operatie, raam
from register.api.schema import maak_schema
from register.systeem.instellingen import Instellingen

from register.demo.laden import laad_demo
from register.systeem.samenstel import Systeem

from bench.gemeen import (
    Resultaat, Server, balk, console, database_url, percentiel, server, soort_opslag,
)
from bench.opslag import database_voor
from bench.vragen import afspraak_ids

AANVALLERS = 40
P99_DOEL = 1.0
GEHEUGEN = 300.0
MASKER = "Onverwachte fout"



def aliassen(n: int) -> str:
    """n aliassen op de gebeurtenissen van 100 afspraken, met hun hash en bronnen: zoals de
    aanval die het register stillegde (daar 28), maar met zoveel als de grens toelaat."""
    alias = " ".join(f"g{i}: gebeurtenissen {{ hash versie bronnen {{ titel citaat }} }}"
                     for i in range(n))
    return f"{{ afspraken(first: 100) {{ edges {{ node {{ {alias} }} }} }} }}"


# De aanval van 28 aliassen zelf, de vraag die op PostgreSQL de pool leegtrok (een hash per
# gebeurtenis) en een pagina met alle velden, zo groot als de grens toelaat.
HASHES = "{ afspraken(first: 100) { edges { node { gebeurtenissen { hash } } } } }"
VOL = """{ afspraken(first: 60) { edges { node { id titel soort inhoud programma gebieden status
  versie vertrouwelijk bindend partijen { overheid { id naam soort } naamInBron rol binding
  ondertekendOp standpunt voorwaarden namens { id naam } aantal }
  verplichtingen { id omschrijving partij { id naam } uiterlijk { waarde precisie tekst }
  binding status hoeveelheden { grootheid waarde eenheid } afhechting }
  bedragen { omschrijving bedrag soort periode } relaties { soort naar { id titel } }
  gebeurtenissen { id versie soort hash bekendOp ontvangenOp toelichting actor
  bronnen { titel soort datum citaat } } } } } }"""
EENVOUDIG = "query($id: ID!) { afspraak(id: $id) { id titel status } }"


def aanvalsvragen() -> list[str]:
    """De zwaarste vragen die een anonieme client mag stellen: zoveel aliassen als de raming
    onder het anonieme maximum toelaat, plus de vragen hierboven."""
    schema, maximum = maak_schema()._schema, Instellingen().max_velden_anoniem
    n = max(k for k in range(1, 31) if _raming(schema, aliassen(k)) <= maximum)
    return [aliassen(n), aliassen(28), HASHES, VOL]


def _raming(schema: Any, vraag: str) -> int:
    document = parse(vraag)
    operatie = kies_operatie(document, None)
    assert operatie is not None
    return raam(schema, document, operatie, {})


@dataclass
class Telling:
    eenvoudig: list[float] = field(default_factory=list)
    eenvoudig_fout: list[str] = field(default_factory=list)
    aanval: Counter[str] = field(default_factory=Counter)
    rss_max: float = 0.0


def _uitkomst(r: httpx.Response) -> str:
    if r.status_code != 200:
        retry = " met Retry-After" if r.headers.get("retry-after") else ""
        return f"HTTP {r.status_code}{retry}"
    fouten = r.json().get("errors") or []
    if any(MASKER in f.get("message", "") for f in fouten):
        return "gemaskeerde fout"
    if fouten:
        return f"fout {(fouten[0].get('extensions') or {}).get('code', 'zonder code')}"
    return "antwoord"


async def _aanvaller(c: httpx.AsyncClient, doc: str, eind: float, t: Telling) -> None:
    while time.monotonic() < eind:
        try:
            r = await c.post("/graphql", json={"query": doc})
            t.aanval[_uitkomst(r)] += 1
            if r.status_code == 503:  # een nette client wacht; een aanvaller niet lang
                await asyncio.sleep(0.05)
        except httpx.HTTPError as e:
            t.aanval[type(e).__name__] += 1


async def _eenvoudig(c: httpx.AsyncClient, aid: str, eind: float, t: Telling) -> None:
    while time.monotonic() < eind:
        t0 = time.perf_counter()
        try:
            r = await c.post("/graphql", json={"query": EENVOUDIG, "variables": {"id": aid}})
            if r.status_code != 200 or r.json().get("errors"):
                t.eenvoudig_fout.append(f"{r.status_code}: {r.text[:120]}")
        except httpx.HTTPError as e:
            t.eenvoudig_fout.append(type(e).__name__)
        t.eenvoudig.append(time.perf_counter() - t0)
        await asyncio.sleep(0.1)


async def _geheugen(s: Server, eind: float, t: Telling) -> None:
    while time.monotonic() < eind + 1:
        t.rss_max = max(t.rss_max, s.rss_mb())
        await asyncio.sleep(0.25)


async def _aanval(s: Server, aid: str, seconden: float, aanvallers: int) -> Telling:
    t = Telling()
    eind = time.monotonic() + seconden
    grenzen = httpx.Limits(max_connections=aanvallers + 1)
    async with httpx.AsyncClient(base_url=s.url, timeout=120, limits=grenzen) as aanval, \
            httpx.AsyncClient(base_url=s.url, timeout=120) as eenvoudig:
        vragen = aanvalsvragen()
        werk = asyncio.gather(*(_aanvaller(aanval, vragen[n % len(vragen)], eind, t)
                                for n in range(aanvallers)),
                              _eenvoudig(eenvoudig, aid, eind, t), _geheugen(s, eind, t))
        with balk() as p:
            taak = p.add_task(f"Aanval ({aanvallers} clients)", total=round(seconden))
            while not werk.done():
                await asyncio.sleep(0.5)
                p.update(taak, completed=min(seconden, seconden - (eind - time.monotonic())))
        await werk
    return t


def _register(url: str) -> str:
    systeem = Systeem(url)
    if systeem.laatste_positie() == 0:
        console.print("demogegevens laden …")
        laad_demo(systeem)
    systeem.sluit()
    return afspraak_ids(url)[0]


def meet(url: str, seconden: float, aanvallers: int = AANVALLERS) -> list[Resultaat]:
    soort = soort_opslag(url)
    aid = _register(url)
    with server("register.api.app:maak_app", url) as s:
        t = asyncio.run(_aanval(s, aid, seconden, aanvallers))
    p50, p99 = percentiel(t.eenvoudig, 50), percentiel(t.eenvoudig, 99)
    gemaskeerd = t.aanval["gemaskeerde fout"] + sum(
        v for k, v in t.aanval.items() if k.startswith("HTTP 5") and "Retry-After" not in k)
    uitkomsten = ", ".join(f"{k}: {v}" for k, v in t.aanval.most_common())
    console.print(f"aanval ({soort}, {aanvallers} anonieme clients, {seconden:.0f} s): "
                  f"eenvoudige vraag {len(t.eenvoudig)}× p50 {p50 * 1e3:.0f} ms, p99 "
                  f"{p99 * 1e3:.0f} ms, {len(t.eenvoudig_fout)} fouten; aanvallers: "
                  f"{uitkomsten}; RSS hoogstens {t.rss_max:.0f} MB")
    for f in t.eenvoudig_fout[:3]:
        console.print(f"  eenvoudige vraag: {f}")
    return [
        Resultaat("aanval-eenvoudig-p99", round(p99 * 1e3), "ms", f"< {P99_DOEL * 1e3:.0f}",
                  p99 < P99_DOEL and not t.eenvoudig_fout,
                  f"{len(t.eenvoudig)} eenvoudige vragen onder {aanvallers} anonieme "
                  f"aanvallers; p50 {p50 * 1e3:.0f} ms; {len(t.eenvoudig_fout)} fouten"),
        Resultaat("aanval-serverfouten", gemaskeerd, "antwoorden", "0", gemaskeerd == 0,
                  uitkomsten),
        Resultaat("aanval-geheugen", round(t.rss_max), "MB RSS", f"< {GEHEUGEN:.0f}",
                  t.rss_max < GEHEUGEN, "het hoogste RSS van de server tijdens de aanval"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconden", type=float, default=30)
    ap.add_argument("--aanvallers", type=int, default=AANVALLERS)
    args = ap.parse_args()
    for r in meet(database_voor(database_url(), "aanval"), args.seconden, args.aanvallers):
        print(r)


if __name__ == "__main__":
    main()
