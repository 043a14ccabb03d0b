"""Tokens voor systemen: alleen een hash wordt bewaard; intrekken is een datum, geen wissen. Elke
rij draagt een HMAC met de sleutel van het register (buiten de database) over wat haar macht
bepaalt: de hash, de overheid, of zij beheerder is en of zij is ingetrokken. Wie alleen de
database kan wijzigen, kan zo geen token toevoegen, tot beheerder maken of weer geldig maken."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean, Column, DateTime, Engine, MetaData, String, Table, inspect, select, text, update,
)

from register.domein.actor import Actor
from register.systeem.opslag import LEZEN, schema_slot

log = logging.getLogger("register")
metadata = MetaData()
tokens = Table(
    "tokens", metadata,
    Column("hash", String(64), primary_key=True),
    Column("overheid", String(300), nullable=False),
    Column("beheerder", Boolean, nullable=False),
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
    Column("ingetrokken_op", DateTime(timezone=True)),
    Column("mac", String(64)),
)
VOORVOEGSEL = "ar_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Tokens:
    def __init__(self, engine: Engine, sleutel: bytes) -> None:
        self.engine, self._sleutel = engine, sleutel
        with schema_slot(engine):  # gelijktijdig startende workers botsen anders op PostgreSQL
            metadata.create_all(engine)
            self._voeg_mac_toe()

    def _mac(self, h: str, overheid: str, beheerder: bool, ingetrokken: bool) -> str:
        bericht = "\x1f".join((h, overheid, "1" if beheerder else "0",
                               "1" if ingetrokken else "0"))
        return hmac.new(self._sleutel, bericht.encode(), hashlib.sha256).hexdigest()

    def _rij_mac(self, r: Any) -> str:
        return self._mac(r.hash, r.overheid, bool(r.beheerder), r.ingetrokken_op is not None)

    def _voeg_mac_toe(self) -> None:
        """Een tokentabel van vóór de HMAC krijgt de kolom, en haar bestaande rijen worden één
        keer, bij die omzetting, ondertekend (wat toen in de tabel stond, gold als uitgegeven).
        Een rij zonder HMAC die later verschijnt, wordt nooit meer ondertekend."""
        if "mac" in {c["name"] for c in inspect(self.engine).get_columns("tokens")}:
            return
        with self.engine.begin() as conn:
            conn.execute(text("ALTER TABLE tokens ADD COLUMN mac VARCHAR(64)"))
            rijen = conn.execute(select(tokens.c.hash, tokens.c.overheid, tokens.c.beheerder,
                                        tokens.c.ingetrokken_op)).all()
            for r in rijen:
                conn.execute(update(tokens).where(tokens.c.hash == r.hash)
                             .values(mac=self._rij_mac(r)))
        log.warning("Tokentabel omgezet: %d bestaande tokens met de sleutel ondertekend",
                    len(rijen))

    def aanmaken(self, overheid: str, beheerder: bool = False) -> str:
        token = VOORVOEGSEL + secrets.token_urlsafe(32)
        h = _hash(token)
        with self.engine.begin() as conn:
            conn.execute(tokens.insert().values(
                hash=h, overheid=overheid, beheerder=beheerder,
                aangemaakt_op=datetime.now(UTC), mac=self._mac(h, overheid, beheerder, False)))
        return token

    def intrekken(self, token: str) -> bool:
        h = _hash(token)
        with self.engine.begin() as conn:
            r = conn.execute(select(tokens).where(tokens.c.hash == h)).first()
            if r is None or r.ingetrokken_op is not None or not self._echt(r):
                return False
            conn.execute(update(tokens).where(tokens.c.hash == h).values(
                ingetrokken_op=datetime.now(UTC),
                mac=self._mac(h, r.overheid, bool(r.beheerder), True)))
            return True

    def actor(self, token: str) -> Actor | None:
        """De actor achter een geldig token, of None. De vergelijkingen zijn constant in tijd;
        een rij waarvan de HMAC niet klopt (gewijzigd of ingevoegd), is geen token."""
        h = _hash(token)
        with self.engine.connect().execution_options(**LEZEN) as conn:  # wacht op geen schrijver
            r = conn.execute(select(tokens).where(tokens.c.hash == h)).first()
        if r is None or not hmac.compare_digest(r.hash, h) or not self._echt(r):
            return None
        if r.ingetrokken_op is not None:
            return None
        return Actor(r.overheid, r.beheerder)

    def lijst(self) -> list[tuple[Any, bool]]:
        """Elke tokenrij (zonder het token zelf: dat kent het register niet) met of zij echt is
        (HMAC klopt), in volgorde van aanmaken."""
        with self.engine.connect().execution_options(**LEZEN) as conn:
            rijen = conn.execute(select(tokens).order_by(tokens.c.aangemaakt_op)).all()
        return [(r, self._echt(r)) for r in rijen]

    def _echt(self, r: Any) -> bool:
        return r.mac is not None and hmac.compare_digest(r.mac, self._rij_mac(r))
