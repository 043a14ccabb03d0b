"""Verantwoord lezen (Vertrouwen onder vuur, punt 7): elke lezing van een vertrouwelijke
afspraak staat in het leesverslag, met wie, hoe, op welk peilmoment en met welk verzoek; haar
partijen zien het, anderen niet; lezingen van openbare afspraken worden niet bijgehouden."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.hulp import BEHEER, GESCHIEDENIS, M_BZK, P_GELDERLAND, gql, leg_vast

VERSLAG = """query($id: ID!, $first: Int, $after: String) {
  leesverslag(afspraakId: $id, first: $first, after: $after) {
    edges { cursor node { lezer { id } beheerder tijdstip wat geldigOp bekendOp verzoekId } }
    pageInfo { hasNextPage endCursor } } }"""
PUNT = """query($id: ID!, $g: Date, $b: Date) { afspraak(id: $id, geldigOp: $g, bekendOp: $b) {
  id titel } }"""
LIJST = "{ afspraken(first: 50) { edges { node { id } } } }"
TIJDLIJN = "{ tijdlijn(first: 50) { edges { node { afspraakId versie } } } }"


def _verslag(client: TestClient, x: str, token: str | None, **args: Any) -> Any:
    return gql(client, VERSLAG, {"id": x, **args}, token)["leesverslag"]


def test_wie_een_vertrouwelijke_afspraak_las_staat_in_het_verslag(
        client: TestClient, token_bzk: str, token_gelderland: str, token_utrecht: str,
        beheerder: str) -> None:
    x = leg_vast(client, token_bzk, titel="Onderhandelingsmandaat", vertrouwelijk=True)
    openbaar = leg_vast(client, token_bzk, titel="Openbaar arrangement")
    r = client.post("/graphql", json={"query": PUNT, "variables": {
        "id": x, "g": "2023-01-01", "b": "2023-02-01"}},
        headers={"Authorization": f"Bearer {token_gelderland}"})
    assert r.json()["data"]["afspraak"]["id"] == x
    verzoek = r.headers["X-Request-ID"]
    gql(client, LIJST, {}, beheerder)
    gql(client, GESCHIEDENIS, {"id": x}, token_bzk)
    gql(client, TIJDLIJN, {}, token_gelderland)
    gql(client, PUNT, {"id": openbaar}, token_gelderland)

    lezingen = [e["node"] for e in _verslag(client, x, token_bzk, first=50)["edges"]]
    wie = [(z["lezer"]["id"], z["wat"]) for z in lezingen]
    # nieuwste eerst; de vastlegging zelf ('na schrijven') als oudste
    assert wie == [(P_GELDERLAND, "tijdlijn"), (M_BZK, "geschiedenis"), (BEHEER, "lijst"),
                   (P_GELDERLAND, "afspraak"), (M_BZK, "na schrijven")]
    punt = lezingen[3]
    assert (punt["verzoekId"], punt["geldigOp"], punt["bekendOp"], punt["beheerder"]) == (
        verzoek, "2023-01-01", "2023-02-01", False)
    assert lezingen[2]["beheerder"] is True
    # een partij en een beheerder zien hetzelfde verslag; wie geen partij is, en anoniem: null
    assert _verslag(client, x, beheerder, first=50) == _verslag(client, x, token_gelderland,
                                                                  first=50)
    assert _verslag(client, x, token_utrecht) is None and _verslag(client, x, None) is None
    # lezingen van een openbare afspraak houdt het register niet bij
    assert _verslag(client, openbaar, token_gelderland)["edges"] == []


def test_het_verslag_is_in_paginas_te_lezen(client: TestClient, token_bzk: str) -> None:
    x = leg_vast(client, token_bzk, titel="Mandaat", vertrouwelijk=True)
    for _ in range(4):
        gql(client, PUNT, {"id": x}, token_bzk)
    eerste = _verslag(client, x, token_bzk, first=3)
    assert eerste["pageInfo"]["hasNextPage"] is True and len(eerste["edges"]) == 3
    rest = _verslag(client, x, token_bzk, first=3, after=eerste["pageInfo"]["endCursor"])
    assert rest["pageInfo"]["hasNextPage"] is False and len(rest["edges"]) == 2
    assert {e["cursor"] for e in eerste["edges"]}.isdisjoint(e["cursor"] for e in rest["edges"])
