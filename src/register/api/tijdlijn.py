"""GraphQL voor de tijdlijn (ontwerp §8): zichtbare gebeurtenissen over alle afspraken heen."""

from __future__ import annotations

import base64
import uuid
from datetime import date, datetime

import strawberry

from register.api.context import Info
from register.api.keuzelijsten import GebeurtenisAard
from register.api.typen import Gebeurtenis, PageInfo
from register.api.vraag import (
    ONGELDIGE_CURSOR, VraagFout, eerste_van, peilmoment, verwijzing_uit,
)
from register.projecties.tijdlijn import Plek, TijdlijnLezer, TijdlijnSelectie


@strawberry.input(description="Welke gebeurtenissen; alle opgegeven voorwaarden gelden samen.")
class TijdlijnFilter:
    aard: list[GebeurtenisAard] | None = strawberry.field(
        default=None, description="Alleen gebeurtenissen van deze aarden.")
    afspraak: strawberry.ID | None = None
    partij: strawberry.ID | None = strawberry.field(
        default=None, description="Alleen afspraken waarbij deze overheid (ooit) partij is.")
    programma: str | None = None
    bron: str | None = strawberry.field(
        default=None, description="Tekst in de titel of het kenmerk van een bron "
        "(hoofdletterongevoelig), bijvoorbeeld 'IPO-overdrachtsdossier'.")
    bekend_vanaf: date | None = strawberry.field(
        default=None, description="Alleen gebeurtenissen die op of na deze dag bekend werden.")
    bekend_tot: date | None = strawberry.field(
        default=None, description="Alleen gebeurtenissen die uiterlijk op deze dag bekend "
        "werden.")
    zoekterm: str | None = strawberry.field(
        default=None, description="Tekst in de toelichting, het verslag, de bronnen, hun "
        "citaten of hun verwijzingen (hoofdletterongevoelig). Is de zoekterm een verwijzing "
        "('34682-100'), dan vindt zij ook elke andere schrijfwijze ervan.")
    verwijzing: str | None = strawberry.field(
        default=None, description="Alleen gebeurtenissen met een bron die hiernaar verwijst, "
        "in elke schrijfwijze: 'Kamerstuk 34 682, nr. 100', '34682-100', 'kst-34682-100'; "
        "'34 682' is het hele dossier, 'BO MIRT november 2022' een overleg.")


@strawberry.type
class GebeurtenisEdge:
    node: Gebeurtenis
    cursor: str


@strawberry.type
class GebeurtenisConnection:
    edges: list[GebeurtenisEdge]
    page_info: PageInfo


def lees_cursor(tekst: str) -> Plek | None:
    try:
        soort, dag, aid, versie = base64.urlsafe_b64decode(tekst.encode()).decode().split(":")
        if soort != "gebeurtenis":
            return None
        return date.fromisoformat(dag), str(uuid.UUID(aid)), int(versie)
    except (ValueError, UnicodeDecodeError):
        return None


def cursor(bekend_op: date, afspraak_id: str, versie: int) -> str:
    """Noemt de gebeurtenis (bekend op, afspraak, versie), geen plaats in het register."""
    tekst = f"gebeurtenis:{bekend_op.isoformat()}:{afspraak_id}:{versie}"
    return base64.urlsafe_b64encode(tekst.encode()).decode()


def selectie(f: TijdlijnFilter | None, geldig_op: date | None) -> TijdlijnSelectie:
    f = f or TijdlijnFilter()
    return TijdlijnSelectie(
        aarden=None if f.aard is None else frozenset(a.value for a in f.aard),
        afspraak=str(f.afspraak) if f.afspraak else None,
        partij=str(f.partij) if f.partij else None, programma=f.programma, bron=f.bron,
        bekend_vanaf=f.bekend_vanaf, bekend_tot=f.bekend_tot, zoekterm=f.zoekterm,
        verwijzing=verwijzing_uit(f.verwijzing), bestaat_op=geldig_op)


def tijdlijn(info: Info, filter: TijdlijnFilter | None = None, geldig_op: date | None = None,
             juridisch_werkend_op: date | None = None, bekend_op: date | None = None,
             ontvangen_op: datetime | None = None, first: int | None = None,
             after: str | None = None) -> GebeurtenisConnection:
    eerste = eerste_van(info, first)
    na = lees_cursor(after) if after else None
    lezer = TijdlijnLezer(info.context.conn, info.context.actor)
    if after and (na is None or not lezer.bestaat(na)):
        raise VraagFout(ONGELDIGE_CURSOR)
    peil = peilmoment(geldig_op, juridisch_werkend_op, bekend_op, ontvangen_op)
    pagina = lezer.pagina(selectie(filter, geldig_op), peil, eerste, na)
    info.context.verantwoord_ids((i.rij.afspraak_id for i in pagina.items), "tijdlijn", peil)
    edges = [GebeurtenisEdge(node=Gebeurtenis.van(i.rij, i.doel),
                             cursor=cursor(i.rij.bekend_op, i.rij.afspraak_id, i.rij.versie))
             for i in pagina.items]
    return GebeurtenisConnection(edges=edges, page_info=PageInfo.van(
        [e.cursor for e in edges], pagina.heeft_volgende, after))


@strawberry.type
class TijdlijnQuery:
    tijdlijn: GebeurtenisConnection = strawberry.field(
        resolver=tijdlijn, description="Zichtbare gebeurtenissen over alle afspraken heen, in "
        "de volgorde waarin zij bekend werden (bekendOp, dan afspraak en versie); Relay-"
        "gepagineerd, met dezelfde toegangsregels als de afspraken. Zichtbaar is wat op het "
        "peilmoment bekend, ontvangen en juridisch werkend was (ontwerp §4 regel 1); met "
        "geldigOp alleen gebeurtenissen van afspraken die op die dag kunnen bestaan.")
