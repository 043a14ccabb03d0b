"""Zet de bewaarde uitkomsten van alle runs (bench/data/resultaten-<opslag>-<grootte>.json) in
één Markdown-tabel, zoals in de README onder "Prestaties".

    uv run python -m bench.tabel
"""

from __future__ import annotations

import json

from bench.gemeen import BENCH

KOLOMMEN = [("sqlite", "10k"), ("sqlite", "100k"), ("sqlite", "1m"),
            ("postgres", "10k"), ("postgres", "100k"), ("postgres", "1m")]
NAMEN = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def _cel(r: dict[str, object] | None) -> str:
    if r is None:
        return "–"
    w = r["waarde"]
    tekst = "–" if w is None else f"{w:g}" if isinstance(w, float) else str(w)
    return tekst + {True: " ✅", False: " ❌", None: ""}[r["gehaald"]]  # type: ignore[index]


def main() -> None:
    runs = {k: {r["naam"]: r for r in json.loads(p.read_text())}
            for k in KOLOMMEN
            if (p := BENCH / "data" / f"resultaten-{k[0]}-{k[1]}.json").exists()}
    kolommen = [k for k in KOLOMMEN if k in runs]
    namen: dict[str, tuple[str, str]] = {}
    for k in kolommen:
        for naam, r in runs[k].items():
            namen.setdefault(naam, (str(r["eenheid"]), str(r["doel"])))
    # Schrijven meet elke run op SQLite en (bij PostgreSQL) op PostgreSQL: toon elk bij zijn opslag.
    for k in kolommen:
        for naam in [n for n in runs[k] if n.startswith("schrijven-")
                     and not n.startswith(f"schrijven-{k[0]}")]:
            del runs[k][naam]
    print("| meting | eenheid | doel | " + " | ".join(
        f"{NAMEN[o]} {g}" for o, g in kolommen) + " |")
    print("|---|---|---|" + "---|" * len(kolommen))
    for naam, (eenheid, doel) in namen.items():
        cellen = [_cel(runs[k].get(naam)) for k in kolommen]
        print(f"| `{naam}` | {eenheid} | {doel or '–'} | " + " | ".join(cellen) + " |")


if __name__ == "__main__":
    main()
