"""Per verzoek: wie vraagt, wat het mag kosten, één leesverbinding, en loaders die gebundeld
lezen (api/loaders.py). Het hele verzoek draait in één eigen thread (zie poort.Poort.in_draad):
wat hier de database gebruikt, houdt de event loop van de server niet op."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeAlias

import strawberry
from sqlalchemy import Connection, select
from strawberry.fastapi import BaseContext

from register.api.kosten import Budget
from register.api.loaders import Loaders
from register.domein.actor import Actor
from register.domein.tijdreizen import Peilmoment
from register.projecties.afspraken import AfsprakenLezer, afspraken
from register.systeem.instellingen import Instellingen
from register.systeem.leesverslag import Lezing
from register.systeem.opslag import LEZEN
from register.systeem.samenstel import Systeem


@dataclass
class Context(BaseContext):
    systeem: Systeem
    instellingen: Instellingen
    actor: Actor | None
    token_ongeldig: bool
    verzoek_id: str = "-"  # ook in de log van een onverwachte fout (X-Request-ID)
    # De scopes van een OAuth2-toegangstoken (systeem/clients.py); None: een token `ar_…` of
    # anoniem, zonder scopes (een token mag lezen en schrijven, anoniem alleen lezen).
    scopes: frozenset[str] | None = None
    budget: Budget | None = None
    _conn: Connection | None = None
    # de vertrouwelijke afspraken die dit verzoek teruggaf (voor het leesverslag)
    gelezen: list[Lezing] = field(default_factory=list)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        super().__init__()
        self.loaders = self._nieuwe_loaders()

    def _nieuwe_loaders(self) -> Loaders:
        return Loaders(lambda: self.conn, self.actor)

    @property
    def conn(self) -> Connection:
        """Eén leesverbinding voor de rest van het verzoek (op SQLite zonder schrijfslot)."""
        if self._conn is None:
            self._conn = self.systeem.engine.connect().execution_options(**LEZEN)
        return self._conn

    def verantwoord(self, afspraak_id: str, vertrouwelijk: bool, wat: str,
                    peil: Peilmoment | None) -> None:
        """Legt een lezing vast als de afspraak vertrouwelijk is."""
        if self.actor is None or not vertrouwelijk:
            return  # anoniem leest nooit een vertrouwelijke afspraak
        self.gelezen.append(Lezing(
            afspraak_id=afspraak_id, lezer=self.actor.overheid, beheerder=self.actor.beheerder,
            tijdstip=datetime.now(UTC), wat=wat, peil=peil, verzoek_id=self.verzoek_id))

    def verantwoord_ids(self, ids: Iterable[str], wat: str, peil: Peilmoment | None) -> None:
        """Zoals `verantwoord`, voor afspraken waarvan alleen het id bekend is: één query."""
        lijst = list(dict.fromkeys(ids))
        if self.actor is None or not lijst:
            return
        for aid in self.conn.execute(select(afspraken.c.id).where(
                afspraken.c.id.in_(lijst), afspraken.c.vertrouwelijk.is_(True))).scalars():
            self.verantwoord(aid, True, wat, peil)

    def mag(self, scope: str) -> bool:
        """Of het token van dit verzoek deze scope heeft (een token zonder scopes: ja)."""
        return self.scopes is None or scope in self.scopes

    def lezer(self) -> AfsprakenLezer:
        return AfsprakenLezer(self.conn, self.actor)

    def vers(self) -> None:
        """Na een schrijfactie: een nieuwe verbinding en nieuwe loaders, zodat de volgende
        lezing alles ziet."""
        self.sluit()
        self.loaders = self._nieuwe_loaders()

    def sluit(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


# Wat elke resolver als `info` krijgt: de context hierboven, zonder root-waarde.
Info: TypeAlias = strawberry.Info[Context, None]
