"""Het verschil (redline) van een afspraak tussen twee peilmomenten, per veld, met de
gebeurtenis die het veroorzaakte en waarom.

Beide peilmomenten gaan door het orakel (`tijdreizen.waarden_op`); wat verschilt, zijn de
winnende waarden per veldsleutel (`velden.py`). Lijsten (gebieden, bedragen, relaties) worden
per element vergeleken. Voor elke wijziging zoekt het verschil de gebeurtenis die haar maakt:
de winnaar aan de kant waar de nieuwe waarde staat, of, als die aan de andere kant evengoed
gold, de winnaar aan de andere kant. Waarom die gebeurtenis aan de ene kant telt en aan de
andere niet, is de reden:

- `RECTIFICATIE`: de waarde komt uit een rectificatie die aan de andere kant nog niet bekend was;
- `NIEUW_BESLUIT`: een beslissing die er op de kennisdatum van de andere kant nog niet was
  (haar juridische werking ligt daarna);
- `TERUGWERKEND_BESLUIT`: idem, maar zij geldt ook op de dag van de andere kant, van vóór
  haar eigen juridische werking (geldigVanaf vóór juridischWerkendVanaf);
- `LATER_BEKEND`: de beslissing was er al op de kennisdatum van de andere kant, maar werd pas
  later bekend of ontvangen: de kennis kwam later;
- `IN_WERKING_GETREDEN`: bekend, maar aan de andere kant nog niet juridisch werkend;
- `GELDIG_GEWORDEN` / `GELDIGHEID_GEEINDIGD`: bekend en werkend, maar de andere dag valt vóór
  haar geldigVanaf of op of na haar geldigTot.

Zuiver domein: geen framework, geen database."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from register.domein.tijdreizen import (
    Feit, Herkomst, Peilmoment, Waarden, dekt, kent, waarden_op,
)
from register.domein.velden import Sleutel

TOEGEVOEGD, VERWIJDERD, GEWIJZIGD = "TOEGEVOEGD", "VERWIJDERD", "GEWIJZIGD"
RECTIFICATIE, NIEUW_BESLUIT, TERUGWERKEND_BESLUIT, LATER_BEKEND = (
    "RECTIFICATIE", "NIEUW_BESLUIT", "TERUGWERKEND_BESLUIT", "LATER_BEKEND")
IN_WERKING_GETREDEN, GELDIG_GEWORDEN, GELDIGHEID_GEEINDIGD = (
    "IN_WERKING_GETREDEN", "GELDIG_GEWORDEN", "GELDIGHEID_GEEINDIGD")
REDENEN = (NIEUW_BESLUIT, RECTIFICATIE, TERUGWERKEND_BESLUIT, IN_WERKING_GETREDEN,
           GELDIG_GEWORDEN, GELDIGHEID_GEEINDIGD, LATER_BEKEND)
# Velden van de afspraak die een lijst zijn: per element vergeleken.
LIJSTEN = ("gebieden", "bedragen", "relaties")


@dataclass(frozen=True)
class Wijziging:
    onderdeel: str  # afspraak, partij, verplichting, tegenstrijdigheid, bestaan
    ding: str  # de overheid, de verplichting, het element van een lijst; leeg voor de afspraak
    veld: str  # titel, ondertekend_op, uiterlijk, … (leeg: het lidmaatschap of het element)
    soort: str  # TOEGEVOEGD, VERWIJDERD of GEWIJZIGD
    van: Any
    naar: Any
    versies: tuple[int, ...]  # de gebeurtenis(sen) die het verschil maken
    reden: str | None  # None als het verschil niet aan één gebeurtenis toe te schrijven is


@dataclass(frozen=True)
class Verschil:
    bestaat_van: bool
    bestaat_naar: bool
    wijzigingen: tuple[Wijziging, ...]


def verschil(feiten: Sequence[Feit], van: Peilmoment, naar: Peilmoment) -> Verschil:
    a, b = waarden_op(feiten, van), waarden_op(feiten, naar)
    per_versie = {f.versie: f for f in feiten}
    wijzigingen: list[Wijziging] = []
    if (a is None) != (b is None):
        wijzigingen.append(_bestaan(a, b, per_versie, van, naar))
    va, vb = (a.waarden if a else {}), (b.waarden if b else {})
    ha, hb = (a.herkomst if a else {}), (b.herkomst if b else {})
    # Alleen de sleutels die verschillen (in een gelijke lijst verschilt ook geen element).
    verschillend = [k for k in va.keys() | vb.keys() if not _gelijk(va.get(k), vb.get(k))]
    for s, sleutel in sorted(((Sleutel.lees(k), k) for k in verschillend), key=_volgorde):
        x, y = va.get(sleutel), vb.get(sleutel)
        if s.soort == "afspraak" and sleutel in LIJSTEN:
            for ding, oud, nieuw in _lijst(x or [], y or []):
                wijzigingen.append(_wijziging(s, sleutel, ding, oud, nieuw, ha.get(sleutel),
                                              hb.get(sleutel), per_versie, van, naar))
        else:
            wijzigingen.append(_wijziging(s, sleutel, s.ding, x, y, ha.get(sleutel),
                                          hb.get(sleutel), per_versie, van, naar))
    return Verschil(a is not None, b is not None, tuple(_samengevoegd(wijzigingen)))


def _samengevoegd(wijzigingen: list[Wijziging]) -> list[Wijziging]:
    """Een partij of verplichting die erbij kwam of verdween, is één wijziging (met al haar
    velden als waarde), geen wijziging per veld."""
    geheel = {(w.onderdeel, w.ding): w for w in wijzigingen
              if w.soort != GEWIJZIGD and ((w.onderdeel == "partij" and w.veld == "")
                                           or (w.onderdeel == "verplichting"
                                               and w.veld == "omschrijving"))}
    uit: list[Wijziging] = []
    delen: dict[tuple[str, str], list[Wijziging]] = {}
    plek: dict[tuple[str, str], int] = {}  # waar de samengevoegde wijziging komt
    for w in wijzigingen:
        sleutel = (w.onderdeel, w.ding)
        if sleutel in geheel and w.soort == geheel[sleutel].soort:
            if sleutel not in delen:
                delen[sleutel] = []
                plek[sleutel] = len(uit)
                uit.append(w)  # plaatshouder, hieronder vervangen
            delen[sleutel].append(w)
        else:
            uit.append(w)
    for sleutel, ws in delen.items():
        kern = geheel[sleutel]
        van = {(x.veld or "lid"): x.van for x in ws} if kern.soort == VERWIJDERD else None
        naar = {(x.veld or "lid"): x.naar for x in ws} if kern.soort == TOEGEVOEGD else None
        versies = tuple(sorted({v for x in ws for v in x.versies}))
        samen = Wijziging(kern.onderdeel, kern.ding, "", kern.soort, van, naar,
                          kern.versies + tuple(v for v in versies if v not in kern.versies),
                          kern.reden)
        uit[plek[sleutel]] = samen
    return uit


def _volgorde(gelezen: tuple[Sleutel, str]) -> tuple[int, str]:
    s, sleutel = gelezen
    return ({"afspraak": 0, "partij": 1, "verplichting": 2}.get(s.soort, 3), sleutel)


def _gelijk(x: Any, y: Any) -> bool:
    # Een sleutel met waarde None is 'bestaat niet': hetzelfde als geen sleutel.
    return x == y or (not x and not y and x in (None, [], {}) and y in (None, [], {}))


def _lijst(oud: list[Any], nieuw: list[Any]) -> list[tuple[str, Any, Any]]:
    """Per element: wat verdween en wat erbij kwam (een element is zijn eigen sleutel)."""
    o, n = {_tekst(w): w for w in oud}, {_tekst(w): w for w in nieuw}
    return ([(k, o[k], None) for k in o if k not in n]
            + [(k, None, n[k]) for k in n if k not in o])


def _tekst(w: Any) -> str:
    return json.dumps(w, sort_keys=True, ensure_ascii=False)


def _wijziging(s: Sleutel, sleutel: str, ding: str, x: Any, y: Any, ha: Herkomst | None,
               hb: Herkomst | None, per_versie: dict[int, Feit], van: Peilmoment,
               naar: Peilmoment) -> Wijziging:
    soort = TOEGEVOEGD if _gelijk(x, None) else VERWIJDERD if _gelijk(y, None) else GEWIJZIGD
    veld = s.veld if s.soort != "afspraak" else ("" if sleutel in LIJSTEN else sleutel)
    onderdeel = s.soort if s.soort != "afspraak" or sleutel not in LIJSTEN else sleutel
    versies, reden = _oorzaak(ha, hb, per_versie, van, naar)
    return Wijziging(onderdeel, ding if s.soort != "afspraak" or sleutel in LIJSTEN else "",
                     veld, soort, x, y, versies, reden)


def _bestaan(a: Waarden | None, b: Waarden | None, per_versie: dict[int, Feit],
             van: Peilmoment, naar: Peilmoment) -> Wijziging:
    """De afspraak bestaat aan één kant: de vastlegging (of het begin) die haar daar dekt."""
    kant, andere = (b, van) if b is not None else (a, naar)
    assert kant is not None
    bestaan = [v for v in kant.zichtbare_versies if v in per_versie
               and per_versie[v].soort in ("Vastgelegd", "BeginVastgesteld")]
    for v in bestaan:
        reden = _waarom(per_versie[v], None, per_versie, andere)
        if reden is not None:
            return Wijziging("bestaan", "", "", TOEGEVOEGD if b is not None else VERWIJDERD,
                             a is not None, b is not None, (v,), reden)
    return Wijziging("bestaan", "", "", TOEGEVOEGD if b is not None else VERWIJDERD,
                     a is not None, b is not None, tuple(bestaan), None)


def _oorzaak(ha: Herkomst | None, hb: Herkomst | None, per_versie: dict[int, Feit],
             van: Peilmoment, naar: Peilmoment) -> tuple[tuple[int, ...], str | None]:
    """De gebeurtenis die het verschil maakt en waarom: eerst de winnaar aan de kant van
    'naar' (geldt die aan de kant van 'van' niet?), dan die aan de kant van 'van'."""
    for h, andere in ((hb, van), (ha, naar)):
        if h is None:
            continue
        reden = _waarom(per_versie[h.versie], h.rectificatie, per_versie, andere)
        if reden is not None:
            return ((h.versie,) if h.rectificatie is None else (h.versie, h.rectificatie)), reden
    versies = tuple(sorted({h.versie for h in (ha, hb) if h is not None}))
    return versies, None


def _waarom(f: Feit, rectificatie: int | None, per_versie: dict[int, Feit],
            andere: Peilmoment) -> str | None:
    """Waarom beslissing `f` (met de waarde uit `rectificatie`) op het andere peilmoment niet
    telt; None als zij daar evengoed telt."""
    if rectificatie is not None:
        r = per_versie[rectificatie]
        if not kent(andere, r, f.juridisch_werkend_vanaf) and kent(
                andere, f, f.juridisch_werkend_vanaf) and dekt(f, andere.geldig_op):
            return RECTIFICATIE
    bekend = ((andere.ontvangen_op is None or f.ontvangen_op <= andere.ontvangen_op)
              and (andere.bekend_op is None or f.bekend_op <= andere.bekend_op))
    if not bekend:
        # Was het besluit er al op de kennisdatum van het andere peilmoment? Dan kwam alleen
        # de kennis later. Anders is het nieuw, en terugwerkend als het daar toch geldt, van
        # vóór zijn eigen juridische werking.
        horizon = andere.bekend_op or (andere.ontvangen_op.date() if andere.ontvangen_op
                                       else None)
        besluit = f.juridisch_werkend_vanaf or f.geldig_vanaf or f.bekend_op
        if horizon is not None and besluit <= horizon:
            return LATER_BEKEND
        if dekt(f, andere.geldig_op) and f.geldig_vanaf is not None \
                and f.geldig_vanaf < besluit:
            return TERUGWERKEND_BESLUIT
        return NIEUW_BESLUIT
    if not kent(andere, f, f.juridisch_werkend_vanaf):
        return IN_WERKING_GETREDEN
    if not dekt(f, andere.geldig_op):
        if f.geldig_vanaf is None or andere.geldig_op < f.geldig_vanaf:
            return GELDIG_GEWORDEN
        return GELDIGHEID_GEEINDIGD
    return None
