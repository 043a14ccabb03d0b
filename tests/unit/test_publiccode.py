"""publiccode.yml volgens het JSON-schema van de standaard.

Het schema in tests/data/publiccode.schema.json is een ongewijzigde kopie van
`src/schemas/json/publiccode.json` uit de repository SchemaStore/schemastore (commit 1484b01,
"Update publiccode.yml schema to version 0.5.0"; gepubliceerd als
https://json.schemastore.org/publiccode.json, licentie Apache-2.0). De organisatie achter de
standaard (publiccodeyml/publiccode.yml) publiceert zelf geen JSON-schema (meer); dit is het
schema waar editors mee werken en waar developer.overheid.nl naar verwijst. Het kent
publiccodeYmlVersion tot en met 0.5.

Wat de documentatie van de standaard (0.5) verplicht noemt en het schema niet afdwingt,
toetsen de laatste twee tests apart: longDescription en features, en contactpersonen bij
onderhoud door de gemeenschap.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[2]
SCHEMA = PROJECT / "tests" / "data" / "publiccode.schema.json"


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _publiccode() -> dict[str, Any]:
    return yaml.safe_load((PROJECT / "publiccode.yml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _fouten(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(
        _schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, f.absolute_path))}: {f.message}"
            for f in validator.iter_errors(document)]


def test_het_schema_zelf_is_een_geldig_draft7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(_schema())


def test_publiccode_yml_voldoet_aan_het_schema() -> None:
    assert _fouten(_publiccode()) == []


@pytest.mark.parametrize("sleutel", ["name", "url", "publiccodeYmlVersion", "legal"])
def test_zonder_een_verplichte_sleutel_faalt_de_toets(sleutel: str) -> None:
    document = copy.deepcopy(_publiccode())
    del document[sleutel]
    assert any(f"'{sleutel}' is a required property" in f for f in _fouten(document))


def test_een_onbekende_ontwikkelstatus_of_categorie_faalt_de_toets() -> None:
    document = copy.deepcopy(_publiccode())
    document["developmentStatus"] = "bijna-af"
    document["categories"] = ["afsprakenbeheer"]
    assert len(_fouten(document)) == 2


def test_een_te_lange_korte_beschrijving_faalt_de_toets() -> None:
    document = copy.deepcopy(_publiccode())
    document["description"]["nl"]["shortDescription"] = "x" * 151
    assert _fouten(document) != []


def test_elke_taal_heeft_een_lange_beschrijving_en_kenmerken_van_hoogstens_100_tekens() -> None:
    for taal, beschrijving in _publiccode()["description"].items():
        assert len(beschrijving["longDescription"]) >= 500, taal
        assert beschrijving["features"], taal
        assert all(len(k) <= 100 for k in beschrijving["features"]), taal


def test_onderhoud_door_de_gemeenschap_noemt_een_contact() -> None:
    onderhoud = _publiccode()["maintenance"]
    assert onderhoud["type"] == "community"
    assert onderhoud["contacts"] and "contractors" not in onderhoud
