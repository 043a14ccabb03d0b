"""`verschil` en `verschillen` over HTTP: de redline van de demo (wat wist men op 1 januari en op
31 maart 2023 over het Landbouwakkoord), een rectificatie langs ontvangenOp, en de toegang:
wie een vertrouwelijke afspraak niet mag zien, krijgt null, en wie haar wel ziet, komt in het
leesverslag."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from register.api.verschil import ONDERDELEN, _json
from register.domein.tijdreizen import Peilmoment
from register.domein.verschil import verschil
from register.projecties.afspraken import afspraken
from register.projecties.gebeurtenissen import gebeurtenissen, geschiedenis, rij_naar_feit
from register.systeem.samenstel import Systeem
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


VOLLEDIG = """query($id: ID!, $van: Peilmoment, $naar: Peilmoment) {
  verschil(afspraakId: $id, van: $van, naar: $naar) {
    bestaatVan bestaatNaar
    wijzigingen { onderdeel soort veld verplichting partij { id } van naar reden
      gebeurtenissen { versie soort aard geldigVanaf juridischWerkendVanaf bekendOp
                       ontvangenOp rectificeert bronnen { titel soort datum citaat } } } } }"""
# Gelijk verdeeld over de jaren van de demo (st.dates zoekt vaak de grenzen op, waar zij
# nog niet bestond).
DAGEN = st.sampled_from([date(j, m, d) for j in range(2022, 2026) for m in range(1, 13)
                         for d in (1, 15)])
PEILEN = st.fixed_dictionaries({"geldigOp": DAGEN.map(str)}, optional={
    "juridischWerkendOp": DAGEN.map(str), "bekendOp": DAGEN.map(str),
    "ontvangenOp": st.sampled_from(["2024-06-01T00:00:00+00:00", "2099-01-01T00:00:00+00:00"])})


def _peil(p: dict[str, str]) -> Peilmoment:
    d = {k: date.fromisoformat(v) for k, v in p.items() if k != "ontvangenOp"}
    return Peilmoment(d["geldigOp"], d.get("juridischWerkendOp"), d.get("bekendOp"),
                      datetime.fromisoformat(p["ontvangenOp"]) if "ontvangenOp" in p else None)


def _met_de_langste_geschiedenis(s: Systeem) -> list[str]:
    """De openbare afspraken van de demo met de meeste gebeurtenissen: daar verschilt het."""
    g = gebeurtenissen.c
    with s.engine.connect() as conn:
        return list(conn.execute(
            select(g.afspraak_id).join(afspraken, afspraken.c.id == g.afspraak_id)
            .where(afspraken.c.vertrouwelijk.is_(False)).group_by(g.afspraak_id)
            .order_by(func.count().desc(), g.afspraak_id).limit(20)).scalars())


def _verwacht(s: Systeem, aid: str, van: dict[str, str], naar: dict[str, str]
              ) -> dict[str, Any]:
    """Het antwoord zoals de maatstaf het geeft: uit de volledige rijen (zonder cache), het
    domein en de bronnen van elke rij."""
    with s.engine.connect() as conn:
        rijen = {r.versie: r for r in geschiedenis(conn, [aid])[aid]}
    v = verschil([rij_naar_feit(r) for r in rijen.values()], _peil(van), _peil(naar))

    def gebeurtenis(x: int) -> dict[str, Any]:
        r = rijen[x]
        doel = rijen.get(r.rectificeert, r)
        return {"versie": x, "soort": r.soort, "aard": r.aard,
                "geldigVanaf": str(doel.geldig_vanaf), "bekendOp": str(r.bekend_op),
                "juridischWerkendVanaf": str(doel.juridisch_werkend_vanaf),
                "ontvangenOp": rij_naar_feit(r).ontvangen_op.isoformat(),
                "rectificeert": r.rectificeert,
                "bronnen": [{k: b[k] for k in ("titel", "soort", "datum", "citaat")}
                            for b in r.bronnen]}

    return {"bestaatVan": v.bestaat_van, "bestaatNaar": v.bestaat_naar, "wijzigingen": [
        {"onderdeel": ONDERDELEN[w.onderdeel].value, "soort": w.soort, "reden": w.reden,
         "van": json.loads(json.dumps(_json(w.van))), "naar": json.loads(json.dumps(_json(w.naar))),
         "gebeurtenissen": [gebeurtenis(x) for x in w.versies]} for w in v.wijzigingen]}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # alleen gelezen
@given(keuze=st.integers(0, 10_000), van=PEILEN, naar=PEILEN)
def test_het_verschil_over_http_is_dat_van_het_domein_op_de_volledige_geschiedenis(
        demo_client: TestClient, demo_systeem: Systeem, keuze: int, van: dict[str, str],
        naar: dict[str, str]) -> None:
    """Eigenschap op de demo: wat `verschil` antwoordt (uit de cache van het proces, met de
    volledige rijen alleen voor het antwoord) is wat het domein uit de volledige geschiedenis
    rekent, met de gebeurtenissen en bronnen van die rijen; twee keer gevraagd hetzelfde."""
    ids = _met_de_langste_geschiedenis(demo_systeem)
    aid = ids[keuze % len(ids)]
    variabelen = {"id": aid, "van": van, "naar": naar}
    antwoord = gql(demo_client, VOLLEDIG, variabelen)["verschil"]
    verwacht = _verwacht(demo_systeem, aid, van, naar)
    kort = [{k: w[k] for k in ("onderdeel", "soort", "reden", "van", "naar", "gebeurtenissen")}
            for w in antwoord["wijzigingen"]]
    assert (antwoord["bestaatVan"], antwoord["bestaatNaar"], kort) == (
        verwacht["bestaatVan"], verwacht["bestaatNaar"], verwacht["wijzigingen"])
    assert gql(demo_client, VOLLEDIG, variabelen)["verschil"] == antwoord
