"""Hulp voor e2e-tests: GraphQL over HTTP met de namen van ontwerp §5."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from register.systeem.instellingen import Instellingen
from register.systeem.sleutel import laad_sleutel
from register.systeem.tokens import Tokens

P_GELDERLAND = "https://identifier.overheid.nl/tooi/id/provincie/pv25"
P_UTRECHT = "https://identifier.overheid.nl/tooi/id/provincie/pv26"
M_BZK = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"
M_LVVN = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1153"
GM_UTRECHT = "https://identifier.overheid.nl/tooi/id/gemeente/gm0344"
IPO = "urn:afsprakenregister:overheid:ipo"
BEHEER = "urn:afsprakenregister:overheid:register"

RESULTAAT = """{ __typename
  ... on AfspraakOpgeslagen { afspraak { id versie status titel }
        gebeurtenis { id versie soort ontvangenOp geldigVanaf geldigTot juridischWerkendVanaf
                      bekendOp actor rectificeert toelichting bronnen { titel datum citaat } } }
  ... on Fout { code melding }
  ... on Ongeldig { velden { veld melding } }
  ... on VersieConflict { verwachteVersie huidigeVersie } }"""

AFSPRAAK_VELDEN = """id titel soort inhoud programma status versie vertrouwelijk
  partijen { overheid { id naam soort } naamInBron rol binding ondertekendOp standpunt }
  verplichtingen { id omschrijving partij { id } uiterlijk { waarde precisie tekst } binding status }
  bedragen { omschrijving bedrag soort }
  relaties { soort naar { id titel } }
  afhechting { wijze geldigVanaf toelichting vervangenDoor { id titel } }
  gebeurtenissen { versie soort }"""


def bron(datum: str, titel: str = "Brief startpakket NOVEX", citaat: str | None = None
         ) -> dict[str, Any]:
    return {"titel": titel, "soort": "brief", "datum": datum, "citaat": citaat}


def gql(client: TestClient, query: str, variables: dict[str, Any] | None = None,
        token: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = client.post("/graphql", json={"query": query, "variables": variables or {}},
                    headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert "errors" not in body, body["errors"]
    return body["data"]  # type: ignore[no-any-return]


def muteer(client: TestClient, mutatie: str, invoer: dict[str, Any], token: str
           ) -> dict[str, Any]:
    invoertype = mutatie[0].upper() + mutatie[1:] + "Input"
    if mutatie in ("verplichtingNakomen", "verplichtingVervallen",
                   "verplichtingOnbeslistVerklaren"):
        invoertype = "VerplichtingBetreffendInput"
    if mutatie in ("afspraakInWerkingStellen", "afspraakOpschorten", "afspraakHervatten",
                   "afspraakStopzetten"):
        invoertype = "StatusWijzigenInput"
    q = f"mutation($i: {invoertype}!) {{ {mutatie}(input: $i) {RESULTAAT} }}"
    return gql(client, q, {"i": invoer}, token)[mutatie]  # type: ignore[no-any-return]


def vraag_afspraak(client: TestClient, afspraak_id: str, token: str | None = None,
                   **peil: str) -> dict[str, Any] | None:
    args = "".join(f", {k}: $" + k for k in peil)
    decl = "".join(f", ${k}: {'DateTime' if k == 'ontvangenOp' else 'Date'}" for k in peil)
    q = f"query($id: ID!{decl}) {{ afspraak(id: $id{args}) {{ {AFSPRAAK_VELDEN} }} }}"
    return gql(client, q, {"id": afspraak_id, **peil}, token)["afspraak"]  # type: ignore[no-any-return]


def vastleggen_invoer(**extra: Any) -> dict[str, Any]:
    invoer: dict[str, Any] = {
        "titel": "Ruimtelijk arrangement NOVEX Gelderland", "soort": "ruimtelijk arrangement",
        "inhoud": "Wederkerige afspraken over de ruimtelijke inrichting.", "programma": "NOVEX",
        "partijen": [{"overheid": M_BZK, "rol": "opdrachtgever", "binding": "ONDERTEKENAAR",
                      "naamInBron": "Minister voor VRO"},
                     {"overheid": P_GELDERLAND, "rol": "uitvoerder",
                      "binding": "ONDERTEKENAAR"}],
        "verplichtingen": [{"omschrijving": "Ruimtelijk voorstel indienen",
                            "partij": P_GELDERLAND, "uiterlijk": "2023-06-03"}],
        "bedragen": [{"omschrijving": "Rijksbijdrage", "bedrag": "1000000"}],
        "bronnen": [bron("2022-12-09")],
    }
    invoer.update(extra)
    return invoer


# -- aanvullingen voor de e2e-suites mutaties, lijsten, toegang en cli ------------------------

GESCHIEDENIS = """query($id: ID!) { gebeurtenissen(afspraakId: $id) {
  id afspraakId versie soort geldigVanaf geldigTot juridischWerkendVanaf bekendOp ontvangenOp
  actor rectificeert toelichting verslag bronnen { titel soort datum citaat kenmerk url } } }"""


def gql_antwoord(client: TestClient, query: str, variables: dict[str, Any] | None = None,
                 token: str | None = None) -> tuple[int, dict[str, Any]]:
    """Het ruwe antwoord (statuscode en body), ook als het `errors` bevat."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = client.post("/graphql", json={"query": query, "variables": variables or {}},
                    headers=headers)
    return r.status_code, r.json()


def leg_vast(client: TestClient, token: str, **extra: Any) -> str:
    """Legt een afspraak vast en geeft haar id; faalt de test als dat niet lukt."""
    r = muteer(client, "afspraakVastleggen", vastleggen_invoer(**extra), token)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    return r["afspraak"]["id"]  # type: ignore[no-any-return]


def geschiedenis(client: TestClient, afspraak_id: str, token: str | None = None
                 ) -> list[dict[str, Any]]:
    """De volledige geschiedenis via `gebeurtenissen(afspraakId)`."""
    return gql(client, GESCHIEDENIS, {"id": afspraak_id}, token)["gebeurtenissen"]  # type: ignore[no-any-return]


def tokens(engine: Engine, database_url: str) -> Tokens:
    """De tokens van het register op deze database, met dezelfde sleutel als de app daar."""
    return Tokens(engine, laad_sleutel(Instellingen(database_url=database_url)))


@contextmanager
def tel_queries(engine: Engine, *, alleen_lezen: bool = False) -> Iterator[list[str]]:
    """De SQL die `engine` uitvoert zolang het blok duurt, zonder het BEGIN van SQLite; met
    `alleen_lezen` alleen de SELECT's."""
    gezien: list[str] = []

    def tel(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
        kop = sql.strip().upper()
        if kop != "BEGIN" and (not alleen_lezen or kop.startswith("SELECT")):
            gezien.append(sql)

    event.listen(engine, "before_cursor_execute", tel)
    try:
        yield gezien
    finally:
        event.remove(engine, "before_cursor_execute", tel)
