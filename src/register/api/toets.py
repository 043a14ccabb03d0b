"""De pagina voor een toetser: `GET /toets` (afspraken zoeken) en `GET /toets/{afspraak_id}`
(een afspraak met de tijdlijn van haar gebeurtenissen, per as een datum en een schuif, het
verschil tussen twee gekozen momenten gemarkeerd, de bronnen met hun citaten en het dossier
om mee te nemen).

De pagina is één HTML-bestand met een eigen script en stijl uit api/statisch/toets: zij laadt
niets van buiten en vraagt alles aan de eigen GraphQL-API, met dezelfde toegang als elke andere
vrager (anoniem, of met een token dat de toetser in de pagina plakt). De Content-Security-Policy
staat alleen het register zelf toe; zo werkt zij ook op een afgeschermd overheidsnetwerk."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from register.api.statisch import STATISCH

PAGINA = STATISCH / "toets" / "toets.html"
# Alleen eigen bestanden; fetch alleen naar het register; de download is een blob van de pagina.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
KOPPEN = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
          "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}


def toets_routes() -> APIRouter:
    routes = APIRouter()

    def pagina() -> HTMLResponse:
        return HTMLResponse(PAGINA.read_text(encoding="utf-8"), headers=KOPPEN)

    @routes.get("/toets", response_class=HTMLResponse,
                summary="Pagina voor een toetser: afspraken zoeken")
    def zoeken() -> HTMLResponse:
        """Zoek een afspraak op titel, inhoud of verwijzing en open haar pagina."""
        return pagina()

    @routes.get("/toets/{afspraak_id}", response_class=HTMLResponse,
                summary="Pagina voor een toetser: een afspraak over de vier tijdsassen")
    def afspraak(afspraak_id: str) -> HTMLResponse:
        """De afspraak op twee peilmomenten met hun verschil, haar tijdlijn, bronnen en
        citaten, en het dossier (HTML of PDF). De pagina leest het id uit het adres; de
        gegevens komen uit GraphQL, met de toegang van de vrager."""
        return pagina()

    return routes
