"""Wat een vraag mag kosten: vooraf een raming van het aantal velden in het antwoord (aliassen ×
paginagroottes × geneste lijsten), en tijdens het uitvoeren een teller van de velden die het
antwoord werkelijk krijgt, met een tijdslimiet. Beide in dezelfde eenheid: velden.

De raming kent de lengte van geneste lijsten niet (een afspraak kan 10 of 8.500 verplichtingen
hebben); zij rekent met een gangbare lengte per lijst. De teller vangt de rest: een vraag die
tijdens het uitvoeren boven het maximum komt, stopt daar en krijgt dezelfde fout."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode, FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLEnumType,
    GraphQLError, GraphQLField, GraphQLLeafType, GraphQLList, GraphQLNamedType, GraphQLNonNull,
    GraphQLObjectType, GraphQLSchema, InlineFragmentNode, IntValueNode, OperationDefinitionNode,
    SelectionSetNode, Undefined, VariableNode, is_leaf_type, value_from_ast_untyped,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# Gangbare lengte van een lijst waarvan de raming de echte lengte niet kent. `edges` volgt
# `first` van de connectie erboven (standaard STANDAARD_PAGINA).
LIJSTLENGTE: Mapping[str, int] = {
    "overheden": 1500, "gebeurtenissen": 10, "partijen": 10, "verplichtingen": 10,
    "bedragen": 5, "relaties": 3, "inkomendeRelaties": 5, "tegenstrijdigheden": 1,
    "verwijzingen": 2, "bronnen": 2, "hoeveelheden": 2, "namens": 5, "pad": 32,
}
ONBEKENDE_LIJST = 5
STANDAARD_PAGINA = 20
# Dieper dan dit raamt de raming niet: de diepte- en tokengrenzen weigeren zo'n vraag toch.
MAX_RAAMDIEPTE = 64

TE_DUUR = "TE_DUUR"
MEERDERE_OPERATIES = "OPERATIENAAM_ONTBREEKT"
ONBEKENDE_OPERATIE = "ONBEKENDE_OPERATIE"


class TeDuur(GraphQLError):
    """Het antwoord wordt groter of duurt langer dan de vrager is toegestaan."""

    def __init__(self, melding: str, **extensies: Any) -> None:
        super().__init__(melding, extensions={"code": TE_DUUR, **extensies})


# De echte lengte van een lijst als die vooraf vaststaat (veldnaam, argumenten), anders None.
Lengte = Callable[[str, Mapping[str, Any]], "int | None"]


def raam(schema: GraphQLSchema, document: DocumentNode, operatie: OperationDefinitionNode,
         variabelen: Mapping[str, Any] | None, lengte: Lengte | None = None,
         max_pagina: int = 100) -> int:
    """Het hoogste aantal velden dat het antwoord kan krijgen: met de echte lengte waar
    `lengte` die kent, anders met de gangbare. Een `first` boven `max_pagina` telt als
    `max_pagina`: de vraag zelf weigert hem met een eigen, duidelijker melding."""
    fragmenten = {d.name.value: d for d in document.definitions
                  if isinstance(d, FragmentDefinitionNode)}
    wortel = schema.get_root_type(operatie.operation)
    if wortel is None:
        return 0
    return _Raming(schema, fragmenten, dict(variabelen or {}), lengte, max_pagina).selectie(
        operatie.selection_set, wortel, None, 0)


def kies_operatie(document: DocumentNode, naam: str | None) -> OperationDefinitionNode | None:
    """De operatie die wordt uitgevoerd; None als er geen is (de validatie meldt dat).
    Meerdere operaties zonder naam, of een naam die er niet in staat: een fout met een code,
    niet stilzwijgend de eerste (of een kale HTTP 400)."""
    operaties = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if naam is not None and not isinstance(naam, str):  # JSON laat elk type toe
        raise GraphQLError("operationName moet een tekst zijn (of ontbreken).",
                           extensions={"code": ONBEKENDE_OPERATIE})
    if naam is None:
        if len(operaties) > 1:
            raise GraphQLError("Het verzoek bevat meerdere operaties: noem met operationName "
                               "welke moet worden uitgevoerd.",
                               extensions={"code": MEERDERE_OPERATIES})
        return operaties[0] if operaties else None
    gekozen = next((o for o in operaties if o.name and o.name.value == naam), None)
    if gekozen is None and operaties:
        raise GraphQLError(f"Het verzoek bevat geen operatie met de naam '{naam[:60]}'.",
                           extensions={"code": ONBEKENDE_OPERATIE})
    return gekozen


@dataclass
class _Raming:
    schema: GraphQLSchema
    fragmenten: dict[str, FragmentDefinitionNode]
    variabelen: dict[str, Any]
    lengte: Lengte | None
    max_pagina: int
    _onthouden: dict[tuple[str, int | None], int] = field(default_factory=dict)

    def selectie(self, sel: SelectionSetNode, ouder: GraphQLNamedType, eerste: int | None,
                 diepte: int) -> int:
        if diepte > MAX_RAAMDIEPTE:
            return 0
        totaal = 0
        for s in sel.selections:
            if isinstance(s, FieldNode):
                totaal += self.veld(s, ouder, eerste, diepte)
            elif isinstance(s, InlineFragmentNode):
                soort = (self.schema.get_type(s.type_condition.name.value)
                         if s.type_condition else ouder)
                if soort is not None:
                    totaal += self.selectie(s.selection_set, soort, eerste, diepte + 1)
            elif isinstance(s, FragmentSpreadNode):
                totaal += self.fragment(s.name.value, eerste, diepte)
        return totaal

    def fragment(self, naam: str, eerste: int | None, diepte: int) -> int:
        sleutel = (naam, eerste)
        if sleutel not in self._onthouden:
            self._onthouden[sleutel] = 0  # een kring van fragmenten weigert de validatie
            f = self.fragmenten.get(naam)
            soort = self.schema.get_type(f.type_condition.name.value) if f else None
            if f is not None and soort is not None:
                self._onthouden[sleutel] = self.selectie(f.selection_set, soort, eerste,
                                                         diepte + 1)
        return self._onthouden[sleutel]

    def veld(self, node: FieldNode, ouder: GraphQLNamedType, eerste: int | None,
             diepte: int) -> int:
        definitie = getattr(ouder, "fields", {}).get(node.name.value)
        if definitie is None:  # __typename, of een veld dat de validatie weigert
            return 1
        soort, lijst = definitie.type, False
        while isinstance(soort, GraphQLNonNull | GraphQLList):
            lijst = lijst or isinstance(soort, GraphQLList)
            soort = soort.of_type
        aantal = self._lengte(node, eerste) if lijst else 1
        if "first" in definitie.args:
            eerste = self._eerste(node)
        onder = self.selectie(node.selection_set, soort, eerste, diepte + 1) \
            if node.selection_set else 0
        return aantal * (1 + onder)

    def _lengte(self, node: FieldNode, eerste: int | None) -> int:
        naam = node.name.value
        if naam == "edges" and eerste is not None:
            return eerste
        if self.lengte is not None:
            argumenten = {a.name.value: value_from_ast_untyped(a.value, self.variabelen)
                          for a in node.arguments or ()}
            echt = self.lengte(naam, argumenten)
            if echt is not None:
                return echt
        return LIJSTLENGTE.get(naam, ONBEKENDE_LIJST)

    def _eerste(self, node: FieldNode) -> int:
        for a in node.arguments or ():
            if a.name.value != "first":
                continue
            w: Any = a.value
            v = (int(w.value) if isinstance(w, IntValueNode)
                 else self.variabelen.get(w.name.value) if isinstance(w, VariableNode) else None)
            return min(max(0, v), self.max_pagina) if isinstance(v, int) else STANDAARD_PAGINA
        return STANDAARD_PAGINA


@dataclass
class Budget:
    """Hoeveel velden en hoeveel tijd één verzoek mag gebruiken."""

    max_velden: int
    max_seconden: float
    velden: int = 0
    overschreden: TeDuur | None = None
    _eind: float = field(init=False, default=0.0)

    def begin(self) -> None:
        self._eind = time.monotonic() + self.max_seconden

    def veld(self) -> None:
        self.velden += 1
        if self.overschreden is not None:
            raise self.overschreden
        if self.velden > self.max_velden:
            self.overschreden = TeDuur(
                f"Het antwoord wordt groter dan {self.max_velden} velden; vraag minder velden "
                "of een kleinere pagina (first).", maximum=self.max_velden)
            raise self.overschreden
        if self.velden % 256 == 0 and self._eind and time.monotonic() > self._eind:
            self.overschreden = TeDuur(
                f"Het antwoord duurt langer dan {self.max_seconden:g} s; vraag minder velden "
                "of een kleinere pagina (first).", maximum_seconden=self.max_seconden)
            raise self.overschreden


class BegrensdeUitvoering(StrawberryGraphQLCoreExecutionContext):
    """Telt elk veld van het antwoord tegen het budget van het verzoek (als de context er een
    heeft): een antwoord dat te groot wordt of te lang duurt, stopt bij het eerste veld te
    veel, ook als de lijsten langer zijn dan de raming aannam."""

    def execute_field(self, *args: Any, **kwargs: Any) -> Any:
        budget: Budget | None = getattr(self.context_value, "budget", None)
        if budget is not None:
            budget.veld()
        # (ouder, bron, veldgegevens, pad, positie), zoals graphql-core haar altijd aanroept
        snel = self._snel(args[0], args[2][0].node) if len(args) == 5 else None
        if snel is not None:
            # Een blad zonder resolver (de waarde is een attribuut): wat de gewone weg ook doet,
            # zonder per veld een ResolveInfo te bouwen. Alles wat geen gewone waarde is (null
            # waar dat niet mag, een fout), gaat langs de gewone weg, die het meldt.
            resolver, blad, verplicht, namen = snel
            try:
                waarde = resolver(args[1], None)
                if waarde is None or waarde is Undefined:
                    if not verplicht:
                        return None
                elif not isinstance(waarde, Exception) and not self.is_awaitable(waarde):
                    uit = _als_blad(blad, namen, waarde)
                    if uit is not None and uit is not Undefined:
                        return uit
            except Exception:  # de gewone weg hieronder meldt de fout
                pass
        return super().execute_field(*args, **kwargs)

    def _snel(self, ouder: GraphQLObjectType, node: FieldNode) -> _Snel | None:
        plannen: dict[tuple[str, str], _Snel | None] | None = self.__dict__.get("_plannen")
        if plannen is None:
            plannen = self.__dict__["_plannen"] = {}
        sleutel = (ouder.name, node.name.value)
        if sleutel not in plannen:
            mm = self.middleware_manager
            plannen[sleutel] = _snel_plan(self.schema.get_field(ouder, node.name.value),
                                          mm is None or not mm.middlewares)
        return plannen[sleutel]


# De resolver van een blad zonder eigen resolver, zijn type, of het verplicht is, en bij een
# enum de namen van de waarden die deze vraag al tegenkwam.
_Snel = tuple[Callable[[Any, None], Any], GraphQLLeafType, bool, dict[Any, Any] | None]


def _als_blad(blad: GraphQLLeafType, namen: dict[Any, Any] | None, waarde: Any) -> Any:
    """`coerce_output_value`; van een enum per waarde één keer (Strawberry zoekt haar naam
    lineair op tussen alle waarden)."""
    if namen is None:
        return blad.coerce_output_value(waarde)
    sleutel = (type(waarde), waarde)
    if sleutel not in namen:
        namen[sleutel] = blad.coerce_output_value(waarde)
    return namen[sleutel]


def _snel_plan(veld: GraphQLField | None, zonder_middleware: bool) -> _Snel | None:
    """Een veld dat de snelle weg mag nemen: een Strawberry-veld zonder resolver, argumenten of
    extensies (zijn resolver leest alleen het attribuut en negeert info) met een scalar of
    enum als type."""
    if veld is None or veld.args or veld.resolve is None or not zonder_middleware:
        return None
    definitie = veld.extensions.get("strawberry-definition")
    if not (getattr(veld.resolve, "_is_default", False)
            and getattr(definitie, "is_basic_field", False)):
        return None
    soort = veld.type.of_type if isinstance(veld.type, GraphQLNonNull) else veld.type
    if not is_leaf_type(soort):
        return None
    return (veld.resolve, soort, isinstance(veld.type, GraphQLNonNull),
            {} if isinstance(soort, GraphQLEnumType) else None)
