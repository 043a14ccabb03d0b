"""Hoe gebeurtenissen velden zetten: de sleutels waarover het orakel tijdreist."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from register.domein.waarden import Afhechtingsuitkomst, Bedrag, Partij, VageDatum, Verplichting

if TYPE_CHECKING:
    from register.domein.afspraak import Meta

# Sleutels: 'titel', 'partij#<uri>', 'partij#<uri>#ondertekendOp',
# 'verplichting#<id>#uiterlijk' … Een waarde None betekent: bestaat (niet meer).
UITKOMST_STATUS = {"BEEINDIGD": "VERVALLEN", "VERVANGEN": "VERVALLEN", "OPEN": "ONBESLIST"}


def bedrag_waarde(b: Bedrag) -> dict[str, Any]:
    return {"omschrijving": b.omschrijving, "bedrag": str(b.bedrag), "soort": b.soort,
            "periode": b.periode}


def vage_datum_waarde(u: VageDatum | None) -> dict[str, Any] | None:
    return None if u is None else {"waarde": u.waarde, "precisie": u.precisie, "tekst": u.tekst}


def partij_velden(p: Partij) -> dict[str, Any]:
    return {f"partij#{p.overheid}": {
        "rol": p.rol, "binding": p.binding, "naamInBron": p.naam_in_bron,
        "namens": list(p.namens), "aantal": p.aantal}}


def verplichting_velden(v: Verplichting, status: str | None = None) -> dict[str, Any]:
    k = f"verplichting#{v.id}#"
    uit: dict[str, Any] = {
        k + "omschrijving": v.omschrijving, k + "partij": v.partij,
        k + "uiterlijk": vage_datum_waarde(v.uiterlijk), k + "binding": v.binding,
        k + "hoeveelheden": [{"grootheid": h.grootheid, "waarde": h.waarde,
                              "eenheid": h.eenheid} for h in v.hoeveelheden]}
    if status is not None:
        uit[k + "status"] = status
    return uit


def afhechting_velden(wijze: str, vervangen_door: str | None,
                      uitkomsten: Sequence[Afhechtingsuitkomst], meta: Meta) -> dict[str, Any]:
    uit: dict[str, Any] = {
        "status": "AFGEHECHT",
        "afhechting": {"wijze": wijze, "vervangenDoor": vervangen_door,
                       "toelichting": meta.toelichting,
                       "geldigVanaf": meta.geldig_vanaf.isoformat() if meta.geldig_vanaf else None},
    }
    for u in uitkomsten:
        uit[f"verplichting#{u.verplichting}#afhechting"] = u.uitkomst
        if u.uitkomst in UITKOMST_STATUS:
            uit[f"verplichting#{u.verplichting}#status"] = UITKOMST_STATUS[u.uitkomst]
    return uit
