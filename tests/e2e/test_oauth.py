"""OAuth2 client credentials voor systemen (Afnemers, punt 6), op SQLite en PostgreSQL: een
client per overheid met scopes, `POST /oauth/token` (Basic en formulier), toegangstokens die
verlopen, scopes die lezen en schrijven scheiden, roteren met overlap, intrekken dat meteen
geldt, en een database-rij of token dat buiten het register om is gewijzigd, geeft geen toegang.
De opdrachtregel: `register client aanmaken` en `register token lijst`."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from register.cli import app as cli_app
from register.systeem.clients import Clients
from tests.hulp import AFSPRAAK_VELDEN, M_BZK, P_GELDERLAND, gql_antwoord, leg_vast, muteer, \
    vastleggen_invoer

LIJST = "{ afspraken(first: 5) { edges { node { id titel } } } }"


def _clients(client: TestClient) -> Clients:
    return client.app_state.clients  # type: ignore[attr-defined,no-any-return]


def _basic(client_id: str, geheim: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{geheim}".encode()).decode()}


def _token(client: TestClient, client_id: str, geheim: str, scope: str | None = None) -> str:
    form = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    r = client.post("/oauth/token", data=form, headers=_basic(client_id, geheim))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert r.headers["cache-control"] == "no-store"
    return body["access_token"]  # type: ignore[no-any-return]


def test_een_systeem_vraagt_een_toegangstoken_en_leest_en_schrijft_daarmee(
        client: TestClient) -> None:
    client_id, geheim = _clients(client).aanmaken(M_BZK, frozenset({"lezen", "schrijven"}))
    # Basic (client_secret_basic) en formulier (client_secret_post) geven allebei een token
    token = _token(client, client_id, geheim)
    r = client.post("/oauth/token", data={"grant_type": "client_credentials",
                                          "client_id": client_id, "client_secret": geheim})
    assert r.status_code == 200 and r.json()["scope"] == "lezen schrijven"
    afspraak_id = leg_vast(client, token)
    status, body = gql_antwoord(client, f'{{ afspraak(id: "{afspraak_id}") {{ {AFSPRAAK_VELDEN} }} }}',
                                token=token)
    assert status == 200 and body["data"]["afspraak"]["id"] == afspraak_id
    # de actor van de gebeurtenis is de overheid van de client
    status, body = gql_antwoord(client, f'{{ gebeurtenissen(afspraakId: "{afspraak_id}") '
                                '{ actor } }', token=token)
    assert body["data"]["gebeurtenissen"][0]["actor"] == M_BZK


def test_scopes_scheiden_lezen_en_schrijven(client: TestClient) -> None:
    c = _clients(client)
    lees_id, lees_geheim = c.aanmaken(M_BZK, frozenset({"lezen"}))
    schrijf_id, schrijf_geheim = c.aanmaken(M_BZK, frozenset({"schrijven"}))
    alleen_lezen = _token(client, lees_id, lees_geheim)
    r = muteer(client, "afspraakVastleggen", vastleggen_invoer(), alleen_lezen)
    assert r["__typename"] == "NietToegestaan" and "schrijven" in r["melding"]
    alleen_schrijven = _token(client, schrijf_id, schrijf_geheim)
    leg_vast(client, alleen_schrijven)
    _, body = gql_antwoord(client, LIJST, token=alleen_schrijven)
    assert body["errors"][0]["extensions"]["code"] == "GEEN_SCOPE", body
    assert client.get("/dossier/x", headers={"Authorization": f"Bearer {alleen_schrijven}"}
                      ).status_code == 403
    # een token met minder scopes dan de client heeft, en geen scope die zij niet heeft
    beide_id, beide_geheim = c.aanmaken(P_GELDERLAND, frozenset({"lezen", "schrijven"}))
    smal = _token(client, beide_id, beide_geheim, scope="lezen")
    r = muteer(client, "afspraakVastleggen", vastleggen_invoer(), smal)
    assert r["__typename"] == "NietToegestaan"
    r2 = client.post("/oauth/token", data={"grant_type": "client_credentials",
                                           "scope": "abonneren"},
                     headers=_basic(beide_id, beide_geheim))
    assert r2.status_code == 400 and r2.json()["error"] == "invalid_scope"
    r3 = client.post("/oauth/token", data={"grant_type": "client_credentials",
                                           "scope": "alles"},
                     headers=_basic(beide_id, beide_geheim))
    assert r3.status_code == 400 and "alles" in r3.json()["error_description"]


@pytest.mark.parametrize(("form", "koppen", "status", "fout"), [
    ({"grant_type": "password"}, "goed", 400, "unsupported_grant_type"),
    ({}, "goed", 400, "unsupported_grant_type"),
    ({"grant_type": "client_credentials"}, "fout geheim", 401, "invalid_client"),
    ({"grant_type": "client_credentials"}, None, 401, "invalid_client"),
    ({"grant_type": "client_credentials"}, "geen base64", 401, "invalid_client"),
    ({"grant_type": "client_credentials", "client_id": "x", "client_secret": "y"}, "goed",
     400, "invalid_request"),
])
def test_een_verkeerd_tokenverzoek_krijgt_de_fout_van_rfc_6749(
        client: TestClient, form: dict[str, str], koppen: str | None, status: int, fout: str
) -> None:
    client_id, geheim = _clients(client).aanmaken(M_BZK, frozenset({"lezen"}))
    headers = {"goed": _basic(client_id, geheim), "fout geheim": _basic(client_id, "arg_x"),
               "geen base64": {"Authorization": "Basic %%%"}, None: {}}[koppen]
    r = client.post("/oauth/token", data=form, headers=headers)
    assert r.status_code == status, r.text
    assert r.json()["error"] == fout and r.json()["error_description"]
    if status == 401:
        assert r.headers["www-authenticate"].startswith("Basic")


def _lees(client: TestClient, token: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    r = client.post("/graphql", json={"query": LIJST},
                    headers={"Authorization": f"Bearer {token}"})
    return r.status_code, r.json(), dict(r.headers)


def _claims(token: str) -> dict[str, Any]:
    """De inhoud van een JWT, zonder de handtekening te controleren."""
    lading = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(lading + "=" * (-len(lading) % 4)))  # type: ignore[no-any-return]


def test_intrekken_geldt_meteen_ook_voor_een_toegangstoken_dat_nog_niet_verlopen_is(
        client: TestClient) -> None:
    c = _clients(client)
    client_id, geheim = c.aanmaken(M_BZK, frozenset({"lezen"}))
    token = _token(client, client_id, geheim)
    assert _lees(client, token)[0] == 200
    assert c.intrekken(client_id)
    status, body, koppen = _lees(client, token)
    assert status == 401 and body["errors"][0]["extensions"]["code"] == "TOKEN_ONGELDIG"
    assert koppen["www-authenticate"].startswith('Bearer error="invalid_token"')
    r = client.post("/oauth/token", data={"grant_type": "client_credentials"},
                    headers=_basic(client_id, geheim))
    assert r.status_code == 401


def test_een_toegangstoken_verloopt(client: TestClient, database_url: str) -> None:
    app_clients = _clients(client)
    # JWT telt in hele seconden (exp wordt naar beneden afgerond): met 3 s is het token nog
    # minstens 2 s geldig, ruim genoeg voor de eerste vraag op een drukke machine
    kort = Clients(app_clients.engine, app_clients._sleutel, "afsprakenregister.local",
                   geldigheid=3)
    client_id, geheim = kort.aanmaken(M_BZK, frozenset({"lezen"}))
    token = kort.geef_token(client_id, geheim, None).token
    assert _lees(client, token)[0] == 200
    exp = _claims(token)["exp"]
    while time.time() < exp + 0.1:  # tot de geldigheid voorbij is; PyJWT kent geen speling
        time.sleep(max(exp + 0.1 - time.time(), 0.01))
    assert _lees(client, token)[0] == 401


def test_roteren_laat_het_oude_geheim_nog_even_gelden(client: TestClient) -> None:
    c = _clients(client)
    client_id, oud = c.aanmaken(M_BZK, frozenset({"lezen"}))
    nieuw = c.roteren(client_id, overlap=3600)
    _token(client, client_id, oud)
    _token(client, client_id, nieuw)
    nieuwer = c.roteren(client_id, overlap=0)
    for geheim in (oud, nieuw):
        r = client.post("/oauth/token", data={"grant_type": "client_credentials"},
                        headers=_basic(client_id, geheim))
        assert r.status_code == 401
    _token(client, client_id, nieuwer)


def test_wat_buiten_het_register_om_is_gewijzigd_geeft_geen_toegang(client: TestClient) -> None:
    c = _clients(client)
    client_id, geheim = c.aanmaken(M_BZK, frozenset({"lezen"}))
    token = _token(client, client_id, geheim)
    # een JWT met een andere scope maar dezelfde handtekening
    kop, _, handtekening = token.split(".")
    claims = _claims(token)
    claims["scope"] = "lezen schrijven"
    vals = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert _lees(client, f"{kop}.{vals}.{handtekening}")[0] == 401
    # wie alleen de database kan wijzigen, geeft een client geen extra scope
    with c.engine.begin() as conn:
        conn.execute(text("UPDATE oauth_clients SET scopes = 'lezen schrijven' "
                          "WHERE client_id = :c"), {"c": client_id})
    assert _lees(client, token)[0] == 401
    r = client.post("/oauth/token", data={"grant_type": "client_credentials"},
                    headers=_basic(client_id, geheim))
    assert r.status_code == 401


def test_de_metadata_van_de_autorisatieserver(client: TestClient) -> None:
    m = client.get("/.well-known/oauth-authorization-server").json()
    assert m["token_endpoint"].endswith("/oauth/token")
    assert m["grant_types_supported"] == ["client_credentials"]
    assert set(m["scopes_supported"]) == {"lezen", "schrijven", "abonneren"}


def test_de_opdrachtregel_maakt_een_client_en_de_lijst_toont_tokens_en_clients(
        client: TestClient, database_url: str) -> None:
    def register(*args: str) -> Any:
        return CliRunner().invoke(cli_app, list(args),
                                  env={"REGISTER_DATABASE_URL": database_url})

    client.app_state.tokens.aanmaken(P_GELDERLAND)  # type: ignore[attr-defined]
    r = register("client", "aanmaken", "--overheid", M_BZK, "--scope", "lezen",
                 "--scope", "schrijven", "--omschrijving", "zaaksysteem")
    assert r.exit_code == 0, (r.stdout, r.stderr)
    nieuw = json.loads(r.stdout)
    assert nieuw["scope"] == "lezen schrijven"
    token = _token(client, nieuw["client_id"], nieuw["client_secret"])
    assert _lees(client, token)[0] == 200
    assert register("token", "lijst").exit_code == 0  # de tabel
    r = register("token", "lijst", "--json")
    assert r.exit_code == 0, r.stderr
    rijen = [json.loads(regel) for regel in r.stdout.splitlines()]
    (c,) = [x for x in rijen if x["soort"] == "client"]
    assert (c["id"], c["overheid"], c["mag"], c["omschrijving"], c["echt"]) == (
        nieuw["client_id"], M_BZK, "lezen schrijven", "zaaksysteem", True)
    (t,) = [x for x in rijen if x["soort"] == "token"]
    assert t["overheid"] == P_GELDERLAND and t["ingetrokken"] == ""
    assert nieuw["client_secret"] not in r.stdout
    fout = register("client", "aanmaken", "--overheid", M_BZK, "--scope", "alles")
    assert fout.exit_code == 2 and "alles" in fout.stderr
    r = register("client", "roteren", nieuw["client_id"], "--overlap", "0")
    assert r.exit_code == 0 and r.stdout.strip().startswith("arg_")
    assert register("client", "intrekken", nieuw["client_id"]).exit_code == 0
    assert _lees(client, token)[0] == 401
    assert register("client", "intrekken", nieuw["client_id"]).exit_code == 2
