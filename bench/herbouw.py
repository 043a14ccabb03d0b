"""Herbouw: gebeurtenissen per seconde van `register herbouw` (Systeem.herbouw, dezelfde code
als de opdracht) gedeeld door kaal lezen en decoderen van het notificatielog in blokken van
dezelfde grootte. Doel ≥ 0,35; ook de absolute tijd.

    uv run python -m bench.herbouw --size 10k
"""

from __future__ import annotations

import argparse
import time

from register.systeem.leesmodellen import BLOK
from register.systeem.samenstel import Systeem

from bench.gemeen import GROOTTES, Resultaat, balk, console, database_url, soort_opslag
from bench.opslag import database_voor

DOEL = 0.35


def lees_en_decodeer(systeem: Systeem) -> tuple[int, float]:
    """Het hele log door de mapper van de applicatie, zonder iets te schrijven."""
    recorder, mapper = systeem.register.recorder, systeem.register.mapper
    totaal = systeem.laatste_positie()
    n, positie = 0, 0
    with balk() as p:
        taak = p.add_task("Log lezen en decoderen", total=totaal)
        t0 = time.perf_counter()
        while True:
            blok = recorder.select_notifications(start=positie, limit=BLOK,
                                                 inclusive_of_start=False)
            for notificatie in blok:
                mapper.to_domain_event(notificatie)
            n += len(blok)
            p.update(taak, completed=n)
            if len(blok) < BLOK:
                break
            positie = blok[-1].id
        duur = time.perf_counter() - t0
    return n, duur


def herbouw(systeem: Systeem) -> tuple[int, float]:
    with balk() as p:
        taak = p.add_task("Leesmodellen herbouwen", total=systeem.laatste_positie())
        t0 = time.perf_counter()
        n = systeem.herbouw(lambda totaal, _: p.update(taak, completed=totaal))
        return n, time.perf_counter() - t0


def meet(url: str, size: str) -> list[Resultaat]:
    soort = soort_opslag(url)
    systeem = Systeem(url)
    try:
        n_ruw, t_ruw = lees_en_decodeer(systeem)
        n, t = herbouw(systeem)
    finally:
        systeem.sluit()
    ruw, per_s = n_ruw / t_ruw, n / t
    ratio = per_s / ruw
    console.print(f"herbouw ({soort}, {size}): {n} gebeurtenissen in {t:.1f} s ({per_s:.0f}/s); "
                  f"kaal lezen en decoderen {ruw:.0f}/s; verhouding {ratio:.2f} "
                  f"(doel ≥ {DOEL})")
    return [Resultaat("herbouw", round(ratio, 2), "× kaal decoderen", f"≥ {DOEL}",
                      ratio >= DOEL, f"{per_s:.0f} gebeurtenissen/s tegen {ruw:.0f}/s kaal"),
            Resultaat("herbouw-tijd", round(t, 1), "s", "", None, f"{n} gebeurtenissen")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="10k", choices=sorted(GROOTTES))
    args = ap.parse_args()
    for r in meet(database_voor(database_url(), args.size), args.size):
        print(r)


if __name__ == "__main__":
    main()
