"""Het uitgewerkte voorbeeld van ontwerp §4, regel voor regel, via GraphQL over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from register.systeem.samenstel import Systeem
from tests.conftest import StapKlok
from tests.hulp import M_BZK, P_GELDERLAND, bron, muteer, vastleggen_invoer, vraag_afspraak


@pytest.fixture
def voorbeeld(client: TestClient, klok: StapKlok, token_bzk: str) -> dict[str, Any]:
    """De NOVEX-geschiedenis tussen BZK en Gelderland, met de ontvangstmomenten van §4."""
    klok.zet("2023-01-10T09:00:00+00:00")
    r = muteer(client, "afspraakVastleggen", vastleggen_invoer(), token_bzk)
    x = r["afspraak"]["id"]
    klok.zet("2023-02-01T09:00:00+00:00")
    r = muteer(client, "afspraakRectificeren", {
        "id": x, "verwachteVersie": 1, "rectificeert": 1, "toelichting": "Tikfout in deadline",
        "verplichtingen": [{"omschrijving": "Ruimtelijk voorstel indienen",
                            "partij": P_GELDERLAND, "uiterlijk": "2023-06-30"}],
        "bronnen": [bron("2023-02-01")], "bekendOp": "2023-02-01"}, token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    klok.zet("2023-05-20T09:00:00+00:00")
    r = muteer(client, "verplichtingWijzigen", {
        "id": x, "verwachteVersie": 2, "verplichting": "v1", "uiterlijk": "2023-10-01",
        "toelichting": "Deadline verschoven", "bronnen": [bron("2023-05-15")],
        "geldigVanaf": "2023-05-15", "juridischWerkendVanaf": "2023-05-15",
        "bekendOp": "2023-05-16"}, token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    klok.zet("2024-03-06T09:00:00+00:00")
    r = muteer(client, "afspraakWijzigen", {
        "id": x, "verwachteVersie": 3, "toelichting": "Bijdrage verhoogd",
        "bedragen": [{"omschrijving": "Rijksbijdrage", "bedrag": "2000000"}],
        "bronnen": [bron("2024-03-01")], "geldigVanaf": "2024-01-01",
        "juridischWerkendVanaf": "2024-03-01", "bekendOp": "2024-03-05"}, token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    klok.zet("2024-11-20T09:00:00+00:00")
    y = muteer(client, "afspraakVastleggen", vastleggen_invoer(
        titel="Opvolger", bronnen=[bron("2024-11-28")]), token_bzk)["afspraak"]["id"]
    klok.zet("2024-12-10T09:00:00+00:00")
    r = muteer(client, "afspraakAfhechten", {
        "id": x, "verwachteVersie": 4, "wijze": "VERVANGEN", "vervangenDoor": y,
        "toelichting": "Vervangen door de opvolger", "bronnen": [bron("2024-11-28")],
        "geldigVanaf": "2025-01-01", "juridischWerkendVanaf": "2024-11-28",
        "bekendOp": "2024-12-04"}, token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    return {"x": x, "y": y}


def deadline(a: dict[str, Any] | None) -> str:
    assert a is not None
    return a["verplichtingen"][0]["uiterlijk"]["waarde"]  # type: ignore[no-any-return]


def controleer_alle_regels(client: TestClient, x: str, y: str) -> None:
    # Wat het register toen zei, en wat het nu weet.
    assert deadline(vraag_afspraak(client, x, geldigOp="2023-03-01",
                                   ontvangenOp="2023-01-15T00:00:00Z")) == "2023-06-03"
    assert deadline(vraag_afspraak(client, x, geldigOp="2023-03-01")) == "2023-06-30"
    assert deadline(vraag_afspraak(client, x, geldigOp="2023-07-01")) == "2023-10-01"
    # Een latere beslissing met terugwerkende kracht telt pas vanaf haar werking.
    a = vraag_afspraak(client, x, geldigOp="2024-02-01", juridischWerkendOp="2024-02-15")
    assert a is not None and a["bedragen"][0]["bedrag"] == "1000000.00"
    a = vraag_afspraak(client, x, geldigOp="2024-02-01", juridischWerkendOp="2024-03-02")
    assert a is not None and a["bedragen"][0]["bedrag"] == "2000000.00"
    # Afhechting geldt vanaf haar geldigVanaf, en alleen voor wie haar kende.
    a = vraag_afspraak(client, x, geldigOp="2024-12-31")
    assert a is not None and a["status"] == "VAN_KRACHT"
    a = vraag_afspraak(client, x, geldigOp="2025-01-02")
    assert a is not None and a["status"] == "AFGEHECHT"
    assert a["afhechting"]["wijze"] == "VERVANGEN"
    assert a["afhechting"]["vervangenDoor"]["id"] == y
    a = vraag_afspraak(client, x, geldigOp="2025-01-02", bekendOp="2024-12-01")
    assert a is not None and a["status"] == "VAN_KRACHT" and a["afhechting"] is None
    a = vraag_afspraak(client, x, geldigOp="2025-01-02", ontvangenOp="2024-12-05T12:00:00+01:00")
    assert a is not None and a["status"] == "VAN_KRACHT"
    # Voor geldigVanaf bestaat de afspraak niet.
    assert vraag_afspraak(client, x, geldigOp="2022-12-01") is None


def test_elke_regel_van_het_uitgewerkte_voorbeeld_klopt(client: TestClient,
                                                        voorbeeld: dict[str, Any]) -> None:
    controleer_alle_regels(client, voorbeeld["x"], voorbeeld["y"])


def test_het_voorbeeld_klopt_ook_na_herbouw_van_de_leesmodellen(
        client: TestClient, voorbeeld: dict[str, Any], systeem: Systeem) -> None:
    assert systeem.herbouw() == 6  # vijf op de afspraak, één op de opvolger
    controleer_alle_regels(client, voorbeeld["x"], voorbeeld["y"])


def test_de_rectificatie_neemt_werking_en_geldigheid_over_van_wat_zij_corrigeert(
        client: TestClient, voorbeeld: dict[str, Any]) -> None:
    from tests.hulp import gql

    d = gql(client, "query($id: ID!) { gebeurtenissen(afspraakId: $id) { versie soort "
            "geldigVanaf juridischWerkendVanaf bekendOp ontvangenOp rectificeert actor } }",
            {"id": voorbeeld["x"]})["gebeurtenissen"]
    assert [g["soort"] for g in d] == ["Vastgelegd", "Gerectificeerd", "VerplichtingGewijzigd",
                                       "Gewijzigd", "Afgehecht"]
    assert d[1]["rectificeert"] == 1
    assert d[1]["juridischWerkendVanaf"] == "2022-12-09" and d[1]["bekendOp"] == "2023-02-01"
    assert d[1]["ontvangenOp"] == "2023-02-01T09:00:00.001000+00:00"
    assert {g["actor"] for g in d} == {M_BZK}


def test_tijdelijke_geldigheid_loopt_af_en_dan_geldt_weer_de_eerdere_waarde(
        client: TestClient, klok: StapKlok, token_bzk: str) -> None:
    klok.zet("2023-01-10T09:00:00+00:00")
    x = muteer(client, "afspraakVastleggen", vastleggen_invoer(), token_bzk)["afspraak"]["id"]
    klok.zet("2023-03-01T09:00:00+00:00")
    r = muteer(client, "afspraakWijzigen", {
        "id": x, "verwachteVersie": 1, "toelichting": "Tijdelijke ophoging voor 2023",
        "bedragen": [{"omschrijving": "Rijksbijdrage", "bedrag": "1500000.50"}],
        "bronnen": [bron("2023-03-01")], "geldigVanaf": "2023-04-01",
        "geldigTot": "2024-01-01"}, token_bzk)
    assert r["gebeurtenis"]["geldigTot"] == "2024-01-01"

    def bedrag(dag: str) -> str:
        a = vraag_afspraak(client, x, geldigOp=dag)
        assert a is not None
        return a["bedragen"][0]["bedrag"]  # type: ignore[no-any-return]

    assert bedrag("2023-03-31") == "1000000.00"
    assert bedrag("2023-04-01") == "1500000.50"
    assert bedrag("2023-12-31") == "1500000.50"
    assert bedrag("2024-01-01") == "1000000.00"


def test_een_terugwerkende_wijziging_is_onzichtbaar_voor_wie_vroeg_wat_toen_bekend_was(
        client: TestClient, klok: StapKlok, token_bzk: str) -> None:
    klok.zet("2023-01-10T09:00:00+00:00")
    x = muteer(client, "afspraakVastleggen", vastleggen_invoer(), token_bzk)["afspraak"]["id"]
    klok.zet("2024-06-10T09:00:00+00:00")
    r = muteer(client, "afspraakWijzigen", {
        "id": x, "verwachteVersie": 1, "toelichting": "Nieuwe titel met terugwerkende kracht",
        "titel": "Herziene titel", "bronnen": [bron("2024-06-01")], "geldigVanaf": "2023-01-01",
        "juridischWerkendVanaf": "2024-06-01", "bekendOp": "2024-06-05"}, token_bzk)
    ontvangen = r["gebeurtenis"]["ontvangenOp"]
    assert ontvangen.endswith("+00:00")

    def titel(**peil: str) -> str:
        a = vraag_afspraak(client, x, **peil)
        assert a is not None
        return a["titel"]  # type: ignore[no-any-return]

    assert titel(geldigOp="2023-06-01") == "Herziene titel"
    assert titel(geldigOp="2023-06-01", juridischWerkendOp="2024-05-31") == (
        "Ruimtelijk arrangement NOVEX Gelderland")
    assert titel(geldigOp="2023-06-01", bekendOp="2024-06-04") == (
        "Ruimtelijk arrangement NOVEX Gelderland")
    assert titel(geldigOp="2023-06-01", ontvangenOp="2024-06-10T09:00:00.000999+00:00") == (
        "Ruimtelijk arrangement NOVEX Gelderland")
    assert titel(geldigOp="2023-06-01", ontvangenOp=ontvangen) == "Herziene titel"
    # Hetzelfde moment in een andere tijdzone is hetzelfde moment.
    assert titel(geldigOp="2023-06-01", ontvangenOp="2024-06-10T11:00:00.001+02:00") == (
        "Herziene titel")
