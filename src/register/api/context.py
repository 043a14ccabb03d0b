"""Per verzoek: wie vraagt, wat het mag kosten, één leesverbinding, en loaders die gebundeld
lezen. Het hele verzoek draait in één eigen thread (zie poort.Poort.in_draad): wat hier de
database gebruikt, houdt de event loop van de server niet op."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from register.api.kosten import Budget
from register.domein.actor import Actor
from register.domein.tijdreizen import Peilmoment
from register.projecties import integriteit as lm_integriteit
from register.projecties.afspraken import AfspraakOp, AfsprakenLezer, afspraken
from register.projecties.gebeurtenissen import geschiedenis
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
    afspraken: DataLoader[tuple[str, Peilmoment], AfspraakOp | None] = field(init=False)
    geschiedenissen: DataLoader[str, list[Any]] = field(init=False)
    bladen: DataLoader[tuple[str, int], bytes | None] = field(init=False)
    wijzers: DataLoader[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        super().__init__()
        self.afspraken = DataLoader(load_fn=self._laad_afspraken)
        self.geschiedenissen = DataLoader(load_fn=self._laad_geschiedenissen)
        self.bladen = DataLoader(load_fn=self._laad_bladen)
        self.wijzers = DataLoader(load_fn=self._laad_wijzers)

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
        """Na een schrijfactie: een nieuwe verbinding, zodat de volgende lezing alles ziet."""
        self.sluit()
        self.afspraken.clear_all()
        self.geschiedenissen.clear_all()
        self.bladen.clear_all()
        self.wijzers.clear_all()

    async def _laad_afspraken(self, sleutels: list[tuple[str, Peilmoment]]
                              ) -> list[AfspraakOp | None]:
        per_peil: dict[Peilmoment, list[str]] = defaultdict(list)
        for afspraak_id, peil in sleutels:
            per_peil[peil].append(afspraak_id)
        gevonden: dict[tuple[str, Peilmoment], AfspraakOp] = {}
        for peil, ids in per_peil.items():
            for afspraak_id, a in self.lezer().veel(ids, peil).items():
                gevonden[(afspraak_id, peil)] = a
        return [gevonden.get(s) for s in sleutels]

    async def _laad_wijzers(self, ids: list[str]) -> list[list[str]]:
        """Welke afspraken ooit een relatie naar deze hadden; één query."""
        gevonden = self.lezer().wijzend_naar(ids)
        return [gevonden[i] for i in ids]

    async def _laad_geschiedenissen(self, ids: list[str]) -> list[list[Any]]:
        """De gebeurtenis-rijen van afspraken die de vrager al mocht zien; één query."""
        gevonden = geschiedenis(self.conn, ids)
        return [gevonden[i] for i in ids]

    async def _laad_bladen(self, sleutels: list[tuple[str, int]]) -> list[bytes | None]:
        """De bladhashes van gebeurtenissen (afspraak, versie); één query."""
        gevonden: dict[Any, bytes] = lm_integriteit.hashes(self.conn, sleutels)
        return [gevonden.get(s) for s in sleutels]

    def sluit(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
