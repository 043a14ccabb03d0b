"""Het orakel: de toestand van een afspraak op een peilmoment, precies volgens ontwerp §4."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from register.domein.velden import (
    AFHECHTING, BINDING, HOEVEELHEDEN, LID, OMSCHRIJVING, ONDERTEKEND_OP, PARTIJ, STANDPUNT, STATUS,
    TEGENSTRIJDIGHEID, UITERLIJK, VERPLICHTING, VPARTIJ, Sleutel,
)
from register.domein.waarden import Hoeveelheid, Relatie, VageDatum


# Regel 5: de afspraak bestaat waar een zichtbare vastlegging haar dekt, of een zichtbaar later
# gemeld, eerder begin (BeginVastgesteld: een latere bron zegt sinds wanneer zij bestond).
BESTAAN = frozenset({"Vastgelegd", "BeginVastgesteld"})


@dataclass(frozen=True)
class Feit:
    """Eén gebeurtenis, teruggebracht tot wat tijdreizen nodig heeft."""

    versie: int
    soort: str
    geldig_vanaf: date | None
    geldig_tot: date | None
    juridisch_werkend_vanaf: date | None
    bekend_op: date
    ontvangen_op: datetime
    rectificeert: int | None
    velden: Mapping[str, Any]


@dataclass(frozen=True)
class Peilmoment:
    """Een vraag over tijd; None betekent: geen grens, alles wat het register nu weet."""

    geldig_op: date
    juridisch_werkend_op: date | None = None
    bekend_op: date | None = None
    ontvangen_op: datetime | None = None


@dataclass(frozen=True)
class PartijToestand:
    overheid: str
    rol: str
    binding: str
    naam_in_bron: str | None
    namens: tuple[str, ...]
    aantal: int | None
    ondertekend_op: date | None
    standpunt: str | None
    voorwaarden: str | None


@dataclass(frozen=True)
class VerplichtingToestand:
    id: str
    omschrijving: str
    partij: str
    uiterlijk: VageDatum | None
    binding: str
    hoeveelheden: tuple[Hoeveelheid, ...]
    status: str
    afhechting: str | None


@dataclass(frozen=True)
class BedragToestand:
    omschrijving: str
    bedrag: str  # exact decimaal als tekst; negatief is een verlaging
    soort: str
    periode: str | None
    bron: Mapping[str, Any] | None = None  # het document dat dit bedrag noemt (bron_waarde)


@dataclass(frozen=True)
class TegenstrijdigheidToestand:
    """Bronnen die elkaar tegenspreken: waarover, welke gebeurtenissen, met elke bron."""

    versie: int
    betreft: str
    toelichting: str | None
    gebeurtenissen: tuple[int, ...]
    verplichting: str | None
    bronnen: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class AfhechtingToestand:
    wijze: str
    vervangen_door: str | None
    toelichting: str | None
    geldig_vanaf: date | None


@dataclass(frozen=True)
class Toestand:
    """Wat gold op het peilmoment, zoals toen bekend."""

    titel: str
    soort: str
    inhoud: str
    programma: str | None
    gebieden: tuple[str, ...]
    status: str
    versie: int
    partijen: tuple[PartijToestand, ...]
    verplichtingen: tuple[VerplichtingToestand, ...]
    bedragen: tuple[BedragToestand, ...]
    relaties: tuple[Relatie, ...]
    afhechting: AfhechtingToestand | None
    zichtbare_versies: tuple[int, ...] = field(default=())
    tegenstrijdigheden: tuple[TegenstrijdigheidToestand, ...] = field(default=())


def kent(peil: Peilmoment, f: Feit, werkend: date | None) -> bool:
    return ((peil.ontvangen_op is None or f.ontvangen_op <= peil.ontvangen_op)
            and (peil.bekend_op is None or f.bekend_op <= peil.bekend_op)
            and (peil.juridisch_werkend_op is None
                 or (werkend is not None and werkend <= peil.juridisch_werkend_op)))


def dekt(f: Feit, dag: date) -> bool:
    return (f.geldig_vanaf is not None and f.geldig_vanaf <= dag
            and (f.geldig_tot is None or dag < f.geldig_tot))


@dataclass(frozen=True)
class Herkomst:
    """Waar de winnende waarde van een veld vandaan komt: de beslissing die haar zette, en de
    rectificatie die haar gaf (None: de beslissing zelf)."""

    versie: int
    rectificatie: int | None = None


@dataclass(frozen=True)
class Waarden:
    """De winnende waarde per veld op een peilmoment, met haar herkomst."""

    waarden: dict[str, Any]
    herkomst: dict[str, Herkomst]
    zichtbare_versies: tuple[int, ...]


def _zichtbaar(feiten: Sequence[Feit], peil: Peilmoment
               ) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, int]]]:
    """Regel 1 en 2: de zichtbare beslissingen, elk met de velden na zichtbare rectificaties,
    en per beslissing welke velden een rectificatie gaf (veld -> versie van de rectificatie)."""
    per_versie = {f.versie: f for f in feiten}
    zichtbaar: dict[int, dict[str, Any]] = {
        f.versie: dict(f.velden) for f in feiten
        if f.rectificeert is None and kent(peil, f, f.juridisch_werkend_vanaf)}
    gerectificeerd: dict[int, dict[str, int]] = {}
    rectificaties = sorted((f for f in feiten if f.rectificeert is not None),
                           key=lambda f: (f.ontvangen_op, f.versie))
    for r in rectificaties:
        doel = per_versie.get(r.rectificeert or 0)
        if doel is not None and doel.versie in zichtbaar and kent(
                peil, r, doel.juridisch_werkend_vanaf):
            zichtbaar[doel.versie].update(r.velden)
            gerectificeerd.setdefault(doel.versie, {}).update(dict.fromkeys(r.velden, r.versie))
    return zichtbaar, gerectificeerd


def zichtbare_feiten(feiten: Sequence[Feit], peil: Peilmoment) -> dict[int, dict[str, Any]]:
    """Regel 1 en 2: de zichtbare beslissingen, elk met de velden na zichtbare rectificaties."""
    return _zichtbaar(feiten, peil)[0]


def waarden_op(feiten: Sequence[Feit], peil: Peilmoment) -> Waarden | None:
    """De winnende waarde per veld, of None als de afspraak dan niet bestaat (regel 5)."""
    per_versie = {f.versie: f for f in feiten}
    zichtbaar, gerectificeerd = _zichtbaar(feiten, peil)
    dekkend = [per_versie[v] for v in zichtbaar if dekt(per_versie[v], peil.geldig_op)]
    if not any(f.soort in BESTAAN for f in dekkend):
        return None
    # Regel 3: laatst in beslisvolgorde wint; oplopend sorteren en overschrijven.
    dekkend.sort(key=lambda f: (f.juridisch_werkend_vanaf or date.min, f.ontvangen_op, f.versie))
    waarden: dict[str, Any] = {}
    herkomst: dict[str, Herkomst] = {}
    for f in dekkend:
        waarden.update(zichtbaar[f.versie])
        rect = gerectificeerd.get(f.versie, {})
        herkomst.update({k: Herkomst(f.versie, rect.get(k)) for k in zichtbaar[f.versie]})
    zichtbare_versies = {f.versie for f in feiten if f.rectificeert is None and f.versie in
                         zichtbaar} | {f.versie for f in feiten if f.rectificeert in zichtbaar
                                       and kent(peil, f, per_versie[f.rectificeert]
                                                 .juridisch_werkend_vanaf)}
    return Waarden(waarden, herkomst, tuple(sorted(zichtbare_versies)))


def toestand_op(feiten: Sequence[Feit], peil: Peilmoment) -> Toestand | None:
    """De toestand op het peilmoment, of None als de afspraak dan niet bestaat (regel 5)."""
    w = waarden_op(feiten, peil)
    return None if w is None else bouw_toestand(w.waarden, w.zichtbare_versies)


def bouw_toestand(w: Mapping[str, Any], versies: tuple[int, ...]) -> Toestand:
    """De getypeerde toestand uit de winnende waarde per veld (orakel en leesmodel 'peil')."""
    partijen, verplichtingen, tegenstrijdigheden = _groepeer(w)
    a = w.get(AFHECHTING)
    return Toestand(
        titel=w.get("titel") or "", soort=w.get("soort") or "", inhoud=w.get("inhoud") or "",
        programma=w.get("programma"), gebieden=tuple(w.get("gebieden") or ()),
        status=w.get(STATUS) or "VAN_KRACHT", versie=max(versies, default=0),
        partijen=partijen, verplichtingen=verplichtingen,
        bedragen=tuple(BedragToestand(b["omschrijving"], b["bedrag"], b["soort"],
                                      b.get("periode"), b.get("bron"))
                       for b in w.get("bedragen") or ()),
        relaties=tuple(Relatie(r["soort"], r["naar"]) for r in w.get("relaties") or ()),
        afhechting=None if not a else AfhechtingToestand(
            a["wijze"], a.get("vervangen_door"), a.get("toelichting"),
            date.fromisoformat(a["geldig_vanaf"]) if a.get("geldig_vanaf") else None),
        zichtbare_versies=versies, tegenstrijdigheden=tegenstrijdigheden)


def _groepeer(w: Mapping[str, Any]) -> tuple[tuple[PartijToestand, ...],
                                            tuple[VerplichtingToestand, ...],
                                            tuple[TegenstrijdigheidToestand, ...]]:
    """Partijen, verplichtingen en tegenstrijdigheden uit de sleutels, in één ronde."""
    p_attr: dict[str, dict[str, Any]] = {}
    v_attr: dict[str, dict[str, Any]] = {}
    tegen: list[TegenstrijdigheidToestand] = []
    for tekst, waarde in w.items():
        s = Sleutel.lees(tekst)
        if s.soort == PARTIJ:
            p_attr.setdefault(s.ding, {})[s.veld] = waarde
        elif s.soort == VERPLICHTING:
            v_attr.setdefault(s.ding, {})[s.veld] = waarde
        elif s.soort == TEGENSTRIJDIGHEID and waarde:
            tegen.append(TegenstrijdigheidToestand(
                int(s.ding), waarde["betreft"], waarde.get("toelichting"),
                tuple(waarde["gebeurtenissen"]), waarde.get("verplichting"),
                tuple(waarde["bronnen"])))
    partijen = tuple(_partij(o, a) for o, a in sorted(p_attr.items()) if a.get(LID))
    verplichtingen = tuple(_verplichting(vid, a) for vid, a in
                           sorted(v_attr.items(), key=lambda kv: verplichting_volgorde(kv[0]))
                           if a.get(OMSCHRIJVING))
    return partijen, verplichtingen, tuple(sorted(tegen, key=lambda t: t.versie))


def verplichting_volgorde(vid: str) -> tuple[int, str]:
    """De volgorde van verplichtingen binnen een afspraak: v1, v2, …, v10."""
    return (int(vid[1:]) if vid[1:].isdigit() else 0, vid)


def _partij(overheid: str, a: Mapping[str, Any]) -> PartijToestand:
    lid = a[LID]
    standpunt = a.get(STANDPUNT) or {}
    ondertekend = a.get(ONDERTEKEND_OP)
    return PartijToestand(
        overheid=overheid, rol=lid["rol"], binding=lid["binding"],
        naam_in_bron=lid.get("naam_in_bron"), namens=tuple(lid.get("namens") or ()),
        aantal=lid.get("aantal"),
        ondertekend_op=date.fromisoformat(ondertekend) if ondertekend else None,
        standpunt=standpunt.get("standpunt"), voorwaarden=standpunt.get("voorwaarden"))


def _verplichting(vid: str, a: Mapping[str, Any]) -> VerplichtingToestand:
    u = a.get(UITERLIJK)
    return VerplichtingToestand(
        id=vid, omschrijving=a[OMSCHRIJVING], partij=a.get(VPARTIJ) or "",
        uiterlijk=VageDatum(u["waarde"], u["precisie"], u.get("tekst")) if u else None,
        binding=a.get(BINDING) or "BESTUURLIJK",
        hoeveelheden=tuple(Hoeveelheid(h["grootheid"], h["waarde"], h["eenheid"])
                           for h in a.get(HOEVEELHEDEN) or ()),
        status=a.get(STATUS) or "OPEN", afhechting=a.get(AFHECHTING))
