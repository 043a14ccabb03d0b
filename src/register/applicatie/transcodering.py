"""Hoe domeinwaarden als JSON in de gebeurtenissenopslag staan."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from datetime import date
from typing import Any

from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    JSONTranscoder, Mapper, Notification, StoredEvent, Transcoding,
)

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


# Een opgeslagen gebeurtenis met sleutel: dit voorvoegsel, dan de HMAC-SHA256 (32 bytes) over
# afspraak, versie, soort en staat, dan de staat zoals de bibliotheek haar schrijft.
ECHT = b"\x00afsr-hmac1\x00"
_MAC = 32


class OnechteGebeurtenis(Exception):
    """Een opgeslagen gebeurtenis die het register niet zo schreef: haar HMAC klopt niet, of zij
    heeft er geen terwijl zij na de gebeurtenissen van vóór de sleutel staat."""


class TupelMapper(Mapper[UUID]):
    """Geeft gebeurtenissen terug zoals ze gemaakt zijn: JSON kent alleen lijsten, het domein
    gebruikt tupels (onveranderlijk en vergelijkbaar).

    Met een `sleutel` (buiten de database) draagt elke gebeurtenis die het register schrijft een
    HMAC over afspraak, versie, soort en staat. Wie alleen de database kan wijzigen, kan zo geen
    gebeurtenis toevoegen of wijzigen zonder dat het lezen haar weigert. Gebeurtenissen zonder
    HMAC (van vóór de sleutel) gelden alleen tot en met positie `ongetekend_tot`."""

    sleutel: bytes | None = None
    ongetekend_tot: int | None = None  # None: geen grens (nog niet vastgesteld)

    def _mac(self, s: StoredEvent, staat: bytes) -> bytes:
        assert self.sleutel is not None
        kop = f"{s.originator_id}\x1f{s.originator_version}\x1f{s.topic}\x1f".encode()
        return hmac.new(self.sleutel, kop + staat, hashlib.sha256).digest()

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        s = super().to_stored_event(domain_event)
        if self.sleutel is None:
            return s
        return dataclasses.replace(s, state=ECHT + self._mac(s, s.state) + s.state)

    def echt(self, s: StoredEvent) -> StoredEvent:
        """De gebeurtenis zonder haar HMAC; OnechteGebeurtenis als die niet klopt of ontbreekt
        waar zij hoort (een notificatie na `ongetekend_tot`)."""
        if s.state.startswith(ECHT):
            mac, staat = s.state[len(ECHT):len(ECHT) + _MAC], s.state[len(ECHT) + _MAC:]
            if self.sleutel is not None and not hmac.compare_digest(mac, self._mac(s, staat)):
                raise OnechteGebeurtenis("de HMAC klopt niet: gewijzigd of geschreven zonder de "
                                         "sleutel van het register")
            return dataclasses.replace(s, state=staat)
        if (self.sleutel is not None and self.ongetekend_tot is not None
                and isinstance(s, Notification) and s.id > self.ongetekend_tot):
            raise OnechteGebeurtenis("zonder HMAC, na de gebeurtenissen van vóór de sleutel: "
                                     "niet door het register geschreven")
        return s

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        e = super().to_domain_event(self.echt(stored_event))
        for naam, waarde in vars(e).items():
            if isinstance(waarde, list):
                object.__setattr__(e, naam, tuple(waarde))
        return e
