"""Getuigde geschiedenis (Vertrouwen onder vuur, punt 6): checkpoints als C2SP signed note,
medeondertekend door getuigen die zelf nagaan dat het register alleen groeide; een register dat
twee getuigen twee geschiedenissen toont, valt door de mand."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from register.cli import app as cli_app
from register.systeem.checkpoint import (
    STREEP, Checkpoint, Ondertekenaar, Verificatiesleutel, notitie, splits_notitie,
)
from register.systeem.getuige import Getuige, GetuigeFout
from register.systeem.samenstel import Systeem
from tests.e2e.conftest import MaakClient
from tests.hulp import leg_vast

HERKOMST = "afsprakenregister.test"
REGISTER = Ondertekenaar.uit_hex(HERKOMST, secrets.token_hex(32))
IPO = Ondertekenaar.uit_hex("getuige.ipo.test", secrets.token_hex(32))
VNG = Ondertekenaar.uit_hex("getuige.vng.test", secrets.token_hex(32))


def _register(maak_client: MaakClient) -> TestClient:
    sleutel = REGISTER.sleutel.private_bytes_raw().hex()
    return maak_client(ondertekensleutel=sleutel, herkomst=HERKOMST,
                       getuigen=f"{IPO.verificatiesleutel()},{VNG.verificatiesleutel()}")


def _getuige(ik: Ondertekenaar, map_: Path) -> Getuige:
    return Getuige(Verificatiesleutel.lees(REGISTER.verificatiesleutel()), ik,
                   map_ / f"{ik.naam}.json")


def _schrijf(client: TestClient, n: int) -> None:
    token = client.app_state.tokens.aanmaken(  # type: ignore[attr-defined]
        "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034")
    for i in range(n):
        leg_vast(client, token, titel=f"Afspraak {secrets.token_hex(4)} {i}")


def test_een_getuige_ondertekent_alleen_wat_het_vorige_aanvult(
        maak_client: MaakClient, tmp_path: Path) -> None:
    client = _register(maak_client)
    _schrijf(client, 3)
    ipo = _getuige(IPO, tmp_path)
    eerste = ipo.getuig(client)
    assert eerste.grootte == 3
    # het register toont de medeondertekening bij dat checkpoint
    tekst, regels = splits_notitie(client.get("/checkpoint").text)
    assert Checkpoint.lees(tekst) == eerste and len(regels) == 2
    assert Verificatiesleutel.lees(IPO.verificatiesleutel()).controleer(tekst, regels)
    assert Verificatiesleutel.lees(REGISTER.verificatiesleutel()).controleer(tekst, regels)
    _schrijf(client, 2)
    tweede = ipo.getuig(client)  # met een consistentiebewijs van 3 naar 5, zelf nagerekend
    assert tweede.grootte == 5 and ipo.vorig() == tweede
    oud = client.get("/checkpoint", params={"grootte": 3}).text
    assert splits_notitie(oud)[0] == eerste.tekst() and len(splits_notitie(oud)[1]) == 2


def test_twee_geschiedenissen_voor_twee_getuigen_vallen_op(
        maak_client: MaakClient, tmp_path: Path, database_url: str,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """Het register (zelfde herkomst, zelfde sleutel) toont de IPO-getuige opslag A en de
    VNG-getuige opslag B. Elk ondertekent eerst wat het ziet; zodra een getuige de andere
    geschiedenis te zien krijgt, weigert zij en zegt waarom."""
    a = _register(maak_client)
    _schrijf(a, 3)
    b_url = f"sqlite:///{tmp_path_factory.mktemp('b') / 'b.db'}"
    from register.api.app import maak_app
    from register.systeem.instellingen import Instellingen
    b_systeem = Systeem(b_url)
    b_app = maak_app(Instellingen(
        database_url=b_url, ondertekensleutel=REGISTER.sleutel.private_bytes_raw().hex(),
        herkomst=HERKOMST, getuigen=f"{IPO.verificatiesleutel()},{VNG.verificatiesleutel()}"),
        b_systeem)
    with TestClient(b_app) as b:
        b.app_state = b_app.state  # type: ignore[attr-defined]
        _schrijf(b, 3)
        ipo, vng = _getuige(IPO, tmp_path), _getuige(VNG, tmp_path)
        assert ipo.getuig(a).grootte == 3
        assert vng.getuig(b).grootte == 3
        # zelfde grootte, andere wortel
        with pytest.raises(GetuigeFout, match="twee geschiedenissen"):
            ipo.getuig(b)
        _schrijf(b, 2)
        with pytest.raises(GetuigeFout, match="niet consistent"):
            ipo.getuig(b)
        # niets medeondertekend bij B door de IPO-getuige, en haar staat blijft die van A
        _, regels = splits_notitie(b.get("/checkpoint", params={"grootte": 3}).text)
        assert all(IPO.naam not in r for r in regels)
        assert ipo.vorig() is not None and ipo.vorig().grootte == 3
    b_systeem.sluit()


def test_het_register_neemt_alleen_echte_medeondertekeningen_van_zijn_eigen_boom_aan(
        maak_client: MaakClient) -> None:
    client = _register(maak_client)
    _schrijf(client, 2)
    tekst, regels = splits_notitie(client.get("/checkpoint").text)
    onbekend = Ondertekenaar.uit_hex("getuige.onbekend", secrets.token_hex(32))
    r = client.post("/checkpoint/cosignatuur", content=notitie(tekst, [*regels, onbekend.regel(
        tekst)]), headers={"Content-Type": "text/plain"})
    assert r.status_code == 403
    vervalst = Checkpoint(HERKOMST, 2, b"\x00" * 32).tekst()
    r = client.post("/checkpoint/cosignatuur", content=notitie(vervalst, [IPO.regel(vervalst)]),
                    headers={"Content-Type": "text/plain"})
    assert r.status_code == 409
    r = client.post("/checkpoint/cosignatuur", content="geen notitie",
                    headers={"Content-Type": "text/plain"})
    assert r.status_code == 400
    # een geknoeide handtekening van een bekende getuige telt ook niet
    regel = IPO.regel(tekst)
    geknoeid = regel[:-6] + ("A" if regel[-6] != "A" else "B") + regel[-5:]
    r = client.post("/checkpoint/cosignatuur", content=notitie(tekst, [geknoeid]),
                    headers={"Content-Type": "text/plain"})
    assert r.status_code == 403 and geknoeid.startswith(STREEP)


def test_zonder_ondertekensleutel_geen_checkpoint(maak_client: MaakClient) -> None:
    r = maak_client().get("/checkpoint")
    assert r.status_code == 503 and "REGISTER_ONDERTEKENSLEUTEL" in r.text


def test_de_opdrachtregel_toont_de_sleutel_en_meldt_fouten_met_een_code(tmp_path: Path) -> None:
    sleutel = tmp_path / "ipo.sleutel"
    sleutel.write_text(IPO.sleutel.private_bytes_raw().hex())
    r = CliRunner().invoke(cli_app, ["getuige", "--naam", IPO.naam, "--sleutel", str(sleutel),
                                     "--toon-sleutel"])
    assert r.exit_code == 0 and r.output.strip() == IPO.verificatiesleutel()
    r = CliRunner().invoke(cli_app, ["getuige", "--naam", IPO.naam, "--sleutel", str(sleutel)])
    assert r.exit_code == 2 and "--register" in r.output
