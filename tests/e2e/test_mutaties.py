"""Elke mutatie van ontwerp §5 via GraphQL over HTTP: wat zij opslaat is meteen te lezen, en
elke verwachte fout komt terug als getypeerd lid van de resultaat-unie, zonder dat er iets is
opgeslagen."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import StapKlok
from tests.hulp import (
    BEHEER, GM_UTRECHT, M_BZK, M_LVVN, P_GELDERLAND, P_UTRECHT, bron, geschiedenis, gql,
    gql_antwoord, leg_vast, muteer, vastleggen_invoer, vraag_afspraak,
)

WIJZIGENDE_MUTATIES = (
    "afspraakWijzigen", "afspraakRectificeren", "afspraakAfhechten", "partijToetreden",
    "partijUittreden", "afspraakOndertekenen", "standpuntInnemen", "verplichtingVastleggen",
    "verplichtingWijzigen", "verplichtingNakomen", "verplichtingVervallen",
    "voortgangRapporteren", "afspraakInWerkingStellen", "afspraakOpschorten",
    "afspraakHervatten", "afspraakStopzetten",
)

DRIE_PARTIJEN = [
    {"overheid": M_BZK, "rol": "opdrachtgever", "binding": "ONDERTEKENAAR",
     "naamInBron": "Minister voor VRO"},
    {"overheid": P_GELDERLAND, "rol": "uitvoerder", "binding": "ONDERTEKENAAR"},
    {"overheid": GM_UTRECHT, "rol": "betrokken gemeente", "binding": "BETROKKEN"},
]


def wijziging(afspraak_id: str, versie: int, datum: str = "2023-03-01",
              **extra: Any) -> dict[str, Any]:
    invoer: dict[str, Any] = {"id": afspraak_id, "verwachteVersie": versie,
                              "toelichting": "Besluit uit het bestuurlijk overleg",
                              "bronnen": [bron(datum, "Verslag bestuurlijk overleg NOVEX")]}
    invoer.update(extra)
    return invoer


def geldige_invoer(mutatie: str, afspraak_id: str, versie: int) -> dict[str, Any]:
    """Een realistische, geldige invoer voor elke wijzigende mutatie op een afspraak tussen
    BZK, Gelderland en de gemeente Utrecht met verplichting v1."""
    extra: dict[str, dict[str, Any]] = {
        "afspraakWijzigen": {"titel": "Ruimtelijk arrangement NOVEX Gelderland (herzien)"},
        "afspraakRectificeren": {"rectificeert": 1, "inhoud": "Wederkerige afspraken over de "
                                 "ruimtelijke inrichting van Gelderland."},
        "afspraakAfhechten": {"wijze": "NAGEKOMEN"},
        "partijToetreden": {"partij": {"overheid": M_LVVN, "rol": "medeopdrachtgever",
                                       "binding": "STEUNVERKLARING"}},
        "partijUittreden": {"overheid": GM_UTRECHT},
        "afspraakOndertekenen": {"overheid": P_GELDERLAND, "ondertekendOp": "2022-12-12"},
        "standpuntInnemen": {"overheid": P_GELDERLAND, "standpunt": "INGESTEMD"},
        "verplichtingVastleggen": {"verplichting": {
            "omschrijving": "Uitvoeringsagenda opstellen", "partij": P_GELDERLAND,
            "uiterlijk": "2025-07", "uiterlijkTekst": "medio 2025"}},
        "verplichtingWijzigen": {"verplichting": "v1", "uiterlijk": "2023-10-01"},
        "verplichtingNakomen": {"verplichting": "v1"},
        "verplichtingVervallen": {"verplichting": "v1"},
        "voortgangRapporteren": {"verslag": "Het ruimtelijk voorstel is in concept gereed."},
        "afspraakInWerkingStellen": {},
        "afspraakOpschorten": {},
        "afspraakHervatten": {},
        "afspraakStopzetten": {},
    }
    invoer = wijziging(afspraak_id, versie, **extra[mutatie])
    if mutatie == "afspraakRectificeren":
        invoer.pop("bronnen")
        invoer["bronnen"] = [bron("2023-03-01", "Erratum register")]
    return invoer


def stand(client: TestClient, afspraak_id: str, token: str) -> tuple[Any, list[Any]]:
    """Wat er van een afspraak is opgeslagen: versie nu en de volledige geschiedenis."""
    a = vraag_afspraak(client, afspraak_id, token)
    g = geschiedenis(client, afspraak_id, token)
    return (None if a is None else a["versie"]), [(x["versie"], x["soort"]) for x in g]


def alle_afspraken(client: TestClient, token: str) -> list[str]:
    d = gql(client, "{ afspraken(first: 100) { edges { node { id } } } }", token=token)
    return [e["node"]["id"] for e in d["afspraken"]["edges"]]


@pytest.fixture
def afspraak(client: TestClient, token_bzk: str) -> str:
    """Een afspraak tussen BZK en Gelderland, vastgelegd op 2022-12-09, met verplichting v1."""
    return leg_vast(client, token_bzk)


@pytest.fixture
def afspraak_met_drie_partijen(client: TestClient, token_bzk: str) -> str:
    return leg_vast(client, token_bzk, partijen=DRIE_PARTIJEN)


def opgeslagen(r: dict[str, Any], versie: int, soort: str, actor: str) -> dict[str, Any]:
    assert r["__typename"] == "AfspraakOpgeslagen", r
    assert r["afspraak"]["versie"] == versie
    assert r["gebeurtenis"]["versie"] == versie
    assert r["gebeurtenis"]["soort"] == soort
    assert r["gebeurtenis"]["actor"] == actor
    assert r["gebeurtenis"]["ontvangenOp"].endswith("+00:00")
    return r


def partij(a: dict[str, Any] | None, overheid: str) -> dict[str, Any]:
    assert a is not None
    gevonden = [p for p in a["partijen"] if p["overheid"]["id"] == overheid]
    assert len(gevonden) == 1, a["partijen"]
    return gevonden[0]


def verplichting(a: dict[str, Any] | None, vid: str) -> dict[str, Any]:
    assert a is not None
    gevonden = [v for v in a["verplichtingen"] if v["id"] == vid]
    assert len(gevonden) == 1, a["verplichtingen"]
    return gevonden[0]


def soorten(a: dict[str, Any] | None) -> list[str]:
    assert a is not None
    return [g["soort"] for g in a["gebeurtenissen"]]


# -- elke mutatie slaagt, en de volgende vraag ziet het ---------------------------------------


def test_vastleggen_slaat_de_afspraak_op_zoals_ingevoerd(
        client: TestClient, token_bzk: str) -> None:
    invoer = vastleggen_invoer(bedragen=[
        {"omschrijving": "Transitiefonds landelijk gebied", "bedrag": "24300000000",
         "soort": "MAXIMUM"},
        {"omschrijving": "Rijksbijdrage", "bedrag": "1000000.5"}])
    r = opgeslagen(muteer(client, "afspraakVastleggen", invoer, token_bzk),
                   1, "Vastgelegd", M_BZK)
    assert r["afspraak"]["status"] == "VAN_KRACHT"
    assert r["gebeurtenis"]["geldigVanaf"] == "2022-12-09"
    assert r["gebeurtenis"]["juridischWerkendVanaf"] == "2022-12-09"
    assert r["gebeurtenis"]["bekendOp"] == "2022-12-09"
    assert r["gebeurtenis"]["bronnen"][0]["titel"] == "Brief startpakket NOVEX"
    a = vraag_afspraak(client, r["afspraak"]["id"])
    assert a is not None
    assert (a["titel"], a["soort"], a["programma"], a["status"], a["versie"]) == (
        "Ruimtelijk arrangement NOVEX Gelderland", "ruimtelijk arrangement", "NOVEX",
        "VAN_KRACHT", 1)
    assert {p["overheid"]["id"] for p in a["partijen"]} == {M_BZK, P_GELDERLAND}
    assert partij(a, M_BZK)["naamInBron"] == "Minister voor VRO"
    assert partij(a, M_BZK)["binding"] == "ONDERTEKENAAR"
    assert partij(a, P_GELDERLAND)["overheid"]["soort"] == "PROVINCIE"
    v1 = verplichting(a, "v1")
    assert (v1["status"], v1["partij"]["id"], v1["uiterlijk"]) == (
        "OPEN", P_GELDERLAND, {"waarde": "2023-06-03", "precisie": "DAG", "tekst": None})
    assert a["bedragen"] == [
        {"omschrijving": "Transitiefonds landelijk gebied", "bedrag": "24300000000.00",
         "soort": "MAXIMUM"},
        {"omschrijving": "Rijksbijdrage", "bedrag": "1000000.50", "soort": "EXACT"}]
    assert soorten(a) == ["Vastgelegd"]


def test_wijzigen_geeft_een_nieuwe_versie_met_de_nieuwe_inhoud(
        client: TestClient, afspraak: str, token_gelderland: str) -> None:
    r = opgeslagen(muteer(client, "afspraakWijzigen", wijziging(
        afspraak, 1, titel="NOVEX-arrangement Gelderland", programma="NOVEX/NPLG",
        bedragen=[{"omschrijving": "Rijksbijdrage", "bedrag": "2000000"}]),
        token_gelderland), 2, "Gewijzigd", P_GELDERLAND)
    assert r["afspraak"]["titel"] == "NOVEX-arrangement Gelderland"
    assert r["gebeurtenis"]["toelichting"] == "Besluit uit het bestuurlijk overleg"
    a = vraag_afspraak(client, afspraak)
    assert a is not None
    assert (a["titel"], a["programma"], a["versie"]) == (
        "NOVEX-arrangement Gelderland", "NOVEX/NPLG", 2)
    assert a["inhoud"] == "Wederkerige afspraken over de ruimtelijke inrichting."
    assert a["bedragen"][0]["bedrag"] == "2000000.00"
    assert soorten(a) == ["Vastgelegd", "Gewijzigd"]


def test_rectificeren_corrigeert_zonder_nieuw_besluit(
        client: TestClient, afspraak: str, token_bzk: str) -> None:
    r = opgeslagen(muteer(client, "afspraakRectificeren", geldige_invoer(
        "afspraakRectificeren", afspraak, 1), token_bzk), 2, "Gerectificeerd", M_BZK)
    assert r["gebeurtenis"]["rectificeert"] == 1
    # Een rectificatie neemt werking en geldigheid over van wat zij corrigeert.
    assert r["gebeurtenis"]["geldigVanaf"] == "2022-12-09"
    assert r["gebeurtenis"]["juridischWerkendVanaf"] == "2022-12-09"
    a = vraag_afspraak(client, afspraak)
    assert a is not None and a["versie"] == 2
    assert a["inhoud"] == "Wederkerige afspraken over de ruimtelijke inrichting van Gelderland."
    assert a["titel"] == "Ruimtelijk arrangement NOVEX Gelderland"
    assert soorten(a) == ["Vastgelegd", "Gerectificeerd"]


def test_afhechten_zet_de_status_op_afgehecht_met_de_uitkomst_per_verplichting(
        client: TestClient, afspraak: str, token_bzk: str) -> None:
    r = opgeslagen(muteer(client, "afspraakAfhechten", wijziging(
        afspraak, 1, "2024-06-01", wijze="STOPGEZET", toelichting="Gestopt na de evaluatie",
        verplichtingen=[{"verplichting": "v1", "uitkomst": "BEEINDIGD"}]), token_bzk),
        2, "Afgehecht", M_BZK)
    assert r["afspraak"]["status"] == "AFGEHECHT"
    a = vraag_afspraak(client, afspraak)
    assert a is not None
    assert a["status"] == "AFGEHECHT" and a["versie"] == 2
    assert a["afhechting"] == {"wijze": "STOPGEZET", "geldigVanaf": "2024-06-01",
                               "toelichting": "Gestopt na de evaluatie", "vervangenDoor": None}
    assert verplichting(a, "v1")["status"] == "VERVALLEN"
    assert soorten(a) == ["Vastgelegd", "Afgehecht"]
    # Voor de geldigheid van de afhechting was zij nog van kracht.
    eerder = vraag_afspraak(client, afspraak, geldigOp="2024-05-31")
    assert eerder is not None and eerder["status"] == "VAN_KRACHT"
    assert eerder["afhechting"] is None


def test_afhechten_als_vervangen_wijst_de_opvolger_aan(
        client: TestClient, afspraak: str, token_bzk: str) -> None:
    opvolger = leg_vast(client, token_bzk, titel="Ruimtelijk arrangement NOVEX Gelderland 2025")
    opgeslagen(muteer(client, "afspraakAfhechten", wijziging(
        afspraak, 1, "2024-06-01", wijze="VERVANGEN", vervangenDoor=opvolger), token_bzk),
        2, "Afgehecht", M_BZK)
    a = vraag_afspraak(client, afspraak)
    assert a is not None and a["afhechting"]["wijze"] == "VERVANGEN"
    assert a["afhechting"]["vervangenDoor"] == {
        "id": opvolger, "titel": "Ruimtelijk arrangement NOVEX Gelderland 2025"}


def test_een_partij_treedt_toe_en_staat_daarna_bij_de_partijen(
        client: TestClient, afspraak: str, token_bzk: str) -> None:
    opgeslagen(muteer(client, "partijToetreden", wijziging(afspraak, 1, partij={
        "overheid": P_UTRECHT, "rol": "aangesloten provincie", "binding": "STEUNVERKLARING",
        "naamInBron": "Gedeputeerde Staten van Utrecht"}), token_bzk),
        2, "PartijToegetreden", M_BZK)
    a = vraag_afspraak(client, afspraak)
    assert a is not None and a["versie"] == 2
    assert {p["overheid"]["id"] for p in a["partijen"]} == {M_BZK, P_GELDERLAND, P_UTRECHT}
    u = partij(a, P_UTRECHT)
    assert (u["rol"], u["binding"], u["naamInBron"]) == (
        "aangesloten provincie", "STEUNVERKLARING", "Gedeputeerde Staten van Utrecht")
    assert soorten(a) == ["Vastgelegd", "PartijToegetreden"]


def test_een_partij_treedt_uit_en_staat_daarna_niet_meer_bij_de_partijen(
        client: TestClient, afspraak_met_drie_partijen: str, token_bzk: str) -> None:
    x = afspraak_met_drie_partijen
    token_gemeente = client.app_state.tokens.aanmaken(GM_UTRECHT)  # type: ignore[attr-defined]
    opgeslagen(muteer(client, "partijUittreden", geldige_invoer("partijUittreden", x, 1),
                      token_gemeente), 2, "PartijUitgetreden", GM_UTRECHT)
    a = vraag_afspraak(client, x)
    assert a is not None and a["versie"] == 2
    assert {p["overheid"]["id"] for p in a["partijen"]} == {M_BZK, P_GELDERLAND}
    # Voor haar uittreden was de gemeente partij.
    eerder = vraag_afspraak(client, x, geldigOp="2023-02-28")
    assert eerder is not None
    assert GM_UTRECHT in {p["overheid"]["id"] for p in eerder["partijen"]}


def test_ondertekenen_zet_de_datum_bij_de_partij(
        client: TestClient, afspraak: str, token_gelderland: str) -> None:
    r = opgeslagen(muteer(client, "afspraakOndertekenen", geldige_invoer(
        "afspraakOndertekenen", afspraak, 1), token_gelderland), 2, "Ondertekend", P_GELDERLAND)
    # Zonder opgave werkt de ondertekening juridisch vanaf de ondertekendatum.
    assert r["gebeurtenis"]["juridischWerkendVanaf"] == "2022-12-12"
    a = vraag_afspraak(client, afspraak)
    assert partij(a, P_GELDERLAND)["ondertekendOp"] == "2022-12-12"
    assert partij(a, M_BZK)["ondertekendOp"] is None
    assert soorten(a) == ["Vastgelegd", "Ondertekend"]


def test_een_voorwaardelijk_standpunt_staat_met_zijn_voorwaarden_bij_de_partij(
        client: TestClient, afspraak: str, token_gelderland: str) -> None:
    opgeslagen(muteer(client, "standpuntInnemen", wijziging(
        afspraak, 1, overheid=P_GELDERLAND, standpunt="VOORWAARDELIJK",
        voorwaarden="Alleen als het Rijk de financiering structureel maakt"), token_gelderland),
        2, "StandpuntIngenomen", P_GELDERLAND)
    d = gql(client, "query($id: ID!) { afspraak(id: $id) { versie partijen { overheid { id } "
            "standpunt voorwaarden } } }", {"id": afspraak})["afspraak"]
    assert d["versie"] == 2
    g = next(p for p in d["partijen"] if p["overheid"]["id"] == P_GELDERLAND)
    assert g["standpunt"] == "VOORWAARDELIJK"
    assert g["voorwaarden"] == "Alleen als het Rijk de financiering structureel maakt"
    b = next(p for p in d["partijen"] if p["overheid"]["id"] == M_BZK)
    assert b["standpunt"] is None


def test_een_nieuwe_verplichting_is_open_met_haar_vage_deadline(
        client: TestClient, afspraak: str, token_bzk: str) -> None:
    opgeslagen(muteer(client, "verplichtingVastleggen", geldige_invoer(
        "verplichtingVastleggen", afspraak, 1), token_bzk), 2, "VerplichtingVastgelegd", M_BZK)
    a = vraag_afspraak(client, afspraak)
    assert a is not None and [v["id"] for v in a["verplichtingen"]] == ["v1", "v2"]
    v2 = verplichting(a, "v2")
    assert v2["omschrijving"] == "Uitvoeringsagenda opstellen"
    assert v2["status"] == "OPEN" and v2["binding"] == "BESTUURLIJK"
    assert v2["uiterlijk"] == {"waarde": "2025-07", "precisie": "MAAND", "tekst": "medio 2025"}
    assert soorten(a) == ["Vastgelegd", "VerplichtingVastgelegd"]


def test_een_verschoven_deadline_is_meteen_zichtbaar(
        client: TestClient, afspraak: str, token_gelderland: str) -> None:
    opgeslagen(muteer(client, "verplichtingWijzigen", geldige_invoer(
        "verplichtingWijzigen", afspraak, 1), token_gelderland), 2, "VerplichtingGewijzigd",
        P_GELDERLAND)
    a = vraag_afspraak(client, afspraak)
    v1 = verplichting(a, "v1")
    assert v1["uiterlijk"]["waarde"] == "2023-10-01"
    assert v1["omschrijving"] == "Ruimtelijk voorstel indienen"
    assert soorten(a) == ["Vastgelegd", "VerplichtingGewijzigd"]


def test_een_nagekomen_verplichting_heeft_status_nagekomen(
        client: TestClient, afspraak: str, token_gelderland: str) -> None:
    opgeslagen(muteer(client, "verplichtingNakomen", geldige_invoer(
        "verplichtingNakomen", afspraak, 1), token_gelderland), 2, "VerplichtingNagekomen",
        P_GELDERLAND)
    a = vraag_afspraak(client, afspraak)
    assert verplichting(a, "v1")["status"] == "NAGEKOMEN"
    assert a is not None and a["versie"] == 2 and a["status"] == "VAN_KRACHT"
    assert soorten(a) == ["Vastgelegd", "VerplichtingNagekomen"]


def test_een_vervallen_verplichting_heeft_status_vervallen(
        client: TestClient, afspraak: str, token_bzk: str) -> None:
    opgeslagen(muteer(client, "verplichtingVervallen", geldige_invoer(
        "verplichtingVervallen", afspraak, 1), token_bzk), 2, "VerplichtingVervallen", M_BZK)
    a = vraag_afspraak(client, afspraak)
    assert verplichting(a, "v1")["status"] == "VERVALLEN"
    assert soorten(a) == ["Vastgelegd", "VerplichtingVervallen"]


def test_een_voortgangsrapportage_staat_in_de_geschiedenis(
        client: TestClient, afspraak: str, token_gelderland: str) -> None:
    opgeslagen(muteer(client, "voortgangRapporteren", geldige_invoer(
        "voortgangRapporteren", afspraak, 1), token_gelderland), 2, "VoortgangGerapporteerd",
        P_GELDERLAND)
    a = vraag_afspraak(client, afspraak)
    assert a is not None and a["versie"] == 2
    assert soorten(a) == ["Vastgelegd", "VoortgangGerapporteerd"]
    g = geschiedenis(client, afspraak)[1]
    assert g["verslag"] == "Het ruimtelijk voorstel is in concept gereed."
    assert g["actor"] == P_GELDERLAND


def test_een_afspraak_in_voorbereiding_treedt_in_werking(
        client: TestClient, token_bzk: str) -> None:
    x = leg_vast(client, token_bzk, inVoorbereiding=True)
    a = vraag_afspraak(client, x)
    assert a is not None and a["status"] == "IN_VOORBEREIDING"
    r = opgeslagen(muteer(client, "afspraakInWerkingStellen", wijziging(x, 1, "2023-01-01"),
                          token_bzk), 2, "InWerkingGetreden", M_BZK)
    assert r["afspraak"]["status"] == "VAN_KRACHT"
    a = vraag_afspraak(client, x)
    assert a is not None and a["status"] == "VAN_KRACHT" and a["versie"] == 2
    assert soorten(a) == ["Vastgelegd", "InWerkingGetreden"]
    eerder = vraag_afspraak(client, x, geldigOp="2022-12-31")
    assert eerder is not None and eerder["status"] == "IN_VOORBEREIDING"


def test_een_opgeschorte_afspraak_wordt_hervat(
        client: TestClient, afspraak: str, token_bzk: str, token_gelderland: str) -> None:
    opgeslagen(muteer(client, "afspraakOpschorten", wijziging(afspraak, 1, "2023-03-01"),
                      token_bzk), 2, "Opgeschort", M_BZK)
    a = vraag_afspraak(client, afspraak)
    assert a is not None and a["status"] == "OPGESCHORT"
    opgeslagen(muteer(client, "afspraakHervatten", wijziging(afspraak, 2, "2023-09-01"),
                      token_gelderland), 3, "Hervat", P_GELDERLAND)
    a = vraag_afspraak(client, afspraak)
    assert a is not None and a["status"] == "VAN_KRACHT" and a["versie"] == 3
    assert soorten(a) == ["Vastgelegd", "Opgeschort", "Hervat"]
    tussendoor = vraag_afspraak(client, afspraak, geldigOp="2023-06-01")
    assert tussendoor is not None and tussendoor["status"] == "OPGESCHORT"


VOOR_ZICHZELF = ("partijUittreden", "afspraakOndertekenen", "standpuntInnemen")


def test_elke_wijzigende_mutatie_slaagt_en_verhoogt_de_versie(
        client: TestClient, token_bzk: str) -> None:
    misser = []
    for mutatie in WIJZIGENDE_MUTATIES:
        x = leg_vast(client, token_bzk, partijen=DRIE_PARTIJEN, titel=f"Afspraak voor {mutatie}")
        # BZK tekent, neemt een standpunt in en treedt uit voor zichzelf, niet voor een ander.
        zelf = {"overheid": M_BZK} if mutatie in VOOR_ZICHZELF else {}
        r = muteer(client, mutatie, geldige_invoer(mutatie, x, 1) | zelf, token_bzk)
        g = geschiedenis(client, x)
        if (r["__typename"] != "AfspraakOpgeslagen" or vraag_afspraak(client, x) is None
                or [e["versie"] for e in g] != [1, 2] or g[1]["actor"] != M_BZK):
            misser.append((mutatie, r, g))
    assert misser == []


# -- de actor komt uit het token, nooit uit de invoer -----------------------------------------


def test_de_actor_is_de_overheid_van_het_token(
        client: TestClient, afspraak: str, token_gelderland: str, beheerder: str) -> None:
    opgeslagen(muteer(client, "voortgangRapporteren", geldige_invoer(
        "voortgangRapporteren", afspraak, 1), token_gelderland), 2, "VoortgangGerapporteerd",
        P_GELDERLAND)
    opgeslagen(muteer(client, "voortgangRapporteren", geldige_invoer(
        "voortgangRapporteren", afspraak, 2), beheerder), 3, "VoortgangGerapporteerd", BEHEER)
    assert [g["actor"] for g in geschiedenis(client, afspraak)] == [M_BZK, P_GELDERLAND, BEHEER]


def test_een_actor_in_de_invoer_wordt_geweigerd_en_slaat_niets_op(
        client: TestClient, afspraak: str, token_gelderland: str) -> None:
    voor = stand(client, afspraak, token_gelderland)
    invoer = {**geldige_invoer("voortgangRapporteren", afspraak, 1), "actor": M_BZK}
    status, body = gql_antwoord(
        client, "mutation($i: VoortgangRapporterenInput!) { voortgangRapporteren(input: $i) "
        "{ __typename } }", {"i": invoer}, token_gelderland)
    assert status in (200, 400), body
    assert body.get("data") is None and body["errors"]
    assert stand(client, afspraak, token_gelderland) == voor


# -- verwachte fouten: getypeerd, met code en melding, en niets opgeslagen --------------------


def test_ongeldige_vastlegging_noemt_elk_fout_veld_en_slaat_niets_op(
        client: TestClient, token_bzk: str, beheerder: str) -> None:
    invoer = vastleggen_invoer(
        partijen=[{"overheid": M_BZK, "rol": "opdrachtgever"}],
        verplichtingen=[{"omschrijving": "Ruimtelijk voorstel indienen", "partij": P_GELDERLAND,
                         "uiterlijk": "medio 2023"}],
        bedragen=[{"omschrijving": "Rijksbijdrage", "bedrag": "een miljoen"}],
        bronnen=[])
    r = muteer(client, "afspraakVastleggen", invoer, token_bzk)
    assert r["__typename"] == "Ongeldig", r
    assert r["code"] == "ONGELDIG" and r["melding"]
    velden = {v["veld"] for v in r["velden"]}
    assert {"partijen", "verplichtingen[0].uiterlijk", "bedragen[0].bedrag", "bronnen"} <= velden
    assert all(v["melding"] for v in r["velden"])
    assert alle_afspraken(client, beheerder) == []


def test_een_onbekende_overheid_als_partij_is_ongeldig(
        client: TestClient, token_bzk: str, beheerder: str) -> None:
    invoer = vastleggen_invoer(partijen=[
        {"overheid": M_BZK, "rol": "opdrachtgever"},
        {"overheid": "https://identifier.overheid.nl/tooi/id/provincie/pv99", "rol": "x"}])
    r = muteer(client, "afspraakVastleggen", invoer, token_bzk)
    assert r["__typename"] == "Ongeldig", r
    assert [v["veld"] for v in r["velden"]] == ["partijen[1].overheid"]
    assert alle_afspraken(client, beheerder) == []


ONGELDIGE_WIJZIGINGEN = [
    ("afspraakWijzigen", {"toelichting": None}, "toelichting"),
    ("afspraakWijzigen", {"geldigVanaf": "2024-01-01", "geldigTot": "2023-01-01"}, "geldigTot"),
    ("afspraakWijzigen", {"titel": None}, "input"),
    ("afspraakWijzigen", {"bronnen": []}, "bronnen"),
    ("afspraakRectificeren", {"rectificeert": 7}, "rectificeert"),
    ("afspraakAfhechten", {"wijze": "VERVANGEN"}, "vervangenDoor"),
    ("afspraakAfhechten", {"wijze": "VERVANGEN", "vervangenDoor": str(uuid.uuid4())},
     "vervangenDoor"),
    ("afspraakAfhechten", {"wijze": "OPGEGEVEN"}, "wijze"),
    ("partijToetreden", {"partij": {"overheid": P_GELDERLAND, "rol": "uitvoerder"}},
     "partij.overheid"),
    ("partijUittreden", {"overheid": P_UTRECHT}, "overheid"),
    ("afspraakOndertekenen", {"overheid": P_UTRECHT}, "overheid"),
    ("standpuntInnemen", {"standpunt": "MISSCHIEN"}, "standpunt"),
    ("standpuntInnemen", {"standpunt": "VOORWAARDELIJK"}, "voorwaarden"),
    ("verplichtingVastleggen", {"verplichting": {"omschrijving": "Iets", "partij": P_GELDERLAND,
                                                 "uiterlijk": "2023-13"}},
     "verplichting.uiterlijk"),
    ("verplichtingWijzigen", {"verplichting": "v9"}, "verplichting"),
    ("verplichtingNakomen", {"verplichting": "v9"}, "verplichting"),
    ("verplichtingVervallen", {"verplichting": "v9"}, "verplichting"),
    ("voortgangRapporteren", {"verslag": "  "}, "verslag"),
    ("afspraakOpschorten", {"bronnen": [bron("2023-03-01") | {"titel": ""}]}, "bronnen[0].titel"),
]


@pytest.mark.parametrize(("mutatie", "fout", "veld"), ONGELDIGE_WIJZIGINGEN,
                         ids=[f"{m}-{v}" for m, _, v in ONGELDIGE_WIJZIGINGEN])
def test_een_ongeldige_wijziging_noemt_het_veld_en_slaat_niets_op(
        client: TestClient, afspraak: str, token_bzk: str, beheerder: str, mutatie: str,
        fout: dict[str, Any], veld: str) -> None:
    voor = stand(client, afspraak, token_bzk)
    invoer = {**geldige_invoer(mutatie, afspraak, 1), **fout}
    # Als beheerder, zodat de controle van de invoer aan bod komt (een partij die voor een
    # ander tekent of een ander laat uittreden, hoort eerder NietToegestaan).
    r = muteer(client, mutatie, invoer, beheerder)
    assert r["__typename"] == "Ongeldig", r
    assert r["code"] == "ONGELDIG" and r["melding"]
    assert veld in [v["veld"] for v in r["velden"]], r["velden"]
    assert stand(client, afspraak, token_bzk) == voor


def test_een_verouderde_versie_geeft_een_versieconflict_en_slaat_niets_op(
        client: TestClient, afspraak: str, token_bzk: str, token_gelderland: str) -> None:
    opgeslagen(muteer(client, "afspraakWijzigen", wijziging(afspraak, 1, titel="Nieuw"),
                      token_gelderland), 2, "Gewijzigd", P_GELDERLAND)
    voor = stand(client, afspraak, token_bzk)
    r = muteer(client, "afspraakWijzigen", wijziging(afspraak, 1, titel="Ook nieuw"), token_bzk)
    assert r["__typename"] == "VersieConflict", r
    assert (r["code"], r["verwachteVersie"], r["huidigeVersie"]) == ("VERSIE_CONFLICT", 1, 2)
    assert r["melding"]
    assert stand(client, afspraak, token_bzk) == voor
    a = vraag_afspraak(client, afspraak)
    assert a is not None and a["titel"] == "Nieuw"


def test_elke_wijzigende_mutatie_weigert_een_verkeerde_versie(
        client: TestClient, afspraak_met_drie_partijen: str, token_bzk: str) -> None:
    x = afspraak_met_drie_partijen
    voor = stand(client, x, token_bzk)
    misser = []
    for mutatie in WIJZIGENDE_MUTATIES:
        for verwacht in (0, 7):
            r = muteer(client, mutatie, geldige_invoer(mutatie, x, verwacht), token_bzk)
            if (r["__typename"], r.get("code"), r.get("verwachteVersie"),
                    r.get("huidigeVersie")) != ("VersieConflict", "VERSIE_CONFLICT", verwacht, 1):
                misser.append((mutatie, verwacht, r))
    assert misser == []
    assert stand(client, x, token_bzk) == voor


def test_elke_wijzigende_mutatie_op_een_onbekende_afspraak_geeft_niet_gevonden(
        client: TestClient, token_bzk: str, beheerder: str) -> None:
    misser = []
    for afspraak_id in (str(uuid.uuid4()), "geen-uuid", ""):
        for mutatie in WIJZIGENDE_MUTATIES:
            r = muteer(client, mutatie, geldige_invoer(mutatie, afspraak_id, 1), token_bzk)
            if r["__typename"] != "NietGevonden" or r.get("code") != "NIET_GEVONDEN" or not r.get(
                    "melding"):
                misser.append((afspraak_id, mutatie, r))
    assert misser == []
    assert alle_afspraken(client, beheerder) == []


def test_afhechten_door_een_onbekende_opvolger_slaat_niets_op(
        client: TestClient, afspraak: str, token_bzk: str) -> None:
    voor = stand(client, afspraak, token_bzk)
    r = muteer(client, "afspraakAfhechten", wijziging(
        afspraak, 1, wijze="VERVANGEN", vervangenDoor="geen-uuid"), token_bzk)
    assert r["__typename"] in ("Ongeldig", "NietGevonden"), r
    assert r["melding"]
    assert stand(client, afspraak, token_bzk) == voor


@pytest.mark.parametrize("soort_token", ["geen", "onbekend", "ingetrokken", "geen partij",
                                         "geen bearer"])
def test_schrijven_zonder_geldig_token_van_een_partij_is_niet_toegestaan(
        client: TestClient, afspraak_met_drie_partijen: str, token_bzk: str,
        token_utrecht: str, soort_token: str) -> None:
    x = afspraak_met_drie_partijen
    token: str | None
    if soort_token == "geen":
        token = None
    elif soort_token == "onbekend":
        token = "ar_" + "x" * 43
    elif soort_token == "ingetrokken":
        token = client.app_state.tokens.aanmaken(P_GELDERLAND)  # type: ignore[attr-defined]
        assert client.app_state.tokens.intrekken(token)  # type: ignore[attr-defined]
    elif soort_token == "geen partij":
        token = token_utrecht
    else:
        token = None
    voor = stand(client, x, token_bzk)
    misser = []
    for mutatie in ("afspraakVastleggen", *WIJZIGENDE_MUTATIES):
        invoer = (vastleggen_invoer() if mutatie == "afspraakVastleggen"
                  else geldige_invoer(mutatie, x, 1))
        invoertype = (mutatie[0].upper() + mutatie[1:] + "Input")
        if mutatie in ("verplichtingNakomen", "verplichtingVervallen"):
            invoertype = "VerplichtingBetreffendInput"
        if mutatie in ("afspraakInWerkingStellen", "afspraakOpschorten", "afspraakHervatten",
                       "afspraakStopzetten"):
            invoertype = "StatusWijzigenInput"
        q = (f"mutation($i: {invoertype}!) {{ {mutatie}(input: $i) {{ __typename "
             "... on Fout { code melding } } }")
        headers = {}
        if soort_token == "geen bearer":
            headers["Authorization"] = "Basic YmVoZWVyZGVyOmdlaGVpbQ=="
        elif token is not None:
            headers["Authorization"] = f"Bearer {token}"
        http = client.post("/graphql", json={"query": q, "variables": {"i": invoer}},
                           headers=headers)
        assert http.status_code == 200, http.text
        r = http.json()["data"][mutatie]
        if (r["__typename"], r.get("code")) != ("NietToegestaan", "NIET_TOEGESTAAN") or not r.get(
                "melding"):
            misser.append((mutatie, r))
    assert misser == []
    assert stand(client, x, token_bzk) == voor
    # Ook geen nieuwe afspraak uit de geweigerde vastlegging.
    assert alle_afspraken(client, token_bzk) == [x]


def test_na_afhechting_weigert_elke_wijziging_behalve_een_rectificatie(
        client: TestClient, afspraak_met_drie_partijen: str, token_bzk: str) -> None:
    x = afspraak_met_drie_partijen
    opgeslagen(muteer(client, "afspraakAfhechten", wijziging(x, 1, "2024-06-01",
                                                             wijze="NAGEKOMEN"), token_bzk),
               2, "Afgehecht", M_BZK)
    voor = stand(client, x, token_bzk)
    misser = []
    for mutatie in WIJZIGENDE_MUTATIES:
        if mutatie == "afspraakRectificeren":
            continue
        r = muteer(client, mutatie, geldige_invoer(mutatie, x, 2), token_bzk)
        if (r["__typename"], r.get("code")) != ("AfspraakIsAfgehecht",
                                                "AFSPRAAK_IS_AFGEHECHT") or not r.get("melding"):
            misser.append((mutatie, r))
    assert misser == []
    assert stand(client, x, token_bzk) == voor
    # Een rectificatie blijft mogelijk: zij corrigeert wat het register vastlegde.
    opgeslagen(muteer(client, "afspraakRectificeren", geldige_invoer(
        "afspraakRectificeren", x, 2), token_bzk), 3, "Gerectificeerd", M_BZK)
    a = vraag_afspraak(client, x)
    assert a is not None and a["status"] == "AFGEHECHT"
    assert a["inhoud"] == "Wederkerige afspraken over de ruimtelijke inrichting van Gelderland."


# -- fouten op GraphQL-niveau: `errors`, geen 500, niets opgeslagen ---------------------------


@pytest.mark.parametrize("document", [
    # verkeerd type: verwachteVersie is een Int
    'mutation { afspraakWijzigen(input: {id: "$ID", verwachteVersie: "een", '
    'toelichting: "t", titel: "x", bronnen: [{titel: "b", soort: "brief", '
    'datum: "2023-03-01"}]}) { __typename } }',
    # verplicht veld ontbreekt: bronnen
    'mutation { afspraakWijzigen(input: {id: "$ID", verwachteVersie: 1, toelichting: "t", '
    'titel: "x"}) { __typename } }',
    # ongeldige datum
    'mutation { afspraakWijzigen(input: {id: "$ID", verwachteVersie: 1, toelichting: "t", '
    'titel: "x", bronnen: [{titel: "b", soort: "brief", datum: "1 maart 2023"}]}) '
    '{ __typename } }',
    # onbekend veld
    'mutation { afspraakWijzigen(input: {id: "$ID", verwachteVersie: 1, toelichting: "t", '
    'titel: "x", bestaatNiet: 1, bronnen: [{titel: "b", soort: "brief", '
    'datum: "2023-03-01"}]}) { __typename } }',
    # onbekende mutatie
    'mutation { afspraakVernietigen(id: "$ID") { __typename } }',
], ids=["verkeerd-type", "verplicht-veld-ontbreekt", "ongeldige-datum", "onbekend-veld",
        "onbekende-mutatie"])
def test_een_fout_in_het_graphql_document_geeft_errors_en_geen_500(
        client: TestClient, afspraak: str, token_bzk: str, document: str) -> None:
    voor = stand(client, afspraak, token_bzk)
    status, body = gql_antwoord(client, document.replace("$ID", afspraak), token=token_bzk)
    assert status in (200, 400), body
    assert body.get("data") is None
    assert body["errors"] and all(e["message"] for e in body["errors"])
    assert "Traceback" not in str(body)
    assert stand(client, afspraak, token_bzk) == voor


def foute_variabelen(afspraak: str) -> list[tuple[str, dict[str, Any]]]:
    """Invoer die GraphQL zelf al weigert, met het veld dat de melding moet noemen."""
    verkeerd_type = {**geldige_invoer("afspraakWijzigen", afspraak, 1), "verwachteVersie": "een"}
    zonder_bronnen = geldige_invoer("afspraakWijzigen", afspraak, 1)
    del zonder_bronnen["bronnen"]
    met_actor = {**geldige_invoer("afspraakWijzigen", afspraak, 1), "actor": M_BZK}
    return [("verwachteVersie", verkeerd_type), ("bronnen", zonder_bronnen),
            ("actor", met_actor)]


WIJZIGEN = "mutation($i: AfspraakWijzigenInput!) { afspraakWijzigen(input: $i) { __typename } }"


def test_een_fout_in_de_variabelen_geeft_errors_en_geen_500(
        client: TestClient, afspraak: str, token_bzk: str) -> None:
    voor = stand(client, afspraak, token_bzk)
    for _, invoer in foute_variabelen(afspraak):
        status, body = gql_antwoord(client, WIJZIGEN, {"i": invoer}, token_bzk)
        assert status in (200, 400), body
        assert body.get("data") is None and body["errors"]
        assert "Traceback" not in str(body)
    assert stand(client, afspraak, token_bzk) == voor


def test_de_melding_bij_een_fout_in_de_variabelen_noemt_het_veld(
        client: TestClient, afspraak: str, token_bzk: str) -> None:
    """Een fout van de aanroeper is geen onverwachte fout: hij hoort te lezen wat er mis is."""
    meldingen = {}
    for veld, invoer in foute_variabelen(afspraak):
        _, body = gql_antwoord(client, WIJZIGEN, {"i": invoer}, token_bzk)
        meldingen[veld] = body["errors"][0]["message"]
    assert {v: v in m for v, m in meldingen.items()} == {
        "verwachteVersie": True, "bronnen": True, "actor": True}, meldingen


# -- tijd en geld in antwoorden ----------------------------------------------------------------


def test_ontvangen_op_wordt_in_utc_beantwoord_en_een_offset_in_de_vraag_telt(
        client: TestClient, klok: StapKlok, token_bzk: str) -> None:
    klok.zet("2026-03-01T10:00:00+01:00")
    r = opgeslagen(muteer(client, "afspraakVastleggen", vastleggen_invoer(), token_bzk),
                   1, "Vastgelegd", M_BZK)
    x = r["afspraak"]["id"]
    assert r["gebeurtenis"]["ontvangenOp"] == "2026-03-01T09:00:00.001000+00:00"
    assert geschiedenis(client, x)[0]["ontvangenOp"] == "2026-03-01T09:00:00.001000+00:00"
    # 10:00 in Nederland (winter) is 09:00 UTC: toen was de afspraak nog niet ontvangen.
    assert vraag_afspraak(client, x, ontvangenOp="2026-03-01T10:00:00+01:00") is None
    assert vraag_afspraak(client, x, ontvangenOp="2026-03-01T10:00:00.002+01:00") is not None
    assert vraag_afspraak(client, x, ontvangenOp="2026-03-01T09:30:00+00:00") is not None
    assert vraag_afspraak(client, x, ontvangenOp="2026-03-01T09:30:00+01:00") is None
    assert vraag_afspraak(client, x, ontvangenOp="2026-03-01T04:30:00-05:00") is not None
    d = gql(client, "query($t: DateTime) { afspraken(ontvangenOp: $t) { edges { node { id } } } }",
            {"t": "2026-03-01T09:59:59+01:00"})
    assert d["afspraken"]["edges"] == []
    d = gql(client, "query($t: DateTime) { afspraken(ontvangenOp: $t) { edges { node { id } } } }",
            {"t": "2026-03-01T10:00:01+01:00"})
    assert [e["node"]["id"] for e in d["afspraken"]["edges"]] == [x]


def test_eurobedragen_zijn_exacte_decimale_teksten(
        client: TestClient, token_bzk: str) -> None:
    x = leg_vast(client, token_bzk, bedragen=[
        {"omschrijving": "Transitiefonds (Kamerbrief)", "bedrag": "24300000000.00",
         "soort": "INDICATIEF"},
        {"omschrijving": "Transitiefonds (coalitieakkoord)", "bedrag": "25000000000"},
        {"omschrijving": "Kleine bijdrage", "bedrag": "0.1"},
        {"omschrijving": "Precies", "bedrag": "1234567890123.45"}])
    a = vraag_afspraak(client, x)
    assert a is not None
    assert [b["bedrag"] for b in a["bedragen"]] == [
        "24300000000.00", "25000000000.00", "0.10", "1234567890123.45"]
    assert [b["soort"] for b in a["bedragen"]] == ["INDICATIEF", "EXACT", "EXACT", "EXACT"]


@pytest.mark.parametrize("bedrag", ["12,50", "0.001", "NaN", "1e15", "een miljoen"])
def test_een_onexact_eurobedrag_is_ongeldig(
        client: TestClient, token_bzk: str, beheerder: str, bedrag: str) -> None:
    r = muteer(client, "afspraakVastleggen", vastleggen_invoer(
        bedragen=[{"omschrijving": "Bijdrage", "bedrag": bedrag}]), token_bzk)
    assert r["__typename"] == "Ongeldig", r
    assert [v["veld"] for v in r["velden"]] == ["bedragen[0].bedrag"]
    assert alle_afspraken(client, beheerder) == []


def test_een_eurobedrag_in_exponentnotatie_is_ongeldig(
        client: TestClient, token_bzk: str, beheerder: str) -> None:
    """Een eurobedrag is een decimale tekst; '1.5e6' is dat niet (zo zegt lees_bedrag zelf)."""
    r = muteer(client, "afspraakVastleggen", vastleggen_invoer(
        bedragen=[{"omschrijving": "Bijdrage", "bedrag": "1.5e6"}]), token_bzk)
    assert r["__typename"] == "Ongeldig", r
    assert [v["veld"] for v in r["velden"]] == ["bedragen[0].bedrag"]
    assert alle_afspraken(client, beheerder) == []


def test_een_later_gemeld_begin_via_graphql_ook_na_afhechting(
        client: TestClient, afspraak_met_drie_partijen: str, token_bzk: str) -> None:
    """beginVaststellen: een later begin wordt geweigerd in het veld dat het begin draagt; een
    eerder begin slaagt, ook na afhechting, en de afspraak bestaat dan vanaf dat begin."""
    x = afspraak_met_drie_partijen
    opgeslagen(muteer(client, "afspraakAfhechten", wijziging(x, 1, "2024-06-01",
                                                             wijze="NAGEKOMEN"), token_bzk),
               2, "Afgehecht", M_BZK)
    r = muteer(client, "beginVaststellen", wijziging(x, 2, juridischWerkendVanaf="2023-01-01"),
               token_bzk)
    assert r["__typename"] == "Ongeldig" and [v["veld"] for v in r["velden"]] == [
        "juridischWerkendVanaf"], r
    assert vraag_afspraak(client, x, geldigOp="2021-01-01") is None
    r = opgeslagen(muteer(client, "beginVaststellen", wijziging(
        x, 2, juridischWerkendVanaf="2020-01-13", datumPrecisie="DAG",
        partijen=[{"overheid": P_GELDERLAND, "rol": "eerste ondertekenaar"}]), token_bzk),
        3, "BeginVastgesteld", M_BZK)
    assert r["gebeurtenis"]["geldigVanaf"] == "2020-01-13"
    a = vraag_afspraak(client, x, geldigOp="2021-01-01")
    assert a is not None and [p["overheid"]["id"] for p in a["partijen"]] == [P_GELDERLAND]
    assert a["verplichtingen"] == [] and a["status"] == "VAN_KRACHT"


@pytest.mark.parametrize("toelichting", [None, "", "   "])
def test_een_voortgangsrapportage_zonder_toelichting_slaagt_het_verslag_zegt_het(
        client: TestClient, afspraak: str, token_gelderland: str,
        toelichting: str | None) -> None:
    """Eerder weigerde het register een lege (optionele) toelichting bij voortgangRapporteren,
    terwijl het verslag al zegt wat er gebeurde. Bij andere mutaties blijft zij verplicht."""
    invoer = {**geldige_invoer("voortgangRapporteren", afspraak, 1), "toelichting": toelichting}
    opgeslagen(muteer(client, "voortgangRapporteren", invoer, token_gelderland), 2,
               "VoortgangGerapporteerd", P_GELDERLAND)
    wijzigen = {**geldige_invoer("afspraakWijzigen", afspraak, 2), "toelichting": toelichting}
    uit = muteer(client, "afspraakWijzigen", wijzigen, token_gelderland)
    assert uit["__typename"] == "Ongeldig"
    assert [v["veld"] for v in uit["velden"]] == ["toelichting"]
