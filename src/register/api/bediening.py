"""Voor wie het register draait: het verzoek-id en de toegangslog, Prometheus-metrieken op
`/metrics`, `/gezondheid` (leeft het proces?) en `/gereed` (kan het verzoeken aan?).

- `/gezondheid` (liveness) raakt de database niet: een trage of onbereikbare database is geen
  reden om het proces te herstarten.
- `/gereed` (readiness) geeft 503 zolang de leesmodellen meer dan `REGISTER_GEREED_ACHTERSTAND`
  gebeurtenissen achterlopen, de database niet bereikbaar is of de opslag GESCHONDEN is: een
  load balancer stuurt dan geen verzoeken, en wie kijkt, ziet waarom.
- `/metrics`: verzoeken (per methode, route en status), hun duur, antwoorden met 503 per rij,
  GraphQL-fouten per code, het aantal gebeurtenissen, de achterstand van de leesmodellen en
  het oordeel over de opslag. Elke app heeft haar eigen verzameling (CollectorRegistry); bij
  meerdere processen leest Prometheus elk proces apart (zie docs/schalen.md)."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from register.api.logboek import verzoek_id
from register.api.schema import MASKER
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from register.systeem.verificatie import stand

log = logging.getLogger("register")
toegang = logging.getLogger("register.toegang")

STATUSSEN = ("INTACT", "GESCHONDEN", "ONGECONTROLEERD")
# Routes met een eigen label; al het andere is 'andere' (geen label per willekeurig pad).
ROUTES = ("/graphql", "/gezondheid", "/gereed", "/metrics", "/checkpoint",
          "/checkpoint/cosignatuur", "/")


class Metrieken:
    def __init__(self) -> None:
        self.verzameling = r = CollectorRegistry()
        self.verzoeken = Counter("register_verzoeken", "HTTP-verzoeken",
                                 ["methode", "route", "status"], registry=r)
        self.duur = Histogram("register_verzoek_seconden", "Duur van een HTTP-verzoek",
                              ["methode", "route"], registry=r,
                              buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))
        self.bezet = Counter("register_bezet", "Verzoeken die 503 (BEZET) kregen, per oorzaak",
                             ["oorzaak"], registry=r)
        self.graphql_fouten = Counter("register_graphql_fouten",
                                      "GraphQL-antwoorden met een fout, per extensions.code",
                                      ["code"], registry=r)
        self.gebeurtenissen = Gauge("register_gebeurtenissen",
                                    "Opgeslagen gebeurtenissen (hoogste positie)", registry=r)
        self.achterstand = Gauge("register_leesmodel_achterstand",
                                 "Gebeurtenissen die de leesmodellen nog niet verwerkten",
                                 registry=r)
        self.integriteit = Gauge("register_integriteit",
                                 "Het oordeel over de opslag (1 bij het huidige oordeel)",
                                 ["status"], registry=r)


def route_van(pad: str) -> str:
    return pad if pad in ROUTES else "andere"


class VerzoekId:
    """ASGI-middleware: elk verzoek een X-Request-ID (in de kop van het antwoord, in de
    contextvariabele van de log en in `scope['state']`), één regel toegangslog, de metrieken,
    en een onverwachte fout als gemaskeerde 500 die met het id gelogd wordt."""

    def __init__(self, app: ASGIApp, metrieken: Metrieken) -> None:
        self.app, self.metrieken = app, metrieken

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        vid = uuid.uuid4().hex
        scope.setdefault("state", {})["verzoek_id"] = vid
        teken = verzoek_id.set(vid)
        begin, status, begonnen = time.perf_counter(), 500, False

        async def verstuur(bericht: Message) -> None:
            nonlocal status, begonnen
            if bericht["type"] == "http.response.start":
                begonnen, status = True, bericht["status"]
                bericht["headers"] = [*bericht.get("headers", []),
                                      (b"x-request-id", vid.encode())]
            await send(bericht)

        try:
            await self.app(scope, receive, verstuur)
        except Exception:
            log.exception("Onverwachte fout (verzoek %s)", vid, extra={"verzoek_id": vid})
            if begonnen:
                raise
            await JSONResponse({"errors": [{"message": MASKER}]}, status_code=500)(
                scope, receive, verstuur)
        finally:
            duur = time.perf_counter() - begin
            methode, route = scope["method"], route_van(scope["path"])
            self.metrieken.verzoeken.labels(methode, route, str(status)).inc()
            self.metrieken.duur.labels(methode, route).observe(duur)
            client = scope.get("client") or ("-", 0)
            toegang.info("%s %s %s %.1f ms", methode, scope["path"], status, duur * 1e3,
                         extra={"methode": methode, "pad": scope["path"], "status": status,
                                "duur_ms": round(duur * 1e3, 1), "client": client[0]})
            verzoek_id.reset(teken)


def bediening_routes(systeem: Systeem, instellingen: Instellingen, metrieken: Metrieken,
                     werkprocessen: Callable[[], int]) -> APIRouter:
    router = APIRouter()

    @router.get("/gezondheid", summary="Leeft het proces? (liveness; raakt de database niet)")
    def gezondheid() -> dict[str, Any]:
        return {"status": "ok", "werkprocessen": werkprocessen()}

    @router.get("/gereed", summary="Kan het register verzoeken aan? (readiness)",
                responses={503: {"description": "Nog niet of niet meer gereed; `redenen` zegt "
                                 "waarom."}})
    def gereed() -> JSONResponse:
        toestand = _toestand(systeem)
        redenen = []
        if toestand is None:
            redenen.append("de database is niet bereikbaar")
        else:
            if toestand["achterstand"] > instellingen.gereed_achterstand:
                redenen.append(f"de leesmodellen lopen {toestand['achterstand']} gebeurtenissen "
                               f"achter (grens {instellingen.gereed_achterstand})")
            if toestand["integriteit"] == "GESCHONDEN":
                redenen.append("de opslag is GESCHONDEN (zie register verifieer)")
        return JSONResponse({"gereed": not redenen, "redenen": redenen, **(toestand or {})},
                            status_code=503 if redenen else 200)

    @router.get("/metrics", summary="Prometheus-metrieken", response_class=Response)
    def metrics() -> Response:
        toestand = _toestand(systeem)
        if toestand is not None:
            metrieken.gebeurtenissen.set(toestand["gebeurtenissen"])
            metrieken.achterstand.set(toestand["achterstand"])
            for s in STATUSSEN:
                metrieken.integriteit.labels(s).set(int(toestand["integriteit"] == s))
        return Response(generate_latest(metrieken.verzameling), media_type=CONTENT_TYPE_LATEST)

    return router


def _toestand(systeem: Systeem) -> dict[str, Any] | None:
    """Gebeurtenissen, achterstand en oordeel; None als de database niet antwoordt."""
    try:
        laatste, verwerkt = systeem.laatste_positie(), systeem.verwerkt_tot()
        with systeem.engine.connect() as c:
            oordeel = stand(systeem, c).status
    except Exception as e:  # de database is weg of onwillig: niet gereed, geen 500
        log.warning("Toestand van het register niet te lezen: %s", e)
        return None
    return {"gebeurtenissen": laatste, "verwerkt": verwerkt,
            "achterstand": max(0, laatste - verwerkt), "integriteit": oordeel}
