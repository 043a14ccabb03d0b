"""De tijdlijn (ontwerp §8): zichtbare gebeurtenissen over alle afspraken heen, in de volgorde
waarin zij bekend werden, met filters, peilmomenten, cursors en dezelfde toegangsregels."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import StapKlok
from tests.hulp import (
    P_GELDERLAND, P_UTRECHT, bron, gql, gql_antwoord, leg_vast, muteer, vastleggen_invoer,
)

TIJDLIJN = """query($f: TijdlijnFilter, $g: Date, $j: Date, $b: Date, $o: DateTime, $n: Int,
  $na: String) { tijdlijn(filter: $f, geldigOp: $g, juridischWerkendOp: $j, bekendOp: $b,
  ontvangenOp: $o, first: $n, after: $na) {
  edges { cursor node { afspraakId versie soort aard bekendOp juridischWerkendVanaf
                        toelichting bronnen { titel citaat } } }
  pageInfo { hasNextPage endCursor } } }"""


def tijdlijn(client: TestClient, token: str | None = None, **v: Any) -> list[dict[str, Any]]:
    """Alle gebeurtenissen die de vraag geeft, pagina voor pagina (first: 2) gelezen."""
    uit: list[dict[str, Any]] = []
    na = None
    while True:
        t = gql(client, TIJDLIJN, {**v, "n": 2, "na": na}, token)["tijdlijn"]
        uit += [e["node"] for e in t["edges"]]
        if not t["pageInfo"]["hasNextPage"]:
            return uit
        na = t["pageInfo"]["endCursor"]


def _wijziging(aid: str, versie: int, datum: str, bron_titel: str, **extra: Any
               ) -> dict[str, Any]:
    return {"id": aid, "verwachteVersie": versie, "toelichting": f"Zo meldt {bron_titel} het.",
            "bronnen": [{"titel": bron_titel, "soort": "brief", "datum": datum,
                         "citaat": extra.pop("citaat", None)}], **extra}


@pytest.fixture
def twee_afspraken(client: TestClient, klok: StapKlok, token_bzk: str) -> dict[str, Any]:
    """A (NOVEX, bekend 9-12-2022, voortgang bekend 21-3-2023) en B (NPLG, met Utrecht,
    bekend 31-12-2022, open vraag bekend 28-11-2024)."""
    klok.zet("2023-01-10T09:00:00+00:00")
    a = leg_vast(client, token_bzk)
    klok.zet("2023-01-11T09:00:00+00:00")
    b = muteer(client, "afspraakVastleggen", vastleggen_invoer(
        titel="NPLG", programma="NPLG", bronnen=[{
            "titel": "NOVEX-startpakket", "soort": "brief", "datum": "2022-12-01",
            "datumPrecisie": "MAAND", "citaat": "Het NPLG wordt medio 2023 vastgesteld."}],
        partijen=[{"overheid": "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034",
                   "rol": "opdrachtgever"}, {"overheid": P_UTRECHT, "rol": "uitvoerder"}],
        verplichtingen=[]), token_bzk)["afspraak"]["id"]
    klok.zet("2023-04-01T09:00:00+00:00")
    muteer(client, "voortgangRapporteren", _wijziging(
        a, 1, "2023-03-21", "IPO-overdrachtsdossier 2023", verslag="Voorstel in de maak.",
        aard="voortgang", citaat="Het ruimtelijk voorstel is in de maak."), token_bzk)
    klok.zet("2024-12-01T09:00:00+00:00")
    muteer(client, "voortgangRapporteren", _wijziging(
        b, 1, "2024-11-28", "BO-notitie", verslag="Of de plannen voldoen, is open.",
        aard="open vraag", citaat="Voldoen de gebiedsplannen aan de Wsn?"), token_bzk)
    return {"a": a, "b": b}


def sleutels(items: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(i["afspraakId"], i["versie"]) for i in items]


def test_de_tijdlijn_loopt_in_de_volgorde_waarin_het_bekend_werd(
        client: TestClient, twee_afspraken: dict[str, Any]) -> None:
    a, b = twee_afspraken["a"], twee_afspraken["b"]
    items = tijdlijn(client)
    assert sleutels(items) == [(a, 1), (b, 1), (a, 2), (b, 2)]
    assert [i["bekendOp"] for i in items] == [
        "2022-12-09", "2022-12-31", "2023-03-21", "2024-11-28"]
    assert [i["aard"] for i in items] == ["VASTGELEGD", "VASTGELEGD", "VOORTGANG", "OPEN_VRAAG"]


@pytest.mark.parametrize(("filter", "verwacht"), [
    ({"aard": ["OPEN_VRAAG"]}, [("b", 2)]),
    ({"aard": ["VASTGELEGD", "VOORTGANG"]}, [("a", 1), ("b", 1), ("a", 2)]),
    ({"afspraak": "a"}, [("a", 1), ("a", 2)]),
    ({"partij": P_UTRECHT}, [("b", 1), ("b", 2)]),
    ({"partij": P_GELDERLAND}, [("a", 1), ("a", 2)]),
    ({"programma": "NPLG"}, [("b", 1), ("b", 2)]),
    ({"bron": "ipo-overdrachtsdossier"}, [("a", 2)]),
    ({"zoekterm": "WSN?"}, [("b", 2)]),  # in het citaat, hoofdletterongevoelig
    ({"zoekterm": "in de maak"}, [("a", 2)]),  # in het verslag
    ({"bekendVanaf": "2022-12-31", "bekendTot": "2023-03-21"}, [("b", 1), ("a", 2)]),
    ({"zoekterm": "100%_"}, []),  # % en _ zijn tekst, geen jokers
])
def test_elk_filter_kiest_precies_zijn_gebeurtenissen(
        client: TestClient, twee_afspraken: dict[str, Any], filter: dict[str, Any],
        verwacht: list[tuple[str, int]]) -> None:
    f = {k: twee_afspraken.get(w, w) if k == "afspraak" else w for k, w in filter.items()}
    assert sleutels(tijdlijn(client, f=f)) == [(twee_afspraken[x], v) for x, v in verwacht]


def test_op_een_peilmoment_alleen_wat_toen_bekend_ontvangen_en_werkend_was(
        client: TestClient, twee_afspraken: dict[str, Any]) -> None:
    a, b = twee_afspraken["a"], twee_afspraken["b"]
    # Bekend: het startpakket van december 2022 (maand) is pas op 31-12-2022 bekend.
    assert sleutels(tijdlijn(client, b="2022-12-30")) == [(a, 1)]
    assert sleutels(tijdlijn(client, b="2023-01-01")) == [(a, 1), (b, 1)]
    # Ontvangen: wat het register op 2 april 2023 had.
    assert sleutels(tijdlijn(client, o="2023-04-02T00:00:00Z")) == [(a, 1), (b, 1), (a, 2)]
    # Juridisch werkend: de BO-notitie werkt vanaf 28-11-2024.
    assert sleutels(tijdlijn(client, j="2024-11-27")) == [(a, 1), (b, 1), (a, 2)]


def test_een_rectificatie_telt_met_de_werking_van_wat_zij_corrigeert(
        client: TestClient, klok: StapKlok, token_bzk: str) -> None:
    a = leg_vast(client, token_bzk)  # juridisch werkend 9-12-2022
    klok.zet("2026-02-01T09:00:00+00:00")
    r = muteer(client, "afspraakRectificeren", _wijziging(
        a, 1, "2026-01-15", "Erratum", rectificeert=1, titel="Gecorrigeerd"), token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    items = tijdlijn(client, j="2023-01-01")
    assert sleutels(items) == [(a, 1), (a, 2)]
    assert items[1]["aard"] == "GERECTIFICEERD"
    assert items[1]["juridischWerkendVanaf"] == "2022-12-09"


def test_met_geldigop_alleen_afspraken_die_dan_kunnen_bestaan(
        client: TestClient, token_bzk: str) -> None:
    vroeg = leg_vast(client, token_bzk)  # geldig vanaf 9-12-2022
    laat = leg_vast(client, token_bzk, bronnen=[bron("2024-06-01")])
    assert [i["afspraakId"] for i in tijdlijn(client, g="2023-01-01")] == [vroeg]
    assert {i["afspraakId"] for i in tijdlijn(client, g="2024-06-01")} == {vroeg, laat}


def test_een_vertrouwelijke_afspraak_staat_alleen_in_de_tijdlijn_van_wie_haar_mag_zien(
        client: TestClient, token_bzk: str, token_utrecht: str, beheerder: str) -> None:
    openbaar = leg_vast(client, token_bzk)
    geheim = leg_vast(client, token_bzk, vertrouwelijk=True, titel="Geheim mandaat")
    alles = [i["afspraakId"] for i in tijdlijn(client, beheerder)]
    assert set(alles) == {openbaar, geheim}
    assert [i["afspraakId"] for i in tijdlijn(client, token_bzk)] == alles
    for token in (None, token_utrecht):
        assert [i["afspraakId"] for i in tijdlijn(client, token)] == [openbaar]
        # Ook met een cursor die de vertrouwelijke gebeurtenis noemt: een ongeldige cursor.
        edges = gql(client, TIJDLIJN, {"n": 10}, beheerder)["tijdlijn"]["edges"]
        geheime = [e["cursor"] for e in edges if e["node"]["afspraakId"] == geheim]
        assert geheime
        for c in geheime:
            _, body = gql_antwoord(client, TIJDLIJN, {"na": c}, token)
            assert body["data"] is None and "cursor" in body["errors"][0]["message"]


@pytest.mark.parametrize("cursor", ["xyz", "Z2ViZXVydGVuaXM6MjAyMy0wMS0wMTp4OjE=", ""])
def test_een_ongeldige_cursor_is_een_fout_in_de_vraag(client: TestClient, cursor: str) -> None:
    status, body = gql_antwoord(client, TIJDLIJN, {"na": cursor})
    if cursor == "":  # geen cursor: vanaf het begin
        assert "errors" not in body
        return
    assert (status, body["data"]) == (200, None)
    assert body["errors"][0]["message"] == "De cursor in 'after' is ongeldig."
