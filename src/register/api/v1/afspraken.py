"""`GET /v1/afspraken`, `/v1/afspraken/{id}`, `/v1/afspraken/{id}/gebeurtenissen` en
`/v1/verplichtingen`: elk een vaste GraphQL-vraag (vragen.py) op het peilmoment uit de
queryparameters, uitgevoerd als een GraphQL-vraag van dezelfde lezer (uitvoering.py).

Zonder `from __future__ import annotations`: FastAPI leest de parameters uit de annotaties."""

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse

from register.api.context import Context
import register.api.v1.parameters as p
from register.api.v1.openapi import Schemas, antwoorden, ref
from register.api.v1.probleem import Probleem
from register.api.v1.uitvoering import voer_uit
from register.api.v1.vragen import (
    AFSPRAAK, AFSPRAKEN, GEBEURTENISSEN_OP, GESCHIEDENIS, VERPLICHTINGEN,
)
from register.systeem.clients import LEZEN_SCOPE

ID = Annotated[str, Path(alias="id", description="Het id van de afspraak (een UUID).")]
PEILMOMENT = ("De vier assen van het peilmoment (`geldigOp`, `juridischWerkendOp`, `bekendOp`, "
              "`ontvangenOp`) betekenen hetzelfde als in GraphQL (ontwerp §4); wat niet "
              "gegeven is, is vandaag (geldigOp) of zonder grens.")
PAGINERING = ("Gepagineerd met een cursor: volg `_links.next` tot die ontbreekt. Een pagina "
              "kan korter zijn dan `limit` terwijl er een volgende is.")


def componenten(schema: Any) -> dict[str, Any]:
    """De schema's van de antwoorden, uit de GraphQL-vragen en het GraphQL-schema."""
    s = Schemas(schema)
    lijsten = {"AfspraakLijst": ("afspraken", s.op(AFSPRAKEN, "afspraken", "edges", "node")),
               "VerplichtingLijst": ("verplichtingen", s.op(VERPLICHTINGEN, "verplichtingen",
                                                            "edges", "node")),
               "GebeurtenisLijst": ("gebeurtenissen", s.op(GESCHIEDENIS, "gebeurtenissen"))}
    s.op(AFSPRAAK, "afspraak")
    s.op(GEBEURTENISSEN_OP, "afspraak", "gebeurtenissen")
    for x in (*p.filters(schema, "AfspraakFilter"), *p.filters(schema, "VerplichtingFilter")):
        if x.keuzelijst is not None:
            s.keuzelijst(x.keuzelijst)
    for naam in ("Afspraak", "AfspraakSamenvatting"):
        s.met_links(naam, "Links")
    for naam, (veld, item) in lijsten.items():
        s.componenten[naam] = {"type": "object", "properties": {
            veld: {"type": "array", "items": item}, "_links": ref("Paginalinks")},
            "required": [veld, "_links"]}
    return s.componenten


def afspraken_routes(router: Any, context: Callable[..., Awaitable[Context]]) -> APIRouter:
    """`router` is de GraphQL-router van de app (schema, instellingen, rijen); `context` de
    functie die ook GraphQL zijn lezer geeft."""
    routes = APIRouter()
    gql = router.schema._schema
    assen, pagina = p.assen(), p.paginering(router.instellingen.max_pagina)
    bij_afspraken = [*assen, *p.filters(gql, "AfspraakFilter"), *pagina]
    bij_verplichtingen = [*assen, *p.filters(gql, "VerplichtingFilter"), *pagina]

    async def lezer(request: Request) -> Context:
        """De lezer zoals GraphQL hem krijgt; een token dat niet klopt, is hier een 401 (in
        plaats van stil anoniem lezen)."""
        ctx = await context(request, request.headers.get("authorization"))
        if ctx.token_ongeldig:
            raise Probleem(401, "Het token in Authorization is onbekend of ingetrokken; "
                           "zonder token leest u alleen openbare afspraken.",
                           koppen={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if not ctx.mag(LEZEN_SCOPE):
            raise Probleem(403, f"Dit toegangstoken heeft de scope '{LEZEN_SCOPE}' niet; vraag "
                           "een token met die scope bij POST /oauth/token.")
        return ctx

    def documentatie(parameters: list[p.Parameter], schema: str, beschrijving: str,
                     *fouten: int) -> dict[str, Any]:
        return {"parameters": [x.openapi() for x in parameters],
                "responses": antwoorden(schema, beschrijving, 400, 401, 403, *fouten)}

    @routes.get("/afspraken", operation_id="lijstAfspraken", tags=["afspraken"],
                summary="Afspraken op een peilmoment", description=(
                    f"Afspraken in registervolgorde, gefilterd. {PEILMOMENT} {PAGINERING} "
                    "Alleen afspraken die de vrager mag zien (ontwerp §6)."),
                openapi_extra=documentatie(bij_afspraken, "AfspraakLijst",
                                           "Een pagina afspraken."))
    async def lijst(request: Request) -> JSONResponse:
        variabelen = p.lees(request.query_params.multi_items(), bij_afspraken)
        data = await voer_uit(router, await lezer(request), AFSPRAKEN,
                              {"first": p.STANDAARD_PAGINA, **variabelen})
        verbinding = data["afspraken"]
        peil = _peil(variabelen)
        return JSONResponse({
            "afspraken": [{**e["node"], "_links": _links(request, e["node"]["id"], peil)}
                          for e in verbinding["edges"]],
            "_links": _pagina(request, verbinding["pageInfo"])})

    @routes.get("/afspraken/{id}", operation_id="leesAfspraak", tags=["afspraken"],
                summary="Eén afspraak op een peilmoment", description=(
                    f"De afspraak zoals zij op het peilmoment gold. {PEILMOMENT} Een afspraak "
                    "die dan niet bestaat of die de vrager niet mag zien: 404."),
                openapi_extra=documentatie(assen, "Afspraak", "De afspraak.", 404))
    async def een(request: Request, afspraak_id: ID) -> JSONResponse:
        variabelen = p.lees(request.query_params.multi_items(), assen)
        data = await voer_uit(router, await lezer(request), AFSPRAAK,
                              {"id": afspraak_id, **variabelen})
        if data["afspraak"] is None:
            raise _niet_gevonden(afspraak_id)
        links = _links(request, afspraak_id, _peil(variabelen))
        return JSONResponse({**data["afspraak"], "_links": {**links, "self": {
            "href": str(request.url)}}})

    @routes.get("/afspraken/{id}/gebeurtenissen", operation_id="lijstGebeurtenissenVanAfspraak",
                tags=["afspraken"], summary="De gebeurtenissen van een afspraak", description=(
                    "Zonder peilmoment de volledige geschiedenis in stroomvolgorde (zoals "
                    "GraphQL `gebeurtenissen(afspraakId)`); met een of meer assen van het "
                    "peilmoment de gebeurtenissen waarop de afspraak dan rust (zoals "
                    f"`Afspraak.gebeurtenissen`). {PEILMOMENT}"),
                openapi_extra=documentatie(assen, "GebeurtenisLijst", "De gebeurtenissen.",
                                           404))
    async def gebeurtenissen(request: Request, afspraak_id: ID) -> JSONResponse:
        variabelen = p.lees(request.query_params.multi_items(), assen)
        ctx = await lezer(request)
        if variabelen:
            data = await voer_uit(router, ctx, GEBEURTENISSEN_OP,
                                  {"id": afspraak_id, **variabelen})
            lijst = (data["afspraak"] or {}).get("gebeurtenissen")
        else:
            lijst = (await voer_uit(router, ctx, GESCHIEDENIS, {"id": afspraak_id})
                     )["gebeurtenissen"] or None
        if lijst is None:
            raise _niet_gevonden(afspraak_id)
        return JSONResponse({"gebeurtenissen": lijst,
                             "_links": {"self": {"href": str(request.url)}}})

    @routes.get("/verplichtingen", operation_id="lijstVerplichtingen", tags=["verplichtingen"],
                summary="Verplichtingen over alle afspraken heen", description=(
                    "Verplichtingen op een peilmoment, in registervolgorde van hun afspraak, "
                    "elk met die afspraak (bijvoorbeeld: wat ligt bij gemeenten, en wanneer "
                    f"moet het af). {PEILMOMENT} {PAGINERING} Eén vraag leest hoogstens "
                    f"{router.instellingen.max_afspraken_per_vraag} afspraken; treft het "
                    "filter weinig, dan kan een pagina leeg zijn en toch een volgende hebben."),
                openapi_extra=documentatie(bij_verplichtingen, "VerplichtingLijst",
                                           "Een pagina verplichtingen."))
    async def verplichtingen(request: Request) -> JSONResponse:
        variabelen = p.lees(request.query_params.multi_items(), bij_verplichtingen)
        data = await voer_uit(router, await lezer(request), VERPLICHTINGEN,
                              {"first": p.STANDAARD_PAGINA, **variabelen})
        verbinding = data["verplichtingen"]
        return JSONResponse({"verplichtingen": [e["node"] for e in verbinding["edges"]],
                             "_links": _pagina(request, verbinding["pageInfo"])})

    return routes


def _niet_gevonden(afspraak_id: str) -> Probleem:
    return Probleem(404, f"Er is geen afspraak '{afspraak_id[:60]}' die u op dit peilmoment "
                    "mag zien.")


def _peil(variabelen: Mapping[str, Any]) -> dict[str, str]:
    """De gegeven assen van het peilmoment, voor de links."""
    return {k: variabelen[k] for k in p.ASSEN if k in variabelen}


def basis(request: Request) -> str:
    """Het absolute adres van /v1 (waar de sub-app ook hangt)."""
    return str(request.url.replace(path=request.scope.get("root_path", ""), query="",
                                   fragment=""))


def _links(request: Request, afspraak_id: str, peil: Mapping[str, str]) -> dict[str, Any]:
    adres = f"{basis(request)}/afspraken/{quote(afspraak_id, safe='')}"
    vraag = f"?{urlencode(peil)}" if peil else ""
    return {"self": {"href": adres + vraag},
            "gebeurtenissen": {"href": f"{adres}/gebeurtenissen{vraag}"}}


def _pagina(request: Request, info: Mapping[str, Any]) -> dict[str, Any]:
    links: dict[str, Any] = {"self": {"href": str(request.url)}}
    if info["hasNextPage"] and info["endCursor"]:
        links["next"] = {"href": str(request.url.include_query_params(
            cursor=info["endCursor"]))}
    return links
