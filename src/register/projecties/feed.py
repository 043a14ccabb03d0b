"""De feed: elke gebeurtenis zoals het register haar ontving, en elk gevolg van een besluit
zodra de kalender zijn datum bereikt (domein/gevolgen.py), in één vaste volgorde.

Waarom geen gewoon leesmodel:
- De volgorde is geschiedenis, geen afleiding. Een gevolg komt in de feed op het moment dat de
  kalender zijn datum bereikt; waar het tussen de gebeurtenissen staat, hangt dus af van
  wanneer dat gebeurde en volgt niet uit de gebeurtenissen alleen. Afnemers onthouden hun plaats
  (het volgnummer, projecties/feedlezer.py): een herbouw mag die nooit verschuiven. Daarom
  wist `register herbouw` de feed niet (`wis` doet niets), staan de tabellen niet in de
  herbouwbare leesmodellen, en gaan zij mee in back-up en herstel (systeem/backup.py, BEWAARD).
- Precies één keer, ook na een herstart of herbouw: een gebeurtenis staat er met haar
  notificatie (`positie_log`, uniek); de projectie slaat over wat er al staat. Een gevolg heeft
  een unieke sleutel (afspraak, versie, soort, datum).
- Aaneengesloten en op volgorde van vastleggen: `positie` (en `publiek` over de openbare
  regels) is max + 1 in een transactie die het schrijven achter elkaar zet (de trackingrij van
  de leesmodellen met FOR UPDATE op PostgreSQL, BEGIN IMMEDIATE op SQLite). Wat een lezer als
  hoogste nummer ziet, heeft dus geen voorgangers meer die nog moeten committen.

Gevolgen:
- Is een datum bij ontvangst al bereikt (een terugwerkend besluit, of een van vandaag), dan
  staat het gevolg meteen achter zijn gebeurtenis: de projectie beslist dat op de dag van
  ontvangst, niet op de klok, zodat een herbouw hetzelfde doet.
- Anders komt het besluit in `feed_wachtend` met de eerstvolgende dag. `gevolgen_bij` (vóór
  elke feedvraag en bij elke ronde van de projecties, Systeem.bij_werken) voegt wat de kalender
  bereikte toe. Het leest daarvoor de assen van het besluit zoals het register ze nu kent
  (lm_gebeurtenissen), niet een kopie van toen: verschuift later iets een datum die nog niet
  bereikt is, dan volgt de melding wat nu bekend is. (Een rectificatie kan dat vandaag niet:
  zij neemt de geldigheid en werking van haar doel over, ontwerp §4 regel 1.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import singledispatchmethod
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger, Boolean, Column, Connection, Date, Index, Integer, String, Table,
    UniqueConstraint, and_, delete, func, select, tuple_, update,
)

from register.domein.afspraak import Afspraak
from register.domein.gevolgen import Gevolg, aan_de_beurt, gevolgen, tijdstip, vandaag
from register.domein.tijdreizen import Feit
from register.projecties.afspraken import afspraken
from register.projecties.basis import Verwerking, metadata, voeg_in
from register.projecties.gebeurtenissen import gebeurtenissen, rij_naar_feit, utc_tekst

# De soort van een feedregel voor de gebeurtenis zelf; de gevolgen heten als in domein/gevolgen.
GEBEURTENIS = "GEBEURTENIS"

feed = Table(
    "feed", metadata,
    # op SQLite INTEGER: dan is de positie de rowid en kost een opzoeking één B-boom
    Column("positie", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
           autoincrement=False),
    # de notificatie van de gebeurtenis in de opslag; leeg bij een gevolg
    Column("positie_log", BigInteger, unique=True),
    Column("afspraak_id", String(36), nullable=False),
    Column("versie", Integer, nullable=False),
    Column("soort", String(24), nullable=False),
    # de dag van ontvangst (gebeurtenis) of van het gevolg
    Column("datum", Date, nullable=False),
    # wanneer het plaatsvond, als UTC-tekst zoals lm_gebeurtenissen.ontvangen_op: voor `time`,
    # en voor de toegang van een vroegere partij (binnen_toegang)
    Column("tijd", String(32), nullable=False),
    # van de afspraak; verandert nooit (alleen Vastgelegd zet het)
    Column("vertrouwelijk", Boolean, nullable=False),
    # het volgnummer voor wie zonder token leest: de openbare regels 1, 2, 3, … (leeg bij een
    # vertrouwelijke afspraak). Wat anoniem zichtbaar is, verandert nooit, dus het nummer kan
    # bij het toevoegen al vast (projecties/feedlezer.py).
    Column("publiek", BigInteger, unique=True),
    UniqueConstraint("afspraak_id", "versie", "soort", "datum", name="uq_feed_gevolg"),
)

# Besluiten met een gevolg dat nog niet aan de beurt was: de eerstvolgende dag.
wachtend = Table(
    "feed_wachtend", metadata,
    Column("afspraak_id", String(36), primary_key=True),
    Column("versie", Integer, primary_key=True),
    Column("volgende", Date, nullable=False),
    Index("ix_feed_wachtend_volgende", "volgende"),
)


def _spoel(conn: Connection, blok: Sequence[Verwerking], vertrouwelijk: dict[str, bool]) -> None:
    """De gebeurtenissen van één blok met hun gevolgen achteraan de feed; `vertrouwelijk` van
    de afspraken die in dit blok zijn vastgelegd (de rest staat al in lm_afspraken)."""
    laatste_log = conn.execute(select(func.max(feed.c.positie_log))).scalar()
    # bij een herbouw staat er al wat de feed had
    nieuw = [v for v in blok if laatste_log is None or v.positie > laatste_log]
    geheim = {**_vertrouwelijk(conn, {v.afspraak_id for v in nieuw} - vertrouwelijk.keys()),
              **vertrouwelijk}
    rijen: list[dict[str, Any]] = []
    wacht: list[dict[str, Any]] = []
    for v in nieuw:
        aid, f = v.afspraak_id, v.feit
        rijen.append(_rij(aid, f, GEBEURTENIS, vandaag(f.ontvangen_op), f.ontvangen_op,
                          geheim[aid], positie_log=v.positie))
        nu, later = aan_de_beurt(gevolgen(f), vandaag(f.ontvangen_op))
        rijen.extend(_gevolg_rij(aid, f, g, geheim[aid]) for g in nu)
        if later is not None:
            wacht.append(dict(afspraak_id=aid, versie=f.versie, volgende=later))
    voeg_toe(conn, rijen)
    voeg_in(conn, wachtend, wacht)


def voeg_toe(conn: Connection, rijen: list[dict[str, Any]]) -> None:
    """Achteraan de feed, in deze volgorde: posities en openbare nummers lopen door. De
    aanroeper houdt het schrijven vast (zie boven)."""
    if not rijen:
        return
    # twee queries: SQLite zoekt een enkele max() in de index op, twee samen niet
    positie = conn.execute(select(func.max(feed.c.positie))).scalar() or 0
    publiek = conn.execute(select(func.max(feed.c.publiek))).scalar() or 0
    for r in rijen:
        positie += 1
        r["positie"] = positie
        if not r["vertrouwelijk"]:
            publiek += 1
            r["publiek"] = publiek
    voeg_in(conn, feed, rijen)


def _vertrouwelijk(conn: Connection, ids: set[str]) -> dict[str, bool]:
    if not ids:
        return {}
    return {r.id: bool(r.vertrouwelijk) for r in conn.execute(
        select(afspraken.c.id, afspraken.c.vertrouwelijk).where(afspraken.c.id.in_(sorted(ids))))}


def _rij(aid: str, f: Feit, soort: str, datum: date, tijd: datetime, vertrouwelijk: bool,
         positie_log: int | None = None) -> dict[str, Any]:
    return dict(positie=0, positie_log=positie_log, afspraak_id=aid, versie=f.versie,
                soort=soort, datum=datum, tijd=utc_tekst(tijd), vertrouwelijk=vertrouwelijk,
                publiek=None)


def _gevolg_rij(aid: str, f: Feit, g: Gevolg, vertrouwelijk: bool) -> dict[str, Any]:
    return _rij(aid, f, g.soort, g.datum, tijdstip(g, f.ontvangen_op), vertrouwelijk)


class FeedProjectie:
    """Zet elke gebeurtenis in de feed, met de gevolgen die bij ontvangst al bereikt waren."""

    def verwerk(self, conn: Connection, blok: Sequence[Verwerking]) -> None:
        vertrouwelijk: dict[str, bool] = {}
        soort = self._soort  # één keer gebonden: singledispatchmethod bindt bij elke opzoeking
        for v in blok:
            soort(v.gebeurtenis, v.afspraak_id, vertrouwelijk)
        _spoel(conn, blok, vertrouwelijk)

    @singledispatchmethod
    def _soort(self, e: Afspraak.Event, afspraak_id: str, vertrouwelijk: dict[str, bool]
               ) -> None:
        """Alleen het vastleggen zegt of een afspraak vertrouwelijk is."""

    @_soort.register
    def _vastgelegd(self, e: Afspraak.Vastgelegd, afspraak_id: str,
                    vertrouwelijk: dict[str, bool]) -> None:
        vertrouwelijk[afspraak_id] = e.vertrouwelijk

    def wis(self, conn: Connection) -> None:
        """Niets: de feed is geschiedenis (zie boven); de projectie slaat bij een herbouw
        over wat er al staat."""


def eerstvolgende(conn: Connection) -> date | None:
    """De vroegste dag waarop een wachtend gevolg aan de beurt is (None: geen)."""
    return conn.execute(select(func.min(wachtend.c.volgende))).scalar()


def gevolgen_bij(conn: Connection, nu: datetime) -> int:
    """Voegt de gevolgen toe die de kalender op `nu` bereikte, in de volgorde van hun dag,
    besluit (registervolgorde) en soort; geeft hun aantal. De aanroeper houdt het schrijven
    vast (zie boven) en commit."""
    dag = vandaag(nu)
    beurt = conn.execute(select(wachtend).where(wachtend.c.volgende <= dag)).all()
    if not beurt:
        return 0
    sleutels = [(r.afspraak_id, r.versie) for r in beurt]
    besluiten = _besluiten(conn, sleutels)
    gemeld = _gemeld(conn, sleutels)
    nieuw: list[tuple[tuple[date, int, int], dict[str, Any]]] = []
    for aid, versie in sleutels:
        if (aid, versie) not in besluiten:
            continue  # het leesmodel wordt opnieuw opgebouwd: de volgende ronde
        log, f, geheim = besluiten[(aid, versie)]
        nu_aan_de_beurt, later = aan_de_beurt(gevolgen(f), dag)
        nieuw.extend(((g.datum, log, g.volgorde[1]), _gevolg_rij(aid, f, g, geheim))
                     for g in nu_aan_de_beurt if (g.soort, g.datum) not in gemeld[(aid, versie)])
        sleutel = and_(wachtend.c.afspraak_id == aid, wachtend.c.versie == versie)
        conn.execute(delete(wachtend).where(sleutel) if later is None else
                     update(wachtend).where(sleutel).values(volgende=later))
    rijen = [r for _, r in sorted(nieuw, key=lambda x: x[0])]
    voeg_toe(conn, rijen)
    return len(rijen)


def _besluiten(conn: Connection, sleutels: Iterable[tuple[str, int]]
               ) -> dict[tuple[str, int], tuple[int, Feit, bool]]:
    """De besluiten zoals het register ze nu kent, met hun plaats in de opslag en of hun
    afspraak vertrouwelijk is."""
    g = gebeurtenissen.c
    rijen = conn.execute(select(gebeurtenissen, afspraken.c.vertrouwelijk.label("geheim"))
                         .join(afspraken, afspraken.c.id == g.afspraak_id)
                         .where(tuple_(g.afspraak_id, g.versie).in_(list(sleutels))))
    return {(r.afspraak_id, r.versie): (r.positie, rij_naar_feit(r), bool(r.geheim))
            for r in rijen}


def _gemeld(conn: Connection, sleutels: list[tuple[str, int]]
            ) -> dict[tuple[str, int], set[tuple[str, date]]]:
    uit: dict[tuple[str, int], set[tuple[str, date]]] = {s: set() for s in sleutels}
    c = feed.c
    for r in conn.execute(select(c.afspraak_id, c.versie, c.soort, c.datum).where(
            tuple_(c.afspraak_id, c.versie).in_(sleutels), c.soort != GEBEURTENIS)):
        uit[(r.afspraak_id, r.versie)].add((r.soort, r.datum))
    return uit
