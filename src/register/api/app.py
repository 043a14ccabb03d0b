"""De FastAPI-app: GraphQL op /graphql (met GraphiQL in de browser) en een gezondheidscheck.

Zonder `from __future__ import annotations`: FastAPI leest de afhankelijkheden van de
context-functies uit hun annotaties tijdens het draaien."""


import asyncio
import gc
import json
import logging
import sys
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Annotated, Any

import anyio.to_thread
from anyio import CapacityLimiter
from cross_web import HTTPException
from fastapi import FastAPI, Header, Request
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from graphql import DocumentNode, GraphQLError, OperationType, parse
from sqlalchemy.exc import TimeoutError as PoolVol
from strawberry import Schema
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from register.api.checkpoint import checkpoint_routes
from register.api.context import Context
from register.api.dossier.routes import dossier_routes
from register.api.foutcodes import codeer
from register.api.oauth import OngeldigToegangstoken, oauth_routes
from register.api.kosten import Budget, TeDuur, kies_operatie, raam
from register.api.bediening import Metrieken, VerzoekId, bediening_routes
from register.api.poort import (
    TRIVIAAL, Bezet, Poort, Rijen, achtergrond_afgerond, foutcodes, na_uitvoering,
)
from register.api.statisch import STATISCH, STATISCH_PAD, lokale_graphiql
from register.api.toets import toets_routes
from register.api.v1 import maak_v1
from register.api.werkplaats import Opdracht, Vooraf, Werkplaats
from register.api.schema import CACHE_VRAGEN, maak_schema
from register.domein.overheden import Overheden
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from register.systeem.clients import LEZEN_SCOPE, Clients
from register.systeem.tokens import VOORVOEGSEL, Tokens

log = logging.getLogger("register")


class _TeGroot(Exception):
    pass


class _TeTraag(Exception):
    pass


class BegrensOmvang:
    """413 voor een verzoek boven het maximum: op de Content-Length-kop, en door de bytes te
    tellen die werkelijk binnenkomen (een chunked verzoek heeft geen kop). 408 voor een
    lichaam dat niet binnen `seconden` binnenkomt (een trage client houdt anders een plaats
    bezet)."""

    def __init__(self, app: ASGIApp, maximum: int, seconden: float = 30.0) -> None:
        self.app, self.maximum, self.seconden = app, maximum, seconden

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lengte = dict(scope["headers"]).get(b"content-length", b"")
        if lengte.isdigit() and int(lengte) > self.maximum:
            await self._weiger(scope, receive, send)
            return
        ontvangen, begonnen = 0, False

        eind = asyncio.get_running_loop().time() + self.seconden
        binnen = False  # het hele lichaam is er; daarna wacht receive() alleen op 'disconnect'

        async def tel() -> Message:
            nonlocal ontvangen, binnen
            if binnen:
                return await receive()
            try:
                bericht = await asyncio.wait_for(
                    receive(), max(0.0, eind - asyncio.get_running_loop().time()))
            except TimeoutError:
                raise _TeTraag from None
            binnen = not bericht.get("more_body", False)
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
        except _TeTraag:
            if begonnen:
                raise
            await JSONResponse({"errors": [{"message": "Het verzoek kwam niet binnen "
                                            f"{self.seconden:g} s binnen.",
                                            "extensions": {"code": "TE_TRAAG"}}]},
                               status_code=408,
                               headers={"Connection": "close"})(scope, receive, send)

    async def _weiger(self, scope: Scope, receive: Receive, send: Send) -> None:
        await JSONResponse({"errors": [{"message": "Het verzoek is te groot (maximaal "
                                        f"{self.maximum} bytes).",
                                        "extensions": {"code": "TE_GROOT"}}]}, status_code=413)(
            scope, receive, send)


def _dieper_dan(waarde: object, maximum: int) -> bool:
    """Of JSON dieper genest is dan `maximum`; zonder recursie, dus ook voor diepe invoer."""
    stapel = [(waarde, 1)]
    while stapel:
        w, diepte = stapel.pop()
        if diepte > maximum:
            return True
        kinderen = w.values() if isinstance(w, dict) else w if isinstance(w, list) else ()
        stapel.extend((k, diepte + 1) for k in kinderen if isinstance(k, dict | list))
    return False


@lru_cache(maxsize=CACHE_VRAGEN)
def _geparst(query: str, max_tokens: int) -> DocumentNode | None:
    try:
        return parse(query, max_tokens=max_tokens)
    except GraphQLError:
        return None  # de uitvoering meldt de fout in de vraag


class Router(GraphQLRouter[Context, None]):
    """Een verzoek is een JSON-object (of een lijst) van begrensde diepte; al het andere, ook
    ongeldige UTF-8, is een 400, geen serverfout. Elke vraag wordt vooraf geraamd, wacht in
    haar rij (poort.Poort) en draait in een eigen thread met een budget aan velden en tijd."""

    def __init__(self, schema: Schema, instellingen: Instellingen, overheden: Overheden,
                 metrieken: Metrieken, werkplaats: Werkplaats | None = None,
                 **opties: Any) -> None:
        super().__init__(schema, **opties)
        self.graphql_schema = schema._schema  # voor de raming (kosten.raam)
        self.instellingen = instellingen
        self.metrieken, self.werkplaats = metrieken, werkplaats
        self._overheden: Counter[str | None] = Counter(o.soort for o in overheden.alle())
        self._overheden[None] = len(overheden)
        self.poort = Poort(Rijen(
            triviaal=instellingen.gelijktijdig_triviaal, triviaal_tot=instellingen.triviaal_tot,
            licht=instellingen.gelijktijdig_licht,
            zwaar_anoniem=instellingen.gelijktijdig_zwaar_anoniem,
            zwaar=instellingen.gelijktijdig_zwaar, licht_tot=instellingen.licht_tot,
            wachttijd=instellingen.wachttijd))

    def decode_json(self, data: str | bytes) -> object:
        maximum = self.instellingen.max_json_diepte
        try:
            waarde = json.loads(data)
            te_diep = _dieper_dan(waarde, maximum)
        except RecursionError:
            te_diep = True
        except ValueError as e:
            raise json.JSONDecodeError(str(e), "", 0) from e
        if te_diep:
            raise HTTPException(400, f"De JSON van het verzoek is dieper genest dan {maximum} "
                                "niveaus.")
        if not isinstance(waarde, dict | list):
            raise json.JSONDecodeError("het verzoek is geen JSON-object", "", 0)
        return waarde

    def _raming(self, verzoek: GraphQLRequestData) -> tuple[int | None, bool]:
        """Het geraamde aantal velden (None als de vraag niet te parsen is: de uitvoering
        meldt dat) en of het een query is. Meerdere operaties zonder operationName: een
        GraphQLError."""
        document = _geparst(verzoek.query, self.instellingen.max_tokens) \
            if isinstance(verzoek.query, str) else None
        if document is None:
            return None, False
        operatie = kies_operatie(document, verzoek.operation_name)
        if operatie is None:
            return None, False
        return (raam(self.graphql_schema, document, operatie, verzoek.variables, self._lengte,
                     self.instellingen.max_pagina),
                operatie.operation is OperationType.QUERY)

    def _lengte(self, veld: str, argumenten: Mapping[str, Any]) -> int | None:
        """`overheden(soort)` is een vaste lijst: de raming kent haar lengte."""
        if veld != "overheden":
            return None
        soort = argumenten.get("soort")
        return self._overheden.get(soort if isinstance(soort, str) else None, 0)

    async def execute_single(self, request: Any, request_adapter: Any, sub_response: Any,
                             context: Context, root_value: Any,
                             request_data: GraphQLRequestData) -> ExecutionResult:
        s = self.instellingen
        try:
            velden, query = self._raming(request_data)
        except GraphQLError as f:
            return ExecutionResult(data=None, errors=[f])
        if query and not context.mag(LEZEN_SCOPE):
            return ExecutionResult(data=None, errors=[GraphQLError(
                f"Dit toegangstoken heeft de scope '{LEZEN_SCOPE}' niet; vraag een token met "
                "die scope bij POST /oauth/token.", extensions={"code": "GEEN_SCOPE"})])
        maximum = s.max_velden_anoniem if context.actor is None else s.max_velden
        if velden is not None and velden > maximum:
            return ExecutionResult(data=None, errors=[TeDuur(
                f"Deze vraag kan {velden} velden opleveren; het maximum is {maximum}"
                f"{' zonder token' if context.actor is None else ''}. Vraag minder velden, "
                "minder aliassen of een kleinere pagina (first).", geraamd=velden,
                maximum=maximum)])
        budget = context.budget = Budget(maximum, s.max_seconden_per_vraag)
        uitvoeren = super().execute_single

        async def in_draad() -> ExecutionResult:
            budget.begin()
            try:
                r = await uitvoeren(request, request_adapter, sub_response, context,
                                    root_value, request_data)
            finally:
                await achtergrond_afgerond()
                context.sluit()
                context.systeem.leesverslag.leg_vast(context.gelezen)
            return na_uitvoering(r, context)

        anoniem = context.actor is None
        rij = self.poort.rij(velden or 0, anoniem)
        async with self.poort.plaats(rij):
            if self.werkplaats is not None and anoniem and query and rij != TRIVIAAL:
                return await self.werkplaats.voer_uit(Opdracht(
                    query=request_data.query or "", variabelen=request_data.variables,
                    operatie=request_data.operation_name,
                    token_ongeldig=context.token_ongeldig, verzoek_id=context.verzoek_id))
            return await self.poort.in_draad(in_draad)

    @property
    def graphql_ide_html(self) -> str:
        """GraphiQL met de bestanden van het register zelf (api/statisch/graphiql) in plaats van
        een publiek CDN; de integriteitshashes blijven staan en gelden voor dezelfde bytes."""
        return lokale_graphiql(super().graphql_ide_html)

    async def process_result(self, request: Any, result: ExecutionResult
                             ) -> GraphQLHTTPResponse:
        """Elke fout krijgt haar `extensions.code` (docs/foutcodes.md), ook een die niet langs
        poort.na_uitvoering kwam; een antwoord uit een werkproces heeft ze al."""
        if not isinstance(result, Vooraf):
            codeer(result)
        codes = result.codes if isinstance(result, Vooraf) else foutcodes(result)
        for code in codes:
            self.metrieken.graphql_fouten.labels(code).inc()
        if isinstance(result, Vooraf):
            # al JSON uit het werkproces: encode_json stuurt de tekst door
            return _Gecodeerd(result.tekst)  # type: ignore[return-value]
        return await super().process_result(request, result)

    def encode_json(self, data: object) -> str | bytes:
        """Een antwoord uit een werkproces is al JSON; de server codeert het niet opnieuw."""
        return data.tekst if isinstance(data, _Gecodeerd) else super().encode_json(data)


class _Gecodeerd(dict[str, Any]):
    def __init__(self, tekst: str) -> None:
        super().__init__()
        self.tekst = tekst


def maak_app(instellingen: Instellingen | None = None, systeem: Systeem | None = None) -> FastAPI:
    s = instellingen or Instellingen()
    sys.setswitchinterval(s.wisseltijd)
    sys_ = systeem or Systeem(s.database_url)
    tokens = Tokens(sys_.engine, sys_.sleutel)
    clients = Clients(sys_.engine, sys_.sleutel, s.herkomst, s.oauth_geldigheid)

    # Tokens opzoeken in een thread (niet op de event loop), met weinig tegelijk: een vloed
    # van verzoeken met een token kan de pool zo niet leeg trekken.
    token_draden = CapacityLimiter(4)
    # Werkprocessen alleen voor een register dat deze app zelf opent, uit een bestand of een
    # server: een meegegeven Systeem (met een eigen klok) of een database in het geheugen kan
    # een ander proces niet delen.
    werkplaats = Werkplaats(s, s.werkprocessen) if (
        systeem is None and s.werkprocessen > 0 and not sys_.opslag.in_geheugen) else None

    async def context(verbinding: HTTPConnection,
                      authorization: Annotated[str | None, Header()] = None) -> Context:
        actor, ongeldig, scopes = None, False, None
        if authorization:
            soort, _, token = authorization.partition(" ")
            if soort.lower() == "bearer":
                token = token.strip()
                try:
                    if token.startswith(VOORVOEGSEL) or token.count(".") != 2:
                        actor = await anyio.to_thread.run_sync(tokens.actor, token,
                                                               limiter=token_draden)
                    else:  # een OAuth2-toegangstoken (JWT)
                        toegang = await anyio.to_thread.run_sync(clients.toegang, token,
                                                                 limiter=token_draden)
                        if toegang is None:
                            raise OngeldigToegangstoken
                        actor, scopes = toegang.actor, toegang.scopes
                except PoolVol:
                    raise Bezet("Het register heeft nu geen vrije databaseverbinding; probeer "
                                "het over enkele seconden opnieuw.", seconden=2) from None
            ongeldig = actor is None
        return Context(systeem=sys_, instellingen=s, actor=actor, token_ongeldig=ongeldig,
                       scopes=scopes, verzoek_id=getattr(verbinding.state, "verzoek_id", "-"))

    @asynccontextmanager
    async def levensloop(_: FastAPI) -> AsyncIterator[None]:
        sys_.bij_werken()  # wat een ander proces schreef, staat klaar voor het eerste verzoek
        # Wat bij het starten ontstond (schema, modules, caches), blijft: buiten de volledige
        # rondes van de garbage collector, die anders bij een zware vraag alles nalopen.
        gc.collect()
        gc.freeze()
        if werkplaats is not None:
            werkplaats.start()
        yield
        if werkplaats is not None:
            await anyio.to_thread.run_sync(werkplaats.stop)
        if systeem is None:
            sys_.sluit()

    # In productie geen /docs, /redoc en /openapi.json (zoals geen GraphiQL en introspectie).
    documentatie: dict[str, Any] = {} if s.omgeving != "productie" else dict(
        docs_url=None, redoc_url=None, openapi_url=None)
    app = FastAPI(title="Afsprakenregister", lifespan=levensloop,
                  description="Register van bestuurlijke afspraken tussen overheden.",
                  **documentatie)
    app.state.systeem = sys_
    app.state.tokens = tokens
    app.state.clients = clients
    app.state.werkplaats = werkplaats
    # Geen websocket: het schema heeft geen subscriptions, en een websocket zou de grenzen
    # hieronder omzeilen.
    metrieken = Metrieken()
    router = Router(maak_schema(s), s, sys_.register.overheden, metrieken, werkplaats,
                    context_getter=context, subscription_protocols=(),
                    graphql_ide="graphiql" if s.omgeving != "productie" else None)
    for route in router.routes:  # in /docs: wat de GraphQL-routes doen
        if isinstance(route, APIRoute):
            route.summary = ("GraphQL: een query of mutatie (POST, JSON)" if "POST" in
                             (route.methods or ()) else "GraphQL: een query (GET) of GraphiQL")
            route.description = ("Het schema staat in schema/schema.graphql; de fouten die men "
                                 "kan verwachten, zijn typen in dat schema.")
    app.include_router(router, prefix="/graphql")
    app.mount(STATISCH_PAD, StaticFiles(directory=STATISCH), name="statisch")
    app.include_router(checkpoint_routes(sys_, s))
    app.include_router(bediening_routes(
        sys_, s, metrieken, lambda: len(werkplaats.pids()) if werkplaats else 0))
    app.include_router(dossier_routes(router, context))
    app.include_router(toets_routes())
    app.include_router(oauth_routes(clients))
    app.mount("/v1", maak_v1(router, context))
    app.add_middleware(BegrensOmvang, maximum=s.max_verzoek_bytes, seconden=s.lichaam_seconden)
    app.add_middleware(VerzoekId, metrieken=metrieken)  # de buitenste: ook een 413 heeft een id

    @app.exception_handler(Bezet)
    async def bezet(_: Request, e: Bezet) -> JSONResponse:
        metrieken.bezet.labels(e.oorzaak).inc()
        return JSONResponse({"errors": [{"message": e.melding, "extensions": {"code": "BEZET"}}]},
                            status_code=503, headers={"Retry-After": str(e.seconden)})

    @app.exception_handler(OngeldigToegangstoken)
    async def ongeldig_toegangstoken(_: Request, e: OngeldigToegangstoken) -> JSONResponse:
        metrieken.graphql_fouten.labels(OngeldigToegangstoken.code).inc()
        return JSONResponse(
            {"errors": [{"message": OngeldigToegangstoken.melding,
                         "extensions": {"code": OngeldigToegangstoken.code}}]},
            status_code=401, headers={"WWW-Authenticate": 'Bearer error="invalid_token", '
                                      'error_description="verlopen, ingetrokken of onbekend"'})

    @app.get("/", include_in_schema=False)
    def begin() -> RedirectResponse:
        return RedirectResponse("/graphql")

    return app
