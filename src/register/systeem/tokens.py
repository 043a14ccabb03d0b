"""Tokens voor systemen: alleen een hash wordt bewaard; intrekken is een datum, geen wissen."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy import Boolean, Column, DateTime, Engine, MetaData, String, Table, select, update

from register.domein.actor import Actor
from register.systeem.opslag import LEZEN, schema_slot

metadata = MetaData()
tokens = Table(
    "tokens", metadata,
    Column("hash", String(64), primary_key=True),
    Column("overheid", String(300), nullable=False),
    Column("beheerder", Boolean, nullable=False),
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
    Column("ingetrokken_op", DateTime(timezone=True)),
)
VOORVOEGSEL = "ar_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Tokens:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with schema_slot(engine):  # gelijktijdig startende workers botsen anders op PostgreSQL
            metadata.create_all(engine)

    def aanmaken(self, overheid: str, beheerder: bool = False) -> str:
        token = VOORVOEGSEL + secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(tokens.insert().values(
                hash=_hash(token), overheid=overheid, beheerder=beheerder,
                aangemaakt_op=datetime.now(UTC)))
        return token

    def intrekken(self, token: str) -> bool:
        with self.engine.begin() as conn:
            r = conn.execute(update(tokens).where(tokens.c.hash == _hash(token),
                                                  tokens.c.ingetrokken_op.is_(None))
                             .values(ingetrokken_op=datetime.now(UTC)))
            return r.rowcount == 1

    def actor(self, token: str) -> Actor | None:
        """De actor achter een geldig token, of None. De hash-vergelijking is constant in tijd."""
        h = _hash(token)
        with self.engine.connect().execution_options(**LEZEN) as conn:  # wacht op geen schrijver
            r = conn.execute(select(tokens).where(tokens.c.hash == h)).first()
        if r is None or not hmac.compare_digest(r.hash, h) or r.ingetrokken_op is not None:
            return None
        return Actor(r.overheid, r.beheerder)
