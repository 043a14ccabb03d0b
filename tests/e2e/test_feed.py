"""De CloudEvents-feed (GET /v1/gebeurtenissen) via HTTP op SQLite en PostgreSQL: gevolgen van
terugwerkende, toekomstige en tijdelijke besluiten precies één keer (ook na een herstart en een
herbouw), volgnummers zonder gaten per lezer (vertrouwelijke afspraken, later partij, vroegere
partij), het formaat van het pakket `cloudevents`, fouten als problem+json, en het leesverslag."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from fastapi.testclient import TestClient

from register.api.app import maak_app
from register.domein.actor import Actor
from register.projecties.feedbericht import batch, cloudevent, id_van, type_van
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from tests.conftest import StapKlok
from tests.hulp import BEHEER, M_BZK, P_GELDERLAND, P_UTRECHT, bron, gql, leg_vast, muteer

FEED = "/v1/gebeurtenissen"
BATCH = "application/cloudevents-batch+json; charset=utf-8"
A, G = "nl.afsprakenregister.afspraak.", "nl.afsprakenregister.gevolg."


def kop(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def pagina(client: TestClient, token: str | None = None, na: int | str = 0,
           limit: int = 100) -> list[dict[str, Any]]:
    r = client.get(FEED, params={"na": na, "limit": limit}, headers=kop(token))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == BATCH
    events: list[dict[str, Any]] = r.json()
    return events


def alles(client: TestClient, token: str | None = None, na: int | str = 0,
          limit: int = 7) -> list[dict[str, Any]]:
    """De feed vanaf `na` tot een lege pagina, in kleine pagina's."""
    uit: list[dict[str, Any]] = []
    while True:
        p = pagina(client, token, na, limit)
        if not p:
            return uit
        uit += p
        na = p[-1]["sequence"]


def nieuw(client: TestClient, gezien: list[dict[str, Any]], token: str | None = None
          ) -> list[dict[str, Any]]:
    return alles(client, token, gezien[-1]["sequence"] if gezien else 0)


def soorten(events: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(e["type"], e["data"].get("datum")) for e in events]


def aaneengesloten(events: list[dict[str, Any]], begin: int = 1) -> None:
    assert [e["sequence"] for e in events] == [f"{i:016d}" for i in
                                                range(begin, begin + len(events))]


def tijd(tekst: str) -> datetime:
    return datetime.fromisoformat(tekst.replace("Z", "+00:00"))


def wijzig(client: TestClient, token: str, afspraak: str, versie: int, bron_datum: str,
           **assen: str) -> dict[str, Any]:
    r = muteer(client, "afspraakWijzigen", {
        "id": afspraak, "verwachteVersie": versie, "toelichting": "Nieuw besluit",
        "bronnen": [bron(bron_datum)], "bedragen": [{"omschrijving": "Rijksbijdrage",
                                                    "bedrag": "2000000"}], **assen}, token)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    return r


def test_een_terugwerkend_besluit_meldt_zijn_gevolgen_meteen(
        client: TestClient, token_bzk: str) -> None:
    a = leg_vast(client, token_bzk)  # bron 2022-12-09: werkend en geldig vanaf die dag
    r = wijzig(client, token_bzk, a, 1, "2024-03-01", geldigVanaf="2024-01-01")
    events = alles(client)
    assert soorten(events) == [
        (A + "vastgelegd", None), (G + "in-werking-getreden", "2022-12-09"),
        (G + "geldig-geworden", "2022-12-09"), (A + "gewijzigd", None),
        (G + "geldig-geworden", "2024-01-01"), (G + "in-werking-getreden", "2024-03-01")]
    aaneengesloten(events)
    ontvangen = tijd(r["gebeurtenis"]["ontvangenOp"])
    assert [tijd(e["time"]) for e in events[3:]] == [ontvangen] * 3
    assert {e["data"]["gebeurtenis"] for e in events[4:]} == {events[3]["id"]} == {f"{a}/2"}
    assert events[3]["data"]["bronnen"][0]["datum"] == "2024-03-01"
    assert "bronnen" not in events[4]["data"]  # een gevolg herhaalt de bronnen niet
    assert len({e["id"] for e in events}) == len(events)


def test_een_toekomstig_besluit_meldt_zich_op_zijn_dag_precies_een_keer(
        client: TestClient, token_bzk: str, klok: StapKlok, systeem: Systeem,
        database_url: str) -> None:
    a = leg_vast(client, token_bzk)
    wijzig(client, token_bzk, a, 1, "2025-12-15", geldigVanaf="2026-03-01",
           juridischWerkendVanaf="2026-03-01")
    eerst = alles(client)
    assert eerst[-1]["type"] == A + "gewijzigd"
    klok.zet("2026-02-28T22:59:59+00:00")  # 23:59:59 in Nederland: nog niet
    assert nieuw(client, eerst) == []
    klok.zet("2026-02-28T23:00:00.500000+00:00")  # 1 maart, 00:00:00,5 in Nederland
    erbij = nieuw(client, eerst)
    assert soorten(erbij) == [(G + "in-werking-getreden", "2026-03-01"),
                              (G + "geldig-geworden", "2026-03-01")]
    assert {e["time"] for e in erbij} == {"2026-02-28T23:00:00Z"}
    aaneengesloten(eerst + erbij)
    for _ in range(3):
        systeem.bij_werken()
        assert nieuw(client, eerst + erbij) == []
    # een herstart: een nieuw proces op dezelfde database, en daarna een herbouw
    klok.zet("2026-06-01T12:00:00+00:00")
    tweede = Systeem(database_url, klok=klok)
    try:
        with TestClient(maak_app(Instellingen(database_url=database_url), tweede)) as c2:
            assert alles(c2) == eerst + erbij
            tweede.herbouw()
            assert alles(c2) == eerst + erbij
            assert alles(c2, limit=1000) == eerst + erbij
    finally:
        tweede.sluit()


def test_een_tijdelijk_besluit_meldt_begin_en_einde_elk_op_hun_dag(
        client: TestClient, token_bzk: str, klok: StapKlok) -> None:
    a = leg_vast(client, token_bzk)
    wijzig(client, token_bzk, a, 1, "2025-12-20", juridischWerkendVanaf="2026-01-15",
           geldigVanaf="2026-02-01", geldigTot="2026-04-01")
    gezien = alles(client)
    per_dag: dict[date, list[tuple[str, str | None]]] = {}
    dag = date(2026, 1, 2)
    while dag <= date(2026, 4, 3):
        klok.zet(f"{dag.isoformat()}T11:00:00+00:00")
        erbij = nieuw(client, gezien)
        if erbij:
            per_dag[dag] = soorten(erbij)
        gezien += erbij
        dag += timedelta(days=1)
    assert per_dag == {
        date(2026, 1, 15): [(G + "in-werking-getreden", "2026-01-15")],
        date(2026, 2, 1): [(G + "geldig-geworden", "2026-02-01")],
        date(2026, 4, 1): [(G + "geldigheid-geeindigd", "2026-04-01")]}
    aaneengesloten(gezien)
    # dataref wijst naar de afspraak op de dag van het gevolg: het tijdelijke bedrag geldt
    # vanaf 1 februari en niet meer op 1 april
    geldig, einde = gezien[-2], gezien[-1]
    assert _bedrag(client, geldig["dataref"]) == "2000000"
    assert _bedrag(client, einde["dataref"]) == "1000000"


def _bedrag(client: TestClient, dataref: str) -> str:
    r = client.get(dataref)
    assert r.status_code == 200, r.text
    return str(r.json()["bedragen"][0]["bedrag"]).split(".")[0]


def test_wie_een_vertrouwelijke_afspraak_niet_mag_zien_heeft_geen_gat(
        client: TestClient, token_bzk: str, token_gelderland: str, token_utrecht: str,
        beheerder: str) -> None:
    leg_vast(client, token_bzk, titel="Openbaar een")
    geheim = leg_vast(client, token_gelderland, titel="Onderhandelingsmandaat",
                      vertrouwelijk=True)
    wijzig(client, token_gelderland, geheim, 1, "2023-01-10")
    leg_vast(client, token_bzk, titel="Openbaar twee")
    anoniem, utrecht = alles(client), alles(client, token_utrecht)
    gelderland, beheer = alles(client, token_gelderland), alles(client, beheerder)
    for events in (anoniem, utrecht, gelderland, beheer):
        aaneengesloten(events)
    assert [e["id"] for e in utrecht] == [e["id"] for e in anoniem]
    assert geheim not in {e["subject"] for e in anoniem}
    assert "Onderhandelingsmandaat" not in json.dumps(anoniem)
    van_geheim = [e["id"] for e in beheer if e["subject"] == geheim]
    assert len(van_geheim) == 6  # vastgelegd en gewijzigd, elk met twee gevolgen
    assert [e["id"] for e in gelderland] == [e["id"] for e in beheer]
    assert sorted(e["id"] for e in beheer) == sorted([e["id"] for e in anoniem] + van_geheim)


def test_wie_later_partij_wordt_krijgt_de_eerdere_geschiedenis_erachteraan(
        client: TestClient, token_bzk: str, token_utrecht: str, beheerder: str) -> None:
    geheim = leg_vast(client, token_bzk, titel="Geheim mandaat", vertrouwelijk=True)
    leg_vast(client, token_bzk, titel="Openbaar")
    eerst = alles(client, token_utrecht)
    assert geheim not in {e["subject"] for e in eerst}
    r = muteer(client, "partijToetreden", {
        "id": geheim, "verwachteVersie": 1, "toelichting": "Utrecht sluit aan",
        "bronnen": [bron("2023-02-01")],
        "partij": {"overheid": P_UTRECHT, "rol": "betrokken", "binding": "BETROKKEN"}},
        token_bzk)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    erbij = nieuw(client, eerst, token_utrecht)
    aaneengesloten(eerst + erbij)
    assert [(e["subject"], e["type"]) for e in erbij] == [
        (geheim, A + "vastgelegd"), (geheim, G + "in-werking-getreden"),
        (geheim, G + "geldig-geworden"), (geheim, A + "partij-toegetreden"),
        (geheim, G + "in-werking-getreden"), (geheim, G + "geldig-geworden")]
    # vertrekt zij weer, dan ziet zij haar vertrek, en niets wat daarna kwam
    r = muteer(client, "partijUittreden", {
        "id": geheim, "verwachteVersie": 2, "toelichting": "Utrecht stopt",
        "bronnen": [bron("2023-03-01")], "overheid": P_UTRECHT}, token_utrecht)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    wijzig(client, token_bzk, geheim, 3, "2023-04-01")
    daarna = nieuw(client, eerst + erbij, token_utrecht)
    assert [e["type"] for e in daarna] == [A + "partij-uitgetreden",
                                           G + "in-werking-getreden", G + "geldig-geworden"]
    aaneengesloten(eerst + erbij + daarna)
    assert f"{geheim}/4" in {e["id"] for e in alles(client, beheerder)}
    # wat zij zag, blijft onder dezelfde volgnummers staan
    assert alles(client, token_utrecht) == eerst + erbij + daarna


def test_de_feed_gebruikt_het_formaat_van_het_pakket_cloudevents(
        client: TestClient, token_bzk: str, systeem: Systeem) -> None:
    a = leg_vast(client, token_bzk)
    events = alles(client)
    formaat = JSONFormat()
    for e in events:
        gelezen = formaat.read(None, json.dumps(e))
        assert isinstance(gelezen, CloudEvent)
        assert json.loads(formaat.write(gelezen)) == e
        assert e["specversion"] == "1.0"
        assert e["source"] == "urn:afsprakenregister:register:afsprakenregister.local"
        assert e["subject"] == a and e["datacontenttype"] == "application/json"
    # de batch in één json.dumps is element voor element JSONFormat.write
    items = systeem.feed.pagina(None, 0, 10).items
    eigen = [cloudevent(i, "urn:x") for i in items]
    assert json.loads(batch(eigen)) == [json.loads(formaat.write(x)) for x in eigen]
    # dataref: de afspraak zoals het register haar kende bij het vastleggen
    r = client.get(events[0]["dataref"])
    assert r.status_code == 200, r.text
    assert r.json()["versie"] == 1 and r.json()["id"] == a


def test_buiten_http_dezelfde_feed(client: TestClient, token_bzk: str, token_gelderland: str,
                                   systeem: Systeem) -> None:
    leg_vast(client, token_bzk)
    leg_vast(client, token_gelderland, vertrouwelijk=True)
    via_http = alles(client, token_gelderland)
    buiten = list(systeem.feed.vanaf(Actor(P_GELDERLAND), blok=2))
    assert [cloudevent(i, via_http[0]["source"], "http://testserver/v1").get_id()
            for i in buiten] == [e["id"] for e in via_http]
    assert [i.volgnummer for i in buiten] == list(range(1, len(via_http) + 1))
    assert [(id_van(i), type_van(i)) for i in buiten] == [(e["id"], e["type"]) for e in via_http]


@pytest.mark.parametrize(("vraag", "parameter"), [
    ("na=abc", "na"), ("na=-1", "na"), ("na=12345678901234567", "na"), ("limit=0", "limit"),
    ("limit=1001", "limit"), ("limit=x", "limit"), ("na=1&na=2", "na"), ("vanaf=3", "vanaf"),
    ("na=5", "na")])
def test_een_ongeldige_vraag_is_een_probleem(client: TestClient, token_bzk: str, vraag: str,
                                             parameter: str) -> None:
    leg_vast(client, token_bzk)  # drie regels: na=5 kreeg de lezer nooit
    assert len(alles(client)) == 3
    r = client.get(f"{FEED}?{vraag}")
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert [p["name"] for p in r.json()["invalidParams"]] == [parameter]


def test_een_ongeldig_token_leest_niet_stil_anoniem(client: TestClient) -> None:
    r = client.get(FEED, headers=kop("ar_bestaat_niet"))
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_voorloopnullen_en_het_einde(client: TestClient, token_bzk: str) -> None:
    leg_vast(client, token_bzk)
    drie = alles(client)
    assert pagina(client, na="0000000000000001", limit=1) == drie[1:2]
    assert pagina(client, na="3") == []
    r = client.get(FEED, params={"na": 1, "limit": 1})
    assert 'rel="next"' in r.headers["link"] and "na=2" in r.headers["link"]
    assert "link" not in client.get(FEED, params={"na": 2, "limit": 5}).headers


def test_de_feed_van_een_vertrouwelijke_afspraak_staat_in_het_leesverslag(
        client: TestClient, token_bzk: str, token_gelderland: str) -> None:
    geheim = leg_vast(client, token_bzk, titel="Mandaat", vertrouwelijk=True)
    alles(client, token_gelderland)
    verslag = gql(client, """query($id: ID!) { leesverslag(afspraakId: $id, first: 50) {
        edges { node { lezer { id } wat } } } }""", {"id": geheim}, token_bzk)["leesverslag"]
    assert (P_GELDERLAND, "feed") in {(e["node"]["lezer"]["id"], e["node"]["wat"])
                                      for e in verslag["edges"]}


def test_gelijktijdige_lezers_krijgen_dezelfde_nummers(
        client: TestClient, token_bzk: str, systeem: Systeem) -> None:
    for i in range(5):
        leg_vast(client, token_bzk, titel=f"Afspraak {i}")
    wie = [None, Actor(M_BZK), Actor(BEHEER, beheerder=True)] * 2
    uit: list[list[tuple[int, str, int]]] = [[] for _ in wie]
    start = threading.Barrier(len(wie))

    def lees(i: int) -> None:
        start.wait()
        na = 0
        while True:
            items = systeem.feed.pagina(wie[i], na, 4).items
            if not items:
                return
            uit[i] += [(x.volgnummer, x.rij.afspraak_id, x.rij.versie) for x in items]
            na = items[-1].volgnummer

    draden = [threading.Thread(target=lees, args=(i,)) for i in range(len(wie))]
    for d in draden:
        d.start()
    for d in draden:
        d.join(60)
    assert all(len(x) == 15 for x in uit)
    for i in range(3):
        assert uit[i] == uit[i + 3]
        assert [n for n, _, _ in uit[i]] == list(range(1, 16))


def test_een_bestaand_register_krijgt_zijn_feed_eenmalig(
        client: TestClient, token_bzk: str, systeem: Systeem, database_url: str,
        klok: StapKlok) -> None:
    """Een register van vóór de feed (leesmodellen vorm 6, geen feed): bij het starten bouwt
    het zijn leesmodellen opnieuw op, en vult zo de feed uit zijn gebeurtenissen."""
    from sqlalchemy import delete, update

    from register.projecties.basis import leesmodel_schema
    from register.projecties.feed import feed, wachtend
    from register.projecties.feedlezer import lezers, volgnummers

    leg_vast(client, token_bzk)
    a = leg_vast(client, token_bzk, titel="Tweede")
    wijzig(client, token_bzk, a, 1, "2025-12-01", geldigVanaf="2027-01-01")
    verwacht = alles(client, limit=1000)
    with systeem.engine.begin() as c:
        for t in (volgnummers, lezers, wachtend, feed):
            c.execute(delete(t))
        c.execute(update(leesmodel_schema).values(versie=6))
    tweede = Systeem(database_url, klok=klok)
    try:
        with TestClient(maak_app(Instellingen(database_url=database_url), tweede)) as c2:
            assert alles(c2, limit=1000) == verwacht
            klok.zet("2027-01-01T12:00:00+00:00")
            assert [e["type"] for e in nieuw(c2, verwacht)] == [G + "geldig-geworden"]
    finally:
        tweede.sluit()


def test_wie_nooit_partij_was_ziet_ook_eerder_genummerde_regels_niet_meer(
        client: TestClient, token_bzk: str, token_utrecht: str, beheerder: str) -> None:
    """Een rectificatie haalt Utrecht weg uit de vastlegging: zij was nooit partij. Wat zij
    al genummerd kreeg van die afspraak, ziet zij niet meer (het enige gat), de rest wel."""
    leg_vast(client, token_bzk, titel="Openbaar")
    partijen = [{"overheid": M_BZK, "rol": "opdrachtgever", "binding": "ONDERTEKENAAR"},
                {"overheid": P_GELDERLAND, "rol": "uitvoerder", "binding": "ONDERTEKENAAR"}]
    geheim = leg_vast(client, token_bzk, titel="Geheim", vertrouwelijk=True, partijen=[
        *partijen, {"overheid": P_UTRECHT, "rol": "betrokken", "binding": "BETROKKEN"}])
    voor = alles(client, token_utrecht)
    assert [e["subject"] for e in voor].count(geheim) == 3
    r = muteer(client, "afspraakRectificeren", {
        "id": geheim, "verwachteVersie": 1, "rectificeert": 1, "toelichting": "Utrecht hoort "
        "er niet bij", "bronnen": [bron("2023-01-05")], "partijen": partijen}, beheerder)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    na = alles(client, token_utrecht)
    assert geheim not in {e["subject"] for e in na}
    assert [e for e in voor if e["subject"] != geheim] == na
