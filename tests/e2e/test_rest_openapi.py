"""Het OpenAPI-document van /v1: geldig OpenAPI 3.1 (openapi-spec-validator), volgens de
toetsbare regels van de NL API Design Rules (dezelfde regels als hun Spectral-linter), en
waar: elk antwoord van de API op de demogegevens past op het schema dat het document ervoor
noemt, ook elk probleem."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

PROBLEEM = "application/problem+json"
KEBAB = re.compile(r"^(\/|(\/_[a-z0-9]+|\/(([a-z0-9\-]+|{[^}]+})(\/([a-z0-9\-\.]+|{[^}]+}))*)"
                   r"(\/_[a-z]+)?)\/?)$")
CAMEL = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$")


@pytest.fixture
def document(demo_client: TestClient) -> dict[str, Any]:
    r = demo_client.get("/v1/openapi.json")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    return r.json()  # type: ignore[no-any-return]


def test_het_document_is_geldig_openapi(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.1")


def _los_op(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def adr_overtredingen(document: dict[str, Any]) -> list[str]:
    """De toetsbare regels van de NL API Design Rules, zoals hun linter ze toetst."""
    fout: list[str] = []
    info = document["info"]
    if not SEMVER.match(info.get("version", "")):
        fout.append("/core/semver: info.version")
    if not {"name", "url", "email"} <= set(info.get("contact", {})):
        fout.append("/core/doc-openapi-contact: name, url en email")
    if not document.get("servers") or not all(re.search(r"/v\d+$", s["url"])
                                              for s in document["servers"]):
        fout.append("/core/uri-version: servers")
    for pad, operaties in document["paths"].items():
        if pad != "/" and pad.endswith("/"):
            fout.append(f"/core/no-trailing-slash: {pad}")
        if not KEBAB.match(pad):
            fout.append(f"/core/path-segments-kebab-case: {pad}")
        for methode, op in operaties.items():
            fout += _operatie(document, f"{methode} {pad}", methode, op)
    return fout


def _operatie(document: dict[str, Any], naam: str, methode: str, op: dict[str, Any]
              ) -> list[str]:
    fout = [f"/core/query-keys-camel-case: {naam} {p['name']}"
            for p in op.get("parameters", []) if p["in"] == "query"
            and not CAMEL.match(p["name"])]
    if methode not in ("get", "post", "put", "patch", "delete"):
        fout.append(f"/core/http-methods: {naam}")
    if methode == "get" and op.get("parameters") and "400" not in op["responses"]:
        fout.append(f"/core/error-handling/invalid-input: {naam}")
    for status, antwoord in op["responses"].items():
        if status[0] in "23" and "API-Version" not in antwoord.get("headers", {}):
            fout.append(f"/core/version-header: {naam} {status}")
        if status[0] in "45":
            inhoud = antwoord.get("content", {}).get(PROBLEEM)
            verplicht = set(_los_op(document, inhoud["schema"]).get("required", [])) \
                if inhoud else set()
            if not {"status", "title", "detail"} <= verplicht:
                fout.append(f"/core/error-handling/problem-details: {naam} {status}")
    return fout


def test_het_document_volgt_de_toetsbare_api_design_rules(document: dict[str, Any]) -> None:
    assert adr_overtredingen(document) == []


def test_de_adr_toets_vindt_een_overtreding(document: dict[str, Any]) -> None:
    """De toets hierboven kan falen: een document met fouten erin geeft elke fout."""
    document["info"]["contact"].pop("email")
    document["paths"]["/afspraken/"] = document["paths"]["/afspraken"]
    operatie = document["paths"]["/afspraken/{id}"]["get"]
    operatie["responses"]["200"]["headers"] = {}
    operatie["responses"]["404"]["content"] = {"application/json": {}}
    assert len(adr_overtredingen(document)) == 4


def _valideerder(document: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    bron = Resource.from_contents(document, default_specification=DRAFT202012)
    register = Registry().with_resource("urn:v1", bron)
    return Draft202012Validator({"$ref": "urn:v1" + schema["$ref"]}, registry=register,
                                format_checker=FormatChecker())


def _past(document: dict[str, Any], pad: str, body: Any, status: str = "200") -> None:
    """Het antwoord past op het schema dat het document voor deze operatie en status noemt."""
    sjabloon = re.sub(r"/afspraken/[^/?]+", "/afspraken/{id}", pad.split("?")[0])
    antwoord = document["paths"][sjabloon]["get"]["responses"][status]
    soort = "application/json" if status == "200" else PROBLEEM
    fouten = list(_valideerder(document, antwoord["content"][soort]["schema"]).iter_errors(body))
    assert not fouten, f"{pad}: {fouten[0].message} op {list(fouten[0].absolute_path)}"


def test_elk_antwoord_op_de_demogegevens_past_op_het_document(
        demo_client: TestClient, document: dict[str, Any]) -> None:
    ids: list[str] = []
    pad: str | None = "/v1/afspraken?limit=100"
    while pad:
        body = demo_client.get(pad).json()
        _past(document, "/afspraken", body)
        ids += [a["id"] for a in body["afspraken"]]
        pad = body["_links"].get("next", {}).get("href")
    assert len(ids) > 50
    for aid in ids:
        for deel in (f"/afspraken/{aid}", f"/afspraken/{aid}/gebeurtenissen"):
            r = demo_client.get("/v1" + deel)
            assert r.status_code == 200, r.text
            _past(document, deel, r.json())
    for vraag in ("", "?geldigOp=2023-06-01&partijSoort=GEMEENTE", "?status=NAGEKOMEN"):
        _past(document, "/verplichtingen", demo_client.get(f"/v1/verplichtingen{vraag}").json())
    _past(document, "/", demo_client.get("/v1/").json())


@pytest.mark.parametrize(("pad", "status"), [
    ("/afspraken?limit=0&geldigOp=gisteren", "400"), ("/afspraken/onbekend", "404"),
    ("/verplichtingen?binding=X", "400"), ("/afspraken/onbekend/gebeurtenissen", "404")])
def test_elk_probleem_past_op_het_document(demo_client: TestClient, document: dict[str, Any],
                                           pad: str, status: str) -> None:
    r = demo_client.get("/v1" + pad)
    assert str(r.status_code) == status and r.headers["content-type"] == PROBLEEM
    _past(document, pad, r.json(), status)


def test_de_filters_in_het_document_zijn_die_van_graphql(document: dict[str, Any]) -> None:
    """Elk veld van de GraphQL-filters is een parameter (het geneste afspraakfilter met
    voorvoegsel), met dezelfde keuzelijst als in het schema."""
    from register.api.schema import maak_schema

    gql = maak_schema()._schema
    for pad, invoertype in (("/afspraken", "AfspraakFilter"),
                            ("/verplichtingen", "VerplichtingFilter")):
        namen = {p["name"] for p in document["paths"][pad]["get"]["parameters"]}
        verwacht = set(gql.get_type(invoertype).fields) - {"afspraak"}  # type: ignore[union-attr]
        if invoertype == "VerplichtingFilter":
            verwacht |= {"afspraak" + v[0].upper() + v[1:]
                         for v in gql.get_type("AfspraakFilter").fields}  # type: ignore[union-attr]
        assert verwacht | {"geldigOp", "juridischWerkendOp", "bekendOp", "ontvangenOp",
                           "limit", "cursor"} == namen
    status = next(p for p in document["paths"]["/afspraken"]["get"]["parameters"]
                  if p["name"] == "status")
    assert _los_op(document, status["schema"])["enum"] == list(
        gql.get_type("AfspraakStatus").values)  # type: ignore[union-attr]
