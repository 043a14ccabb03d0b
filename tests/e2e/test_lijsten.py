"""Lijsten via GraphQL over HTTP: Relay-paginering, elk filter van AfspraakFilter op het
peilmoment, overheden, de volledige geschiedenis en relaties tussen afspraken."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.hulp import (
    GM_UTRECHT, M_BZK, M_LVVN, P_GELDERLAND, P_UTRECHT, bron, geschiedenis, gql, gql_antwoord,
    leg_vast, muteer, vraag_afspraak,
)

PAGINA = """query($first: Int, $after: String) { afspraken(first: $first, after: $after) {
  edges { cursor node { id titel } } pageInfo { hasNextPage endCursor } } }"""

LIJST = """query($filter: AfspraakFilter, $geldigOp: Date, $bekendOp: Date) {
  afspraken(filter: $filter, geldigOp: $geldigOp, bekendOp: $bekendOp, first: 100) {
    edges { node { id titel programma status } } pageInfo { hasNextPage } } }"""


def titels(client: TestClient, filter: dict[str, Any] | None = None, token: str | None = None,
           **peil: str) -> list[str]:
    d = gql(client, LIJST, {"filter": filter, **peil}, token)["afspraken"]
    assert d["pageInfo"]["hasNextPage"] is False
    return [e["node"]["titel"] for e in d["edges"]]


def pagina(client: TestClient, first: int | None = None, after: str | None = None
           ) -> dict[str, Any]:
    return gql(client, PAGINA, {"first": first, "after": after})["afspraken"]  # type: ignore[no-any-return]


def wijziging(afspraak_id: str, versie: int, datum: str, **extra: Any) -> dict[str, Any]:
    invoer: dict[str, Any] = {"id": afspraak_id, "verwachteVersie": versie,
                              "toelichting": "Besluit bestuurlijk overleg",
                              "bronnen": [bron(datum, "Verslag bestuurlijk overleg")]}
    invoer.update(extra)
    return invoer


def opgeslagen(r: dict[str, Any]) -> None:
    assert r["__typename"] == "AfspraakOpgeslagen", r


# -- Relay-paginering --------------------------------------------------------------------------


@pytest.fixture
def zeven_afspraken(client: TestClient, token_bzk: str) -> list[str]:
    return [leg_vast(client, token_bzk, titel=f"Woondeal regio {n}") for n in range(1, 8)]


def test_pagina_voor_pagina_komt_elke_afspraak_een_keer_langs(
        client: TestClient, zeven_afspraken: list[str]) -> None:
    p1 = pagina(client, 3)
    assert [e["node"]["titel"] for e in p1["edges"]] == [
        "Woondeal regio 1", "Woondeal regio 2", "Woondeal regio 3"]
    assert p1["pageInfo"]["hasNextPage"] is True
    assert p1["pageInfo"]["endCursor"] == p1["edges"][-1]["cursor"]
    p2 = pagina(client, 3, p1["pageInfo"]["endCursor"])
    assert [e["node"]["titel"] for e in p2["edges"]] == [
        "Woondeal regio 4", "Woondeal regio 5", "Woondeal regio 6"]
    assert p2["pageInfo"]["hasNextPage"] is True
    p3 = pagina(client, 3, p2["pageInfo"]["endCursor"])
    assert [e["node"]["titel"] for e in p3["edges"]] == ["Woondeal regio 7"]
    assert p3["pageInfo"]["hasNextPage"] is False
    assert p3["pageInfo"]["endCursor"] == p3["edges"][-1]["cursor"]
    ids = [e["node"]["id"] for p in (p1, p2, p3) for e in p["edges"]]
    assert ids == zeven_afspraken
    assert len({e["cursor"] for p in (p1, p2, p3) for e in p["edges"]}) == 7


def test_een_pagina_die_precies_tot_het_einde_reikt_heeft_geen_volgende(
        client: TestClient, zeven_afspraken: list[str]) -> None:
    assert pagina(client, 7)["pageInfo"]["hasNextPage"] is False
    assert pagina(client, 6)["pageInfo"]["hasNextPage"] is True
    p = pagina(client, 4)
    rest = pagina(client, 3, p["pageInfo"]["endCursor"])
    assert len(rest["edges"]) == 3 and rest["pageInfo"]["hasNextPage"] is False
    leeg = pagina(client, 3, rest["pageInfo"]["endCursor"])
    assert leeg["edges"] == [] and leeg["pageInfo"] == {"hasNextPage": False, "endCursor": None}
    assert [e["node"]["id"] for e in pagina(client)["edges"]] == zeven_afspraken
    assert pagina(client, 100)["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize("cursor", [
    "onzin", "!!!", base64.urlsafe_b64encode(b"gebeurtenis:3").decode(),
    base64.urlsafe_b64encode(b"afspraak:drie").decode(),
    base64.urlsafe_b64encode(b"afspraak:3").decode(),
    # een vaste naam: werkers van xdist moeten dezelfde tests verzamelen
    pytest.param(base64.urlsafe_b64encode(f"afspraak:{uuid.uuid4()}".encode()).decode(),
                 id="onbekende-afspraak")])
def test_een_ongeldige_cursor_geeft_een_graphql_fout_en_geen_500(
        client: TestClient, zeven_afspraken: list[str], cursor: str) -> None:
    status, body = gql_antwoord(client, PAGINA, {"first": 3, "after": cursor})
    assert status == 200, body
    assert body.get("data") is None
    assert "cursor" in body["errors"][0]["message"].lower(), body["errors"]


@pytest.mark.parametrize("first", [101, 1000, -1])
def test_first_buiten_de_grenzen_geeft_een_graphql_fout(
        client: TestClient, zeven_afspraken: list[str], first: int) -> None:
    status, body = gql_antwoord(client, PAGINA, {"first": first})
    assert status == 200, body
    assert body.get("data") is None
    assert "100" in body["errors"][0]["message"], body["errors"]


# -- filters -------------------------------------------------------------------------------------

A = "Ruimtelijk arrangement NOVEX Gelderland"
B = "Gebiedsprogramma Utrecht"
C = "Convenant bossenstrategie Gelderland"


@pytest.fixture
def drie_afspraken(client: TestClient, token_bzk: str, token_gelderland: str) -> None:
    leg_vast(client, token_bzk)
    leg_vast(client, token_bzk, titel=B, soort="bestuurlijke afspraak", programma="NPLG",
             inhoud="Afspraken over Stikstofreductie en waterkwaliteit in het landelijk gebied.",
             partijen=[{"overheid": M_BZK, "rol": "opdrachtgever"},
                       {"overheid": P_UTRECHT, "rol": "gebiedsregisseur"}],
             verplichtingen=[])
    leg_vast(client, token_gelderland, titel=C, soort="convenant", programma="NPLG",
             inhoud="Aanplant van bos buiten de natuurgebieden.", inVoorbereiding=True,
             partijen=[{"overheid": M_LVVN, "rol": "opdrachtgever"},
                       {"overheid": P_GELDERLAND, "rol": "uitvoerder"}],
             verplichtingen=[])


FILTERS: list[tuple[dict[str, Any], list[str]]] = [
    ({}, [A, B, C]),
    ({"partij": P_UTRECHT}, [B]),
    ({"partij": P_GELDERLAND}, [A, C]),
    ({"partij": M_BZK}, [A, B]),
    ({"partij": GM_UTRECHT}, []),
    ({"partij": "https://identifier.overheid.nl/tooi/id/provincie/pv99"}, []),
    ({"programma": "NPLG"}, [B, C]),
    ({"programma": "NOVEX"}, [A]),
    ({"programma": "Woondeals"}, []),
    ({"soort": "convenant"}, [C]),
    ({"soort": "ruimtelijk arrangement"}, [A]),
    ({"soort": "woondeal"}, []),
    ({"status": "IN_VOORBEREIDING"}, [C]),
    ({"status": "VAN_KRACHT"}, [A, B]),
    ({"status": "OPGESCHORT"}, []),
    ({"status": "AFGEHECHT"}, []),
    ({"zoekterm": "stikstof"}, [B]),
    ({"zoekterm": "STIKSTOFREDUCTIE"}, [B]),
    ({"zoekterm": "gelderland"}, [A, C]),
    ({"zoekterm": "Ruimtelijke Inrichting"}, [A]),
    ({"zoekterm": "bos"}, [C]),
    ({"zoekterm": "afspraken"}, [A, B]),
    ({"zoekterm": "nergens te vinden"}, []),
    ({"zoekterm": "gelder%"}, []),
    ({"zoekterm": "ge_derland"}, []),
    ({"partij": P_GELDERLAND, "programma": "NPLG"}, [C]),
    ({"partij": P_GELDERLAND, "programma": "NOVEX", "status": "VAN_KRACHT"}, [A]),
    ({"partij": P_UTRECHT, "programma": "NOVEX"}, []),
    ({"soort": "convenant", "zoekterm": "BOS", "status": "IN_VOORBEREIDING"}, [C]),
    ({"soort": "convenant", "status": "VAN_KRACHT"}, []),
    ({"partij": M_BZK, "zoekterm": "afspraken"}, [A, B]),
    ({"partij": M_LVVN, "zoekterm": "stikstof"}, []),
    ({"partij": P_GELDERLAND, "programma": "NPLG", "soort": "convenant",
      "status": "IN_VOORBEREIDING", "zoekterm": "natuurgebieden"}, [C]),
    ({"partij": P_GELDERLAND, "programma": "NPLG", "soort": "convenant",
      "status": "IN_VOORBEREIDING", "zoekterm": "stikstof"}, []),
]


@pytest.mark.parametrize(("filter", "verwacht"), FILTERS,
                         ids=[",".join(f"{k}={v}" for k, v in f.items()) or "geen"
                              for f, _ in FILTERS])
def test_een_filter_geeft_precies_de_afspraken_die_passen(
        client: TestClient, drie_afspraken: None, filter: dict[str, Any],
        verwacht: list[str]) -> None:
    assert titels(client, filter) == verwacht


def test_het_programmafilter_geldt_op_het_peilmoment(
        client: TestClient, token_bzk: str) -> None:
    x = leg_vast(client, token_bzk)
    opgeslagen(muteer(client, "afspraakWijzigen", wijziging(
        x, 1, "2023-12-01", programma="NPLG", geldigVanaf="2024-01-01"), token_bzk))
    assert titels(client, {"programma": "NOVEX"}, geldigOp="2023-06-01") == [A]
    assert titels(client, {"programma": "NOVEX"}, geldigOp="2024-06-01") == []
    assert titels(client, {"programma": "NPLG"}, geldigOp="2023-06-01") == []
    assert titels(client, {"programma": "NPLG"}, geldigOp="2024-06-01") == [A]
    assert titels(client, {"programma": "NPLG"}) == [A]
    assert titels(client, {"programma": "NOVEX"}) == []
    # Wat de lijst per afspraak toont, is ook de waarde op het peilmoment.
    d = gql(client, LIJST, {"geldigOp": "2023-06-01"})["afspraken"]["edges"]
    assert [e["node"]["programma"] for e in d] == ["NOVEX"]


def test_het_partijfilter_geldt_op_het_peilmoment(
        client: TestClient, token_bzk: str) -> None:
    x = leg_vast(client, token_bzk)
    opgeslagen(muteer(client, "partijToetreden", wijziging(
        x, 1, "2024-01-01", partij={"overheid": P_UTRECHT, "rol": "aangesloten provincie"}),
        token_bzk))
    assert titels(client, {"partij": P_UTRECHT}, geldigOp="2023-06-01") == []
    assert titels(client, {"partij": P_UTRECHT}, geldigOp="2024-06-01") == [A]
    assert titels(client, {"partij": P_UTRECHT}) == [A]
    assert titels(client, {"partij": P_GELDERLAND}, geldigOp="2023-06-01") == [A]


def test_een_uitgetreden_partij_vindt_de_afspraak_alleen_toen_zij_partij_was(
        client: TestClient, token_bzk: str, token_utrecht: str) -> None:
    x = leg_vast(client, token_bzk, partijen=[
        {"overheid": M_BZK, "rol": "opdrachtgever"},
        {"overheid": P_GELDERLAND, "rol": "uitvoerder"},
        {"overheid": P_UTRECHT, "rol": "aangesloten provincie"}])
    opgeslagen(muteer(client, "partijUittreden", wijziging(  # Utrecht treedt zelf uit
        x, 1, "2024-01-01", overheid=P_UTRECHT), token_utrecht))
    assert titels(client, {"partij": P_UTRECHT}, geldigOp="2023-06-01") == [A]
    assert titels(client, {"partij": P_UTRECHT}) == []


def test_de_zoekterm_zoekt_in_de_titel_en_inhoud_op_het_peilmoment(
        client: TestClient, token_bzk: str) -> None:
    x = leg_vast(client, token_bzk)
    opgeslagen(muteer(client, "afspraakWijzigen", wijziging(
        x, 1, "2024-01-01", titel="Omgevingsagenda Gelderland"), token_bzk))
    assert titels(client, {"zoekterm": "ARRANGEMENT"}, geldigOp="2023-06-01") == [A]
    assert titels(client, {"zoekterm": "ARRANGEMENT"}, geldigOp="2024-06-01") == []
    assert titels(client, {"zoekterm": "omgevingsagenda"}, geldigOp="2023-06-01") == []
    assert titels(client, {"zoekterm": "omgevingsagenda"}, geldigOp="2024-06-01") == [
        "Omgevingsagenda Gelderland"]
    assert titels(client, {"zoekterm": "ruimtelijke"}, geldigOp="2024-06-01") == [
        "Omgevingsagenda Gelderland"]


def test_een_afspraak_die_pas_later_geldt_staat_vandaag_niet_in_de_lijst(
        client: TestClient, token_bzk: str) -> None:
    leg_vast(client, token_bzk)
    y = leg_vast(client, token_bzk, titel="Woondeal toekomst", geldigVanaf="2099-01-01")
    assert titels(client) == [A]
    assert titels(client, {"zoekterm": "toekomst"}) == []
    assert titels(client, {"partij": P_GELDERLAND}) == [A]
    assert vraag_afspraak(client, y) is None
    assert titels(client, geldigOp="2099-01-02") == [A, "Woondeal toekomst"]
    assert titels(client, {"zoekterm": "toekomst"}, geldigOp="2099-01-02") == [
        "Woondeal toekomst"]


def test_het_statusfilter_afgehecht_geldt_pas_vanaf_de_afhechting(
        client: TestClient, token_bzk: str) -> None:
    x = leg_vast(client, token_bzk)
    opgeslagen(muteer(client, "afspraakAfhechten", wijziging(
        x, 1, "2024-11-28", wijze="NAGEKOMEN", geldigVanaf="2025-01-01",
        bekendOp="2024-12-04"), token_bzk))
    afgehecht = {"status": "AFGEHECHT"}
    van_kracht = {"status": "VAN_KRACHT"}
    assert titels(client, afgehecht, geldigOp="2024-12-31") == []
    assert titels(client, van_kracht, geldigOp="2024-12-31") == [A]
    assert titels(client, afgehecht, geldigOp="2025-01-02") == [A]
    assert titels(client, van_kracht, geldigOp="2025-01-02") == []
    assert titels(client, afgehecht) == [A]
    # Wie de afhechting nog niet kende, ziet haar niet.
    assert titels(client, afgehecht, geldigOp="2025-01-02", bekendOp="2024-12-01") == []
    assert titels(client, van_kracht, geldigOp="2025-01-02", bekendOp="2024-12-01") == [A]


def test_een_afhechting_in_de_toekomst_telt_vandaag_nog_niet(
        client: TestClient, token_bzk: str) -> None:
    x = leg_vast(client, token_bzk)
    opgeslagen(muteer(client, "afspraakAfhechten", wijziging(
        x, 1, "2024-11-28", wijze="VERVALLEN", geldigVanaf="2099-01-01"), token_bzk))
    assert titels(client, {"status": "AFGEHECHT"}) == []
    assert titels(client, {"status": "VAN_KRACHT"}) == [A]
    assert titels(client, {"status": "AFGEHECHT"}, geldigOp="2099-01-01") == [A]


def test_het_statusfilter_volgt_opschorten_en_hervatten(
        client: TestClient, token_bzk: str) -> None:
    x = leg_vast(client, token_bzk)
    opgeslagen(muteer(client, "afspraakOpschorten", wijziging(x, 1, "2023-03-01"), token_bzk))
    opgeslagen(muteer(client, "afspraakHervatten", wijziging(x, 2, "2023-09-01"), token_bzk))
    assert titels(client, {"status": "OPGESCHORT"}, geldigOp="2023-06-01") == [A]
    assert titels(client, {"status": "OPGESCHORT"}) == []
    assert titels(client, {"status": "VAN_KRACHT"}) == [A]
    assert titels(client, {"status": "VAN_KRACHT"}, geldigOp="2023-06-01") == []


# -- overheden ---------------------------------------------------------------------------------

PROVINCIES = {"Drenthe", "Flevoland", "Fryslân", "Gelderland", "Groningen", "Limburg",
              "Noord-Brabant", "Noord-Holland", "Overijssel", "Utrecht", "Zeeland",
              "Zuid-Holland"}


def test_overheden_van_soort_provincie_zijn_de_twaalf_provincies_en_het_collectief(
        client: TestClient) -> None:
    d = gql(client, '{ overheden(soort: "PROVINCIE") { id naam soort collectief einddatum } }')
    ps = d["overheden"]
    assert {p["soort"] for p in ps} == {"PROVINCIE"}
    echt = [p for p in ps if not p["collectief"]]
    assert len(echt) == 12 and len(ps) == 13
    assert {p["naam"].removeprefix("provincie ") for p in echt} == PROVINCIES
    assert all(p["einddatum"] is None for p in echt)
    assert P_GELDERLAND in {p["id"] for p in echt}
    assert all(p["id"].startswith("https://identifier.overheid.nl/tooi/id/provincie/pv")
               for p in echt)


def test_overheden_van_soort_gemeente_zijn_er_meer_dan_driehonderd(client: TestClient) -> None:
    gs = gql(client, '{ overheden(soort: "GEMEENTE") { id naam soort } }')["overheden"]
    assert len(gs) > 300
    assert {g["soort"] for g in gs} == {"GEMEENTE"}
    assert "Utrecht" in {g["naam"] for g in gs if g["id"] == GM_UTRECHT}.pop()
    assert len({g["id"] for g in gs}) == len(gs)


def test_overheden_zonder_soort_geeft_alle_soorten(client: TestClient) -> None:
    alle = gql(client, "{ overheden { id soort } }")["overheden"]
    soorten = {o["soort"] for o in alle}
    assert {"MINISTERIE", "PROVINCIE", "GEMEENTE", "WATERSCHAP", "KOEPEL"} <= soorten
    assert {M_BZK, M_LVVN, P_UTRECHT, GM_UTRECHT} <= {o["id"] for o in alle}
    assert gql(client, '{ overheden(soort: "BESTAAT_NIET") { id } }')["overheden"] == []


# -- geschiedenis en relaties ------------------------------------------------------------------


def test_gebeurtenissen_geeft_de_volledige_geschiedenis_in_stroomvolgorde_met_bronnen(
        client: TestClient, token_bzk: str, token_gelderland: str) -> None:
    x = leg_vast(client, token_bzk, bronnen=[
        bron("2022-12-09", "Brief startpakket NOVEX",
             citaat="Het Rijk en de provincie maken wederkerige afspraken."),
        {"titel": "Kamerbrief NOVEX", "soort": "kamerbrief", "datum": "2022-12-12",
         "kenmerk": "2022-0000123", "url": "https://www.rijksoverheid.nl/documenten/x"}])
    opgeslagen(muteer(client, "afspraakWijzigen", wijziging(
        x, 1, "2023-05-01", inhoud="Aangescherpte afspraken."), token_gelderland))
    opgeslagen(muteer(client, "afspraakOndertekenen", wijziging(
        x, 2, "2023-05-02", overheid=P_GELDERLAND, ondertekendOp="2023-05-02"),
        token_gelderland))
    opgeslagen(muteer(client, "afspraakRectificeren", wijziging(
        x, 3, "2023-06-01", rectificeert=2, inhoud="Aangescherpte wederkerige afspraken."),
        token_bzk))
    opgeslagen(muteer(client, "afspraakAfhechten", wijziging(
        x, 4, "2023-07-01", wijze="NAGEKOMEN", geldigVanaf="2099-01-01"), token_bzk))
    g = geschiedenis(client, x)
    assert [(e["versie"], e["soort"]) for e in g] == [
        (1, "Vastgelegd"), (2, "Gewijzigd"), (3, "Ondertekend"), (4, "Gerectificeerd"),
        (5, "Afgehecht")]
    assert {e["afspraakId"] for e in g} == {x}
    assert len({e["id"] for e in g}) == 5
    assert [e["actor"] for e in g] == [M_BZK, P_GELDERLAND, P_GELDERLAND, M_BZK, M_BZK]
    assert g[0]["bronnen"] == [
        {"titel": "Brief startpakket NOVEX", "soort": "brief", "datum": "2022-12-09",
         "citaat": "Het Rijk en de provincie maken wederkerige afspraken.", "kenmerk": None,
         "url": None},
        {"titel": "Kamerbrief NOVEX", "soort": "kamerbrief", "datum": "2022-12-12",
         "citaat": None, "kenmerk": "2022-0000123",
         "url": "https://www.rijksoverheid.nl/documenten/x"}]
    assert [e["bronnen"][0]["datum"] for e in g] == [
        "2022-12-09", "2023-05-01", "2023-05-02", "2023-06-01", "2023-07-01"]
    assert g[0]["toelichting"] is None and g[1]["toelichting"] == "Besluit bestuurlijk overleg"
    assert g[3]["rectificeert"] == 2
    assert g[3]["geldigVanaf"] == g[1]["geldigVanaf"] == "2023-05-01"
    # Ook wat pas in de toekomst geldt, hoort bij de volledige geschiedenis.
    assert g[4]["geldigVanaf"] == "2099-01-01"
    ontvangen = [e["ontvangenOp"] for e in g]
    assert ontvangen == sorted(ontvangen)


def test_gebeurtenissen_van_een_onbekende_afspraak_is_een_lege_lijst(
        client: TestClient, token_bzk: str) -> None:
    leg_vast(client, token_bzk)
    assert geschiedenis(client, "00000000-0000-0000-0000-000000000000") == []
    assert geschiedenis(client, "geen-uuid") == []


def test_een_relatie_wijst_naar_de_andere_afspraak_zoals_die_op_het_peilmoment_is(
        client: TestClient, token_bzk: str) -> None:
    x = leg_vast(client, token_bzk)
    z = leg_vast(client, token_bzk, titel="Programma NOVEX")
    y = leg_vast(client, token_bzk, titel="Uitwerking NOVEX Gelderland", bronnen=[
        bron("2023-01-01")], relaties=[{"soort": "UITWERKING_VAN", "naar": x},
                                       {"soort": "ONDERDEEL_VAN", "naar": z}])
    opgeslagen(muteer(client, "afspraakWijzigen", wijziging(
        x, 1, "2024-01-01", titel="Omgevingsagenda Gelderland"), token_bzk))
    q = ("query($id: ID!, $geldigOp: Date) { afspraak(id: $id, geldigOp: $geldigOp) { "
         "relaties { soort naar { id titel versie } } } }")
    nu = gql(client, q, {"id": y})["afspraak"]["relaties"]
    assert nu == [
        {"soort": "UITWERKING_VAN", "naar": {"id": x, "titel": "Omgevingsagenda Gelderland",
                                             "versie": 2}},
        {"soort": "ONDERDEEL_VAN", "naar": {"id": z, "titel": "Programma NOVEX", "versie": 1}}]
    toen = gql(client, q, {"id": y, "geldigOp": "2023-06-01"})["afspraak"]["relaties"]
    assert toen[0]["soort"] == "UITWERKING_VAN"
    assert (toen[0]["naar"]["id"], toen[0]["naar"]["titel"]) == (x, A)
    # De relatie is van y naar x; x zelf draagt haar niet dubbel.
    assert gql(client, q, {"id": x})["afspraak"]["relaties"] == []


def test_een_relatie_naar_een_onbekende_afspraak_is_ongeldig(
        client: TestClient, token_bzk: str) -> None:
    r = muteer(client, "afspraakVastleggen", {
        **_invoer_met_relatie("00000000-0000-0000-0000-000000000000")}, token_bzk)
    assert r["__typename"] == "Ongeldig", r
    assert [v["veld"] for v in r["velden"]] == ["relaties[0].naar"]
    assert titels(client) == []


def _invoer_met_relatie(naar: str) -> dict[str, Any]:
    from tests.hulp import vastleggen_invoer

    return vastleggen_invoer(relaties=[{"soort": "UITWERKING_VAN", "naar": naar}])


def test_paginering_telt_alleen_wat_door_het_filter_komt(
        client: TestClient, drie_afspraken: None) -> None:
    q = """query($after: String, $partij: ID) { afspraken(first: 1, after: $after,
      filter: {partij: $partij}) { edges { node { titel } } pageInfo { hasNextPage endCursor } } }
    """
    p1 = gql(client, q, {"after": None, "partij": P_GELDERLAND})["afspraken"]
    assert [e["node"]["titel"] for e in p1["edges"]] == [A]
    assert p1["pageInfo"]["hasNextPage"] is True
    p2 = gql(client, q, {"after": p1["pageInfo"]["endCursor"],
                      "partij": P_GELDERLAND})["afspraken"]
    assert [e["node"]["titel"] for e in p2["edges"]] == [C]
    assert p2["pageInfo"]["hasNextPage"] is False


def test_een_afspraak_die_op_het_peilmoment_niet_bestaat_maakt_geen_volgende_pagina(
        client: TestClient, token_bzk: str) -> None:
    leg_vast(client, token_bzk, titel="Woondeal regio 1")
    leg_vast(client, token_bzk, titel="Woondeal regio 2")
    leg_vast(client, token_bzk, titel="Woondeal toekomst", geldigVanaf="2099-01-01")
    p = pagina(client, 2)
    assert [e["node"]["titel"] for e in p["edges"]] == ["Woondeal regio 1", "Woondeal regio 2"]
    assert p["pageInfo"]["hasNextPage"] is False


def test_een_ministerie_toont_de_naam_die_op_een_datum_gold(client: TestClient) -> None:
    d = gql(client, '{ overheden(soort: "MINISTERIE") { id naam naamOp(datum: "2022-06-01") '
            'vroegereNamen { naam tot } } }')["overheden"]
    lvvn = next(o for o in d if o["id"].endswith("/mnre1153"))
    assert "Voedselzekerheid" in lvvn["naam"]
    assert lvvn["naamOp"] == "ministerie van Landbouw, Natuur en Voedselkwaliteit"
    assert any(n["naam"] == lvvn["naamOp"] and n["tot"] for n in lvvn["vroegereNamen"])
