"""Verwachte fouten als GraphQL-typen: leden van de resultaat-unie, nooit een kale string."""

from __future__ import annotations

from typing import Annotated

import strawberry

from register.api.integriteit import Integriteit
from register.api.typen import Afspraak, Gebeurtenis
from register.domein import fouten as domein


@strawberry.interface(description="Elke verwachte fout: een code en een melding in het Nederlands.")
class Fout:
    code: str
    melding: str


@strawberry.type
class Veldfout:
    veld: str
    melding: str


@strawberry.type
class Ongeldig(Fout):
    velden: list[Veldfout]


@strawberry.type
class VersieConflict(Fout):
    verwachte_versie: int
    huidige_versie: int


@strawberry.type
class NietGevonden(Fout):
    pass


@strawberry.type
class NietToegestaan(Fout):
    pass


@strawberry.type
class AfspraakIsAfgehecht(Fout):
    pass


@strawberry.type
class AfspraakOpgeslagen:
    afspraak: Afspraak
    gebeurtenis: Gebeurtenis


AfspraakResultaat = Annotated[
    AfspraakOpgeslagen | Ongeldig | VersieConflict | NietGevonden | NietToegestaan
    | AfspraakIsAfgehecht,
    strawberry.union("AfspraakResultaat"),
]

IntegriteitResultaat = Annotated[
    Integriteit | NietToegestaan, strawberry.union("IntegriteitResultaat")]


VerwachteFout = Ongeldig | VersieConflict | NietGevonden | NietToegestaan | AfspraakIsAfgehecht

_ZONDER_VELDEN: dict[type[domein.RegisterFout],
                     type[NietGevonden | NietToegestaan | AfspraakIsAfgehecht]] = {
    domein.NietGevonden: NietGevonden, domein.NietToegestaan: NietToegestaan,
    domein.AfspraakIsAfgehecht: AfspraakIsAfgehecht}


def als_resultaat(f: domein.RegisterFout) -> VerwachteFout:
    if isinstance(f, domein.Ongeldig):
        return Ongeldig(code=f.code, melding=f.melding,
                        velden=[Veldfout(veld=v.veld, melding=v.melding) for v in f.velden])
    if isinstance(f, domein.VersieConflict):
        return VersieConflict(code=f.code, melding=f.melding,
                              verwachte_versie=f.verwachte_versie,
                              huidige_versie=f.huidige_versie)
    return _ZONDER_VELDEN[type(f)](code=f.code, melding=f.melding)
