"""Elk GraphQL-voorbeeld uit README.md en README.en.md draait hier tegen de demo, zodat geen
voorbeeld kan verouderen: geen fout, en elk veld van het antwoord heeft iets (geen null, geen
lege lijst). Een mutatie draait met een beheerderstoken op een eigen, leeg register."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

PROJECT = Path(__file__).resolve().parents[2]


def voorbeelden(bestand: str) -> list[str]:
    tekst = (PROJECT / bestand).read_text(encoding="utf-8")
    return re.findall(r"```graphql\n(.*?)```", tekst, flags=re.S)


VRAGEN = [(b, i, v) for b in ("README.md", "README.en.md")
          for i, v in enumerate(voorbeelden(b)) if not v.lstrip().startswith("mutation")]
MUTATIES = [(b, i, v) for b in ("README.md", "README.en.md")
            for i, v in enumerate(voorbeelden(b)) if v.lstrip().startswith("mutation")]


def test_de_readmes_hebben_voorbeelden() -> None:
    assert len([v for v in VRAGEN if v[0] == "README.md"]) >= 9
    assert [b for b, _, _ in MUTATIES].count("README.md") >= 1
    assert VRAGEN and any(b == "README.en.md" for b, _, _ in VRAGEN)


def _leeg(pad: str, waarde: Any) -> list[str]:
    """De paden in een antwoord die null of een lege lijst zijn (bovenaan: elk alias)."""
    if waarde is None or waarde == []:
        return [pad]
    if isinstance(waarde, dict):
        return [p for k, v in waarde.items() for p in _leeg(f"{pad}.{k}", v)
                if k not in OPTIONEEL]
    return []


# Velden die in een goed antwoord leeg mogen zijn (een lijst van nul, een ontbrekende waarde).
OPTIONEEL = {"endCursor", "hasNextPage", "naamInBron", "periode", "precisie", "tekst",
             "waarde", "bron", "citaat", "verplichtingen", "bedragen", "gebeurtenissen",
             "tegenstrijdigheden", "bronnen", "hoeveelheden", "afhechting", "toelichting",
             "datumTekst", "datumPrecisie", "uiterlijk", "partijen",
             "van", "naar", "veld", "partij", "verplichting"}  # verschil: wat er niet was


@pytest.mark.parametrize(("bestand", "nummer", "vraag"), VRAGEN,
                         ids=[f"{b}#{i}" for b, i, _ in VRAGEN])
def test_elk_voorbeeld_geeft_een_antwoord_op_de_demo(
        demo_client: TestClient, bestand: str, nummer: int, vraag: str) -> None:
    r = demo_client.post("/graphql", json={"query": vraag})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "errors" not in body, body["errors"]
    for alias, waarde in body["data"].items():
        assert waarde not in (None, []), f"{alias} is leeg"
        if isinstance(waarde, dict) and "edges" in waarde:
            assert waarde["edges"], f"{alias}: geen enkele afspraak"
    assert not _leeg("data", body["data"]), _leeg("data", body["data"])


@pytest.mark.parametrize(("bestand", "nummer", "mutatie"), MUTATIES,
                         ids=[f"{b}#{i}" for b, i, _ in MUTATIES])
def test_elke_voorbeeldmutatie_slaagt(client: TestClient, beheerder: str, bestand: str,
                                      nummer: int, mutatie: str) -> None:
    r = client.post("/graphql", json={"query": mutatie},
                    headers={"Authorization": f"Bearer {beheerder}"})
    assert r.status_code == 200 and "errors" not in r.json(), r.text
    (uitkomst,) = r.json()["data"].values()
    assert uitkomst["__typename"] in ("AfspraakOpgeslagen", "AbonnementMetGeheim"), uitkomst
