"""Toegang (ontwerp §6): openbaar lezen zonder token, vertrouwelijke afspraken alleen voor
partijen en beheerders, en alleen partijen (of een beheerder) veranderen een afspraak."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.hulp import (
    BEHEER, M_BZK, M_LVVN, P_GELDERLAND, P_UTRECHT, bron, geschiedenis, gql, leg_vast, muteer,
    vastleggen_invoer, vraag_afspraak,
)

OPENBAAR = "Ruimtelijk arrangement NOVEX Gelderland"
GEHEIM = "Onderhandelingsmandaat woondeal Gelderland"

LIJST = """query($filter: AfspraakFilter) { afspraken(filter: $filter, first: 100) {
  edges { node { id titel vertrouwelijk relaties { soort naar { id titel } }
                 afhechting { wijze vervangenDoor { id titel } } } } } }"""


def wijziging(afspraak_id: str, versie: int, datum: str = "2023-03-01",
              **extra: Any) -> dict[str, Any]:
    invoer: dict[str, Any] = {"id": afspraak_id, "verwachteVersie": versie,
                              "toelichting": "Besluit bestuurlijk overleg",
                              "bronnen": [bron(datum, "Verslag bestuurlijk overleg")]}
    invoer.update(extra)
    return invoer


def lijst(client: TestClient, token: str | None, filter: dict[str, Any] | None = None
          ) -> list[dict[str, Any]]:
    d = gql(client, LIJST, {"filter": filter}, token)["afspraken"]["edges"]
    return [e["node"] for e in d]


def titels(client: TestClient, token: str | None, filter: dict[str, Any] | None = None
           ) -> list[str]:
    return [n["titel"] for n in lijst(client, token, filter)]


def stand(client: TestClient, afspraak_id: str, token: str) -> tuple[Any, list[Any]]:
    a = vraag_afspraak(client, afspraak_id, token)
    return (None if a is None else a["versie"]), [
        (g["versie"], g["soort"]) for g in geschiedenis(client, afspraak_id, token)]


@pytest.fixture
def openbaar(client: TestClient, token_bzk: str) -> str:
    return leg_vast(client, token_bzk)


@pytest.fixture
def geheim(client: TestClient, token_bzk: str) -> str:
    """Een vertrouwelijke afspraak tussen BZK en Gelderland."""
    return leg_vast(client, token_bzk, titel=GEHEIM, vertrouwelijk=True, programma="NOVEX",
                    inhoud="De financiële ruimte voor de onderhandelingen met de regio.")


@pytest.fixture(params=["anoniem", "geen partij", "ongeldig token"])
def buitenstaander(request: pytest.FixtureRequest, client: TestClient) -> str | None:
    if request.param == "anoniem":
        return None
    if request.param == "ongeldig token":
        return "ar_" + "y" * 43
    return request.getfixturevalue("token_utrecht")  # type: ignore[no-any-return]


@pytest.fixture(params=["partij BZK", "partij Gelderland", "beheerder"])
def ingewijde(request: pytest.FixtureRequest) -> str:
    naam = {"partij BZK": "token_bzk", "partij Gelderland": "token_gelderland",
            "beheerder": "beheerder"}[request.param]
    return request.getfixturevalue(naam)  # type: ignore[no-any-return]


# -- lezen -------------------------------------------------------------------------------------


def test_openbare_afspraken_lezen_vraagt_geen_token(
        client: TestClient, openbaar: str) -> None:
    a = vraag_afspraak(client, openbaar)
    assert a is not None and a["titel"] == OPENBAAR and a["vertrouwelijk"] is False
    assert titels(client, None) == [OPENBAAR]
    assert [g["soort"] for g in geschiedenis(client, openbaar)] == ["Vastgelegd"]
    r = client.post("/graphql", json={"query": '{ overheden(soort: "PROVINCIE") { id } }'})
    assert r.status_code == 200 and len(r.json()["data"]["overheden"]) == 13


def test_een_vertrouwelijke_afspraak_is_onzichtbaar_voor_een_buitenstaander(
        client: TestClient, openbaar: str, geheim: str, buitenstaander: str | None) -> None:
    assert vraag_afspraak(client, geheim, buitenstaander) is None
    assert vraag_afspraak(client, geheim, buitenstaander, geldigOp="2023-01-01") is None
    assert titels(client, buitenstaander) == [OPENBAAR]
    assert geschiedenis(client, geheim, buitenstaander) == []
    for filter in ({"zoekterm": "onderhandelingsmandaat"}, {"zoekterm": "financiële ruimte"},
                   {"partij": P_GELDERLAND}, {"partij": M_BZK}, {"programma": "NOVEX"},
                   {"status": "VAN_KRACHT"}, {"soort": "ruimtelijk arrangement"}):
        assert GEHEIM not in titels(client, buitenstaander, filter), filter
    assert titels(client, buitenstaander, {"zoekterm": "onderhandelingsmandaat"}) == []


def test_een_vertrouwelijke_afspraak_is_zichtbaar_voor_haar_partijen_en_de_beheerder(
        client: TestClient, openbaar: str, geheim: str, ingewijde: str) -> None:
    a = vraag_afspraak(client, geheim, ingewijde)
    assert a is not None and a["titel"] == GEHEIM and a["vertrouwelijk"] is True
    assert titels(client, ingewijde) == [OPENBAAR, GEHEIM]
    assert titels(client, ingewijde, {"zoekterm": "onderhandelingsmandaat"}) == [GEHEIM]
    assert titels(client, ingewijde, {"partij": P_GELDERLAND, "programma": "NOVEX"}) == [
        OPENBAAR, GEHEIM]
    assert [g["soort"] for g in geschiedenis(client, geheim, ingewijde)] == ["Vastgelegd"]


@pytest.fixture
def verwijzingen_naar_geheim(client: TestClient, token_bzk: str, openbaar: str,
                             geheim: str) -> str:
    """Een openbare uitwerking die naar de vertrouwelijke afspraak verwijst, en de openbare
    afspraak vervangen door de vertrouwelijke."""
    uitwerking = leg_vast(client, token_bzk, titel="Uitwerking woondeal Gelderland",
                          relaties=[{"soort": "UITWERKING_VAN", "naar": geheim},
                                    {"soort": "HANGT_SAMEN_MET", "naar": openbaar}])
    r = muteer(client, "afspraakAfhechten", wijziging(
        openbaar, 1, "2024-06-01", wijze="VERVANGEN", vervangenDoor=geheim), token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    return uitwerking


def test_een_vertrouwelijke_afspraak_lekt_niet_via_relaties_of_afhechting(
        client: TestClient, openbaar: str, geheim: str, verwijzingen_naar_geheim: str,
        buitenstaander: str | None) -> None:
    uitwerking = verwijzingen_naar_geheim
    headers = {"Authorization": f"Bearer {buitenstaander}"} if buitenstaander else {}
    for query, variabelen in (
            (LIJST, {}),
            ("query($id: ID!) { afspraak(id: $id) { relaties { soort naar { id titel } } } }",
             {"id": uitwerking}),
            ("query($id: ID!) { afspraak(id: $id) { status afhechting { wijze "
             "vervangenDoor { id titel } } } }", {"id": openbaar})):
        r = client.post("/graphql", json={"query": query, "variables": variabelen},
                        headers=headers)
        assert r.status_code == 200 and "errors" not in r.json(), r.text
        assert geheim not in r.text and GEHEIM not in r.text, r.text
    knopen = {n["id"]: n for n in lijst(client, buitenstaander)}
    assert set(knopen) == {openbaar, uitwerking}
    assert [r["naar"]["id"] for r in knopen[uitwerking]["relaties"]] == [openbaar]
    assert knopen[openbaar]["afhechting"] == {"wijze": "VERVANGEN", "vervangenDoor": None}


def test_een_ingewijde_ziet_de_vertrouwelijke_afspraak_via_relaties_en_afhechting(
        client: TestClient, openbaar: str, geheim: str, verwijzingen_naar_geheim: str,
        ingewijde: str) -> None:
    knopen = {n["id"]: n for n in lijst(client, ingewijde)}
    assert knopen[verwijzingen_naar_geheim]["relaties"] == [
        {"soort": "UITWERKING_VAN", "naar": {"id": geheim, "titel": GEHEIM}},
        {"soort": "HANGT_SAMEN_MET", "naar": {"id": openbaar, "titel": OPENBAAR}}]
    assert knopen[openbaar]["afhechting"] == {
        "wijze": "VERVANGEN", "vervangenDoor": {"id": geheim, "titel": GEHEIM}}


def test_wie_toetreedt_tot_een_vertrouwelijke_afspraak_ziet_haar_daarna(
        client: TestClient, geheim: str, token_bzk: str, token_utrecht: str) -> None:
    assert vraag_afspraak(client, geheim, token_utrecht) is None
    r = muteer(client, "partijToetreden", wijziging(
        geheim, 1, partij={"overheid": P_UTRECHT, "rol": "aangesloten provincie"}), token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    a = vraag_afspraak(client, geheim, token_utrecht)
    assert a is not None and a["titel"] == GEHEIM
    assert titels(client, token_utrecht, {"zoekterm": "onderhandelingsmandaat"}) == [GEHEIM]
    assert vraag_afspraak(client, geheim) is None


# -- schrijven ---------------------------------------------------------------------------------


def test_een_buitenstaander_die_naar_een_vertrouwelijke_afspraak_schrijft_krijgt_niet_gevonden(
        client: TestClient, geheim: str, token_bzk: str, token_utrecht: str) -> None:
    """Het antwoord is hetzelfde als voor een afspraak die niet bestaat: geen lek."""
    onbekend = str(uuid.uuid4())
    voor = stand(client, geheim, token_bzk)
    misser = []
    for mutatie, extra in (
            ("afspraakWijzigen", {"titel": "Gekaapt"}),
            ("afspraakOndertekenen", {"overheid": P_UTRECHT, "ondertekendOp": "2023-03-01"}),
            ("partijToetreden", {"partij": {"overheid": P_UTRECHT, "rol": "meelezer"}}),
            ("voortgangRapporteren", {"verslag": "Ik weet dat deze afspraak bestaat."}),
            ("afspraakAfhechten", {"wijze": "INGETROKKEN"}),
            ("afspraakRectificeren", {"rectificeert": 1, "titel": "Gekaapt"})):
        for versie in (1, 9):
            r = muteer(client, mutatie, wijziging(geheim, versie, **extra), token_utrecht)
            ref = muteer(client, mutatie, wijziging(onbekend, versie, **extra), token_utrecht)
            if (r["__typename"], r.get("code")) != ("NietGevonden", "NIET_GEVONDEN") or (
                    r["melding"].replace(geheim, "ID") != ref["melding"].replace(onbekend, "ID")):
                misser.append((mutatie, versie, r, ref))
    assert misser == []
    assert stand(client, geheim, token_bzk) == voor


EIGEN = [{"overheid": P_UTRECHT, "rol": "opdrachtgever"},
         {"overheid": M_LVVN, "rol": "uitvoerder"}]


def velden(r: dict[str, Any]) -> tuple[str, list[str]]:
    return r["__typename"], [v["veld"] for v in r.get("velden", [])]


def test_een_buitenstaander_kan_niet_via_een_relatie_peilen_of_een_vertrouwelijke_afspraak_bestaat(
        client: TestClient, geheim: str, token_utrecht: str, beheerder: str) -> None:
    """Verwijzen naar een vertrouwelijke afspraak die je niet mag zien, geeft hetzelfde
    antwoord als verwijzen naar een afspraak die niet bestaat."""

    def vastleggen_met_relatie(naar: str) -> dict[str, Any]:
        return muteer(client, "afspraakVastleggen", vastleggen_invoer(
            titel="Eigen afspraak Utrecht", partijen=EIGEN, verplichtingen=[],
            relaties=[{"soort": "HANGT_SAMEN_MET", "naar": naar}]), token_utrecht)

    ref = vastleggen_met_relatie(str(uuid.uuid4()))
    assert velden(ref) == ("Ongeldig", ["relaties[0].naar"]), ref
    assert velden(vastleggen_met_relatie(geheim)) == velden(ref)
    assert titels(client, beheerder) == [GEHEIM]


def test_een_buitenstaander_kan_niet_via_vervangen_door_peilen_of_een_vertrouwelijke_afspraak_bestaat(
        client: TestClient, geheim: str, token_utrecht: str) -> None:
    eigen_id = leg_vast(client, token_utrecht, titel="Eigen afspraak Utrecht", partijen=EIGEN,
                        verplichtingen=[])
    ref = muteer(client, "afspraakAfhechten", wijziging(
        eigen_id, 1, wijze="VERVANGEN", vervangenDoor=str(uuid.uuid4())), token_utrecht)
    assert velden(ref) == ("Ongeldig", ["vervangenDoor"]), ref
    r = muteer(client, "afspraakAfhechten", wijziging(
        eigen_id, 1, wijze="VERVANGEN", vervangenDoor=geheim), token_utrecht)
    assert velden(r) == velden(ref), r
    assert stand(client, eigen_id, token_utrecht) == (1, [(1, "Vastgelegd")])


def test_alleen_een_partij_of_een_beheerder_verandert_een_openbare_afspraak(
        client: TestClient, openbaar: str, token_utrecht: str, token_gelderland: str,
        beheerder: str) -> None:
    r = muteer(client, "afspraakWijzigen", wijziging(openbaar, 1, titel="Door Utrecht"),
               token_utrecht)
    assert (r["__typename"], r["code"]) == ("NietToegestaan", "NIET_TOEGESTAAN"), r
    assert r["melding"]
    a = vraag_afspraak(client, openbaar)
    assert a is not None and a["titel"] == OPENBAAR and a["versie"] == 1
    r = muteer(client, "afspraakWijzigen", wijziging(openbaar, 1, titel="Door Gelderland"),
               token_gelderland)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    assert r["gebeurtenis"]["actor"] == P_GELDERLAND
    r = muteer(client, "afspraakWijzigen", wijziging(openbaar, 2, titel="Door de beheerder"),
               beheerder)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    assert r["gebeurtenis"]["actor"] == BEHEER
    a = vraag_afspraak(client, openbaar)
    assert a is not None and a["titel"] == "Door de beheerder" and a["versie"] == 3


def test_een_beheerder_verandert_ook_een_vertrouwelijke_afspraak(
        client: TestClient, geheim: str, beheerder: str, token_bzk: str) -> None:
    r = muteer(client, "voortgangRapporteren", wijziging(
        geheim, 1, verslag="Onderhandelingen lopen."), beheerder)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    assert [g["actor"] for g in geschiedenis(client, geheim, token_bzk)] == [M_BZK, BEHEER]


def test_een_beheerder_mag_vastleggen_zonder_zelf_partij_te_zijn(
        client: TestClient, beheerder: str, token_utrecht: str) -> None:
    r = muteer(client, "afspraakVastleggen", vastleggen_invoer(), token_utrecht)
    assert (r["__typename"], r["code"]) == ("NietToegestaan", "NIET_TOEGESTAAN"), r
    r = muteer(client, "afspraakVastleggen", vastleggen_invoer(), beheerder)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    assert r["gebeurtenis"]["actor"] == BEHEER
    assert titels(client, None) == [OPENBAAR]


def test_een_uitgetreden_partij_kan_de_afspraak_niet_meer_veranderen(
        client: TestClient, token_bzk: str, token_utrecht: str) -> None:
    x = leg_vast(client, token_bzk, partijen=[
        {"overheid": M_BZK, "rol": "opdrachtgever"},
        {"overheid": P_GELDERLAND, "rol": "uitvoerder"},
        {"overheid": P_UTRECHT, "rol": "aangesloten provincie"}])
    r = muteer(client, "voortgangRapporteren", wijziging(x, 1, verslag="Utrecht doet mee."),
               token_utrecht)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    r = muteer(client, "partijUittreden", wijziging(x, 2, "2024-01-01", overheid=P_UTRECHT),
               token_utrecht)  # Utrecht treedt zelf uit
    assert r["__typename"] == "AfspraakOpgeslagen", r
    voor = stand(client, x, token_bzk)
    for mutatie, extra in (("afspraakWijzigen", {"titel": "Utrecht weer erin"}),
                           ("voortgangRapporteren", {"verslag": "Utrecht na uittreden."}),
                           ("partijToetreden", {"partij": {"overheid": P_UTRECHT,
                                                           "rol": "aangesloten provincie"}})):
        r = muteer(client, mutatie, wijziging(x, 3, **extra), token_utrecht)
        assert (r["__typename"], r.get("code")) == ("NietToegestaan", "NIET_TOEGESTAAN"), (
            mutatie, r)
    assert stand(client, x, token_bzk) == voor
