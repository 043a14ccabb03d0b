"""De queryparameters van /v1: de vier assen van het peilmoment, de paginering en de filters.
De filters komen uit de invoertypen van het GraphQL-schema (AfspraakFilter,
VerplichtingFilter): dezelfde namen, dezelfde toegestane waarden, dezelfde beschrijvingen, en
een filter dat GraphQL erbij krijgt, heeft REST meteen ook. Elke parameter wordt hier gelezen
met een Nederlandse melding; een onbekende parameter is een fout (een tikfout in `geldigOp`
gaf anders stil een antwoord over vandaag), en alle fouten komen samen terug."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLEnumType, GraphQLInputObjectType, GraphQLInputType, GraphQLNonNull, GraphQLScalarType,
    GraphQLSchema,
)

from register.api.dossier import OngeldigeVraag, lees_datum, lees_tijdstip
from register.api.v1.probleem import ongeldig

DATUM = {"type": "string", "format": "date"}
TIJDSTIP = {"type": "string", "format": "date-time"}
AS_BESCHRIJVING = {
    "geldigOp": "Peilmoment: de dag waarop de inhoud geldt (JJJJ-MM-DD; standaard vandaag in "
                "Nederland).",
    "juridischWerkendOp": "Peilmoment: alleen besluiten die op deze dag juridisch werkend "
                          "waren (JJJJ-MM-DD; standaard geen grens).",
    "bekendOp": "Peilmoment: alleen wat op deze dag bekend (gepubliceerd) was (JJJJ-MM-DD; "
                "standaard geen grens).",
    "ontvangenOp": "Peilmoment: alleen wat het register op dit tijdstip had ontvangen (ISO "
                   "8601, elke tijdzone; zonder tijdzone UTC; standaard geen grens).",
}
ASSEN = tuple(AS_BESCHRIJVING)
# Voor filtervelden die in het GraphQL-schema geen beschrijving hebben.
STANDAARD_BESCHRIJVING = {
    "partij": "Alleen waar deze overheid (haar id, een TOOI-URI) partij is.",
    "programma": "Alleen afspraken van dit programma, zoals NPLG of NOVEX.",
    "soort": "Alleen afspraken van deze instrumentsoort, zoals 'convenant'.",
    "status": "Alleen met deze status op het peilmoment.",
}


@dataclass(frozen=True)
class Parameter:
    """Een queryparameter: waar zij in de GraphQL-variabelen komt (`doel`, een pad) en hoe
    zij gelezen wordt (`lees` geeft de waarde of werpt ValueError met de reden)."""

    naam: str
    doel: tuple[str, ...]
    schema: Mapping[str, Any]
    beschrijving: str
    lees: Callable[[str], Any]
    # Een keuzelijst uit het GraphQL-schema: in het document een schema met haar naam, zodat
    # een client voor filter en antwoord hetzelfde type heeft.
    keuzelijst: GraphQLEnumType | None = None

    def openapi(self) -> dict[str, Any]:
        return {"name": self.naam, "in": "query", "required": False,
                "description": self.beschrijving, "schema": dict(self.schema)}


def _uit(lezer: Callable[[str, str], Any], naam: str) -> Callable[[str], Any]:
    def lees(tekst: str) -> Any:
        try:
            return lezer(naam, tekst).isoformat()
        except OngeldigeVraag as e:
            raise ValueError(str(e)) from None
    return lees


def assen() -> list[Parameter]:
    return [Parameter(naam, (naam,), TIJDSTIP if naam == "ontvangenOp" else DATUM,
                      AS_BESCHRIJVING[naam],
                      _uit(lees_tijdstip if naam == "ontvangenOp" else lees_datum, naam))
            for naam in ASSEN]


STANDAARD_PAGINA = 20


def paginering(max_pagina: int, standaard: int = STANDAARD_PAGINA) -> list[Parameter]:
    def limiet(tekst: str) -> int:
        tekst = tekst.strip()
        if not (tekst.isascii() and tekst.isdigit()) or not 1 <= int(tekst) <= max_pagina:
            raise ValueError(f"limit moet een geheel getal van 1 tot en met {max_pagina} zijn.")
        return int(tekst)

    return [
        Parameter("limit", ("first",), {"type": "integer", "minimum": 1,
                                        "maximum": max_pagina, "default": standaard},
                  f"Zoveel resultaten per pagina (standaard {standaard}, hoogstens "
                  f"{max_pagina}).", limiet),
        Parameter("cursor", ("after",), {"type": "string"},
                  "Waar de pagina begint: de cursor uit de link `_links.next` van de vorige "
                  "pagina (ondoorzichtig; volg bij voorkeur die link zelf).", str),
    ]


def filters(schema: GraphQLSchema, invoertype: str, voorvoegsel: str = "",
            pad: tuple[str, ...] = ("filter",)) -> list[Parameter]:
    """Een parameter per veld van het invoertype; een genest invoertype (VerplichtingFilter.
    afspraak) met zijn naam als voorvoegsel: `afspraakStatus`. Lijsten biedt REST niet aan."""
    t = schema.get_type(invoertype)
    assert isinstance(t, GraphQLInputObjectType), invoertype
    uit: list[Parameter] = []
    for veld, f in t.fields.items():
        naam = voorvoegsel + veld[0].upper() + veld[1:] if voorvoegsel else veld
        soort: GraphQLInputType = f.type.of_type if isinstance(f.type, GraphQLNonNull) else f.type
        if isinstance(soort, GraphQLInputObjectType):
            uit += filters(schema, soort.name, naam, (*pad, veld))
            continue
        gelezen = _scalair(naam, soort)
        if gelezen is not None:
            beschrijving = f.description or STANDAARD_BESCHRIJVING.get(veld, "")
            if voorvoegsel:
                beschrijving = f"Van de afspraak: {beschrijving[0].lower()}{beschrijving[1:]}"
            uit.append(Parameter(naam, (*pad, veld), gelezen[0], beschrijving, gelezen[1],
                                 soort if isinstance(soort, GraphQLEnumType) else None))
    return uit


def _scalair(naam: str, soort: GraphQLInputType
             ) -> tuple[dict[str, Any], Callable[[str], Any]] | None:
    if isinstance(soort, GraphQLEnumType):
        waarden = list(soort.values)

        def keuze(tekst: str) -> str:
            if tekst not in waarden:
                raise ValueError(f"{naam} kent alleen {', '.join(waarden)}.")
            return tekst
        return {"$ref": f"#/components/schemas/{soort.name}"}, keuze
    if not isinstance(soort, GraphQLScalarType):
        return None
    if soort.name in ("String", "ID"):
        return {"type": "string"}, str
    if soort.name == "Date":
        return DATUM, _uit(lees_datum, naam)
    if soort.name == "DateTime":
        return TIJDSTIP, _uit(lees_tijdstip, naam)
    return None


def lees(query: Sequence[tuple[str, str]], parameters: Sequence[Parameter]
         ) -> dict[str, Any]:
    """De GraphQL-variabelen uit de queryparameters. Een lege waarde is geen waarde; een
    onbekende of dubbele parameter en elke ongeldige waarde: één 400 met alle fouten."""
    bekend = {p.naam: p for p in parameters}
    fouten: list[tuple[str, str]] = []
    variabelen: dict[str, Any] = {}
    gezien: set[str] = set()
    for naam, tekst in query:
        p = bekend.get(naam)
        if p is None:
            fouten.append((naam[:40], _onbekend(naam, bekend)))
        elif naam in gezien:
            fouten.append((naam, f"{naam} staat meer dan eens in de vraag."))
        elif tekst.strip():
            try:
                _zet(variabelen, p.doel, p.lees(tekst.strip()))
            except ValueError as e:
                fouten.append((naam, str(e)))
        gezien.add(naam)
    if fouten:
        raise ongeldig(fouten)
    return variabelen


def _onbekend(naam: str, bekend: Mapping[str, Parameter]) -> str:
    melding = f"De parameter '{naam[:40]}' bestaat hier niet"
    gelijkend = difflib.get_close_matches(naam, list(bekend), n=1, cutoff=0.6)
    kandidaat = next((b for b in bekend if b.lower() == naam.lower()), None) or (
        gelijkend[0] if gelijkend else None)
    return f"{melding}; bedoelt u {kandidaat}?" if kandidaat else (
        f"{melding}; deze vraag kent {', '.join(bekend)}.")


def _zet(variabelen: dict[str, Any], pad: tuple[str, ...], waarde: Any) -> None:
    for stap in pad[:-1]:
        variabelen = variabelen.setdefault(stap, {})
    variabelen[pad[-1]] = waarde
