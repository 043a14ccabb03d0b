"""Anonieme vragen boven de opzoekgrens draaien in een eigen proces.

Threads delen één Python-interpreter: twee zware anonieme vragen die rekenen en hun antwoord
van megabytes als JSON coderen, houden daar elke andere vraag op, hoe kort de wisseltijd ook
is (onder de aanval van bench/aanval.py een eenvoudige vraag p99 1,1-1,4 s). Hier rekent zo'n
vraag in een werkproces met een eigen interpreter, een eigen `Systeem` (zoals een tweede
uvicorn-worker) en een eigen databaseverbinding, en geeft haar antwoord als JSON-tekst terug;
de server stuurt die tekst alleen door. Anonieme vragen houden zo alleen elkaar op.

Een werkproces leest alleen: het voert uitsluitend queries uit (geen mutaties) voor een
anonieme vrager, die nooit iets vertrouwelijks ziet en dus geen leesverslag heeft. Valt een
werkproces weg (geheugen op, gedood), dan krijgt de lopende vraag 503 en begint de volgende
met nieuwe werkprocessen."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import logging.config
import multiprocessing
import os
from collections.abc import Coroutine
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from strawberry import Schema
from strawberry.http import process_result
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from register.api.context import Context
from register.api.kosten import Budget
from register.api.logboek import formaat_voor, logconfig, verzoek_id
from register.api.poort import Bezet, achtergrond_afgerond, foutcodes, na_uitvoering
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem

log = logging.getLogger("register")


@dataclass(frozen=True)
class Opdracht:
    query: str
    variabelen: dict[str, Any] | None
    operatie: str | None
    token_ongeldig: bool
    verzoek_id: str


@dataclass(frozen=True)
class Uitkomst:
    """Het antwoord als JSON-tekst, of (bezet > 0) een 503 met zoveel seconden Retry-After."""
    json: str = ""
    bezet: int = 0
    melding: str = ""
    oorzaak: str = ""
    codes: tuple[str, ...] = ()


class Vooraf(ExecutionResult):
    """Een antwoord dat een werkproces al als JSON codeerde (zie Router.process_result)."""

    def __init__(self, tekst: str, codes: tuple[str, ...]) -> None:
        super().__init__(data=None, errors=None)
        self.tekst, self.codes = tekst, codes


class Werkplaats:
    """Een pool van `processen` werkprocessen, lui gestart en na een breuk vervangen."""

    def __init__(self, instellingen: Instellingen, processen: int) -> None:
        self.instellingen, self.processen = instellingen, processen
        self._pool: ProcessPoolExecutor | None = None
        self.uitgevoerd = 0  # zoveel vragen beantwoordde een werkproces (voor toetsen en metingen)

    def _pool_nu(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.processen, mp_context=multiprocessing.get_context("spawn"),
                initializer=_begin, initargs=(self.instellingen,))  # gepickled, met geheimen
        return self._pool

    def start(self) -> None:
        """Start de werkprocessen alvast, zodat de eerste zware vraag niet op hun import wacht."""
        pool = self._pool_nu()
        for _ in range(self.processen):
            pool.submit(os.getpid)

    async def voer_uit(self, opdracht: Opdracht) -> Vooraf:
        pool = self._pool_nu()
        try:
            uitkomst = await asyncio.wrap_future(pool.submit(_voer_uit, opdracht))
        except BrokenProcessPool:
            log.error("Een werkproces viel weg (verzoek %s); de werkprocessen worden vervangen.",
                      opdracht.verzoek_id, extra={"verzoek_id": opdracht.verzoek_id})
            if self._pool is pool:
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            raise Bezet("Het register kon deze vraag nu niet uitvoeren; probeer het over "
                        "enkele seconden opnieuw.", seconden=2, oorzaak="werkproces") from None
        if uitkomst.bezet:
            raise Bezet(uitkomst.melding, seconden=uitkomst.bezet, oorzaak=uitkomst.oorzaak)
        self.uitgevoerd += 1
        return Vooraf(uitkomst.json, uitkomst.codes)

    def pids(self) -> list[int]:
        """De processen van de pool (voor toetsen: een werkproces doden)."""
        pool = self._pool
        return [] if pool is None else [p.pid for p in list(getattr(pool, "_processes", {})
                                                            .values()) if p.pid]

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# In een werkproces: het systeem, het schema en de event loop, één keer per proces gemaakt.
_systeem: Systeem | None = None
_schema: Schema | None = None
_instellingen: Instellingen | None = None
_lus: asyncio.AbstractEventLoop | None = None


def _begin(instellingen: Instellingen) -> None:
    global _systeem, _schema, _instellingen, _lus
    from register.api.schema import maak_schema

    # Het object zelf, niet model_dump: dat maskeert geheimen (de ondertekensleutel) als '***'.
    _instellingen = instellingen
    logging.config.dictConfig(logconfig(formaat_voor(_instellingen.omgeving,
                                                     _instellingen.logformaat)))
    _systeem = Systeem(_instellingen.database_url)
    _schema = maak_schema(_instellingen)
    _lus = asyncio.new_event_loop()
    # Als de server (app.py): wat bij het starten ontstond, buiten de volledige rondes van de
    # garbage collector; anders loopt elke zware vraag die een ronde uitlokt, alles na.
    gc.collect()
    gc.freeze()


def _voer_uit(opdracht: Opdracht) -> Uitkomst:
    s, systeem, schema = _instellingen, _systeem, _schema
    assert s is not None and systeem is not None and schema is not None  # _begin ging voor
    verzoek_id.set(opdracht.verzoek_id)  # op elke logregel van deze vraag
    context = Context(systeem=systeem, instellingen=s, actor=None,
                      token_ongeldig=opdracht.token_ongeldig, verzoek_id=opdracht.verzoek_id)
    budget = context.budget = Budget(s.max_velden_anoniem, s.max_seconden_per_vraag)

    async def uitvoeren() -> ExecutionResult:
        budget.begin()
        try:
            return await schema.execute(
                opdracht.query, variable_values=opdracht.variabelen, context_value=context,
                operation_name=opdracht.operatie, allowed_operation_types={OperationType.QUERY})
        finally:
            await achtergrond_afgerond()

    try:
        r = na_uitvoering(_uitgevoerd(uitvoeren()), context)
    except Bezet as b:
        return Uitkomst(bezet=b.seconden, melding=b.melding, oorzaak=b.oorzaak)
    finally:
        context.sluit()
    return Uitkomst(json=json.dumps(process_result(r), separators=(",", ":")),
                    codes=tuple(foutcodes(r)))


def _uitgevoerd(vraag: Coroutine[Any, Any, ExecutionResult]) -> ExecutionResult:
    """Als asyncio.run, op de event loop van dit werkproces: asyncio.run maakt per vraag een
    nieuwe, en (Python 3.11, in de hoofdthread) vormt bij het terugzetten van het SIGINT-signaal
    de repr van de taak met haar hele uitkomst: bij een groot antwoord enkele ms per vraag.
    Wat de vraag aan taken achterliet, stopt hier, zoals asyncio.run dat doet."""
    assert _lus is not None
    try:
        return _lus.run_until_complete(vraag)
    finally:
        over = asyncio.all_tasks(_lus)
        for taak in over:
            taak.cancel()
        if over:
            _lus.run_until_complete(asyncio.gather(*over, return_exceptions=True))
