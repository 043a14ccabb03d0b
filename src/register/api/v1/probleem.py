"""Elke fout van /v1 als application/problem+json (RFC 9457; NL API Design Rules
/core/error-handling/problem-details): `status`, `title` en `detail` in het Nederlands, en bij
een ongeldige vraag alle ongeldige parameters samen in `invalidParams`.

Zonder `from __future__ import annotations`: FastAPI leest de handlers uit hun annotaties."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from register.api.bediening import Metrieken
from register.api.oauth import OngeldigToegangstoken
from register.api.poort import Bezet

PROBLEEM = "application/problem+json"
API_VERSIE = "1.0.0"
TITELS = {400: "Ongeldige vraag", 401: "Niet geauthenticeerd", 403: "Niet toegestaan",
          404: "Niet gevonden", 405: "Methode niet toegestaan", 500: "Fout in het register",
          503: "Register bezet"}
ONVERWACHT = ("Onverwachte fout in het register; de beheerder vindt de details in de serverlog "
              "(zoek op het verzoek-id in X-Request-ID).")


class Probleem(Exception):
    """Een antwoord met een fout; `ongeldig`: (parameter, reden) per ongeldige parameter."""

    def __init__(self, status: int, detail: str, ongeldig: list[tuple[str, str]] | None = None,
                 koppen: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.ongeldig, self.koppen = ongeldig or [], koppen or {}


def ongeldig(fouten: list[tuple[str, str]]) -> Probleem:
    """Een 400 met alle ongeldige parameters samen (/core/error-handling/all-errors)."""
    return Probleem(400, " ".join(reden for _, reden in fouten), fouten)


def antwoord(request: Request, p: Probleem) -> JSONResponse:
    inhoud: dict[str, Any] = {"type": "about:blank", "title": TITELS.get(p.status, "Fout"),
                              "status": p.status, "detail": p.detail,
                              "instance": request.url.path}
    if p.ongeldig:
        inhoud["invalidParams"] = [{"name": n, "reason": r} for n, r in p.ongeldig]
    return JSONResponse(inhoud, status_code=p.status, media_type=PROBLEEM,
                        headers={"API-Version": API_VERSIE, **p.koppen})


_VALIDATIE = {"missing": "ontbreekt", "int_parsing": "is geen geheel getal",
              "string_type": "is geen tekst", "json_invalid": "is geen geldige JSON"}


def _validatiefouten(e: RequestValidationError) -> list[tuple[str, str]]:
    uit = []
    for f in e.errors():
        naam = str(f["loc"][-1]) if f.get("loc") else "verzoek"
        uit.append((naam, f"{naam}: {_VALIDATIE.get(f.get('type', ''), 'is ongeldig')}."))
    return uit


def registreer(app: FastAPI, metrieken: Metrieken) -> None:
    """De foutafhandeling van de sub-app: ook FastAPI's eigen 422 wordt een 400, en een 404 of
    405 van de router een probleem."""
    @app.exception_handler(OngeldigToegangstoken)
    async def toegangstoken(request: Request, e: OngeldigToegangstoken) -> JSONResponse:
        metrieken.graphql_fouten.labels(OngeldigToegangstoken.code).inc()
        return antwoord(request, Probleem(401, OngeldigToegangstoken.melding, koppen={
            "WWW-Authenticate": 'Bearer error="invalid_token", error_description="verlopen, '
                                'ingetrokken of onbekend"'}))

    @app.exception_handler(Probleem)
    async def probleem(request: Request, p: Probleem) -> JSONResponse:
        return antwoord(request, p)

    @app.exception_handler(RequestValidationError)
    async def validatie(request: Request, e: RequestValidationError) -> JSONResponse:
        return antwoord(request, ongeldig(_validatiefouten(e)))

    @app.exception_handler(HTTPException)
    async def http(request: Request, e: HTTPException) -> JSONResponse:
        detail = {404: f"Er is geen bron '{request.url.path[:80]}' in deze API (let op: een "
                       "adres eindigt nooit op '/').",
                  405: f"De methode {request.method} is hier niet toegestaan."}.get(
            e.status_code, str(e.detail))
        koppen = dict(e.headers or {})
        if "GET" in koppen.get("Allow", ""):  # HEAD kan overal waar GET kan (zie Koppen)
            koppen["Allow"] = "GET, HEAD"
        return antwoord(request, Probleem(e.status_code, detail, koppen=koppen))

    @app.exception_handler(Bezet)
    async def bezet(request: Request, e: Bezet) -> JSONResponse:
        metrieken.bezet.labels(e.oorzaak).inc()
        return antwoord(request, Probleem(503, e.melding,
                                          koppen={"Retry-After": str(e.seconden)}))

    @app.exception_handler(Exception)
    async def onverwacht(request: Request, e: Exception) -> JSONResponse:
        # De fout gaat daarna verder naar buiten; VerzoekId (de buitenste laag van de app) logt
        # haar met traceback en verzoek-id.
        return antwoord(request, Probleem(500, ONVERWACHT,
                                          koppen={"Access-Control-Allow-Origin": "*"}))
