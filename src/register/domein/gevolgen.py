"""Gevolgen: wanneer een besluit in werking treedt, geldig wordt en ophoudt te gelden.

Een gebeurtenis wordt één keer vastgelegd, maar haar besluit krijgt pas gevolg als de kalender
haar datums bereikt (ontwerp §4): `juridischWerkendVanaf` (IN_WERKING_GETREDEN), `geldigVanaf`
(GELDIG_GEWORDEN) en `geldigTot` (GELDIGHEID_GEEINDIGD, de eerste dag dat zij niet meer geldt).
De feed (projecties/feed.py) meldt elk gevolg precies één keer.

Regels:
1. Alleen een beslissing die iets verandert aan wat tijdreizen antwoordt, heeft gevolgen: een
   gebeurtenis met velden (of een vastlegging). Een rectificatie heeft geen eigen gevolgen: zij
   neemt de geldigheid en werking over van wat zij corrigeert (ontwerp §4 regel 1); een
   voortgangsrapport verandert geen veld.
2. Een gevolg is aan de beurt op zijn datum, in Nederlandse tijd (Europe/Amsterdam), zoals
   `geldigOp` een Nederlandse dag is. Ligt de datum op of vóór de dag van ontvangst, dan is het
   gevolg meteen aan de beurt (een terugwerkend besluit, of een besluit van vandaag).
3. Het tijdstip van een gevolg is het begin van die dag, maar nooit vóór de ontvangst van het
   besluit: het register kan niet melden wat het nog niet wist.
4. Binnen één besluit volgen de gevolgen elkaar op datum op, en op één dag in de volgorde
   in werking, geldig, geëindigd.

Zuiver domein: geen framework, geen database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from register.domein.tijdreizen import BESTAAN, Feit

IN_WERKING_GETREDEN, GELDIG_GEWORDEN, GELDIGHEID_GEEINDIGD = (
    "IN_WERKING_GETREDEN", "GELDIG_GEWORDEN", "GELDIGHEID_GEEINDIGD")
GEVOLGEN = (IN_WERKING_GETREDEN, GELDIG_GEWORDEN, GELDIGHEID_GEEINDIGD)
NEDERLAND = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Gevolg:
    """Eén gevolg van een besluit: welk, en op welke dag."""

    datum: date
    soort: str

    @property
    def volgorde(self) -> tuple[date, int]:
        return self.datum, GEVOLGEN.index(self.soort)


def vandaag(nu: datetime) -> date:
    """De Nederlandse dag van een tijdstip."""
    return nu.astimezone(NEDERLAND).date()


def dagbegin(dag: date) -> datetime:
    """Het begin van een Nederlandse dag, in UTC. Van de allereerste dag (1-1-0001) valt dat
    vóór het begin van de jaartelling in UTC: dan het vroegste tijdstip dat er is."""
    try:
        return datetime.combine(dag, time.min, NEDERLAND).astimezone(UTC)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


def gevolgen(f: Feit) -> tuple[Gevolg, ...]:
    """Alle gevolgen van een besluit (regel 1), in hun volgorde (regel 4)."""
    if f.rectificeert is not None or not (f.velden or f.soort in BESTAAN):
        return ()
    paren = ((IN_WERKING_GETREDEN, f.juridisch_werkend_vanaf), (GELDIG_GEWORDEN, f.geldig_vanaf),
             (GELDIGHEID_GEEINDIGD, f.geldig_tot))
    return tuple(sorted((Gevolg(d, s) for s, d in paren if d is not None),
                        key=lambda g: g.volgorde))


def aan_de_beurt(alle: tuple[Gevolg, ...], dag: date) -> tuple[tuple[Gevolg, ...], date | None]:
    """Welke gevolgen op `dag` aan de beurt zijn (regel 2), en de eerstvolgende dag waarop er
    nog een komt (None: geen)."""
    nu = tuple(g for g in alle if g.datum <= dag)
    later = [g.datum for g in alle if g.datum > dag]
    return nu, min(later, default=None)


def tijdstip(g: Gevolg, ontvangen_op: datetime) -> datetime:
    """Wanneer het gevolg intrad, zoals het register het kon weten (regel 3)."""
    return max(dagbegin(g.datum), ontvangen_op.astimezone(UTC))
