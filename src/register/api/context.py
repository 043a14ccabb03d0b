"""Per verzoek: wie vraagt, welke verbinding, en een loader die afspraken gebundeld leest."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from register.domein.actor import Actor
from register.domein.tijdreizen import Peilmoment
from register.projecties.afspraken import AfspraakOp, AfsprakenLezer
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem


@dataclass
class Context(BaseContext):
    systeem: Systeem
    instellingen: Instellingen
    actor: Actor | None
    token_ongeldig: bool
    verzoek_id: str = "-"  # ook in de log van een onverwachte fout (X-Request-ID)
    _conn: Connection | None = None
    afspraken: DataLoader[tuple[str, Peilmoment], AfspraakOp | None] = field(init=False)

    def __post_init__(self) -> None:
        super().__init__()
        self.afspraken = DataLoader(load_fn=self._laad_afspraken)

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            self._conn = self.systeem.engine.connect()
        return self._conn

    def lezer(self) -> AfsprakenLezer:
        return AfsprakenLezer(self.conn, self.actor)

    def vers(self) -> None:
        """Na een schrijfactie: een nieuwe verbinding, zodat de volgende lezing alles ziet."""
        self.sluit()
        self.afspraken.clear_all()

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
