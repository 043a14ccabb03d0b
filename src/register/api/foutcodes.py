"""De machineleesbare code van elke fout in een GraphQL-antwoord (`errors[].extensions.code`).

Verwachte fouten van een mutatie zijn geen `errors` maar leden van de resultaat-unie, met hun
eigen `code` (api/fouten.py). Wat hier staat, is wat een client in `errors` kan krijgen; de
lijst met betekenis en wat een client ermee doet, staat in docs/foutcodes.md.

Eén plek geeft elke fout haar code: `codeer`, na het uitvoeren (poort.na_uitvoering, voor de
server, het werkproces en het dossier) en nog eens vlak voor het antwoord (Router.process_result).
Een fout die al een code heeft (TE_DUUR, OPERATIENAAM_ONTBREEKT, …), houdt die."""

from __future__ import annotations

import logging
import re

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from register.api.integriteit import ALLEEN_BEHEERDER
from register.api.kosten import MEERDERE_OPERATIES, ONBEKENDE_OPERATIE, TE_DUUR
from register.api.schema import TEKSTFOUT
from register.api.vraag import ONGELDIGE_CURSOR, VraagFout

log = logging.getLogger("register")

SYNTAXFOUT = "SYNTAXFOUT"  # het document is geen GraphQL
ONGELDIGE_VRAAG = "ONGELDIGE_VRAAG"  # past niet op het schema (onbekend veld, verkeerd type, …)
ONGELDIGE_VARIABELEN = "ONGELDIGE_VARIABELEN"  # een variabele past niet op haar type
ONGELDIGE_INVOER = "ONGELDIGE_INVOER"  # goed getypeerd, maar het register kan er niets mee
ONGELDIGE_CURSOR_CODE = "ONGELDIGE_CURSOR"
NIET_TOEGESTAAN = "NIET_TOEGESTAAN"
OPERATIENAAM_ONTBREEKT = MEERDERE_OPERATIES
BEZET = "BEZET"  # 503 met Retry-After (app.py)
TE_GROOT = "TE_GROOT"  # 413: het verzoek is groter dan max_verzoek_bytes (app.BegrensOmvang)
TE_TRAAG = "TE_TRAAG"  # 408: het verzoek kwam niet op tijd binnen (app.BegrensOmvang)
INTERN = "INTERN"  # onverwacht, in een resolver: gemaskeerd, de details in de serverlog

CODES = (SYNTAXFOUT, ONGELDIGE_VRAAG, ONGELDIGE_VARIABELEN, ONGELDIGE_INVOER,
         ONGELDIGE_CURSOR_CODE, NIET_TOEGESTAAN, ONBEKENDE_OPERATIE, OPERATIENAAM_ONTBREEKT,
         TE_DUUR, BEZET, TE_GROOT, TE_TRAAG, INTERN)

# Vraagfouten met een eigen code; elke andere vraagfout is ONGELDIGE_INVOER.
_VRAAGFOUTEN = {ONGELDIGE_CURSOR: ONGELDIGE_CURSOR_CODE, ALLEEN_BEHEERDER: NIET_TOEGESTAAN}
# De grenzen aan een verzoek die graphql-core en strawberry als syntax- of validatiefout melden:
# te veel tokens (MaxTokensLimiter), te diep (QueryDepthLimiter), te veel aliassen
# (MaxAliasesLimiter). Voor de client is dat hetzelfde als een te dure vraag.
_GRENZEN = re.compile(r"Document contains more than \d+ tokens|exceeds maximum operation "
                      r"depth of \d+|aliases found\. Allowed: \d+")
# graphql-core meldt elke fout in de waarden van de variabelen zo (coerce_variable_values).
_VARIABELE = "Variable '$"


def code_van(fout: GraphQLError, vooraf: bool) -> str:
    """De code van één fout; `vooraf`: de fout kwam vóór het uitvoeren (ontleden, valideren)."""
    bestaand = (fout.extensions or {}).get("code")
    if isinstance(bestaand, str):
        return bestaand
    oorzaak = fout.original_error
    if isinstance(oorzaak, VraagFout):
        return _VRAAGFOUTEN.get(str(oorzaak), ONGELDIGE_INVOER)
    if fout.path is not None:  # in een resolver, en geen vraagfout: gemaskeerd (schema.py)
        return INTERN
    if vooraf:
        return _vooraf(fout)
    if fout.message == TEKSTFOUT:
        return ONGELDIGE_INVOER
    # Wat graphql-core verder zonder pad meldt, gaat over het verzoek: de waarden van de
    # variabelen, of welke operatie (de Router vangt dat laatste al eerder, met een eigen code).
    return ONGELDIGE_VARIABELEN if fout.message.startswith(_VARIABELE) else ONGELDIGE_VRAAG


def _vooraf(fout: GraphQLError) -> str:
    """Ontleden en valideren bekijken alleen het document (geen database): ook een uitzondering
    daarin komt door de vraag, zoals een lege selectie '{}' die strawberry's dieptegrens laat
    struikelen. Zij houdt haar melding en komt met haar traceback in de serverlog."""
    if _GRENZEN.search(fout.message):
        return TE_DUUR
    if isinstance(fout, GraphQLSyntaxError):
        return SYNTAXFOUT
    oorzaak = fout.original_error
    if oorzaak is not None and not isinstance(oorzaak, GraphQLError) and not fout.nodes:
        log.warning("Een vraag liet het controleren struikelen: %s", fout.message,
                    exc_info=oorzaak)
    return ONGELDIGE_VRAAG


def codeer(r: ExecutionResult) -> ExecutionResult:
    """Geeft elke fout in het antwoord die nog geen code heeft, haar code. Onverwachte fouten in
    een resolver heeft schema.py dan al gemaskeerd (en gelogd): zij worden INTERN."""
    vooraf = isinstance(r, PreExecutionError)
    for fout in r.errors or ():
        if not isinstance((fout.extensions or {}).get("code"), str):
            fout.extensions = {**(fout.extensions or {}), "code": code_van(fout, vooraf)}
    return r


def codes(r: ExecutionResult) -> list[str]:
    """De code van elke fout in een antwoord (voor de metrieken)."""
    return [code_van(f, isinstance(r, PreExecutionError)) for f in r.errors or ()]
