"""Wie schrijft of leest: de overheid achter een token, eventueel met beheerrechten."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    overheid: str
    beheerder: bool = False


def mag_lezen(actor: Actor | None, vertrouwelijk: bool, partijen: Collection[str]) -> bool:
    """Een vertrouwelijke afspraak is alleen zichtbaar voor haar partijen en beheerders."""
    return not vertrouwelijk or (actor is not None and (
        actor.beheerder or actor.overheid in partijen))
