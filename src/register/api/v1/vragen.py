"""De vaste GraphQL-vragen achter /v1. De velden en hun namen zijn die van de GraphQL-typen
(camelCase), zodat een REST-antwoord veld voor veld gelijk is aan GraphQL op hetzelfde
peilmoment. Elk fragment is in het OpenAPI-document een schema met dezelfde naam."""

from __future__ import annotations

import re

from register.api.v1.uitvoering import Vraag

FRAGMENTEN = {
    "Overheid": "fragment Overheid on Overheid { id naam soort }",
    "AfspraakVerwijzing": "fragment AfspraakVerwijzing on Afspraak { id titel }",
    "Bron": """fragment Bron on Bron { titel soort datum kenmerk url citaat bewijskracht
      datumPrecisie verwijzingen { soort waarde tekst } }""",
    "Partij": """fragment Partij on Partij { overheid { ...Overheid } naamInBron rol binding
      ondertekendOp standpunt voorwaarden aantal namens { ...Overheid } }""",
    "Verplichting": """fragment Verplichting on Verplichting { id omschrijving
      partij { ...Overheid } uiterlijk { waarde precisie tekst } binding status
      hoeveelheden { grootheid waarde eenheid } afhechting betwist }""",
    "AfspraakSamenvatting": """fragment AfspraakSamenvatting on Afspraak { id titel soort
      inhoud programma gebieden status versie vertrouwelijk bindend betwist
      partijen { ...Partij } }""",
    "Afspraak": """fragment Afspraak on Afspraak { ...AfspraakSamenvatting
      verplichtingen { ...Verplichting }
      bedragen { omschrijving bedrag soort periode bron { ...Bron } }
      relaties { soort naar { ...AfspraakVerwijzing } }
      inkomendeRelaties { soort van { ...AfspraakVerwijzing } }
      afhechting { wijze geldigVanaf toelichting vervangenDoor { ...AfspraakVerwijzing } }
      tegenstrijdigheden { betreft toelichting gebeurtenissen verplichting vastgesteldIn
                           bronnen { ...Bron } } }""",
    "Gebeurtenis": """fragment Gebeurtenis on Gebeurtenis { id afspraakId versie soort aard
      geldigVanaf geldigTot juridischWerkendVanaf bekendOp ontvangenOp bronnen { ...Bron }
      toelichting actor rectificeert datumPrecisie datumTekst verslag hash }""",
}

PEIL = "$geldigOp: Date, $juridischWerkendOp: Date, $bekendOp: Date, $ontvangenOp: DateTime"
OP = ("geldigOp: $geldigOp, juridischWerkendOp: $juridischWerkendOp, bekendOp: $bekendOp, "
      "ontvangenOp: $ontvangenOp")
PAGINA = "first: $first, after: $after"


def vraag(operatie: str) -> Vraag:
    """De operatie met precies de fragmenten die zij (ook via andere fragmenten) gebruikt: een
    ongebruikt fragment weigert GraphQL."""
    nodig: list[str] = []
    te_doen = re.findall(r"\.\.\.(\w+)", operatie)
    while te_doen:
        naam = te_doen.pop()
        if naam not in nodig:
            nodig.append(naam)
            te_doen += re.findall(r"\.\.\.(\w+)", FRAGMENTEN[naam])
    return Vraag("\n".join([operatie, *(FRAGMENTEN[n] for n in sorted(nodig))]))


AFSPRAAK = vraag(f"query Afspraak($id: ID!, {PEIL}) {{ afspraak(id: $id, {OP}) {{ ...Afspraak }} }}")
AFSPRAKEN = vraag(f"""query Afspraken($filter: AfspraakFilter, $first: Int, $after: String,
  {PEIL}) {{ afspraken(filter: $filter, {OP}, {PAGINA}) {{
    edges {{ node {{ ...AfspraakSamenvatting }} }} pageInfo {{ hasNextPage endCursor }} }} }}""")
VERPLICHTINGEN = vraag(f"""query Verplichtingen($filter: VerplichtingFilter, $first: Int,
  $after: String, {PEIL}) {{ verplichtingen(filter: $filter, {OP}, {PAGINA}) {{
    edges {{ node {{ verplichting {{ ...Verplichting }} afspraak {{ ...AfspraakVerwijzing }} }} }}
    pageInfo {{ hasNextPage endCursor }} }} }}""")
# Zonder peilmoment de volledige geschiedenis; met een peilmoment de gebeurtenissen waarop de
# afspraak dan rust (ontwerp §4 regel 1).
GESCHIEDENIS = vraag("""query Geschiedenis($id: ID!) {
  gebeurtenissen(afspraakId: $id) { ...Gebeurtenis } }""")
GEBEURTENISSEN_OP = vraag(f"""query GebeurtenissenOp($id: ID!, {PEIL}) {{
  afspraak(id: $id, {OP}) {{ gebeurtenissen {{ ...Gebeurtenis }} }} }}""")
