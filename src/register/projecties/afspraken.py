"""Leesmodel 'afspraken': per afspraak de kenmerken waarop lijsten filteren, en het lezen op
een peilmoment (uit het leesmodel 'peil')."""

from __future__ import annotations

from itertools import islice
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import singledispatchmethod
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    BigInteger, Boolean, Column, Connection, Index, Integer, String, Table, Text, bindparam, delete,
    exists, func, or_, select, true, update,
)

from register.domein.actor import Actor
from register.domein.afspraak import Afspraak
from register.domein.tijdreizen import (
    Peilmoment, Toestand, VerplichtingToestand, verplichting_volgorde,
)
from register.domein.velden import lidmaatschap
from register.domein.waarden import laatste_dag, lees_verwijzing
from register.projecties.basis import Verwerking, metadata, voeg_in
from register.projecties.gebeurtenissen import (
    gebeurtenissen, geschiedenis, utc_tekst, verwijst_naar,
)
from register.projecties.geschiedenislezer import Geschiedenis, feiten_geschiedenissen, rijen_van
from register.projecties.peil import bekend_op_peil, toestanden

T = TypeVar("T")

afspraken = Table(
    "lm_afspraken", metadata,
    Column("id", String(36), primary_key=True),
    Column("volgnummer", BigInteger, nullable=False, unique=True),
    Column("vertrouwelijk", Boolean, nullable=False),
    Column("versie", Integer, nullable=False),
    # Alle titels en inhouden die ooit golden, in kleine letters: de voorselectie voor zoektermen.
    Column("zoektekst", Text, nullable=False),
)

# Elke waarde die een filterbaar veld ooit had; de exacte toets doet het orakel.
kenmerken = Table(
    "lm_afspraak_kenmerken", metadata,
    Column("afspraak_id", String(36), primary_key=True),
    Column("soort", String(20), primary_key=True),
    Column("waarde", String(500), primary_key=True),
)
Index("ix_lm_kenmerken_waarde", kenmerken.c.soort, kenmerken.c.waarde)

# Wie een (vertrouwelijke) afspraak mag lezen, en tot wanneer (ontwerp §6; Vertrouwen onder
# vuur, punt 5): een partij leest alles; een vroegere partij wat het register ontving tot en met
# haar vertrek (`tot`, UTC-tekst); wie door een rectificatie nooit partij was, staat er niet in.
# `sinds_versie`: de gebeurtenis die haar (het laatst) partij maakte.
toegang = Table(
    "lm_afspraak_toegang", metadata,
    Column("afspraak_id", String(36), primary_key=True),
    Column("overheid", String(300), primary_key=True),
    Column("sinds_versie", Integer, nullable=False),
    Column("tot", String(32)),
)
# De feed zoekt per overheid (projecties/feedlezer.py: haar toegang, bij elke pagina).
Index("ix_lm_afspraak_toegang_overheid", toegang.c.overheid)

FILTERVELDEN = {"programma": "programma", "soort": "soort", "status": "status"}
# De geldigVanaf van Vastgelegd en van elk later gemeld, eerder begin (ISO, sorteert als tekst):
# vóór de vroegste bestaat de afspraak op geen enkel peilmoment (ontwerp §4 regel 5; een
# rectificatie neemt de geldigheid van haar doel over).
BEGIN = "begin"
# Elke afspraak waarnaar een relatie ooit wees: de voorselectie voor inkomende relaties.
RELATIE = "relatie"


def zichtbaar_voor(a: Actor | None) -> Any:
    """De SQL-voorwaarde op lm_afspraken: welke afspraken deze vrager mag lezen (ontwerp §6)."""
    if a is not None and a.beheerder:
        return afspraken.c.vertrouwelijk.is_not(None)
    if a is None:
        return afspraken.c.vertrouwelijk.is_(False)
    return or_(afspraken.c.vertrouwelijk.is_(False), exists().where(
        toegang.c.afspraak_id == afspraken.c.id, toegang.c.overheid == a.overheid))


def binnen_toegang(a: Actor | None, ontvangen: Any) -> Any:
    """De SQL-voorwaarde op een gebeurtenis (met lm_afspraken in de vraag): een vroegere partij
    ziet van een vertrouwelijke afspraak niets wat het register na haar vertrek ontving."""
    if a is None or a.beheerder:
        return true()
    return or_(afspraken.c.vertrouwelijk.is_(False), ~exists().where(
        toegang.c.afspraak_id == afspraken.c.id, toegang.c.overheid == a.overheid,
        toegang.c.tot < ontvangen))


def begrensd(peil: Peilmoment, grens: datetime | None) -> Peilmoment:
    """Het peilmoment van een vroegere partij: niets ontvangen na haar vertrek."""
    if grens is None or (peil.ontvangen_op is not None and peil.ontvangen_op <= grens):
        return peil
    return replace(peil, ontvangen_op=grens)


def heeft_kenmerk(soort: str, waarde: str) -> Any:
    """De SQL-voorwaarde op lm_afspraken: de afspraak had ooit deze waarde."""
    return exists().where(kenmerken.c.afspraak_id == afspraken.c.id, kenmerken.c.soort == soort,
                          kenmerken.c.waarde == waarde)


def begonnen_op(dag: date) -> Any:
    """De SQL-voorwaarde op lm_afspraken: de afspraak kan op `dag` bestaan (haar vroegste
    begin ligt niet later). Zonder kenmerk (een leesmodel van vóór dit kenmerk) valt er
    niets af."""
    begin = select(func.min(kenmerken.c.waarde)).where(
        kenmerken.c.afspraak_id == afspraken.c.id, kenmerken.c.soort == BEGIN
    ).scalar_subquery()
    return or_(begin.is_(None), begin <= dag.isoformat())


class _Blok:
    """Wat één blok gebeurtenissen aan dit leesmodel verandert, in enkele executemany's:
    nieuwe afspraken, per bestaande afspraak één update, en de kenmerken zonder dubbelen."""

    def __init__(self) -> None:
        self.nieuw: dict[str, dict[str, Any]] = {}
        self.bijgewerkt: dict[str, dict[str, Any]] = {}
        self.kenmerken: set[tuple[str, str, str]] = set()
        # (afspraak, overheid) -> de toegangsrij na dit blok; None: geen (meer)
        self.toegang: dict[tuple[str, str], dict[str, Any] | None] = {}
        # de toegangsrijen van vóór dit blok, van de afspraken erin (één query)
        self.bestaand: dict[tuple[str, str], dict[str, Any]] = {}

    def laad_toegang(self, conn: Connection, ids: set[str]) -> None:
        for deel in _delen(sorted(ids), 500):
            for r in conn.execute(select(toegang).where(toegang.c.afspraak_id.in_(deel))):
                self.bestaand[(r.afspraak_id, r.overheid)] = dict(sinds_versie=r.sinds_versie,
                                                                  tot=r.tot)

    def toegangsrij(self, sleutel: tuple[str, str]) -> dict[str, Any] | None:
        if sleutel in self.toegang:
            return self.toegang[sleutel]
        return self.bestaand.get(sleutel)

    def spoel(self, conn: Connection) -> None:
        voeg_in(conn, afspraken, list(self.nieuw.values()))
        if self.bijgewerkt:
            conn.execute(update(afspraken).where(afspraken.c.id == bindparam("b_id")).values(
                versie=bindparam("b_versie"),
                zoektekst=afspraken.c.zoektekst + bindparam("b_tekst")),
                [{"b_id": k, "b_versie": w["versie"], "b_tekst": w["tekst"]}
                 for k, w in self.bijgewerkt.items()])
        if self.toegang:
            conn.execute(delete(toegang).where(
                toegang.c.afspraak_id == bindparam("a"), toegang.c.overheid == bindparam("o")),
                [{"a": a, "o": o} for a, o in self.toegang])
            voeg_in(conn, toegang, [dict(afspraak_id=a, overheid=o, **rij)
                                    for (a, o), rij in self.toegang.items() if rij is not None])
        voeg_in(conn, kenmerken, [{"afspraak_id": a, "soort": s, "waarde": w}
                                  for a, s, w in sorted(self.kenmerken)],
                bestaand_overslaan=True)


def _delen(xs: Sequence[T], n: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(xs), n):
        yield xs[i:i + n]


class AfsprakenProjectie:
    # Bij een volledige herbouw eerst weg en na afloop in één keer opgebouwd (Leesmodellen).
    herbouw_indexen: tuple[Index, ...] = (*kenmerken.indexes, *toegang.indexes)

    def verwerk(self, conn: Connection, blok: Sequence[Verwerking]) -> None:
        b = _Blok()
        nieuw = {v.afspraak_id for v in blok if isinstance(v.gebeurtenis, Afspraak.Vastgelegd)}
        b.laad_toegang(conn, {v.afspraak_id for v in blok} - nieuw)
        soort = self._soort  # één keer gebonden: singledispatchmethod bindt bij elke opzoeking
        for v in blok:
            soort(v.gebeurtenis, v, b)
            self._velden(v, b)
        b.spoel(conn)

    @singledispatchmethod
    def _soort(self, e: Afspraak.Event, v: Verwerking, b: _Blok) -> None:
        """Wat een gebeurtenis naar haar soort doet: de meeste werken een bestaande afspraak
        bij."""
        self._bestaande(v, b)

    @_soort.register
    def _vastgelegd(self, e: Afspraak.Vastgelegd, v: Verwerking, b: _Blok) -> None:
        b.nieuw[v.afspraak_id] = dict(id=v.afspraak_id, volgnummer=v.positie,
                                      vertrouwelijk=e.vertrouwelijk, versie=0, zoektekst="")
        self._begin(e, v, b)

    @_soort.register
    def _begin_vastgesteld(self, e: Afspraak.BeginVastgesteld, v: Verwerking, b: _Blok) -> None:
        self._bestaande(v, b)
        self._begin(e, v, b)

    @staticmethod
    def _bestaande(v: Verwerking, b: _Blok) -> None:
        if v.afspraak_id not in b.nieuw:
            b.bijgewerkt.setdefault(v.afspraak_id, {"versie": 0, "tekst": ""})

    @staticmethod
    def _begin(e: Afspraak.Event, v: Verwerking, b: _Blok) -> None:
        if e.meta.geldig_vanaf is not None:
            b.kenmerken.add((v.afspraak_id, BEGIN, e.meta.geldig_vanaf.isoformat()))

    def _velden(self, v: Verwerking, b: _Blok) -> None:
        aid, velden = v.afspraak_id, v.feit.velden
        tekst = " ".join(str(velden[k]) for k in ("titel", "inhoud") if velden.get(k)).lower()
        rij = b.nieuw[aid] if aid in b.nieuw else b.bijgewerkt[aid]
        rij["versie"] = v.feit.versie
        sleutel = "zoektekst" if aid in b.nieuw else "tekst"
        if isinstance(v.gebeurtenis, Afspraak.Vastgelegd):
            rij[sleutel] = tekst
        elif tekst:
            rij[sleutel] += " " + tekst
        b.kenmerken |= {(aid, soort, str(velden[veld])[:500])
                        for veld, soort in FILTERVELDEN.items() if velden.get(veld)}
        leden = lidmaatschap(velden)
        b.kenmerken |= {(aid, "partij", o) for o, lid in leden.items() if lid}
        b.kenmerken |= {(aid, RELATIE, r["naar"]) for r in velden.get("relaties") or ()}
        if leden:
            self._toegang(b, v, leden)

    @staticmethod
    def _toegang(b: _Blok, v: Verwerking, leden: dict[str, bool]) -> None:
        """Wie partij wordt, krijgt toegang; wie vertrekt, houdt die tot dit moment; wie een
        rectificatie weghaalt uit de gebeurtenis die haar partij maakte, was het nooit."""
        e, aid, rectificeert = v.gebeurtenis, v.afspraak_id, v.feit.rectificeert
        for o, lid in leden.items():
            rij = b.toegangsrij((aid, o))
            huidig = rij is not None and rij["tot"] is None
            if lid and not huidig:
                b.toegang[(aid, o)] = dict(sinds_versie=rectificeert or e.originator_version,
                                           tot=None)
            elif not lid and rectificeert is not None:
                if rij is not None and rij["sinds_versie"] == rectificeert:
                    b.toegang[(aid, o)] = None
            elif not lid and huidig and rij is not None:
                b.toegang[(aid, o)] = dict(rij, tot=utc_tekst(e.timestamp))

    def wis(self, conn: Connection) -> None:
        conn.execute(delete(toegang))
        conn.execute(delete(kenmerken))
        conn.execute(delete(afspraken))


@dataclass(frozen=True)
class AfspraakOp:
    """Een afspraak zoals zij op een peilmoment was."""

    id: str
    vertrouwelijk: bool
    toestand: Toestand


@dataclass(frozen=True)
class Filter:
    partij: str | None = None
    programma: str | None = None
    soort: str | None = None
    status: str | None = None
    zoekterm: str | None = None  # in titel of inhoud, of een verwijzing in een bron
    verwijzing: str | None = None  # genormaliseerd ('kst-34682-100', of 'kst-34682')

    def past(self, t: Toestand, verwijst: bool = False) -> bool:
        """Of de toestand past; `verwijst`: een bron van een op het peilmoment zichtbare
        gebeurtenis verwijst naar de zoekterm (de lezer stelt dat vast)."""
        return ((self.partij is None or any(p.overheid == self.partij for p in t.partijen))
                and (self.programma is None or t.programma == self.programma)
                and (self.soort is None or t.soort == self.soort)
                and (self.status is None or t.status == self.status)
                and (self.zoekterm is None or verwijst or self.zoekterm.lower() in
                     f"{t.titel} {t.inhoud}".lower()))


@dataclass(frozen=True)
class VerplichtingSelectie:
    """Over de verplichting zelf; `partijen` is al de verzameling overheden waarop zij mag
    rusten (de API vertaalt partij en partijSoort), `uiterlijk_tot` de laatste dag."""

    partijen: frozenset[str] | None = None
    status: str | None = None
    binding: str | None = None
    uiterlijk_tot: date | None = None

    def past(self, v: VerplichtingToestand) -> bool:
        if self.uiterlijk_tot is not None:
            dag = laatste_dag(v.uiterlijk.waarde) if v.uiterlijk else None
            if dag is None or dag > self.uiterlijk_tot:
                return False
        return ((self.partijen is None or v.partij in self.partijen)
                and (self.status is None or v.status == self.status)
                and (self.binding is None or v.binding == self.binding))


@dataclass(frozen=True)
class Pagina(Generic[T]):
    items: list[T]
    heeft_volgende: bool
    # Gestopt op het maximum aantal gelezen afspraken: lees verder na deze afspraak.
    verder_na: str | None = None


class OnbekendeCursor(LookupError):
    """De cursor noemt een afspraak die niet bestaat of die de lezer niet mag zien."""


class AfsprakenLezer:
    """Leest afspraken op een peilmoment uit de leesmodellen, zonder de gebeurtenissen-
    opslag te herspelen."""

    def __init__(self, conn: Connection, actor: Actor | None) -> None:
        self.conn = conn
        self.actor = actor

    def _zichtbaar(self) -> Any:
        return zichtbaar_voor(self.actor)

    @contextmanager
    def _lezen(self) -> Iterator[None]:
        """Een transactie die de lezer zelf begon, sluit hij meteen weer: op SQLite neemt elke
        transactie de schrijfvergrendeling (BEGIN IMMEDIATE), en een verzoek dat haar over een
        await heen vasthoudt, laat gelijktijdige verzoeken tot de busy-timeout wachten."""
        eigen = not self.conn.in_transaction()
        try:
            yield
        finally:
            if eigen and self.conn.in_transaction():
                self.conn.rollback()

    def bestaat(self, afspraak_id: str) -> bool:
        with self._lezen():
            return self.conn.execute(select(afspraken.c.id).where(
                afspraken.c.id == afspraak_id, self._zichtbaar())).first() is not None

    def op(self, afspraak_id: str, peil: Peilmoment) -> AfspraakOp | None:
        return self.veel([afspraak_id], peil).get(afspraak_id)

    def veel(self, ids: Sequence[str], peil: Peilmoment) -> dict[str, AfspraakOp]:
        """Meerdere afspraken op één peilmoment, met drie queries in totaal, hoe lang hun
        geschiedenis ook is (leesmodel 'peil'); een vroegere partij op haar eigen grens."""
        with self._lezen():
            rijen = self.conn.execute(select(afspraken.c.id, afspraken.c.vertrouwelijk).where(
                afspraken.c.id.in_(list(ids)), self._zichtbaar())).all()
            grenzen = self.grenzen([r.id for r in rijen if r.vertrouwelijk])
            per_peil: dict[Peilmoment, list[str]] = {}
            for r in rijen:
                per_peil.setdefault(begrensd(peil, grenzen.get(r.id)), []).append(r.id)
            gevonden: dict[str, Toestand] = {}
            for p, deel in per_peil.items():
                gevonden.update(toestanden(self.conn, deel, p))
        return {r.id: AfspraakOp(r.id, r.vertrouwelijk, gevonden[r.id])
                for r in rijen if r.id in gevonden}

    def grenzen(self, ids: Sequence[str]) -> dict[str, datetime]:
        """Per vertrouwelijke afspraak waarvan de vrager een vroegere partij is: haar vertrek.
        Wat het register daarna ontving, leest zij niet."""
        a = self.actor
        if a is None or a.beheerder or not ids:
            return {}
        rijen = self.conn.execute(
            select(toegang.c.afspraak_id, toegang.c.tot)
            .join(afspraken, afspraken.c.id == toegang.c.afspraak_id)
            .where(toegang.c.overheid == a.overheid, toegang.c.tot.is_not(None),
                   afspraken.c.vertrouwelijk.is_(True), toegang.c.afspraak_id.in_(list(ids))))
        return {r.afspraak_id: datetime.fromisoformat(r.tot) for r in rijen}

    def lijst(self, f: Filter, peil: Peilmoment, eerste: int, na: str | None
             ) -> Pagina[AfspraakOp]:
        """Een pagina in registervolgorde, na de afspraak `na` (de cursor)."""
        items: list[AfspraakOp] = []
        with self._lezen():
            vanaf = 0 if na is None else self._volgnummer(na)
            for a in self._kandidaten(f, peil, vanaf, eerste + 1):
                if len(items) == eerste:
                    return Pagina(items, True)
                items.append(a)
        return Pagina(items, False)

    def lijst_op_twee(self, f: Filter, van: Peilmoment, naar: Peilmoment, eerste: int,
                      na: str | None) -> Pagina[str]:
        """De afspraken die het filter op het ene óf het andere peilmoment kiest (voor een
        verschil), in registervolgorde, na de afspraak `na`. Elke lijst hoeft niet verder dan
        eerste + 1: wat in de eerste eerste + 1 van de vereniging valt, valt daarin."""
        with self._lezen():
            vanaf = 0 if na is None else self._volgnummer(na)
            ids = {a.id for peil in (van, naar)
                   for a in islice(self._kandidaten(f, peil, vanaf, eerste + 1), eerste + 1)}
            volgorde = dict(self.conn.execute(select(afspraken.c.id, afspraken.c.volgnummer)
                                              .where(afspraken.c.id.in_(sorted(ids)))).all())
        gesorteerd = sorted(ids, key=lambda i: volgorde[i])
        return Pagina(gesorteerd[:eerste], len(gesorteerd) > eerste)

    def verplichtingen(self, f: Filter, vf: VerplichtingSelectie, peil: Peilmoment, eerste: int,
                       na: tuple[str, str | None] | None, maximum: int
                       ) -> Pagina[tuple[AfspraakOp, VerplichtingToestand]]:
        """De verplichtingen van de afspraken die `f` kiest, in registervolgorde van hun
        afspraak en daarbinnen op nummer; na de cursor `na` (afspraak en verplichting; zonder
        verplichting: na de hele afspraak). Leest hoogstens `maximum` afspraken: treft het
        filter weinig, dan volgt een (misschien lege) pagina met `verder_na`."""
        items: list[tuple[AfspraakOp, VerplichtingToestand]] = []
        gelezen = 0
        with self._lezen():
            vanaf = 0  # zonder verplichting in de cursor: na de hele afspraak
            if na is not None:
                vanaf = self._volgnummer(na[0]) - (na[1] is not None)
            for a in self._kandidaten(f, peil, vanaf, eerste + 1):
                vs = a.toestand.verplichtingen
                if na is not None and na[1] is not None and a.id == na[0]:
                    # Op nummer, niet op plaats: op een ander peilmoment kan de verplichting
                    # van de cursor er (nog) niet zijn.
                    grens = verplichting_volgorde(na[1])
                    vs = tuple(v for v in vs if verplichting_volgorde(v.id) > grens)
                for v in vs:
                    if vf.past(v):
                        if len(items) == eerste:
                            return Pagina(items, True)
                        items.append((a, v))
                gelezen += 1
                if gelezen >= maximum:
                    return Pagina(items, True, verder_na=a.id)
        return Pagina(items, False)

    def _volgnummer(self, afspraak_id: str) -> int:
        nummer = self.conn.execute(select(afspraken.c.volgnummer).where(
            afspraken.c.id == afspraak_id, self._zichtbaar())).scalar()
        if nummer is None:
            raise OnbekendeCursor(afspraak_id)
        return int(nummer)

    def _kandidaten(self, f: Filter, peil: Peilmoment, vanaf: int,
                    nodig: int = 200) -> Iterator[AfspraakOp]:
        q = select(afspraken.c.id, afspraken.c.volgnummer).where(self._zichtbaar())
        for soort, waarde in (("partij", f.partij), ("programma", f.programma),
                              ("soort", f.soort), ("status", f.status)):
            if waarde is not None:
                q = q.where(heeft_kenmerk(soort, waarde))
        verwijzend: set[str] = set()
        if f.zoekterm:
            tekst = afspraken.c.zoektekst.contains(f.zoekterm.lower(), autoescape=True)
            v = lees_verwijzing(f.zoekterm)
            if v is None:
                q = q.where(tekst)
            else:
                verwijzend = set(self.conn.execute(_verwijzend(v.waarde, peil)).scalars())
                q = q.where(or_(tekst, afspraken.c.id.in_(sorted(verwijzend))))
        if f.verwijzing:
            q = q.where(afspraken.c.id.in_(_verwijzend(f.verwijzing, peil)))
        # Voorselectie: wat pas na geldigOp begint, hoeft het orakel niet te zien.
        q = q.where(begonnen_op(peil.geldig_op))
        # Eerst zoveel als de pagina vraagt (plus één voor hasNextPage), daarna groeiend: elke
        # gelezen afspraak kost het orakel over haar hele geschiedenis.
        grootte = max(1, min(nodig, 200))
        while True:
            rijen = self.conn.execute(q.where(afspraken.c.volgnummer > vanaf)
                                      .order_by(afspraken.c.volgnummer).limit(grootte)).all()
            grootte = min(grootte * 2, 200)
            if not rijen:
                return
            gelezen = self.veel([r.id for r in rijen], peil)
            for r in rijen:
                a = gelezen.get(r.id)
                if a is not None and f.past(a.toestand, a.id in verwijzend):
                    yield a
            vanaf = rijen[-1].volgnummer

    def wijzend_naar(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """Per afspraak de (voor de vrager zichtbare) afspraken waarvan een relatie ooit naar
        haar wees; of dat op een peilmoment zo is, zegt hun toestand."""
        rijen = self.conn.execute(
            select(kenmerken.c.waarde, kenmerken.c.afspraak_id)
            .join(afspraken, afspraken.c.id == kenmerken.c.afspraak_id)
            .where(kenmerken.c.soort == RELATIE, kenmerken.c.waarde.in_(list(ids)),
                   self._zichtbaar())
            .order_by(afspraken.c.volgnummer)).all()
        uit: dict[str, list[str]] = {i: [] for i in ids}
        for naar, van in rijen:
            uit[naar].append(van)
        return uit

    def versie_zichtbaar(self, afspraak_id: str, versie: int) -> bool:
        """Of de vrager deze gebeurtenis mag zien (de afspraak zelf mag hij al lezen): niet als
        het register haar ontving na zijn vertrek als partij."""
        with self._lezen():
            grens = self.grenzen([afspraak_id]).get(afspraak_id)
            if grens is None:
                return True
            ontvangen = self.conn.execute(select(gebeurtenissen.c.ontvangen_op).where(
                gebeurtenissen.c.afspraak_id == afspraak_id,
                gebeurtenissen.c.versie == versie)).scalar()
        return ontvangen is not None and ontvangen <= utc_tekst(grens)

    def volledige_geschiedenis(self, afspraak_id: str) -> list[Any] | None:
        return self.volledige_geschiedenissen([afspraak_id]).get(afspraak_id)

    def volledige_geschiedenissen(self, ids: Sequence[str]) -> dict[str, list[Any]]:
        """De geschiedenis van elke afspraak die de vrager mag lezen (een vroegere partij tot
        haar vertrek), in drie queries hoeveel afspraken het ook zijn."""
        with self._lezen():
            zichtbaar = list(self.conn.execute(select(afspraken.c.id).where(
                afspraken.c.id.in_(list(ids)), self._zichtbaar())).scalars())
            rijen = geschiedenis(self.conn, zichtbaar)
            grenzen = self.grenzen(zichtbaar)
        return {i: rijen[i] if i not in grenzen else
                [r for r in rijen[i] if r.ontvangen_op <= utc_tekst(grenzen[i])]
                for i in zichtbaar}

    def feiten_geschiedenissen(self, ids: Sequence[str]) -> dict[str, Geschiedenis]:
        """Als `volledige_geschiedenissen` (dezelfde toegang, een vroegere partij tot haar
        vertrek), maar als feiten: wat het verschil rekent, uit de cache van het proces zolang
        er geen gebeurtenis bijkwam. De volledige rijen geeft `gebeurtenis_rijen`."""
        with self._lezen():
            zichtbaar = list(self.conn.execute(select(afspraken.c.id).where(
                afspraken.c.id.in_(list(ids)), self._zichtbaar())).scalars())
            gevonden = feiten_geschiedenissen(self.conn, zichtbaar)
            grenzen = self.grenzen(zichtbaar)
        return {i: gevonden[i] if i not in grenzen else gevonden[i].tot(utc_tekst(grenzen[i]))
                for i in zichtbaar}

    def gebeurtenis_rijen(self, g: Geschiedenis, versies: Iterable[int]) -> dict[int, Any]:
        """De volledige rijen van deze versies uit `g` (wat `g` niet bevat, niet)."""
        with self._lezen():
            return rijen_van(self.conn, g, versies)


def _verwijzend(waarde: str, peil: Peilmoment) -> Any:
    """De afspraken met een op het peilmoment bekende gebeurtenis waarvan een bron naar deze
    (genormaliseerde) verwijzing verwijst."""
    g = gebeurtenissen.c
    return select(g.afspraak_id).distinct().where(
        verwijst_naar(g.verwijzingen, waarde),
        *bekend_op_peil(g.ontvangen_op, g.bekend_op, g.juridisch_werkend_vanaf, peil))
