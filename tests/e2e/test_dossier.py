"""Het dossier voor een toetser (`GET /dossier/{id}` en `register dossier`): wat de API op een
peilmoment zegt, leesbaar en afdrukbaar, met een bewijsbundel die een derde offline controleert
(scripts/controleer_bewijs.py als apart proces). Het PDF wordt echt opgemaakt en als beelden
bekeken (pypdfium2), op SQLite en PostgreSQL."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from PIL import ImageStat
from typer.testing import CliRunner

from register.cli import app as cli_app
from tests.e2e.test_citaat import _landbouwakkoord, controleer
from tests.hulp import M_BZK, gql, leg_vast

BEWIJS = re.compile(r'<script type="application/json" id="bewijs">(.*?)</script>', re.S)
VERSLAG = """query($id: ID!) { leesverslag(afspraakId: $id, first: 50) {
  edges { node { lezer { id } wat verzoekId } } } }"""


@pytest.fixture
def landbouwakkoord(demo_client: TestClient) -> str:
    return _landbouwakkoord(demo_client)


def _bundel_uit_html(tekst: str) -> dict[str, Any]:
    (blok,) = BEWIJS.findall(tekst)
    return json.loads(blok)  # type: ignore[no-any-return]


def _probleem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and "Traceback" not in r.text
    return body  # type: ignore[no-any-return]


def test_het_html_dossier_toont_wat_men_op_31_maart_2023_wist_met_controleerbaar_bewijs(
        demo_client: TestClient, landbouwakkoord: str, tmp_path: Path) -> None:
    r = demo_client.get(f"/dossier/{landbouwakkoord}", params={"bekendOp": "2023-03-31"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    tekst = r.text
    assert "<h1>Dossier: Landbouwakkoord</h1>" in tekst
    assert "IPO-overdrachtsdossier 2023" in tekst and "Inzet is een akkoord in april." in tekst
    assert "<h2>Geschiedenis</h2>" in tekst and "Versie 9: verplichting gewijzigd" in tekst
    assert "<h2>Partijen in de tijd</h2>" in tekst and "toegetreden" in tekst
    assert "Verschil met" not in tekst  # zonder vergelijkingsmoment geen verschil
    bundel = _bundel_uit_html(tekst)
    citaat = bundel["citaat"]
    assert citaat.startswith("afsprakenregister:") and "bekendOp=2023-03-31" in citaat
    assert html.escape(citaat) in tekst  # zichtbaar, om te plakken
    assert f'controleer_bewijs.py bewijs.json --citaat "{html.escape(citaat)}"' in tekst
    goed = controleer(tmp_path, bundel, "--citaat", citaat)
    assert goed.returncode == 0 and "De bundel klopt." in goed.stdout, goed.stdout


def test_met_een_vergelijkingsmoment_toont_het_dossier_het_verschil(
        demo_client: TestClient, landbouwakkoord: str) -> None:
    r = demo_client.get(f"/dossier/{landbouwakkoord}", params={
        "geldigOp": "2023-03-31", "bekendOp": "2023-03-31", "vergelijkBekendOp": "2023-01-01"})
    assert r.status_code == 200, r.text
    deel = r.text.split("<h2>Verschil met", 1)[1].split("<h2>", 1)[0]
    # de termijn ging van het eerste kwartaal naar april: later bekend, uit het IPO-dossier
    assert "In het eerste kwartaal van 2023" in deel and "in april (2023-04)" in deel
    assert "later bekend" in deel and "IPO-overdrachtsdossier 2023" in deel


@pytest.mark.slow
def test_het_pdf_dossier_is_leesbaar_afdrukbaar_en_draagt_de_bundel_als_bijlage(
        demo_client: TestClient, landbouwakkoord: str, tmp_path: Path) -> None:
    r = demo_client.get(f"/dossier/{landbouwakkoord}",
                        params={"bekendOp": "2023-03-31", "formaat": "pdf"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF-")
    pdf = pdfium.PdfDocument(r.content)
    assert len(pdf) >= 2
    for i in range(len(pdf)):
        beeld = pdf[i].render(scale=1).to_pil().convert("L")
        pad = tmp_path / f"dossier-{i + 1}.png"
        beeld.save(pad)
        print(pad)
        assert beeld.size[0] < beeld.size[1]  # staand (A4)
        assert ImageStat.Stat(beeld).var[0] > 100, f"pagina {i + 1} is leeg"
    eerste = pdf[0].get_textpage().get_text_bounded()
    assert "Dossier: Landbouwakkoord" in eerste and "pagina 1 van" in eerste
    assert "afsprakenregister.local" in eerste  # de herkomst in de kop
    (bijlage,) = [pdf.get_attachment(i) for i in range(pdf.count_attachments())]
    assert bijlage.get_name() == "bewijs.json"
    bundel = json.loads(bytes(bijlage.get_data()))
    goed = controleer(tmp_path, bundel, "--citaat", bundel["citaat"])
    assert goed.returncode == 0, goed.stdout


def test_ongeldige_vragen_zijn_400_als_problem_json(demo_client: TestClient,
                                                     landbouwakkoord: str) -> None:
    r = demo_client.get(f"/dossier/{landbouwakkoord}", params={"bekendOp": "2023-02-30"})
    assert "bekendOp '2023-02-30' is geen datum" in _probleem(r, 400)["detail"]
    r = demo_client.get(f"/dossier/{landbouwakkoord}", params={"vergelijkOntvangenOp": "gister"})
    assert "vergelijkOntvangenOp" in _probleem(r, 400)["detail"]
    r = demo_client.get(f"/dossier/{landbouwakkoord}", params={"formaat": "docx"})
    assert "kies html of pdf" in _probleem(r, 400)["detail"]


def test_een_vertrouwelijke_afspraak_is_voor_wie_haar_niet_mag_zien_onbekend(
        client: TestClient, token_bzk: str, token_utrecht: str) -> None:
    geheim = leg_vast(client, token_bzk, titel="Onderhandelingsmandaat", vertrouwelijk=True)
    onbekend = "00000000-0000-4000-8000-000000000000"
    anoniem = _probleem(client.get(f"/dossier/{geheim}"), 404)
    assert anoniem["title"] == _probleem(client.get(f"/dossier/{onbekend}"), 404)["title"]
    assert "Onderhandelingsmandaat" not in json.dumps(anoniem)
    # een token van een overheid die geen partij is: ook niet gevonden
    _probleem(client.get(f"/dossier/{geheim}",
                         headers={"Authorization": f"Bearer {token_utrecht}"}), 404)
    r = client.get(f"/dossier/{geheim}", headers={"Authorization": f"Bearer {token_bzk}"})
    assert r.status_code == 200 and "Dossier: Onderhandelingsmandaat" in r.text
    # de lezing staat in het leesverslag, met het verzoek-id van het dossier
    verslag = gql(client, VERSLAG, {"id": geheim}, token_bzk)["leesverslag"]["edges"]
    lezingen = {(e["node"]["lezer"]["id"], e["node"]["wat"]) for e in verslag
                if e["node"]["verzoekId"] == r.headers["X-Request-ID"]}
    assert (M_BZK, "afspraak") in lezingen


def test_de_opdrachtregel_schrijft_het_dossier_en_weigert_een_onbekende_extensie(
        demo_database: str, demo_client: TestClient, landbouwakkoord: str,
        tmp_path: Path) -> None:
    def register(*args: str) -> Any:
        return CliRunner().invoke(cli_app, ["dossier", landbouwakkoord, *args],
                                  env={"REGISTER_DATABASE_URL": demo_database})

    uit = tmp_path / "dossier.html"
    r = register("--bekend-op", "2023-03-31", "--vergelijk-bekend-op", "2023-01-01",
                 "--uit", str(uit))
    assert r.exit_code == 0, r.output
    tekst = uit.read_text(encoding="utf-8")
    assert "Dossier: Landbouwakkoord" in tekst and "Verschil met" in tekst
    assert "(beheerder)" in tekst  # zonder token leest de opdrachtregel als beheerder
    assert _bundel_uit_html(tekst)["bewijs"]["afspraakId"] == landbouwakkoord

    r = register("--uit", str(tmp_path / "dossier.docx"))
    assert r.exit_code == 2 and "kies .html of .pdf" in r.output
    assert not (tmp_path / "dossier.docx").exists()
    r = register("--bekend-op", "31-03-2023", "--uit", str(uit))
    assert r.exit_code == 2 and "--bekend-op '31-03-2023' is geen datum" in r.output
    assert "Traceback" not in r.output
