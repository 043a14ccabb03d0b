"""De vragen van ontwerp §5: elke vraag op een peilmoment over de vier STOP-assen, één klasse
per onderwerp; api/schema.py voegt ze (met die van tijdlijn, leesverslag en abonnementen) samen
tot één Query."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from register.api import getypeerd, integriteit
from register.api.citaat import (
    Citaat, CitaatControle, CitaatWaarde, OngeldigCitaat, controleer_citaat,
)
from register.api.context import Info
from register.api.integriteit import Consistentiebewijs, Inclusiebewijs, Integriteit
from register.api.verschil import (
    PeilmomentInput, Verschil, VerschilConnection, VerschilEdge, peilen, verschil_van,
)
from register.api.typen import (
    Afspraak, AfspraakConnection, AfspraakEdge, AfspraakStatus, Gebeurtenis, Overheid, PageInfo,
    Verplichting, VerplichtingConnection, VerplichtingEdge, VerplichtingInAfspraak,
    VerplichtingStatus, afspraak, betwist, cursor, lees_cursor, lees_verplichting_cursor,
)
from register.domein.overheden import SOORTEN, Overheden
from register.domein.waarden import VERPLICHTING_BINDING, laatste_dag
from register.api.vraag import (
    ONGELDIGE_CURSOR, VraagFout, eerste_van, peilmoment, verwijzing_uit,
)
from register.projecties.afspraken import Filter, OnbekendeCursor, VerplichtingSelectie


@strawberry.input
class AfspraakFilter:
    partij: strawberry.ID | None = None
    programma: str | None = None
    soort: str | None = None
    status: AfspraakStatus | None = None
    zoekterm: str | None = strawberry.field(default=None, description=(
        "Tekst in de titel of inhoud (hoofdletterongevoelig); is de zoekterm een verwijzing "
        "('34 682 nr. 100', '34682-100'), dan ook de afspraken waarvan een bron ernaar "
        "verwijst, in elke schrijfwijze."))
    verwijzing: str | None = strawberry.field(default=None, description=(
        "Alleen afspraken waarvan een op het peilmoment bekende bron hiernaar verwijst: "
        "'Kamerstuk 34 682, nr. 100', '34682-100', 'kst-34682' (het hele dossier), "
        "'BO MIRT november 2022'."))


@strawberry.input(description="Welke verplichtingen; alle opgegeven voorwaarden gelden samen.")
class VerplichtingFilter:
    partij: strawberry.ID | None = strawberry.field(
        default=None, description="De overheid waarop de verplichting rust.")
    partij_soort: str | None = strawberry.field(
        default=None, description="De soort van die overheid, zoals in `overheden`: GEMEENTE, "
        "PROVINCIE, WATERSCHAP, MINISTERIE, KOEPEL, … (de collectieven tellen mee: 'alle "
        "gemeenten' is een GEMEENTE). MINISTERIE is de Rijkskant: ook wat bij 'het Rijk' "
        "(de Rijksoverheid als geheel) ligt.")
    status: VerplichtingStatus | None = None
    binding: str | None = strawberry.field(
        default=None, description="WETTELIJK, BESTUURLIJK, GEVRAAGD of VOORGESTELD: wat "
        "juridisch verplicht is, en wat een uitnodiging of advies.")
    uiterlijk_tot: str | None = strawberry.field(
        default=None, description="JJJJ, JJJJ-MM of JJJJ-MM-DD: alleen verplichtingen die "
        "uiterlijk dan af moeten ('uiterlijk 2025' valt binnen 2025, niet binnen 2025-06); "
        "verplichtingen zonder datum vallen dan af.")
    afspraak: AfspraakFilter | None = strawberry.field(
        default=None, description="De afspraken waarin gezocht wordt.")


@strawberry.type
class AfspraakQuery:
    @getypeerd.field(description="Eén afspraak op een peilmoment; null als zij dan niet bestaat.")
    def afspraak(self, info: Info, id: strawberry.ID, geldig_op: date | None = None,
                 juridisch_werkend_op: date | None = None, bekend_op: date | None = None,
                 ontvangen_op: datetime | None = None) -> Afspraak | None:
        peil = peilmoment(geldig_op, juridisch_werkend_op, bekend_op, ontvangen_op)
        op = info.context.lezer().op(str(id), peil)
        return None if op is None else afspraak(info, op, peil)

    @getypeerd.field(description="Afspraken op een peilmoment, gefilterd, Relay-gepagineerd.")
    def afspraken(self, info: Info, filter: AfspraakFilter | None = None,
                  geldig_op: date | None = None, juridisch_werkend_op: date | None = None,
                  bekend_op: date | None = None, ontvangen_op: datetime | None = None,
                  first: int | None = None, after: str | None = None) -> AfspraakConnection:
        eerste = eerste_van(info, first)
        na = lees_cursor(after) if after else None
        if after and na is None:
            raise VraagFout(ONGELDIGE_CURSOR)
        peil = peilmoment(geldig_op, juridisch_werkend_op, bekend_op, ontvangen_op)
        try:
            pagina = info.context.lezer().lijst(_filter(filter), peil, eerste, na)
        except OnbekendeCursor:  # ook een afspraak die de vrager niet mag zien: geen verschil
            raise VraagFout(ONGELDIGE_CURSOR) from None
        edges = [AfspraakEdge(node=afspraak(info, a, peil, "lijst"), cursor=cursor(a.id))
                 for a in pagina.items]
        return AfspraakConnection(edges=edges, page_info=PageInfo.van(
            [e.cursor for e in edges], pagina.heeft_volgende, after))

    @getypeerd.field(description="Verplichtingen over alle afspraken heen op een peilmoment "
                     "(bijvoorbeeld: wat ligt bij gemeenten, en wanneer moet het af), in "
                     "registervolgorde van hun afspraak; Relay-gepagineerd. Alleen uit "
                     "afspraken die de vrager mag zien. Eén vraag leest hoogstens zoveel "
                     "afspraken als de instelling max_afspraken_per_vraag (standaard 1000); "
                     "treft het filter weinig, dan kan een pagina korter of leeg zijn met "
                     "hasNextPage: lees dan verder vanaf endCursor.")
    def verplichtingen(self, info: Info, filter: VerplichtingFilter | None = None,
                       geldig_op: date | None = None, juridisch_werkend_op: date | None = None,
                       bekend_op: date | None = None, ontvangen_op: datetime | None = None,
                       first: int | None = None, after: str | None = None
                       ) -> VerplichtingConnection:
        eerste = eerste_van(info, first)
        na = lees_verplichting_cursor(after) if after else None
        if after and na is None:
            raise VraagFout(ONGELDIGE_CURSOR)
        f = filter or VerplichtingFilter()
        overheden = info.context.systeem.register.overheden
        peil = peilmoment(geldig_op, juridisch_werkend_op, bekend_op, ontvangen_op)
        try:
            pagina = info.context.lezer().verplichtingen(
                _filter(f.afspraak), _verplichting_filter(f, overheden), peil, eerste, na,
                info.context.instellingen.max_afspraken_per_vraag)
        except OnbekendeCursor:
            raise VraagFout(ONGELDIGE_CURSOR) from None
        edges = [VerplichtingEdge(node=VerplichtingInAfspraak(
            verplichting=Verplichting.van(v, overheden, a.id, peil, betwist(a)),
            afspraak=afspraak(info, a, peil, "verplichtingen")),
            cursor=cursor(a.id, v.id)) for a, v in pagina.items]
        return VerplichtingConnection(edges=edges, page_info=PageInfo.van(
            [e.cursor for e in edges], pagina.heeft_volgende, after,
            eind=cursor(pagina.verder_na, "") if pagina.verder_na else None))


@strawberry.type
class VerschilQuery:
    @getypeerd.field(description=(
        "Het verschil (redline) van een afspraak tussen twee peilmomenten, elk over de vier "
        "assen: per veld, partij, verplichting, bedrag, gebied en relatie wat erbij kwam, "
        "verdween of veranderde, met de gebeurtenis(sen) en bronnen die het veroorzaakten en "
        "waarom (een nieuw besluit, een rectificatie, een terugwerkend besluit, een besluit "
        "dat in werking trad of geldig werd, of kennis die later kwam). Zonder 'van' of "
        "'naar': vandaag, met alles wat het register nu weet. null als de vrager de afspraak "
        "niet mag zien."))
    def verschil(self, info: Info, afspraak_id: strawberry.ID,
                 van: PeilmomentInput | None = None,
                 naar: PeilmomentInput | None = None) -> Verschil | None:
        a, b = peilen(van, naar)
        g = info.context.lezer().feiten_geschiedenissen([str(afspraak_id)]).get(str(afspraak_id))
        if g is None:
            return None
        info.context.verantwoord_ids([str(afspraak_id)], "verschil", b)
        return verschil_van(info, str(afspraak_id), a, b, g)

    @getypeerd.field(description=(
        "De verschillen van de afspraken die het filter op 'van' of op 'naar' kiest (wat "
        "veranderde er voor provincie X tussen deze twee dagen, zoals nu bekend?), in "
        "registervolgorde; alleen afspraken die verschillen. Relay-gepagineerd over de "
        "gekozen afspraken: een pagina kan korter zijn dan first terwijl hasNextPage waar is."))
    def verschillen(self, info: Info, filter: AfspraakFilter | None = None,
                    van: PeilmomentInput | None = None, naar: PeilmomentInput | None = None,
                    first: int | None = None, after: str | None = None) -> VerschilConnection:
        eerste = eerste_van(info, first)
        na = lees_cursor(after) if after else None
        if after and na is None:
            raise VraagFout(ONGELDIGE_CURSOR)
        a, b = peilen(van, naar)
        lezer = info.context.lezer()
        try:
            pagina = lezer.lijst_op_twee(_filter(filter), a, b, eerste, na)
        except OnbekendeCursor:
            raise VraagFout(ONGELDIGE_CURSOR) from None
        edges = []
        geschiedenissen = lezer.feiten_geschiedenissen(pagina.items)
        for aid in pagina.items:
            if aid not in geschiedenissen:
                continue
            v = verschil_van(info, aid, a, b, geschiedenissen[aid])
            if v.wijzigingen:
                edges.append(VerschilEdge(node=v, cursor=cursor(aid)))
        info.context.verantwoord_ids([str(e.node.afspraak_id) for e in edges], "verschil", b)
        return VerschilConnection(edges=edges, page_info=PageInfo.van(
            [e.cursor for e in edges], pagina.heeft_volgende, after,
            eind=cursor(pagina.items[-1]) if pagina.items else None))


@strawberry.type
class CitaatQuery:
    @getypeerd.field(description=(
        "Een citaat (Afspraak.citaat.tekst) teruggebracht tot zijn antwoord: de afspraak op "
        "het peilmoment van het citaat, met de controle dat versies en boom nog kloppen."))
    def citaat(self, info: Info, tekst: str) -> CitaatControle:
        try:
            c = CitaatWaarde.lees(tekst.strip())
        except OngeldigCitaat as e:
            raise VraagFout(f"Ongeldig citaat: {e}.") from None
        op, meldingen = controleer_citaat(info, c)
        return CitaatControle(klopt=not meldingen, meldingen=meldingen, citaat=Citaat.van(c),
                              afspraak=None if op is None else afspraak(info, op, c.peil,
                                                                         "citaat"))


@strawberry.type
class GeschiedenisQuery:
    @getypeerd.field(description="De volledige geschiedenis van een afspraak, in stroomvolgorde.")
    def gebeurtenissen(self, info: Info, afspraak_id: strawberry.ID) -> list[Gebeurtenis]:
        rijen = info.context.lezer().volledige_geschiedenis(str(afspraak_id)) or []
        if rijen:
            info.context.verantwoord_ids([str(afspraak_id)], "geschiedenis", None)
        return [Gebeurtenis.in_geschiedenis(r, rijen) for r in rijen]


@strawberry.type
class IntegriteitQuery:
    @getypeerd.field(description="De Merkle-boom over alle gebeurtenissen en het oordeel over "
                     "de opslag. Een volledige controle vraagt een beheerder met de mutatie "
                     "`integriteitControleren`.")
    def integriteit(self, info: Info, controleer: Annotated[bool, strawberry.argument(
            deprecation_reason="Een vraag verandert niets; gebruik de mutatie "
            "integriteitControleren.")] = False) -> Integriteit:
        if not controleer:
            return integriteit.integriteit(info)
        if info.context.actor is None or not info.context.actor.beheerder:
            raise VraagFout(integriteit.ALLEEN_BEHEERDER)
        return integriteit.controleer(info)

    @getypeerd.field(description="Bewijs dat een gebeurtenis in de boom staat; null als zij "
                     "niet bestaat of niet zichtbaar is. Zonder boomgrootte: de boom van nu.")
    def inclusiebewijs(self, info: Info, afspraak_id: strawberry.ID, versie: int,
                       boomgrootte: int | None = None) -> Inclusiebewijs | None:
        try:
            return integriteit.inclusiebewijs(info, str(afspraak_id), versie, boomgrootte)
        except integriteit.BewijsFout as f:
            raise VraagFout(str(f)) from None

    @getypeerd.field(description="Bewijs dat de boom van nu (of van `naar`) een eerder bewaarde "
                     "boom (boomgrootte en wortel) alleen aanvult.")
    def consistentiebewijs(self, info: Info, boomgrootte: int, wortel: str,
                           naar: int | None = None) -> Consistentiebewijs:
        try:
            return integriteit.consistentiebewijs(info, boomgrootte, wortel, naar)
        except integriteit.BewijsFout as f:
            raise VraagFout(str(f)) from None


@strawberry.type
class OverheidQuery:
    @getypeerd.field(description="Overheden uit TOOI en de register-eigen organisaties, op "
                     "naam; met soort alleen die soort, met geldigOp alleen wie op die dag "
                     "bestond (de gemeenten van 2019 zijn andere dan die van nu).")
    def overheden(self, info: Info, soort: str | None = None,
                  geldig_op: date | None = None) -> list[Overheid]:
        return [Overheid.van(o)
                for o in info.context.systeem.register.overheden.alle(soort, geldig_op)]


def _filter(f: AfspraakFilter | None) -> Filter:
    f = f or AfspraakFilter()
    return Filter(partij=str(f.partij) if f.partij else None, programma=f.programma,
                  soort=f.soort, status=f.status.value if f.status else None,
                  zoekterm=f.zoekterm, verwijzing=verwijzing_uit(f.verwijzing))


def _verplichting_filter(f: VerplichtingFilter, overheden: Overheden) -> VerplichtingSelectie:
    partijen = None if f.partij is None else frozenset({str(f.partij)})
    if f.partij_soort is not None:
        if f.partij_soort not in SOORTEN:
            raise VraagFout(f"partijSoort kent alleen {', '.join(SOORTEN)}.")
        soort = overheden.aan_de_kant_van(f.partij_soort)
        partijen = soort if partijen is None else partijen & soort
    if f.binding is not None and f.binding not in VERPLICHTING_BINDING:
        raise VraagFout(f"binding kent alleen {', '.join(VERPLICHTING_BINDING)}.")
    tot = None
    if f.uiterlijk_tot is not None:
        tot = laatste_dag(f.uiterlijk_tot)
        if tot is None:
            raise VraagFout("uiterlijkTot verwacht JJJJ, JJJJ-MM of JJJJ-MM-DD (een bestaande "
                            "datum).")
    return VerplichtingSelectie(partijen=partijen, status=f.status.value if f.status else None,
                                binding=f.binding, uiterlijk_tot=tot)
