"""Grenzen aan een GraphQL-verzoek: diepte, aliassen, tokens, paginagrootte en omvang van het
verzoek; onverwachte fouten gemaskeerd en met een verzoek-id gelogd; introspectie en GraphiQL
instelbaar. Elke grens wordt precies op de rand getoetst: tot en met het maximum mag het,
één meer niet."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from register.applicatie.register import Register
from register.domein.overheden import Overheden
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from register.systeem.tokens import Tokens
from tests.e2e.conftest import MaakClient
from tests.hulp import M_BZK, bron, leg_vast

MASKER = "Onverwachte fout in het register; de beheerder vindt de details in de serverlog."
GEHEIM_DETAIL = "wachtwoord=hunter2 in /srv/register/geheim.py"

def post(client: TestClient, query: str, variables: dict[str, Any] | None = None,
         **kw: Any) -> tuple[int, dict[str, Any]]:
    r = client.post("/graphql", json={"query": query, "variables": variables or {}}, **kw)
    return r.status_code, r.json()


def foutmeldingen(body: dict[str, Any]) -> list[str]:
    return [e["message"] for e in body.get("errors") or []]


# -- diepte, aliassen, tokens -----------------------------------------------------------------


def diepe_vraag(diepte: int) -> str:
    """Een vraag waarvan het diepste veld op `diepte` ligt (het wortelveld op 0)."""
    velden = ["afspraak(id: $id)"] + ["relaties", "naar"] * diepte
    velden = velden[:diepte]
    blad = "soort" if velden[-1] == "relaties" else "id"
    q = blad
    for v in reversed(velden):
        q = f"{v} {{ {q} }}"
    return f"query($id: ID!) {{ {q} }}"


@pytest.mark.parametrize("maximum", [4, 12])
def test_een_vraag_mag_tot_de_ingestelde_diepte(maak_client: MaakClient, maximum: int) -> None:
    c = maak_client(max_diepte=maximum)
    for diepte in range(1, maximum + 1):
        status, body = post(c, diepe_vraag(diepte), {"id": str(uuid.uuid4())})
        assert (status, body) == (200, {"data": {"afspraak": None}}), (diepte, body)
    status, body = post(c, diepe_vraag(maximum + 1), {"id": str(uuid.uuid4())})
    assert status == 200 and body["data"] is None
    assert foutmeldingen(body) == [f"'anonymous' exceeds maximum operation depth of {maximum}"]


def test_de_standaarddiepte_is_twaalf(maak_client: MaakClient) -> None:
    c = maak_client()
    assert post(c, diepe_vraag(12), {"id": str(uuid.uuid4())})[1] == {"data": {"afspraak": None}}
    assert "maximum operation depth of 12" in foutmeldingen(
        post(c, diepe_vraag(13), {"id": str(uuid.uuid4())})[1])[0]


def aliassen(n: int) -> str:
    return "{ " + " ".join(f'a{i}: overheden(soort: "WATERSCHAP") {{ id }}' for i in range(n)) + " }"


@pytest.mark.parametrize(("instellingen", "maximum"), [({}, 30), ({"max_aliassen": 3}, 3)])
def test_een_vraag_mag_tot_het_ingestelde_aantal_aliassen(
        maak_client: MaakClient, instellingen: dict[str, Any], maximum: int) -> None:
    c = maak_client(**instellingen)
    status, body = post(c, aliassen(maximum))
    assert status == 200 and "errors" not in body and len(body["data"]) == maximum
    status, body = post(c, aliassen(maximum + 1))
    assert body.get("data") is None
    assert foutmeldingen(body) == [f"{maximum + 1} aliases found. Allowed: {maximum}"]


def tokens(n: int) -> str:
    """Een mutatie van precies n tokens (n >= 23): een lijst bronnen van elk 11 tokens, en
    __typename-velden als opvulling. Lineair te valideren, anders dan n gelijke velden."""
    bronnen, opvulling = divmod(n - 23, 11)
    lijst = " ".join(['{titel: "a", soort: "b", datum: "2023-01-01"}'] * bronnen)
    return (f'mutation {{ afspraakOpschorten(input: {{id: "x", verwachteVersie: 1, '
            f'bronnen: [{lijst}]}}) {{ __typename{" __typename" * opvulling} }} }}')


@pytest.mark.parametrize(("instellingen", "maximum"), [({}, 5000), ({"max_tokens": 40}, 40)])
def test_een_vraag_mag_tot_het_ingestelde_aantal_tokens(
        maak_client: MaakClient, instellingen: dict[str, Any], maximum: int) -> None:
    c = maak_client(**instellingen)
    status, body = post(c, tokens(maximum))
    assert (status, body) == (200, {"data": {"afspraakOpschorten": {
        "__typename": "NietToegestaan"}}}), body
    status, body = post(c, tokens(maximum + 1))
    assert body.get("data") is None
    assert foutmeldingen(body) == [
        f"Syntax Error: Document contains more than {maximum} tokens. Parsing aborted."]


# -- paginagrootte ----------------------------------------------------------------------------

PAGINA = "query($first: Int) { afspraken(first: $first) { edges { node { id } } pageInfo { hasNextPage } } }"


@pytest.mark.parametrize(("instellingen", "maximum"), [({}, 100), ({"max_pagina": 2}, 2)])
def test_first_is_begrensd_tot_de_ingestelde_paginagrootte(
        maak_client: MaakClient, instellingen: dict[str, Any], maximum: int) -> None:
    c = maak_client(**instellingen)
    token = c.app_state.tokens.aanmaken(M_BZK)  # type: ignore[attr-defined]
    for _ in range(3):
        leg_vast(c, token)
    for first in (0, 1, maximum):
        status, body = post(c, PAGINA, {"first": first})
        assert status == 200 and "errors" not in body, body
        assert len(body["data"]["afspraken"]["edges"]) == min(first, 3)
    for first in (maximum + 1, -1, 2**31 - 1):
        status, body = post(c, PAGINA, {"first": first})
        assert status == 200 and body["data"] is None
        assert foutmeldingen(body) == [f"first moet tussen 0 en {maximum} liggen."]
    status, body = post(c, PAGINA, {"first": 2**31})  # geen GraphQL Int meer
    assert body.get("data") is None and "Int cannot represent" in foutmeldingen(body)[0]


def test_de_standaardpagina_is_twintig(maak_client: MaakClient) -> None:
    c = maak_client()
    token = c.app_state.tokens.aanmaken(M_BZK)  # type: ignore[attr-defined]
    for _ in range(21):
        leg_vast(c, token)
    status, body = post(c, PAGINA, {})
    assert status == 200 and len(body["data"]["afspraken"]["edges"]) == 20
    assert body["data"]["afspraken"]["pageInfo"]["hasNextPage"] is True


# -- omvang van het verzoek -------------------------------------------------------------------


def lichaam(omvang: int) -> bytes:
    """Een geldig GraphQL-verzoek van precies `omvang` bytes."""
    kaal = json.dumps({"query": "{ __typename }", "variables": {"opvulling": ""}})
    tekort = omvang - len(kaal)
    assert tekort >= 0
    return json.dumps({"query": "{ __typename }",
                       "variables": {"opvulling": "x" * tekort}}).encode()


@pytest.mark.parametrize("maximum", [2_000, 1_000_000])
def test_een_verzoek_boven_de_ingestelde_omvang_krijgt_413(
        maak_client: MaakClient, maximum: int) -> None:
    c = maak_client(**({} if maximum == 1_000_000 else {"max_verzoek_bytes": maximum}))
    json_kop = {"content-type": "application/json"}
    r = c.post("/graphql", content=lichaam(maximum), headers=json_kop)
    assert r.status_code == 200 and r.json() == {"data": {"__typename": "Query"}}, r.text
    r = c.post("/graphql", content=lichaam(maximum + 1), headers=json_kop)
    assert r.status_code == 413, r.text
    assert str(maximum) in r.json()["errors"][0]["message"]


def test_een_te_groot_verzoek_zonder_content_length_krijgt_ook_413(
        maak_client: MaakClient) -> None:
    """Chunked verzonden: de grens telt de bytes die binnenkomen, niet wat de kop belooft."""
    c = maak_client(max_verzoek_bytes=2_000)

    def in_stukken(data: bytes) -> Iterator[bytes]:
        for i in range(0, len(data), 500):
            yield data[i:i + 500]

    json_kop = {"content-type": "application/json"}
    r = c.post("/graphql", content=in_stukken(lichaam(2_000)), headers=json_kop)
    assert "content-length" not in r.request.headers
    assert r.status_code == 200 and r.json() == {"data": {"__typename": "Query"}}, r.text
    r = c.post("/graphql", content=in_stukken(lichaam(50_000)), headers=json_kop)
    assert r.status_code == 413, r.text


def test_een_content_length_die_liegt_helpt_niet(maak_client: MaakClient) -> None:
    c = maak_client(max_verzoek_bytes=2_000)
    r = c.post("/graphql", content=lichaam(10_000),
               headers={"content-type": "application/json", "content-length": "100"})
    assert r.status_code in (400, 413), r.text


def test_er_is_geen_websocket_om_de_grenzen_heen(maak_client: MaakClient) -> None:
    """Het schema heeft geen subscriptions; een websocket zou omvang en verzoek-id omzeilen."""
    c = maak_client()
    with pytest.raises(Exception), c.websocket_connect(  # noqa: B017 - elke weigering telt
            "/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init"})
        ws.receive_json()


# -- onverwachte fouten -----------------------------------------------------------------------


def kapot(*_: Any, **__: Any) -> Any:
    raise RuntimeError(GEHEIM_DETAIL)


def gemaskeerd(r: Any) -> None:
    """Het antwoord noemt de fout niet: geen tekst, geen type, geen stacktrace."""
    assert GEHEIM_DETAIL not in r.text and "hunter2" not in r.text
    assert "RuntimeError" not in r.text and "Traceback" not in r.text and ".py" not in r.text


def gelogd(caplog: pytest.LogCaptureFixture, verzoek_id: str) -> logging.LogRecord:
    records = [r for r in caplog.records if getattr(r, "verzoek_id", None) == verzoek_id]
    assert len(records) == 1, [(r.name, r.getMessage()) for r in caplog.records]
    rec = records[0]
    assert rec.levelno == logging.ERROR and verzoek_id in rec.getMessage()
    assert rec.exc_info is not None and rec.exc_info[0] is RuntimeError
    assert GEHEIM_DETAIL in str(rec.exc_info[1])
    return rec


def test_een_onverwachte_fout_in_een_vraag_is_gemaskeerd_en_gelogd_met_verzoek_id(
        maak_client: MaakClient, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    c = maak_client()
    monkeypatch.setattr(Overheden, "alle", kapot)
    caplog.set_level(logging.INFO)
    r = c.post("/graphql", json={"query": "{ overheden { id } }"})
    assert r.status_code == 200
    assert r.json() == {"data": None, "errors": [{
        "message": MASKER, "locations": [{"line": 1, "column": 3}], "path": ["overheden"],
        "extensions": {"code": "INTERN"}}]}
    gemaskeerd(r)
    verzoek_id = r.headers["x-request-id"]
    assert len(verzoek_id) >= 16
    gelogd(caplog, verzoek_id)


def test_een_onverwachte_fout_in_een_mutatie_is_gemaskeerd_en_slaat_niets_op(
        maak_client: MaakClient, systeem: Systeem, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    c = maak_client()
    token = c.app_state.tokens.aanmaken(M_BZK)  # type: ignore[attr-defined]
    x = leg_vast(c, token)
    positie = systeem.laatste_positie()
    monkeypatch.setattr(Register, "voer_uit", kapot)
    caplog.set_level(logging.INFO)
    q = ("mutation($i: VoortgangRapporterenInput!) { voortgangRapporteren(input: $i) "
         "{ __typename } }")
    r = c.post("/graphql", headers={"Authorization": f"Bearer {token}"}, json={
        "query": q, "variables": {"i": {"id": x, "verwachteVersie": 1, "verslag": "Loopt.",
                                        "bronnen": [bron("2023-03-01")]}}})
    assert r.status_code == 200 and foutmeldingen(r.json()) == [MASKER]
    gemaskeerd(r)
    gelogd(caplog, r.headers["x-request-id"])
    assert systeem.laatste_positie() == positie


def test_een_onverwachte_fout_buiten_graphql_is_een_gemaskeerde_500_met_verzoek_id(
        maak_client: MaakClient, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    c = maak_client(raise_server_exceptions=False)
    monkeypatch.setattr(Tokens, "actor", kapot)
    caplog.set_level(logging.INFO)
    r = c.post("/graphql", headers={"Authorization": "Bearer ar_iets"},
               json={"query": "{ __typename }"})
    assert r.status_code == 500
    assert r.json() == {"errors": [{"message": MASKER}]}
    gemaskeerd(r)
    gelogd(caplog, r.headers["x-request-id"])


def test_een_verwachte_fout_is_niet_gemaskeerd_en_niet_als_serverfout_gelogd(
        maak_client: MaakClient, caplog: pytest.LogCaptureFixture) -> None:
    c = maak_client()
    caplog.set_level(logging.INFO)
    status, body = post(c, "{ afspraken(after: \"geen-cursor\") { edges { cursor } } }")
    assert status == 200 and foutmeldingen(body) == ["De cursor in 'after' is ongeldig."]
    status, body = post(c, "{ overhedenn { id } }")
    assert status == 200 and body["data"] is None and foutmeldingen(body)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_elk_antwoord_draagt_een_eigen_verzoek_id(maak_client: MaakClient) -> None:
    c = maak_client(max_verzoek_bytes=2_000)
    ids = [c.post("/graphql", json={"query": "{ __typename }"}).headers["x-request-id"],
           c.post("/graphql", content=lichaam(3_000),
                  headers={"content-type": "application/json"}).headers["x-request-id"],
           c.get("/gezondheid").headers["x-request-id"],
           c.get("/bestaat-niet").headers["x-request-id"]]
    assert len(set(ids)) == 4 and all(ids)


# -- introspectie en GraphiQL -----------------------------------------------------------------

INTROSPECTIE = "{ __schema { queryType { name } } }"
TYPE = '{ __type(name: "Afspraak") { name } }'


@pytest.mark.parametrize(("instellingen", "aan"), [
    ({}, True),
    ({"omgeving": "productie"}, False),
    ({"introspectie": False}, False),
    ({"omgeving": "productie", "introspectie": True}, True),
])
def test_introspectie_volgt_de_instellingen(
        maak_client: MaakClient, instellingen: dict[str, Any], aan: bool) -> None:
    c = maak_client(**instellingen)
    for q in (INTROSPECTIE, TYPE):
        status, body = post(c, q)
        assert status == 200
        if aan:
            assert "errors" not in body and body["data"], body
        else:
            assert body.get("data") is None
            assert any("introspection" in m.lower() for m in foutmeldingen(body)), body
    # __typename is geen introspectie van het schema; de mutaties leunen erop.
    assert post(c, "{ __typename }")[1] == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(("instellingen", "aan"), [
    ({}, True), ({"omgeving": "productie"}, False),
    ({"omgeving": "productie", "introspectie": True}, False)])
def test_graphiql_staat_uit_in_productie(
        maak_client: MaakClient, instellingen: dict[str, Any], aan: bool) -> None:
    c = maak_client(**instellingen)
    r = c.get("/graphql", headers={"accept": "text/html"})
    if aan:
        assert r.status_code == 200 and "graphiql" in r.text.lower()
    else:
        assert r.status_code == 404 and "graphiql" not in r.text.lower()


def test_zonder_introspectie_verraden_foutmeldingen_geen_veldnamen(
        maak_client: MaakClient) -> None:
    """'Did you mean …' zou het schema alsnog prijsgeven."""
    c = maak_client(omgeving="productie")
    status, body = post(c, "{ afsprake { id } }")
    assert status == 200 and body.get("data") is None and foutmeldingen(body)
    assert not any("afspraken" in m or "Did you mean" in m for m in foutmeldingen(body)), body
    ontwikkeling = maak_client()
    assert any("Did you mean" in m for m in foutmeldingen(
        post(ontwikkeling, "{ afsprake { id } }")[1]))


def test_productie_uit_de_omgeving_zet_introspectie_uit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGISTER_OMGEVING", "productie")
    assert Instellingen().introspectie_aan is False
    monkeypatch.setenv("REGISTER_INTROSPECTIE", "true")
    assert Instellingen().introspectie_aan is True
    monkeypatch.delenv("REGISTER_OMGEVING")
    monkeypatch.setenv("REGISTER_INTROSPECTIE", "false")
    assert Instellingen().introspectie_aan is False

