"""De GraphQL-documenten en willekeurige peilmomenten die de metingen gebruiken, en het
kiezen van afspraken uit het leesmodel."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, select

from register.projecties.afspraken import afspraken, kenmerken
from register.systeem.opslag import Opslag

PUNT = """query Punt($id: ID!, $g: Date, $j: Date, $b: Date, $o: DateTime) {
  afspraak(id: $id, geldigOp: $g, juridischWerkendOp: $j, bekendOp: $b, ontvangenOp: $o) {
    id titel soort status versie programma gebieden
    partijen { overheid { id naam } naamInBron rol binding ondertekendOp standpunt }
    verplichtingen { id omschrijving status binding partij { naam }
                     uiterlijk { waarde precisie tekst } }
    bedragen { omschrijving bedrag soort }
  } }"""

LIJST = """query Lijst($g: Date, $after: String) {
  afspraken(geldigOp: $g, first: 50, after: $after) {
    edges { node { id titel soort status versie
      partijen { overheid { id naam } naamInBron rol binding }
      verplichtingen { id omschrijving status partij { id naam }
                       uiterlijk { waarde precisie tekst } } } }
    pageInfo { hasNextPage endCursor } } }"""

VERSIE = "query V($id: ID!) { afspraak(id: $id) { versie } }"

VOORTGANG = """mutation M($input: VoortgangRapporterenInput!) {
  voortgangRapporteren(input: $input) { __typename
    ... on AfspraakOpgeslagen { afspraak { versie } }
    ... on VersieConflict { huidigeVersie } ... on Fout { code melding } } }"""


def willekeurig_peilmoment(r: random.Random) -> dict[str, Any]:
    """Elk van de vier assen: geldigOp altijd, de andere drie elk in de helft van de vragen."""
    def dag() -> date:
        return date(2015, 1, 1) + timedelta(days=r.randint(0, 4000))

    v: dict[str, Any] = {"g": dag().isoformat()}
    if r.random() < 0.5:
        v["j"] = dag().isoformat()
    if r.random() < 0.5:
        v["b"] = dag().isoformat()
    if r.random() < 0.5:
        v["o"] = datetime.combine(dag(), datetime.min.time(), UTC).isoformat()
    return v


def afspraak_ids(url: str, *, open_: bool = False, zonder: str | None = None,
                 maximum: int = 20_000) -> list[str]:
    """Afspraken uit het leesmodel (niet vertrouwelijk, zodat lezen zonder token kan); met
    `open_` alleen die nooit zijn afgehecht."""
    e = create_engine(Opslag(url).sqlalchemy_url())
    q = select(afspraken.c.id).where(afspraken.c.vertrouwelijk.is_(False))
    if open_:
        q = q.where(~select(kenmerken.c.afspraak_id).where(
            kenmerken.c.afspraak_id == afspraken.c.id, kenmerken.c.soort == "status",
            kenmerken.c.waarde == "AFGEHECHT").exists())
    if zonder:
        q = q.where(afspraken.c.id != zonder)
    with e.connect() as c:
        ids = [r.id for r in c.execute(q.order_by(afspraken.c.volgnummer).limit(maximum))]
    e.dispose()
    return ids
