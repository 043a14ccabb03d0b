"""Getuigde geschiedenis: het register publiceert ondertekende checkpoints (boomgrootte en wortel)
in het formaat van C2SP tlog-checkpoint, als signed note (C2SP signed-note, Ed25519). Een andere
organisatie (IPO, VNG, UvW) draait `register getuige`: die controleert dat het nieuwe checkpoint
het vorige dat zij medeondertekende alleen aanvult (een consistentiebewijs, zelf nagerekend) en
ondertekent het dan mee. Een register dat twee getuigen twee verschillende geschiedenissen toont,
valt zo op zodra een getuige een checkpoint ziet dat niet bij het hare past.

Formaten (https://c2sp.org/signed-note, https://c2sp.org/tlog-checkpoint):

    <herkomst>\\n<boomgrootte>\\n<wortel in base64>\\n          de tekst
    \\n
    — <sleutelnaam> <base64(4 bytes sleutelhash ‖ Ed25519-handtekening)>\\n   per handtekening

De sleutelhash is SHA-256(naam ‖ 0x0A ‖ 0x01 ‖ publieke sleutel)[:4]; een verificatiesleutel
schrijft men als `<naam>+<sleutelhash hex>+<base64(0x01 ‖ publieke sleutel)>`."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, Text, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from register.systeem.opslag import schema_slot

STREEP = "\u2014"
ED25519 = b"\x01"

metadata = MetaData()
cosignaturen = Table(
    "checkpoint_cosignaturen", metadata,
    Column("grootte", Integer, primary_key=True),
    Column("wortel", String(64), primary_key=True),
    Column("getuige", String(200), primary_key=True),
    Column("regel", Text, nullable=False),
)


class OngeldigeNotitie(ValueError):
    """Geen geldig checkpoint of geen geldige handtekening."""


@dataclass(frozen=True)
class Checkpoint:
    herkomst: str
    grootte: int
    wortel: bytes

    def tekst(self) -> str:
        return f"{self.herkomst}\n{self.grootte}\n{base64.b64encode(self.wortel).decode()}\n"

    @classmethod
    def lees(cls, tekst: str) -> Checkpoint:
        regels = tekst.split("\n")
        if len(regels) < 4 or regels[-1] != "" or not regels[0]:
            raise OngeldigeNotitie("een checkpoint heeft een herkomst, een grootte en een wortel, "
                                   "elk op een eigen regel")
        try:
            grootte, wortel = int(regels[1]), base64.b64decode(regels[2], validate=True)
        except (ValueError, binascii.Error):
            raise OngeldigeNotitie("grootte of wortel van het checkpoint is onleesbaar") from None
        if grootte < 0 or len(wortel) != 32 or str(grootte) != regels[1]:
            raise OngeldigeNotitie("grootte of wortel van het checkpoint is onleesbaar")
        return cls(regels[0], grootte, wortel)


def _sleutelhash(naam: str, publiek: bytes) -> bytes:
    return hashlib.sha256(naam.encode() + b"\n" + ED25519 + publiek).digest()[:4]


@dataclass(frozen=True)
class Ondertekenaar:
    naam: str
    sleutel: Ed25519PrivateKey

    @classmethod
    def uit_hex(cls, naam: str, zaad_hex: str) -> Ondertekenaar:
        try:
            zaad = bytes.fromhex(zaad_hex.strip())
            return cls(naam, Ed25519PrivateKey.from_private_bytes(zaad))
        except ValueError:
            raise OngeldigeNotitie("een ondertekensleutel is 32 bytes als 64 hextekens") from None

    @property
    def publiek(self) -> bytes:
        return self.sleutel.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def verificatiesleutel(self) -> str:
        return (f"{self.naam}+{_sleutelhash(self.naam, self.publiek).hex()}+"
                f"{base64.b64encode(ED25519 + self.publiek).decode()}")

    def regel(self, tekst: str) -> str:
        """De handtekeningregel over deze tekst."""
        handtekening = self.sleutel.sign(tekst.encode())
        blob = base64.b64encode(_sleutelhash(self.naam, self.publiek) + handtekening).decode()
        return f"{STREEP} {self.naam} {blob}\n"


@dataclass(frozen=True)
class Verificatiesleutel:
    naam: str
    hash: bytes
    publiek: bytes

    @classmethod
    def lees(cls, tekst: str) -> Verificatiesleutel:
        try:
            naam, h, blob = tekst.strip().split("+", 2)  # base64 kan zelf + bevatten
            ruw = base64.b64decode(blob, validate=True)
            sleutelhash = bytes.fromhex(h)
        except (ValueError, binascii.Error):
            raise OngeldigeNotitie(f"geen verificatiesleutel <naam>+<hash>+<sleutel>: "
                                   f"{tekst[:60]!r}") from None
        if ruw[:1] != ED25519 or len(ruw) != 33 or _sleutelhash(naam, ruw[1:]) != sleutelhash:
            raise OngeldigeNotitie(f"verificatiesleutel van {naam!r} klopt niet met haar hash")
        return cls(naam, sleutelhash, ruw[1:])

    def controleer(self, tekst: str, regels: list[str]) -> str | None:
        """De regel van deze sleutel als zij de tekst geldig ondertekent, anders None."""
        for r in regels:
            delen = r.rstrip("\n").split(" ")
            if len(delen) != 3 or delen[0] != STREEP or delen[1] != self.naam:
                continue
            try:
                blob = base64.b64decode(delen[2], validate=True)
                if blob[:4] != self.hash:
                    continue
                Ed25519PublicKey.from_public_bytes(self.publiek).verify(blob[4:], tekst.encode())
            except (ValueError, binascii.Error, InvalidSignature):
                continue
            return r if r.endswith("\n") else r + "\n"
        return None


def splits_notitie(notitie: str) -> tuple[str, list[str]]:
    """Tekst en handtekeningregels van een signed note."""
    tekst, scheiding, rest = notitie.partition("\n\n")
    if not scheiding:
        raise OngeldigeNotitie("een signed note heeft een lege regel tussen tekst en "
                               "handtekeningen")
    regels = [r + "\n" for r in rest.split("\n") if r]
    if not regels or any(not r.startswith(STREEP + " ") for r in regels):
        raise OngeldigeNotitie("na de lege regel komen alleen handtekeningregels (— naam ...)")
    return tekst + "\n", regels


def notitie(tekst: str, regels: list[str]) -> str:
    return tekst + "\n" + "".join(regels)


class Cosignaturen:
    """De medeondertekeningen die getuigen bij checkpoints van dit register indienden."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with schema_slot(engine):
            metadata.create_all(engine)

    def bewaar(self, c: Checkpoint, getuige: str, regel: str) -> None:
        ins = (sqlite_insert if self.engine.dialect.name == "sqlite" else pg_insert)(cosignaturen)
        with self.engine.begin() as conn:
            conn.execute(ins.on_conflict_do_nothing(), dict(
                grootte=c.grootte, wortel=c.wortel.hex(), getuige=getuige, regel=regel))

    def bij(self, c: Checkpoint) -> list[str]:
        with self.engine.connect() as conn:
            return [r.regel for r in conn.execute(
                select(cosignaturen.c.regel).where(cosignaturen.c.grootte == c.grootte,
                                                   cosignaturen.c.wortel == c.wortel.hex())
                .order_by(cosignaturen.c.getuige))]
