"""Referentiecatalogus van overheden (TOOI plus register-eigen koepels en collectieven)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

SOORTEN: tuple[str, ...] = (
    "MINISTERIE",
    "PROVINCIE",
    "GEMEENTE",
    "WATERSCHAP",
    "ZBO",
    "SAMENWERKINGSORGANISATIE",
    "KOEPEL",
    "OVERIG",
)

# De Rijksoverheid als geheel: de bronnen noemen vaak alleen 'het Rijk'. Wie naar de Rijkskant
# vraagt (soort MINISTERIE in een filter op partijen), krijgt haar erbij: wat bij 'het Rijk'
# ligt, ligt bij een ministerie, al zegt de bron niet bij welk.
RIJK = "https://identifier.overheid.nl/tooi/id/oorg/oorg12345"

_DATA_PAKKET = "register.domein"
_BESTANDEN: tuple[str, ...] = ("overheden.json", "eigen_organisaties.json")


@dataclass(frozen=True)
class Naam:
    """Een vroegere of huidige naam met zijn geldigheid."""

    naam: str
    tot: date | None  # laatste dag dat de naam gold; None = huidig


@dataclass(frozen=True)
class Overheid:
    """Een overheidsorganisatie (of register-eigen koepel of collectief) met haar geschiedenis."""

    id: str
    naam: str
    soort: str
    afkorting: str | None = None
    begindatum: date | None = None
    einddatum: date | None = None
    namen: tuple[Naam, ...] = ()
    opvolgers: tuple[str, ...] = ()
    voorgangers: tuple[str, ...] = ()
    provincie: str | None = None
    collectief: bool = False

    def __post_init__(self) -> None:
        if self.soort not in SOORTEN:
            raise ValueError(f"onbekende soort {self.soort!r} voor {self.id}")
        if not self.id or not self.naam:
            raise ValueError("een overheid heeft een id en een naam")

    def bestaat_op(self, datum: date) -> bool:
        """Of de organisatie op ``datum`` bestond (begindatum en einddatum tellen mee; zonder
        datum: geen grens)."""
        return ((self.begindatum is None or self.begindatum <= datum)
                and (self.einddatum is None or datum <= self.einddatum))

    def naam_op(self, datum: date) -> str:
        """De naam die op ``datum`` gold.

        Vroegere namen gelden tot en met hun ``tot``; na de laatste vroegere naam geldt de
        huidige naam. Voor de begindatum of na de einddatum geeft dit de naam die het laatst
        (of het eerst) gold; bestaan wordt hier niet gecontroleerd.
        """
        vroeger = sorted((n.tot, n.naam) for n in self.namen if n.tot is not None)
        for tot, naam in vroeger:
            if datum <= tot:
                return naam
        return self.naam


class Overheden:
    """Een opzoekbare verzameling overheden, op id."""

    def __init__(self, overheden: Iterable[Overheid]) -> None:
        per_id: dict[str, Overheid] = {}
        for overheid in overheden:
            if overheid.id in per_id:
                raise ValueError(f"dubbele overheid-id {overheid.id}")
            per_id[overheid.id] = overheid
        self._per_id: dict[str, Overheid] = per_id

    @classmethod
    def standaard(cls) -> Overheden:
        """De catalogus uit het pakket: data/overheden.json plus data/eigen_organisaties.json."""
        return _standaard()

    def get(self, id: str) -> Overheid | None:
        return self._per_id.get(id)

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and id in self._per_id

    def __len__(self) -> int:
        return len(self._per_id)

    def alle(self, soort: str | None = None, op: date | None = None) -> list[Overheid]:
        """Alle overheden, gesorteerd op naam; met ``soort`` alleen die soort (exact), met
        ``op`` alleen wie toen bestond."""
        return sorted(
            (o for o in self._per_id.values() if (soort is None or o.soort == soort)
             and (op is None or o.bestaat_op(op))),
            key=_sorteersleutel,
        )

    def aan_de_kant_van(self, soort: str) -> frozenset[str]:
        """De ids die meetellen als partij van deze soort: bij MINISTERIE ook 'het Rijk'."""
        ids = frozenset(o.id for o in self.alle(soort))
        return ids | {RIJK} if soort == "MINISTERIE" and RIJK in self else ids

    def provincies(self) -> list[Overheid]:
        """De twaalf huidige provincies (zonder einddatum, zonder collectief), op naam."""
        return [
            o for o in self.alle("PROVINCIE") if o.einddatum is None and not o.collectief
        ]


def _sorteersleutel(overheid: Overheid) -> tuple[str, str]:
    return (overheid.naam.casefold(), overheid.id)


def _datum(waarde: Any) -> date | None:
    if waarde is None or waarde == "":
        return None
    return date.fromisoformat(str(waarde))


def _uit_dict(gegevens: Mapping[str, Any]) -> Overheid:
    """Een Overheid uit een JSON-object van de catalogus; onbekende velden (toelichting) vallen weg."""
    return Overheid(
        id=str(gegevens["id"]),
        naam=str(gegevens["naam"]),
        soort=str(gegevens["soort"]),
        afkorting=gegevens.get("afkorting") or None,
        begindatum=_datum(gegevens.get("begindatum")),
        einddatum=_datum(gegevens.get("einddatum")),
        namen=tuple(
            Naam(naam=str(n["naam"]), tot=_datum(n.get("tot")))
            for n in gegevens.get("namen") or ()
        ),
        opvolgers=tuple(str(i) for i in gegevens.get("opvolgers") or ()),
        voorgangers=tuple(str(i) for i in gegevens.get("voorgangers") or ()),
        provincie=gegevens.get("provincie") or None,
        collectief=bool(gegevens.get("collectief", False)),
    )


def _lees_pakketdata() -> Iterator[Overheid]:
    data = files(_DATA_PAKKET) / "data"
    for bestand in _BESTANDEN:
        inhoud = json.loads((data / bestand).read_text(encoding="utf-8"))
        for gegevens in inhoud:
            yield _uit_dict(gegevens)


@cache
def _standaard() -> Overheden:
    return Overheden(_lees_pakketdata())
