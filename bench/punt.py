"""Puntvraag: één afspraak op een willekeurig peilmoment over vier assen, via GraphQL over HTTP
(uvicorn in een subproces op 127.0.0.1). Meet p50 en p99; `punt-vlak` deelt p50 door de p50
bij 10k gebeurtenissen, om beurten in dezelfde run gemeten (doel ≤ 1,3); `punt-vs-replay` deelt het herspelen van de afspraak van
1000 gebeurtenissen met de bibliotheek (`repository.get` tot een versie) door dezelfde
puntvraag op die afspraak over HTTP, `punt-leesmodel-vs-replay` door het leesmodel in het
proces (doel ≥ 100); `punt-vs-rest` deelt de p50 over GraphQL door die van een kale
FastAPI-route met dezelfde SQL (bench/rest.py), om beurten gevraagd (doel ≤ 2,5).

    uv run python -m bench.punt --size 10k   # na bench.genereer op dezelfde opslag
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime

import httpx

from register.domein.tijdreizen import Peilmoment
from register.projecties.afspraken import AfsprakenLezer
from register.systeem.opslag import LEZEN
from register.systeem.samenstel import Systeem

from bench.gemeen import (
    GROOTTES, SEED, Resultaat, balk, console, database_url, percentiel, server,
    soort_opslag,
)
from bench.genereer import LANG, lange_afspraak_id
from bench.opslag import database_voor
from bench.vragen import PUNT, afspraak_ids, willekeurig_peilmoment

VLAK, REPLAY, REST = 1.3, 100.0, 2.5


def tijden(client: httpx.Client, vragen: list[dict[str, object]], wat: str) -> list[float]:
    uit = []
    with balk() as p:
        taak = p.add_task(wat, total=len(vragen))
        for v in vragen:
            t0 = time.perf_counter()
            r = client.post("/graphql", json={"query": PUNT, "variables": v})
            uit.append(time.perf_counter() - t0)
            if r.status_code != 200 or "errors" in r.json():
                raise RuntimeError(f"puntvraag mislukt: {r.status_code} {r.text[:300]}")
            p.advance(taak)
    return uit


def replay_tijden(url: str, aantal: int) -> list[float]:
    systeem = Systeem(url)
    try:
        aid = lange_afspraak_id()
        r = random.Random(SEED)
        uit = []
        for _ in range(aantal):
            versie = r.randint(LANG - 100, LANG)
            t0 = time.perf_counter()
            a = systeem.register.repository.get(aid, version=versie)
            uit.append(time.perf_counter() - t0)
            assert a.version == versie
        return uit
    finally:
        systeem.sluit()


def leesmodel_tijden(url: str, vragen: list[dict[str, object]]) -> list[float]:
    """Dezelfde puntvragen op de lange afspraak, in het proces rechtstreeks op het leesmodel
    (zonder HTTP en GraphQL): wat het leesmodel zelf kost tegenover herspelen. Met een
    leesverbinding zoals die van de API (LEZEN)."""
    systeem = Systeem(url)
    try:
        uit = []
        with systeem.engine.connect().execution_options(**LEZEN) as conn:
            lezer = AfsprakenLezer(conn, None)
            for v in vragen:
                peil = Peilmoment(
                    geldig_op=date.fromisoformat(str(v["g"])),
                    juridisch_werkend_op=date.fromisoformat(str(v["j"])) if "j" in v else None,
                    bekend_op=date.fromisoformat(str(v["b"])) if "b" in v else None,
                    ontvangen_op=datetime.fromisoformat(str(v["o"])) if "o" in v else None)
                t0 = time.perf_counter()
                lezer.op(str(v["id"]), peil)
                uit.append(time.perf_counter() - t0)
        return uit
    finally:
        systeem.sluit()


def _vragen(url: str, r: random.Random, aantal: int) -> list[dict[str, object]]:
    ids = afspraak_ids(url, zonder=str(lange_afspraak_id()))
    return [{"id": r.choice(ids), **willekeurig_peilmoment(r)} for _ in range(aantal)]


def _om_beurten(url: str, referentie: str, vragen: list[dict[str, object]],
                ref_vragen: list[dict[str, object]]) -> tuple[list[float], list[float]]:
    """Dezelfde soort puntvraag om beurten tegen dit register en het register van 10k: een
    drukke machine vertraagt beide evenveel, de verhouding blijft eerlijk."""
    with server("register.api.app:maak_app", url) as s, \
            server("register.api.app:maak_app", referentie) as s_ref, \
            httpx.Client(base_url=s.url, timeout=60) as c, \
            httpx.Client(base_url=s_ref.url, timeout=60) as c_ref:
        tijden(c, vragen[:50], "Opwarmen")
        tijden(c_ref, ref_vragen[:50], "Opwarmen (10k)")
        t, t_ref = [], []
        with balk() as p:
            taak = p.add_task("Puntvragen (om beurten)", total=len(vragen))
            for v, v_ref in zip(vragen, ref_vragen, strict=True):
                t += _een(c, v)
                t_ref += _een(c_ref, v_ref)
                p.advance(taak)
    return t, t_ref


def tegen_rest(url: str, vragen: list[dict[str, object]]) -> tuple[list[float], list[float]]:
    """Dezelfde puntvragen om beurten via GraphQL en via een kale FastAPI-route die dezelfde
    lezer en dezelfde SQL gebruikt (bench/rest.py); de antwoorden moeten gelijk zijn."""
    t_gql: list[float] = []
    t_rest: list[float] = []
    with server("register.api.app:maak_app", url) as g, server("bench.rest:maak_app", url) as s, \
            httpx.Client(timeout=60) as c, balk() as p:
        taak = p.add_task("Puntvragen (GraphQL, REST)", total=len(vragen))
        for i, v in enumerate(vragen):
            t0 = time.perf_counter()
            a = c.post(g.url + "/graphql", json={"query": PUNT, "variables": v})
            t1 = time.perf_counter()
            b = c.get(f"{s.url}/afspraak/{v['id']}",
                      params={k: w for k, w in v.items() if k != "id"})
            t2 = time.perf_counter()
            if a.status_code != 200 or b.status_code != 200:
                raise RuntimeError(f"puntvraag mislukt: {a.text[:200]} {b.text[:200]}")
            ga, rb = a.json()["data"]["afspraak"], b.json()
            if (ga is None) != (rb is None) or (ga and (ga["titel"], ga["versie"]) != (
                    rb["titel"], rb["versie"])):
                raise RuntimeError("GraphQL en REST geven een andere afspraak")
            if i >= 20:  # de eerste twintig warmen op
                t_gql.append(t1 - t0)
                t_rest.append(t2 - t1)
            p.advance(taak)
    return t_gql, t_rest


def _een(c: httpx.Client, v: dict[str, object]) -> list[float]:
    t0 = time.perf_counter()
    r = c.post("/graphql", json={"query": PUNT, "variables": v})
    duur = time.perf_counter() - t0
    if r.status_code != 200 or "errors" in r.json():
        raise RuntimeError(f"puntvraag mislukt: {r.status_code} {r.text[:300]}")
    return [duur]


def meet(url: str, size: str, aantal: int, referentie: str | None = None) -> list[Resultaat]:
    """`referentie`: het register van 10k gebeurtenissen voor `punt-vlak` (None: dit register
    is zelf de referentie, of er is geen)."""
    soort = soort_opslag(url)
    r = random.Random(SEED)
    vragen = _vragen(url, r, aantal)
    lang = [{"id": str(lange_afspraak_id()), **willekeurig_peilmoment(r)}
            for _ in range(max(20, aantal // 10))]
    if referentie:
        t, t_ref = _om_beurten(url, referentie, vragen, _vragen(referentie, r, aantal))
    with server("register.api.app:maak_app", url) as s, httpx.Client(base_url=s.url,
                                                                       timeout=60) as c:
        if not referentie:
            tijden(c, vragen[:50], "Opwarmen")
            t = t_ref = tijden(c, vragen, "Puntvragen")
        t_lang = tijden(c, lang, f"Puntvragen ({LANG} gebeurt.)")
    replay = replay_tijden(url, max(20, aantal // 20))
    g_rest, t_rest = tegen_rest(url, vragen[:max(60, aantal // 2)] + lang)
    rest = percentiel(g_rest, 50) / percentiel(t_rest, 50)
    leesmodel50 = percentiel(leesmodel_tijden(url, lang), 50)
    p50, p99, ref50 = percentiel(t, 50), percentiel(t, 99), percentiel(t_ref, 50)
    vlak = p50 / ref50 if size != "smoke" else None
    lang50, replay50 = percentiel(t_lang, 50), percentiel(replay, 50)
    verhouding = replay50 / lang50
    console.print(f"punt ({soort}, {size}): p50 {p50 * 1e3:.1f} ms, p99 {p99 * 1e3:.1f} ms; "
                  + (f"p50 bij 10k (om beurten gemeten) {ref50 * 1e3:.1f} ms; verhouding "
                     f"{vlak:.2f} (doel ≤ {VLAK})" if vlak is not None else
                     "de verhouding tot 10k wordt pas vanaf 100k gemeten"))
    console.print(f"punt-vs-replay: puntvraag op {LANG} gebeurtenissen p50 "
                  f"{lang50 * 1e3:.1f} ms, replay p50 {replay50 * 1e3:.1f} ms; "
                  f"{verhouding:.1f}× sneller; het leesmodel zelf (zonder HTTP/GraphQL) p50 "
                  f"{leesmodel50 * 1e3:.2f} ms: {replay50 / leesmodel50:.0f}× sneller (doel ≥ "
                  f"{REPLAY:.0f}×)")
    console.print(f"punt-vs-rest: GraphQL p50 {percentiel(g_rest, 50) * 1e3:.1f} ms, kale "
                  f"FastAPI met dezelfde SQL p50 {percentiel(t_rest, 50) * 1e3:.1f} ms; "
                  f"verhouding {rest:.2f} (doel ≤ {REST})")
    return [
        Resultaat("punt-p50", round(p50 * 1e3, 2), "ms", "", None),
        Resultaat("punt-p99", round(p99 * 1e3, 2), "ms", "", None),
        Resultaat("punt-vlak", None if vlak is None else round(vlak, 2), "× p50 bij 10k",
                  f"≤ {VLAK}", None if vlak is None else vlak <= VLAK,
                  f"p50 {p50 * 1e3:.1f} ms tegen {ref50 * 1e3:.1f} ms bij 10k, om beurten"
                  if vlak is not None else "n.v.t. bij smoke"),
        Resultaat("punt-vs-replay", round(verhouding, 1), "× sneller dan replay", "", None,
                  f"puntvraag p50 {lang50 * 1e3:.1f} ms, replay van {LANG} gebeurtenissen "
                  f"p50 {replay50 * 1e3:.1f} ms"),
        Resultaat("punt-vs-rest", round(rest, 2), "× REST", f"≤ {REST}", rest <= REST,
                  f"dezelfde puntvragen (ook op de lange afspraak) om beurten; GraphQL p50 "
                  f"{percentiel(g_rest, 50) * 1e3:.1f} ms, REST p50 "
                  f"{percentiel(t_rest, 50) * 1e3:.1f} ms"),
        Resultaat("punt-leesmodel-vs-replay", round(replay50 / leesmodel50, 1),
                  "× sneller dan replay", f"≥ {REPLAY:.0f}", replay50 / leesmodel50 >= REPLAY,
                  f"dezelfde vragen in het proces op het leesmodel, zonder HTTP en GraphQL: "
                  f"p50 {leesmodel50 * 1e3:.2f} ms"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="10k", choices=sorted(GROOTTES))
    ap.add_argument("--aantal", type=int, default=500)
    args = ap.parse_args()
    ref = None if args.size in ("10k", "smoke") else database_voor(database_url(), "10k")
    for r in meet(database_voor(database_url(), args.size), args.size, args.aantal, ref):
        print(r)


if __name__ == "__main__":
    main()
