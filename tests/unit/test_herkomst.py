"""De herkomsttabel van de demogegevens (scripts/demodata/herkomst): per feit van elke afspraak
welke bronnen het melden, in de volgorde waarin zij bekend werden, met een letterlijk citaat.
Wat hier faalt, zou de demo een feit laten toeschrijven aan een bron die het niet zegt."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[2] / "scripts" / "demodata"
# De kennisdatum per brondocument (zoals DOCUMENTEN in scripts/demo_bouwen.py).
KENNISDATUM = {
    "003_a59785af9ae9c7a2.txt": "2022-12-08", "001_a0d8ba2f6df90fad.txt": "2022-12-31",
    "004_347e287c16041e8a.txt": "2023-03-21", "000_08da6c9771a54080.txt": "2024-11-28",
    "002_108e33ca204148a2.txt": "2025-12-31",
}
AARDEN = {"vastgelegd", "herhaald", "gewijzigd", "uitgesteld", "vervallen", "nagekomen",
          "onbeslist"}
SOORTEN = ("partijen", "verplichtingen", "bedragen", "relaties")


def _plat(tekst: str) -> str:
    return re.sub(r"\s+", " ", tekst).strip()


@cache
def bronnen() -> dict[str, str]:
    return {p.name: _plat(p.read_text("utf-8")) for p in (DATA / "bronnen").glob("*.txt")}


@cache
def herkomst() -> dict[str, Any]:
    uit: dict[str, Any] = {}
    for p in sorted((DATA / "herkomst").glob("deel*.json")):
        deel = json.loads(p.read_text("utf-8"))
        assert not set(deel) & set(uit), p.name
        uit |= deel
    return uit


@cache
def scenarios() -> dict[str, Any]:
    return {s["id"]: s for s in json.loads((DATA / "scenarios.json").read_text("utf-8"))}


def vermeldingen() -> list[tuple[str, str, dict[str, Any]]]:
    return [(aid, soort, v) for aid, h in herkomst().items()
            for soort in (*SOORTEN, "ontbrekend") for feit in h.get(soort, ())
            for v in feit["bronnen"]]


def test_elke_afspraak_heeft_haar_herkomst() -> None:
    assert set(herkomst()) == set(scenarios())
    assert set(bronnen()) == set(KENNISDATUM)


def test_elk_citaat_staat_letterlijk_in_zijn_brondocument() -> None:
    mis = [(aid, v["seed"], v["citaat"][:60]) for aid, _, v in vermeldingen()
           if _plat(v["citaat"]) not in bronnen()[v["seed"]]]
    assert len(vermeldingen()) > 1000 and mis == []


@pytest.mark.parametrize("soort", SOORTEN)
def test_elk_feit_van_de_scenarios_staat_er_precies_een_keer_in(soort: str) -> None:
    for aid, sc in scenarios().items():
        h = herkomst()[aid][soort]
        if soort == "partijen":
            assert Counter(f["naam"] for f in h) == Counter(p["naam"] for p in sc[soort]), aid
        elif soort == "relaties":
            assert Counter((f["naar"], f["soort"]) for f in h) == Counter(
                (r["naar"], r["soort"]) for r in sc[soort]), aid
        else:
            assert sorted(f["index"] for f in h) == list(range(len(sc[soort]))), aid
            sleutel = "wat" if soort == "verplichtingen" else "omschrijving"
            assert all(f[sleutel] == sc[soort][f["index"]][sleutel] for f in h), aid


def test_de_bronnen_van_een_feit_staan_in_de_volgorde_waarin_zij_bekend_werden() -> None:
    for aid, h in herkomst().items():
        for soort in SOORTEN:
            for feit in h[soort]:
                datums = [KENNISDATUM[v["seed"]] for v in feit["bronnen"]]
                assert datums == sorted(datums), (aid, soort, feit)


def test_een_verplichting_begint_bij_de_bron_die_haar_vastlegt() -> None:
    for aid, h in herkomst().items():
        for v in h["verplichtingen"]:
            aarden = [b["aard"] for b in v["bronnen"]]
            assert set(aarden) <= AARDEN, (aid, aarden)
            assert not aarden or aarden[0] == "vastgelegd", (aid, v["wat"], aarden)
