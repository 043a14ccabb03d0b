"""De FastAPI-app: GraphQL op /graphql (met GraphiQL in de browser) en een gezondheidscheck.

Zonder `from __future__ import annotations`: FastAPI leest de afhankelijkheden van de
context-functies uit hun annotaties tijdens het draaien."""


import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse, RedirectResponse
from strawberry.fastapi import GraphQLRouter

from register.api.context import Context
from register.api.schema import maak_schema
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from register.systeem.tokens import Tokens

log = logging.getLogger("register")


def maak_app(instellingen: Instellingen | None = None, systeem: Systeem | None = None) -> FastAPI:
    s = instellingen or Instellingen()
    sys_ = systeem or Systeem(s.database_url)
    tokens = Tokens(sys_.engine)

    async def context(authorization: Annotated[str | None, Header()] = None) -> Context:
        actor, ongeldig = None, False
        if authorization:
            soort, _, token = authorization.partition(" ")
            actor = tokens.actor(token.strip()) if soort.lower() == "bearer" else None
            ongeldig = actor is None
        return Context(systeem=sys_, instellingen=s, actor=actor, token_ongeldig=ongeldig)

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
    router: GraphQLRouter[Any, Any] = GraphQLRouter(
        maak_schema(s), context_getter=sluit_verbinding,
        graphql_ide="graphiql" if s.omgeving != "productie" else None)
    app.include_router(router, prefix="/graphql")

    @app.middleware("http")
    async def begrens_omvang(request: Request, call_next: Any) -> Any:
        lengte = request.headers.get("content-length")
        if lengte and lengte.isdigit() and int(lengte) > s.max_verzoek_bytes:
            return JSONResponse({"errors": [{"message": "Het verzoek is te groot (maximaal "
                                             f"{s.max_verzoek_bytes} bytes)."}]}, status_code=413)
        return await call_next(request)

    @app.get("/", include_in_schema=False)
    def begin() -> RedirectResponse:
        return RedirectResponse("/graphql")

    @app.get("/gezondheid")
    def gezondheid() -> dict[str, Any]:
        return {"status": "ok", "gebeurtenissen": sys_.laatste_positie(),
                "verwerkt": sys_.verwerkt_tot()}

    return app
