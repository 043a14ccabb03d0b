"""De Merkle-boom van RFC 6962: bekende antwoorden van Certificate Transparency, een naïeve
referentie rechtstreeks uit de RFC-definities, en een controleur die geen vervalsing slikt."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import IntEnum, StrEnum
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from register.domein import merkle
from register.domein.merkle import (
    LEGE_WORTEL, Anker, Boom, Rand, blad_hash, canoniek, canoniek_blad, consistentiebewijs, controleer_consistentie,
    controleer_inclusie, gebeurtenis_blad, inclusiebewijs, knoop_hash,
)

CT_BLADEN = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f")]
CT_WORTELS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_CONSISTENTIE = {
    (1, 1): [],
    (1, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (6, 8): ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
    (2, 5): ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
}


# -- een naïeve referentie, letterlijk naar RFC 6962 §2.1 ----------------------------------------


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(d: list[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return d[0]
    k = _k(len(d))
    return knoop_hash(ref_mth(d[:k]), ref_mth(d[k:]))


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*ref_path(m, d[:k]), ref_mth(d[k:])]
    return [*ref_path(m - k, d[k:]), ref_mth(d[:k])]


def ref_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [ref_mth(d)]
    k = _k(n)
    if m <= k:
        return [*ref_subproof(m, d[:k], b), ref_mth(d[k:])]
    return [*ref_subproof(m - k, d[k:], False), ref_mth(d[:k])]


def vouw_inclusie(i: int, n: int, blad: bytes, pad: list[bytes]) -> bytes:
    """Wat een controleur zonder de grootte-toetsen zou uitrekenen: de wortel die een vervalser
    zou meesturen."""
    fn, sn, r = i, n - 1, blad
    for p in pad:
        if fn & 1 or fn == sn:
            r = knoop_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = knoop_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r


def vouw_consistentie(m: int, n: int, wm: bytes, pad: list[bytes]) -> tuple[bytes, bytes]:
    stappen = [wm, *pad] if m & (m - 1) == 0 else list(pad)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = stappen[0]
    for c in stappen[1:]:
        if fn & 1 or fn == sn:
            fr, sr = knoop_hash(c, fr), knoop_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = knoop_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr, sr


def bladen(n: int) -> list[bytes]:
    return [blad_hash(i.to_bytes(4, "big")) for i in range(n)]


def flip(b: bytes, bit: int) -> bytes:
    bit %= len(b) * 8
    return b[: bit // 8] + bytes([b[bit // 8] ^ (1 << bit % 8)]) + b[bit // 8 + 1:]


# -- bekende antwoorden -----------------------------------------------------------------------


def test_de_wortels_zijn_die_van_certificate_transparency() -> None:
    boom = Boom([blad_hash(b) for b in CT_BLADEN])
    assert boom.wortel(0) == LEGE_WORTEL == hashlib.sha256(b"").digest()
    assert [boom.wortel(n).hex() for n in range(1, 9)] == CT_WORTELS


def test_de_consistentiebewijzen_zijn_die_van_certificate_transparency() -> None:
    boom = Boom([blad_hash(b) for b in CT_BLADEN])
    for (m, n), verwacht in CT_CONSISTENTIE.items():
        bewijs = consistentiebewijs(m, n, boom.deelboom)
        assert [h.hex() for h in bewijs] == verwacht
        assert controleer_consistentie(m, n, boom.wortel(m), boom.wortel(n), bewijs)


def test_de_rand_kent_bij_elke_grootte_dezelfde_wortel_als_de_boom() -> None:
    rand, boom = Rand(), Boom()
    assert rand.wortel() == LEGE_WORTEL
    for b in bladen(70):
        rand.voeg_toe(b)
        boom.voeg_toe(b)
        assert rand.wortel() == boom.wortel() == ref_mth(boom.niveaus[0])


def test_een_deelboom_die_niet_uitgelijnd_of_niet_vol_is_bestaat_niet() -> None:
    boom = Boom(bladen(6))
    for begin, eind in ((1, 3), (0, 3), (4, 8), (2, 2)):
        with pytest.raises(ValueError):
            boom.deelboom(begin, eind)


def test_bewijzen_buiten_de_boom_worden_niet_gemaakt() -> None:
    boom = Boom(bladen(5))
    with pytest.raises(ValueError):
        inclusiebewijs(5, 5, boom.deelboom)
    for m, n in ((0, 5), (6, 5), (-1, 3)):
        with pytest.raises(ValueError):
            consistentiebewijs(m, n, boom.deelboom)


# -- elke index van willekeurige bomen -----------------------------------------------------------

GROOTTE = st.integers(min_value=1, max_value=300)


@settings(max_examples=40, deadline=None)
@given(GROOTTE)
def test_elk_inclusiebewijs_is_dat_van_de_rfc_en_klopt(n: int) -> None:
    d = bladen(n)
    boom = Boom(d)
    w = boom.wortel()
    assert w == ref_mth(d)
    for i in range(n):
        bewijs = inclusiebewijs(i, n, boom.deelboom)
        assert bewijs == ref_path(i, d)
        assert controleer_inclusie(i, n, d[i], bewijs, w)


@settings(max_examples=40, deadline=None)
@given(GROOTTE, st.data())
def test_elk_consistentiebewijs_is_dat_van_de_rfc_en_klopt(n: int, data: st.DataObject) -> None:
    d = bladen(n)
    boom = Boom(d)
    for m in sorted({1, n, *data.draw(st.lists(st.integers(1, n), max_size=12))}):
        bewijs = consistentiebewijs(m, n, boom.deelboom)
        assert bewijs == ref_subproof(m, d, True)
        assert controleer_consistentie(m, n, boom.wortel(m), boom.wortel(), bewijs)


# -- een vervalsing wordt geweigerd --------------------------------------------------------------


@st.composite
def inclusie(draw: st.DrawFn) -> tuple[Boom, int, int]:
    n = draw(st.integers(min_value=1, max_value=300))
    groter = draw(st.integers(min_value=n, max_value=n + 40))
    return Boom(bladen(groter)), draw(st.integers(0, n - 1)), n


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(inclusie(), st.integers(min_value=0), st.data())
def test_een_omgedraaid_bit_in_een_inclusiebewijs_wordt_geweigerd(
        geval: tuple[Boom, int, int], bit: int, data: st.DataObject) -> None:
    boom, i, n = geval
    blad, w = boom.niveaus[0][i], boom.wortel(n)
    bewijs = inclusiebewijs(i, n, boom.deelboom)
    assert controleer_inclusie(i, n, blad, bewijs, w)
    assert not controleer_inclusie(i, n, flip(blad, bit), bewijs, w)
    assert not controleer_inclusie(i, n, blad, bewijs, flip(w, bit))
    if bewijs:
        j = data.draw(st.integers(0, len(bewijs) - 1))
        vals = [*bewijs[:j], flip(bewijs[j], bit), *bewijs[j + 1:]]
        assert not controleer_inclusie(i, n, blad, vals, w)
        assert not controleer_inclusie(i, n, blad, bewijs[:-1], w)
        assert not controleer_inclusie(i, n, blad, bewijs[1:], w)
        assert not controleer_inclusie(i, n, blad, bewijs[::-1], w) or len(set(bewijs)) == 1
    assert not controleer_inclusie(i, n, blad, [*bewijs, w], w)
    # Een afgekapt of verlengd pad met de wortel die het zelf oplevert: de vorm klopt niet.
    for pad in (bewijs[:-1], [*bewijs, w]):
        if pad != bewijs:
            assert not controleer_inclusie(i, n, blad, pad, vouw_inclusie(i, n, blad, pad))
    assert not controleer_inclusie(i, n, blad, [*bewijs, boom.niveaus[0][0]], w)
    andere = i ^ (1 << (bit % 10))
    if andere != i:
        assert not controleer_inclusie(andere, n, blad, bewijs, w)
    # Een grootte betekent alleen iets met haar wortel: wie een wortel van grootte n' bewaarde,
    # accepteert het bewijs voor grootte n niet.
    n2 = n ^ (1 << (bit % 10))
    if 0 < n2 <= boom.grootte and n2 != n:
        assert not controleer_inclusie(i, n2, blad, bewijs, boom.wortel(n2))
    assert not controleer_inclusie(i, 0, blad, bewijs, w)
    assert not controleer_inclusie(-1, n, blad, bewijs, w)
    assert not controleer_inclusie(i, n, blad[:-1], bewijs, w)


@st.composite
def consistentie(draw: st.DrawFn) -> tuple[Boom, int, int]:
    n = draw(st.integers(min_value=1, max_value=300))
    groter = draw(st.integers(min_value=n, max_value=n + 40))
    return Boom(bladen(groter)), draw(st.integers(1, n)), n


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(consistentie(), st.integers(min_value=0), st.data())
def test_een_omgedraaid_bit_in_een_consistentiebewijs_wordt_geweigerd(
        geval: tuple[Boom, int, int], bit: int, data: st.DataObject) -> None:
    boom, m, n = geval
    wm, wn = boom.wortel(m), boom.wortel(n)
    bewijs = consistentiebewijs(m, n, boom.deelboom)
    assert controleer_consistentie(m, n, wm, wn, bewijs)
    assert not controleer_consistentie(m, n, flip(wm, bit), wn, bewijs)
    assert not controleer_consistentie(m, n, wm, flip(wn, bit), bewijs)
    if bewijs:
        j = data.draw(st.integers(0, len(bewijs) - 1))
        vals = [*bewijs[:j], flip(bewijs[j], bit), *bewijs[j + 1:]]
        assert not controleer_consistentie(m, n, wm, wn, vals)
        assert not controleer_consistentie(m, n, wm, wn, bewijs[:-1])
        assert not controleer_consistentie(m, n, wm, wn, bewijs[1:])
    assert not controleer_consistentie(m, n, wm, wn, [*bewijs, wn])
    for pad in (bewijs[:-1], [*bewijs, wn]):
        if pad != bewijs and (pad or m & (m - 1) == 0):
            fr, sr = vouw_consistentie(m, n, wm, pad)
            assert not controleer_consistentie(m, n, fr, sr, pad)
    # Andere groottes, elk met de wortel die daarbij hoort.
    for m2, n2 in ((m ^ (1 << (bit % 10)), n), (m, n ^ (1 << (bit % 10)))):
        if (m2, n2) != (m, n) and 0 < m2 <= boom.grootte and 0 < n2 <= boom.grootte:
            assert not controleer_consistentie(m2, n2, boom.wortel(m2), boom.wortel(n2), bewijs)
    # Een herschreven geschiedenis: een ander blad binnen de oude boom.
    i = data.draw(st.integers(0, m - 1))
    d = boom.niveaus[0][:n]
    vals_blad = Boom([*d[:i], flip(d[i], bit), *d[i + 1:]])
    assert not controleer_consistentie(m, n, wm, vals_blad.wortel(), bewijs)
    assert not controleer_consistentie(m, n, wm, vals_blad.wortel(),
                                       consistentiebewijs(m, n, vals_blad.deelboom))


def test_controleurs_weigeren_onzin_zonder_fout() -> None:
    boom = Boom(bladen(4))
    w = boom.wortel()
    assert not controleer_inclusie(0, 4, b"kort", [], w)
    assert not controleer_inclusie(3, 1, boom.niveaus[0][0], [], boom.wortel(1))
    assert controleer_inclusie(0, 1, boom.niveaus[0][0], [], boom.wortel(1))
    assert not controleer_consistentie(0, 4, LEGE_WORTEL, w, [])
    assert not controleer_consistentie(4, 3, w, boom.wortel(3), [])
    assert controleer_consistentie(4, 4, w, w, [])
    assert not controleer_consistentie(4, 4, w, w, [w])
    assert not controleer_consistentie(2, 4, boom.wortel(2), w, [])


# -- de canonieke inhoud van een gebeurtenis -----------------------------------------------------


class Gebeurtenis:
    def __init__(self, **kw: object) -> None:
        self.__dict__.update(kw)


def _gebeurtenis(**extra: object) -> Gebeurtenis:
    return Gebeurtenis(originator_id=UUID(int=7), originator_version=2,
                       timestamp=datetime(2024, 3, 6, 12, tzinfo=UTC), titel="NOVEX",
                       bronnen=(date(2024, 3, 1),), **extra)


def test_de_canonieke_inhoud_hangt_niet_af_van_volgorde_tijdzone_of_tupels() -> None:
    a = _gebeurtenis(lijst=(1, 2))
    b = Gebeurtenis(lijst=[1, 2], bronnen=[date(2024, 3, 1)], titel="NOVEX",
                    timestamp=datetime(2024, 3, 6, 13, tzinfo=timezone(timedelta(hours=1))),
                    originator_version=2, originator_id=UUID(int=7))
    assert gebeurtenis_blad(a, 5) == gebeurtenis_blad(b, 5)


def test_elk_onderdeel_telt_mee_in_de_canonieke_inhoud() -> None:
    basis = gebeurtenis_blad(_gebeurtenis(), 5)
    assert gebeurtenis_blad(_gebeurtenis(), 6) != basis
    for wijziging in ({"originator_version": 3}, {"originator_id": UUID(int=8)},
                      {"titel": "NOVEX "}, {"bronnen": (date(2024, 3, 2),)},
                      {"timestamp": datetime(2024, 3, 6, 12, 0, 0, 1, tzinfo=UTC)}):
        e = _gebeurtenis()
        e.__dict__.update(wijziging)
        assert gebeurtenis_blad(e, 5) != basis, wijziging
    # Een datum is iets anders dan een tekst die er zo uitziet.
    assert canoniek(date(2024, 3, 1)) != canoniek("2024-03-01")
    with pytest.raises(TypeError):
        canoniek(object())


def test_een_bewaarde_wortel_wordt_gelezen_als_grootte_en_hash() -> None:
    w = Boom(bladen(3)).wortel()
    assert Anker.lees(f"3:{w.hex().upper()}") == Anker(3, w)
    assert str(Anker(3, w)) == f"3:{w.hex()}"
    for fout in ("3", "0:" + w.hex(), "3:" + w.hex()[:-2], "x:" + w.hex(), f"3:{w.hex()}zz"):
        with pytest.raises(ValueError):
            Anker.lees(fout)


@dataclasses.dataclass(frozen=True)
class _Bron:
    titel: str
    datum: date


def test_de_canonieke_inhoud_is_vastgelegd_tot_op_de_byte() -> None:
    """De bladen van bestaande registers zijn met deze bytes gehasht: een snellere of nettere
    canonieke vorm mag ze niet veranderen, anders meldt elke controle een schending."""
    e = Gebeurtenis(originator_id=UUID(int=7), originator_version=2,
                    timestamp=datetime(2024, 3, 6, 12, tzinfo=UTC), titel="NOVEX Gelderland",
                    bedrag=Decimal("1000000.50"), aantal=3, vertrouwelijk=False, programma=None,
                    bronnen=(_Bron("Brief", date(2024, 3, 1)),),
                    velden={"partij#x": {"rol": "uitvoerder"}})
    assert gebeurtenis_blad(e, 5) == (
        b'{"afspraak":"00000000-0000-0000-0000-000000000007","positie":5,"soort":"Gebeurtenis",'
        b'"toestand":{"aantal":3,"bedrag":{"$decimaal":"1000000.50"},"bronnen":[{"datum":'
        b'{"$datum":"2024-03-01"},"titel":"Brief"}],"programma":null,"timestamp":{"$tijdstip":'
        b'"2024-03-06T12:00:00.000000+00:00"},"titel":"NOVEX Gelderland","velden":{"partij#x":'
        b'{"rol":"uitvoerder"}},"vertrouwelijk":false},"versie":2}')
    assert blad_hash(gebeurtenis_blad(e, 5)).hex() == (
        "8ba46a7295d1954e3ca6f39b703a728fc71fd9e438a6ef1d0190d0cfe69742dd")


@dataclasses.dataclass(frozen=True)
class _Later:
    naam: str
    extra: str | None = dataclasses.field(default=None, metadata={"later_toegevoegd": True})


class _Kleur(StrEnum):
    ROOD = "rood"


class _Stand(IntEnum):
    EEN = 1


_tijdstippen = st.datetimes(timezones=st.sampled_from(
    [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30))]))
_enkel = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(), st.dates(), _tijdstippen,
    st.uuids(), st.decimals(allow_nan=False, allow_infinity=False),
    st.builds(_Bron, st.text(), st.dates()), st.builds(_Later, st.text(), st.none() | st.text()),
    st.sampled_from([_Kleur.ROOD, _Stand.EEN]))
_waarden = st.recursive(_enkel, lambda deel: st.one_of(
    st.lists(deel, max_size=4), st.lists(deel, max_size=4).map(tuple),
    st.dictionaries(st.text(max_size=8), deel, max_size=4)), max_leaves=20)


@given(st.dictionaries(st.text(min_size=1, max_size=10).filter(
    lambda k: k not in ("originator_id", "originator_version")), _waarden, max_size=6),
    st.integers(min_value=0, max_value=10**9))
def test_de_snelle_canonieke_inhoud_is_die_van_canoniek(toestand: dict[str, object],
                                                         positie: int) -> None:
    """`gebeurtenis_blad` laat orjson het werk doen (of, voor wat orjson anders schrijft, de
    JSON-encoder in C); de bytes zijn die van de definitie (`canoniek`, in Python), voor elke
    waarde die een gebeurtenis kan dragen."""
    e = Gebeurtenis(originator_id=UUID(int=7), originator_version=2, **toestand)
    assert gebeurtenis_blad(e, positie) == canoniek_blad(e, positie)


def test_een_gewone_gebeurtenis_gaat_de_snelle_weg() -> None:
    """Tekst, getallen, datums, tijdstippen, decimalen en dataclasses schrijft orjson zelf; een
    uuid, een enum, een float of een sleutel die geen tekst is niet: die laat `_toets` niet
    door, zodat het blad langs json gaat (dat zij dan dezelfde bytes geven, toetst de vorige)."""
    e = Gebeurtenis(originator_id=UUID(int=7), originator_version=2,
                    timestamp=datetime(2024, 3, 6, 12, tzinfo=UTC), bedrag=Decimal("1.5"),
                    bronnen=(_Bron("Brief", date(2024, 3, 1)),), later=_Later("x"),
                    velden={"partij#x": [None, True, 3, "a"]})
    merkle._toets(merkle._inhoud(e, 5, merkle._zelf)["toestand"])
    for anders in (UUID(int=1), _Kleur.ROOD, _Stand.EEN, 1.5, {1: "a"}, [(UUID(int=1),)]):
        with pytest.raises(TypeError):
            merkle._toets({"w": anders})
