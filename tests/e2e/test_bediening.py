"""Bediening: Prometheus-metrieken, /gezondheid (liveness) en /gereed (readiness), de log met
het verzoek-id op elke regel (ook de toegangslog), en geen /docs in productie."""

from __future__ import annotations

import json
import logging
import logging.config
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from pythonjsonlogger.json import JsonFormatter

from register.api.logboek import MetVerzoekId, logconfig
from register.systeem.samenstel import Systeem
from tests.e2e.conftest import MaakClient
from tests.e2e.test_server import _vrije_poort
from tests.hulp import gql_antwoord, leg_vast
from tests.unit.conftest import leg_vast as leg_vast_in_register

ANDERE_SLEUTEL = bytes.fromhex("a7" * 32)


def metriek(tekst: str, naam: str, **labels: str) -> float | None:
    """De waarde van één reeks uit de Prometheus-tekst; None als zij er niet is."""
    sel = ",".join(f'{k}="{v}"' for k, v in labels.items())
    patroon = re.escape(naam) + (r"\{" + re.escape(sel) + r"\}" if sel else "") + r" (\S+)$"
    for regel in tekst.splitlines():
        m = re.match(patroon, regel)
        if m:
            return float(m.group(1))
    return None


def test_metrieken_tellen_verzoeken_fouten_en_gebeurtenissen(
        maak_client: MaakClient, systeem: Systeem) -> None:
    c = maak_client(max_velden_anoniem=5)
    token = c.app_state.tokens.aanmaken("urn:afsprakenregister:overheid:register",  # type: ignore[attr-defined]
                                        beheerder=True)
    leg_vast(c, token)
    _, body = gql_antwoord(c, "{ afspraken(first: 10) { edges { node { id titel } } } }")
    assert body["errors"][0]["extensions"]["code"] == "TE_DUUR"
    r = c.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    t = r.text
    assert metriek(t, "register_verzoeken_total", methode="POST", route="/graphql",
                   status="200") == 2
    assert metriek(t, "register_graphql_fouten_total", code="TE_DUUR") == 1
    assert metriek(t, "register_gebeurtenissen") == systeem.laatste_positie() == 1
    assert metriek(t, "register_leesmodel_achterstand") == 0
    assert metriek(t, "register_integriteit", status="GESCHONDEN") == 0
    assert metriek(t, "register_verzoek_seconden_count", methode="POST", route="/graphql") == 2
    # een willekeurig pad krijgt geen eigen reeks
    c.get("/bestaat/niet/123")
    assert 'route="andere"' in c.get("/metrics").text and "/bestaat/niet" not in \
        c.get("/metrics").text


def test_gereed_wacht_op_de_leesmodellen(maak_client: MaakClient, systeem: Systeem,
                                         database_url: str) -> None:
    c = maak_client(gereed_achterstand=2)
    assert c.get("/gereed").json()["gereed"] is True
    # een ander proces schrijft en heeft nog niets verwerkt
    schrijver = Systeem(database_url)
    try:
        for _ in range(3):
            leg_vast_in_register(schrijver.register)
        r = c.get("/gereed")
        assert r.status_code == 503 and r.json()["achterstand"] == 3
        assert "achter" in r.json()["redenen"][0]
        assert c.get("/gezondheid").status_code == 200  # leeft wel: niet herstarten
        systeem.bij_werken()
        assert c.get("/gereed").status_code == 200
    finally:
        schrijver.sluit()


def test_gereed_is_het_niet_met_een_geschonden_opslag(maak_client: MaakClient,
                                                      systeem: Systeem, database_url: str) -> None:
    """Iemand met alleen toegang tot de database voegt een gebeurtenis toe zonder de sleutel."""
    c = maak_client()
    indringer = Systeem(database_url, sleutel=ANDERE_SLEUTEL)
    try:
        leg_vast_in_register(indringer.register)
    finally:
        indringer.sluit()
    systeem.bij_werken()
    r = c.get("/gereed")
    assert r.status_code == 503 and r.json()["integriteit"] == "GESCHONDEN"
    assert any("GESCHONDEN" in reden for reden in r.json()["redenen"])
    assert metriek(c.get("/metrics").text, "register_integriteit", status="GESCHONDEN") == 1


def test_docs_en_openapi_niet_in_productie(maak_client: MaakClient) -> None:
    ontwikkeling, productie = maak_client(), maak_client(omgeving="productie")
    assert ontwikkeling.get("/docs").status_code == 200
    paden = ontwikkeling.get("/openapi.json").json()["paths"]
    assert "/gereed" in paden and "/metrics" in paden
    samenvattingen = [o["summary"] for p in paden.values() for o in p.values()]
    assert not any("Handle Http" in x for x in samenvattingen), samenvattingen
    for pad in ("/docs", "/redoc", "/openapi.json", "/graphql"):
        r = productie.get(pad, headers={"Accept": "text/html"})
        assert r.status_code in (404, 405) or "graphiql" not in r.text.lower(), pad
    assert productie.get("/docs").status_code == 404
    assert productie.get("/openapi.json").status_code == 404


class Verzamel(logging.Handler):
    """Een handler zoals die van logconfig('json'), die de regels bewaart."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        instelling = dict(logconfig("json")["formatters"]["register"])
        self.setFormatter(JsonFormatter(**{k: v for k, v in instelling.items() if k != "()"}))
        self.addFilter(MetVerzoekId())
        self.regels: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.regels.append(json.loads(self.format(record)))


def test_elke_logregel_van_een_verzoek_draagt_zijn_id(maak_client: MaakClient) -> None:
    """Ook de toegangslog, en de regel over een fout in de vraag: het id in de kop van het
    antwoord staat op elke regel van het verzoek."""
    c = maak_client()
    handler, logger = Verzamel(), logging.getLogger("register")
    niveau = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        r = c.post("/graphql", json={"query": "{ bestaatNiet }"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(niveau)
    vid = r.headers["x-request-id"]
    toegang = [o for o in handler.regels if o["logger"] == "register.toegang"]
    assert len(toegang) == 1 and toegang[0]["status"] == 200
    assert toegang[0]["pad"] == "/graphql" and toegang[0]["methode"] == "POST"
    assert len(handler.regels) >= 2  # ook 'Fout in de vraag'
    assert {o["verzoek_id"] for o in handler.regels} == {vid}


@pytest.mark.slow
def test_register_serve_logt_json_met_het_verzoek_id(tmp_path: Path) -> None:
    """De echte server in productie: stderr is JSON, regel voor regel, en de toegangslog van
    een verzoek draagt het id uit zijn X-Request-ID."""
    poort = _vrije_poort()
    omgeving = {**os.environ, "REGISTER_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}",
                "REGISTER_OMGEVING": "productie", "REGISTER_WERKPROCESSEN": "0"}
    proces = subprocess.Popen(
        [str(Path(sys.executable).with_name("register")), "serve", "--port", str(poort)],
        env=omgeving, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True)
    try:
        eind = time.monotonic() + 60
        while True:
            assert proces.poll() is None and time.monotonic() < eind, "server startte niet"
            try:
                vid = httpx.get(f"http://127.0.0.1:{poort}/gezondheid").headers["x-request-id"]
                break
            except httpx.HTTPError:
                time.sleep(0.2)
    finally:
        proces.terminate()
        _, fout = proces.communicate(timeout=20)
    objecten = [json.loads(r) for r in fout.splitlines() if r.startswith("{")]
    assert objecten, fout[-2000:]
    assert all(r.startswith("{") for r in fout.splitlines() if r.strip()), fout[-2000:]
    toegang = [o for o in objecten if o.get("verzoek_id") == vid]
    assert toegang and toegang[0]["logger"] == "register.toegang" and toegang[0]["status"] == 200
