"""De opdrachtregel van ontwerp §6a: tokens aanmaken en intrekken, herbouwen, en duidelijke
meldingen (zonder wachtwoord en zonder traceback) als de database niet te gebruiken is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from click.testing import Result
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from register.api.app import maak_app
from register.cli import app as cli_app
from register.systeem.instellingen import Instellingen
from register.systeem.opslag import Opslag
from tests.hulp import (
    AFSPRAAK_VELDEN, BEHEER, M_BZK, P_GELDERLAND, bron, geschiedenis, gql, muteer,
    vastleggen_invoer,
)

ONBEREIKBAAR = "postgresql://u:geheim@127.0.0.1:1/x"


def register(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli_app, list(args), env={"REGISTER_DATABASE_URL": database_url})


def uitvoer(r: Result) -> str:
    """Alles wat de gebruiker ziet (stdout en stderr), met witruimte genormaliseerd."""
    return " ".join((r.stdout + r.stderr).split())


def token_aanmaken(database_url: str, overheid: str, *extra: str) -> str:
    r = register(database_url, "token", "aanmaken", "--overheid", overheid, *extra)
    assert r.exit_code == 0, (r.stdout, r.stderr, r.exception)
    regels = r.stdout.splitlines()
    assert len(regels) == 1, r.stdout
    return regels[0]


@contextmanager
def api(database_url: str) -> Iterator[TestClient]:
    """De echte app op dezelfde database, zoals `register serve` haar zou bouwen."""
    with TestClient(maak_app(Instellingen(database_url=database_url, werkprocessen=0))) as c:
        yield c


def vastleggen(client: TestClient, token: str, **extra: Any) -> dict[str, Any]:
    return muteer(client, "afspraakVastleggen", vastleggen_invoer(**extra), token)


# -- tokens ------------------------------------------------------------------------------------


def test_token_aanmaken_drukt_alleen_het_token_af_en_dat_token_schrijft(
        database_url: str) -> None:
    r = register(database_url, "token", "aanmaken", "--overheid", P_GELDERLAND)
    assert r.exit_code == 0, (r.stdout, r.stderr, r.exception)
    assert r.stdout.count("\n") == 1 and r.stdout.endswith("\n")
    token = r.stdout.strip()
    assert len(token) >= 32 and not any(c.isspace() for c in token)
    with api(database_url) as client:
        a = vastleggen(client, token)
        assert a["__typename"] == "AfspraakOpgeslagen", a
        assert a["gebeurtenis"]["actor"] == P_GELDERLAND
        assert [g["actor"] for g in geschiedenis(client, a["afspraak"]["id"])] == [P_GELDERLAND]


def test_elk_token_is_anders_en_alleen_een_hash_wordt_bewaard(database_url: str) -> None:
    t1 = token_aanmaken(database_url, P_GELDERLAND)
    t2 = token_aanmaken(database_url, P_GELDERLAND)
    assert t1 != t2
    engine = Opslag(database_url).engine()
    try:
        with engine.connect() as conn:
            rijen = conn.execute(text("SELECT * FROM tokens")).all()
    finally:
        engine.dispose()
    assert len(rijen) == 2
    opgeslagen = " ".join(str(w) for rij in rijen for w in rij)
    assert t1 not in opgeslagen and t2 not in opgeslagen
    assert t1[8:40] not in opgeslagen


@pytest.mark.parametrize("overheid", [
    "https://identifier.overheid.nl/tooi/id/provincie/pv99", "Gelderland", ""])
def test_token_aanmaken_voor_een_onbekende_overheid_faalt_met_een_duidelijke_melding(
        database_url: str, overheid: str) -> None:
    r = register(database_url, "token", "aanmaken", "--overheid", overheid)
    assert r.exit_code == 2, (r.stdout, r.stderr, r.exception)
    assert r.stdout == ""
    assert "onbekende overheid" in uitvoer(r).lower()
    assert f"'{overheid}'" in uitvoer(r)
    assert "Traceback" not in uitvoer(r)


def test_een_beheerderstoken_mag_schrijven_waar_het_geen_partij_is(database_url: str) -> None:
    gewoon = token_aanmaken(database_url, BEHEER)
    beheer = token_aanmaken(database_url, BEHEER, "--beheerder")
    with api(database_url) as client:
        r = vastleggen(client, gewoon)
        assert (r["__typename"], r["code"]) == ("NietToegestaan", "NIET_TOEGESTAAN"), r
        r = vastleggen(client, beheer)
        assert r["__typename"] == "AfspraakOpgeslagen", r
        assert r["gebeurtenis"]["actor"] == BEHEER
        x = r["afspraak"]["id"]
        r = muteer(client, "afspraakWijzigen", {
            "id": x, "verwachteVersie": 1, "toelichting": "Correctie door beheer",
            "titel": "NOVEX Gelderland", "bronnen": [bron("2023-03-01")]}, beheer)
        assert r["__typename"] == "AfspraakOpgeslagen", r
        assert r["afspraak"]["titel"] == "NOVEX Gelderland"


def test_een_ingetrokken_token_kan_niet_meer_schrijven(database_url: str) -> None:
    token = token_aanmaken(database_url, M_BZK)
    with api(database_url) as client:
        r = vastleggen(client, token)
        assert r["__typename"] == "AfspraakOpgeslagen", r
        x = r["afspraak"]["id"]
        ingetrokken = register(database_url, "token", "intrekken", token)
        assert ingetrokken.exit_code == 0, (ingetrokken.stdout, ingetrokken.stderr)
        assert "ingetrokken" in uitvoer(ingetrokken).lower()
        assert token not in uitvoer(ingetrokken)
        r = muteer(client, "voortgangRapporteren", {
            "id": x, "verwachteVersie": 1, "toelichting": "Na intrekken",
            "verslag": "Mag niet meer.", "bronnen": [bron("2023-03-01")]}, token)
        assert (r["__typename"], r["code"]) == ("NietToegestaan", "NIET_TOEGESTAAN"), r
        assert r["melding"]
        r = vastleggen(client, token)
        assert r["__typename"] == "NietToegestaan", r
        assert [g["versie"] for g in geschiedenis(client, x)] == [1]
        # Lezen van openbare afspraken blijft zonder token mogelijk.
        assert gql(client, "query($id: ID!) { afspraak(id: $id) { id } }",
                   {"id": x})["afspraak"] == {"id": x}
    nogmaals = register(database_url, "token", "intrekken", token)
    assert nogmaals.exit_code == 2
    assert "onbekend" in uitvoer(nogmaals).lower()


# -- herbouw -----------------------------------------------------------------------------------

VRAAG = ("query($id: ID!) { afspraak(id: $id) { " + AFSPRAAK_VELDEN + " } "
         "oud: afspraak(id: $id, geldigOp: \"2023-01-01\") { titel status } "
         "afspraken(first: 100) { edges { cursor node { id titel status } } "
         "pageInfo { hasNextPage endCursor } } "
         "gebeurtenissen(afspraakId: $id) { versie soort actor ontvangenOp bronnen { titel } } }")


def test_herbouw_bouwt_de_leesmodellen_opnieuw_en_meldt_het_aantal(database_url: str) -> None:
    token = token_aanmaken(database_url, M_BZK)
    with api(database_url) as client:
        x = vastleggen(client, token)["afspraak"]["id"]
        y = vastleggen(client, token, titel="Opvolger")["afspraak"]["id"]
        r = muteer(client, "afspraakWijzigen", {
            "id": x, "verwachteVersie": 1, "toelichting": "Nieuwe titel",
            "titel": "NOVEX Gelderland", "geldigVanaf": "2024-01-01",
            "bronnen": [bron("2023-12-01")]}, token)
        assert r["__typename"] == "AfspraakOpgeslagen", r
        r = muteer(client, "afspraakAfhechten", {
            "id": x, "verwachteVersie": 2, "toelichting": "Vervangen", "wijze": "VERVANGEN",
            "vervangenDoor": y, "bronnen": [bron("2024-06-01")]}, token)
        assert r["__typename"] == "AfspraakOpgeslagen", r
        voor = gql(client, VRAAG, {"id": x})
        assert voor["afspraak"]["status"] == "AFGEHECHT"
        assert voor["afspraak"]["afhechting"]["vervangenDoor"]["id"] == y
        assert voor["oud"]["titel"] == "Ruimtelijk arrangement NOVEX Gelderland"

    # Een leesmodel dat kwijt is, komt door herbouw terug uit de gebeurtenissen.
    engine = Opslag(database_url).engine()
    try:
        with engine.begin() as conn:
            for tabel in ("lm_afspraak_kenmerken", "lm_afspraken", "lm_gebeurtenissen"):
                conn.execute(text(f"DELETE FROM {tabel}"))
    finally:
        engine.dispose()

    r = register(database_url, "herbouw")
    assert r.exit_code == 0, (r.stdout, r.stderr, r.exception)
    assert "4 gebeurtenissen" in uitvoer(r), uitvoer(r)
    assert "Traceback" not in uitvoer(r)
    with api(database_url) as client:
        assert gql(client, VRAAG, {"id": x}) == voor

    r = register(database_url, "herbouw")
    assert r.exit_code == 0 and "4 gebeurtenissen" in uitvoer(r), uitvoer(r)
    with api(database_url) as client:
        assert gql(client, VRAAG, {"id": x}) == voor


def test_herbouw_van_een_lege_database_meldt_nul(database_url: str) -> None:
    r = register(database_url, "herbouw")
    assert r.exit_code == 0, (r.stdout, r.stderr, r.exception)
    assert "0 gebeurtenissen" in uitvoer(r), uitvoer(r)


# -- een database die niet te gebruiken is -----------------------------------------------------

OPDRACHTEN = [["herbouw"], ["token", "aanmaken", "--overheid", P_GELDERLAND],
              ["token", "intrekken", "ar_bestaat_niet"]]


@pytest.mark.parametrize("opdracht", OPDRACHTEN, ids=lambda o: " ".join(o[:2]))
def test_een_onbereikbare_database_geeft_een_melding_zonder_wachtwoord_en_zonder_traceback(
        opdracht: list[str]) -> None:
    r = register(ONBEREIKBAAR, *opdracht)
    assert r.exit_code == 2, (r.stdout, r.stderr, r.exception)
    assert isinstance(r.exception, SystemExit)
    tekst = uitvoer(r)
    assert "127.0.0.1:1/x" in tekst, tekst
    assert "niet bereikbaar" in tekst
    assert "geheim" not in tekst
    assert "Traceback" not in tekst
    assert r.stdout == ""


@pytest.mark.parametrize("url", ["mysql://u:geheim@localhost/register",
                                 "mongodb://u:geheim@localhost:27017/register"])
@pytest.mark.parametrize("opdracht", OPDRACHTEN, ids=lambda o: " ".join(o[:2]))
def test_een_niet_ondersteund_database_schema_geeft_een_duidelijke_melding(
        url: str, opdracht: list[str]) -> None:
    r = register(url, *opdracht)
    assert r.exit_code == 2, (r.stdout, r.stderr, r.exception)
    assert isinstance(r.exception, SystemExit)
    tekst = uitvoer(r)
    assert "niet ondersteund" in tekst, tekst
    assert "sqlite:///" in tekst and "postgresql://" in tekst
    assert url.split(":")[0] + "://" in tekst
    assert "geheim" not in tekst
    assert "Traceback" not in tekst
    assert r.stdout == ""


def test_serve_op_een_bezette_poort_faalt_voor_er_iets_gebeurt(tmp_path: Any) -> None:
    """Eerder laadde `serve --demo` eerst de demo en drukte het een token en een URL af, en
    faalde pas daarna op de bezette poort."""
    import socket

    with socket.socket() as bezet:
        bezet.bind(("127.0.0.1", 0))
        bezet.listen()
        poort = bezet.getsockname()[1]
        db = tmp_path / "register.db"
        r = register(f"sqlite:///{db}", "serve", "--port", str(poort), "--demo")
    assert r.exit_code == 2
    assert f"kan niet luisteren op 127.0.0.1:{poort}" in uitvoer(r)
    assert "Beheerderstoken" not in uitvoer(r) and not db.exists()


def test_serve_meldt_een_nieuw_leeg_register_met_zijn_volledige_pad(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Eerder maakte `register serve` in een andere map stil een leeg register.db aan."""
    import register.api.server as server

    gestart: list[int] = []
    monkeypatch.setattr(server, "draai", lambda app, host, port, s: gestart.append(port))
    monkeypatch.chdir(tmp_path)
    r = register("sqlite:///register.db", "serve", "--port", "0")
    assert r.exit_code == 0 and gestart == [0], uitvoer(r)
    assert "Een nieuw, leeg register" in uitvoer(r) and "register serve --demo" in uitvoer(r)
    assert str(tmp_path / "register.db") in "".join((r.stdout + r.stderr).split())
    # een tweede start op hetzelfde bestand meldt niets nieuws
    r = register("sqlite:///register.db", "serve", "--port", "0")
    assert "Een nieuw, leeg register" not in uitvoer(r)


@pytest.mark.slow
def test_register_demo_laadt_een_keer_en_geeft_een_keer_een_token(tmp_path: Any) -> None:
    """Op PostgreSQL in tests/e2e/test_processen.py."""
    database_url = f"sqlite:///{tmp_path / 'register.db'}"
    eerste = register(database_url, "demo")
    assert eerste.exit_code == 0 and "Beheerderstoken" in uitvoer(eerste)
    tweede = register(database_url, "demo")
    assert tweede.exit_code == 0 and "Beheerderstoken" not in uitvoer(tweede)
    assert "niet nog eens geladen" in uitvoer(tweede)
