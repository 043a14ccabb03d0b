"""Onvervalsbaarheid over GraphQL: wortel en boomgrootte, de hash van elke gebeurtenis, bewijzen
die een client zelf controleert, en GESCHONDEN zodra de opslag is aangetast."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.sqlite import SQLiteApplicationRecorder
from fastapi.testclient import TestClient
from sqlalchemy import text

from register.api.app import maak_app
from register.domein.merkle import controleer_consistentie, controleer_inclusie
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from tests.hulp import bron, gql, gql_antwoord, leg_vast, muteer

VELDEN = """status boomgrootte wortel algoritme volledigGecontroleerdOp volledigGecontroleerdTot
  eersteBreuk { afspraakId versie positie reden }
  ondertekening { algoritme publiekeSleutel bericht handtekening }"""
INTEGRITEIT = f"query {{ integriteit {{ {VELDEN} }} }}"
CONTROLEER = f"""mutation {{ integriteitControleren {{ __typename
  ... on Integriteit {{ {VELDEN} }} ... on NietToegestaan {{ code melding }} }} }}"""
OUDE_CONTROLE = f"query {{ integriteit(controleer: true) {{ {VELDEN} }} }}"
INCLUSIE = """query($id: ID!, $v: Int!, $n: Int) { inclusiebewijs(afspraakId: $id, versie: $v,
  boomgrootte: $n) { afspraakId versie index boomgrootte blad pad wortel } }"""
CONSISTENTIE = """query($n: Int!, $w: String!) { consistentiebewijs(boomgrootte: $n, wortel: $w) {
  oudeBoomgrootte oudeWortel boomgrootte wortel pad klopt } }"""
HASHES = """query($id: ID!) { gebeurtenissen(afspraakId: $id) { versie hash }
  afspraak(id: $id, geldigOp: "2024-01-01") { gebeurtenissen { versie hash } } }"""
SLEUTEL = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"  # RFC 8032, test 1


def integriteit(client: TestClient, token: str | None = None,
                controleer: bool = False) -> dict[str, Any]:
    """De stand; met `controleer` eerst een volledige controle (de mutatie)."""
    if not controleer:
        return gql(client, INTEGRITEIT, {}, token)["integriteit"]  # type: ignore[no-any-return]
    i = gql(client, CONTROLEER, {}, token)["integriteitControleren"]
    assert i.pop("__typename") == "Integriteit", i
    return i  # type: ignore[no-any-return]


def wijzig(client: TestClient, token: str, x: str, versie: int, titel: str) -> None:
    r = muteer(client, "afspraakWijzigen", {
        "id": x, "verwachteVersie": versie, "toelichting": "Nieuwe titel", "titel": titel,
        "bronnen": [bron("2023-03-01")]}, token)
    assert r["__typename"] == "AfspraakOpgeslagen", r


def test_elke_gebeurtenis_staat_aantoonbaar_in_de_boom(client: TestClient, beheerder: str
                                                        ) -> None:
    assert integriteit(client)["boomgrootte"] == 0
    x = leg_vast(client, beheerder)
    y = leg_vast(client, beheerder, titel="Tweede")
    wijzig(client, beheerder, x, 1, "NOVEX Gelderland")
    i = integriteit(client)
    assert (i["boomgrootte"], i["status"], i["ondertekening"]) == (3, "ONGECONTROLEERD", None)
    assert "RFC 6962" in i["algoritme"]
    hashes = gql(client, HASHES, {"id": x})
    assert [g["versie"] for g in hashes["gebeurtenissen"]] == [1, 2]
    assert hashes["afspraak"]["gebeurtenissen"] == hashes["gebeurtenissen"]
    for aid, versie in ((x, 1), (y, 1), (x, 2)):
        b = gql(client, INCLUSIE, {"id": aid, "v": versie})["inclusiebewijs"]
        assert b["wortel"] == i["wortel"] and b["boomgrootte"] == 3
        assert controleer_inclusie(b["index"], 3, bytes.fromhex(b["blad"]),
                                   [bytes.fromhex(h) for h in b["pad"]], bytes.fromhex(i["wortel"]))
    assert gql(client, INCLUSIE, {"id": x, "v": 2})["inclusiebewijs"]["blad"] == \
        hashes["gebeurtenissen"][1]["hash"]
    # In een oudere boom, die de client eerder bewaarde:
    b = gql(client, INCLUSIE, {"id": x, "v": 1, "n": 1})["inclusiebewijs"]
    assert (b["index"], b["boomgrootte"], b["pad"]) == (0, 1, [])
    assert gql(client, INCLUSIE, {"id": x, "v": 9})["inclusiebewijs"] is None
    _status, body = gql_antwoord(client, INCLUSIE, {"id": x, "v": 2, "n": 2})  # index 2 < 2?
    assert body["data"] == {"inclusiebewijs": None}
    assert "boomgrootte moet tussen 3 en 3" in body["errors"][0]["message"]


def test_een_bewaarde_wortel_blijft_bewijsbaar_een_begin_van_de_boom(
        client: TestClient, beheerder: str) -> None:
    x = leg_vast(client, beheerder)
    oud = integriteit(client)
    for v in range(1, 6):
        wijzig(client, beheerder, x, v, f"Titel {v}")
    nu = integriteit(client)
    b = gql(client, CONSISTENTIE, {"n": oud["boomgrootte"], "w": oud["wortel"]})
    b = b["consistentiebewijs"]
    assert (b["oudeBoomgrootte"], b["boomgrootte"], b["wortel"], b["klopt"]) == (
        1, 6, nu["wortel"], True)
    assert controleer_consistentie(1, 6, bytes.fromhex(oud["wortel"]), bytes.fromhex(nu["wortel"]),
                                   [bytes.fromhex(h) for h in b["pad"]])
    vals = "00" * 32
    assert gql(client, CONSISTENTIE, {"n": 1, "w": vals})["consistentiebewijs"]["klopt"] is False
    for n, w in ((7, oud["wortel"]), (0, oud["wortel"]), (1, "abc")):
        status, body = gql_antwoord(client, CONSISTENTIE, {"n": n, "w": w})
        assert status == 200 and body["data"] is None and body["errors"][0]["message"], body


def test_een_vertrouwelijke_afspraak_krijgt_geen_bewijs_voor_wie_haar_niet_mag_lezen(
        client: TestClient, beheerder: str) -> None:
    x = leg_vast(client, beheerder, vertrouwelijk=True)
    assert gql(client, INCLUSIE, {"id": x, "v": 1})["inclusiebewijs"] is None
    assert gql(client, INCLUSIE, {"id": x, "v": 1}, beheerder)["inclusiebewijs"]["index"] == 0


def test_alleen_een_beheerder_laat_alles_herberekenen(client: TestClient, beheerder: str,
                                                      token_bzk: str) -> None:
    leg_vast(client, beheerder)
    for token in (None, token_bzk):
        r = gql(client, CONTROLEER, {}, token)["integriteitControleren"]
        assert r["__typename"] == "NietToegestaan" and "beheerder" in r["melding"], r
        assert integriteit(client)["status"] == "ONGECONTROLEERD"
    i = integriteit(client, beheerder, controleer=True)
    assert (i["status"], i["volledigGecontroleerdTot"], i["eersteBreuk"]) == ("INTACT", 1, None)
    assert i["volledigGecontroleerdOp"]
    assert integriteit(client)["status"] == "INTACT"


def test_de_oude_vraag_met_controleer_werkt_nog_maar_is_verouderd(
        client: TestClient, beheerder: str, token_bzk: str) -> None:
    """`integriteit(controleer: true)` was de eerste vorm; zij blijft voor bestaande clients,
    gemarkeerd als verouderd, want een vraag hoort niets vast te leggen."""
    leg_vast(client, beheerder)
    for token in (None, token_bzk):
        _status, body = gql_antwoord(client, OUDE_CONTROLE, {}, token)
        assert body["data"] is None and "beheerder" in body["errors"][0]["message"]
    i = gql(client, OUDE_CONTROLE, {}, beheerder)["integriteit"]
    assert (i["status"], i["volledigGecontroleerdTot"]) == ("INTACT", 1)
    veld = gql(client, """{ __type(name: "Query") { fields { name
      args(includeDeprecated: true) { name isDeprecated deprecationReason } } } }""", {},
               beheerder)["__type"]["fields"]
    arg = next(f for f in veld if f["name"] == "integriteit")["args"][0]
    assert arg["isDeprecated"] and "integriteitControleren" in arg["deprecationReason"]


def test_een_volledige_controle_tijdens_schrijven_slaagt_en_legt_haar_uitkomst_vast(
        client: TestClient, systeem: Systeem, beheerder: str) -> None:
    """De controle schrijft haar uitkomst met een eigen verbinding: ook als er intussen wordt
    geschreven (op SQLite botste een leesverbinding die later wil schrijven)."""
    x = leg_vast(client, beheerder)
    fouten: list[BaseException] = []

    def schrijf() -> None:
        try:
            for versie in range(1, 21):
                wijzig(client, beheerder, x, versie, f"Titel {versie}")
        except BaseException as f:  # de test meldt het hieronder
            fouten.append(f)

    schrijver = threading.Thread(target=schrijf)
    schrijver.start()
    gezien = [integriteit(client, beheerder, controleer=True) for _ in range(5)]
    schrijver.join(timeout=120)
    assert not schrijver.is_alive() and not fouten, fouten
    slecht = [i for i in gezien if i["status"] != "INTACT" or i["eersteBreuk"] is not None]
    assert not slecht, [(i["boomgrootte"], i["eersteBreuk"]) for i in slecht]
    laatste = integriteit(client, beheerder, controleer=True)
    assert (laatste["status"], laatste["volledigGecontroleerdTot"]) == ("INTACT", 21)


def test_een_geschonden_opslag_meldt_de_api_met_de_eerste_geschonden_afspraak(
        client: TestClient, beheerder: str, systeem: Systeem) -> None:
    x = leg_vast(client, beheerder)
    wijzig(client, beheerder, x, 1, "NOVEX Gelderland")
    wijzig(client, beheerder, x, 2, "NOVEX Gelderland bis")
    voor = gql(client, HASHES, {"id": x})
    recorder: Any = systeem.register.recorder
    kolom = "rowid" if isinstance(recorder, SQLiteApplicationRecorder) else "notification_id"
    with systeem.engine.begin() as c:  # iemand met databasetoegang wist versie 2
        c.execute(text(f"DELETE FROM {recorder.events_table_name} WHERE {kolom} = 2"))
    i = integriteit(client)
    assert i["status"] == "GESCHONDEN", i
    i = integriteit(client, beheerder, controleer=True)
    assert i["status"] == "GESCHONDEN"
    assert (i["eersteBreuk"]["afspraakId"], i["eersteBreuk"]["versie"],
            i["eersteBreuk"]["positie"]) == (x, 2, 2)
    assert "gewist" in i["eersteBreuk"]["reden"]
    # De geschiedenis die de API toont, is nog wat het register vastlegde.
    assert gql(client, HASHES, {"id": x}) == voor


@pytest.fixture
def ondertekenende_client(systeem: Systeem, database_url: str) -> Iterator[TestClient]:
    app = maak_app(Instellingen(database_url=database_url, ondertekensleutel=SLEUTEL), systeem)
    with TestClient(app) as c:
        yield c


def test_het_register_ondertekent_boomgrootte_en_wortel_als_er_een_sleutel_is(
        ondertekenende_client: TestClient) -> None:
    i = integriteit(ondertekenende_client)
    o = i["ondertekening"]
    assert o["algoritme"] == "Ed25519"
    assert o["publiekeSleutel"] == ("d75a980182b10ab7d54bfed3c964073a"
                                    "0ee172f3daa62325af021a68f707511a")  # RFC 8032, test 1
    assert o["bericht"] == f"afsprakenregister:boom:{i['boomgrootte']}:{i['wortel']}"
    sleutel = Ed25519PublicKey.from_public_bytes(bytes.fromhex(o["publiekeSleutel"]))
    sleutel.verify(bytes.fromhex(o["handtekening"]), o["bericht"].encode())


def test_een_breuk_in_een_vertrouwelijke_afspraak_noemt_haar_niet_voor_wie_haar_niet_mag_lezen(
        client: TestClient, beheerder: str, token_utrecht: str, systeem: Systeem) -> None:
    """Eerder noemde eersteBreuk de vertrouwelijke afspraak aan iedereen."""
    openbaar = leg_vast(client, beheerder)
    geheim = leg_vast(client, beheerder, vertrouwelijk=True, titel="Geheim mandaat")
    wijzig(client, beheerder, geheim, 1, "Geheim mandaat bis")
    recorder: Any = systeem.register.recorder
    kolom = "rowid" if isinstance(recorder, SQLiteApplicationRecorder) else "notification_id"
    with systeem.engine.begin() as c:  # iemand met databasetoegang wist de wijziging
        c.execute(text(f"DELETE FROM {recorder.events_table_name} WHERE {kolom} = 3"))
    i = integriteit(client, beheerder, controleer=True)
    assert (i["eersteBreuk"]["afspraakId"], i["eersteBreuk"]["versie"]) == (geheim, 2)
    for token in (None, token_utrecht):
        b = integriteit(client, token)["eersteBreuk"]
        assert (b["afspraakId"], b["versie"], b["positie"]) == (None, None, 3)
        assert geheim not in b["reden"] and "gewist" in b["reden"]
    assert integriteit(client, token_utrecht)["status"] == "GESCHONDEN"
    assert openbaar  # de openbare afspraak blijft gewoon leesbaar
