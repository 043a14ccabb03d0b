"""De geheime sleutel van het register: buiten de database, zodat wie alleen de database kan
wijzigen geen token kan maken, ophogen of weer geldig maken (de tokenrijen dragen een HMAC).

Uit `REGISTER_SLEUTEL` (64 hextekens), anders uit een sleutelbestand: `REGISTER_SLEUTELBESTAND`,
standaard naast het SQLite-bestand (`register.db` -> `register.sleutel`) of in de werkmap. In
ontwikkeling maakt het register dat bestand zelf aan (alleen leesbaar voor de eigenaar); in
productie weigert het te starten zonder sleutel."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from register.systeem.instellingen import Instellingen
from register.systeem.opslag import Opslag

LENGTE = 32


class GeenSleutel(RuntimeError):
    """Het register heeft geen bruikbare sleutel."""


def sleutelbestand(instellingen: Instellingen) -> Path:
    if instellingen.sleutelbestand:
        return Path(instellingen.sleutelbestand)
    opslag = Opslag(instellingen.database_url)
    if opslag.soort == "sqlite":
        db = opslag.eventsourcing_env()["SQLITE_DBNAME"]
        if db != ":memory:":
            return Path(db).with_suffix(".sleutel")
    return Path("register.sleutel")


def laad_sleutel(instellingen: Instellingen) -> bytes:
    if instellingen.sleutel is not None:
        return _lees(instellingen.sleutel.get_secret_value(), "REGISTER_SLEUTEL")
    pad = sleutelbestand(instellingen)
    if not pad.exists():
        if instellingen.omgeving == "productie":
            raise GeenSleutel(
                f"Geen sleutel: zet REGISTER_SLEUTEL (64 hextekens, bijvoorbeeld uit "
                f"'python -c \"import secrets; print(secrets.token_hex(32))\"') of maak "
                f"{pad} aan. In productie maakt het register geen sleutel zelf aan.")
        _maak(pad)
    for _ in range(50):  # een gelijktijdig startend proces kan het bestand nog aan het vullen zijn
        tekst = pad.read_text("ascii", errors="replace")
        if tekst.strip():
            break
        time.sleep(0.02)
    return _lees(tekst, str(pad))


def _maak(pad: Path) -> None:
    """Atomair: van gelijktijdig startende workers maakt er één het bestand."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(pad, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(LENGTE) + "\n")


def _lees(tekst: str, waar: str) -> bytes:
    try:
        sleutel = bytes.fromhex(tekst.strip())
    except ValueError:
        sleutel = b""
    if len(sleutel) != LENGTE:
        raise GeenSleutel(f"De sleutel in {waar} is geen {LENGTE} bytes als "
                          f"{2 * LENGTE} hextekens.")
    return sleutel
