"""Leesmodel 'integriteit': de bladhashes in registervolgorde, de volle knopen en de controles."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger, Boolean, Column, Connection, Index, Integer, LargeBinary, String, Table, Text,
    and_, or_, select,
)

from register.domein import merkle
from register.projecties.basis import Verwerking, metadata, voeg_in
from register.projecties.gebeurtenissen import utc_tekst

# Eén rij per gebeurtenis in de boom; `nummer` is de plaats in de boom (0, 1, 2, …), `positie`
# de notificatie in de opslag (op PostgreSQL mag die gaten hebben).
bladen = Table(
    "lm_integriteit_bladen", metadata,
    Column("nummer", Integer, primary_key=True, autoincrement=False),
    Column("positie", BigInteger, nullable=False, unique=True),
    Column("afspraak_id", String(36), nullable=False),
    Column("versie", Integer, nullable=False),
    Column("hash", LargeBinary(32), nullable=False),
)
Index("ix_lm_integriteit_bladen_afspraak", bladen.c.afspraak_id, bladen.c.versie)

# Elke volle, uitgelijnde deelboom boven de bladen: niveau k, nummer j dekt de bladen
# [j·2^k, (j+1)·2^k). Zo kost een wortel of een bewijs O(log n) opzoekingen, ook bij 1M.
knopen = Table(
    "lm_integriteit_knopen", metadata,
    Column("niveau", Integer, primary_key=True, autoincrement=False),
    Column("nummer", Integer, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
)

# Uitslagen: 'volledig' (alles herberekend), 'snel' (goedkope toets bij een vraag) of
# 'projectie' (een gebeurtenis die anders terugkwam dan toen zij werd vastgelegd).
controles = Table(
    "lm_integriteit_controles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("soort", String(20), nullable=False),
    Column("tijdstip", String(32), nullable=False),
    Column("grootte", Integer, nullable=False),
    Column("geslaagd", Boolean, nullable=False),
    Column("positie", BigInteger),
    Column("afspraak_id", String(36)),
    Column("versie", Integer),
    Column("reden", Text),
    # HMAC met de sleutel van het register over een geslaagde controle: een ingevoegde rij die
    # 'geslaagd' zegt, telt zonder geldige HMAC niet (een mislukte controle telt altijd)
    Column("mac", String(64)),
)


@dataclass(frozen=True)
class Breuk:
    """De eerste plek waar de opslag niet meer is wat het register vastlegde."""

    reden: str
    positie: int | None = None
    afspraak_id: str | None = None
    versie: int | None = None

    def __str__(self) -> str:
        waar = (f"afspraak {self.afspraak_id} versie {self.versie} (positie {self.positie}): "
                if self.afspraak_id else "")
        return waar + self.reden


@dataclass(frozen=True)
class Controle:
    soort: str
    tijdstip: datetime
    grootte: int
    breuk: Breuk | None


class IntegriteitProjectie:
    """Legt bij de eerste verwerking de bladhash vast. Komt een gebeurtenis later (bij herbouw)
    anders terug, dan blijft het blad wat het was en wordt de breuk vastgelegd; bij een
    gecontroleerde herbouw is dat al getoetst (`Verwerking.getoetst`)."""

    def verwerk(self, conn: Connection, blok: Sequence[Verwerking]) -> None:
        werk = _Werk(conn)
        for v in blok:
            werk.verwerk(conn, v)
        werk.spoel(conn)

    def wis(self, conn: Connection) -> None:
        """Niets: de bladen zijn het bewijs waartegen een herbouw de opslag toetst."""


def _blad(v: Verwerking) -> bytes:
    if v.blad is None:
        raise ValueError(f"gebeurtenis op positie {v.positie} zonder bladhash verwerkt")
    return v.blad


class _Werk:
    """Eén blok van de projectie: de rechterrand van de boom in het geheugen (geladen met
    één query), nieuwe bladen, knopen en breuken in één executemany per tabel."""

    def __init__(self, conn: Connection) -> None:
        laatste = _laatste(conn)
        self.grootte = 0 if laatste is None else int(laatste.nummer) + 1
        self.laatste_positie = 0 if laatste is None else int(laatste.positie)
        self.rand = OpgeslagenBoom(conn, self.grootte).rand()
        self.bladen: list[dict[str, Any]] = []
        self.knopen: list[dict[str, Any]] = []
        self.breuken: list[tuple[int, Breuk]] = []
        self._bekend: dict[int, bytes] = {}
        self._bekend_tot = -1

    def verwerk(self, conn: Connection, v: Verwerking) -> None:
        if v.positie > self.laatste_positie:
            self.voeg_toe(v)
        elif not v.getoetst:  # al eens verwerkt: bij herbouw
            vastgelegd = self._vastgelegd(conn, v.positie)
            aid, versie = v.afspraak_id, v.feit.versie
            if vastgelegd is None:
                self.breuken.append((self.grootte, Breuk(
                    "staat niet in de boom: achteraf ingevoegd", v.positie, aid, versie)))
            elif vastgelegd != _blad(v):
                self.breuken.append((self.grootte, Breuk(
                    "gewijzigd sinds het vastleggen: de hash klopt niet meer", v.positie, aid,
                    versie)))

    def voeg_toe(self, v: Verwerking) -> None:
        nummer, positie, h = self.grootte, v.positie, _blad(v)
        self.bladen.append(dict(nummer=nummer, positie=positie, afspraak_id=v.afspraak_id,
                                versie=v.feit.versie, hash=h))
        niveau = 0
        while (nummer >> niveau) & 1:
            h = merkle.knoop_hash(self.rand.pop(), h)
            niveau += 1
            self.knopen.append(dict(niveau=niveau, nummer=nummer >> niveau, hash=h))
        self.rand.append(h)
        self.grootte, self.laatste_positie = nummer + 1, positie

    def _vastgelegd(self, conn: Connection, positie: int) -> bytes | None:
        if positie > self._bekend_tot:
            rijen = conn.execute(select(bladen.c.positie, bladen.c.hash)
                                 .where(bladen.c.positie >= positie)
                                 .order_by(bladen.c.positie).limit(1000)).all()
            self._bekend = {r.positie: bytes(r.hash) for r in rijen}
            self._bekend_tot = rijen[-1].positie if len(rijen) == 1000 else self.laatste_positie
        return self._bekend.get(positie)

    def spoel(self, conn: Connection) -> None:
        voeg_in(conn, bladen, self.bladen)
        voeg_in(conn, knopen, self.knopen)
        for n, breuk in self.breuken:
            leg_controle_vast(conn, "projectie", n, breuk)
        self.bladen, self.knopen, self.breuken = [], [], []


def _laatste(conn: Connection) -> Any:
    return conn.execute(select(bladen.c.nummer, bladen.c.positie)
                        .order_by(bladen.c.nummer.desc()).limit(1)).first()


def grootte(conn: Connection) -> int:
    laatste = _laatste(conn)
    return 0 if laatste is None else int(laatste.nummer) + 1


def laatste_positie(conn: Connection) -> int:
    laatste = _laatste(conn)
    return 0 if laatste is None else int(laatste.positie)


T = TypeVar("T")


class OpgeslagenBoom:
    """De boom zoals het leesmodel hem kent: wortels en bewijzen uit de opgeslagen knopen, met
    alle benodigde knopen in één query."""

    def __init__(self, conn: Connection, aantal: int | None = None) -> None:
        """`aantal`: het aantal bladen, als de aanroeper het al weet (anders één query)."""
        self.conn = conn
        self.grootte = grootte(conn) if aantal is None else aantal
        self._cache: dict[tuple[int, int], bytes] = {}

    def deelboom(self, begin: int, eind: int) -> bytes:
        n = eind - begin
        if n <= 0 or n & (n - 1) or begin % n or eind > self.grootte:
            raise ValueError(f"[{begin}, {eind}) is geen volle deelboom van de opgeslagen boom")
        sleutel = (n.bit_length() - 1, begin // n)
        if sleutel not in self._cache:
            self._laad([sleutel])
        return self._cache[sleutel]

    def _laad(self, sleutels: Iterable[tuple[int, int]]) -> None:
        nodig = [s for s in sleutels if s not in self._cache]
        blad = [n for k, n in nodig if k == 0]
        if blad:
            for r in self.conn.execute(select(bladen.c.nummer, bladen.c.hash)
                                       .where(bladen.c.nummer.in_(blad))):
                self._cache[(0, r.nummer)] = bytes(r.hash)
        # Een OR van gelijkheden: SQLite zoekt elke term op in de primaire sleutel; met
        # (niveau, nummer) IN (...) las het de hele tabel (bij 1M gebeurtenissen per blok).
        hoger = [and_(knopen.c.niveau == k, knopen.c.nummer == n) for k, n in nodig if k]
        if hoger:
            for r in self.conn.execute(select(knopen).where(or_(*hoger))):
                self._cache[(r.niveau, r.nummer)] = bytes(r.hash)

    def _vooraf(self, bereken: Callable[[merkle.Deelboom], T]) -> T:
        """Rekent eerst met nepknopen om te weten welke knopen nodig zijn, haalt die in één
        keer op en rekent dan echt."""
        nodig: set[tuple[int, int]] = set()

        def nep(begin: int, eind: int) -> bytes:
            n = eind - begin
            nodig.add((n.bit_length() - 1, begin // n))
            return bytes(merkle.HASH_LENGTE)

        bereken(nep)
        self._laad(nodig)
        return bereken(self.deelboom)

    def rand(self) -> list[bytes]:
        """De volle deelbomen langs de rechterrand, van groot naar klein (zie merkle.Rand)."""
        delen, begin = [], 0
        for k in range(self.grootte.bit_length() - 1, -1, -1):
            if self.grootte >> k & 1:
                delen.append((begin, begin + (1 << k)))
                begin += 1 << k
        return self._vooraf(lambda d: [d(b, e) for b, e in delen])

    def wortel(self, grootte: int | None = None) -> bytes:
        n = self.grootte if grootte is None else grootte
        return self._vooraf(lambda d: merkle.wortel(n, d))

    def inclusiebewijs(self, index: int, grootte: int) -> list[bytes]:
        return self._vooraf(lambda d: merkle.inclusiebewijs(index, grootte, d))

    def consistentiebewijs(self, oud: int, nieuw: int) -> list[bytes]:
        return self._vooraf(lambda d: merkle.consistentiebewijs(oud, nieuw, d))


def blad_van(conn: Connection, afspraak_id: str, versie: int) -> Any:
    return conn.execute(select(bladen).where(bladen.c.afspraak_id == afspraak_id,
                                             bladen.c.versie == versie)).first()


def hashes(conn: Connection, sleutels: Iterable[tuple[str, int]]) -> dict[tuple[str, int], bytes]:
    """De bladhashes van deze gebeurtenissen, in één query."""
    ids = {a for a, _ in sleutels}
    if not ids:
        return {}
    rijen = conn.execute(select(bladen.c.afspraak_id, bladen.c.versie, bladen.c.hash)
                         .where(bladen.c.afspraak_id.in_(ids)))
    return {(r.afspraak_id, r.versie): bytes(r.hash) for r in rijen}


# -- controles ---------------------------------------------------------------------------------


def _controle_mac(sleutel: bytes, soort: str, tijdstip: str, grootte: int) -> str:
    bericht = f"controle\x1f{soort}\x1f{tijdstip}\x1f{grootte}\x1fgeslaagd".encode()
    return hmac.new(sleutel, bericht, hashlib.sha256).hexdigest()


def leg_controle_vast(conn: Connection, soort: str, grootte: int, breuk: Breuk | None,
                      sleutel: bytes | None = None) -> None:
    """Een geslaagde controle telt alleen met de sleutel van het register (zij krijgt dan een
    HMAC); een mislukte controle telt altijd."""
    tijdstip = utc_tekst(datetime.now(UTC))
    mac = (_controle_mac(sleutel, soort, tijdstip, grootte)
           if breuk is None and sleutel is not None else None)
    conn.execute(controles.insert().values(
        soort=soort, tijdstip=tijdstip, grootte=grootte,
        geslaagd=breuk is None, positie=breuk.positie if breuk else None,
        afspraak_id=breuk.afspraak_id if breuk else None,
        versie=breuk.versie if breuk else None, reden=breuk.reden if breuk else None, mac=mac))


def _controle(r: Any) -> Controle:
    breuk = None if r.geslaagd else Breuk(r.reden or "", r.positie, r.afspraak_id, r.versie)
    return Controle(r.soort, datetime.fromisoformat(r.tijdstip), r.grootte, breuk)


def _echt_geslaagd(r: Any, sleutel: bytes) -> bool:
    return bool(r.geslaagd) and r.mac is not None and hmac.compare_digest(
        r.mac, _controle_mac(sleutel, r.soort, r.tijdstip, r.grootte))


def _geslaagde_volledige(conn: Connection, sleutel: bytes) -> Any:
    """De laatste geslaagde volledige controle met een geldige HMAC (een vervalste rij telt
    niet, en verbergt dus geen breuk)."""
    for r in conn.execute(select(controles).where(
            controles.c.soort == "volledig", controles.c.geslaagd.is_(True))
            .order_by(controles.c.id.desc())):
        if _echt_geslaagd(r, sleutel):
            return r
    return None


def laatste_volledige(conn: Connection, sleutel: bytes) -> Controle | None:
    """De laatste volledige controle: een mislukte, of een geslaagde met geldige HMAC."""
    for r in conn.execute(select(controles).where(controles.c.soort == "volledig")
                          .order_by(controles.c.id.desc())):
        if not r.geslaagd or _echt_geslaagd(r, sleutel):
            return _controle(r)
    return None


def openstaande_breuk(conn: Connection, sleutel: bytes) -> Controle | None:
    """De eerste breuk in registervolgorde sinds de laatste geslaagde volledige controle; zo'n
    controle slaagt pas weer als de opslag klopt (bijv. na het terugzetten van een back-up)."""
    geslaagd = _geslaagde_volledige(conn, sleutel)
    sinds = geslaagd.id if geslaagd is not None else 0
    r = conn.execute(select(controles).where(controles.c.id > sinds,
                                             controles.c.geslaagd.is_(False))
                     .order_by(controles.c.positie.is_(None), controles.c.positie,
                               controles.c.id).limit(1)).first()
    return None if r is None else _controle(r)
