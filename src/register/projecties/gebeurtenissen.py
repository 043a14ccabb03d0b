"""Leesmodel 'gebeurtenissen': elke gebeurtenis met haar assen, bronnen en gezette velden."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON, BigInteger, Column, Connection, Date, Integer, String, Table, Text, delete, or_, select,
)

from register.domein.afspraak import Afspraak, aard_van
from register.domein.tijdreizen import Feit
from register.domein.velden import bron_waarde
from register.projecties.basis import Opslagvorm, Verwerking, metadata, voeg_tupels_in

gebeurtenissen = Table(
    "lm_gebeurtenissen", metadata,
    Column("afspraak_id", String(36), primary_key=True),
    Column("versie", Integer, primary_key=True),
    Column("positie", BigInteger, nullable=False, unique=True),
    Column("soort", String(40), nullable=False),
    Column("aard", String(40), nullable=False),
    Column("geldig_vanaf", Date),
    Column("geldig_tot", Date),
    Column("juridisch_werkend_vanaf", Date),
    Column("bekend_op", Date, nullable=False),
    # ISO 8601 in UTC met vaste breedte: sorteert als tekst zoals in de tijd.
    Column("ontvangen_op", String(32), nullable=False),
    Column("rectificeert", Integer),
    Column("actor", String(300), nullable=False),
    Column("toelichting", Text),
    Column("bronnen", JSON, nullable=False),
    Column("velden", JSON, nullable=False),
    Column("extra", JSON, nullable=False),
    # In kleine letters, voor de tijdlijn: de titels en kenmerken van de bronnen, en al haar
    # tekst (die plus toelichting, verslag en citaten).
    Column("brontekst", Text, nullable=False),
    Column("zoektekst", Text, nullable=False),
    # De genormaliseerde verwijzingen van haar bronnen (' kst-34682-100 bo-mirt-2022-11 '),
    # voor het filter op een verwijzing.
    Column("verwijzingen", Text, nullable=False),
)
# De primaire sleutel (afspraak_id, versie) is ook de index waarlangs elke vraag leest.


def verwijst_naar(kolom: Any, waarde: str) -> Any:
    """Of een kolom `verwijzingen` deze genormaliseerde verwijzing noemt; een dossier
    ('kst-34682') vindt ook elk stuk erin ('kst-34682-100'), een stuk alleen zichzelf."""
    w = waarde.lower()
    return or_(kolom.contains(f" {w} ", autoescape=True),
               kolom.contains(f" {w}-", autoescape=True))


def utc_tekst(t: datetime) -> str:
    """ISO 8601 in UTC met vaste breedte (ook het jaar, anders dan strftime vóór het jaar
    1000): sorteert als tekst zoals in de tijd."""
    return t.astimezone(UTC).isoformat(timespec="microseconds")


def _extra(e: Afspraak.Event) -> dict[str, Any]:
    m = e.meta
    extra: dict[str, Any] = {"datumPrecisie": m.datum_precisie, "datumTekst": m.datum_tekst}
    for naam in ("verslag", "aard", "overheid", "standpunt", "voorwaarden", "wijze",
                 "vervangen_door", "verplichting"):
        w = getattr(e, naam, None)
        if isinstance(w, str | None) and w is not None:
            extra[naam] = w
    return extra


def _teksten(e: Afspraak.Event) -> tuple[str, str, str]:
    """brontekst, zoektekst en verwijzingen (zie de kolommen)."""
    bronnen = e.meta.bronnen
    bron = " ".join(f"{b.titel} {b.kenmerk or ''}" for b in bronnen)
    verwijzingen = {v.waarde.lower(): v.tekst for b in bronnen for v in b.verwijzingen}
    rest = " ".join([e.meta.toelichting or "", getattr(e, "verslag", None) or "",
                     *(b.citaat or "" for b in bronnen), *verwijzingen, *verwijzingen.values()])
    return bron.lower(), f"{bron} {rest}".lower(), "".join(f" {w} " for w in verwijzingen)


# De kolommen zoals GebeurtenissenProjectie ze schrijft (alle, in deze volgorde).
_KOLOMMEN = ("afspraak_id", "versie", "positie", "soort", "aard", "geldig_vanaf", "geldig_tot",
             "juridisch_werkend_vanaf", "bekend_op", "ontvangen_op", "rectificeert", "actor",
             "toelichting", "bronnen", "velden", "extra", "brontekst", "zoektekst",
             "verwijzingen")


class GebeurtenissenProjectie:
    def verwerk(self, conn: Connection, blok: Sequence[Verwerking]) -> None:
        """Eén rij per gebeurtenis, meteen als tupel in de vorm van de opslag (zonder
        woordenboek per rij: bij een herbouw telt dat)."""
        vorm = Opslagvorm(conn)
        datum, als_json = vorm.datum, vorm.json
        rijen = []
        for v in blok:
            e, f = v.gebeurtenis, v.feit
            m = e.meta
            brontekst, zoektekst, verwijzingen = _teksten(e)
            rijen.append((
                v.afspraak_id, f.versie, v.positie, f.soort, aard_van(e),
                datum(f.geldig_vanaf), datum(f.geldig_tot), datum(f.juridisch_werkend_vanaf),
                datum(f.bekend_op), utc_tekst(f.ontvangen_op), f.rectificeert, m.actor,
                m.toelichting, als_json([bron_waarde(b) for b in m.bronnen]),
                als_json(dict(f.velden)), als_json(_extra(e)), brontekst, zoektekst,
                verwijzingen))
        voeg_tupels_in(conn, gebeurtenissen, _KOLOMMEN, rijen)

    def wis(self, conn: Connection) -> None:
        conn.execute(delete(gebeurtenissen))


def rij_naar_feit(r: Any) -> Feit:
    m = r._mapping  # sneller dan attributen van een Row (het verschil doet dit 1000 keer)
    return Feit(
        versie=m["versie"], soort=m["soort"], geldig_vanaf=m["geldig_vanaf"],
        geldig_tot=m["geldig_tot"], juridisch_werkend_vanaf=m["juridisch_werkend_vanaf"],
        bekend_op=m["bekend_op"], ontvangen_op=datetime.fromisoformat(m["ontvangen_op"]),
        rectificeert=m["rectificeert"], velden=m["velden"])


def geschiedenis(conn: Connection, afspraak_ids: Iterable[str]) -> dict[str, list[Any]]:
    """Alle gebeurtenis-rijen van deze afspraken, per afspraak in stroomvolgorde; één query."""
    ids = list(dict.fromkeys(afspraak_ids))
    uit: dict[str, list[Any]] = {i: [] for i in ids}
    if not ids:
        return uit
    rijen = conn.execute(select(gebeurtenissen).where(gebeurtenissen.c.afspraak_id.in_(ids))
                         .order_by(gebeurtenissen.c.afspraak_id, gebeurtenissen.c.versie))
    for r in rijen:
        uit[r.afspraak_id].append(r)
    return uit
