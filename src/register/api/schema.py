"""Het GraphQL-schema: vragen, mutaties, foutentypen en de grenzen aan een verzoek."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from graphql import (
    DocumentNode, ExecutionResult, GraphQLError, StringValueNode, Visitor, visit,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules, MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, ParserCache,
    QueryDepthLimiter, SchemaExtension, ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from sqlalchemy.exc import TimeoutError as PoolVol
from strawberry.types import ExecutionContext

from register.api.fouten import (
    AfspraakIsAfgehecht, NietGevonden, NietToegestaan, Ongeldig, VersieConflict,
)
from register.api.abonnementen import AbonnementMutation, AbonnementQuery
from register.api.kosten import BegrensdeUitvoering
from register.api.leesverslag import LeesverslagQuery
from register.api.mutaties import (
    AfspraakMutation, IntegriteitMutation, MeldingMutation, PartijMutation, StatusMutation,
    VerplichtingMutation,
)
from register.api.queries import (
    AfspraakQuery, CitaatQuery, GeschiedenisQuery, IntegriteitQuery, OverheidQuery,
    VerschilQuery,
)
from register.api.tijdlijn import TijdlijnQuery
from register.api.vraag import VraagFout
from register.systeem.instellingen import Instellingen

log = logging.getLogger("register")
MASKER = "Onverwachte fout in het register; de beheerder vindt de details in de serverlog."
TEKSTFOUT = "Tekst in het verzoek mag geen NUL-teken of losse surrogaat (ongeldige Unicode) bevatten."


def _maskeer(fout: GraphQLError) -> bool:
    """Alleen onverwachte fouten in resolvers worden gemaskeerd; fouten in de vraag of de
    variabelen (zonder pad) en vraagfouten zeggen de beller wat er mis is. Een volle pool is
    niet onverwacht: de app maakt er een 503 van (zie app.py)."""
    return (fout.path is not None and fout.original_error is not None
            and not isinstance(fout.original_error, VraagFout | GraphQLError | PoolVol))


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


class RegisterSchema(Schema):
    """Logt een onverwachte fout met het verzoek-id (X-Request-ID); fouten in de vraag zijn
    geen serverfouten."""

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        verzoek = getattr(getattr(execution_context, "context", None), "verzoek_id", "-")
        for fout in errors:
            if isinstance(fout.original_error, PoolVol):
                log.warning("Geen vrije databaseverbinding (verzoek %s)", verzoek,
                            extra={"verzoek_id": verzoek})
            elif _maskeer(fout):
                log.error("Onverwachte fout in %s (verzoek %s)", fout.path, verzoek,
                          exc_info=fout.original_error, extra={"verzoek_id": verzoek})
            else:
                log.info("Fout in de vraag (verzoek %s): %s", verzoek, fout.message,
                         extra={"verzoek_id": verzoek})


# Per onderwerp een klasse; samen één Query en één Mutation, in deze volgorde (die van de velden
# in schema/schema.graphql).
QUERIES = (TijdlijnQuery, LeesverslagQuery, AfspraakQuery, VerschilQuery, CitaatQuery,
           GeschiedenisQuery, IntegriteitQuery, OverheidQuery, AbonnementQuery)
MUTATIES = (AfspraakMutation, PartijMutation, VerplichtingMutation, MeldingMutation,
            StatusMutation, IntegriteitMutation, AbonnementMutation)

# Zoveel verschillende vragen onthoudt de server geparst en gevalideerd. Begrensd: wie steeds
# een andere vraag stuurt, laat het geheugen niet groeien.
CACHE_VRAGEN = 256


def maak_schema(instellingen: Instellingen | None = None) -> Schema:
    """Het schema voor deze instellingen. Het schema hangt alleen af van de grenzen hieronder
    en houdt verder geen toestand bij (de caches van vragen zijn gedeeld per proces): elke app
    met dezelfde grenzen krijgt hetzelfde schema, en het opbouwen (±0,1 s) gebeurt één keer."""
    s = instellingen or Instellingen.model_construct()
    return _schema(s.max_diepte, s.max_aliassen, s.max_tokens, s.introspectie_aan)


@cache
def _schema(max_diepte: int, max_aliassen: int, max_tokens: int,
            introspectie_aan: bool) -> Schema:
    # De regels één keer per schema: de limiters maken bij elke constructie een nieuwe
    # regelklasse, en die hoort bij de sleutel van de validatiecache.
    regels = [*QueryDepthLimiter(max_depth=max_diepte).validation_rules,
              *MaxAliasesLimiter(max_alias_count=max_aliassen).validation_rules]
    if not introspectie_aan:
        regels.append(NoSchemaIntrospectionCustomRule)
    extensies: list[Callable[[], SchemaExtension]] = [
        lambda: AddValidationRules(regels),
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        # Na de tokengrens: die zet de parseeroptie en hoort bij de sleutel van de cache; een
        # vraag met te veel tokens geeft een fout en komt nooit in de cache.
        lambda: ParserCache(maxsize=CACHE_VRAGEN),
        lambda: ValidationCache(maxsize=CACHE_VRAGEN),
        GeldigeTekst,
        lambda: MaskErrors(should_mask_error=_maskeer, error_message=MASKER),
    ]
    # Zonder introspectie ook geen 'Did you mean …?': dat zou het schema alsnog prijsgeven.
    return RegisterSchema(
        query=merge_types("Query", QUERIES), mutation=merge_types("Mutation", MUTATIES),
        extensions=extensies,
        execution_context_class=BegrensdeUitvoering,
        config=StrawberryConfig(disable_field_suggestions=not introspectie_aan),
        types=[Ongeldig, VersieConflict, NietGevonden, NietToegestaan, AfspraakIsAfgehecht])


schema = maak_schema()
