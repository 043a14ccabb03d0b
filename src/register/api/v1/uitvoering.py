"""Een REST-vraag is een vaste GraphQL-vraag op het eigen schema, uitgevoerd zoals de
GraphQL-route dat doet (app.Router.execute_single): vooraf geraamd tegen het maximum van de
vrager, in de rij van de poort die bij raming en vrager hoort, een anonieme vraag boven de
opzoekgrens in een werkproces, en met het budget van één vraag. Toegang, leesverslag en
tijdreizen zijn zo die van GraphQL; er is geen tweede implementatie van."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, OperationDefinitionNode, parse
from strawberry.http import process_result
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from register.api.context import Context
from register.api.kosten import TE_DUUR, Budget, raam
from register.api.poort import TRIVIAAL, na_uitvoering
from register.api.v1.probleem import Probleem
from register.api.foutcodes import (
    INTERN, NIET_TOEGESTAAN, ONGELDIGE_CURSOR_CODE, ONGELDIGE_INVOER, ONGELDIGE_VARIABELEN,
)
from register.api.schema import MASKER
from register.api.werkplaats import Opdracht

log = logging.getLogger("register")

ONGELDIGE_REST_CURSOR = ("De cursor is ongeldig (of noemt iets wat u niet mag zien); begin "
                         "zonder cursor of volg de link `_links.next`.")


@dataclass(frozen=True)
class Vraag:
    """Een vaste GraphQL-vraag (één operatie met de fragmenten die zij gebruikt)."""

    tekst: str
    document: DocumentNode = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "document", parse(self.tekst))

    @property
    def operatie(self) -> OperationDefinitionNode:
        return next(d for d in self.document.definitions
                    if isinstance(d, OperationDefinitionNode))


async def voer_uit(router: Any, ctx: Context, vraag: Vraag, variabelen: dict[str, Any]
                   ) -> dict[str, Any]:
    """De `data` van het antwoord; een fout in de vraag of een te grote vraag: Probleem 400,
    een onverwachte fout: Probleem 500. `router` is de GraphQL-router van de app."""
    s = ctx.instellingen
    anoniem = ctx.actor is None
    maximum = s.max_velden_anoniem if anoniem else s.max_velden
    velden = raam(router.graphql_schema, vraag.document, vraag.operatie, variabelen, None,
                  s.max_pagina)
    if velden > maximum:
        raise Probleem(400, _te_duur(maximum, anoniem))
    budget = ctx.budget = Budget(maximum, s.max_seconden_per_vraag)
    rij = router.poort.rij(velden, anoniem)
    async with router.poort.plaats(rij):
        if router.werkplaats is not None and anoniem and rij != TRIVIAAL:
            uitkomst = await router.werkplaats.voer_uit(Opdracht(
                query=vraag.tekst, variabelen=variabelen, operatie=None,
                token_ongeldig=ctx.token_ongeldig, verzoek_id=ctx.verzoek_id))
            antwoord = json.loads(uitkomst.tekst)
        else:
            antwoord = dict(process_result(await router.poort.in_draad(
                lambda: _in_draad(router.schema, ctx, budget, vraag, variabelen))))
    return _data(antwoord, maximum, anoniem)


async def _in_draad(schema: Any, ctx: Context, budget: Budget, vraag: Vraag,
                    variabelen: dict[str, Any]) -> ExecutionResult:
    budget.begin()
    try:
        r = await schema.execute(vraag.tekst, variable_values=variabelen, context_value=ctx,
                                 allowed_operation_types={OperationType.QUERY})
    finally:
        ctx.sluit()
        ctx.systeem.leesverslag.leg_vast(ctx.gelezen)
    return na_uitvoering(r, ctx)


def _data(antwoord: dict[str, Any], maximum: int, anoniem: bool) -> dict[str, Any]:
    """De data, of de eerste fout als probleem, op haar code (api/foutcodes.py)."""
    for fout in antwoord.get("errors") or ():
        extensies = fout.get("extensions") or {}
        code, melding = extensies.get("code"), str(fout.get("message", ""))
        if code == TE_DUUR and "maximum_seconden" in extensies:
            raise Probleem(503, f"Dit antwoord duurt langer dan "
                           f"{extensies['maximum_seconden']:g} s; vraag een kleinere pagina "
                           "(limit) of probeer het later opnieuw.", koppen={"Retry-After": "5"})
        if code == TE_DUUR:
            raise Probleem(400, _te_duur(maximum, anoniem))
        if code == ONGELDIGE_CURSOR_CODE:
            raise Probleem(400, ONGELDIGE_REST_CURSOR)
        if code in (ONGELDIGE_INVOER, ONGELDIGE_VARIABELEN):
            raise Probleem(400, melding)
        if code == NIET_TOEGESTAAN:
            raise Probleem(403, melding)
        # INTERN (al gemaskeerd en gelogd), of een vaste vraag die niet op het schema past.
        if code != INTERN:
            log.error("Een vaste vraag van /v1 faalde met %s: %s", code, melding)
        raise Probleem(500, MASKER)
    return dict(antwoord.get("data") or {})


def _te_duur(maximum: int, anoniem: bool) -> str:
    return (f"Dit antwoord wordt groter dan het register per vraag geeft ({maximum} velden"
            f"{' zonder token' if anoniem else ''}); vraag een kleinere pagina (limit)"
            f"{' of gebruik een token' if anoniem else ''}.")
