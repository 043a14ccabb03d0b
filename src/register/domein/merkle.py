"""Onvervalsbaarheid: de canonieke inhoud van een gebeurtenis en een Merkle-boom (RFC 6962/9162)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson

HASH_LENGTE = 32
LEGE_WORTEL = hashlib.sha256(b"").digest()

# Geeft de hash van een volledige, uitgelijnde deelboom [begin, eind): eind - begin is een macht
# van twee en begin een veelvoud daarvan. Zo kan een opslag de knopen bewaren die ooit af waren.
Deelboom = Callable[[int, int], bytes]


def blad_hash(blad: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + blad).digest()


def knoop_hash(links: bytes, rechts: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + links + rechts).digest()


# -- canonieke inhoud ---------------------------------------------------------------------------


def canoniek(w: Any) -> Any:
    """Een waarde als JSON zonder dubbelzinnigheid: typen die JSON niet kent krijgen een label,
    zodat een datum nooit samenvalt met een tekst die er zo uitziet."""
    t = type(w)
    if t is str or t is int or t is bool or w is None:
        return w
    vorm = _VORMEN.get(t)
    if vorm is None:
        vorm = _vorm(t)
    return vorm(w)


def _tijdstip(w: datetime) -> Any:
    return {"$tijdstip": w.astimezone(UTC).isoformat(timespec="microseconds")}


def _rij(w: list[Any] | tuple[Any, ...]) -> Any:
    return [canoniek(x) for x in w]


def _woordenboek(w: dict[Any, Any]) -> Any:
    return {str(k): canoniek(v) for k, v in w.items()}


# Per exact type de vorm: bij herbouw en controle wordt elke gebeurtenis gehasht, dus een
# opzoeking in plaats van een rij isinstance-toetsen; een nieuw type krijgt zijn vorm bij de
# eerste ontmoeting (_vorm), precies zoals de toetsen hieronder hem zouden geven.
_VORMEN: dict[type, Callable[[Any], Any]] = {
    datetime: _tijdstip,
    date: lambda w: {"$datum": w.isoformat()},
    UUID: lambda w: {"$uuid": str(w)},
    Decimal: lambda w: {"$decimaal": str(w)},
    list: _rij,
    tuple: _rij,
    dict: _woordenboek,
}


def _vorm(t: type) -> Callable[[Any], Any]:
    vorm: Callable[[Any], Any]
    if issubclass(t, bool | int | str):
        vorm = _zelf
    elif issubclass(t, datetime):
        vorm = _tijdstip
    elif issubclass(t, date | UUID | Decimal):
        basis = next(b for b in (date, UUID, Decimal) if issubclass(t, b))
        vorm = _VORMEN[basis]
    elif dataclasses.is_dataclass(t):
        vorm = _dataclass_vorm(t, canoniek)
    elif issubclass(t, list | tuple):
        vorm = _rij
    elif issubclass(t, dict):
        vorm = _woordenboek
    else:
        raise TypeError(f"geen canonieke vorm voor {t.__name__}")
    _VORMEN[t] = vorm
    return vorm


_ALTIJD = object()


def _dataclass_vorm(t: type, waarde_vorm: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Een dataclass als woordenboek van haar velden (elk door `waarde_vorm`); een later
    toegevoegd veld telt pas mee als het iets anders dan zijn standaard zegt."""
    velden = tuple((f.name, f.default if f.metadata.get("later_toegevoegd") else _ALTIJD)
                   for f in dataclasses.fields(t))

    def vorm(w: Any) -> Any:
        uit = {}
        for n, standaard in velden:
            waarde = getattr(w, n)
            if standaard is _ALTIJD or waarde != standaard:
                uit[n] = waarde_vorm(waarde)
        return uit

    return vorm


def _zelf(w: Any) -> Any:
    return w


# -- de snelle weg: orjson --------------------------------------------------------------------
#
# Dezelfde bytes als json.dumps(canoniek(w), sort_keys=True, separators=(",", ":"),
# ensure_ascii=False).encode(), maar orjson doet het werk: bij herbouw en controle wordt elke
# gebeurtenis gehasht (tests/unit/test_merkle.py houdt beide gelijk). orjson schrijft tekst,
# gehele getallen, waarheidswaarden, null, lijsten en woordenboeken (sleutels gesorteerd op
# codepunt) byte voor byte als json.dumps; dataclasses en datums geeft het aan `_snelle_vorm`
# (passthrough). Wat orjson anders zou schrijven dan de definitie (een uuid, een float, een
# enum, een sleutel die geen tekst is, een subklasse) laat `_toets` niet door: dan gaat het
# hele blad langs de encoder van json, net als een getal boven 64 bits of een ongeldige tekst
# waarop orjson een fout geeft.

_OPTIES = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
           | orjson.OPT_PASSTHROUGH_DATETIME)


class _Anders(TypeError):
    """Een waarde die orjson anders zou schrijven dan de definitie."""


# Wat orjson schrijft zoals json.dumps (de exacte typen), of aan `_snelle_vorm` geeft.
_KAAL = frozenset({str, int, bool, type(None), date, datetime, Decimal})


def _toets(w: Any) -> None:
    """Laat alleen door wat orjson schrijft zoals de definitie; loopt door lijsten en
    woordenboeken (een dataclass daarin toetst `_snelle_vorm` als orjson haar tegenkomt)."""
    t = type(w)
    if t in _KAAL or t in _SNELLE_VORMEN:
        return
    if t is list or t is tuple:
        for x in w:
            if type(x) not in _KAAL:
                _toets(x)
    elif t is dict:
        for k, x in w.items():
            if type(k) is not str:
                raise _Anders(f"sleutel {k!r}")
            if type(x) not in _KAAL:
                _toets(x)
    elif dataclasses.is_dataclass(t):
        _snelle_vorm_van(t)
    else:
        raise _Anders(t.__name__)


def _snelle_vorm(w: Any) -> Any:
    """Voor orjson: de vorm van een dataclass (één laag diep, elk veld getoetst) of datum."""
    vorm = _SNELLE_VORMEN.get(type(w))
    if vorm is None:
        vorm = _snelle_vorm_van(type(w))
    return vorm(w)


def _getoetst(w: Any) -> Any:
    if type(w) not in _KAAL:
        _toets(w)
    return w


def _snelle_vorm_van(t: type) -> Callable[[Any], Any]:
    if dataclasses.is_dataclass(t):
        vorm = _dataclass_vorm(t, _getoetst)
    elif t in (date, datetime, Decimal):
        vorm = _VORMEN[t]
    else:
        raise _Anders(t.__name__)
    _SNELLE_VORMEN[t] = vorm
    return vorm


_SNELLE_VORMEN: dict[type, Callable[[Any], Any]] = {}

# De terugval: de encoder van json in C, met `_json_vorm` voor wat JSON niet kent.


def _json_vorm(w: Any) -> Any:
    """Voor de JSON-encoder: de vorm van een waarde die JSON niet kent, zoals `canoniek` haar
    geeft, maar één laag diep; de encoder (in C) loopt zelf verder door lijsten en
    woordenboeken en vraagt hier opnieuw voor wat erin zit."""
    t = type(w)
    vorm = _JSON_VORMEN.get(t)
    if vorm is None:
        vorm = _json_vorm_van(t)
    return vorm(w)


def _json_vorm_van(t: type) -> Callable[[Any], Any]:
    # een dataclass één laag diep; anders een datum, tijdstip, uuid, decimaal, of TypeError
    vorm = _dataclass_vorm(t, _zelf) if dataclasses.is_dataclass(t) else _vorm(t)
    _JSON_VORMEN[t] = vorm
    return vorm


_JSON_VORMEN: dict[type, Callable[[Any], Any]] = {}
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                            default=_json_vorm)


def _inhoud(gebeurtenis: object, positie: int, vorm: Callable[[Any], Any]) -> dict[str, Any]:
    toestand = {k: v for k, v in vars(gebeurtenis).items()
                if k not in ("originator_id", "originator_version")}
    return {
        "soort": type(gebeurtenis).__qualname__,
        "afspraak": str(getattr(gebeurtenis, "originator_id")),  # noqa: B009
        "versie": int(getattr(gebeurtenis, "originator_version")),  # noqa: B009
        "positie": positie,
        "toestand": vorm(toestand),
    }


def gebeurtenis_blad(gebeurtenis: object, positie: int) -> bytes:
    """De canonieke inhoud van een gedecodeerde gebeurtenis op haar plaats in het register:
    soort, afspraak en versie, registerpositie en de hele toestand (payload, tijdassen,
    bronnen, actor). Hangt alleen af van wat de mapper decodeert, niet van de database."""
    inhoud = _inhoud(gebeurtenis, positie, _zelf)
    try:
        _toets(inhoud["toestand"])
        return orjson.dumps(inhoud, default=_snelle_vorm, option=_OPTIES)
    except TypeError:  # _Anders, of een fout van orjson: de encoder van json beslist
        return _ENCODER.encode(inhoud).encode("utf-8")


def canoniek_blad(gebeurtenis: object, positie: int) -> bytes:
    """`gebeurtenis_blad` langs `canoniek`, in Python: de definitie waaraan de snelle weg
    getoetst wordt."""
    return json.dumps(_inhoud(gebeurtenis, positie, canoniek), sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# -- de boom: wortel en bewijzen uit uitgelijnde deelbomen ---------------------------------------


def _splitsing(n: int) -> int:
    """De grootste macht van twee kleiner dan n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def mth(begin: int, eind: int, deelboom: Deelboom) -> bytes:
    """MTH(D[begin:eind]) van RFC 6962 §2.1."""
    n = eind - begin
    if n == 0:
        return LEGE_WORTEL
    if n & (n - 1) == 0:
        return deelboom(begin, eind)
    k = _splitsing(n)
    return knoop_hash(mth(begin, begin + k, deelboom), mth(begin + k, eind, deelboom))


def wortel(grootte: int, deelboom: Deelboom) -> bytes:
    return mth(0, grootte, deelboom)


def inclusiebewijs(index: int, grootte: int, deelboom: Deelboom) -> list[bytes]:
    """PATH(m, D[n]) van RFC 6962 §2.1.1, van het blad naar de wortel."""
    if not 0 <= index < grootte:
        raise ValueError(f"index {index} valt buiten een boom van {grootte}")
    pad: list[bytes] = []
    begin, eind = 0, grootte
    while eind - begin > 1:
        k = _splitsing(eind - begin)
        if index < begin + k:
            pad.append(mth(begin + k, eind, deelboom))
            eind = begin + k
        else:
            pad.append(mth(begin, begin + k, deelboom))
            begin += k
    return pad[::-1]


def consistentiebewijs(oud: int, nieuw: int, deelboom: Deelboom) -> list[bytes]:
    """PROOF(m, D[n]) van RFC 6962 §2.1.2."""
    if not 0 < oud <= nieuw:
        raise ValueError(f"geen consistentiebewijs van {oud} naar {nieuw}")
    pad: list[bytes] = []
    begin, eind, m, heel = 0, nieuw, oud, True
    while m != eind - begin:
        k = _splitsing(eind - begin)
        if m <= k:
            pad.append(mth(begin + k, eind, deelboom))
            eind = begin + k
        else:
            pad.append(mth(begin, begin + k, deelboom))
            begin, m, heel = begin + k, m - k, False
    if not heel:
        pad.append(mth(begin, eind, deelboom))
    return pad[::-1]


# -- controleren zoals een client dat doet (RFC 9162 §2.1.3.2 en §2.1.4.2) ----------------------


def _hashes(*waarden: bytes) -> bool:
    return all(isinstance(w, bytes) and len(w) == HASH_LENGTE for w in waarden)


def controleer_inclusie(index: int, grootte: int, blad: bytes, pad: Sequence[bytes],
                        wortel_: bytes) -> bool:
    """Bewijst `pad` dat de bladhash `blad` op `index` staat in de boom van `grootte` met
    wortel `wortel_`?"""
    if not (0 <= index < grootte and _hashes(blad, wortel_, *pad)):
        return False
    fn, sn, r = index, grootte - 1, blad
    for p in pad:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = knoop_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = knoop_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == wortel_


def controleer_consistentie(oud: int, nieuw: int, oude_wortel: bytes, nieuwe_wortel: bytes,
                            pad: Sequence[bytes]) -> bool:
    """Bewijst `pad` dat de boom van `nieuw` de boom van `oud` alleen aanvult?"""
    if not (0 < oud <= nieuw and _hashes(oude_wortel, nieuwe_wortel, *pad)):
        return False
    if oud == nieuw:
        return not pad and oude_wortel == nieuwe_wortel
    if not pad:
        return False
    stappen = [oude_wortel, *pad] if oud & (oud - 1) == 0 else list(pad)
    fn, sn = oud - 1, nieuw - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = stappen[0]
    for c in stappen[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = knoop_hash(c, fr), knoop_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = knoop_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == oude_wortel and sr == nieuwe_wortel


@dataclasses.dataclass(frozen=True)
class Anker:
    """Een wortel die een client eerder bewaarde: `grootte:wortel-in-hex`."""

    grootte: int
    wortel: bytes

    @classmethod
    def lees(cls, tekst: str) -> Anker:
        grootte, _, wortel = tekst.strip().partition(":")
        try:
            a = cls(int(grootte), bytes.fromhex(wortel))
        except ValueError:
            a = cls(0, b"")
        if a.grootte < 1 or len(a.wortel) != HASH_LENGTE:
            raise ValueError(f"'{tekst}' is geen wortel: verwacht <grootte>:<64 hextekens>")
        return a

    def __str__(self) -> str:
        return f"{self.grootte}:{self.wortel.hex()}"


def bericht(grootte: int, wortel: bytes) -> bytes:
    """Wat het register ondertekent: boomgrootte en wortel samen, zodat geen van beide los te
    vervangen is."""
    return f"afsprakenregister:boom:{grootte}:{wortel.hex()}".encode()


# -- bomen in het geheugen -----------------------------------------------------------------------


class Rand:
    """De rechterrand van een groeiende boom: per volle uitgelijnde deelboom één hash, dus
    O(log n) geheugen. Genoeg om bij het doorlopen van een log elke wortel te kennen."""

    def __init__(self) -> None:
        self.grootte = 0
        self._stapel: list[bytes] = []

    def voeg_toe(self, blad: bytes) -> None:
        h, n = blad, self.grootte
        while n & 1:
            h = knoop_hash(self._stapel.pop(), h)
            n >>= 1
        self._stapel.append(h)
        self.grootte += 1

    def wortel(self) -> bytes:
        if not self._stapel:
            return LEGE_WORTEL
        r = self._stapel[-1]
        for h in reversed(self._stapel[:-1]):
            r = knoop_hash(h, r)
        return r


class Boom:
    """Een boom met al zijn volle deelbomen in het geheugen (voor tests en kleine logs)."""

    def __init__(self, bladen: Sequence[bytes] = ()) -> None:
        self.niveaus: list[list[bytes]] = [[]]
        for b in bladen:
            self.voeg_toe(b)

    @property
    def grootte(self) -> int:
        return len(self.niveaus[0])

    def voeg_toe(self, blad: bytes) -> None:
        self.niveaus[0].append(blad)
        niveau, i = 0, self.grootte - 1
        while i & 1:
            if len(self.niveaus) == niveau + 1:
                self.niveaus.append([])
            rij = self.niveaus[niveau]
            self.niveaus[niveau + 1].append(knoop_hash(rij[i - 1], rij[i]))
            niveau, i = niveau + 1, i >> 1

    def deelboom(self, begin: int, eind: int) -> bytes:
        n = eind - begin
        if n <= 0 or n & (n - 1) or begin % n or eind > self.grootte:
            raise ValueError(f"[{begin}, {eind}) is geen volle uitgelijnde deelboom")
        return self.niveaus[n.bit_length() - 1][begin // n]

    def wortel(self, grootte: int | None = None) -> bytes:
        return wortel(self.grootte if grootte is None else grootte, self.deelboom)
