"""Het GraphQL-schema: vragen, mutaties, foutentypen en de grenzen aan een verzoek."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    DocumentNode, ExecutionResult, GraphQLError, OperationType, StringValueNode, Visitor, visit,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules, MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, ParserCache,
    QueryDepthLimiter, SchemaExtension, ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from register.api.fouten import (
    AfspraakIsAfgehecht, NietGevonden, NietToegestaan, Ongeldig, VersieConflict,
)
from register.api.mutaties import Mutation
from register.api.queries import Query, VraagFout
from register.systeem.instellingen import Instellingen

log = logging.getLogger("register")
MASKER = "Onverwachte fout in het register; de beheerder vindt de details in de serverlog."
TEKSTFOUT = "Tekst in het verzoek mag geen NUL-teken of losse surrogaat (ongeldige Unicode) bevatten."


def _maskeer(fout: GraphQLError) -> bool:
    """Alleen onverwachte fouten in resolvers worden gemaskeerd; fouten in de vraag of de
    variabelen (zonder pad) en vraagfouten zeggen de beller wat er mis is."""
    return (fout.path is not None and fout.original_error is not None
            and not isinstance(fout.original_error, VraagFout | GraphQLError))


class _Teksten(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.teksten: list[str] = []

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        self.teksten.append(node.value)


def _geldige_tekst(waarde: object) -> bool:
    if isinstance(waarde, str):
        try:
            waarde.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return "\x00" not in waarde
    if isinstance(waarde, dict):
        return all(_geldige_tekst(k) and _geldige_tekst(v) for k, v in waarde.items())
    if isinstance(waarde, list):
        return all(_geldige_tekst(v) for v in waarde)
    return True


def _teksten(document: DocumentNode | None) -> list[str]:
    bezoeker = _Teksten()
    if document is not None:
        visit(document, bezoeker)
    return bezoeker.teksten


class GeldigeTekst(SchemaExtension):
    """Tekst met een NUL-teken of een losse surrogaat is geen invoer (geen database slaat haar
    op): een fout in het verzoek, in variabelen én in de vraag zelf, vóór het uitvoeren."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if not (_geldige_tekst(ctx.variables) and _geldige_tekst(_teksten(ctx.graphql_document))):
            ctx.result = ExecutionResult(data=None, errors=[GraphQLError(TEKSTFOUT)])
        yield


# Mutaties die geen gebeurtenis schrijven en dus andere schrijvers niet hoeven op te houden.
SCHRIJFT_NIET = frozenset({"integriteitControleren"})


class BuitenDeLoop(SchemaExtension):
    """De resolvers van vragen en mutaties zijn gewone functies die de database gebruiken; op
    het hoogste niveau draaien zij in een thread (zie Context.in_draad), zodat de event loop
    andere verzoeken blijft bedienen. Velden daaronder zijn gewone attributen en blijven
    zonder omweg."""

    def resolve(self, _next: Callable[..., Any], root: Any, info: Any, *args: Any,
                **kwargs: Any) -> Any:
        in_draad = getattr(info.context, "in_draad", None)
        if info.path.prev is not None or in_draad is None or info.field_name.startswith("__"):
            return _next(root, info, *args, **kwargs)
        schrijven = (info.operation.operation == OperationType.MUTATION
                     and info.field_name not in SCHRIJFT_NIET)
        return _wacht(in_draad(lambda: _next(root, info, *args, **kwargs), schrijven=schrijven))


async def _wacht(werk: Any) -> Any:
    uit = await werk
    return (await uit) if inspect.isawaitable(uit) else uit


class RegisterSchema(Schema):
    """Logt een onverwachte fout met het verzoek-id (X-Request-ID); fouten in de vraag zijn
    geen serverfouten."""

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        verzoek = getattr(getattr(execution_context, "context", None), "verzoek_id", "-")
        for fout in errors:
            if _maskeer(fout):
                log.error("Onverwachte fout in %s (verzoek %s)", fout.path, verzoek,
                          exc_info=fout.original_error, extra={"verzoek_id": verzoek})
            else:
                log.info("Fout in de vraag (verzoek %s): %s", verzoek, fout.message,
                         extra={"verzoek_id": verzoek})


# Zoveel verschillende vragen onthoudt de server geparst en gevalideerd. Begrensd: wie steeds
# een andere vraag stuurt, laat het geheugen niet groeien.
CACHE_VRAGEN = 256


def maak_schema(instellingen: Instellingen | None = None) -> Schema:
    s = instellingen or Instellingen.model_construct()
    # De regels één keer per schema: de limiters maken bij elke constructie een nieuwe
    # regelklasse, en die hoort bij de sleutel van de validatiecache.
    regels = [*QueryDepthLimiter(max_depth=s.max_diepte).validation_rules,
              *MaxAliasesLimiter(max_alias_count=s.max_aliassen).validation_rules]
    if not s.introspectie_aan:
        regels.append(NoSchemaIntrospectionCustomRule)
    extensies: list[Callable[[], SchemaExtension]] = [
        lambda: AddValidationRules(regels),
        lambda: MaxTokensLimiter(max_token_count=s.max_tokens),
        # Na de tokengrens: die zet de parseeroptie en hoort bij de sleutel van de cache; een
        # vraag met te veel tokens geeft een fout en komt nooit in de cache.
        lambda: ParserCache(maxsize=CACHE_VRAGEN),
        lambda: ValidationCache(maxsize=CACHE_VRAGEN),
        GeldigeTekst,
        BuitenDeLoop,
        lambda: MaskErrors(should_mask_error=_maskeer, error_message=MASKER),
    ]
    # Zonder introspectie ook geen 'Did you mean …?': dat zou het schema alsnog prijsgeven.
    return RegisterSchema(
        query=Query, mutation=Mutation, extensions=extensies,
        config=StrawberryConfig(disable_field_suggestions=not s.introspectie_aan),
        types=[Ongeldig, VersieConflict, NietGevonden, NietToegestaan, AfspraakIsAfgehecht])


schema = maak_schema()
