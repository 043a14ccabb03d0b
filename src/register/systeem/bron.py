"""Wat het bijwerken, controleren en vergelijken van de leesmodellen van een register nodig
heeft: zijn opslag (recorder en mapper), de database en de sleutel. `Systeem` levert het; zo
hangen die modules niet van het samenstel af en het samenstel wel van hen."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Engine

from register.applicatie.register import Register


class Gebeurtenisbron(Protocol):
    @property
    def register(self) -> Register: ...

    @property
    def engine(self) -> Engine: ...

    @property
    def sleutel(self) -> bytes: ...

    def laatste_positie(self) -> int: ...
