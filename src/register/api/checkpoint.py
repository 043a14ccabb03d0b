"""HTTP voor getuigen: het ondertekende checkpoint van het register (met de medeondertekeningen
die getuigen indienden) en het indienen van een medeondertekening. Zie systeem/checkpoint.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Query
from fastapi.responses import PlainTextResponse

from register.projecties.integriteit import OpgeslagenBoom
from register.systeem.checkpoint import (
    Checkpoint, Cosignaturen, OngeldigeNotitie, Ondertekenaar, Verificatiesleutel, notitie,
    splits_notitie,
)
from register.systeem.instellingen import Instellingen
from register.systeem.opslag import LEZEN
from register.systeem.samenstel import Systeem

TEKST = "text/plain; charset=utf-8"


def checkpoint_routes(systeem: Systeem, s: Instellingen) -> APIRouter:
    router = APIRouter()
    cosignaturen = Cosignaturen(systeem.engine)
    getuigen = [Verificatiesleutel.lees(v) for v in s.getuigen.split(",") if v.strip()]

    def ondertekenaar() -> Ondertekenaar:
        if s.ondertekensleutel is None:
            raise HTTPException(503, "Dit register heeft geen ondertekensleutel "
                                "(REGISTER_ONDERTEKENSLEUTEL): het publiceert geen checkpoints.")
        return Ondertekenaar.uit_hex(s.herkomst, s.ondertekensleutel.get_secret_value())

    def checkpoint_op(grootte: int | None) -> Checkpoint:
        with systeem.engine.connect().execution_options(**LEZEN) as conn:
            boom = OpgeslagenBoom(conn)
            n = boom.grootte if grootte is None else grootte
            if not 0 <= n <= boom.grootte:
                raise HTTPException(404, f"De boom telt {boom.grootte} gebeurtenissen; er is "
                                    f"geen checkpoint van grootte {n}.")
            return Checkpoint(s.herkomst, n, boom.wortel(n))

    @router.get("/checkpoint", response_class=PlainTextResponse, summary="Ondertekend checkpoint")
    def checkpoint(grootte: Annotated[int | None, Query(ge=0)] = None) -> PlainTextResponse:
        """Het checkpoint van nu (of van een eerdere boomgrootte) als signed note: de
        handtekening van het register en die van de getuigen die het medeondertekenden."""
        ik = ondertekenaar()
        c = checkpoint_op(grootte)
        tekst = c.tekst()
        return PlainTextResponse(notitie(tekst, [ik.regel(tekst), *cosignaturen.bij(c)]),
                                 media_type=TEKST)

    @router.post("/checkpoint/cosignatuur", response_class=PlainTextResponse,
                 summary="Medeondertekening van een getuige indienen")
    def cosignatuur(body: Annotated[str, Body(media_type="text/plain")]) -> PlainTextResponse:
        """Een checkpoint van dit register met de handtekening van een bekende getuige
        (REGISTER_GETUIGEN); het register bewaart die en toont haar bij dat checkpoint."""
        try:
            tekst, regels = splits_notitie(body)
            c = Checkpoint.lees(tekst)
        except OngeldigeNotitie as e:
            raise HTTPException(400, f"Geen geldig checkpoint: {e}.") from None
        if c.herkomst != s.herkomst or checkpoint_op(c.grootte) != c:
            raise HTTPException(409, "Dit checkpoint is niet van dit register: herkomst of "
                                "wortel wijkt af van de boom bij die grootte.")
        bewaard = 0
        for g in getuigen:
            regel = g.controleer(tekst, regels)
            if regel is not None:
                cosignaturen.bewaar(c, g.naam, regel)
                bewaard += 1
        if not bewaard:
            raise HTTPException(403, "Geen geldige handtekening van een getuige die dit register "
                                "kent (REGISTER_GETUIGEN).")
        return PlainTextResponse(f"{bewaard} medeondertekening(en) bewaard bij grootte "
                                 f"{c.grootte}\n", media_type=TEKST)

    return router
