"""De HTTP-server (uvicorn) met grenzen aan verbindingen: wie een verbinding opent, stuurt binnen
`kop_seconden` een volledige kop of wordt gesloten, en één client (IP-adres) heeft hoogstens
`max_verbindingen_per_client` verbindingen open. Zonder die grenzen hielden 20.000 halfopen
verbindingen van één client elk ander verzoek ±40 s op: uvicorn sluit een verbinding waarop
nooit een verzoek komt uit zichzelf niet."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from register.api.logboek import formaat_voor, logconfig
from register.systeem.instellingen import Instellingen


def begrensd_protocol(kop_seconden: float, per_client: int) -> type[H11Protocol]:
    """Een H11Protocol met een tijdslimiet op de kop en een maximum per client (0: geen)."""
    open_per_client: Counter[str] = Counter()

    class BegrensdH11(H11Protocol):
        _kop_wacht: asyncio.TimerHandle | None = None
        _adres: str | None = None

        # uvicorn typeert transport smaller dan asyncio.Protocol (BaseTransport)
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._adres = self.client[0] if self.client else None
            if self._adres is not None:
                open_per_client[self._adres] += 1
                if per_client and open_per_client[self._adres] > per_client:
                    transport.close()  # connection_lost telt hem weer af
                    return
            self._wacht_op_kop()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.cycle is not None and not self.cycle.response_complete:
                self._stop_wachten()  # de kop is binnen; het verzoek loopt
            elif self._kop_wacht is None:
                self._wacht_op_kop()  # een volgend verzoek op dezelfde verbinding

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_wachten()
            if self._adres is not None:
                open_per_client[self._adres] -= 1
                if open_per_client[self._adres] <= 0:
                    del open_per_client[self._adres]
                self._adres = None
            super().connection_lost(exc)

        def _wacht_op_kop(self) -> None:
            self._kop_wacht = self.loop.call_later(kop_seconden, self._te_traag)

        def _stop_wachten(self) -> None:
            if self._kop_wacht is not None:
                self._kop_wacht.cancel()
                self._kop_wacht = None

        def _te_traag(self) -> None:
            self._kop_wacht = None
            if self.cycle is None or self.cycle.response_complete:
                self.transport.close()

    return BegrensdH11


def draai(app: Any, host: str, port: int, instellingen: Instellingen) -> None:
    """Start de server; boven `max_verbindingen` geeft uvicorn zelf 503."""
    formaat = formaat_voor(instellingen.omgeving, instellingen.logformaat)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False,
                log_config=logconfig(formaat),
                http=begrensd_protocol(instellingen.kop_seconden,
                                       instellingen.max_verbindingen_per_client),
                limit_concurrency=instellingen.max_verbindingen or None, timeout_keep_alive=5)
