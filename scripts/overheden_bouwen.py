"""Bouwt de overhedencatalogus (data/overheden.json) uit de TOOI-waardelijsten van KOOP.

Gebruik:

    python scripts/overheden_bouwen.py <tooi-map> [--uit src/register/domein/data/overheden.json]

De map bevat de "registerwaardelijsten compleet" (expanded JSON-LD, ``rwc_*_compleet_<n>.json``)
en, optioneel, ``diwoo-metadata-lijsten.xsd`` (KOOP's DiWoo-lijsten). Uit de XSD komt de nieuwere
ministerielijst (v4, kabinet-Schoof I, 2024) die als JSON ontbreekt: nieuwe ids en namen worden
samengevoegd met de oudere JSON-lijst; een v4-naam die afwijkt van de JSON-naam maakt die laatste
tot vroegere naam.

Uitvoer: een JSON-lijst met een object per organisatie, gesorteerd op id, met de velden
``id, naam, soort, afkorting, begindatum, einddatum, namen, opvolgers, voorgangers, provincie``
en, alleen waar het register zelf iets toevoegt dat TOOI niet geeft, ``toelichting`` (met
"bron: register"). Register-eigen organisaties (data/eigen_organisaties.json) worden hier NIET
opgenomen; die voegt de domeinlaag bij het laden toe.

Alleen de standaardbibliotheek.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ONT = "https://identifier.overheid.nl/tooi/def/ont/"
PROV = "http://www.w3.org/ns/prov#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ID_PREFIX = "https://identifier.overheid.nl/tooi/id/"
XS = "{http://www.w3.org/2001/XMLSchema}"

STANDAARD_UIT = Path(__file__).resolve().parent.parent / "src/register/domein/data/overheden.json"

# TOOI-klasse -> soort in het register
SOORT_PER_KLASSE: dict[str, str] = {
    "Ministerie": "MINISTERIE",
    "Provincie": "PROVINCIE",
    "Gemeente": "GEMEENTE",
    "Waterschap": "WATERSCHAP",
    "Zbo": "ZBO",
    "ZboCluster": "ZBO",
    "Samenwerkingsorganisatie": "SAMENWERKINGSORGANISATIE",
    "Overheidsorganisatie": "OVERIG",
    "Rijk": "OVERIG",
    "CaribischOpenbaarLichaam": "OVERIG",
}

# ---------------------------------------------------------------------------------------------
# Aanvullingen van het register zelf (TOOI geeft deze niet; zie toelichting per regel).
# ---------------------------------------------------------------------------------------------

MNRE = ID_PREFIX + "ministerie/"

# Kabinet-Schoof I trad aan op 2 juli 2024; op die dag werden KGG, VRO en AenM ingesteld en
# kregen EZK en LNV hun nieuwe naam. TOOI-lijst v4 (alleen bekend via de DiWoo-XSD) geeft
# geen datums, dus deze datum is een aanvulling van het register.
KABINET_SCHOOF = date(2024, 7, 2)

# Afkortingen voor ministeries uit de v4-lijst (de XSD geeft alleen labels).
AFKORTING_V4: dict[str, str] = {
    MNRE + "mnre1045": "EZ",
    MNRE + "mnre1153": "LVVN",
    MNRE + "mnre1162": "AenM",
    MNRE + "mnre1171": "VRO",
    MNRE + "mnre1182": "KGG",
}

# (voorganger, opvolger, omschrijving): afsplitsingen van 2024 die TOOI (v1) niet kent.
OPVOLGING_REGISTER: tuple[tuple[str, str, str], ...] = (
    (MNRE + "mnre1045", MNRE + "mnre1182", "klimaat en energie afgesplitst van EZK naar KGG"),
    (MNRE + "mnre1034", MNRE + "mnre1171", "wonen en ruimtelijke ordening afgesplitst van BZK naar VRO"),
    (MNRE + "mnre1058", MNRE + "mnre1162", "asiel en migratie afgesplitst van JenV naar AenM"),
)


# ---------------------------------------------------------------------------------------------
# JSON-LD hulpjes
# ---------------------------------------------------------------------------------------------


def waarden(knoop: dict[str, Any], eigenschap: str) -> list[str]:
    """Alle waarden (@value of @id) van een eigenschap, in bronvolgorde."""
    uit: list[str] = []
    for w in knoop.get(eigenschap, []):
        if isinstance(w, dict):
            v = w.get("@value", w.get("@id"))
            if v is not None:
                uit.append(str(v))
        else:
            uit.append(str(w))
    return uit


def eerste(knoop: dict[str, Any], *eigenschappen: str) -> str | None:
    for e in eigenschappen:
        w = waarden(knoop, e)
        if w:
            return w[0]
    return None


def klassen(knoop: dict[str, Any]) -> set[str]:
    return {t.rsplit("/", 1)[-1] for t in knoop.get("@type", [])}


def iso_datum(waarde: str | None) -> str | None:
    """'2020-12-31' of '2021-01-01T00:00:00+01:00' -> '2020-12-31' (datumdeel)."""
    if not waarde:
        return None
    return date.fromisoformat(waarde[:10]).isoformat()


def voorkeursnaam(knoop: dict[str, Any]) -> str:
    naam = eerste(
        knoop,
        ONT + "voorkeursnaamInclSoort",
        ONT + "voorkeursnaamExclSoort",
        ONT + "officieleNaamInclSoort",
        ONT + "officieleNaamExclSoort",
        RDFS_LABEL,
    )
    if naam is None:
        raise ValueError(f"knoop zonder naam: {knoop.get('@id')}")
    return naam.strip()


# ---------------------------------------------------------------------------------------------
# Inlezen
# ---------------------------------------------------------------------------------------------


def lees_knopen(map_: Path) -> list[dict[str, Any]]:
    bestanden = sorted(map_.glob("rwc_*_compleet_*.json"))
    if not bestanden:
        raise SystemExit(f"geen rwc_*_compleet_*.json gevonden in {map_}")
    knopen: list[dict[str, Any]] = []
    for pad in bestanden:
        data = json.loads(pad.read_text(encoding="utf-8"))
        if isinstance(data, dict):  # voor de zekerheid: {"@graph": [...]}
            data = data.get("@graph", [])
        knopen.extend(k for k in data if str(k.get("@id", "")).startswith(ID_PREFIX))
    return knopen


def lees_ministerielijst_xsd(pad: Path) -> tuple[dict[str, str], str]:
    """Ids en labels uit ``ministerielijst`` van de DiWoo-XSD, plus de lijstversie-URI."""
    boom = ET.parse(pad)
    for st in boom.iter(XS + "simpleType"):
        if st.get("name") != "ministerielijst":
            continue
        versie = ""
        doc = st.find(XS + "annotation")
        if doc is not None:
            for t in doc.itertext():
                if "/tooi/set/rwc_ministeries_compleet/" in t:
                    versie = t.strip()
                    break
        labels: dict[str, str] = {}
        for enum in st.iter(XS + "enumeration"):
            waarde = enum.get("value", "")
            label = " ".join("".join(enum.itertext()).split())
            if waarde.startswith(ID_PREFIX) and label:
                labels[waarde] = label
        return labels, versie
    return {}, ""


# ---------------------------------------------------------------------------------------------
# Bouwen
# ---------------------------------------------------------------------------------------------


def bouw(map_: Path) -> list[dict[str, Any]]:
    knopen = lees_knopen(map_)
    orgs: dict[str, dict[str, Any]] = {}
    hv_knopen: list[dict[str, Any]] = []
    gebeurtenissen: list[dict[str, Any]] = []

    for k in knopen:
        kl = klassen(k)
        if "HistorischeVersie" in kl:
            hv_knopen.append(k)
            continue
        soortklassen = kl & SOORT_PER_KLASSE.keys()
        if soortklassen:
            soort = SOORT_PER_KLASSE[min(soortklassen)]
            oid = k["@id"]
            orgs[oid] = {
                "id": oid,
                "naam": voorkeursnaam(k),
                "soort": soort,
                "afkorting": eerste(k, ONT + "afkorting"),
                "begindatum": iso_datum(eerste(k, ONT + "begindatum")),
                "einddatum": iso_datum(eerste(k, ONT + "einddatum")),
                "namen": [],
                "opvolgers": set(),
                "voorgangers": set(),
                "provincie": eerste(k, ONT + "ligtInProvincie") if soort == "GEMEENTE" else None,
            }
        elif kl & {"Oprichting", "Opheffing", "Samenvoeging", "Afsplitsing", "Uitbreiding",
                   "Herschikking", "Toestandswijziging"}:
            gebeurtenissen.append(k)
        elif kl:
            print(f"let op: onbekende klasse {sorted(kl)} voor {k['@id']}", file=sys.stderr)

    # Vroegere namen (HistorischeVersie -> prov:specializationOf)
    for hv in hv_knopen:
        van = eerste(hv, PROV + "specializationOf")
        tot = iso_datum(eerste(hv, ONT + "einddatumHV", ONT + "einddatum"))
        if van not in orgs or tot is None:
            print(f"let op: historische versie {hv['@id']} zonder organisatie of einddatum",
                  file=sys.stderr)
            continue
        orgs[van]["namen"].append({"naam": voorkeursnaam(hv), "tot": tot})

    # Opvolging uit wijzigingsgebeurtenissen. Met prov:generated: (invalidated + used) ->
    # generated (samenvoeging, herschikking, afsplitsing). Zonder generated maar met used:
    # invalidated -> used (uitbreiding: de opgeheven gemeente gaat op in de gebruikte).
    # Historische versies en onbekende ids (naamswijzigingen) tellen niet mee.
    for g in gebeurtenissen:
        gebruikt = [i for i in waarden(g, PROV + "used") if i in orgs]
        vervallen = [i for i in waarden(g, PROV + "invalidated") if i in orgs]
        ontstaan = [i for i in waarden(g, PROV + "generated") if i in orgs]
        if ontstaan:
            van, naar = vervallen + gebruikt, ontstaan
        elif gebruikt:
            van, naar = vervallen, gebruikt
        else:
            continue
        for v in van:
            for n in naar:
                if v != n:
                    orgs[v]["opvolgers"].add(n)
                    orgs[n]["voorgangers"].add(v)

    toelichtingen: dict[str, list[str]] = defaultdict(list)
    voeg_ministerielijst_v4_toe(map_, orgs, toelichtingen)

    for v, n, omschrijving in OPVOLGING_REGISTER:
        if v in orgs and n in orgs and n not in orgs[v]["opvolgers"]:
            orgs[v]["opvolgers"].add(n)
            orgs[n]["voorgangers"].add(v)
            tekst = (f"opvolging {v.rsplit('/', 1)[-1]} -> {n.rsplit('/', 1)[-1]} "
                     f"({omschrijving}, {KABINET_SCHOOF.isoformat()}): bron: register")
            toelichtingen[v].append(tekst)
            toelichtingen[n].append(tekst)

    uit: list[dict[str, Any]] = []
    for oid in sorted(orgs):
        o = orgs[oid]
        o["namen"] = sorted(o["namen"], key=lambda n: n["tot"])
        o["opvolgers"] = sorted(o["opvolgers"])
        o["voorgangers"] = sorted(o["voorgangers"])
        if toelichtingen.get(oid):
            o["toelichting"] = "; ".join(toelichtingen[oid])
        uit.append(o)
    controleer(uit)
    return uit


def voeg_ministerielijst_v4_toe(
    map_: Path, orgs: dict[str, dict[str, Any]], toelichtingen: dict[str, list[str]]
) -> None:
    """Voeg de ministerielijst uit de DiWoo-XSD (TOOI v4) samen met de JSON-lijst."""
    xsd = map_ / "diwoo-metadata-lijsten.xsd"
    if not xsd.exists():
        print("let op: diwoo-metadata-lijsten.xsd ontbreekt; alleen de JSON-ministerielijst",
              file=sys.stderr)
        return
    labels, versie = lees_ministerielijst_xsd(xsd)
    lijst = versie.rsplit("/tooi/set/", 1)[-1] if versie else "ministerielijst DiWoo-XSD"
    overgang = KABINET_SCHOOF.isoformat()
    for oid, label in sorted(labels.items()):
        if oid not in orgs:
            orgs[oid] = {
                "id": oid,
                "naam": label,
                "soort": "MINISTERIE",
                "afkorting": AFKORTING_V4.get(oid),
                "begindatum": overgang,
                "einddatum": None,
                "namen": [],
                "opvolgers": set(),
                "voorgangers": set(),
                "provincie": None,
            }
            toelichtingen[oid].append(
                f"id en naam uit TOOI {lijst} (zonder datums); afkorting en begindatum "
                f"{overgang} (aantreden kabinet-Schoof I): bron: register"
            )
        elif orgs[oid]["naam"] != label:
            o = orgs[oid]
            tot = (KABINET_SCHOOF - timedelta(days=1)).isoformat()
            o["namen"].append({"naam": o["naam"], "tot": tot})
            o["naam"] = label
            o["afkorting"] = AFKORTING_V4.get(oid)
            toelichtingen[oid].append(
                f"huidige naam uit TOOI {lijst}; vroegere naam geldig tot {tot} en afkorting: "
                f"bron: register"
            )
    for oid, o in orgs.items():
        if o["soort"] == "MINISTERIE" and oid not in labels:
            print(f"let op: ministerie {oid} staat niet in de v4-lijst", file=sys.stderr)


def controleer(uit: list[dict[str, Any]]) -> None:
    ids = {o["id"] for o in uit}
    for o in uit:
        for veld in ("opvolgers", "voorgangers"):
            for i in o[veld]:
                if i not in ids:
                    print(f"let op: {o['id']} {veld} verwijst naar onbekende {i}",
                          file=sys.stderr)
        if o["provincie"] is not None and o["provincie"] not in ids:
            print(f"let op: {o['id']} ligt in onbekende provincie {o['provincie']}",
                  file=sys.stderr)
        if o["einddatum"] and o["begindatum"] and o["einddatum"] < o["begindatum"]:
            print(f"let op: {o['id']} eindigt voor zijn begin", file=sys.stderr)
        if not re.fullmatch(r"[A-Z]+", o["soort"]):
            raise ValueError(f"ongeldige soort {o['soort']!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tooi_map", type=Path, help="map met de TOOI-waardelijsten")
    parser.add_argument("--uit", type=Path, default=STANDAARD_UIT,
                        help="doelbestand (standaard: src/register/domein/data/overheden.json)")
    args = parser.parse_args(argv)

    overheden = bouw(args.tooi_map)
    tekst = json.dumps(overheden, ensure_ascii=False, separators=(",", ":"))
    # een organisatie per regel: compact, maar leesbaar in een diff
    tekst = tekst.replace('},{"id":', '},\n{"id":')
    args.uit.parent.mkdir(parents=True, exist_ok=True)
    args.uit.write_text(tekst + "\n", encoding="utf-8")

    per_soort: dict[str, int] = defaultdict(int)
    for o in overheden:
        per_soort[o["soort"]] += 1
    print(f"{len(overheden)} organisaties -> {args.uit} ({args.uit.stat().st_size} bytes)")
    for soort, aantal in sorted(per_soort.items()):
        print(f"  {soort}: {aantal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
