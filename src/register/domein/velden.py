"""Hoe gebeurtenissen velden zetten: de sleutels waarover het orakel tijdreist, en hun waarden.

Dit is de enige plek die de tekstvorm van een sleutel kent. Een sleutel noemt een veld van de
afspraak (`titel`), het lidmaatschap van een partij (`partij#<uri>`), een veld van een partij
(`partij#<uri>#ondertekend_op`), een veld van een verplichting (`verplichting#v1#uiterlijk`) of
een vastgestelde tegenstrijdigheid (`tegenstrijdigheid#<versie>`).
Een waarde None betekent: bestaat (niet meer). Domein, orakel, leesmodellen en API bouwen en
lezen sleutels alleen met de functies hieronder."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from register.domein.waarden import (
    Afhechtingsuitkomst, Bedrag, Bron, Partij, VageDatum, Verplichting,
)

if TYPE_CHECKING:
    from register.domein.verantwoording import Meta

AFSPRAAK, PARTIJ, VERPLICHTING, TEGENSTRIJDIGHEID = (
    "afspraak", "partij", "verplichting", "tegenstrijdigheid")
LID = ""  # het veld van een partij dat haar lidmaatschap draagt (rol, binding, …)
ONDERTEKEND_OP, STANDPUNT = "ondertekend_op", "standpunt"
PARTIJVELDEN = (ONDERTEKEND_OP, STANDPUNT)
OMSCHRIJVING, VPARTIJ, UITERLIJK, BINDING, HOEVEELHEDEN, STATUS, AFHECHTING = (
    "omschrijving", "partij", "uiterlijk", "binding", "hoeveelheden", "status", "afhechting")
UITKOMST_STATUS = {"BEEINDIGD": "VERVALLEN", "VERVANGEN": "VERVALLEN", "OPEN": "ONBESLIST"}


@dataclass(frozen=True)
class Sleutel:
    """Een gelezen sleutel: welk ding (afspraak, partij of verplichting), welk, welk veld."""

    soort: str
    veld: str
    ding: str = ""

    @classmethod
    def lees(cls, tekst: str) -> Sleutel:
        return _lees(tekst)

    @property
    def is_lid(self) -> bool:
        return self.soort == PARTIJ and self.veld == LID


@functools.lru_cache(maxsize=1 << 16)
def _lees(tekst: str) -> Sleutel:
    """Een sleutel uit elkaar; onthouden, want dezelfde sleutels komen in elke toestand terug
    (een Sleutel is onveranderlijk)."""
    kop, _, rest = tekst.partition("#")
    if kop == VERPLICHTING:
        vid, _, veld = rest.partition("#")
        return Sleutel(VERPLICHTING, veld, vid)
    if kop == TEGENSTRIJDIGHEID:
        return Sleutel(TEGENSTRIJDIGHEID, "", rest)
    if kop == PARTIJ:  # een URI kan zelf '#' bevatten: het veld staat achteraan
        for veld in PARTIJVELDEN:
            if rest.endswith("#" + veld):
                return Sleutel(PARTIJ, veld, rest[:-len(veld) - 1])
        return Sleutel(PARTIJ, LID, rest)
    return Sleutel(AFSPRAAK, tekst)


def lid(overheid: str) -> str:
    return f"{PARTIJ}#{overheid}"


def partij_veld(overheid: str, veld: str) -> str:
    return f"{PARTIJ}#{overheid}#{veld}"


def verplichting_veld(vid: str, veld: str) -> str:
    return f"{VERPLICHTING}#{vid}#{veld}"


def tegenstrijdigheid(versie: int) -> str:
    """De sleutel van de tegenstrijdigheid die gebeurtenis `versie` vaststelde."""
    return f"{TEGENSTRIJDIGHEID}#{versie}"


def lidmaatschap(velden: Mapping[str, Any]) -> dict[str, bool]:
    """Per overheid of deze velden haar lid maken (True) of niet meer (False)."""
    uit = {}
    for k, w in velden.items():
        s = Sleutel.lees(k)
        if s.is_lid:
            uit[s.ding] = bool(w)
    return uit


def partijen_in(velden: dict[str, Any], *, bestaand: bool = False) -> list[str]:
    """De overheden waarvan deze velden het lidmaatschap zetten (met `bestaand`: alleen wie
    lid wordt, niet wie het niet meer is)."""
    uit = []
    for k, w in velden.items():
        s = Sleutel.lees(k)
        if s.is_lid and (w or not bestaand):
            uit.append(s.ding)
    return uit


# -- waarden -----------------------------------------------------------------------------------


def bedrag_waarde(b: Bedrag) -> dict[str, Any]:
    return {"omschrijving": b.omschrijving, "bedrag": str(b.bedrag), "soort": b.soort,
            "periode": b.periode, "bron": None if b.bron is None else bron_waarde(b.bron)}


_BRONVELDEN = tuple(f.name for f in dataclasses.fields(Bron))


def bron_waarde(b: Bron) -> dict[str, Any]:
    """Een bron als JSON-waarde (leesmodellen): haar velden, de datum als ISO-tekst."""
    d = {n: getattr(b, n) for n in _BRONVELDEN}
    d["datum"] = b.datum.isoformat()
    d["verwijzingen"] = [{"soort": v.soort, "waarde": v.waarde, "tekst": v.tekst}
                         for v in b.verwijzingen]
    return d


def vage_datum_waarde(u: VageDatum | None) -> dict[str, Any] | None:
    return None if u is None else {"waarde": u.waarde, "precisie": u.precisie, "tekst": u.tekst}


def partij_velden(p: Partij) -> dict[str, Any]:
    return {lid(p.overheid): {
        "rol": p.rol, "binding": p.binding, "naam_in_bron": p.naam_in_bron,
        "namens": list(p.namens), "aantal": p.aantal}}


def verplichting_velden(v: Verplichting, status: str | None = None) -> dict[str, Any]:
    vid = str(v.id)
    uit: dict[str, Any] = {
        verplichting_veld(vid, OMSCHRIJVING): v.omschrijving,
        verplichting_veld(vid, VPARTIJ): v.partij,
        verplichting_veld(vid, UITERLIJK): vage_datum_waarde(v.uiterlijk),
        verplichting_veld(vid, BINDING): v.binding,
        verplichting_veld(vid, HOEVEELHEDEN): [
            {"grootheid": h.grootheid, "waarde": h.waarde, "eenheid": h.eenheid}
            for h in v.hoeveelheden]}
    if status is not None:
        uit[verplichting_veld(vid, STATUS)] = status
    return uit


def afhechting_velden(wijze: str, vervangen_door: str | None,
                      uitkomsten: Sequence[Afhechtingsuitkomst], meta: Meta) -> dict[str, Any]:
    uit: dict[str, Any] = {
        STATUS: "AFGEHECHT",
        AFHECHTING: {"wijze": wijze, "vervangen_door": vervangen_door,
                     "toelichting": meta.toelichting,
                     "geldig_vanaf": meta.geldig_vanaf.isoformat() if meta.geldig_vanaf
                     else None},
    }
    for u in uitkomsten:
        uit[verplichting_veld(u.verplichting, AFHECHTING)] = u.uitkomst
        if u.uitkomst in UITKOMST_STATUS:
            uit[verplichting_veld(u.verplichting, STATUS)] = UITKOMST_STATUS[u.uitkomst]
    return uit
