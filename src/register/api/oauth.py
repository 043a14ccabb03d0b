"""OAuth2 client credentials over HTTP (RFC 6749 §4.4, RFC 8414, RFC 6750), naast de tokens.

- `POST /oauth/token`: `grant_type=client_credentials` met het client-id en geheim als HTTP
  Basic (`client_secret_basic`) of in het formulier (`client_secret_post`), en desgewenst
  `scope` (een deel van de scopes van de client). Antwoord: `access_token` (een JWT, RFC 9068),
  `token_type: Bearer`, `expires_in`, `scope`; nooit in een cache (`Cache-Control: no-store`).
  Een fout is `{"error", "error_description"}` zoals RFC 6749 §5.2 die noemt.
- `GET /.well-known/oauth-authorization-server`: waar het token-eindpunt is, welke grant,
  welke authenticatie en welke scopes (RFC 8414).

Met het toegangstoken als `Authorization: Bearer …` leest, schrijft of abonneert een systeem
zoals zijn scopes toestaan. Een verlopen of ingetrokken toegangstoken is een 401 met
`WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1): een systeem merkt het zo, in
plaats van stil als anoniem te lezen. (Een oud token `ar_…` dat onbekend is, leest zoals
voorheen anoniem; schrijven weigert het.)

Zonder `from __future__ import annotations`: FastAPI leest de formuliervelden uit de annotaties."""

import base64
import binascii
from typing import Annotated
from urllib.parse import unquote

from fastapi import APIRouter, Form, Header, Request
from fastapi.responses import JSONResponse

from register.systeem.clients import SCOPES, ClientFout, Clients

GEEN_CACHE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class OngeldigToegangstoken(Exception):
    """Een OAuth2-toegangstoken dat verlopen, ingetrokken of onbekend is: 401 (RFC 6750)."""

    code = "TOKEN_ONGELDIG"
    melding = ("Het toegangstoken is verlopen, ingetrokken of onbekend; vraag een nieuw bij "
               "POST /oauth/token.")


def _fout(e: ClientFout) -> JSONResponse:
    koppen = dict(GEEN_CACHE)
    if e.status == 401:
        koppen["WWW-Authenticate"] = 'Basic realm="afsprakenregister"'
    return JSONResponse({"error": e.fout, "error_description": e.melding},
                        status_code=e.status, headers=koppen)


def _basic(authorization: str | None) -> tuple[str, str] | None:
    """Client-id en geheim uit `Authorization: Basic …` (RFC 6749 §2.3.1: URL-gecodeerd)."""
    if not authorization:
        return None
    soort, _, waarde = authorization.partition(" ")
    if soort.lower() != "basic":
        raise ClientFout("invalid_client", "Alleen HTTP Basic of het formulier draagt een "
                         "client-id en geheim.", status=401)
    try:
        tekst = base64.b64decode(waarde.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise ClientFout("invalid_client", "De Basic-kop is geen geldige base64.",
                         status=401) from None
    client_id, dubbelepunt, geheim = tekst.partition(":")
    if not dubbelepunt:
        raise ClientFout("invalid_client", "De Basic-kop mist 'client_id:geheim'.", status=401)
    return unquote(client_id), unquote(geheim)


def oauth_routes(clients: Clients) -> APIRouter:
    routes = APIRouter(tags=["OAuth2"])

    @routes.post("/oauth/token", summary="Toegangstoken voor een systeem (client credentials)")
    def token(
        grant_type: Annotated[str, Form()] = "",
        scope: Annotated[str | None, Form()] = None,
        client_id: Annotated[str | None, Form()] = None,
        client_secret: Annotated[str | None, Form()] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> JSONResponse:
        """Een toegangstoken (JWT, `expires_in` seconden geldig) voor de client die haar geheim
        kent. Zonder `scope` alle scopes van de client; met `scope` alleen die."""
        try:
            if grant_type != "client_credentials":
                raise ClientFout("unsupported_grant_type", "Alleen grant_type="
                                 "client_credentials wordt ondersteund.")
            basic = _basic(authorization)
            if basic is not None and (client_id or client_secret):
                raise ClientFout("invalid_request", "Geef het client-id en geheim óf als Basic "
                                 "óf in het formulier, niet allebei (RFC 6749 §2.3).")
            cid, geheim = basic or (client_id, client_secret)
            if not cid or not geheim:
                raise ClientFout("invalid_client", "Client-id en geheim ontbreken (HTTP Basic "
                                 "of client_id en client_secret in het formulier).", status=401)
            t = clients.geef_token(cid, geheim, scope)
        except ClientFout as e:
            return _fout(e)
        return JSONResponse({"access_token": t.token, "token_type": "Bearer",
                             "expires_in": t.verloopt_in, "scope": " ".join(sorted(t.scopes))},
                            headers=GEEN_CACHE)

    @routes.get("/.well-known/oauth-authorization-server",
                summary="Metadata van de autorisatieserver (RFC 8414)")
    def metadata(request: Request) -> JSONResponse:
        basis = str(request.base_url).rstrip("/")
        return JSONResponse({
            "issuer": clients.uitgever,
            "token_endpoint": f"{basis}/oauth/token",
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic",
                                                      "client_secret_post"],
            "scopes_supported": list(SCOPES),
            "response_types_supported": [],
        })

    return routes
