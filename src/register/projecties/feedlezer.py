"""De feed per lezer: volgnummers zonder gaten, en het lezen vanaf een volgnummer.

Elke lezer ziet alleen de feedregels van afspraken die hij mag lezen (ontwerp §6; dezelfde
regels als lijsten en tijdlijn, `zichtbaar_voor` en `binnen_toegang` in projecties/afspraken.py).
Een volgnummer uit de feed zelf zou met zijn gaten verraden hoeveel vertrouwelijke regels
ertussen liggen (zoals de cursor van de tijdlijn, api/typen.py). Daarom heeft elke lezerklasse
haar eigen nummers 1, 2, 3, … over de regels die zij mag zien:

- Zonder token: de openbare regels. Wat anoniem zichtbaar is, verandert nooit
  (`vertrouwelijk` zet alleen de vastlegging), dus krijgt een regel dat nummer al bij het
  toevoegen (`feed.publiek`). Anoniem lezen schrijft zo niets.
- Een beheerder: alles; het volgnummer is de feedpositie zelf, die al aaneensluit.
- Elke overheid voor zich: wat zij ziet, hangt af van de vertrouwelijke afspraken waarbij zij
  partij is (lm_afspraak_toegang), en dat verandert. Haar nummers worden lui toegekend: een
  vraag nummert door vanaf de laatst bekeken feedpositie (`feed_lezers.positie`) tot zij genoeg
  heeft (`feed_volgnummers`). Volgnummer n betekent voor haar daarna altijd dezelfde regel.
  Gelijktijdige vragen zijn veilig: haar lezersrij wordt vergrendeld (FOR UPDATE; op SQLite
  schrijft één tegelijk), en de unieke sleutels (lezer, volgnummer) en (lezer, positie) weigeren
  een dubbele nummering.
- Een overheid die later partij wordt bij een vertrouwelijke afspraak, mag ook haar eerdere
  geschiedenis zien. Die regels liggen vóór wat al genummerd is; in de ronde die de gebeurtenis
  bereikt die haar partij maakte, krijgen ze de eerstvolgende nummers, in feedvolgorde, vóór de
  rest van die ronde (`_haal_in`). Niets verschuift, niets ontbreekt.
- Bij het lezen geldt de toegang opnieuw: haalt een rectificatie een overheid weg uit de
  gebeurtenis die haar partij maakte (zij was het nooit), dan ziet zij de al genummerde regels
  van die afspraak niet meer. Dat is het enige geval waarin een lezer een gat ziet, en het
  verraadt niets wat hij niet al zag.

Een afnemer hervat met het laatste volgnummer dat hij zag; een volgnummer dat hij nooit kreeg,
is een fout (VoorbijHetEinde), nooit stil een ander event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger, Column, ColumnElement, Connection, Engine, FromClause, String, Table,
    UniqueConstraint, and_, case, cast, exists, func, insert, literal, or_, select, update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from register.domein.actor import Actor
from register.domein.gevolgen import vandaag
from register.projecties.afspraken import toegang
from register.projecties.basis import TRACKING_NAAM, lees_positie, metadata
from register.projecties.feed import GEBEURTENIS, eerstvolgende, feed, gevolgen_bij
from register.projecties.gebeurtenissen import gebeurtenissen

BREEDTE = 16  # cijfers van een volgnummer: het sorteert als tekst zoals als getal

volgnummers = Table(
    "feed_volgnummers", metadata,
    Column("lezer", String(300), primary_key=True),
    Column("volgnummer", BigInteger, primary_key=True, autoincrement=False),
    Column("positie", BigInteger, nullable=False),
    UniqueConstraint("lezer", "positie", name="uq_feed_volgnummers_positie"),
)

# Per overheid: haar laatste volgnummer, en tot welke feedpositie genummerd is.
lezers = Table(
    "feed_lezers", metadata,
    Column("lezer", String(300), primary_key=True),
    Column("volgnummer", BigInteger, nullable=False),
    Column("positie", BigInteger, nullable=False),
)

_doel = aliased(gebeurtenissen, name="doel")
_KOLOMMEN = ("afspraak_id", "versie", "soort", "aard", "ontvangen_op", "rectificeert", "actor")
_ASSEN = ("geldig_vanaf", "geldig_tot", "juridisch_werkend_vanaf")
# Alleen bij de gebeurtenis zelf: een gevolg herhaalt haar bronnen niet (feedbericht.data).
_ALLEEN_GEBEURTENIS = ("toelichting", "bronnen", "extra")


def volgnummer_tekst(n: int) -> str:
    return f"{n:0{BREEDTE}d}"


class FeedItem(NamedTuple):
    """Eén feedregel zoals een lezer haar krijgt (een NamedTuple: een pagina maakt er duizend)."""

    volgnummer: int
    soort: str  # GEBEURTENIS, of het gevolg (IN_WERKING_GETREDEN, …)
    datum: date  # de dag van ontvangst of van het gevolg
    tijd: datetime
    vertrouwelijk: bool
    # De gebeurtenis (kolommen van lm_gebeurtenissen; bij een gevolg het besluit), met de
    # datums als ISO-tekst, en als geldigheid en werking die van wat een rectificatie corrigeert.
    # Toelichting, bronnen en extra alleen bij de gebeurtenis zelf; `feed_tijd`: `tijd` als
    # UTC-tekst.
    rij: Any


@dataclass(frozen=True)
class FeedPagina:
    items: list[FeedItem]
    laatste: int  # het laatste volgnummer van deze lezer na deze vraag


class VoorbijHetEinde(LookupError):
    """`na` noemt een volgnummer dat deze lezer (nog) niet kreeg."""

    def __init__(self, laatste: int) -> None:
        super().__init__(laatste)
        self.laatste = laatste


def nummer(conn: Connection, actor: Actor | None, tot: int) -> int:
    """Zorgt dat deze lezer volgnummers heeft tot `tot` (of tot de feed op is) en geeft zijn
    laatste volgnummer. Anoniem en voor een beheerder liggen de nummers al vast; een overheid
    krijgt ze hier. In de schrijftransactie van de aanroeper."""
    if actor is None or actor.beheerder:
        return laatste(conn, actor)
    return _nummer_overheid(conn, actor.overheid, tot)


def _nummer_overheid(conn: Connection, overheid: str, tot: int) -> int:
    rij = conn.execute(select(lezers).where(lezers.c.lezer == overheid)
                       .with_for_update()).first()
    if rij is None:
        conn.execute(insert(lezers).values(lezer=overheid, volgnummer=0, positie=0))
        n, horizon = 0, 0
    else:
        n, horizon = int(rij.volgnummer), int(rij.positie)
    grens = conn.execute(select(func.max(feed.c.positie))).scalar() or 0
    if n >= tot or grens <= horizon:
        return n
    eind = _eind(conn, overheid, horizon, grens, tot - n)
    _haal_in(conn, overheid, horizon, eind, n)
    n, _ = _laatste_rij(conn, overheid)
    _nummer_door(conn, overheid, horizon, eind, n)
    n, _ = _laatste_rij(conn, overheid)
    conn.execute(update(lezers).where(lezers.c.lezer == overheid).values(
        volgnummer=n, positie=eind))
    return n


def _eind(conn: Connection, overheid: str, horizon: int, grens: int, gevraagd: int) -> int:
    """Tot waar deze ronde nummert: de feedpositie van de `gevraagd`-ste zichtbare regel na
    de horizon, of de grens als er minder zijn."""
    eind = conn.execute(select(feed.c.positie).where(
        feed.c.positie > horizon, feed.c.positie <= grens, _ziet(overheid))
        .order_by(feed.c.positie).limit(1).offset(gevraagd - 1)).scalar()
    return grens if eind is None else int(eind)


def _laatste_rij(conn: Connection, sleutel: str) -> tuple[int, int]:
    """Het laatste volgnummer van de lezer en de hoogste feedpositie die hij genummerd kreeg
    (niet `rowcount`: dat geeft niet elke driver voor INSERT … SELECT)."""
    # twee queries: SQLite zoekt een enkele max() in de index op, twee samen niet
    v = volgnummers.c
    n = conn.execute(select(func.max(v.volgnummer)).where(v.lezer == sleutel)).scalar()
    positie = conn.execute(select(func.max(v.positie)).where(v.lezer == sleutel)).scalar()
    return int(n or 0), int(positie or 0)


def _nummer_vanaf(sleutel: str, n: int, posities: Any) -> Any:
    """INSERT … SELECT: de geselecteerde posities (een subquery met kolom `positie`, al
    begrensd) krijgen n + 1, n + 2, … in feedvolgorde."""
    return insert(volgnummers).from_select(
        ["lezer", "volgnummer", "positie"],
        select(literal(sleutel, String), literal(n, BigInteger)
               + func.row_number().over(order_by=posities.c.positie), posities.c.positie))


def _nummer_door(conn: Connection, overheid: str, horizon: int, eind: int, n: int) -> None:
    """De zichtbare regels na de horizon tot en met `eind`, in feedvolgorde."""
    posities = (select(feed.c.positie)
                .where(feed.c.positie > horizon, feed.c.positie <= eind, _ziet(overheid))
                .subquery())
    conn.execute(_nummer_vanaf(overheid, n, posities))


def _haal_in(conn: Connection, overheid: str, horizon: int, eind: int, n: int) -> None:
    """Wat zij nu mag zien maar vóór de horizon lag en nog geen nummer heeft: de eerdere
    regels van een vertrouwelijke afspraak waarbij zij (weer) partij werd. Haar toegang
    verandert alleen door een gebeurtenis van die afspraak, en die staat in de feed ná de
    horizon; dus volstaat het de vertrouwelijke afspraken met een gebeurtenis in deze ronde
    (horizon, eind] te bekijken, in plaats van al haar toegang bij elke vraag."""
    nieuw = feed.alias("nieuw")
    geraakt = select(nieuw.c.afspraak_id).where(
        nieuw.c.positie > horizon, nieuw.c.positie <= eind, nieuw.c.vertrouwelijk.is_(True),
        nieuw.c.soort == GEBEURTENIS)
    posities = (select(feed.c.positie)
                .where(feed.c.afspraak_id.in_(geraakt), feed.c.positie <= horizon,
                       _ziet(overheid),
                       ~exists().where(volgnummers.c.lezer == overheid,
                                       volgnummers.c.positie == feed.c.positie))
                .subquery())
    conn.execute(_nummer_vanaf(overheid, n, posities))


def _ziet(overheid: str) -> Any:
    """Of deze overheid een feedregel mag zien: openbaar, of zij heeft toegang tot de afspraak
    en de regel ligt niet na haar vertrek. Samen precies `zichtbaar_voor` en `binnen_toegang`
    (één rij per afspraak en overheid), met `vertrouwelijk` uit de feed zelf."""
    t = toegang.c
    return or_(feed.c.vertrouwelijk.is_(False), exists().where(
        t.afspraak_id == feed.c.afspraak_id, t.overheid == overheid,
        or_(t.tot.is_(None), t.tot >= feed.c.tijd)))


def laatste(conn: Connection, actor: Actor | None) -> int:
    """Het laatste volgnummer van deze lezer tot nu toe (0: nog geen): anoniem en voor een
    beheerder het einde van de feed, voor een overheid het laatste dat zij kreeg."""
    if actor is None:
        return int(conn.execute(select(func.max(feed.c.publiek))).scalar() or 0)
    if actor.beheerder:
        return int(conn.execute(select(func.max(feed.c.positie))).scalar() or 0)
    return int(conn.execute(select(lezers.c.volgnummer).where(
        lezers.c.lezer == actor.overheid)).scalar() or 0)


def lees(conn: Connection, actor: Actor | None, na: int, aantal: int) -> list[FeedItem]:
    """De regels na volgnummer `na`, hoogstens `aantal`, met hun gebeurtenis; één query. Voor
    een overheid geldt de toegang opnieuw (zie boven)."""
    f, g = feed.c, gebeurtenissen.c
    voorwaarden: list[ColumnElement[bool]]
    van: FromClause
    if actor is None:
        nummer_kolom, voorwaarden, van = f.publiek, [], feed
    elif actor.beheerder:
        nummer_kolom, voorwaarden, van = f.positie, [], feed
    else:
        nummer_kolom = volgnummers.c.volgnummer
        voorwaarden = [volgnummers.c.lezer == actor.overheid, _ziet(actor.overheid)]
        van = volgnummers.join(feed, f.positie == volgnummers.c.positie)
    q = (select(nummer_kolom, f.soort.label("feed_soort"), _tekst(f.datum).label("feed_datum"),
                f.tijd.label("feed_tijd"), f.vertrouwelijk, *(g[k] for k in _KOLOMMEN),
                _tekst(g.bekend_op).label("bekend_op"),
                *(_tekst(_as(k)).label(k) for k in _ASSEN),
                *(case((f.soort == GEBEURTENIS, g[k])).label(k) for k in _ALLEEN_GEBEURTENIS))
         .select_from(van)
         .join(gebeurtenissen, and_(g.afspraak_id == f.afspraak_id, g.versie == f.versie))
         .outerjoin(_doel, and_(_doel.c.afspraak_id == g.afspraak_id,
                                _doel.c.versie == g.rectificeert))
         .where(nummer_kolom > na, nummer_kolom <= na + aantal, *voorwaarden)
         .order_by(nummer_kolom))
    # op plaats, niet op naam: een pagina leest er duizend, en elke naam kost een opzoeking
    return [FeedItem(r[0], r[1], date.fromisoformat(r[2]), datetime.fromisoformat(r[3]),
                     bool(r[4]), r) for r in conn.execute(q)]


def _as(kolom: str) -> Any:
    """Geldigheid en werking: van een rectificatie die van wat zij corrigeert (ontwerp §4
    regel 1), anders haar eigen."""
    return case((_doel.c.versie.is_not(None), _doel.c[kolom]), else_=gebeurtenissen.c[kolom])


def _tekst(datum: Any) -> Any:
    """Een datum als ISO-tekst uit de database zelf (SQLite bewaart haar zo, PostgreSQL geeft
    haar zo met DateStyle ISO): de feed schrijft haar toch als tekst, en zo hoeft geen
    rij haar eerst te ontleden."""
    return cast(datum, String)


class Feed:
    """De feed voor wie haar leest, over HTTP of niet (de webhooks): eerst de gevolgen die de
    kalender bereikte, dan (voor een overheid) nummeren, dan lezen met een leesverbinding."""

    def __init__(self, engine: Engine, klok: Callable[[], datetime],
                 lezen: Mapping[str, Any]) -> None:
        """`lezen`: de uitvoeringsopties van een verbinding die alleen leest."""
        self.engine, self.klok, self.lezen = engine, klok, dict(lezen)

    def gevolgen_bij(self) -> int:
        """Voegt toe wat de kalender bereikte; leest de klok alleen als er iets wacht."""
        with self.engine.connect().execution_options(**self.lezen) as c:
            dag = eerstvolgende(c)
        if dag is None:
            return 0
        nu = self.klok()
        if dag > vandaag(nu):
            return 0
        with self.engine.begin() as conn:
            lees_positie(conn, TRACKING_NAAM)  # schrijft achter de projecties aan, nooit ertussen
            return gevolgen_bij(conn, nu)

    def pagina(self, actor: Actor | None, na: int, aantal: int) -> FeedPagina:
        """Hoogstens `aantal` regels na volgnummer `na`. Een lezer kent alleen volgnummers die
        hij kreeg: een grotere `na` is VoorbijHetEinde (bijvoorbeeld na een herstel van een
        oudere back-up), en wordt nooit stilzwijgend later een ander volgnummer."""
        self.gevolgen_bij()
        with self.engine.connect().execution_options(**self.lezen) as c:
            al = laatste(c, actor)
        if na > al:
            raise VoorbijHetEinde(al)
        laatste_nummer = al
        if actor is not None and not actor.beheerder and al < na + aantal:
            laatste_nummer = self._nummer(actor, na + aantal)
        with self.engine.connect().execution_options(**self.lezen) as c:
            return FeedPagina(lees(c, actor, na, aantal), laatste_nummer)

    def vanaf(self, actor: Actor | None, na: int = 0, blok: int = 500) -> Iterator[FeedItem]:
        """Alle regels na volgnummer `na`, tot het einde van de feed op dit moment."""
        while True:
            p = self.pagina(actor, na, blok)
            yield from p.items
            if p.laatste < na + blok:
                return
            na += blok

    def _nummer(self, actor: Actor, tot: int) -> int:
        for poging in range(3):
            try:
                with self.engine.begin() as conn:
                    return nummer(conn, actor, tot)
            except IntegrityError:  # een gelijktijdige vraag nummerde eerst (nieuwe lezer)
                if poging == 2:
                    raise
        raise AssertionError("onbereikbaar")
