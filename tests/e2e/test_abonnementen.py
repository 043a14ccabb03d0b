"""Abonnementen (webhooks, Afnemers punt 3) van begin tot eind, op SQLite en PostgreSQL: een
systeem abonneert zich via GraphQL, een echt proces `register afleveren` POST de passende
events naar een echte HTTP-ontvanger in de test. De ontvanger faalt (500), antwoordt te laat en
start opnieuw; het afleverproces wordt hard gestopt (SIGKILL) en opnieuw gestart. Aan het eind
heeft de ontvanger elk passend event (en niets anders: geen ander programma, geen andere partij,
geen vertrouwelijke afspraak die de abonnee niet mag zien), elke handtekening klopt
(Standard Webhooks), en een abonnement dat blijft falen, zet het event bij de dode brieven, waar
de eigenaar het ziet en opnieuw laat afleveren, met een vernieuwd geheim."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from register.systeem.samenstel import Systeem
from tests.e2e.test_server import _vrije_poort
from tests.hulp import M_BZK, P_GELDERLAND, P_UTRECHT, bron, gql, leg_vast, muteer

AANMAKEN = """mutation($i: AbonnementAanmakenInput!) { abonnementAanmaken(input: $i) {
  __typename ... on AbonnementMetGeheim { geheim abonnement { id afgeleverdTot } }
  ... on Fout { code melding } ... on Ongeldig { velden { veld melding } } } }"""
LIJST = """{ abonnementen { id status afgeleverd pogingen laatsteFout
  dodeBrieven { sequence eventId type pogingen laatsteFout opnieuwGevraagd } } }"""
OPNIEUW = """mutation($id: ID!) { abonnementDodeBrievenOpnieuw(id: $id) {
  __typename ... on DodeBrievenTeruggezet { aantal } } }"""
VERNIEUWEN = """mutation($id: ID!) { abonnementGeheimVernieuwen(id: $id) {
  __typename ... on AbonnementMetGeheim { geheim } } }"""
GESCHIEDENIS = 'query($id: ID!) { gebeurtenissen(afspraakId: $id) { id } }'


class Ontvanger:
    """Een echte HTTP-server. Per pad een gedrag: 'ok', 'fout' (500) of 'traag' (antwoordt pas
    na de tijdslimiet van het register); `script` geeft de eerste antwoorden van /hoofd."""

    def __init__(self) -> None:
        self.poort = _vrije_poort()
        self.ontvangen: list[tuple[str, dict[str, str], bytes]] = []
        self.script: list[str] = []
        self.gedrag: dict[str, str] = {"/hoofd": "ok", "/dood": "fout"}
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                lengte = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(lengte)
                if len(body) < lengte:  # de afzender stierf halverwege (de harde stop): geen
                    return  # aflevering, en hij kreeg er ook geen antwoord op
                gedrag = ontvanger.script.pop(0) if self.path == "/hoofd" and \
                    ontvanger.script else ontvanger.gedrag.get(self.path, "fout")
                if gedrag == "traag":
                    time.sleep(1.5)
                ontvanger.ontvangen.append(
                    (self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204 if gedrag in ("ok", "traag") else 500)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.poort), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def geslaagd(self, pad: str) -> list[tuple[dict[str, str], bytes]]:
        """Wat op `pad` binnenkwam en waarop de ontvanger 2xx gaf (niet het script)."""
        return [(k, b) for p, k, b in self.ontvangen if p == pad]


@pytest.fixture
def ontvanger() -> Iterator[Ontvanger]:
    o = Ontvanger()
    o.start()
    yield o
    o.stop()


class Afleveraar:
    """`register afleveren` als echt proces, met korte wachttijden."""

    def __init__(self, database_url: str, sleutel: bytes, map_: Path) -> None:
        self.omgeving = {**os.environ, "REGISTER_DATABASE_URL": database_url,
                         "REGISTER_SLEUTEL": sleutel.hex(), "REGISTER_AFLEVEREN_BASIS": "0.1",
                         "REGISTER_AFLEVEREN_MAXIMUM": "0.4", "REGISTER_AFLEVEREN_POGINGEN": "8",
                         "REGISTER_AFLEVEREN_TIJDSLIMIET": "0.5",
                         "REGISTER_AFLEVEREN_INTERVAL": "0.05"}
        self.map_ = map_
        self.proces: subprocess.Popen[bytes] | None = None

    def start(self, **extra: str) -> None:
        self.proces = subprocess.Popen(
            [str(Path(sys.executable).with_name("register")), "afleveren"],
            env={**self.omgeving, **extra}, cwd=self.map_, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)

    def dood(self) -> None:
        assert self.proces is not None
        self.proces.send_signal(signal.SIGKILL)
        self.proces.wait(10)

    def stop(self) -> None:
        if self.proces is not None and self.proces.poll() is None:
            self.proces.terminate()
            self.proces.wait(10)


def _wacht(tot: Callable[[], bool], seconden: float = 90) -> None:
    eind = time.monotonic() + seconden
    while not tot():
        assert time.monotonic() < eind, "het afleveren kwam niet rond binnen de termijn"
        time.sleep(0.05)


def _ids(ontvangen: list[tuple[dict[str, str], bytes]], geheim: str) -> list[str]:
    """De webhook-id's in volgorde van ontvangst; elke handtekening moet kloppen."""
    wh = Webhook(geheim)
    uit = []
    for koppen, body in ontvangen:
        event = wh.verify(body, koppen)
        assert koppen["content-type"].startswith("application/cloudevents+json")
        assert event["id"] == koppen["webhook-id"] and event["specversion"] == "1.0"
        uit.append(event["id"])
    return uit


@pytest.mark.slow
def test_een_abonnee_krijgt_elk_passend_event_ondertekend_ook_als_alles_tegenzit(
        client: TestClient, systeem: Systeem, token_bzk: str, token_utrecht: str,
        ontvanger: Ontvanger, tmp_path: Path, database_url: str) -> None:
    # Een afspraak van vóór het abonnement: die komt niet (vanaf nu).
    passend = leg_vast(client, token_bzk, titel="Passend")
    # Utrecht abonneert zich op NOVEX met Gelderland; en op Woningbouw met Gelderland bij een
    # ontvanger die altijd faalt (de dode brieven).
    abonnement = gql(client, AANMAKEN, {"i": {
        "url": f"http://127.0.0.1:{ontvanger.poort}/hoofd", "partij": P_GELDERLAND,
        "programma": "NOVEX"}}, token_utrecht)["abonnementAanmaken"]
    assert abonnement["__typename"] == "AbonnementMetGeheim", abonnement
    dood = gql(client, AANMAKEN, {"i": {
        "url": f"http://127.0.0.1:{ontvanger.poort}/dood", "partij": P_GELDERLAND,
        "programma": "Woningbouw"}}, token_utrecht)["abonnementAanmaken"]

    # Na het abonnement: wijzigingen van de passende afspraak, en wat niet past.
    for versie in range(1, 7):
        r = muteer(client, "afspraakWijzigen", {
            "id": passend, "verwachteVersie": versie, "titel": f"Passend {versie}",
            "toelichting": "Herzien",
            "bronnen": [bron("2023-03-01")]}, token_bzk)
        assert r["__typename"] == "AfspraakOpgeslagen", r
    leg_vast(client, token_bzk, titel="Ander programma", programma="Woningbouw")
    leg_vast(client, token_bzk, titel="Geheim", vertrouwelijk=True)  # Utrecht mag niet zien
    leg_vast(client, token_bzk, titel="Zonder Gelderland", partijen=[
        {"overheid": M_BZK, "rol": "opdrachtgever", "binding": "ONDERTEKENAAR"},
        {"overheid": P_UTRECHT, "rol": "uitvoerder", "binding": "ONDERTEKENAAR"}],
        verplichtingen=[])
    verwacht = [g["id"] for g in gql(client, GESCHIEDENIS, {"id": passend})["gebeurtenissen"]
                if int(g["id"].rsplit("/", 1)[1]) > 1]
    assert len(verwacht) == 6

    # Twee keer 500 en één keer te laat; dan een harde stop van het proces en een herstart van
    # de ontvanger, en toch komt alles.
    ontvanger.script = ["fout", "fout", "traag"]
    afleveraar = Afleveraar(database_url, systeem.sleutel, tmp_path)
    afleveraar.start()
    try:
        _wacht(lambda: len(ontvanger.geslaagd("/hoofd")) >= 5)
        afleveraar.dood()
        ontvanger.stop()
        afleveraar.start()
        time.sleep(0.3)  # het proces probeert een ontvanger die er niet is
        ontvanger.start()
        hoofd = abonnement["geheim"]
        _wacht(lambda: set(verwacht) <= {i for i in _ids(ontvanger.geslaagd("/hoofd"), hoofd)
                                         if i.count("/") == 1})
        # de dode brief: acht pogingen, dan zichtbaar voor de eigenaar
        _wacht(lambda: any(a["dodeBrieven"] for a in gql(client, LIJST, None, token_utrecht)[
            "abonnementen"]))
    finally:
        afleveraar.stop()

    ids = _ids(ontvanger.geslaagd("/hoofd"), abonnement["geheim"])
    eerste = list(dict.fromkeys(ids))  # ten minste één keer: een dubbel is toegestaan
    # alleen de passende afspraak, in feedvolgorde (de gevolgen van haar besluiten mogen erbij)
    assert all(i.split("/")[0] == passend for i in eerste), eerste
    assert [i for i in eerste if i.count("/") == 1] == verwacht
    volgnummer = {json.loads(b)["id"]: int(json.loads(b)["sequence"])
                  for _, b in ontvanger.geslaagd("/hoofd")}
    assert [volgnummer[i] for i in eerste] == sorted(volgnummer[i] for i in eerste)

    (stand,) = [a for a in gql(client, LIJST, None, token_utrecht)["abonnementen"]
                if a["id"] == dood["abonnement"]["id"]]
    brieven = stand["dodeBrieven"]
    assert all(b["pogingen"] == 8 and b["laatsteFout"] == "HTTP 500" for b in brieven)
    brief = brieven[0]  # het besluit zelf; de gevolgen ervan (geldig geworden, …) erna
    assert brief["type"] == "nl.afsprakenregister.afspraak.vastgelegd"
    # ten minste acht pogingen per brief (een harde stop kan er een niet laten tellen)
    voor = len(ontvanger.geslaagd("/dood"))
    assert voor >= 8 * len(brieven)

    # De eigenaar vernieuwt het geheim, herstelt zijn ontvanger en laat de brief opnieuw afleveren.
    nieuw = gql(client, VERNIEUWEN, {"id": dood["abonnement"]["id"]}, token_utrecht)[
        "abonnementGeheimVernieuwen"]["geheim"]
    ontvanger.gedrag["/dood"] = "ok"
    r = gql(client, OPNIEUW, {"id": dood["abonnement"]["id"]}, token_utrecht)
    assert r["abonnementDodeBrievenOpnieuw"] == {"__typename": "DodeBrievenTeruggezet",
                                                 "aantal": len(brieven)}
    afleveraar.start()
    try:
        _wacht(lambda: not [a for a in gql(client, LIJST, None, token_utrecht)["abonnementen"]
                            if a["dodeBrieven"]])
    finally:
        afleveraar.stop()
    # na het opnieuw vragen: elke brief kwam (met het nieuwe geheim); wat daarna nog op de
    # feed stond (de gevolgen van dat besluit), ook
    opnieuw = ontvanger.geslaagd("/dood")[voor:]
    ontvangen_ids = [Webhook(nieuw).verify(b, k)["id"] for k, b in opnieuw]
    assert {b["eventId"] for b in brieven} <= set(ontvangen_ids)
    koppen, body = opnieuw[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(dood["geheim"]).verify(body, koppen)


@pytest.mark.parametrize(("invoer", "veld"), [
    ({"url": "ftp://example.org/x"}, "url"),
    ({"url": "niet een url"}, "url"),
    ({"url": "https://gebruiker:wachtwoord@example.org/x"}, "url"),
    ({"url": "https://example.org/x", "aard": "ONBEKEND"}, "aard"),
    ({"url": "https://example.org/x", "partij": "https://example.org/geen-overheid"}, "partij"),
    ({"url": "https://example.org/x", "vanaf": "abc"}, "vanaf"),
    ({"url": "https://example.org/x", "vanaf": "99"}, "vanaf"),
])
def test_een_ongeldig_abonnement_krijgt_een_getypeerde_fout(
        client: TestClient, token_utrecht: str, invoer: dict[str, str], veld: str) -> None:
    r = gql(client, AANMAKEN, {"i": invoer}, token_utrecht)["abonnementAanmaken"]
    assert r["__typename"] == "Ongeldig", r
    assert [v["veld"] for v in r["velden"]] == [veld], r


def test_abonneren_vraagt_een_token_en_de_eigenaar_ziet_alleen_de_zijne(
        client: TestClient, token_utrecht: str, token_gelderland: str) -> None:
    r = gql(client, AANMAKEN, {"i": {"url": "https://example.org/x"}})["abonnementAanmaken"]
    assert r["__typename"] == "NietToegestaan"
    eigen = gql(client, AANMAKEN, {"i": {"url": "https://example.org/u"}}, token_utrecht)[
        "abonnementAanmaken"]["abonnement"]["id"]
    assert [a["id"] for a in gql(client, LIJST, None, token_utrecht)["abonnementen"]] == [eigen]
    assert gql(client, LIJST, None, token_gelderland)["abonnementen"] == []
    assert gql(client, LIJST)["abonnementen"] == []
    # een ander kan het niet opzeggen, vernieuwen of opnieuw laten afleveren
    r = gql(client, VERNIEUWEN, {"id": eigen}, token_gelderland)["abonnementGeheimVernieuwen"]
    assert r == {"__typename": "NietGevonden"}


def test_in_productie_alleen_https_naar_een_openbaar_adres(maak_client: Any,
                                                           token_utrecht: str) -> None:
    from register.systeem.abonnementen import AbonnementFout, controleer_url

    for url in ("http://example.org/x", "https://127.0.0.1/x", "https://10.0.0.8/x",
                "https://[::1]/x", "https://localhost/x", "https://169.254.169.254/x"):
        with pytest.raises(AbonnementFout):
            controleer_url(url, alleen_openbaar=True)
    assert controleer_url("https://example.org/x", alleen_openbaar=True)
