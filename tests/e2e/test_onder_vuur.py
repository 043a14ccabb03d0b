"""Vertrouwen onder vuur: geen anonieme client legt het register stil, en slechte invoer is een
fout van de client. Elke test hier hoort bij een aanval die het register eerder brak: een vraag
die binnen alle grenzen toch te veel opleverde, databasewerk op de event loop, een token dat op
het schrijfslot wachtte, een lege pool als gemaskeerde fout, diep geneste JSON, meerdere
operaties zonder naam, en invoer die werd opgeslagen maar nooit meer te vinden was."""

from __future__ import annotations

import json
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.exc import TimeoutError as PoolVol

from register.api.poort import LICHT, TRIVIAAL, ZWAAR, ZWAAR_ANONIEM, Bezet, Poort, Rijen
from register.systeem.samenstel import Systeem
from register.systeem.tokens import _hash, tokens
from tests.e2e.conftest import MaakClient
from tests.hulp import (
    BEHEER, M_BZK, P_GELDERLAND, bron, gql, gql_antwoord, leg_vast, muteer, vastleggen_invoer,
)

ALIAS = " ".join(f"g{i}: gebeurtenissen {{ hash versie bronnen {{ titel citaat }} }}"
                 for i in range(28))
# De aanval die het register stillegde: 28 aliassen op de gebeurtenissen van 100 afspraken.
ALIASSEN = f"{{ afspraken(first: 100) {{ edges {{ node {{ {ALIAS} }} }} }} }}"
VERPLICHTINGEN = "query($id: ID!) { afspraak(id: $id) { verplichtingen { id omschrijving } } }"


def codes(body: dict[str, Any]) -> list[str | None]:
    return [(f.get("extensions") or {}).get("code") for f in body.get("errors") or []]


def aantal_gebeurtenissen(systeem: Systeem) -> int:
    return systeem.laatste_positie()


# -- kosten -------------------------------------------------------------------------------------


def test_een_vraag_die_meer_velden_kan_opleveren_dan_anoniem_mag_wordt_vooraf_geweigerd(
        client: TestClient, token_bzk: str) -> None:
    leg_vast(client, token_bzk)
    status, body = gql_antwoord(client, ALIASSEN)
    assert status == 200 and body["data"] is None
    assert codes(body) == ["TE_DUUR"]
    fout = body["errors"][0]
    assert fout["extensions"]["geraamd"] > fout["extensions"]["maximum"] == 50_000
    assert "first" in fout["message"]  # de melding zegt hoe het kleiner kan


def test_met_een_token_mag_dezelfde_vraag_wel(client: TestClient, token_bzk: str) -> None:
    leg_vast(client, token_bzk)
    data = gql(client, ALIASSEN, token=token_bzk)
    assert len(data["afspraken"]["edges"]) == 1


def test_een_antwoord_dat_tijdens_het_uitvoeren_te_groot_wordt_stopt_met_dezelfde_fout(
        maak_client: MaakClient, token_bzk: str) -> None:
    """De raming rekent met 10 verplichtingen per afspraak; deze heeft er 300. De teller ziet
    het echte aantal en stopt het antwoord: één fout, geen half antwoord."""
    c = maak_client(max_velden_anoniem=500)
    token = c.app_state.tokens.aanmaken(M_BZK)  # type: ignore[attr-defined]
    veel = [{"omschrijving": f"Maatregel {n}", "partij": P_GELDERLAND} for n in range(300)]
    aid = leg_vast(c, token, verplichtingen=veel)
    status, body = gql_antwoord(c, VERPLICHTINGEN, {"id": aid})
    assert (status, body["data"], codes(body)) == (200, None, ["TE_DUUR"])
    assert body["errors"][0]["extensions"]["maximum"] == 500
    # Met een token is het maximum ruimer: hetzelfde antwoord komt er.
    data = gql(c, VERPLICHTINGEN, {"id": aid}, token)
    assert len(data["afspraak"]["verplichtingen"]) == 300


def test_een_antwoord_dat_te_lang_duurt_stopt(maak_client: MaakClient, token_bzk: str) -> None:
    c = maak_client(max_seconden_per_vraag=0.0)
    token = c.app_state.tokens.aanmaken(M_BZK)  # type: ignore[attr-defined]
    veel = [{"omschrijving": f"Maatregel {n}", "partij": P_GELDERLAND} for n in range(300)]
    aid = leg_vast(c, token, verplichtingen=veel)
    status, body = gql_antwoord(c, VERPLICHTINGEN, {"id": aid})
    assert (status, body["data"], codes(body)) == (200, None, ["TE_DUUR"])
    assert body["errors"][0]["extensions"]["maximum_seconden"] == 0.0


# -- niets op de event loop, niemand wacht op het schrijfslot -----------------------------------


def test_geen_databasewerk_op_de_event_loop(
        client: TestClient, systeem: Systeem, token_bzk: str) -> None:
    """Het token, de vraag, de DataLoaders en de hashes lezen allemaal buiten de thread van de
    event loop (daar hielden zij eerder elk ander verzoek op)."""
    doel = leg_vast(client, token_bzk)
    aid = leg_vast(client, token_bzk, relaties=[{"soort": "HANGT_SAMEN_MET", "naar": doel}])

    async def lus() -> int:
        return threading.get_ident()

    client.app.add_api_route("/test-lus", lus)  # type: ignore[attr-defined]
    lus_draad = client.get("/test-lus").json()
    draden: list[int] = []

    def tel(*_: Any) -> None:
        draden.append(threading.get_ident())

    event.listen(systeem.engine, "before_cursor_execute", tel)
    try:
        gql(client, """query($id: ID!) { afspraak(id: $id) { titel
              relaties { naar { titel gebeurtenissen { hash } } }
              gebeurtenissen { hash bronnen { titel } } } }""", {"id": aid}, token_bzk)
    finally:
        event.remove(systeem.engine, "before_cursor_execute", tel)
    assert draden and lus_draad not in draden


def test_een_vraag_met_token_wacht_niet_op_het_schrijfslot_van_sqlite(
        client: TestClient, database_url: str, token_bzk: str) -> None:
    """Een ander proces houdt het schrijfslot (een herbouw, een grote mutatie): het token
    opzoeken en de vraag zelf lezen toch, en wachten niet tot het slot vrijkomt."""
    if not database_url.startswith("sqlite"):
        pytest.skip("het schrijfslot van één bestand bestaat alleen op SQLite")
    aid = leg_vast(client, token_bzk)
    slot = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    slot.execute("BEGIN IMMEDIATE")
    try:
        with ThreadPoolExecutor(1) as pool:
            antwoord = pool.submit(gql, client, VERPLICHTINGEN, {"id": aid}, token_bzk)
            data = antwoord.result(timeout=20)  # het slot wacht 30 s: eerder kwam dit niet
    finally:
        slot.execute("ROLLBACK")
        slot.close()
    assert data["afspraak"]["verplichtingen"]


def test_een_lege_pool_geeft_503_met_retry_after_en_geen_gemaskeerde_fout(
        client: TestClient, systeem: Systeem, caplog: pytest.LogCaptureFixture) -> None:
    pool: Any = systeem.engine.pool
    wachttijd, pool._timeout = pool._timeout, 0.2  # niet 30 s wachten op een verbinding
    bezet = []
    try:
        while True:
            bezet.append(systeem.engine.connect())
    except PoolVol:
        pass
    try:
        r = client.post("/graphql", json={"query": "{ afspraken { edges { cursor } } }"})
    finally:
        for c in bezet:
            c.close()
        pool._timeout = wachttijd
    assert r.status_code == 503, r.text
    assert int(r.headers["retry-after"]) > 0
    assert codes(r.json()) == ["BEZET"]
    assert "Onverwachte fout" not in r.text and "Traceback" not in caplog.text


# -- slechte invoer -----------------------------------------------------------------------------


def _genest(diepte: int) -> bytes:
    waarde = "[" * (diepte - 2) + "1" + "]" * (diepte - 2)
    return f'{{"query": "{{ __typename }}", "variables": {{"a": {waarde}}}}}'.encode()


@pytest.mark.parametrize("diepte", [33, 500, 1_000, 100_000])
def test_json_dieper_dan_de_grens_is_een_400(client: TestClient, diepte: int) -> None:
    r = client.post("/graphql", content=_genest(diepte),
                    headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text[:200]
    assert "dieper genest dan 32" in r.text and "recursion" not in r.text


def test_json_tot_de_grens_is_gewoon_een_verzoek(client: TestClient) -> None:
    r = client.post("/graphql", content=_genest(32),
                    headers={"content-type": "application/json"})
    assert r.status_code == 200 and r.json() == {"data": {"__typename": "Query"}}


def test_meerdere_operaties_zonder_operationname_zijn_een_fout(client: TestClient) -> None:
    doc = "query A { a: __typename } query B { b: __typename }"
    status, body = gql_antwoord(client, doc)
    assert (status, body["data"], codes(body)) == (200, None, ["OPERATIENAAM_ONTBREEKT"])
    r = client.post("/graphql", json={"query": doc, "operationName": "B"})
    assert r.json() == {"data": {"b": "Query"}}


@pytest.mark.parametrize("naam", [7, ["B"], {"naam": "B"}, True])
def test_een_operationname_die_geen_tekst_is_is_een_fout_met_een_code(
        client: TestClient, naam: object) -> None:
    r = client.post("/graphql", json={"query": "query B { b: __typename }",
                                      "operationName": naam})
    assert r.status_code in (200, 400), r.text
    if r.status_code == 200:
        assert r.json()["data"] is None and codes(r.json()) == ["ONBEKENDE_OPERATIE"]
    assert "Traceback" not in r.text and "INTERN" not in r.text


def _ongeldig(uit: dict[str, Any]) -> list[str]:
    assert uit["__typename"] == "Ongeldig", uit
    return [v["veld"] for v in uit["velden"]]


@pytest.mark.parametrize("waarde", ["NaN", "nan", "-inf", "Infinity", "1e999", "1e3",
                                    "1" * 100_000, "1.1234567", " ", "0x10"])
def test_een_hoeveelheid_is_een_eindig_begrensd_decimaal_getal(
        client: TestClient, systeem: Systeem, token_bzk: str, waarde: str) -> None:
    voor = aantal_gebeurtenissen(systeem)
    invoer = vastleggen_invoer(verplichtingen=[{
        "omschrijving": "Hectare natuur", "partij": P_GELDERLAND,
        "hoeveelheden": [{"grootheid": "oppervlakte", "waarde": waarde, "eenheid": "ha"}]}])
    uit = muteer(client, "afspraakVastleggen", invoer, token_bzk)
    assert _ongeldig(uit) == ["verplichtingen[0].hoeveelheden[0].waarde"]
    assert aantal_gebeurtenissen(systeem) == voor


@pytest.mark.parametrize("waarde", ["80000", "3,5", "-0.25", "123456789012345.123456"])
def test_een_gewone_hoeveelheid_wordt_opgeslagen(
        client: TestClient, token_bzk: str, waarde: str) -> None:
    invoer = vastleggen_invoer(verplichtingen=[{
        "omschrijving": "Hectare natuur", "partij": P_GELDERLAND,
        "hoeveelheden": [{"grootheid": "oppervlakte", "waarde": waarde, "eenheid": "ha"}]}])
    assert muteer(client, "afspraakVastleggen", invoer, token_bzk)["__typename"] == \
        "AfspraakOpgeslagen"


def _anders_geschreven(aid: str) -> list[str]:
    return [aid.upper(), aid.replace("-", ""), "{" + aid + "}", "urn:uuid:" + aid]


def test_een_relatie_naar_een_anders_geschreven_id_wordt_geweigerd(
        client: TestClient, systeem: Systeem, token_bzk: str) -> None:
    doel = leg_vast(client, token_bzk)
    voor = aantal_gebeurtenissen(systeem)
    for naar in _anders_geschreven(doel):
        invoer = vastleggen_invoer(relaties=[{"soort": "HANGT_SAMEN_MET", "naar": naar}])
        uit = muteer(client, "afspraakVastleggen", invoer, token_bzk)
        assert _ongeldig(uit) == ["relaties[0].naar"], naar
    assert aantal_gebeurtenissen(systeem) == voor


def test_een_afspraak_vervangt_zichzelf_ook_niet_in_hoofdletters(
        client: TestClient, systeem: Systeem, token_bzk: str) -> None:
    aid = leg_vast(client, token_bzk)
    voor = aantal_gebeurtenissen(systeem)
    for door in _anders_geschreven(aid):
        uit = muteer(client, "afspraakAfhechten", {
            "id": aid, "verwachteVersie": 1, "wijze": "VERVANGEN", "vervangenDoor": door,
            "toelichting": "Vervangen.", "bronnen": [bron("2024-01-01")]}, token_bzk)
        assert _ongeldig(uit) == ["vervangenDoor"], door
    assert aantal_gebeurtenissen(systeem) == voor


def test_een_anders_geschreven_id_noemt_geen_afspraak(
        client: TestClient, systeem: Systeem, token_bzk: str) -> None:
    aid = leg_vast(client, token_bzk)
    voor = aantal_gebeurtenissen(systeem)
    for anders in _anders_geschreven(aid):
        uit = muteer(client, "voortgangRapporteren", {
            "id": anders, "verwachteVersie": 1, "verslag": "Gestart.",
            "toelichting": "Voortgang.", "bronnen": [bron("2024-01-01")]}, token_bzk)
        assert uit["__typename"] == "NietGevonden", (anders, uit)
    assert aantal_gebeurtenissen(systeem) == voor


def test_dubbele_verplichting_ids_in_een_rectificatie_worden_geweigerd(
        client: TestClient, systeem: Systeem, token_bzk: str) -> None:
    aid = leg_vast(client, token_bzk)
    voor = aantal_gebeurtenissen(systeem)
    v = {"omschrijving": "Ruimtelijk voorstel indienen", "partij": P_GELDERLAND, "id": "v1"}
    uit = muteer(client, "afspraakRectificeren", {
        "id": aid, "verwachteVersie": 1, "rectificeert": 1, "toelichting": "Typefout.",
        "bronnen": [bron("2023-02-01")],
        "verplichtingen": [{**v, "uiterlijk": "2023-06-30"}, {**v, "uiterlijk": "2023-07-31"}]},
        token_bzk)
    assert _ongeldig(uit) == ["verplichtingen"]
    assert aantal_gebeurtenissen(systeem) == voor


@pytest.mark.parametrize("teken", ["\u202e", "\u2066", "\u200f", "\u061c", "\x85", "\x1b"])
def test_tekst_met_stuur_of_richtingtekens_wordt_geweigerd(
        client: TestClient, systeem: Systeem, token_bzk: str, teken: str) -> None:
    voor = aantal_gebeurtenissen(systeem)
    uit = muteer(client, "afspraakVastleggen",
                 vastleggen_invoer(titel=f"Arrangement {teken}gnirednoow"), token_bzk)
    assert _ongeldig(uit) == ["titel"]
    assert aantal_gebeurtenissen(systeem) == voor


def test_gewone_tekens_in_andere_schriften_blijven_toegestaan(
        client: TestClient, token_bzk: str) -> None:
    titel = "Afspraak Fryslân – ‘Ljouwert’ · Zürich · Ελλάδα · العربية · 👩‍⚖️"
    aid = leg_vast(client, token_bzk, titel=titel)
    data = gql(client, "query($id: ID!) { afspraak(id: $id) { titel } }", {"id": aid})
    assert json.dumps(data["afspraak"]["titel"]) == json.dumps(titel)


# -- rijen --------------------------------------------------------------------------------------


async def test_een_volle_zware_rij_geeft_bezet_en_houdt_de_lichte_rij_niet_op() -> None:
    poort = Poort(Rijen(licht=1, zwaar_anoniem=1, zwaar=1, licht_tot=100, wachttijd=0.05))
    assert poort.rij(100, anoniem=True) == LICHT
    assert (poort.rij(101, anoniem=True), poort.rij(101, anoniem=False)) == (ZWAAR_ANONIEM, ZWAAR)
    async with poort.plaats(ZWAAR_ANONIEM):
        with pytest.raises(Bezet) as bezet:
            async with poort.plaats(ZWAAR_ANONIEM):
                pass
        assert bezet.value.seconden >= 1
        async with poort.plaats(ZWAAR), poort.plaats(LICHT):  # anderen gaan door
            assert await poort.in_draad(_draad) != threading.get_ident()
    async with poort.plaats(ZWAAR_ANONIEM):  # de plaats kwam weer vrij
        pass


async def test_een_opzoeking_wacht_niet_achter_een_volle_lichte_rij() -> None:
    """Lichte vragen die toch veel rekenen (honderd afspraken met hun gebeurtenissen) vullen de
    lichte rij; een opzoeking van een paar velden heeft haar eigen rij."""
    poort = Poort(Rijen(triviaal=1, licht=1, zwaar_anoniem=1, zwaar=1, licht_tot=100,
                        triviaal_tot=10, wachttijd=0.05))
    assert (poort.rij(10, anoniem=True), poort.rij(11, anoniem=True)) == (TRIVIAAL, LICHT)
    async with poort.plaats(LICHT):
        with pytest.raises(Bezet):
            async with poort.plaats(LICHT):
                pass
        async with poort.plaats(TRIVIAAL):
            assert await poort.in_draad(_draad) != threading.get_ident()


async def _draad() -> int:
    return threading.get_ident()


# -- tokens met een HMAC (wie alleen de database kan wijzigen) ---------------------------------

SCHRIJF = """mutation($i: VoortgangRapporterenInput!) { voortgangRapporteren(input: $i) {
  __typename ... on Fout { code melding } } }"""


def _schrijft(client: TestClient, token: str, aid: str) -> str:
    r = gql(client, SCHRIJF, {"i": {"id": aid, "verwachteVersie": 1, "verslag": "Loopt.",
                                    "toelichting": "Voortgang.",
                                    "bronnen": [bron("2024-01-01")]}}, token)
    return str(r["voortgangRapporteren"]["__typename"])


def test_een_gewijzigde_tokenrij_maakt_geen_beheerder_maar_een_ongeldig_token(
        client: TestClient, systeem: Systeem, token_utrecht: str, token_bzk: str) -> None:
    aid = leg_vast(client, token_bzk)
    with systeem.engine.begin() as c:  # iemand met databasetoegang maakt Utrecht beheerder
        c.execute(tokens.update().where(tokens.c.hash == _hash(token_utrecht))
                  .values(beheerder=True))
    assert _schrijft(client, token_utrecht, aid) == "NietToegestaan"
    r = gql(client, "mutation { integriteitControleren { __typename } }", {}, token_utrecht)
    assert r["integriteitControleren"]["__typename"] == "NietToegestaan"


def test_een_ingevoegde_of_weer_geldig_gemaakte_tokenrij_werkt_niet(
        client: TestClient, systeem: Systeem, token_bzk: str) -> None:
    aid = leg_vast(client, token_bzk)
    nep = "ar_" + "x" * 43
    bestaand = client.app_state.tokens  # type: ignore[attr-defined]
    ingetrokken = bestaand.aanmaken(M_BZK)
    assert bestaand.intrekken(ingetrokken)
    with systeem.engine.begin() as c:
        rij = c.execute(tokens.select().where(tokens.c.hash == _hash(token_bzk))).one()
        c.execute(tokens.insert().values(hash=_hash(nep), overheid=BEHEER, beheerder=True,
                                         aangemaakt_op=datetime.now(UTC), mac=rij.mac))
        c.execute(tokens.update().where(tokens.c.hash == _hash(ingetrokken))
                  .values(ingetrokken_op=None))
    assert _schrijft(client, nep, aid) == "NietToegestaan"
    assert _schrijft(client, ingetrokken, aid) == "NietToegestaan"
    assert _schrijft(client, token_bzk, aid) == "AfspraakOpgeslagen"

