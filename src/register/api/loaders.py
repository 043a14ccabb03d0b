"""De DataLoaders van een verzoek, op één plek: elk bundelt wat de resolvers van één vraag los
vragen tot één query per soort (een lijst afspraken met hun relaties: één query voor alle
doelen samen, niet één per relatie)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection
from strawberry.dataloader import DataLoader

from register.domein.actor import Actor
from register.domein.tijdreizen import Peilmoment
from register.projecties import integriteit as lm_integriteit
from register.projecties.afspraken import AfspraakOp, AfsprakenLezer
from register.projecties.gebeurtenissen import geschiedenis


class Loaders:
    """Nieuw per verzoek, en opnieuw na een schrijfactie (Context.vers): een DataLoader onthoudt
    wat hij las. `verbinding` geeft de leesverbinding van het verzoek; de loaders openen haar
    pas als er iets te lezen is."""

    def __init__(self, verbinding: Callable[[], Connection], actor: Actor | None) -> None:
        self._verbinding, self._actor = verbinding, actor
        self.afspraken: DataLoader[tuple[str, Peilmoment], AfspraakOp | None] = DataLoader(
            load_fn=self._afspraken)
        self.geschiedenissen: DataLoader[str, list[Any]] = DataLoader(
            load_fn=self._geschiedenissen)
        self.bladen: DataLoader[tuple[str, int], bytes | None] = DataLoader(
            load_fn=self._bladen)
        self.wijzers: DataLoader[str, list[str]] = DataLoader(load_fn=self._wijzers)

    def _lezer(self) -> AfsprakenLezer:
        return AfsprakenLezer(self._verbinding(), self._actor)

    async def _afspraken(self, sleutels: list[tuple[str, Peilmoment]]
                         ) -> list[AfspraakOp | None]:
        """Afspraken op hun peilmoment, zoals de vrager ze mag zien; één query per peilmoment."""
        per_peil: dict[Peilmoment, list[str]] = defaultdict(list)
        for afspraak_id, peil in sleutels:
            per_peil[peil].append(afspraak_id)
        gevonden: dict[tuple[str, Peilmoment], AfspraakOp] = {}
        for peil, ids in per_peil.items():
            for afspraak_id, a in self._lezer().veel(ids, peil).items():
                gevonden[(afspraak_id, peil)] = a
        return [gevonden.get(s) for s in sleutels]

    async def _wijzers(self, ids: list[str]) -> list[list[str]]:
        """Welke afspraken ooit een relatie naar deze hadden; één query."""
        gevonden = self._lezer().wijzend_naar(ids)
        return [gevonden[i] for i in ids]

    async def _geschiedenissen(self, ids: list[str]) -> list[list[Any]]:
        """De gebeurtenis-rijen van afspraken die de vrager al mocht zien; één query."""
        gevonden = geschiedenis(self._verbinding(), ids)
        return [gevonden[i] for i in ids]

    async def _bladen(self, sleutels: list[tuple[str, int]]) -> list[bytes | None]:
        """De bladhashes van gebeurtenissen (afspraak, versie); één query."""
        gevonden = lm_integriteit.hashes(self._verbinding(), sleutels)
        return [gevonden.get(s) for s in sleutels]
