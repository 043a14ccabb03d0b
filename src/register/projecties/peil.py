"""Leesmodel 'peil': per afspraak en veld elke waarde met de grenzen waarbinnen zij telt, zodat
een vraag op een peilmoment één index-query is in plaats van het orakel over de hele
geschiedenis.

Het orakel (`domein.tijdreizen`) blijft de definitie; dit leesmodel rekent het voor:

- Een beslissing (geen rectificatie) geeft per veld één rij met haar eigen vier assen.
- Een rectificatie geeft per veld een rij onder de beslissing die zij rectificeert: met de
  geldigheid en juridische werking van die beslissing, en als bekend- en ontvangstmoment het
  laatste van de twee (de rectificatie telt pas als zij én haar doel bekend zijn).
- Per veld wint de rij met de hoogste `volgorde`: beslisvolgorde (juridisch werkend vanaf,
  ontvangen, versie), en binnen één beslissing de rectificaties na het origineel, in de volgorde
  waarin zij binnenkwamen (regel 3 en 2 van ontwerp §4).
- Het pseudoveld `@bestaat` komt van `Vastgelegd` en van een later gemeld, eerder begin
  (`BeginVastgesteld`): zonder zo'n rij bestaat de afspraak op dat peilmoment niet (regel 5).

`lm_peil_versies` houdt per gebeurtenis de drie kennis-assen (voor een rectificatie die van haar
doel erbij), waaruit de zichtbare versies volgen zonder de gebeurtenissen te lezen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON, Column, Connection, Date, Index, Integer, String, Table, and_, delete, select,
)

from register.domein.tijdreizen import BESTAAN, Feit, Peilmoment, Toestand, bouw_toestand
from register.projecties.basis import (
    Opslagvorm, Verwerking, lees_json, metadata, voeg_tupels_in,
)
from register.projecties.gebeurtenissen import utc_tekst

BESTAAT = "@bestaat"
# Tekst die als tijd of tupel sorteert: byte voor byte, ook op PostgreSQL met een taal-collatie.
_BYTES = String(128).with_variant(String(128, collation="C"), "postgresql")

versies = Table(
    "lm_peil_versies", metadata,
    Column("afspraak_id", String(36), primary_key=True),
    Column("versie", Integer, primary_key=True),
    Column("rectificeert", Integer),
    # Van een beslissing haar eigen assen; van een rectificatie de geldigheid en werking van
    # haar doel en het laatste bekend- en ontvangstmoment van de twee.
    Column("geldig_vanaf", Date),
    Column("geldig_tot", Date),
    Column("werkend", Date),
    Column("bekend", Date, nullable=False),
    Column("ontvangen", _BYTES, nullable=False),
    Column("volgorde", _BYTES, nullable=False),
)

waarden = Table(
    "lm_peil_waarden", metadata,
    Column("afspraak_id", String(36), nullable=False),
    Column("veld", String(400), nullable=False),
    Column("volgorde", _BYTES, nullable=False),
    Column("versie", Integer, nullable=False),
    Column("geldig_vanaf", Date),
    Column("geldig_tot", Date),
    Column("werkend", Date),
    Column("bekend", Date, nullable=False),
    Column("ontvangen", _BYTES, nullable=False),
    Column("waarde", JSON),
)
# Per afspraak en veld de winnende rij eerst: PostgreSQL's DISTINCT ON ... ORDER BY volgorde DESC
# leest haar zo in indexvolgorde, zonder sorteren (zie `toestanden`; met de random_page_cost van
# systeem/opslag.py kiest de planner die weg).
Index("ix_lm_peil_waarden", waarden.c.afspraak_id, waarden.c.veld, waarden.c.volgorde.desc())


def _volgorde(beslissing: Feit, rectificatie: Feit | None) -> str:
    """Sorteert als tekst zoals regel 3 (en binnen een beslissing regel 2) als tupel."""
    kop = (f"{(beslissing.juridisch_werkend_vanaf or date.min).isoformat()}|"
           f"{utc_tekst(beslissing.ontvangen_op)}|{beslissing.versie:010d}")
    if rectificatie is None:
        return kop + "|0"
    return f"{kop}|1|{utc_tekst(rectificatie.ontvangen_op)}|{rectificatie.versie:010d}"


# De kolommen zoals PeilProjectie ze schrijft: eerst de assen (per gebeurtenis één keer
# omgezet), dan wat per rij verschilt.
_ASSEN = ("afspraak_id", "geldig_vanaf", "geldig_tot", "werkend", "bekend", "ontvangen",
          "volgorde", "versie")
_VERSIEKOLOMMEN = (*_ASSEN, "rectificeert")
_WAARDEKOLOMMEN = (*_ASSEN, "veld", "waarde")


class PeilProjectie:
    # Bij een volledige herbouw eerst weg en na afloop in één keer opgebouwd (Leesmodellen).
    herbouw_indexen: tuple[Index, ...] = tuple(waarden.indexes)

    def verwerk(self, conn: Connection, blok: Sequence[Verwerking]) -> None:
        vorm = Opslagvorm(conn)
        datum, als_json = vorm.datum, vorm.json
        rijen_versies: list[tuple[Any, ...]] = []
        rijen_waarden: list[tuple[Any, ...]] = []
        # de beslissingen van dit blok: een rectificatie erin vindt haar doel zonder query
        beslissingen: dict[tuple[str, int], Feit] = {}
        for v in blok:
            aid, f = v.afspraak_id, v.feit
            if f.rectificeert is None:
                doel, bekend, ontvangen = f, f.bekend_op, f.ontvangen_op
                beslissingen[(aid, f.versie)] = f
                volgorde = _volgorde(f, None)
            else:
                gevonden = self._beslissing(conn, beslissingen, aid, f.rectificeert)
                if gevonden is None:
                    continue  # een rectificatie van een rectificatie telt in het orakel niet mee
                doel = gevonden
                bekend = max(doel.bekend_op, f.bekend_op)
                ontvangen = max(doel.ontvangen_op, f.ontvangen_op)
                volgorde = _volgorde(doel, f)
            assen = (aid, datum(doel.geldig_vanaf), datum(doel.geldig_tot),
                     datum(doel.juridisch_werkend_vanaf), datum(bekend), utc_tekst(ontvangen),
                     volgorde, f.versie)
            rijen_versies.append((*assen, f.rectificeert))
            rijen_waarden.extend((*assen, k, als_json(w)) for k, w in f.velden.items())
            if f.soort in BESTAAN:
                rijen_waarden.append((*assen, BESTAAT, als_json(True)))
        voeg_tupels_in(conn, versies, _VERSIEKOLOMMEN, rijen_versies)
        voeg_tupels_in(conn, waarden, _WAARDEKOLOMMEN, rijen_waarden)

    @staticmethod
    def _beslissing(conn: Connection, beslissingen: dict[tuple[str, int], Feit], aid: str,
                    versie: int) -> Feit | None:
        if (aid, versie) in beslissingen:
            return beslissingen[(aid, versie)]
        r = conn.execute(select(versies).where(
            versies.c.afspraak_id == aid, versies.c.versie == versie,
            versies.c.rectificeert.is_(None))).first()
        if r is None:
            return None
        return Feit(versie=r.versie, soort="", geldig_vanaf=r.geldig_vanaf,
                    geldig_tot=r.geldig_tot, juridisch_werkend_vanaf=r.werkend,
                    bekend_op=r.bekend, ontvangen_op=datetime.fromisoformat(r.ontvangen),
                    rectificeert=None, velden={})

    def wis(self, conn: Connection) -> None:
        conn.execute(delete(waarden))
        conn.execute(delete(versies))


def bekend_op_peil(ontvangen: Any, bekend: Any, werkend: Any, peil: Peilmoment) -> list[Any]:
    """Regel 1 als SQL: wat op het peilmoment ontvangen, bekend en juridisch werkend was
    (ontvangen als UTC-tekst; zonder juridische werking nooit werkend)."""
    voorwaarden = []
    if peil.ontvangen_op is not None:
        voorwaarden.append(ontvangen <= utc_tekst(peil.ontvangen_op))
    if peil.bekend_op is not None:
        voorwaarden.append(bekend <= peil.bekend_op)
    if peil.juridisch_werkend_op is not None:
        voorwaarden.append(and_(werkend.is_not(None), werkend <= peil.juridisch_werkend_op))
    return voorwaarden


def _assen_sql(peil: Peilmoment, datum: Any, teken: str) -> tuple[str, list[Any]]:
    """Regel 1 als SQL-tekst (zoals `bekend_op_peil`), met haar parameters."""
    delen, params = [], []
    if peil.ontvangen_op is not None:
        delen.append(f"ontvangen <= {teken}")
        params.append(utc_tekst(peil.ontvangen_op))
    if peil.bekend_op is not None:
        delen.append(f"bekend <= {teken}")
        params.append(datum(peil.bekend_op))
    if peil.juridisch_werkend_op is not None:
        delen.append(f"werkend IS NOT NULL AND werkend <= {teken}")
        params.append(datum(peil.juridisch_werkend_op))
    return "".join(f" AND {d}" for d in delen), params


def toestanden(conn: Connection, ids: Sequence[str], peil: Peilmoment) -> dict[str, Toestand]:
    """De toestand van elk van deze afspraken op het peilmoment; een afspraak die dan niet
    bestaat, ontbreekt.

    De puntvraag van de API, dus als SQL-tekst rechtstreeks op de driver (geen opbouw en
    omzetting door SQLAlchemy per vraag): per veld de winnende rij (hoogste `volgorde`) met
    SQLite's max() met kale kolommen of PostgreSQL's DISTINCT ON, en de zichtbare versies per
    afspraak. Op PostgreSQL in één opdracht (UNION ALL; de versies als één JSON-lijst per
    afspraak, zonder veld): elke rondgang naar de server telt mee. Op SQLite, in het proces,
    twee."""
    if not ids:
        return {}
    sqlite = conn.dialect.name == "sqlite"
    teken = "?" if sqlite else "%s"
    datum = Opslagvorm(conn).datum
    assen, assen_params = _assen_sql(peil, datum, teken)
    lijst = ", ".join([teken] * len(ids))
    waar = (f"afspraak_id IN ({lijst}) AND geldig_vanaf <= {teken} "
            f"AND (geldig_tot IS NULL OR geldig_tot > {teken}){assen}")
    g = datum(peil.geldig_op)
    params = (*ids, g, g, *assen_params)
    per_afspraak: dict[str, dict[str, Any]] = defaultdict(dict)
    zichtbaar: dict[str, tuple[int, ...]] = {}
    if sqlite:  # de kale kolommen komen uit de rij met de hoogste volgorde (max)
        sql = (f"SELECT afspraak_id, veld, waarde, max(volgorde) FROM {waarden.name} "
               f"WHERE {waar} GROUP BY afspraak_id, veld")
        for r in conn.exec_driver_sql(sql, params).all():  # fetchall: sneller dan rij voor rij
            per_afspraak[r[0]][r[1]] = lees_json(r[2])  # SQLite geeft JSON als tekst
        bestaand = [a for a, w in per_afspraak.items() if w.get(BESTAAT)]
        if not bestaand:
            return {}
        sql = (f"SELECT afspraak_id, group_concat(versie) FROM {versies.name} "
               f"WHERE afspraak_id IN ({', '.join([teken] * len(bestaand))}){assen} "
               "GROUP BY afspraak_id")
        zichtbaar = {r[0]: tuple(sorted(int(v) for v in r[1].split(",")))
                     for r in conn.exec_driver_sql(sql, (*bestaand, *assen_params)).all()
                     if r[1]}
    else:  # psycopg geeft JSON al gelezen
        sql = (f"(SELECT DISTINCT ON (afspraak_id, veld) afspraak_id, veld, waarde "
               f"FROM {waarden.name} WHERE {waar} ORDER BY afspraak_id, veld, volgorde DESC) "
               f"UNION ALL (SELECT afspraak_id, NULL, json_agg(versie ORDER BY versie) "
               f"FROM {versies.name} WHERE afspraak_id IN ({lijst}){assen} "
               "GROUP BY afspraak_id)")
        for r in conn.exec_driver_sql(sql, (*params, *ids, *assen_params)).all():
            if r[1] is None:
                zichtbaar[r[0]] = tuple(r[2])
            else:
                per_afspraak[r[0]][r[1]] = r[2]
        bestaand = [a for a, w in per_afspraak.items() if w.get(BESTAAT)]
    uit = {}
    for a in bestaand:
        w = per_afspraak[a]
        del w[BESTAAT]
        uit[a] = bouw_toestand(w, zichtbaar.get(a, ()))
    return uit
