"""`verschil` en `verschillen` over HTTP: de redline van de demo (wat wist men op 1 januari en op
31 maart 2023 over het Landbouwakkoord), een rectificatie langs ontvangenOp, en de toegang:
wie een vertrouwelijke afspraak niet mag zien, krijgt null, en wie haar wel ziet, komt in het
leesverslag."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.hulp import P_GELDERLAND, bron, gql, leg_vast, muteer

VERSCHIL = """query($id: ID!, $van: Peilmoment, $naar: Peilmoment) {
  verschil(afspraakId: $id, van: $van, naar: $naar) {
    afspraakId bestaatVan bestaatNaar van { geldigOp bekendOp ontvangenOp } naar { geldigOp }
    wijzigingen { onderdeel soort veld verplichting partij { id naam } van naar reden
                  gebeurtenissen { versie soort bekendOp bronnen { titel citaat } } } } }"""
VERSCHILLEN = """query($partij: ID!, $van: Peilmoment, $naar: Peilmoment, $after: String) {
  verschillen(filter: {partij: $partij}, van: $van, naar: $naar, first: 3, after: $after) {
    edges { cursor node { afspraakId wijzigingen { onderdeel soort reden } } }
    pageInfo { hasNextPage endCursor } } }"""


def _id(client: TestClient, titel: str) -> str:
    q = "query($z: String!) { afspraken(filter: {zoekterm: $z}) { edges { node { id titel } } } }"
    (e,) = [e for e in gql(client, q, {"z": titel})["afspraken"]["edges"]
            if e["node"]["titel"] == titel]
    return e["node"]["id"]  # type: ignore[no-any-return]


def test_wat_men_op_1_januari_en_op_31_maart_2023_wist_over_het_landbouwakkoord(
        demo_client: TestClient) -> None:
    aid = _id(demo_client, "Landbouwakkoord")
    v = gql(demo_client, VERSCHIL, {"id": aid,
                                    "van": {"geldigOp": "2023-03-31", "bekendOp": "2023-01-01"},
                                    "naar": {"geldigOp": "2023-03-31",
                                             "bekendOp": "2023-03-31"}})["verschil"]
    assert v["bestaatVan"] and v["bestaatNaar"] and v["van"]["bekendOp"] == "2023-01-01"
    (deadline,) = [w for w in v["wijzigingen"] if w["onderdeel"] == "VERPLICHTING"]
    assert (deadline["soort"], deadline["veld"]) == ("GEWIJZIGD", "uiterlijk")
    assert deadline["van"]["tekst"] == "In het eerste kwartaal van 2023"
    assert deadline["naar"] == {"waarde": "2023-04", "precisie": "MAAND", "tekst": "in april"}
    assert deadline["reden"] == "LATER_BEKEND"  # het besluit was er; de bron kwam later
    (g,) = deadline["gebeurtenissen"]
    assert g["bekendOp"] == "2023-03-21" and g["soort"] == "VerplichtingGewijzigd"
    assert g["bronnen"][0]["titel"] == "IPO-overdrachtsdossier 2023"
    assert "akkoord in april" in g["bronnen"][0]["citaat"]
    # de partijen die het IPO-dossier noemt, elk als één wijziging met haar lidmaatschap
    partijen = [w for w in v["wijzigingen"] if w["onderdeel"] == "PARTIJ"]
    assert partijen and all(w["soort"] == "TOEGEVOEGD" and w["veld"] is None
                            and "rol" in w["naar"]["lid"] for w in partijen)
    # zelfde moment: geen verschil
    gelijk = gql(demo_client, VERSCHIL, {"id": aid, "van": {"geldigOp": "2023-03-31"},
                                         "naar": {"geldigOp": "2023-03-31"}})["verschil"]
    assert gelijk["wijzigingen"] == []


def test_verschillen_voor_een_provincie_bladert_zonder_dubbelingen(
        demo_client: TestClient) -> None:
    gezien: list[str] = []
    after = None
    for _ in range(30):
        d = gql(demo_client, VERSCHILLEN, {"partij": P_GELDERLAND, "van": {"geldigOp":
                                                                            "2023-01-01"},
                                           "naar": {"geldigOp": "2025-01-01"},
                                           "after": after})["verschillen"]
        for e in d["edges"]:
            assert e["node"]["wijzigingen"] and all(w["reden"] for w in e["node"]["wijzigingen"])
            gezien.append(e["node"]["afspraakId"])
        if not d["pageInfo"]["hasNextPage"]:
            break
        after = d["pageInfo"]["endCursor"]
    assert len(gezien) == len(set(gezien)) >= 3


def _rectificatie(client: TestClient, token: str, **extra: Any) -> tuple[str, str]:
    aid = leg_vast(client, token, **extra)
    ontvangen = gql(client, "query($id: ID!) { gebeurtenissen(afspraakId: $id) { ontvangenOp } }",
                    {"id": aid}, token)["gebeurtenissen"][0]["ontvangenOp"]
    r = muteer(client, "afspraakRectificeren", {
        "id": aid, "verwachteVersie": 1, "rectificeert": 1, "titel": "Gecorrigeerde titel",
        "toelichting": "Tikfout in de titel", "bronnen": [bron("2023-03-01")]}, token)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    return aid, ontvangen


def test_een_rectificatie_langs_ontvangen_op(client: TestClient, token_bzk: str) -> None:
    aid, ontvangen = _rectificatie(client, token_bzk)
    v = gql(client, VERSCHIL, {"id": aid, "van": {"ontvangenOp": ontvangen},
                               "naar": {}})["verschil"]
    (titel,) = [w for w in v["wijzigingen"] if w["veld"] == "titel"]
    assert (titel["naar"], titel["reden"]) == ("Gecorrigeerde titel", "RECTIFICATIE")
    assert [g["soort"] for g in titel["gebeurtenissen"]] == ["Vastgelegd", "Gerectificeerd"]


def test_een_vertrouwelijke_afspraak_alleen_voor_wie_haar_mag_zien(
        client: TestClient, token_bzk: str, token_utrecht: str) -> None:
    aid, ontvangen = _rectificatie(client, token_bzk, vertrouwelijk=True)
    variabelen = {"id": aid, "van": {"ontvangenOp": ontvangen}, "naar": {}}
    assert gql(client, VERSCHIL, variabelen)["verschil"] is None  # anoniem
    assert gql(client, VERSCHIL, variabelen, token_utrecht)["verschil"] is None  # geen partij
    assert gql(client, VERSCHIL, variabelen, token_bzk)["verschil"]["wijzigingen"]
    alles = gql(client, VERSCHILLEN, {"partij": P_GELDERLAND, "van": {"ontvangenOp": ontvangen},
                                      "naar": {}})["verschillen"]
    assert alles["edges"] == []  # anoniem: ook niet in de lijst
    verslag = gql(client, """query($id: ID!) { leesverslag(afspraakId: $id) {
        edges { node { wat } } } }""", {"id": aid}, token_bzk)["leesverslag"]
    assert "verschil" in [e["node"]["wat"] for e in verslag["edges"]]
