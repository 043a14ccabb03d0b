"""De FastAPI-app: GraphQL op /graphql (met GraphiQL in de browser) en een gezondheidscheck.

Zonder `from __future__ import annotations`: FastAPI leest de afhankelijkheden van de
context-functies uit hun annotaties tijdens het draaien."""


import json
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.fastapi import GraphQLRouter

from register.api.context import Context
from register.api.schema import MASKER, maak_schema
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from register.systeem.tokens import Tokens

log = logging.getLogger("register")


class _TeGroot(Exception):
    pass


class BegrensOmvang:
    """413 voor een verzoek boven het maximum: op de Content-Length-kop, en door de bytes te
    tellen die werkelijk binnenkomen (een chunked verzoek heeft geen kop)."""

    def __init__(self, app: ASGIApp, maximum: int) -> None:
        self.app, self.maximum = app, maximum

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lengte = dict(scope["headers"]).get(b"content-length", b"")
        if lengte.isdigit() and int(lengte) > self.maximum:
            await self._weiger(scope, receive, send)
            return
        ontvangen, begonnen = 0, False

        async def tel() -> Message:
            nonlocal ontvangen
            bericht = await receive()
            ontvangen += len(bericht.get("body", b""))
            if ontvangen > self.maximum:
                raise _TeGroot
            return bericht

        async def verstuur(bericht: Message) -> None:
            nonlocal begonnen
            begonnen = True
            await send(bericht)

        try:
            await self.app(scope, tel, verstuur)
        except _TeGroot:
            if begonnen:
                raise
            await self._weiger(scope, receive, send)

    async def _weiger(self, scope: Scope, receive: Receive, send: Send) -> None:
        await JSONResponse({"errors": [{"message": "Het verzoek is te groot (maximaal "
                                        f"{self.maximum} bytes)."}]}, status_code=413)(
            scope, receive, send)


class Router(GraphQLRouter[Context, None]):
    """Een verzoek is een JSON-object (of een lijst); al het andere, ook ongeldige UTF-8, is
    voor Strawberry onleesbare JSON: een 400, geen serverfout."""

    def decode_json(self, data: str | bytes) -> object:
        try:
            waarde = json.loads(data)
        except ValueError as e:
            raise json.JSONDecodeError(str(e), "", 0) from e
        if not isinstance(waarde, dict | list):
            raise json.JSONDecodeError("het verzoek is geen JSON-object", "", 0)
        return waarde


def maak_app(instellingen: Instellingen | None = None, systeem: Systeem | None = None) -> FastAPI:
    s = instellingen or Instellingen()
    sys_ = systeem or Systeem(s.database_url)
    tokens = Tokens(sys_.engine)

    async def context(verbinding: HTTPConnection,
                      authorization: Annotated[str | None, Header()] = None) -> Context:
        actor, ongeldig = None, False
        if authorization:
            soort, _, token = authorization.partition(" ")
            actor = tokens.actor(token.strip()) if soort.lower() == "bearer" else None
            ongeldig = actor is None
        return Context(systeem=sys_, instellingen=s, actor=actor, token_ongeldig=ongeldig,
                       verzoek_id=getattr(verbinding.state, "verzoek_id", "-"))

    async def sluit_verbinding(ctx: Annotated[Context, Depends(context)]) -> AsyncIterator[Context]:
        try:
            yield ctx
        finally:
            ctx.sluit()

    @asynccontextmanager
    async def levensloop(_: FastAPI) -> AsyncIterator[None]:
        sys_.bij_werken()  # wat een ander proces schreef, staat klaar voor het eerste verzoek
        yield
        if systeem is None:
            sys_.sluit()

    app = FastAPI(title="Afsprakenregister", lifespan=levensloop,
                  description="Register van bestuurlijke afspraken tussen overheden.")
    app.state.systeem = sys_
    app.state.tokens = tokens
    # Geen websocket: het schema heeft geen subscriptions, en een websocket zou de grenzen
    # hieronder omzeilen.
    router = Router(maak_schema(s), context_getter=sluit_verbinding, subscription_protocols=(),
                    graphql_ide="graphiql" if s.omgeving != "productie" else None)
    app.include_router(router, prefix="/graphql")
    app.add_middleware(BegrensOmvang, maximum=s.max_verzoek_bytes)

    @app.middleware("http")
    async def verzoek_id(request: Request, call_next: Any) -> Any:
        """Elk antwoord krijgt een X-Request-ID; een onverwachte fout wordt ermee gelogd."""
        request.state.verzoek_id = vid = uuid.uuid4().hex
        try:
            antwoord = await call_next(request)
        except Exception:
            log.exception("Onverwachte fout (verzoek %s)", vid, extra={"verzoek_id": vid})
            antwoord = JSONResponse({"errors": [{"message": MASKER}]}, status_code=500)
        antwoord.headers["X-Request-ID"] = vid
        return antwoord

    @app.get("/", include_in_schema=False)
    def begin() -> RedirectResponse:
        return RedirectResponse("/graphql")

    @app.get("/gezondheid")
    def gezondheid() -> dict[str, Any]:
        return {"status": "ok", "gebeurtenissen": sys_.laatste_positie(),
                "verwerkt": sys_.verwerkt_tot()}

    return app
