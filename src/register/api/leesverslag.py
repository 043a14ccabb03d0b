"""GraphQL voor het leesverslag (Vertrouwen onder vuur, punt 7): wie las deze vertrouwelijke
afspraak, wanneer, op welk peilmoment en met welk verzoek."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from register.api.context import Info
from register.api.typen import Overheid, PageInfo, overheid
from register.api.vraag import ONGELDIGE_CURSOR, VraagFout, eerste_van


@strawberry.type(description="Eén lezing van een vertrouwelijke afspraak.")
class Lezing:
    lezer: Overheid = strawberry.field(description="De overheid van het token dat las.")
    beheerder: bool
    tijdstip: datetime
    wat: str = strawberry.field(description=(
        "Hoe: afspraak, lijst, verplichtingen, relatie, geschiedenis, tijdlijn, verschil of "
        "'na schrijven' (het antwoord op een eigen mutatie)."))
    geldig_op: date | None = strawberry.field(description="Het peilmoment van de vraag; leeg "
                                              "bij de hele geschiedenis.")
    juridisch_werkend_op: date | None
    bekend_op: date | None
    ontvangen_op: datetime | None
    verzoek_id: str = strawberry.field(description="De X-Request-ID van het verzoek.")


@strawberry.type
class LezingEdge:
    node: Lezing
    cursor: str


@strawberry.type
class LezingConnection:
    edges: list[LezingEdge]
    page_info: PageInfo


def leesverslag(info: Info, afspraak_id: strawberry.ID, first: int | None = None,
                after: str | None = None) -> LezingConnection | None:
    ctx = info.context
    if ctx.actor is None or not ctx.lezer().bestaat(str(afspraak_id)):
        return None
    eerste = eerste_van(info, first)
    if after is not None and not after.isdigit():
        raise VraagFout(ONGELDIGE_CURSOR)
    # een vroegere partij ziet alleen wie las tot haar vertrek
    grens = ctx.lezer().grenzen([str(afspraak_id)]).get(str(afspraak_id))
    rijen, meer = ctx.systeem.leesverslag.lees(str(afspraak_id), eerste,
                                               int(after) if after else None, tot=grens)
    overheden = ctx.systeem.register.overheden
    edges = [LezingEdge(cursor=str(r.id), node=Lezing(
        lezer=overheid(overheden, r.lezer), beheerder=r.beheerder,
        tijdstip=datetime.fromisoformat(r.tijdstip), wat=r.wat, geldig_op=r.geldig_op,
        juridisch_werkend_op=r.juridisch_werkend_op, bekend_op=r.bekend_op,
        ontvangen_op=datetime.fromisoformat(r.ontvangen_op) if r.ontvangen_op else None,
        verzoek_id=r.verzoek_id)) for r in rijen]
    return LezingConnection(edges=edges, page_info=PageInfo.van([e.cursor for e in edges], meer,
                                                                after))


@strawberry.type
class LeesverslagQuery:
    leesverslag: LezingConnection | None = strawberry.field(
        resolver=leesverslag, description="Wie deze vertrouwelijke afspraak las: elke lezing "
        "(wie, wanneer, op welk peilmoment, met welk verzoek), nieuwste eerst. Voor haar "
        "partijen (ook vroegere) en beheerders; null voor wie haar niet mag lezen. Lezingen van "
        "een openbare afspraak worden niet bijgehouden.")
