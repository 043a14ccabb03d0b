"""Alle prestatiemetingen na elkaar: `make bench SIZE=10k` (smoke | 10k | 100k | 1m); de opslag
kiest REGISTER_DATABASE_URL. Genereert het register als het nog leeg is, drukt een tabel af en
schrijft bench/resultaten.json: een lijst van {naam, waarde, eenheid, doel, gehaald}.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from rich.table import Table

from register.systeem.samenstel import Systeem

from bench import aanval, belasting, feed, herbouw, lijst, punt, schrijven, verschil
from bench.gemeen import (
    BENCH, GROOTTES, WORTEL, Resultaat, console, database_url, schrijf_json, soort_opslag,
)
from bench.genereer import vul
from bench.opslag import database_voor

# Per grootte: commando's voor schrijven, puntvragen, lijstvragen, seconden belasting.
OMVANG = {"smoke": (300, 100, 20, 5), "10k": (2_000, 500, 100, 60),
          "100k": (2_000, 500, 100, 60), "1m": (2_000, 500, 100, 60)}


def zorg_voor_register(url: str, size: str) -> list[Resultaat]:
    """Genereert het register als het leeg is; geeft dan ook de tijden van het genereren."""
    systeem = Systeem(url)
    n = systeem.laatste_positie()
    systeem.sluit()
    if n:
        console.print(f"register met {n} gebeurtenissen hergebruikt ({url.split('@')[-1]})")
        pad = BENCH / "data" / f"opbouw-{soort_opslag(url)}-{size}.json"
        return [Resultaat(**r) for r in json.loads(pad.read_text())] if pad.exists() else []
    r = vul(url, GROOTTES[size])
    n = r["gebeurtenissen"]
    console.print(f"register gegenereerd: {n} gebeurtenissen, schrijven {r['schrijven_s']:.0f} "
                  f"s, leesmodellen {r['bijwerken_s']:.0f} s")
    uit = [Resultaat("genereren", round(n / r["schrijven_s"]), "gebeurtenissen/s", "", None,
                     f"{n} gebeurtenissen in {r['schrijven_s']:.0f} s, "
                     "veel aggregaten per Register.save"),
           Resultaat("opbouw", round(n / r["bijwerken_s"]), "gebeurtenissen/s", "", None,
                     f"Systeem.bij_werken over het hele log: {r['bijwerken_s']:.0f} s")]
    schrijf_json(BENCH / "data" / f"opbouw-{soort_opslag(url)}-{size}.json",
                 [x.als_dict() for x in uit])
    return uit


def tabel(resultaten: list[Resultaat], titel: str, rook: bool = False) -> Table:
    """Bij de rooktest (een paar honderd gebeurtenissen, in de testsuite) zegt de kolom
    'gehaald' niets: de doelen gelden voor 10k en groter. Daar staat dan 'rook'."""
    t = Table(title=titel, caption="rooktest: draait elke meting één keer klein; de doelen "
              "gelden vanaf 10k (make bench SIZE=10k)" if rook else None)
    for kolom in ("meting", "waarde", "eenheid", "doel", "gehaald", "toelichting"):
        t.add_column(kolom, overflow="fold")
    for r in resultaten:
        gehaald = "" if r.gehaald is None else "rook" if rook else (
            "ja" if r.gehaald else "[red]nee[/red]")
        t.add_row(
            r.naam, "–" if r.waarde is None else f"{r.waarde:g}", r.eenheid, r.doel, gehaald,
            r.toelichting)
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default=os.environ.get("SIZE", "10k"), choices=sorted(GROOTTES))
    ap.add_argument("--sla-over", default="", help="metingen om over te slaan, met komma's: "
                    "schrijven,punt,verschil,lijst,herbouw,feed,belasting,aanval")
    args = ap.parse_args()
    over = set(args.sla_over.split(",")) - {""}
    os.chdir(WORTEL)
    url, size = database_url(), args.size
    soort = soort_opslag(url)
    n_schrijf, n_punt, n_lijst, seconden = OMVANG[size]
    start = time.perf_counter()
    register = database_voor(url, size)
    uit = zorg_voor_register(register, size)
    if "schrijven" not in over:
        if soort == "postgres":
            uit += schrijven.meet("sqlite:///bench/data/register.db", n_schrijf,
                                  f"schrijven_{size}")
        uit += schrijven.meet(url, n_schrijf, f"schrijven_{size}")
    if "punt" not in over:
        referentie = None
        if size not in ("10k", "smoke"):
            referentie = database_voor(url, "10k")
            zorg_voor_register(referentie, "10k")
        uit += punt.meet(register, size, n_punt, referentie)
    if "verschil" not in over:  # op de afspraak van 1000 gebeurtenissen, naast de puntvraag
        uit += verschil.meet(register, size, 20 if size == "smoke" else n_punt // 2)
    if "lijst" not in over:
        uit += lijst.meet(register, size, n_lijst)
    if "herbouw" not in over:
        uit += herbouw.meet(register, size)
    if "feed" not in over:
        uit += feed.meet(register, size)
    if "belasting" not in over:
        uit += belasting.meet(register, size, seconden)
    if "aanval" not in over:  # op de demogegevens, in een eigen register
        uit += aanval.meet(database_voor(url, "aanval"), 10 if size == "smoke" else 30)
    console.print(tabel(uit, f"Prestaties: {soort}, {size} ({time.perf_counter() - start:.0f} s)",
                        rook=size == "smoke"))
    schrijf_json(BENCH / "resultaten.json",
                 [{k: v for k, v in r.als_dict().items() if k != "toelichting"} for r in uit])
    schrijf_json(BENCH / "data" / f"resultaten-{soort}-{size}.json",
                 [r.als_dict() for r in uit])
    console.print("geschreven: bench/resultaten.json")


if __name__ == "__main__":
    main()
