"""De log van de server: elke regel draagt het verzoek-id (X-Request-ID) van het verzoek waarin
zij ontstond, of '-' daarbuiten. In productie JSON (één object per regel, met python-json-logger),
anders leesbare tekst; `REGISTER_LOGFORMAAT` kiest zelf.

Het verzoek-id staat in een contextvariabele: de middleware zet haar (bediening.VerzoekId), en
elke logregel die in dat verzoek ontstaat, ook in de thread of het werkproces dat de vraag
uitvoert, krijgt haar mee via het filter hieronder. De toegangslog schrijft het register zelf
(één regel per verzoek, met methode, pad, status en duur), zodat ook die het id draagt."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

verzoek_id: ContextVar[str] = ContextVar("verzoek_id", default="-")

TEKST = "%(asctime)s %(levelname)s %(name)s [%(verzoek_id)s] %(message)s"
JSON_VELDEN = "%(asctime)s %(levelname)s %(name)s %(verzoek_id)s %(message)s"


class MetVerzoekId(logging.Filter):
    """Zet `verzoek_id` op elke regel (een expliciete `extra` gaat voor)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "verzoek_id"):
            record.verzoek_id = verzoek_id.get()
        record.__dict__.pop("color_message", None)  # uvicorns kleurcodes horen niet in JSON
        return True


def logconfig(formaat: str, niveau: str = "INFO") -> dict[str, Any]:
    """Een dictConfig voor logging (en uvicorn.run(log_config=…)): alles naar stderr in het
    gekozen formaat, met het verzoek-id. De toegangslog van uvicorn staat uit; het register
    schrijft er zelf een (logger 'register.toegang')."""
    formatter: dict[str, Any] = (
        {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": JSON_VELDEN,
         "rename_fields": {"asctime": "tijd", "levelname": "niveau", "name": "logger",
                           "message": "bericht"}, "json_ensure_ascii": False}
        if formaat == "json" else {"format": TEKST})
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"verzoek_id": {"()": MetVerzoekId}},
        "formatters": {"register": formatter},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                                "formatter": "register", "filters": ["verzoek_id"]}},
        "root": {"handlers": ["stderr"], "level": niveau},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": niveau, "propagate": False},
            "uvicorn.error": {"level": niveau},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def formaat_voor(omgeving: str, gekozen: str | None) -> str:
    return gekozen or ("json" if omgeving == "productie" else "tekst")
