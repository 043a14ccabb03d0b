"""Het dossier als HTML (één Jinja2-sjabloon, autoescape aan) en als PDF (dezelfde HTML door
WeasyPrint, A4 met paginanummers, de bewijsbundel als ingesloten bijlage bewijs.json)."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from register.api.dossier.lezen import Dossier

FORMATEN = {".html": "html", ".htm": "html", ".pdf": "pdf"}
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
BIJLAGE = "bewijs.json"


class GeenPdf(RuntimeError):
    """WeasyPrint (of de pango-bibliotheek eronder) is er niet: alleen HTML kan."""


def datum(waarde: str | None) -> str:
    """'2023-03-31' -> '31 maart 2023'; een tijdstip met tijd en 'UTC'."""
    if not waarde:
        return "—"
    try:
        if "T" in waarde:
            t = datetime.fromisoformat(waarde)
            return f"{datum(t.date().isoformat())} {t:%H:%M:%S} UTC"
        d = date.fromisoformat(waarde)
    except ValueError:
        return waarde
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def leesbaar(waarde: str | None) -> str:
    """Een waarde uit een enum: 'IN_VOORBEREIDING' -> 'in voorbereiding'."""
    return "—" if not waarde else waarde.replace("_", " ").lower()


def euro(bedrag: str) -> str:
    try:
        d = Decimal(bedrag)
    except InvalidOperation:
        return bedrag
    tekst = f"{abs(d):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{'−' if d < 0 else ''}€ {tekst}"


def waarde(w: Any) -> str:
    """Een waarde uit een verschil (JSON) als korte tekst."""
    if w is None:
        return "—"
    if isinstance(w, dict):
        if "tekst" in w and "waarde" in w:  # een vage datum
            return " ".join(x for x in (w.get("tekst"), f"({w['waarde']})") if x)
        return "; ".join(waarde(v) if isinstance(v, dict) else f"{k}: {waarde(v)}"
                         for k, v in w.items() if v not in (None, [], {}, ""))
    if isinstance(w, list):
        return ", ".join(waarde(v) for v in w) or "—"
    if isinstance(w, bool):
        return "ja" if w else "nee"
    return str(w)


def veilige_url(url: str | None) -> str | None:
    """Alleen http(s) wordt een link; al het andere (javascript:, data:) blijft tekst."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


@cache
def _omgeving() -> Environment:
    omgeving = Environment(loader=PackageLoader("register.api.dossier", "sjablonen"),
                           autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                           lstrip_blocks=True)
    omgeving.filters.update(datum=datum, leesbaar=leesbaar, euro=euro, waarde=waarde,
                            veilige_url=veilige_url)
    return omgeving


def bundel(d: Dossier) -> dict[str, Any] | None:
    """Wat bewijs.json bevat: het citaat en de bewijsbundel (het veld `bewijs`);
    scripts/controleer_bewijs.py vindt de bundel erin."""
    if d.afspraak is None:
        return None
    return {"citaat": d.afspraak["citaat"]["tekst"], "bewijs": d.afspraak["bewijs"]}


def bundel_json(d: Dossier) -> bytes:
    return json.dumps(bundel(d), ensure_ascii=False, indent=2).encode("utf-8")


def als_html(d: Dossier, formaat: str = "html") -> str:
    b = bundel(d)
    download = None if b is None else (
        "data:application/json;base64," + base64.b64encode(bundel_json(d)).decode("ascii"))
    return _omgeving().get_template("dossier.html").render(
        d=d, a=d.afspraak, formaat=formaat, bundel=b, download=download, bijlage=BIJLAGE,
        versies=set(d.afspraak["citaat"]["versies"]) if d.afspraak else set())


def pdf_beschikbaar() -> None:
    """GeenPdf als WeasyPrint niet te laden is (zonder pango faalt al het importeren)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:
        raise GeenPdf(
            "PDF kan hier niet gemaakt worden: WeasyPrint of de bibliotheek pango ontbreekt "
            f"({type(e).__name__}). Vraag het dossier als HTML (.html of formaat=html), of "
            "installeer pango (Debian/Ubuntu: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0).") from None


def als_pdf(d: Dossier) -> bytes:
    pdf_beschikbaar()
    from weasyprint import HTML, Attachment
    from weasyprint.urls import URLFetcher

    # Niets ophalen: het dossier is zelfstandig, en een URL uit een bron wordt geen verzoek.
    ophalen = URLFetcher(allowed_protocols=["data"])
    bijlagen = [] if d.afspraak is None else [Attachment(
        string=bundel_json(d), name=BIJLAGE, url_fetcher=ophalen,
        description="Citaat en bewijsbundel; controleer met scripts/controleer_bewijs.py")]
    pdf: bytes = HTML(string=als_html(d, "pdf"), url_fetcher=ophalen).write_pdf(
        attachments=bijlagen)
    return pdf


def maak(d: Dossier, formaat: str) -> bytes:
    return als_pdf(d) if formaat == "pdf" else als_html(d).encode("utf-8")
