"""Het GraphQL-schema: vragen, mutaties, foutentypen en de grenzen aan een verzoek."""

from __future__ import annotations

from collections.abc import Callable

from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules, MaskErrors, SchemaExtension, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter,
)

from register.api.fouten import (
    AfspraakIsAfgehecht, NietGevonden, NietToegestaan, Ongeldig, VersieConflict,
)
from register.api.mutaties import Mutation
from register.api.queries import Query, VraagFout
from register.systeem.instellingen import Instellingen


def _maskeer(fout: GraphQLError) -> bool:
    """Alleen onverwachte fouten in resolvers worden gemaskeerd; fouten in de vraag of de
    variabelen (zonder pad) en vraagfouten zeggen de beller wat er mis is."""
    return (fout.path is not None and fout.original_error is not None
            and not isinstance(fout.original_error, VraagFout | GraphQLError))


def maak_schema(instellingen: Instellingen | None = None) -> Schema:
    s = instellingen or Instellingen.model_construct()
    extensies: list[Callable[[], SchemaExtension]] = [
        lambda: QueryDepthLimiter(max_depth=s.max_diepte),
        lambda: MaxAliasesLimiter(max_alias_count=s.max_aliassen),
        lambda: MaxTokensLimiter(max_token_count=s.max_tokens),
        lambda: MaskErrors(should_mask_error=_maskeer,
                           error_message="Onverwachte fout in het register; de beheerder vindt "
                           "de details in de serverlog."),
    ]
    if not s.introspectie_aan:
        extensies.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    return Schema(query=Query, mutation=Mutation, extensions=extensies,
                  types=[Ongeldig, VersieConflict, NietGevonden, NietToegestaan,
                         AfspraakIsAfgehecht])


schema = maak_schema()
