"""Leesmodel 'gebeurtenissen': elke gebeurtenis met haar assen, bronnen en gezette velden."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON, BigInteger, Column, Connection, Date, Integer, String, Table, Text, delete, or_, select,
)

from register.domein.afspraak import Afspraak, aard_van, feit_van
from register.domein.tijdreizen import Feit
from register.domein.velden import bron_waarde
from register.projecties.basis import blok, metadata, voeg_in

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
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _extra(e: Afspraak.Event) -> dict[str, Any]:
    m = e.meta
    extra: dict[str, Any] = {"datumPrecisie": m.datum_precisie, "datumTekst": m.datum_tekst}
    for naam in ("verslag", "aard", "overheid", "standpunt", "voorwaarden", "wijze",
                 "vervangen_door", "verplichting"):
        w = getattr(e, naam, None)
        if isinstance(w, str | None) and w is not None:
            extra[naam] = w
    return extra


def _teksten(e: Afspraak.Event) -> dict[str, str]:
    bronnen = e.meta.bronnen
    bron = " ".join(f"{b.titel} {b.kenmerk or ''}" for b in bronnen)
    verwijzingen = {v.waarde.lower(): v.tekst for b in bronnen for v in b.verwijzingen}
    rest = " ".join([e.meta.toelichting or "", getattr(e, "verslag", None) or "",
                     *(b.citaat or "" for b in bronnen), *verwijzingen, *verwijzingen.values()])
    return {"brontekst": bron.lower(), "zoektekst": f"{bron} {rest}".lower(),
            "verwijzingen": "".join(f" {w} " for w in verwijzingen)}


class _Rijen:
    """De rijen van één blok, in één executemany geschreven."""

    def __init__(self) -> None:
        self.rijen: list[dict[str, Any]] = []

    def spoel(self, conn: Connection) -> None:
        voeg_in(conn, gebeurtenissen, self.rijen)


class GebeurtenissenProjectie:
    def verwerk(self, conn: Connection, e: Afspraak.Event, positie: int) -> None:
        f = feit_van(e)
        blok(conn, "gebeurtenissen", _Rijen).rijen.append(dict(
            afspraak_id=str(e.originator_id), versie=f.versie, positie=positie, soort=f.soort,
            aard=aard_van(e),
            geldig_vanaf=f.geldig_vanaf, geldig_tot=f.geldig_tot,
            juridisch_werkend_vanaf=f.juridisch_werkend_vanaf, bekend_op=f.bekend_op,
            ontvangen_op=utc_tekst(f.ontvangen_op), rectificeert=f.rectificeert,
            actor=e.meta.actor, toelichting=e.meta.toelichting,
            bronnen=[bron_waarde(b) for b in e.meta.bronnen], velden=dict(f.velden),
            extra=_extra(e),
            **_teksten(e)))

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
