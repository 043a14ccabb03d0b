"""De geschiedenis van een afspraak als feiten, voor het verschil: per proces onthouden zolang
er geen gebeurtenis bijkomt.

Gebeurtenissen veranderen niet. Eén geïndexeerde query op lm_gebeurtenissen (hoogste versie en
aantal: de stempel) zegt of wat het proces onthield nog klopt, ook als een ander proces schreef;
alleen wat nieuw is, wordt gelezen. Onthouden wordt de ruwe geschiedenis, per database en
begrensd in (geschatte) bytes; welke vrager wat ziet, beslist de lezer (projecties/afspraken.py)
bij elke vraag opnieuw, zoals bij `geschiedenis`."""

from __future__ import annotations

import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Text, cast, func, select

from register.domein.tijdreizen import Feit
from register.projecties.gebeurtenissen import gebeurtenissen

# Wat het verschil van élke gebeurtenis nodig heeft: de assen en de gezette velden (als tekst,
# zodat de omvang zonder tellen bekend is). De bronnen, toelichting en extra (het grootste deel
# van een rij) leest `rijen_van` alleen voor de gebeurtenissen in het antwoord.
_g = gebeurtenissen.c
_FEITKOLOMMEN = (_g.afspraak_id, _g.versie, _g.soort, _g.geldig_vanaf, _g.geldig_tot,
                 _g.juridisch_werkend_vanaf, _g.bekend_op, _g.ontvangen_op, _g.rectificeert,
                 cast(_g.velden, Text).label("velden"))
_RIJKOLOMMEN = (*(k for k in _g if k.name not in ("brontekst", "zoektekst", "verwijzingen")),
                (func.length(cast(_g.bronnen, Text)) + func.length(cast(_g.extra, Text))
                 + func.coalesce(func.length(_g.toelichting), 0)).label("omvang"))
# Zoveel bytes aan geschiedenissen houdt één proces per database vast; de minst recent
# gebruikte gaat eruit. Geschat: de tekst van de velden (en van de bronnen) maal drie plus een
# vaste prijs per feit (en per volledige rij), zo geijkt dat het voor de lange afspraak van
# 1.000 gebeurtenissen (bench/) klopt met tracemalloc: ±1,1 MB, met al haar rijen ±5 MB.
CACHE_BYTES = 64 * 2**20
_PER_FEIT, _PER_RIJ, _PER_TEKEN = 800, 2000, 3


class Geschiedenis:
    """De geschiedenis van één afspraak als feiten, in stroomvolgorde, zoals het leesmodel
    haar kende bij `stempel` (hoogste versie, aantal gebeurtenissen). Gebeurtenissen
    veranderen niet: zolang de stempel gelijk blijft, is de geschiedenis gelijk, ook als een
    ander proces schreef. Gedeeld tussen verzoeken en threads: niets hierin verandert, behalve
    dat `rijen_van` volledige rijen toevoegt (achter het slot van de cache)."""

    __slots__ = ("_basis", "_cache", "_rijen", "afspraak_id", "feiten", "omvang", "ontvangen",
                 "stempel")

    def __init__(self, afspraak_id: str, stempel: tuple[int, int], feiten: tuple[Feit, ...],
                 ontvangen: tuple[str, ...], omvang: int = 0, cache: _Cache | None = None,
                 basis: Geschiedenis | None = None) -> None:
        self.afspraak_id, self.stempel = afspraak_id, stempel
        self.feiten, self.ontvangen, self.omvang = feiten, ontvangen, omvang
        self._basis = basis
        self._rijen: dict[int, Any] = {} if basis is None else basis._rijen
        self._cache: _Cache | None = cache if basis is None else basis._cache

    def tot(self, grens: str) -> Geschiedenis:
        """Wat het register ontving tot en met `grens` (UTC-tekst, zoals de kolom): de
        geschiedenis van een vroegere partij. De volledige rijen deelt zij met deze."""
        houden = [i for i, o in enumerate(self.ontvangen) if o <= grens]
        if len(houden) == len(self.feiten):
            return self
        return Geschiedenis(self.afspraak_id, self.stempel,
                            tuple(self.feiten[i] for i in houden),
                            tuple(self.ontvangen[i] for i in houden),
                            basis=self._basis or self)


class _Cache:
    """De laatst gebruikte geschiedenissen van één database, begrensd in (geschatte) bytes."""

    def __init__(self, maximum: int) -> None:
        self.maximum, self.omvang = maximum, 0
        self._items: OrderedDict[str, Geschiedenis] = OrderedDict()
        self.slot = threading.Lock()

    def neem(self, afspraak_id: str, stempel: tuple[int, int]) -> Geschiedenis | None:
        with self.slot:
            g = self._items.get(afspraak_id)
            if g is None or g.stempel != stempel:
                return None
            self._items.move_to_end(afspraak_id)
            return g

    def leg(self, g: Geschiedenis) -> None:
        with self.slot:
            oud = self._items.pop(g.afspraak_id, None)
            if oud is not None:
                self.omvang -= oud.omvang
            if g.omvang <= self.maximum:
                self._items[g.afspraak_id] = g
                self.omvang += g.omvang
                self._ruim()

    def groei(self, g: Geschiedenis, extra: int) -> None:
        """Er kwamen volledige rijen bij een geschiedenis in de cache (slot al genomen)."""
        if self._items.get(g.afspraak_id) is g:
            g.omvang += extra
            self.omvang += extra
            self._ruim()

    def _ruim(self) -> None:
        while self.omvang > self.maximum and self._items:
            _, weg = self._items.popitem(last=False)
            self.omvang -= weg.omvang


_caches: weakref.WeakKeyDictionary[Engine, _Cache] = weakref.WeakKeyDictionary()
_caches_slot = threading.Lock()


def _cache(conn: Connection) -> _Cache:
    """Eén cache per database (per engine): een proces met twee registers (de toetsen) mengt
    hun afspraken niet."""
    with _caches_slot:
        c = _caches.get(conn.engine)
        if c is None:
            c = _caches[conn.engine] = _Cache(CACHE_BYTES)
        return c


def feiten_geschiedenissen(conn: Connection, afspraak_ids: Iterable[str]
                           ) -> dict[str, Geschiedenis]:
    """De geschiedenis van deze afspraken als feiten. Eén geïndexeerde query zegt per afspraak
    hoever zij is; alleen wat daarna nog niet in de cache staat, wordt gelezen (één query)."""
    ids = list(dict.fromkeys(afspraak_ids))
    if not ids:
        return {}
    cache = _cache(conn)
    stempels = {r[0]: (r[1], r[2]) for r in conn.execute(
        select(_g.afspraak_id, func.max(_g.versie), func.count())
        .where(_g.afspraak_id.in_(ids)).group_by(_g.afspraak_id))}
    uit: dict[str, Geschiedenis] = {}
    for i in ids:
        g = cache.neem(i, stempels[i]) if i in stempels else None
        if g is not None:
            uit[i] = g
    missers = [i for i in ids if i not in uit]
    if missers:
        gelezen = _lees_feiten(conn, missers, cache)
        for i in missers:
            uit[i] = gelezen.get(i) or Geschiedenis(i, (0, 0), (), ())
            if i in gelezen:
                cache.leg(gelezen[i])
    return uit


def _lees_feiten(conn: Connection, ids: list[str], cache: _Cache) -> dict[str, Geschiedenis]:
    per_afspraak: dict[str, list[Any]] = {}
    for r in conn.execute(select(*_FEITKOLOMMEN).where(_g.afspraak_id.in_(ids))
                          .order_by(_g.afspraak_id, _g.versie)):
        per_afspraak.setdefault(r[0], []).append(r)
    uit = {}
    for i, rijen in per_afspraak.items():
        feiten = tuple(Feit(versie=r[1], soort=r[2], geldig_vanaf=r[3], geldig_tot=r[4],
                            juridisch_werkend_vanaf=r[5], bekend_op=r[6],
                            ontvangen_op=datetime.fromisoformat(r[7]), rectificeert=r[8],
                            velden=json.loads(r[9])) for r in rijen)
        omvang = sum(_PER_FEIT + _PER_TEKEN * len(r[9]) for r in rijen)
        # de stempel uit wat gelezen werd: zo past zij altijd bij de inhoud
        uit[i] = Geschiedenis(i, (rijen[-1][1], len(rijen)), feiten,
                              tuple(r[7] for r in rijen), omvang, cache=cache)
    return uit


def rijen_van(conn: Connection, g: Geschiedenis, versies: Iterable[int]) -> dict[int, Any]:
    """De volledige rijen (met bronnen, toelichting en extra) van deze versies, voor zover zij
    in de geschiedenis `g` staan (een vroegere partij krijgt niets van na haar vertrek);
    wat `g` nog niet had, in één query."""
    in_g = {f.versie for f in g.feiten}
    gevraagd = sorted(v for v in set(versies) if v in in_g)
    ontbreekt = [v for v in gevraagd if v not in g._rijen]
    if ontbreekt:
        nieuw = {r.versie: r for r in conn.execute(
            select(*_RIJKOLOMMEN).where(_g.afspraak_id == g.afspraak_id,
                                        _g.versie.in_(ontbreekt)))}
        cache = g._cache
        if cache is None:
            g._rijen.update(nieuw)
        else:
            with cache.slot:
                g._rijen.update(nieuw)
                cache.groei(g._basis or g,
                            sum(_PER_RIJ + _PER_TEKEN * r.omvang for r in nieuw.values()))
    return {v: g._rijen[v] for v in gevraagd if v in g._rijen}
