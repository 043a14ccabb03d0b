"""De REST-API door de ogen van een afnemer: een Python-client, in de toets gegenereerd
(openapi-python-client) uit het OpenAPI-document dat de draaiende server zelf publiceert
(`GET /v1/openapi.json`), leest een echte server (`register serve`, met werkproces) op SQLite
en PostgreSQL: getypeerde afspraken op peilmomenten, paginering, filters, een token, en fouten
als getypeerd probleem.

openapi-python-client pint typer op een oudere versie dan het register gebruikt; de generator
draait daarom in een eigen, tijdelijke omgeving (`uv run --isolated`) met de vaste versies uit
openapi-python-client.txt (opnieuw te maken met `uv pip compile` van
`openapi-python-client==<versie>` voor Python 3.11). De gegenereerde code zelf heeft alleen
httpx, attrs en python-dateutil nodig, en die heeft het register al."""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from register.domein import commandos as c
from register.domein.actor import Actor
from register.domein.invoer import (
    BedragInvoer, BronInvoer, PartijInvoer, TijdInvoer, Verantwoording, VerplichtingInvoer,
)
from register.systeem.samenstel import Systeem
from register.systeem.tokens import Tokens
from tests.conftest import StapKlok, _nieuwe_postgres_database, _verwijder_postgres_database
from tests.hulp import BEHEER, M_BZK, P_GELDERLAND, P_UTRECHT

pytestmark = pytest.mark.slow  # een gegenereerde client en een echte server

PINNEN = Path(__file__).with_name("openapi-python-client.txt")
BEHEERDER = Actor(BEHEER, beheerder=True)


@dataclass(frozen=True)
class Register:
    adres: str
    token: str  # van BZK: partij van de vertrouwelijke afspraak
    arrangement: str
    mandaat: str  # vertrouwelijk
    woondeal: str


def _verantwoording(bron: str, **tijd: str) -> Verantwoording:
    return Verantwoording(
        bronnen=(BronInvoer("Brief startpakket NOVEX", "brief", date.fromisoformat(bron)),),
        toelichting="toelichting", tijd=TijdInvoer(**{k: date.fromisoformat(v)
                                                      for k, v in tijd.items()}))


def _vastleggen(s: Systeem, titel: str, partij: str, uiterlijk: str, bron: str,
                vertrouwelijk: bool = False) -> str:
    return str(s.register.vastleggen(BEHEERDER, c.Vastleggen(
        titel=titel, soort="ruimtelijk arrangement", inhoud="Wederkerige afspraken.",
        programma="NOVEX", vertrouwelijk=vertrouwelijk,
        partijen=[PartijInvoer(M_BZK, "opdrachtgever"), PartijInvoer(partij, "uitvoerder")],
        verplichtingen=[VerplichtingInvoer("Ruimtelijk voorstel indienen", partij, uiterlijk)],
        bedragen=[BedragInvoer("Rijksbijdrage", "1000000")],
        verantwoording=Verantwoording(bronnen=(BronInvoer(
            "Brief startpakket NOVEX", "brief", date.fromisoformat(bron)),)))).afspraak_id)


def _vul(url: str) -> tuple[str, str, str, str]:
    """Een kleine geschiedenis, met de klok van ontwerp §4: de deadline van het arrangement
    verschuift op 15 mei 2023 (bekend 16 mei, ontvangen 20 mei)."""
    klok = StapKlok()
    s = Systeem(url, klok=klok)
    try:
        klok.zet("2023-01-10T09:00:00+00:00")
        arrangement = _vastleggen(s, "Ruimtelijk arrangement Gelderland", P_GELDERLAND,
                                  "2023-06-03", "2022-12-09")
        klok.zet("2023-05-20T09:00:00+00:00")
        s.register.voer_uit(arrangement, 1, BEHEERDER, c.VerplichtingWijzigen(
            verplichting="v1", uiterlijk="2023-10-01", verantwoording=_verantwoording(
                "2023-05-15", geldig_vanaf="2023-05-15", juridisch_werkend_vanaf="2023-05-15",
                bekend_op="2023-05-16")))
        klok.zet("2023-06-01T09:00:00+00:00")
        mandaat = _vastleggen(s, "Onderhandelingsmandaat", P_GELDERLAND, "2023-09", "2023-06-01",
                              vertrouwelijk=True)
        klok.zet("2023-06-02T09:00:00+00:00")
        woondeal = _vastleggen(s, "Woondeal regio Utrecht", P_UTRECHT, "2024", "2023-06-02")
        s.bij_werken()
        token = Tokens(s.engine, s.sleutel).aanmaken(M_BZK)
    finally:
        s.sluit()
    return token, arrangement, mandaat, woondeal


@contextmanager
def _server(database_url: str) -> Iterator[str]:
    """`register serve` op een vrije poort, met een werkproces (zoals in productie)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = int(s.getsockname()[1])
    adres = f"http://127.0.0.1:{poort}"
    proces = subprocess.Popen(
        [str(Path(sys.executable).with_name("register")), "serve", "--port", str(poort)],
        env={**os.environ, "REGISTER_DATABASE_URL": database_url,
             "REGISTER_WERKPROCESSEN": "1"},
        cwd=Path(__file__).parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        eind = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{adres}/gezondheid").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proces.poll() is None and time.monotonic() < eind, "server startte niet"
            time.sleep(0.2)
        yield adres
    finally:
        proces.terminate()
        proces.wait(10)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                                 marks=pytest.mark.postgres)])
def register(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[Register]:
    map_ = tmp_path_factory.mktemp("rest-klant")
    if request.param == "sqlite":
        url = f"sqlite:///{map_ / 'register.db'}"
    else:
        url = _nieuwe_postgres_database(request.getfixturevalue("postgres_basis"))
    try:
        token, arrangement, mandaat, woondeal = _vul(url)
        with _server(url) as adres:
            yield Register(adres, token, arrangement, mandaat, woondeal)
    finally:
        if request.param == "postgres":
            _verwijder_postgres_database(request.getfixturevalue("postgres_basis"), url)


def _uv() -> str:
    for kandidaat in (os.environ.get("UV"), shutil.which("uv"),
                      str(Path.home() / ".local" / "bin" / "uv")):
        if kandidaat and Path(kandidaat).is_file():
            return kandidaat
    pytest.fail("uv is nodig om de generator in een eigen omgeving te draaien "
                "(scripts/uv-zeker.sh installeert hem).")


@pytest.fixture(scope="module")
def klant(register: Register, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """Het pakket dat openapi-python-client genereert uit het document van déze server."""
    r = httpx.get(f"{register.adres}/v1/openapi.json", timeout=30)
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"
    map_ = tmp_path_factory.mktemp("klant")
    (map_ / "openapi.json").write_bytes(r.content)
    naam = f"afsprakenregister_klant_{map_.name}".replace("-", "_")
    uitvoer = subprocess.run(
        [_uv(), "run", "--no-project", "--isolated", "--python", sys.executable,
         "--with-requirements", str(PINNEN), "--", "openapi-python-client", "generate",
         "--path", str(map_ / "openapi.json"), "--output-path", str(map_ / naam),
         "--meta", "none"], capture_output=True, text=True, timeout=600, cwd=map_,
        env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"})
    assert uitvoer.returncode == 0, uitvoer.stdout + uitvoer.stderr
    # een schema dat de generator niet begreep, meldt hij als waarschuwing, niet als fout
    assert "Warning" not in uitvoer.stdout + uitvoer.stderr, uitvoer.stdout + uitvoer.stderr
    sys.path.insert(0, str(map_))
    try:
        return importlib.import_module(naam)
    finally:
        sys.path.remove(str(map_))


def _api(klant: ModuleType, pad: str) -> Any:
    return importlib.import_module(f"{klant.__name__}.{pad}")


def _cursor(pagina: Any) -> str | None:
    volgende = pagina.field_links.next_
    if not hasattr(volgende, "href"):
        return None
    return parse_qs(urlsplit(volgende.href).query)["cursor"][0]


def test_de_gegenereerde_client_leest_afspraken_op_elk_peilmoment(
        register: Register, klant: ModuleType) -> None:
    m = _api(klant, "models")
    lees = _api(klant, "api.afspraken.lees_afspraak")
    client = klant.Client(base_url=f"{register.adres}/v1", raise_on_unexpected_status=True)

    def deadline(**peil: Any) -> str:
        a = lees.sync(client=client, id=register.arrangement, **peil)
        assert isinstance(a, m.Afspraak), a
        return a.verplichtingen[0].uiterlijk.waarde  # type: ignore[no-any-return]

    assert deadline(geldig_op=date(2023, 3, 1)) == "2023-06-03"
    assert deadline(geldig_op=date(2023, 7, 1)) == "2023-10-01"
    assert deadline(geldig_op=date(2023, 7, 1), bekend_op=date(2023, 5, 15)) == "2023-06-03"
    assert deadline(geldig_op=date(2023, 7, 1),
                    ontvangen_op=datetime(2023, 5, 19, tzinfo=UTC)) == "2023-06-03"
    a = lees.sync_detailed(client=client, id=register.arrangement, geldig_op=date(2024, 1, 1))
    assert a.status_code == 200 and a.headers["API-Version"] == "1.0.0"
    assert a.parsed.status == m.AfspraakStatus.VAN_KRACHT
    assert a.parsed.bedragen[0].bedrag == "1000000.00"
    assert [p.overheid.id for p in a.parsed.partijen] == sorted([M_BZK, P_GELDERLAND])
    assert a.parsed.field_links.self_.href.endswith(
        f"/v1/afspraken/{register.arrangement}?geldigOp=2024-01-01")
    geschiedenis = _api(klant, "api.afspraken.lijst_gebeurtenissen_van_afspraak").sync(
        client=client, id=register.arrangement)
    assert [(g.versie, g.aard) for g in geschiedenis.gebeurtenissen] == [
        (1, m.GebeurtenisAard.VASTGELEGD), (2, m.GebeurtenisAard.VERPLICHTING_GEWIJZIGD)]
    assert geschiedenis.gebeurtenissen[1].bekend_op == date(2023, 5, 16)
    assert geschiedenis.gebeurtenissen[1].ontvangen_op.tzinfo is not None


def test_de_gegenereerde_client_bladert_en_filtert(register: Register, klant: ModuleType
                                                   ) -> None:
    m = _api(klant, "models")
    lijst = _api(klant, "api.afspraken.lijst_afspraken")
    verplichtingen = _api(klant, "api.verplichtingen.lijst_verplichtingen")
    client = klant.Client(base_url=f"{register.adres}/v1", raise_on_unexpected_status=True)
    ids: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        pagina = lijst.sync(client=client, geldig_op=date(2024, 1, 1), limit=1,
                            **({"cursor": cursor} if cursor else {}))
        assert isinstance(pagina, m.AfspraakLijst), pagina
        ids += [a.id for a in pagina.afspraken]
        cursor = _cursor(pagina)
        if cursor is None:
            break
    # anoniem: de openbare afspraken, in registervolgorde
    assert ids == [register.arrangement, register.woondeal]
    gefilterd = lijst.sync(client=client, geldig_op=date(2024, 1, 1), partij=P_UTRECHT,
                           status=m.AfspraakStatus.VAN_KRACHT)
    assert [a.titel for a in gefilterd.afspraken] == ["Woondeal regio Utrecht"]
    v = verplichtingen.sync(client=client, geldig_op=date(2024, 1, 1),
                            partij_soort=m.OverheidSoort.PROVINCIE, uiterlijk_tot="2023")
    assert [(x.afspraak.id, x.verplichting.uiterlijk.waarde) for x in v.verplichtingen] == [
        (register.arrangement, "2023-10-01")]
    # met het token van een partij ook de vertrouwelijke afspraak
    met_token = klant.AuthenticatedClient(base_url=f"{register.adres}/v1",
                                          token=register.token)
    alle = lijst.sync(client=met_token, geldig_op=date(2024, 1, 1))
    assert [a.id for a in alle.afspraken] == [register.arrangement, register.mandaat,
                                              register.woondeal]
    assert [a.vertrouwelijk for a in alle.afspraken] == [False, True, False]


def test_de_gegenereerde_client_krijgt_fouten_als_getypeerd_probleem(
        register: Register, klant: ModuleType) -> None:
    m = _api(klant, "models")
    lees = _api(klant, "api.afspraken.lees_afspraak")
    lijst = _api(klant, "api.afspraken.lijst_afspraken")
    client = klant.Client(base_url=f"{register.adres}/v1")
    for afspraak_id in (register.mandaat, "00000000-0000-4000-8000-000000000000"):
        r = lees.sync_detailed(client=client, id=afspraak_id)
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
        assert isinstance(r.parsed, m.Probleem) and r.parsed.status == 404
        assert "die u op dit peilmoment mag zien" in r.parsed.detail
    r = lijst.sync_detailed(client=client, limit=1000)
    assert r.status_code == 400 and isinstance(r.parsed, m.Probleem)
    assert [(p.name, p.reason) for p in r.parsed.invalid_params] == [
        ("limit", "limit moet een geheel getal van 1 tot en met 100 zijn.")]
    r = lijst.sync_detailed(client=klant.AuthenticatedClient(
        base_url=f"{register.adres}/v1", token="ar_bestaat_niet"))
    assert r.status_code == 401 and isinstance(r.parsed, m.Probleem)
