"""Het OpenAPI-document van /v1 (3.1; NL API Design Rules /core/doc-openapi en
/core/publish-openapi). De schema's van de antwoorden komen uit de GraphQL-vragen zelf: elk
gevraagd veld met zijn type, of het leeg kan zijn en zijn beschrijving uit het GraphQL-schema.
Een fragment geeft zijn naam aan het schema (`...AfspraakVerwijzing`); anders heet het naar
het GraphQL-type. Document en antwoord kunnen zo niet uit elkaar lopen."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLEnumType, GraphQLList,
    GraphQLNonNull, GraphQLObjectType, GraphQLOutputType, GraphQLSchema, InlineFragmentNode,
    SelectionSetNode,
)

from register.api.v1.probleem import API_VERSIE, PROBLEEM, TITELS
from register.api.v1.uitvoering import Vraag

REF = "#/components/schemas/"
SCALAIR: Mapping[str, dict[str, Any]] = {
    "String": {"type": "string"}, "ID": {"type": "string"}, "Boolean": {"type": "boolean"},
    "Int": {"type": "integer", "format": "int32"}, "Float": {"type": "number"},
    "Date": {"type": "string", "format": "date"},
    "DateTime": {"type": "string", "format": "date-time"},
}
VERSIEKOP = {"API-Version": {"description": "De volledige versie van deze API (semver).",
                             "schema": {"type": "string", "example": API_VERSIE}}}


def ref(naam: str) -> dict[str, str]:
    return {"$ref": REF + naam}


def kan_leeg(s: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [s, {"type": "null"}]}


class Schemas:
    """De componentschema's van de antwoorden, opgebouwd uit GraphQL-vragen."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self.componenten: dict[str, dict[str, Any]] = {}

    def op(self, vraag: Vraag, *pad: str) -> dict[str, Any]:
        """Het schema van het veld op `pad` in de vraag (bij een lijst: van één element),
        zonder 'kan leeg zijn': wat leeg is, wordt een 404 of valt weg."""
        fragmenten = _fragmenten(vraag)
        soort: Any = self.schema.query_type
        sel: SelectionSetNode | None = vraag.operatie.selection_set
        for stap in pad:
            veld = next(v for v in _velden(sel, fragmenten) if v.name.value == stap)
            soort = _kaal(soort.fields[stap].type)
            sel = veld.selection_set
        return self._kaal_schema(soort, sel, fragmenten)

    def _veld(self, t: GraphQLOutputType, sel: SelectionSetNode | None,
              fragmenten: dict[str, FragmentDefinitionNode]) -> dict[str, Any]:
        if isinstance(t, GraphQLNonNull):
            return self._zonder_leeg(t.of_type, sel, fragmenten)
        return kan_leeg(self._zonder_leeg(t, sel, fragmenten))

    def _zonder_leeg(self, t: Any, sel: SelectionSetNode | None,
                     fragmenten: dict[str, FragmentDefinitionNode]) -> dict[str, Any]:
        if isinstance(t, GraphQLList):
            return {"type": "array", "items": self._veld(t.of_type, sel, fragmenten)}
        return self._kaal_schema(t, sel, fragmenten)

    def _kaal_schema(self, t: Any, sel: SelectionSetNode | None,
                     fragmenten: dict[str, FragmentDefinitionNode]) -> dict[str, Any]:
        if isinstance(t, GraphQLEnumType):
            return self.keuzelijst(t)
        if isinstance(t, GraphQLObjectType) and sel is not None:
            return self._object(t, sel, fragmenten)
        return dict(SCALAIR.get(t.name, {"type": "string"}))

    def keuzelijst(self, t: GraphQLEnumType) -> dict[str, str]:
        return self._registreer(t.name, {"type": "string", "enum": list(t.values),
                                         **_beschrijving(t.description)})

    def _object(self, t: GraphQLObjectType, sel: SelectionSetNode,
                fragmenten: dict[str, FragmentDefinitionNode]) -> dict[str, Any]:
        eigenschappen: dict[str, Any] = {}
        for v in _velden(sel, fragmenten):
            definitie = t.fields[v.name.value]
            s = self._veld(definitie.type, v.selection_set, fragmenten)
            eigenschappen[v.name.value] = {**s, **_beschrijving(definitie.description)}
        enig = sel.selections[0] if len(sel.selections) == 1 else None
        naam = enig.name.value if isinstance(enig, FragmentSpreadNode) else t.name
        return self._registreer(naam, {
            "type": "object", **_beschrijving(t.description), "properties": eigenschappen,
            "required": list(eigenschappen)})

    def _registreer(self, naam: str, schema: dict[str, Any]) -> dict[str, str]:
        bestaand = self.componenten.setdefault(naam, schema)
        if bestaand != schema:  # een fout in de vragen van /v1, geen fout van een vrager
            raise ValueError(f"Twee selecties heten {naam}: geef een ervan een fragment.")
        return ref(naam)

    def met_links(self, naam: str, links: str) -> None:
        c = self.componenten[naam]
        c["properties"]["_links"] = ref(links)
        c["required"] = [*c["required"], "_links"]


def _beschrijving(tekst: str | None) -> dict[str, str]:
    return {"description": tekst} if tekst else {}


def _kaal(t: Any) -> Any:
    while isinstance(t, GraphQLNonNull | GraphQLList):
        t = t.of_type
    return t


def _fragmenten(vraag: Vraag) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in vraag.document.definitions
            if isinstance(d, FragmentDefinitionNode)}


def _velden(sel: SelectionSetNode | None, fragmenten: dict[str, FragmentDefinitionNode]
            ) -> Iterator[FieldNode]:
    """De velden van een selectie, met fragmenten uitgevouwen, elk één keer."""
    gezien: set[str] = set()
    for s in sel.selections if sel else ():
        if isinstance(s, FieldNode):
            onder: Iterator[FieldNode] = iter((s,))
        elif isinstance(s, FragmentSpreadNode):
            onder = _velden(fragmenten[s.name.value].selection_set, fragmenten)
        elif isinstance(s, InlineFragmentNode):
            onder = _velden(s.selection_set, fragmenten)
        for v in onder:
            if v.name.value not in gezien:
                gezien.add(v.name.value)
                yield v


# -- vaste onderdelen van het document ---------------------------------------------------------

LINKS = {
    "Link": {"type": "object", "description": "Een hyperlink (absolute URI).",
             "properties": {"href": {"type": "string", "format": "uri"}}, "required": ["href"]},
    "Links": {"type": "object", "description": "Links van een afspraak, op hetzelfde "
              "peilmoment als de vraag.", "properties": {
                  "self": ref("Link"), "gebeurtenissen": ref("Link")}, "required": ["self"]},
    "Paginalinks": {"type": "object", "description": "Deze pagina en (als er meer is) de "
                    "volgende.", "properties": {"self": ref("Link"), "next": ref("Link")},
                    "required": ["self"]},
    "Probleem": {
        "type": "object", "description": "Een fout volgens RFC 9457 (problem details).",
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"}, "status": {"type": "integer", "format": "int32"},
            "detail": {"type": "string", "description": "Wat er mis is, in het Nederlands."},
            "instance": {"type": "string", "format": "uri-reference"},
            "invalidParams": {"type": "array", "description": "Elke ongeldige parameter.",
                              "items": {"type": "object", "properties": {
                                  "name": {"type": "string"}, "reason": {"type": "string"}},
                                  "required": ["name", "reason"]}}},
        "required": ["type", "title", "status", "detail"]},
}


def probleem(status: int, beschrijving: str) -> dict[str, Any]:
    antwoord: dict[str, Any] = {"description": beschrijving,
                                "content": {PROBLEEM: {"schema": ref("Probleem")}}}
    if status == 503:
        antwoord["headers"] = {"Retry-After": {"description": "Over zoveel seconden opnieuw "
                                               "proberen.", "schema": {"type": "integer"}}}
    return {str(status): antwoord}


def antwoorden(schema: str, beschrijving: str, *fouten: int) -> dict[str, Any]:
    """De antwoorden van een operatie: 200 met `schema`, en problemen voor `fouten` (en altijd
    500 en 503)."""
    uit: dict[str, Any] = {"200": {"description": beschrijving, "content": {
        "application/json": {"schema": ref(schema)}}}}
    uitleg = {400: "Ongeldige vraag: een onbekende of ongeldige parameter, of een te grote "
                   "pagina.",
              401: "Het token in Authorization is ongeldig, verlopen of ingetrokken.",
              403: "Het toegangstoken mag niet lezen (het mist de scope om te lezen).",
              404: "Er is geen afspraak met dit id die u op dit peilmoment mag zien.",
              500: "Onverwachte fout in het register.",
              503: "Het register is bezet; probeer het na Retry-After seconden opnieuw."}
    for status in sorted({*fouten, 500, 503}):
        uit |= probleem(status, uitleg.get(status, TITELS.get(status, "Fout")))
    return uit


def bewerk(document: dict[str, Any], componenten: Mapping[str, Any]) -> dict[str, Any]:
    """FastAPI's document, bijgewerkt: onze schema's, geen 422 (een ongeldige vraag is een 400
    probleem), en de kop API-Version bij elk geslaagd antwoord (/core/version-header)."""
    for pad in document.get("paths", {}).values():
        for operatie in pad.values():
            operatie.get("responses", {}).pop("422", None)
            for status, antwoord in operatie.get("responses", {}).items():
                if status.startswith(("2", "3")):
                    antwoord["headers"] = {**VERSIEKOP, **antwoord.get("headers", {})}
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for naam in ("HTTPValidationError", "ValidationError"):
        schemas.pop(naam, None)
    schemas.update(componenten)
    return document
