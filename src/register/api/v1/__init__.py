"""De REST-lees-API `/v1` volgens de NL API Design Rules: een eigen FastAPI-app onder /v1 met
haar eigen OpenAPI-document (/v1/openapi.json). Zij leest met dezelfde leesmodellen, toegang en
tijdreizen als GraphQL; zie `afspraken` (afspraken en verplichtingen) en `gebeurtenissen` (de
CloudEvents-feed).

Wat voor de hele sub-app geldt (ook voor de feed): de kop API-Version en de
beveiligingskoppen bij elk antwoord, CORS voor elke herkomst (een openbaar register; een token
is geen cookie, dus een andere site kan er niets mee zonder het token zelf), HEAD naast GET,
geen doorverwijzing bij een afsluitende '/' (404), en elke fout als application/problem+json.

Zonder `from __future__ import annotations`: FastAPI leest de afhankelijkheden uit de
annotaties tijdens het draaien."""

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from register.api.context import Context
from register.api.v1.afspraken import afspraken_routes, basis, componenten
from register.api.v1.gebeurtenissen import gebeurtenissen_routes
from register.api.v1.openapi import LINKS, antwoorden, bewerk
from register.api.v1.probleem import API_VERSIE, registreer

# Dezelfde (voorlopige) beheerder als in publiccode.yml; /core/doc-openapi-contact.
CONTACT = {"name": "Beheer Afsprakenregister", "email": "beheer@example.org",
           "url": "https://github.com/afsprakenregister/afsprakenregister/issues"}
BESCHRIJVING = """Lees-API van het Afsprakenregister: bestuurlijke afspraken tussen Rijk,
provincies, gemeenten en waterschappen, op elk peilmoment langs de vier tijdassen van STOP
(`geldigOp`, `juridischWerkendOp`, `bekendOp`, `ontvangenOp`).

De antwoorden zijn die van de GraphQL-API (`/graphql`) op hetzelfde peilmoment, met dezelfde
veldnamen. Zonder token leest u de openbare afspraken; met `Authorization: Bearer <token>` ook
de vertrouwelijke afspraken waarin uw organisatie partij is. Elke fout is
`application/problem+json`; elk antwoord draagt de kop `API-Version`. Grenzen: hoogstens
`limit` resultaten per pagina, en per vraag een begrensd aantal velden (zonder token krapper);
wie te lang op een plaats wacht, krijgt 503 met Retry-After."""
KOPPEN = [(b"api-version", API_VERSIE.encode()), (b"x-content-type-options", b"nosniff"),
          (b"x-frame-options", b"DENY"),
          (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
          (b"referrer-policy", b"no-referrer"), (b"cache-control", b"no-store"),
          # ook zonder Origin in het verzoek (/core/publish-openapi, stap 4)
          (b"access-control-allow-origin", b"*")]


class Koppen:
    """API-Version (/core/version-header) en de beveiligingskoppen
    (/core/transport/security-headers) bij elk antwoord van de sub-app; HEAD wordt GET zonder
    lichaam (/core/http-methods)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        kop = scope["method"] == "HEAD"

        async def verstuur(bericht: Message) -> None:
            if bericht["type"] == "http.response.start":
                bestaand = {k.lower() for k, _ in bericht.get("headers", [])}
                bericht["headers"] = [*bericht.get("headers", []),
                                      *((k, v) for k, v in KOPPEN if k not in bestaand)]
            elif kop and bericht["type"] == "http.response.body":
                bericht = {**bericht, "body": b""}
            await send(bericht)

        await self.app({**scope, "method": "GET"} if kop else scope, receive, verstuur)


def maak_v1(router: Any, context: Callable[..., Awaitable[Context]]) -> FastAPI:
    """`router` is de GraphQL-router van de app (schema, instellingen, rijen); `context` de
    functie die ook GraphQL zijn lezer geeft."""
    v1 = FastAPI(title="Afsprakenregister", version=API_VERSIE, openapi_url="/openapi.json",
                 docs_url=None, redoc_url=None,
                 redirect_slashes=False)  # /core/no-trailing-slash: 404, geen doorverwijzing
    v1.include_router(afspraken_routes(router, context))
    v1.include_router(gebeurtenissen_routes(router, context))
    registreer(v1, router.metrieken)

    @v1.get("/", operation_id="beginpagina", tags=["register"], summary="Beginpagina",
            description="Links naar de bronnen van deze API en haar OpenAPI-document.",
            openapi_extra={"responses": antwoorden("Beginpagina", "De links.")})
    async def beginpagina(request: Request) -> JSONResponse:
        b = basis(request)
        return JSONResponse({"_links": {
            "self": {"href": f"{b}/"}, "afspraken": {"href": f"{b}/afspraken"},
            "verplichtingen": {"href": f"{b}/verplichtingen"},
            "gebeurtenissen": {"href": f"{b}/gebeurtenissen"},
            "openapi": {"href": f"{b}/openapi.json"}}})

    schemas = {**LINKS, **componenten(router.schema._schema), "Beginpagina": {
        "type": "object", "properties": {"_links": {"type": "object", "additionalProperties": {
            "$ref": "#/components/schemas/Link"}}}, "required": ["_links"]}}

    def openapi() -> dict[str, Any]:
        if v1.openapi_schema is None:
            document = get_openapi(
                title="Afsprakenregister", version=API_VERSIE, summary="Lees-API van het "
                "Afsprakenregister (REST)", description=BESCHRIJVING, routes=v1.routes,
                license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
                servers=[{"url": "/v1", "description": "Deze server"}],
                tags=[{"name": "afspraken", "description": "Afspraken en hun geschiedenis."},
                      {"name": "verplichtingen", "description": "Verplichtingen over "
                       "afspraken heen."},
                      {"name": "register", "description": "Over deze API."}])
            # Na get_openapi: diens model wil voor een e-mailadres een extra pakket.
            document["info"]["contact"] = CONTACT
            document["components"] = {**document.get("components", {}), "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": (
                    "Een token van het register (`register token aanmaken`); zonder token "
                    "leest u de openbare afspraken.")}}}
            document["security"] = [{}, {"bearer": []}]
            v1.openapi_schema = bewerk(document, schemas)
        return v1.openapi_schema

    # zo vervangt FastAPI's documentatie het document; mypy ziet een methode overschreven
    v1.openapi = openapi  # type: ignore[method-assign]
    # De buitenste laag: ook een antwoord van CORS (een preflight) krijgt de koppen.
    v1.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD"],
                      allow_headers=["Authorization", "Accept"], expose_headers=["API-Version",
                                                                                  "Retry-After"],
                      max_age=600)
    v1.add_middleware(Koppen)
    return v1
