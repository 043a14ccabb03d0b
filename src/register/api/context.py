"""Per verzoek: wie vraagt, welke verbinding, en een loader die afspraken gebundeld leest."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from register.domein.actor import Actor
from register.domein.tijdreizen import Peilmoment
from register.projecties.afspraken import AfspraakOp, AfsprakenLezer
from register.projecties.gebeurtenissen import geschiedenis
from register.systeem.instellingen import Instellingen
from register.systeem.opslag import LEZEN
from register.systeem.samenstel import Systeem

T = TypeVar("T")
_SCHRIJVEN = threading.Lock()


@dataclass
class Context(BaseContext):
    systeem: Systeem
    instellingen: Instellingen
    actor: Actor | None
    token_ongeldig: bool
    verzoek_id: str = "-"  # ook in de log van een onverwachte fout (X-Request-ID)
    _conn: Connection | None = None
    _werk: Connection | None = None
    afspraken: DataLoader[tuple[str, Peilmoment], AfspraakOp | None] = field(init=False)
    geschiedenissen: DataLoader[str, list[Any]] = field(init=False)

    def __post_init__(self) -> None:
        super().__init__()
        self.afspraken = DataLoader(load_fn=self._laad_afspraken)
        self.geschiedenissen = DataLoader(load_fn=self._laad_geschiedenissen)
        self._slot = asyncio.Lock()

    @property
    def conn(self) -> Connection:
        """In `in_draad` de verbinding van dat werk; anders één voor de rest van het verzoek."""
        if self._werk is not None:
            return self._werk
        if self._conn is None:
            self._conn = self.systeem.engine.connect().execution_options(**LEZEN)
        return self._conn

    async def in_draad(self, werk: Callable[[], T], *, schrijven: bool = False) -> T:
        """Databasewerk buiten de event loop, met een eigen verbinding die weer in de pool
        staat voordat er iets wordt afgewacht: een trage vraag of een wachtende schrijver
        houdt zo geen andere verzoeken op. Per verzoek één werk tegelijk; schrijfacties in
        dit proces één tegelijk (zoals toen zij op de event loop draaiden): de opslag heeft
        één schrijver, en de pool van de eventsourcing-bibliotheek wacht maar 5 s."""
        async with self._slot:
            return await run_in_threadpool(self._met_verbinding, werk, schrijven)

    def _met_verbinding(self, werk: Callable[[], T], schrijven: bool) -> T:
        with _SCHRIJVEN if schrijven else contextlib.nullcontext(), \
                self.systeem.engine.connect().execution_options(**LEZEN) as c:
            self._werk = c
            try:
                return werk()
            finally:
                self._werk = None

    def lezer(self) -> AfsprakenLezer:
        return AfsprakenLezer(self.conn, self.actor)

    def vers(self) -> None:
        """Na een schrijfactie: een nieuwe verbinding, zodat de volgende lezing alles ziet."""
        self.sluit()
        if self._werk is not None:
            self._werk.rollback()  # de volgende lezing begint een nieuwe transactie
        self.afspraken.clear_all()
        self.geschiedenissen.clear_all()

    async def _laad_afspraken(self, sleutels: list[tuple[str, Peilmoment]]
                              ) -> list[AfspraakOp | None]:
        per_peil: dict[Peilmoment, list[str]] = defaultdict(list)
        for afspraak_id, peil in sleutels:
            per_peil[peil].append(afspraak_id)

        def lees() -> dict[tuple[str, Peilmoment], AfspraakOp]:
            gevonden: dict[tuple[str, Peilmoment], AfspraakOp] = {}
            for peil, ids in per_peil.items():
                for afspraak_id, a in self.lezer().veel(ids, peil).items():
                    gevonden[(afspraak_id, peil)] = a
            return gevonden

        gevonden = await self.in_draad(lees)
        return [gevonden.get(s) for s in sleutels]

    async def _laad_geschiedenissen(self, ids: list[str]) -> list[list[Any]]:
        """De gebeurtenis-rijen van afspraken die de vrager al mocht zien; één query."""
        gevonden = await self.in_draad(lambda: geschiedenis(self.conn, ids))
        return [gevonden[i] for i in ids]

    def sluit(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


@contextmanager
def verzoek(context: Context) -> Iterator[Any]:
    try:
        yield context
    finally:
        context.sluit()
