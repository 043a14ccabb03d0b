"""De tijdlijn: zichtbare gebeurtenissen over alle afspraken heen, in de volgorde waarin zij
bekend werden (uit de leesmodellen 'gebeurtenissen' en 'afspraken')."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, tuple_
from sqlalchemy.orm import aliased

from register.domein.actor import Actor
from register.domein.tijdreizen import Peilmoment
from register.domein.waarden import zoekvormen
from register.projecties.afspraken import (
    Pagina, afspraken, begonnen_op, binnen_toegang, heeft_kenmerk, zichtbaar_voor,
)
from register.projecties.gebeurtenissen import gebeurtenissen, verwijst_naar
from register.projecties.peil import bekend_op_peil

_doel = aliased(gebeurtenissen, name="doel")


@dataclass(frozen=True)
class TijdlijnSelectie:
    """Welke gebeurtenissen; alle opgegeven voorwaarden gelden samen."""

    aarden: frozenset[str] | None = None
    afspraak: str | None = None
    partij: str | None = None  # ooit partij bij de afspraak
    programma: str | None = None  # ooit het programma van de afspraak
    bron: str | None = None  # in de titel of het kenmerk van een bron
    bekend_vanaf: date | None = None
    bekend_tot: date | None = None  # tot en met
    zoekterm: str | None = None  # in toelichting, verslag, bronnen, citaten en verwijzingen
    verwijzing: str | None = None  # een genormaliseerde verwijzing ('kst-34682' vindt het dossier)
    bestaat_op: date | None = None  # alleen afspraken die op die dag kunnen bestaan


# Een positie in de tijdlijn: (bekendOp, afspraak, versie). Geen volgnummer van het register:
# de gaten daarin zouden verraden hoeveel (vertrouwelijke) gebeurtenissen ertussen liggen.
Plek = tuple[date, str, int]


@dataclass(frozen=True)
class TijdlijnItem:
    rij: Any  # een rij van lm_gebeurtenissen
    doel: Any  # bij een rectificatie de gebeurtenis die zij corrigeert (haar assen), anders rij


class TijdlijnLezer:
    def __init__(self, conn: Connection, actor: Actor | None) -> None:
        self.conn = conn
        self.actor = actor

    def pagina(self, s: TijdlijnSelectie, peil: Peilmoment, eerste: int,
               na: Plek | None) -> Pagina[TijdlijnItem]:
        g = gebeurtenissen.c
        q = (select(gebeurtenissen, *(c.label(f"doel_{c.name}") for c in _doel.c))
             .join(afspraken, afspraken.c.id == g.afspraak_id)
             .outerjoin(_doel, and_(_doel.c.afspraak_id == g.afspraak_id,
                                    _doel.c.versie == g.rectificeert))
             .where(zichtbaar_voor(self.actor), binnen_toegang(self.actor, g.ontvangen_op),
                    *_zichtbaar_op(peil), *_gekozen(s)))
        if na is not None:
            q = q.where(tuple_(g.bekend_op, g.afspraak_id, g.versie) > tuple_(*na))
        rijen = self.conn.execute(q.order_by(g.bekend_op, g.afspraak_id, g.versie)
                                  .limit(eerste + 1)).all()
        items = [TijdlijnItem(r, _doel_van(r)) for r in rijen[:eerste]]
        return Pagina(items, len(rijen) > eerste)

    def bestaat(self, plek: Plek) -> bool:
        """Of de cursor een gebeurtenis noemt die de vrager mag zien."""
        return self.conn.execute(
            select(gebeurtenissen.c.versie)
            .join(afspraken, afspraken.c.id == gebeurtenissen.c.afspraak_id)
            .where(gebeurtenissen.c.afspraak_id == plek[1], gebeurtenissen.c.versie == plek[2],
                   gebeurtenissen.c.bekend_op == plek[0], zichtbaar_voor(self.actor),
                   binnen_toegang(self.actor, gebeurtenissen.c.ontvangen_op))
        ).first() is not None


def _doel_van(r: Any) -> Any:
    if r.rectificeert is None or r.doel_versie is None:
        return r
    return _Assen(r.doel_geldig_vanaf, r.doel_geldig_tot, r.doel_juridisch_werkend_vanaf)


@dataclass(frozen=True)
class _Assen:
    geldig_vanaf: date | None
    geldig_tot: date | None
    juridisch_werkend_vanaf: date | None


def _zichtbaar_op(peil: Peilmoment) -> list[Any]:
    """Ontwerp §4 regel 1: ontvangen, bekend en juridisch werkend op het peilmoment; een
    rectificatie is zichtbaar op haar eigen ontvangst en kennis, met de juridische werking van
    wat zij corrigeert."""
    g = gebeurtenissen.c
    werkend = func.coalesce(_doel.c.juridisch_werkend_vanaf, g.juridisch_werkend_vanaf)
    return bekend_op_peil(g.ontvangen_op, g.bekend_op, werkend, peil)


def _gekozen(s: TijdlijnSelectie) -> Sequence[Any]:
    g = gebeurtenissen.c
    uit: list[Any] = []
    if s.aarden is not None:
        uit.append(g.aard.in_(sorted(s.aarden)))
    if s.afspraak is not None:
        uit.append(g.afspraak_id == s.afspraak)
    for soort, waarde in (("partij", s.partij), ("programma", s.programma)):
        if waarde is not None:
            uit.append(heeft_kenmerk(soort, waarde))
    if s.bron:
        uit.append(g.brontekst.contains(s.bron.lower(), autoescape=True))
    if s.zoekterm:
        uit.append(or_(*(g.zoektekst.contains(v, autoescape=True)
                         for v in zoekvormen(s.zoekterm))))
    if s.verwijzing:
        uit.append(verwijst_naar(g.verwijzingen, s.verwijzing))
    if s.bekend_vanaf is not None:
        uit.append(g.bekend_op >= s.bekend_vanaf)
    if s.bekend_tot is not None:
        uit.append(g.bekend_op <= s.bekend_tot)
    if s.bestaat_op is not None:
        uit.append(begonnen_op(s.bestaat_op))
    return uit
