"""Citaat en bewijs bij een antwoord: het citaat geeft later hetzelfde antwoord (ook als er
intussen geschreven is), en een derde controleert de bewijsbundel offline met het script dat het
project meelevert (scripts/controleer_bewijs.py, als apart proces, zonder het register)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.conftest import MaakClient
from tests.hulp import M_BZK, bron, gql, gql_antwoord, leg_vast, muteer

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT / "scripts" / "controleer_bewijs.py"
ONDERTEKEN = "4d" * 32

MET_BEWIJS = """query($id: ID!, $bekend: Date) { afspraak(id: $id, bekendOp: $bekend) {
  titel versie citaat { tekst versies boomgrootte wortel ontvangenOp }
  bewijs { afspraakId boomgrootte wortel algoritme
           ondertekening { publiekeSleutel bericht handtekening }
           gebeurtenissen { versie index canoniek blad pad } } } }"""
CITAAT = """query($t: String!) { citaat(tekst: $t) { klopt meldingen
  citaat { afspraakId versies } afspraak { titel versie } } }"""


def controleer(tmp: Path, bundel: dict[str, Any], *extra: str) -> subprocess.CompletedProcess[str]:
    pad = tmp / "bundel.json"
    pad.write_text(json.dumps(bundel), encoding="utf-8")
    return subprocess.run([sys.executable, str(SCRIPT), str(pad), *extra], capture_output=True,
                          text=True, timeout=60, cwd=tmp)


def _landbouwakkoord(client: TestClient) -> str:
    q = '{ afspraken(filter: {zoekterm: "Landbouwakkoord"}) { edges { node { id titel } } } }'
    (e,) = [e for e in gql(client, q)["afspraken"]["edges"]
            if e["node"]["titel"] == "Landbouwakkoord"]
    return e["node"]["id"]  # type: ignore[no-any-return]


@pytest.mark.slow
def test_een_derde_controleert_het_bewijs_offline(demo_client: TestClient,
                                                  tmp_path: Path) -> None:
    aid = _landbouwakkoord(demo_client)
    a = gql(demo_client, MET_BEWIJS, {"id": aid, "bekend": "2023-01-01"})["afspraak"]
    citaat, bundel = a["citaat"], a["bewijs"]
    assert [s["versie"] for s in bundel["gebeurtenissen"]] == citaat["versies"]
    assert (bundel["boomgrootte"], bundel["wortel"]) == (citaat["boomgrootte"], citaat["wortel"])
    goed = controleer(tmp_path, bundel, "--citaat", citaat["tekst"])
    assert goed.returncode == 0, goed.stdout
    assert goed.stdout.count("ok ") == 3 * len(citaat["versies"]) + 3
    assert "De bundel klopt." in goed.stdout

    # één teken anders in een canonieke inhoud, een pad of een citaat: het script ziet het
    vervalst = json.loads(json.dumps(bundel))
    vervalst["gebeurtenissen"][0]["canoniek"] = vervalst["gebeurtenissen"][0]["canoniek"].replace(
        "Landbouwakkoord", "Landbouwakkoorden")
    r = controleer(tmp_path, vervalst)
    assert r.returncode == 1 and "FOUT  versie 1: het blad is de hash" in r.stdout
    ander_pad = json.loads(json.dumps(bundel))
    ander_pad["gebeurtenissen"][-1]["pad"][0] = "00" * 32
    assert controleer(tmp_path, ander_pad).returncode == 1
    minder = citaat["tekst"].replace("versies=1,", "versies=")
    r = controleer(tmp_path, bundel, "--citaat", minder)
    assert r.returncode == 1 and "FOUT  de bundel dekt precies de versies" in r.stdout
    assert controleer(tmp_path, {"geen": "bundel"}).returncode == 1


def test_het_citaat_geeft_later_hetzelfde_antwoord(client: TestClient, token_bzk: str) -> None:
    aid = leg_vast(client, token_bzk)
    toen = gql(client, MET_BEWIJS, {"id": aid})["afspraak"]
    r = muteer(client, "afspraakWijzigen", {
        "id": aid, "verwachteVersie": 1, "titel": "Een latere titel",
        "toelichting": "Herzien", "bronnen": [bron("2023-03-01")]}, token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    assert gql(client, MET_BEWIJS, {"id": aid})["afspraak"]["titel"] == "Een latere titel"
    terug = gql(client, CITAAT, {"t": toen["citaat"]["tekst"]})["citaat"]
    assert terug["klopt"] and terug["meldingen"] == [], terug
    assert terug["afspraak"] == {"titel": toen["titel"], "versie": 1}
    # een citaat met een andere wortel: de geschiedenis zou veranderd zijn
    anders = toen["citaat"]["tekst"].replace(toen["citaat"]["wortel"], "ab" * 32)
    fout = gql(client, CITAAT, {"t": anders})["citaat"]
    assert not fout["klopt"] and "andere wortel" in fout["meldingen"][0]
    # geen citaat: een fout in de vraag, geen serverfout
    status, body = gql_antwoord(client, CITAAT, {"t": "https://example.org/afspraken/1"})
    assert status == 200 and body["data"] is None
    assert body["errors"][0]["message"].startswith("Ongeldig citaat")


def test_een_vertrouwelijke_afspraak_komt_niet_terug_voor_wie_haar_niet_mag_zien(
        client: TestClient, token_bzk: str) -> None:
    aid = leg_vast(client, token_bzk, vertrouwelijk=True)
    tekst = gql(client, MET_BEWIJS, {"id": aid}, token_bzk)["afspraak"]["citaat"]["tekst"]
    anoniem = gql(client, CITAAT, {"t": tekst})["citaat"]
    assert anoniem["afspraak"] is None and not anoniem["klopt"]
    assert gql(client, CITAAT, {"t": tekst}, token_bzk)["citaat"]["klopt"]


def test_een_ondertekende_bundel(maak_client: MaakClient, tmp_path: Path) -> None:
    c = maak_client(ondertekensleutel=ONDERTEKEN)
    token = c.app_state.tokens.aanmaken(M_BZK)  # type: ignore[attr-defined]
    aid = leg_vast(c, token)
    bundel = gql(c, MET_BEWIJS, {"id": aid})["afspraak"]["bewijs"]
    sleutel = bundel["ondertekening"]["publiekeSleutel"]
    goed = controleer(tmp_path, bundel, "--publieke-sleutel", sleutel)
    assert goed.returncode == 0 and "handtekening van het register over boomgrootte" in goed.stdout
    verkeerd = controleer(tmp_path, bundel, "--publieke-sleutel", "11" * 32)
    assert verkeerd.returncode == 1 and "FOUT  de handtekening" in verkeerd.stdout
