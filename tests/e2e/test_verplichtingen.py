"""De vraag `verplichtingen`: verplichtingen over alle afspraken heen (vraag Q19 "welke
verplichtingen liggen bij gemeenten, en wanneer moeten ze af?"). Het antwoord wordt vergeleken
met wat dezelfde gebruiker langs de andere weg ziet: alle afspraken op hetzelfde peilmoment,
hun verplichtingen plat geslagen en in de test zelf gefilterd."""

from __future__ import annotations

import base64
import calendar
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from register.api.app import maak_app
from register.domein.overheden import RIJK
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from tests.hulp import (
    BEHEER, GM_UTRECHT, P_GELDERLAND, bron, gql, gql_antwoord, leg_vast, muteer,
)

VERPLICHTINGEN = """query($f: VerplichtingFilter, $g: Date, $first: Int, $after: String) {
  verplichtingen(filter: $f, geldigOp: $g, first: $first, after: $after) {
    edges { cursor node { afspraak { id titel } verplichting { id omschrijving binding status
      uiterlijk { waarde } partij { id soort } } } }
    pageInfo { hasNextPage endCursor } } }"""
AFSPRAKEN = """query($g: Date, $after: String) { afspraken(geldigOp: $g, first: 100, after: $after) {
  edges { node { id verplichtingen { id binding status uiterlijk { waarde }
    partij { id soort } } } } pageInfo { hasNextPage endCursor } } }"""


def alle_verplichtingen(client: TestClient, filter: dict[str, Any] | None, geldig_op: str,
                        token: str | None = None, first: int = 100
                        ) -> list[tuple[str, str]]:
    """Alle pagina's van `verplichtingen`, als (afspraak, verplichting)."""
    uit: list[tuple[str, str]] = []
    after = None
    while True:
        v = gql(client, VERPLICHTINGEN, {"f": filter, "g": geldig_op, "first": first,
                                         "after": after}, token)["verplichtingen"]
        uit += [(e["node"]["afspraak"]["id"], e["node"]["verplichting"]["id"])
                for e in v["edges"]]
        assert len(v["edges"]) <= first
        if not v["pageInfo"]["hasNextPage"]:
            return uit
        assert len(v["edges"]) == first
        after = v["pageInfo"]["endCursor"]


def laatste_dag(waarde: str) -> date:
    delen = [int(d) for d in waarde.split("-")]
    if len(delen) == 1:
        return date(delen[0], 12, 31)
    if len(delen) == 2:
        return date(delen[0], delen[1], calendar.monthrange(delen[0], delen[1])[1])
    return date(*delen)


def soort_van(partij: dict[str, Any]) -> str:
    """Zoals het filter partijSoort telt: 'het Rijk' (de Rijksoverheid) aan de Rijkskant."""
    return "MINISTERIE" if partij["id"] == RIJK else str(partij["soort"])


def past(v: dict[str, Any], f: dict[str, Any]) -> bool:
    if "partijSoort" in f and soort_van(v["partij"]) != f["partijSoort"]:
        return False
    if "partij" in f and v["partij"]["id"] != f["partij"]:
        return False
    if "status" in f and v["status"] != f["status"]:
        return False
    if "binding" in f and v["binding"] != f["binding"]:
        return False
    if "uiterlijkTot" in f:
        waarde = (v["uiterlijk"] or {}).get("waarde")
        return bool(waarde) and laatste_dag(waarde) <= laatste_dag(f["uiterlijkTot"])
    return True


def langs_de_afspraken(client: TestClient, f: dict[str, Any], geldig_op: str,
                       token: str | None = None) -> list[tuple[str, str]]:
    """Het orakel: alle zichtbare afspraken op het peilmoment, hun verplichtingen gefilterd."""
    uit: list[tuple[str, str]] = []
    after = None
    while True:
        a = gql(client, AFSPRAKEN, {"g": geldig_op, "after": after}, token)["afspraken"]
        for e in a["edges"]:
            uit += [(e["node"]["id"], v["id"]) for v in e["node"]["verplichtingen"]
                    if past(v, f)]
        if not a["pageInfo"]["hasNextPage"]:
            return uit
        after = a["pageInfo"]["endCursor"]


FILTERS = [
    {}, {"partijSoort": "GEMEENTE"}, {"partijSoort": "PROVINCIE", "status": "OPEN"},
    {"binding": "WETTELIJK"}, {"partijSoort": "GEMEENTE", "uiterlijkTot": "2025"},
    {"uiterlijkTot": "2023-03"}, {"uiterlijkTot": "2024-02-29", "partijSoort": "MINISTERIE"},
    {"partij": "urn:afsprakenregister:collectief:gemeenten", "binding": "BESTUURLIJK"},
]


def test_q19_welke_verplichtingen_bij_gemeenten_liggen_en_wanneer(
        demo_client: TestClient) -> None:
    client = demo_client
    v = gql(client, VERPLICHTINGEN, {"f": {"partijSoort": "GEMEENTE"}, "g": "2025-12-31",
                                     "first": 100})["verplichtingen"]
    gevonden = {(e["node"]["afspraak"]["titel"].split(" (")[0].split(":")[0],
                 e["node"]["verplichting"]["binding"],
                 (e["node"]["verplichting"]["uiterlijk"] or {}).get("waarde"))
                for e in v["edges"]}
    assert all(e["node"]["verplichting"]["partij"]["soort"] == "GEMEENTE" for e in v["edges"])
    # Uit het antwoord dat vraag Q19 verwacht: de woondeals tekenen vóór 1-3-2023, de
    # vergunningen voor de RES vóór 1-1-2025, de wettelijke zorgplicht voor bibliotheken
    # vanaf 2025, en 'pas toe of leg uit' uit Water en Bodem Sturend zonder datum.
    assert {("Regionale woondeals", "BESTUURLIJK", "2023-03-01"),
            ("Regionale Energiestrategieën", "BESTUURLIJK", "2025-01-01"),
            ("Bibliotheekconvenant 2020–2023", "WETTELIJK", "2025"),
            ("Water en Bodem Sturend", "BESTUURLIJK", None)} <= gevonden


def test_q24_wie_naar_de_rijkskant_vraagt_vindt_ook_wat_bij_het_rijk_ligt(
        demo_client: TestClient) -> None:
    """'Het Rijk' is in TOOI de Rijksoverheid (soort OVERIG); partijSoort MINISTERIE vond
    eerder geen enkele van haar verplichtingen (48 rijen op de demo)."""
    client = demo_client
    rijkskant = [e["node"]["verplichting"]["partij"] for e in gql(
        client, VERPLICHTINGEN, {"f": {"partijSoort": "MINISTERIE"}, "g": "2023-06-01",
                                 "first": 100})["verplichtingen"]["edges"]]
    assert any(p["id"] == RIJK for p in rijkskant)
    assert any(p["soort"] == "MINISTERIE" for p in rijkskant)
    assert {p["soort"] for p in rijkskant if p["id"] != RIJK} == {"MINISTERIE"}


@pytest.mark.slow
def test_elk_filter_geeft_wat_de_afspraken_zelf_tonen_over_alle_paginas(
        demo_client: TestClient) -> None:
    client = demo_client
    for f in FILTERS:
        for geldig_op in ("2023-01-01", "2025-12-31"):
            verwacht = langs_de_afspraken(client, f, geldig_op)
            assert verwacht, (f, geldig_op)  # elk filter is gekozen om iets te vinden
            assert alle_verplichtingen(client, f, geldig_op) == verwacht, (f, geldig_op)
            # In kleine pagina's: dezelfde reeks, zonder gaten of dubbelen.
            assert alle_verplichtingen(client, f, geldig_op, first=7) == verwacht
    assert len(langs_de_afspraken(client, {}, "2025-12-31")) > 100


def test_een_verplichting_bestaat_pas_vanaf_haar_geldigheid(
        client: TestClient, beheerder: str) -> None:
    x = leg_vast(client, beheerder)  # met v1 voor Gelderland, uiterlijk 2023-06-03
    r = muteer(client, "verplichtingVastleggen", {
        "id": x, "verwachteVersie": 1, "toelichting": "Aanvullende afspraak",
        "bronnen": [bron("2024-05-01")], "geldigVanaf": "2024-05-01",
        "verplichting": {"omschrijving": "Locaties aanwijzen", "partij": GM_UTRECHT,
                         "uiterlijk": "2025-06", "binding": "GEVRAAGD"}}, beheerder)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    gemeente = {"partijSoort": "GEMEENTE"}
    assert alle_verplichtingen(client, gemeente, "2024-04-30") == []
    assert alle_verplichtingen(client, gemeente, "2024-05-01") == [(x, "v2")]
    assert alle_verplichtingen(client, {"uiterlijkTot": "2023-06-02"}, "2024-05-01") == []
    assert alle_verplichtingen(client, {"uiterlijkTot": "2025-05"}, "2024-05-01") == [(x, "v1")]
    assert alle_verplichtingen(client, {"uiterlijkTot": "2025-06"}, "2024-05-01") == [
        (x, "v1"), (x, "v2")]
    r = muteer(client, "verplichtingNakomen", {
        "id": x, "verwachteVersie": 2, "verplichting": "v2", "toelichting": "Aangewezen",
        "bronnen": [bron("2025-03-01")], "geldigVanaf": "2025-03-01"}, beheerder)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    open_ = {"status": "OPEN", "partij": GM_UTRECHT}
    assert alle_verplichtingen(client, open_, "2025-02-28") == [(x, "v2")]
    assert alle_verplichtingen(client, open_, "2025-03-01") == []


def test_een_vertrouwelijke_afspraak_lekt_niet_via_haar_verplichtingen(
        client: TestClient, beheerder: str, token_bzk: str, token_utrecht: str) -> None:
    openbaar = leg_vast(client, token_bzk)
    geheim = leg_vast(client, token_bzk, vertrouwelijk=True, titel="Onderhandelingsmandaat")
    f = {"partij": P_GELDERLAND}
    for token in (None, token_utrecht):
        assert alle_verplichtingen(client, f, "2024-01-01", token) == [(openbaar, "v1")]
        assert alle_verplichtingen(client, f, "2024-01-01", token, first=1) == [(openbaar, "v1")]
        _, body = gql_antwoord(client, VERPLICHTINGEN, {"g": "2024-01-01", "first": 100},
                               token)
        assert geheim not in str(body) and "Onderhandelingsmandaat" not in str(body)
    for token in (token_bzk, beheerder):  # een partij en de beheerder zien haar wel
        assert alle_verplichtingen(client, f, "2024-01-01", token) == [
            (openbaar, "v1"), (geheim, "v1")]
    # Een cursor in de vertrouwelijke afspraak: voor een buitenstaander dezelfde fout als een
    # cursor in een afspraak die niet bestaat; voor een partij een gewone volgende pagina.
    in_geheim = base64.urlsafe_b64encode(f"verplichting:{geheim}:v1".encode()).decode()
    spook = base64.urlsafe_b64encode(
        b"verplichting:00000000-0000-4000-8000-000000000000:v1").decode()
    for token in (None, token_utrecht):
        fouten = [gql_antwoord(client, VERPLICHTINGEN, {"after": c}, token)[1]["errors"]
                  for c in (in_geheim, spook)]
        assert [[e["message"] for e in f] for f in fouten] == [
            ["De cursor in 'after' is ongeldig."]] * 2
    assert gql(client, VERPLICHTINGEN, {"after": in_geheim, "g": "2024-01-01"}, token_bzk)[
        "verplichtingen"]["edges"] == []


@pytest.mark.parametrize(("filter", "melding"), [
    ({"partijSoort": "gemeente"}, "partijSoort kent alleen MINISTERIE, PROVINCIE, GEMEENTE"),
    ({"binding": "MISSCHIEN"}, "binding kent alleen WETTELIJK, BESTUURLIJK"),
    ({"uiterlijkTot": "2025-02-30"}, "uiterlijkTot verwacht JJJJ, JJJJ-MM of JJJJ-MM-DD"),
    ({"uiterlijkTot": "eind 2025"}, "uiterlijkTot verwacht JJJJ, JJJJ-MM of JJJJ-MM-DD"),
])
def test_een_onbekende_filterwaarde_is_een_duidelijke_fout_in_de_vraag(
        client: TestClient, filter: dict[str, Any], melding: str) -> None:
    status, body = gql_antwoord(client, VERPLICHTINGEN, {"f": filter})
    assert status == 200 and body["data"] is None
    assert body["errors"][0]["message"].startswith(melding), body


@pytest.mark.parametrize("after", [
    "onzin", base64.urlsafe_b64encode(b"afspraak:00000000-0000-4000-8000-000000000000").decode(),
    base64.urlsafe_b64encode(b"verplichting:geen-uuid:v1").decode(),
    base64.urlsafe_b64encode(b"verplichting:00000000-0000-4000-8000-000000000000:").decode()])
def test_een_cursor_die_geen_verplichting_noemt_is_ongeldig(
        client: TestClient, beheerder: str, after: str) -> None:
    leg_vast(client, beheerder)
    _, body = gql_antwoord(client, VERPLICHTINGEN, {"after": after}, beheerder)
    assert [e["message"] for e in body["errors"]] == ["De cursor in 'after' is ongeldig."]


def test_een_cursor_werkt_ook_op_een_ander_peilmoment(
        client: TestClient, beheerder: str) -> None:
    """De cursor noemt afspraak en verplichting; lezen gaat verder na dat nummer, ook als de
    verplichting op het nieuwe peilmoment (nog) niet bestaat, zoals na een rectificatie
    tussen twee pagina's of een vraag zonder geldigOp over middernacht heen."""
    x = leg_vast(client, beheerder)
    r = muteer(client, "verplichtingVastleggen", {
        "id": x, "verwachteVersie": 1, "toelichting": "Aanvullende afspraak",
        "bronnen": [bron("2024-05-01")], "geldigVanaf": "2024-05-01",
        "verplichting": {"omschrijving": "Locaties aanwijzen", "partij": GM_UTRECHT}},
        beheerder)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    y = leg_vast(client, beheerder, titel="Tweede")

    def na(vid: str, geldig_op: str) -> list[tuple[str, str]]:
        after = base64.urlsafe_b64encode(f"verplichting:{x}:{vid}".encode()).decode()
        v = gql(client, VERPLICHTINGEN, {"after": after, "g": geldig_op}, beheerder)
        return [(e["node"]["afspraak"]["id"], e["node"]["verplichting"]["id"])
                for e in v["verplichtingen"]["edges"]]

    assert na("v1", "2024-05-01") == [(x, "v2"), (y, "v1")]
    assert na("v2", "2024-04-30") == [(y, "v1")]  # v2 bestond toen nog niet
    assert na("v1", "2024-04-30") == [(y, "v1")]
    assert na("v9", "2024-05-01") == [(y, "v1")]
    assert na("", "2024-05-01") == [(y, "v1")]  # leeg: na de hele afspraak


def test_een_vraag_leest_hoogstens_het_ingestelde_aantal_afspraken(
        systeem: Systeem, database_url: str) -> None:
    """Een filter dat niets treft, leest niet het hele register in één verzoek: na
    max_afspraken_per_vraag afspraken volgt een lege pagina met hasNextPage en een cursor om
    verder te lezen; doorlezen geeft precies wat één grote vraag gaf."""
    app = maak_app(Instellingen(database_url=database_url, max_afspraken_per_vraag=3), systeem)
    with TestClient(app) as client:
        token = app.state.tokens.aanmaken(BEHEER, beheerder=True)
        ids = [leg_vast(client, token, titel=f"Afspraak {i}") for i in range(7)]
        v = gql(client, VERPLICHTINGEN, {"f": {"uiterlijkTot": "1900"}, "g": "2024-01-01"},
                token)["verplichtingen"]
        assert v["edges"] == [] and v["pageInfo"]["hasNextPage"] is True
        stappen = 1
        while v["pageInfo"]["hasNextPage"]:
            v = gql(client, VERPLICHTINGEN, {"f": {"uiterlijkTot": "1900"}, "g": "2024-01-01",
                                             "after": v["pageInfo"]["endCursor"]},
                    token)["verplichtingen"]
            assert v["edges"] == []
            stappen += 1
        assert stappen == 3  # 3 + 3 + 1 afspraken
        assert alle_verplichtingen(client, None, "2024-01-01", token, first=2) == [
            (i, "v1") for i in ids]


OVERHEDEN = "query($s: String, $g: Date) { overheden(soort: $s, geldigOp: $g) { id naam } }"


@pytest.mark.parametrize(("soort", "dag", "erbij", "niet"), [
    # Haarlemmerliede en Spaarnwoude ging op 1-1-2019 op in Haarlemmermeer.
    ("GEMEENTE", "2018-12-31", "gm0393", None), ("GEMEENTE", "2019-01-01", "gm0394", "gm0393"),
    # Het ministerie van VRO bestaat sinds 2-7-2024; in 2022 zat VRO bij BZK.
    ("MINISTERIE", "2022-12-31", "mnre1034", "mnre1171"),
    ("MINISTERIE", "2024-07-02", "mnre1171", None)])
def test_overheden_op_een_dag_zijn_wie_toen_bestond(
        client: TestClient, soort: str, dag: str, erbij: str, niet: str | None) -> None:
    op = {o["id"].rsplit("/", 1)[-1] for o in gql(client, OVERHEDEN, {"s": soort, "g": dag})[
        "overheden"]}
    alle = {o["id"].rsplit("/", 1)[-1] for o in gql(client, OVERHEDEN, {"s": soort})[
        "overheden"]}
    assert erbij in op and (niet is None or (niet not in op and niet in alle))
