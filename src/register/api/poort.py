"""Toegang tot de uitvoering: elke vraag wacht in de rij die bij haar raming en vrager hoort, en
draait daarna in een eigen thread (of, anoniem en meer dan een opzoeking, in een werkproces:
api/werkplaats.py). Lichte vragen hebben hun eigen rij, zodat zware vragen van
wie dan ook hen niet ophouden; zware anonieme vragen delen een smalle rij, zodat anonieme
clients elkaar ophouden en niet de systemen met een token. Wie te lang wacht, krijgt 503 met
Retry-After in plaats van een verzoek dat eindeloos hangt."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from sqlalchemy.exc import TimeoutError as PoolVol
from strawberry.types import ExecutionResult

from register.api.context import Context
from register.api.foutcodes import codeer, codes

T = TypeVar("T")

TRIVIAAL, LICHT, ZWAAR_ANONIEM, ZWAAR = "triviaal", "licht", "zwaar-anoniem", "zwaar"


class Bezet(Exception):
    """Het register is nu te druk voor dit verzoek; het kan het over `seconden` opnieuw
    proberen."""

    def __init__(self, melding: str, seconden: int, oorzaak: str = "databasepool") -> None:
        super().__init__(melding)
        self.melding, self.seconden, self.oorzaak = melding, seconden, oorzaak


@dataclass(frozen=True)
class Rijen:
    licht: int = 8
    zwaar_anoniem: int = 2
    zwaar: int = 4
    # Boven dit aantal velden (geraamd) is een vraag zwaar.
    licht_tot: int = 2000
    wachttijd: float = 10.0
    # Een opzoeking van een paar velden (één afspraak, haar titel en status) heeft een eigen
    # rij: lichte vragen die toch veel rekenen (honderd afspraken met hun gebeurtenissen)
    # houden haar zo niet op.
    triviaal: int = 4
    triviaal_tot: int = 50


class Poort:
    def __init__(self, rijen: Rijen) -> None:
        self.rijen = rijen
        self._rijen = {TRIVIAAL: asyncio.Semaphore(rijen.triviaal),
                       LICHT: asyncio.Semaphore(rijen.licht),
                       ZWAAR_ANONIEM: asyncio.Semaphore(rijen.zwaar_anoniem),
                       ZWAAR: asyncio.Semaphore(rijen.zwaar)}
        self._draden = CapacityLimiter(rijen.triviaal + rijen.licht + rijen.zwaar_anoniem
                                       + rijen.zwaar)

    def rij(self, velden: int, anoniem: bool) -> str:
        if velden <= self.rijen.triviaal_tot:
            return TRIVIAAL
        if velden <= self.rijen.licht_tot:
            return LICHT
        return ZWAAR_ANONIEM if anoniem else ZWAAR

    @asynccontextmanager
    async def plaats(self, rij: str) -> AsyncIterator[None]:
        """Een plaats in de rij, of Bezet na de wachttijd."""
        slot = self._rijen[rij]
        try:
            await asyncio.wait_for(slot.acquire(), self.rijen.wachttijd)
        except TimeoutError:
            raise Bezet(f"Het register is bezet (rij {rij}); probeer het over enkele seconden "
                        "opnieuw.", seconden=max(1, round(self.rijen.wachttijd / 2)),
                        oorzaak=f"rij {rij}") from None
        try:
            yield
        finally:
            slot.release()

    async def in_draad(self, werk: Callable[[], Awaitable[T]]) -> T:
        """Voert een coroutine uit in een eigen thread, op een event loop van die thread: de
        resolvers en hun databasewerk houden zo de event loop van de server nooit op. Naast het
        opzoeken van een token (app.py) de enige overgang naar een thread in de API; anonieme
        vragen boven de opzoekgrens gaan naar een werkproces (api/werkplaats.py)."""
        return await anyio.to_thread.run_sync(_draai, werk, limiter=self._draden)


def _draai(werk: Callable[[], Awaitable[T]]) -> T:
    async def uit() -> T:
        return await werk()

    return asyncio.run(uit())


async def achtergrond_afgerond(seconden: float = 5.0) -> None:
    """Wacht op wat de vraag op de achtergrond liet lopen. Faalt een veld met een fout die
    omhoog bubbelt, dan wacht graphql-core niet op de asynchrone velden ernaast, maar handelt
    ze af in een taak. Die moet klaar zijn vóór de context sluit (anders opent een resolver
    een nieuwe verbinding) en vóór de event loop van de vraag stopt (die annuleert de taak
    vóór zij begon, en haar resolver blijft een coroutine die nooit liep). Hoogstens
    `seconden`: wat dan nog loopt, annuleert het sluiten van de event loop (geen vraag blijft
    hangen op een veld dat niet eindigt)."""
    lus, huidige = asyncio.get_running_loop(), asyncio.current_task()
    eind = lus.time() + seconden
    while rest := [t for t in asyncio.all_tasks() if t is not huidige and not t.done()]:
        if (over := eind - lus.time()) <= 0:
            return
        klaar, _ = await asyncio.wait(rest, timeout=over)
        for t in klaar:  # hun fout is al gemeld (de bubbelende fout); niet nog eens loggen
            if not t.cancelled():
                t.exception()


def na_uitvoering(r: ExecutionResult, context: Context) -> ExecutionResult:
    """Een budget dat opraakte: één fout voor de hele vraag, geen half antwoord. Een volle
    pool: 503, geen gemaskeerde fout. Elke andere fout krijgt haar `extensions.code`
    (api/foutcodes.py)."""
    if context.budget is not None and context.budget.overschreden is not None:
        return ExecutionResult(data=None, errors=[context.budget.overschreden])
    if any(isinstance(f.original_error, PoolVol) for f in r.errors or ()):
        raise Bezet("Het register heeft nu geen vrije databaseverbinding; probeer het over "
                    "enkele seconden opnieuw.", seconden=2)
    return codeer(r)


def foutcodes(r: ExecutionResult) -> list[str]:
    """De `extensions.code` van elke fout in een antwoord (voor de metrieken)."""
    return codes(r)

