"""Hoe domeinwaarden als JSON in de gebeurtenissenopslag staan."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoding

from register.domein.verantwoording import Meta
from register.domein.waarden import (
    Afhechtingsuitkomst, Bedrag, Bron, Hoeveelheid, Partij, Relatie, VageDatum, Verplichting,
    Verwijzing,
)


class DatumAlsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def _als_tuple(waarde: Any) -> Any:
    return tuple(waarde) if isinstance(waarde, list) else waarde


def dataclass_transcoding(cls: type[Any]) -> Transcoding:
    """Een transcodering die een bevroren dataclass veld voor veld bewaart."""

    class _Transcoding(Transcoding):
        type = cls
        name = cls.__name__.lower()

        def encode(self, obj: Any) -> dict[str, Any]:
            return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

        def decode(self, data: dict[str, Any]) -> Any:
            return cls(**{k: _als_tuple(v) for k, v in data.items()})

    return _Transcoding()


WAARDEN = (Meta, Bron, Partij, Verplichting, VageDatum, Hoeveelheid, Bedrag, Relatie,
           Afhechtingsuitkomst, Verwijzing)


def registreer(transcoder: JSONTranscoder) -> None:
    transcoder.register(DatumAlsISO())
    for cls in WAARDEN:
        transcoder.register(dataclass_transcoding(cls))


class TupelMapper(Mapper[UUID]):
    """Geeft gebeurtenissen terug zoals ze gemaakt zijn: JSON kent alleen lijsten, het domein
    gebruikt tupels (onveranderlijk en vergelijkbaar)."""

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        e = super().to_domain_event(stored_event)
        for naam, waarde in vars(e).items():
            if isinstance(waarde, list):
                object.__setattr__(e, naam, tuple(waarde))
        return e
