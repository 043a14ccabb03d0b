"""Wie wat mag lezen, precies (Vertrouwen onder vuur, punt 5), over elke leesweg: een vroegere
partij leest een vertrouwelijke afspraak zoals het register haar kende tot haar vertrek, en
niets wat daarna binnenkwam; een overheid die een rectificatie uit de partijen haalde, was nooit
partij en leest niets. Een huidige partij en een beheerder lezen alles."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.hulp import (
    GESCHIEDENIS, GM_UTRECHT, M_BZK, P_GELDERLAND, P_UTRECHT, bron, gql, leg_vast, muteer,
)

GEHEIM_NA = "Nieuw-mandaat-na-vertrek"
GEHEIM_VOOR = "Mandaat-voor-vertrek"
PUNT = """query($id: ID!) { afspraak(id: $id) { id titel versie partijen { overheid { id } }
  gebeurtenissen { versie titel: toelichting } } }"""
LIJST = "{ afspraken(first: 100) { edges { node { id titel versie } } } }"
TIJDLIJN = "{ tijdlijn(first: 100) { edges { node { afspraakId versie toelichting } } } }"
VERPLICHTINGEN = """{ verplichtingen(first: 100) { edges { node { afspraak { id titel }
  verplichting { omschrijving } } } } }"""
INCLUSIE = """query($id: ID!, $v: Int!) { inclusiebewijs(afspraakId: $id, versie: $v) {
  versie } }"""
VERSLAG = """query($id: ID!) { leesverslag(afspraakId: $id, first: 100) { edges { node {
  lezer { id } wat } } } }"""
ZOEK = """query($z: String) { afspraken(filter: {zoekterm: $z}, first: 10) { edges { node {
  id } } } }"""


def _ok(r: dict[str, Any]) -> None:
    assert r["__typename"] == "AfspraakOpgeslagen", r


def _wijziging(x: str, versie: int, **extra: Any) -> dict[str, Any]:
    return {"id": x, "verwachteVersie": versie, "toelichting": extra.pop("toelichting", "Besluit"),
            "bronnen": [bron("2023-03-01", "Verslag")], **extra}


@pytest.fixture
def wereld(client: TestClient, beheerder: str) -> dict[str, Any]:
    """Een vertrouwelijke afspraak van BZK, Gelderland, Utrecht (provincie) en de gemeente
    Utrecht. De rectificatie van versie 1 haalt de gemeente weg (nooit partij); daarna treedt
    de provincie Utrecht uit; daarna krijgt de afspraak een geheime nieuwe titel en een
    verplichting. De provincie mag alles tot haar vertrek zien, niets daarna."""
    t = client.app_state.tokens  # type: ignore[attr-defined]
    tokens = {"bzk": t.aanmaken(M_BZK), "utrecht": t.aanmaken(P_UTRECHT),
              "gemeente": t.aanmaken(GM_UTRECHT), "gelderland": t.aanmaken(P_GELDERLAND),
              "beheerder": beheerder}
    partijen = [{"overheid": o, "rol": "partij", "binding": "ONDERTEKENAAR"}
                for o in (M_BZK, P_GELDERLAND, P_UTRECHT, GM_UTRECHT)]
    x = leg_vast(client, tokens["bzk"], titel=GEHEIM_VOOR, vertrouwelijk=True,
                 partijen=partijen)
    _ok(muteer(client, "afspraakRectificeren", _wijziging(
        x, 1, rectificeert=1, partijen=partijen[:3], toelichting="De gemeente stond er ten "
        "onrechte in"), beheerder))  # een andere partij weghalen: alleen een beheerder
    _ok(muteer(client, "partijUittreden", _wijziging(x, 2, overheid=P_UTRECHT),
               tokens["utrecht"]))
    _ok(muteer(client, "afspraakWijzigen", _wijziging(
        x, 3, titel=GEHEIM_NA, toelichting=f"{GEHEIM_NA}: het nieuwe mandaat"), tokens["bzk"]))
    _ok(muteer(client, "verplichtingVastleggen", _wijziging(x, 4, verplichting={
        "omschrijving": f"{GEHEIM_NA} uitvoeren", "partij": P_GELDERLAND},
        toelichting=GEHEIM_NA), tokens["bzk"]))
    return {"id": x, "tokens": tokens}


def _tekst(client: TestClient, query: str, variabelen: dict[str, Any], token: str
           ) -> tuple[dict[str, Any], str]:
    data = gql(client, query, variabelen, token)
    return data, json.dumps(data, ensure_ascii=False)


def test_een_vroegere_partij_leest_tot_haar_vertrek_en_niets_daarna(
        client: TestClient, wereld: dict[str, Any]) -> None:
    x, token = wereld["id"], wereld["tokens"]["utrecht"]
    data, tekst = _tekst(client, PUNT, {"id": x}, token)
    assert data["afspraak"]["titel"] == GEHEIM_VOOR and data["afspraak"]["versie"] == 3
    assert [g["versie"] for g in data["afspraak"]["gebeurtenissen"]] == [1, 2, 3]
    alles = tekst
    for query, var in ((LIJST, {}), (TIJDLIJN, {}), (VERPLICHTINGEN, {}),
                       (GESCHIEDENIS, {"id": x}), (ZOEK, {"z": "nieuw-mandaat"}),
                       (VERSLAG, {"id": x})):
        _, t = _tekst(client, query, var, token)
        alles += t
    assert GEHEIM_NA not in alles and GEHEIM_NA.lower() not in alles.lower()
    lijst = gql(client, LIJST, {}, token)["afspraken"]["edges"]
    assert [e["node"]["titel"] for e in lijst if e["node"]["id"] == x] == [GEHEIM_VOOR]
    assert [g["versie"] for g in gql(client, GESCHIEDENIS, {"id": x}, token)[
        "gebeurtenissen"]] == [1, 2, 3]
    assert gql(client, ZOEK, {"z": "nieuw-mandaat"}, token)["afspraken"]["edges"] == []
    assert gql(client, INCLUSIE, {"id": x, "v": 3}, token)["inclusiebewijs"] is not None
    assert gql(client, INCLUSIE, {"id": x, "v": 4}, token)["inclusiebewijs"] is None
    # de lezingen van anderen na haar vertrek ziet zij ook niet
    gql(client, PUNT, {"id": x}, wereld["tokens"]["gelderland"])
    lezers = {e["node"]["lezer"]["id"] for e in gql(client, VERSLAG, {"id": x}, token)[
        "leesverslag"]["edges"]}
    assert P_GELDERLAND not in lezers


@pytest.mark.parametrize("wie", ["gelderland", "beheerder"])
def test_een_partij_en_een_beheerder_lezen_alles(
        client: TestClient, wereld: dict[str, Any], wie: str) -> None:
    x, token = wereld["id"], wereld["tokens"][wie]
    a = gql(client, PUNT, {"id": x}, token)["afspraak"]
    assert a["titel"] == GEHEIM_NA and a["versie"] == 5
    assert gql(client, INCLUSIE, {"id": x, "v": 5}, token)["inclusiebewijs"] is not None
    assert x in [e["node"]["afspraakId"] for e in gql(client, TIJDLIJN, {}, token)[
        "tijdlijn"]["edges"] if e["node"]["versie"] == 5]


def test_wie_een_rectificatie_uit_de_partijen_haalde_was_nooit_partij(
        client: TestClient, wereld: dict[str, Any]) -> None:
    x, token = wereld["id"], wereld["tokens"]["gemeente"]
    alles = ""
    for query, var in ((PUNT, {"id": x}), (LIJST, {}), (TIJDLIJN, {}), (VERPLICHTINGEN, {}),
                       (GESCHIEDENIS, {"id": x}), (ZOEK, {"z": "mandaat"}),
                       (INCLUSIE, {"id": x, "v": 1}), (VERSLAG, {"id": x})):
        alles += _tekst(client, query, var, token)[1]
    assert x not in alles and "andaat" not in alles
    # ook schrijven: de afspraak bestaat voor haar niet (geen NietToegestaan dat haar verraadt)
    r = muteer(client, "voortgangRapporteren", _wijziging(x, 5, verslag="Gezien"), token)
    assert r["__typename"] == "NietGevonden", r
