"""`GET /dossier/{afspraak_id}`: het dossier als HTML of PDF, met dezelfde toegang als GraphQL
(het token in Authorization). Een afspraak die de lezer niet mag zien, is 404 zoals een
onbekende; een ongeldige vraag is 400; beide als application/problem+json.

Zonder `from __future__ import annotations`: FastAPI leest de afhankelijkheid van de lezer (de
context-functie van de app) uit de annotatie tijdens het draaien."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from register.api.context import Context
from register.api.dossier import (
    DossierFout, Dossiervraag, GeenPdf, OngeldigeVraag, Peil, lees_datum, lees_tijdstip,
    maak_dossier, pdf_beschikbaar,
)
from register.api.poort import ZWAAR, ZWAAR_ANONIEM
from register.systeem.clients import LEZEN_SCOPE

PROBLEEM = "application/problem+json"
TITELS = {400: "Ongeldige vraag", 403: "Geen toegang", 404: "Niet gevonden", 422: "Te groot",
          500: "Fout in het register", 501: "PDF niet beschikbaar"}
MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
# Het HTML-dossier voert niets uit en haalt niets op: alleen zijn eigen stijl en de download.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; " \
      "form-action 'none'; frame-ancestors 'none'"



def _datum(alias: str) -> Any:
    return Query(alias=alias, description="JJJJ-MM-DD")


def _tijdstip(alias: str) -> Any:
    return Query(alias=alias, description="ISO 8601; zonder tijdzone: UTC")


def probleem(request: Request, status: int, detail: str) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": TITELS.get(status, "Fout"),
                         "status": status, "detail": detail, "instance": request.url.path},
                        status_code=status, media_type=PROBLEEM)


def _peil(voorvoegsel: str, geldig: str | None, werkend: str | None, bekend: str | None,
          ontvangen: str | None) -> Peil:
    def naam(as_: str) -> str:
        return voorvoegsel + as_[0].upper() + as_[1:] if voorvoegsel else as_

    return Peil(lees_datum(naam("geldigOp"), geldig),
                lees_datum(naam("juridischWerkendOp"), werkend),
                lees_datum(naam("bekendOp"), bekend), lees_tijdstip(naam("ontvangenOp"), ontvangen))


def dossier_routes(router: Any, context: Callable[..., Awaitable[Context]]) -> APIRouter:
    """`router` is de GraphQL-router van de app (schema, instellingen en rijen); `context` de
    functie die ook GraphQL zijn lezer geeft."""
    routes = APIRouter()

    @routes.get("/dossier/{afspraak_id}", summary="Dossier van een afspraak (HTML of PDF)",
                response_class=Response, responses={
                    200: {"content": {MEDIA["html"]: {}, MEDIA["pdf"]: {}}},
                    400: {"content": {PROBLEEM: {}}}, 404: {"content": {PROBLEEM: {}}}})
    async def dossier(
            request: Request, afspraak_id: str, ctx: Annotated[Context, Depends(context)],
            geldig_op: Annotated[str | None, _datum("geldigOp")] = None,
            juridisch_werkend_op: Annotated[str | None, _datum("juridischWerkendOp")] = None,
            bekend_op: Annotated[str | None, _datum("bekendOp")] = None,
            ontvangen_op: Annotated[str | None, _tijdstip("ontvangenOp")] = None,
            vergelijk_geldig_op: Annotated[str | None, _datum("vergelijkGeldigOp")] = None,
            vergelijk_juridisch_werkend_op: Annotated[
                str | None, _datum("vergelijkJuridischWerkendOp")] = None,
            vergelijk_bekend_op: Annotated[str | None, _datum("vergelijkBekendOp")] = None,
            vergelijk_ontvangen_op: Annotated[
                str | None, _tijdstip("vergelijkOntvangenOp")] = None,
            formaat: Annotated[str, Query(description="html of pdf")] = "html") -> Response:
        """De afspraak op het peilmoment (de vier assen zoals in GraphQL), haar geschiedenis
        met bronnen, partijen en verplichtingen in de tijd, het citaat en de bewijsbundel. Met
        een van de `vergelijk…`-parameters ook het verschil van dat moment naar het peilmoment;
        wat daar ontbreekt, is gelijk aan het peilmoment."""
        if not ctx.mag(LEZEN_SCOPE):
            return probleem(request, 403, f"Dit toegangstoken heeft de scope '{LEZEN_SCOPE}' "
                            "niet.")
        try:
            if formaat not in MEDIA:
                raise OngeldigeVraag(f"formaat '{formaat[:20]}' bestaat niet: kies html of pdf.")
            vergelijk = _peil("vergelijk", vergelijk_geldig_op, vergelijk_juridisch_werkend_op,
                              vergelijk_bekend_op, vergelijk_ontvangen_op)
            vraag = Dossiervraag(afspraak_id, _peil("", geldig_op, juridisch_werkend_op,
                                                    bekend_op, ontvangen_op),
                                 None if vergelijk.leeg else vergelijk)
            if formaat == "pdf":
                pdf_beschikbaar()
            async with router.poort.plaats(ZWAAR_ANONIEM if ctx.actor is None else ZWAAR):
                inhoud = await router.poort.in_draad(
                    lambda: maak_dossier(router.schema, ctx, vraag, formaat))
        except OngeldigeVraag as e:
            return probleem(request, 400, str(e))
        except GeenPdf as e:
            return probleem(request, 501, str(e))
        except DossierFout as e:
            return probleem(request, e.status, e.melding)
        if inhoud is None:
            return probleem(request, 404, f"Er is geen afspraak '{afspraak_id[:60]}' die u "
                            "mag zien.")
        naam = f"dossier-{afspraak_id}.{formaat}"
        return Response(inhoud, media_type=MEDIA[formaat], headers={
            "Content-Disposition": f'{"attachment" if formaat == "pdf" else "inline"}; '
                                   f'filename="{naam}"',
            "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"})

    return routes
