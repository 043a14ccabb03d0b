"""`GET /v1/gebeurtenissen?na=<volgnummer>&limit=<n>`: de CloudEvents-feed als JSON-batch
(application/cloudevents-batch+json; NL GOV-profiel, zie projecties/feedbericht.py).

Een afnemer begint zonder `na` (of met `na=0`) en vraagt daarna steeds `na=<sequence van het
laatste event>`; een lege lijst: hij is bij. Het volgnummer hoort bij de lezer (anoniem, een
overheid, een beheerder; projecties/feedlezer.py): een token dat niet klopt, is daarom een 401
en nooit stil anoniem lezen, want dan zou `na` een andere reeks noemen.

Zonder `from __future__ import annotations`: FastAPI leest de parameters uit de annotaties."""

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response

from register.api.context import Context
from register.api.poort import LICHT
import register.api.v1.parameters as p
from register.api.v1.afspraken import basis
from register.api.v1.openapi import probleem as probleem_document
from register.api.v1.probleem import Probleem, ongeldig
from register.domein.actor import Actor
from register.projecties.feedbericht import BATCH, batch, bron_urn, cloudevent
from register.projecties.feedlezer import BREEDTE, FeedPagina, VoorbijHetEinde
from register.systeem.clients import LEZEN_SCOPE

STANDAARD, MAXIMUM = 100, 1000
INHOUD = f"{BATCH}; charset=utf-8"


def _volgnummer(tekst: str) -> int:
    if not tekst.isdigit() or len(tekst) > BREEDTE:
        raise ValueError(f"na is een volgnummer uit de feed: hoogstens {BREEDTE} cijfers "
                         "(zoals `sequence` van het laatste event dat u las), of 0.")
    return int(tekst)


def _limiet(tekst: str) -> int:
    if not tekst.isdigit() or not 1 <= int(tekst) <= MAXIMUM:
        raise ValueError(f"limit moet een geheel getal van 1 tot en met {MAXIMUM} zijn.")
    return int(tekst)


PARAMETERS = [
    p.Parameter("na", ("na",), {"type": "string", "pattern": f"^[0-9]{{1,{BREEDTE}}}$",
                                "default": "0"},
                "Lees na dit volgnummer: de `sequence` van het laatste event dat u las "
                "(met of zonder voorloopnullen); 0 of weglaten: vanaf het begin.", _volgnummer),
    p.Parameter("limit", ("limit",), {"type": "integer", "minimum": 1, "maximum": MAXIMUM,
                                      "default": STANDAARD},
                f"Hoogstens zoveel events (standaard {STANDAARD}, hoogstens {MAXIMUM}).",
                _limiet),
]

BESCHRIJVING = """Elke gebeurtenis zoals het register haar ontving, en elk gevolg van een
besluit op de dag dat het intreedt (in werking getreden, geldig geworden, geldigheid
geëindigd; een terugwerkend besluit meteen), als CloudEvents volgens het NL GOV-profiel, in één
vaste volgorde. `sequence` is uw volgnummer: aaneengesloten, zonder gaten, 16 cijfers (sorteert
als tekst), en voor u altijd hetzelfde event. Hervat met `na=<sequence>` van het laatste event
dat u verwerkte; een lege lijst betekent dat u bij bent. U ziet alleen events van afspraken die
u mag lezen; de nummering verraadt niet dat er andere zijn. Events zijn uniek op `source` +
`id`. `dataref` wijst naar de afspraak zoals het register haar toen kende."""

CLOUDEVENT = {"type": "object", "description": "Een CloudEvent (JSON-formaat, specversion 1.0).",
              "properties": {k: {"type": "string"} for k in (
                  "specversion", "id", "source", "type", "subject", "time", "datacontenttype",
                  "sequence", "dataref")} | {"data": {"type": "object"}},
              "required": ["specversion", "id", "source", "type", "subject", "time",
                           "sequence", "data"]}


def _documentatie() -> dict[str, Any]:
    antwoorden: dict[str, Any] = {"200": {
        "description": "Een batch events (JSON-batchformaat van CloudEvents); leeg: u bent bij.",
        "headers": {"Link": {"description": "rel=\"next\": de volgende pagina, als die er kan "
                                            "zijn.", "schema": {"type": "string"}}},
        "content": {BATCH: {"schema": {"type": "array", "items": CLOUDEVENT}}}}}
    uitleg = {400: "Ongeldige vraag: een onbekende of ongeldige parameter, of een volgnummer "
                   "dat u nooit kreeg.", 401: "Het token in Authorization is ongeldig.",
              403: "Het token mag niet lezen.", 500: "Onverwachte fout in het register.",
              503: "Het register is bezet; probeer het na Retry-After seconden opnieuw."}
    for status, tekst in uitleg.items():
        antwoorden |= probleem_document(status, tekst)
    return {"parameters": [x.openapi() for x in PARAMETERS], "responses": antwoorden}


def gebeurtenissen_routes(router: Any, context: Callable[..., Awaitable[Context]]
                          ) -> APIRouter:
    """`router` is de GraphQL-router van de app (instellingen, rijen); `context` de functie die
    ook GraphQL zijn lezer geeft."""
    routes = APIRouter()
    bron = bron_urn(router.instellingen.herkomst)

    @routes.get("/gebeurtenissen", operation_id="leesFeed", tags=["gebeurtenissen"],
                summary="De feed: alle events, vanaf een volgnummer", description=BESCHRIJVING,
                response_class=Response, openapi_extra=_documentatie())
    async def feed(request: Request) -> Response:
        ctx = await context(request, request.headers.get("authorization"))
        if ctx.token_ongeldig:
            raise Probleem(401, "Het token in Authorization is onbekend of ingetrokken; de "
                           "volgnummers horen bij de lezer, dus de feed leest niet stil "
                           "anoniem verder.",
                           koppen={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if not ctx.mag(LEZEN_SCOPE):
            raise Probleem(403, f"Dit toegangstoken heeft de scope '{LEZEN_SCOPE}' niet.")
        vraag = p.lees(request.query_params.multi_items(), PARAMETERS)
        na, limit = vraag.get("na", 0), vraag.get("limit", STANDAARD)
        adres = basis(request)

        async def werk() -> tuple[bytes, int]:
            pagina = ctx.systeem.feed.pagina(ctx.actor, na, limit)
            _verantwoord(ctx, pagina)
            return batch(cloudevent(i, bron, adres) for i in pagina.items), pagina.laatste

        try:
            async with router.poort.plaats(LICHT):
                inhoud, laatste = await router.poort.in_draad(werk)
        except VoorbijHetEinde as e:
            raise ongeldig([("na", f"U kreeg nog geen volgnummer {na}: uw laatste is "
                            f"{e.laatste}. Hervat met de sequence van het laatste event dat "
                            "u las.")]) from None
        koppen = {}
        if laatste >= na + limit:
            koppen["Link"] = f'<{adres}/gebeurtenissen?na={na + limit}&limit={limit}>; rel="next"'
        return Response(inhoud, media_type=INHOUD, headers=koppen)

    return routes


def _verantwoord(ctx: Context, pagina: FeedPagina) -> None:
    """Een vertrouwelijke afspraak in de feed is een lezing (leesverslag), één per afspraak
    per pagina."""
    actor: Actor | None = ctx.actor
    if actor is None:
        return
    for aid in dict.fromkeys(i.rij.afspraak_id for i in pagina.items if i.vertrouwelijk):
        ctx.verantwoord(aid, True, "feed", None)
    ctx.systeem.leesverslag.leg_vast(ctx.gelezen)
