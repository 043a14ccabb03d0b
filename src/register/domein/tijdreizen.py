"""Het orakel: de toestand van een afspraak op een peilmoment, precies volgens ontwerp §4."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


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
    uiterlijk: Mapping[str, Any] | None
    binding: str
    hoeveelheden: tuple[Mapping[str, Any], ...]
    status: str
    afhechting: str | None


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
    bedragen: tuple[Mapping[str, Any], ...]
    relaties: tuple[Mapping[str, Any], ...]
    afhechting: Mapping[str, Any] | None
    zichtbare_versies: tuple[int, ...] = field(default=())


def _kent(peil: Peilmoment, f: Feit, werkend: date | None) -> bool:
    return ((peil.ontvangen_op is None or f.ontvangen_op <= peil.ontvangen_op)
            and (peil.bekend_op is None or f.bekend_op <= peil.bekend_op)
            and (peil.juridisch_werkend_op is None
                 or (werkend is not None and werkend <= peil.juridisch_werkend_op)))


def _dekt(f: Feit, dag: date) -> bool:
    return (f.geldig_vanaf is not None and f.geldig_vanaf <= dag
            and (f.geldig_tot is None or dag < f.geldig_tot))


def zichtbare_feiten(feiten: Sequence[Feit], peil: Peilmoment) -> dict[int, dict[str, Any]]:
    """Regel 1 en 2: de zichtbare beslissingen, elk met de velden na zichtbare rectificaties."""
    per_versie = {f.versie: f for f in feiten}
    zichtbaar: dict[int, dict[str, Any]] = {
        f.versie: dict(f.velden) for f in feiten
        if f.rectificeert is None and _kent(peil, f, f.juridisch_werkend_vanaf)}
    rectificaties = sorted((f for f in feiten if f.rectificeert is not None),
                           key=lambda f: (f.ontvangen_op, f.versie))
    for r in rectificaties:
        doel = per_versie.get(r.rectificeert or 0)
        if doel is not None and doel.versie in zichtbaar and _kent(
                peil, r, doel.juridisch_werkend_vanaf):
            zichtbaar[doel.versie].update(r.velden)
    return zichtbaar


def toestand_op(feiten: Sequence[Feit], peil: Peilmoment) -> Toestand | None:
    """De toestand op het peilmoment, of None als de afspraak dan niet bestaat (regel 5)."""
    per_versie = {f.versie: f for f in feiten}
    zichtbaar = zichtbare_feiten(feiten, peil)
    dekkend = [per_versie[v] for v in zichtbaar if _dekt(per_versie[v], peil.geldig_op)]
    if not any(f.soort == "Vastgelegd" for f in dekkend):
        return None
    # Regel 3: laatst in beslisvolgorde wint; oplopend sorteren en overschrijven.
    dekkend.sort(key=lambda f: (f.juridisch_werkend_vanaf or date.min, f.ontvangen_op, f.versie))
    waarden: dict[str, Any] = {}
    for f in dekkend:
        waarden.update(zichtbaar[f.versie])
    zichtbare_versies = {f.versie for f in feiten if f.rectificeert is None and f.versie in
                         zichtbaar} | {f.versie for f in feiten if f.rectificeert in zichtbaar
                                       and _kent(peil, f, per_versie[f.rectificeert]
                                                 .juridisch_werkend_vanaf)}
    return bouw_toestand(waarden, tuple(sorted(zichtbare_versies)))


def bouw_toestand(w: Mapping[str, Any], versies: tuple[int, ...]) -> Toestand:
    partijen, verplichtingen = _groepeer(w)
    return Toestand(
        titel=w.get("titel") or "", soort=w.get("soort") or "", inhoud=w.get("inhoud") or "",
        programma=w.get("programma"), gebieden=tuple(w.get("gebieden") or ()),
        status=w.get("status") or "VAN_KRACHT", versie=max(versies, default=0),
        partijen=partijen, verplichtingen=verplichtingen,
        bedragen=tuple(w.get("bedragen") or ()), relaties=tuple(w.get("relaties") or ()),
        afhechting=w.get("afhechting"), zichtbare_versies=versies)


def _groepeer(w: Mapping[str, Any]) -> tuple[tuple[PartijToestand, ...],
                                            tuple[VerplichtingToestand, ...]]:
    p_attr: dict[str, dict[str, Any]] = {}
    v_attr: dict[str, dict[str, Any]] = {}
    for sleutel, waarde in w.items():
        deel = sleutel.split("#")
        if deel[0] == "partij":
            p_attr.setdefault(deel[1], {})[deel[2] if len(deel) > 2 else ""] = waarde
        elif deel[0] == "verplichting":
            v_attr.setdefault(deel[1], {})[deel[2]] = waarde
    partijen = tuple(_partij(o, a) for o, a in sorted(p_attr.items()) if a.get(""))
    verplichtingen = tuple(_verplichting(vid, a) for vid, a in
                           sorted(v_attr.items(), key=lambda kv: verplichting_volgorde(kv[0]))
                           if a.get("omschrijving"))
    return partijen, verplichtingen


def verplichting_volgorde(vid: str) -> tuple[int, str]:
    """De volgorde van verplichtingen binnen een afspraak: v1, v2, …, v10."""
    return (int(vid[1:]) if vid[1:].isdigit() else 0, vid)


def _partij(overheid: str, a: Mapping[str, Any]) -> PartijToestand:
    lid = a[""]
    standpunt = a.get("standpunt") or {}
    ondertekend = a.get("ondertekendOp")
    return PartijToestand(
        overheid=overheid, rol=lid["rol"], binding=lid["binding"],
        naam_in_bron=lid.get("naamInBron"), namens=tuple(lid.get("namens") or ()),
        aantal=lid.get("aantal"),
        ondertekend_op=date.fromisoformat(ondertekend) if ondertekend else None,
        standpunt=standpunt.get("standpunt"), voorwaarden=standpunt.get("voorwaarden"))


def _verplichting(vid: str, a: Mapping[str, Any]) -> VerplichtingToestand:
    return VerplichtingToestand(
        id=vid, omschrijving=a["omschrijving"], partij=a.get("partij") or "",
        uiterlijk=a.get("uiterlijk"), binding=a.get("binding") or "BESTUURLIJK",
        hoeveelheden=tuple(a.get("hoeveelheden") or ()), status=a.get("status") or "OPEN",
        afhechting=a.get("afhechting"))
