"""De pagina voor een toetser (`/toets`) in een echte, headless Chromium (het Debian-pakket
`chromium`, bestuurd met Playwright via zijn pad) tegen een echte `register serve` op de demo:
zoeken, een afspraak openen, een as verschuiven en het antwoord zien veranderen (en gelijk aan
wat de API op dat peilmoment zegt), het verschil gemarkeerd zien, een fout leesbaar zien en het
dossier downloaden. De pagina laadt niets van buiten. Schermafdrukken staan in de testuitvoer
(de map wordt afgedrukt); met REGISTER_SCHERMAFDRUKKEN=<map> komen ze ook daar."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.test_server import register_serve

NPLG = "Nationaal Programma Landelijk Gebied (NPLG)"
STAND = """query($id: ID!, $bekendOp: Date) { afspraak(id: $id, bekendOp: $bekendOp) {
  status versie } }"""

pytestmark = [pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True),
              pytest.mark.slow]


def _chromium() -> str:
    pad = os.environ.get("REGISTER_CHROMIUM") or shutil.which("chromium")
    if not pad:
        pytest.fail("Chromium ontbreekt: installeer het Debian-pakket 'chromium' (scripts/test.sh "
                    "doet dat zelf als root) of wijs REGISTER_CHROMIUM naar een Chromium.")
    return pad


@pytest.fixture
def adres(demo_database: str, tmp_path: Path) -> Iterator[str]:
    """Een echte server op de demo (alleen lezen), zoals `register serve` die start."""
    with register_serve(tmp_path, REGISTER_DATABASE_URL=demo_database,
                        REGISTER_WERKPROCESSEN="1") as poort:
        yield f"http://127.0.0.1:{poort}"


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def schermafdrukken(tmp_path: Path) -> Iterator[Path]:
    map_ = tmp_path / "schermafdrukken"
    map_.mkdir()
    yield map_
    print(f"\nschermafdrukken: {map_}")
    if doel := os.environ.get("REGISTER_SCHERMAFDRUKKEN"):
        Path(doel).mkdir(parents=True, exist_ok=True)
        for f in map_.iterdir():
            shutil.copy(f, Path(doel) / f.name)


class Bezoek:
    """Een tabblad met wat het opvraagt en wat het meldt."""

    def __init__(self, browser: Browser, adres: str) -> None:
        self.adres = adres
        self.page: Page = browser.new_page(locale="nl-NL", accept_downloads=True,
                                           viewport={"width": 1400, "height": 1000})
        self.verzoeken: list[str] = []
        self.fouten: list[str] = []
        self.page.on("request", lambda r: self.verzoeken.append(r.url))
        self.page.on("pageerror", lambda e: self.fouten.append(str(e)))
        self.page.on("console", lambda m: self.fouten.append(m.text) if m.type == "error"
                     else None)

    def extern(self) -> list[str]:
        return [u for u in self.verzoeken
                if not u.startswith((self.adres + "/", "data:", "blob:"))]


def _api(adres: str, query: str, variabelen: dict[str, Any]) -> dict[str, Any]:
    body = httpx.post(f"{adres}/graphql", json={"query": query, "variables": variabelen}).json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def _stand(page: Page) -> tuple[str, str]:
    return (page.locator('#stand-inhoud dd[data-veld="status"]').inner_text(),
            page.locator('#stand-inhoud dd[data-veld="versie"]').inner_text())


def _rustig(page: Page) -> None:
    """Wacht tot de pagina klaar is met haar laatste vraag."""
    expect(page.locator("#inhoud")).to_have_attribute("aria-busy", "false")


def test_een_toetser_verschuift_een_as_ziet_het_verschil_en_neemt_het_dossier_mee(
        browser: Browser, adres: str, schermafdrukken: Path, tmp_path: Path) -> None:
    b = Bezoek(browser, adres)
    page = b.page
    page.goto(f"{adres}/toets")
    page.fill("#zoekterm", "Landelijk Gebied")
    page.click("#zoek-form button")
    link = page.get_by_role("link", name=NPLG, exact=True)
    expect(link).to_be_visible()
    page.screenshot(path=schermafdrukken / "toets-zoeken.png")
    link.click()
    page.wait_for_url(f"{adres}/toets/*")
    afspraak_id = page.url.split("/toets/")[1].split("?")[0]
    expect(page.locator("h1#titel")).to_have_text(NPLG)
    _rustig(page)

    # Moment B is standaard nu: de pagina zegt wat de API nu zegt.
    nu = _api(adres, STAND, {"id": afspraak_id})["afspraak"]
    assert _stand(page) == (nu["status"], str(nu["versie"]))
    # Moment A is standaard de eerste kennisdatum: het verschil is er en noemt zijn bronnen.
    wijzigingen = page.locator("#verschil-inhoud ul.wijzigingen > li")
    assert wijzigingen.count() > 0
    assert page.locator("#verschil-inhoud blockquote").count() > 0
    # wat veranderde, is in de stand gemarkeerd
    assert page.locator("#stand-inhoud [data-gewijzigd]").count() > 0
    page.screenshot(path=schermafdrukken / "toets-afspraak.png")

    # De as 'bekend op' van B: een datum intypen verandert het antwoord en de schuif.
    schuif = page.locator("#naar-bekendOp-schuif")
    schuif_voor = schuif.input_value()
    page.fill("#naar-bekendOp", "2024-01-01")
    page.locator("#naar-bekendOp").dispatch_event("change")
    _rustig(page)
    toen = _api(adres, STAND, {"id": afspraak_id, "bekendOp": "2024-01-01"})["afspraak"]
    assert toen != nu
    expect(page.locator('#stand-inhoud dd[data-veld="versie"]')).to_have_text(str(toen["versie"]))
    assert _stand(page) == (toen["status"], str(toen["versie"]))
    assert schuif.input_value() != schuif_voor
    assert "bekendOp=2024-01-01" in page.url

    # Met de schuif zelf (toetsenbord): helemaal naar links is vóór de eerste gebeurtenis; de
    # afspraak bestaat dan niet, en het verschil zegt dat zij verdween.
    schuif.focus()
    page.keyboard.press("Home")
    _rustig(page)
    expect(page.locator("#stand-inhoud")).to_contain_text("bestaat deze afspraak niet")
    datum = page.locator("#naar-bekendOp").input_value()
    assert _api(adres, STAND, {"id": afspraak_id, "bekendOp": datum})["afspraak"] is None
    expect(page.locator('#verschil-inhoud li[data-onderdeel="BESTAAN"]')).to_have_count(1)
    # en één stap naar rechts: de eerste kennisdatum, gelijk aan moment A: geen verschil
    page.keyboard.press("ArrowRight")
    _rustig(page)
    expect(page.locator("#verschil-inhoud")).to_contain_text("Geen verschil")
    page.screenshot(path=schermafdrukken / "toets-as-verschoven.png")

    # In de tijdlijn: elke gebeurtenis met haar bronnen; de eerste telt op A en op B.
    expect(page.locator("#tijdlijn-inhoud > li")).to_have_count(nu["versie"])
    expect(page.locator('#tijdlijn-inhoud > li[data-versie="1"] .merkteken.b')).to_have_count(1)

    # Het dossier van wat nu op het scherm staat, als PDF.
    page.locator("#naar-bekendOp + button").click()  # wissen: weer nu
    _rustig(page)
    with page.expect_download() as download:
        page.click("#dossier-pdf")
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    assert pdf.name == f"dossier-{afspraak_id}.pdf"
    tekst = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf))
    assert NPLG in " ".join(tekst.split())
    expect(page.locator("#melding")).to_contain_text("gedownload")

    assert b.extern() == [], "de pagina laadt iets van buiten het register"
    assert b.fouten == []


def test_een_fout_van_de_api_is_leesbaar_en_de_pagina_voert_geen_tekst_uit_als_html(
        browser: Browser, adres: str, schermafdrukken: Path) -> None:
    b = Bezoek(browser, adres)
    page = b.page
    page.goto(f"{adres}/toets/bestaat-niet")
    expect(page.locator("#melding")).to_contain_text("Er is geen afspraak 'bestaat-niet'")
    # een tijdstip dat de pagina niet kan lezen, meldt zij zelf; een dat de API weigert, meldt
    # zij met de melding en de code van de API
    page.goto(f"{adres}/toets?zoekterm=Landbouwakkoord")
    page.get_by_role("link", name="Landbouwakkoord", exact=True).click()
    _rustig(page)
    page.fill("#naar-ontvangenOp", "gisteren")
    page.locator("#naar-ontvangenOp").dispatch_event("change")
    expect(page.locator("#melding")).to_contain_text("'gisteren' is geen tijdstip")
    page.fill("#naar-ontvangenOp", "2024-13-45T00:00:00Z")
    page.locator("#naar-ontvangenOp").dispatch_event("change")
    expect(page.locator("#melding")).to_have_class("fout")
    expect(page.locator("#melding")).to_contain_text("2024-13-45")
    assert page.locator("#melding").inner_text().rstrip().endswith(")")  # (CODE)
    # een zoekterm met opmaak komt als tekst terug, niet als HTML
    page.goto(f"{adres}/toets?zoekterm=%3Cimg%20src%3Dx%3E")
    assert page.locator("#resultaten img").count() == 0
    page.screenshot(path=schermafdrukken / "toets-fout.png")
    assert b.extern() == []


def test_de_pagina_staat_alleen_het_register_zelf_toe(adres: str) -> None:
    r = httpx.get(f"{adres}/toets/iets")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "http" not in r.text.split("<body>")[0]  # geen extern script, stijl of lettertype
