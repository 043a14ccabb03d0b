"""De toegangsmatrix (ontwerp §6): elke rol × elke vraag en mutatie × openbare en vertrouwelijke
afspraak, op SQLite en PostgreSQL. Elke cel toetst het getypeerde antwoord, dat een weigering
niets opslaat, en dat een vertrouwelijke afspraak niet lekt: niet via de afspraak zelf, lijsten,
tellingen, geschiedenis, relaties, afhechting of meldingen. Daarnaast: tokens staan alleen als
hash in de database en worden in constante tijd vergeleken."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from register.api.app import maak_app
from register.api.schema import schema
from register.systeem import tokens as tokens_module
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from tests.conftest import StapKlok, _nieuwe_postgres_database, _verwijder_postgres_database
from tests.hulp import (
    AFSPRAAK_VELDEN, BEHEER, GESCHIEDENIS, GM_UTRECHT, M_BZK, M_LVVN, P_GELDERLAND, P_UTRECHT,
    bron, gql_antwoord, leg_vast, muteer, tokens,
)

GQL = schema._schema
ROLLEN = ("anoniem", "partij", "geen partij", "beheerder", "ingetrokken")
SOORTEN = ("openbaar", "vertrouwelijk")
ACTOR = {"partij": P_GELDERLAND, "beheerder": BEHEER}

OPENBAAR = "Ruimtelijk arrangement NOVEX Gelderland"
GEHEIM = "Onderhandelingsmandaat woondeal Gelderland"
GEHEIME_WOORDEN = ("Onderhandelingsmandaat", "onderhandelingsmandaat", "financiële ruimte",
                   "Woondeals-geheim")
# Per soort afspraak: titel, programma en instrumentsoort waarop de lijstvragen filteren.
KENMERKEN = {"openbaar": (OPENBAAR, "NOVEX", "ruimtelijk arrangement"),
             "vertrouwelijk": (GEHEIM, "Woondeals-geheim", "woondeal")}
ZOEKTERM = {"openbaar": "arrangement", "vertrouwelijk": "onderhandelingsmandaat"}

DRIE_PARTIJEN = [
    {"overheid": M_BZK, "rol": "opdrachtgever", "binding": "ONDERTEKENAAR"},
    {"overheid": P_GELDERLAND, "rol": "uitvoerder", "binding": "ONDERTEKENAAR"},
    {"overheid": GM_UTRECHT, "rol": "betrokken gemeente", "binding": "BETROKKEN"},
]


@dataclass
class Wereld:
    """Eén app op één database, met een token per rol; blijft staan voor een hele module."""

    client: TestClient
    systeem: Systeem
    url: str
    map: Path | None
    tokens: dict[str, str | None]
    maker: str
    afspraken: dict[str, Any] = field(default_factory=dict)

    def token(self, rol: str) -> str | None:
        return self.tokens[rol]


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[tuple[str, Path | None]]:
    if request.param == "sqlite":
        map_ = tmp_path_factory.mktemp("matrix")
        yield f"sqlite:///{map_ / 'register.db'}", map_
        return
    basis = request.getfixturevalue("postgres_basis")
    url = _nieuwe_postgres_database(basis)
    yield url, None
    _verwijder_postgres_database(basis, url)


def _open_wereld(url: str, map_: Path | None) -> Iterator[Wereld]:
    systeem = Systeem(url, klok=StapKlok())
    app = maak_app(Instellingen(database_url=url), systeem)
    with TestClient(app) as client:
        t = app.state.tokens
        ingetrokken = t.aanmaken(M_BZK)  # het token van een partij: zonder intrekken mocht het
        assert t.intrekken(ingetrokken)
        yield Wereld(client=client, systeem=systeem, url=url, map=map_, maker=t.aanmaken(M_BZK),
                     tokens={"anoniem": None, "partij": t.aanmaken(P_GELDERLAND),
                             "geen partij": t.aanmaken(P_UTRECHT),
                             "beheerder": t.aanmaken(BEHEER, beheerder=True),
                             "ingetrokken": ingetrokken})
    systeem.sluit()


def _wijziging(afspraak_id: str, versie: int, **extra: Any) -> dict[str, Any]:
    return {"id": afspraak_id, "verwachteVersie": versie, "toelichting": "Bestuurlijk overleg",
            "bronnen": [bron("2023-03-01", "Verslag bestuurlijk overleg")], **extra}


def _afhechten_door(w: Wereld, afspraak_id: str, door: str) -> None:
    r = muteer(w.client, "afspraakAfhechten", _wijziging(
        afspraak_id, 1, wijze="VERVANGEN", vervangenDoor=door), w.maker)
    assert r["__typename"] == "AfspraakOpgeslagen", r


@pytest.fixture(scope="module")
def leeswereld(database: tuple[str, Path | None]) -> Iterator[Wereld]:
    """Een openbare en een vertrouwelijke afspraak tussen BZK en Gelderland; per soort een
    openbare afspraak met een relatie ernaar en een openbare die erdoor is vervangen. Na het
    opzetten schrijft niemand meer in deze wereld."""
    for w in _open_wereld(*database):
        doelen = {"openbaar": leg_vast(w.client, w.maker, titel=OPENBAAR),
                  "vertrouwelijk": leg_vast(
                      w.client, w.maker, titel=GEHEIM, vertrouwelijk=True, soort="woondeal",
                      programma="Woondeals-geheim",
                      inhoud="De financiële ruimte voor de onderhandelingen met de regio.")}
        w.afspraken["doel"] = doelen
        w.afspraken["verwijzer"] = {s: leg_vast(
            w.client, w.maker, titel=f"Uitwerking {i}", programma="Uitwerkingen",
            relaties=[{"soort": "UITWERKING_VAN", "naar": doelen[s]}])
            for i, s in enumerate(SOORTEN)}
        w.afspraken["voorganger"] = {}
        for i, s in enumerate(SOORTEN):
            x = leg_vast(w.client, w.maker, titel=f"Voorganger {i}", programma="Voorgangers")
            _afhechten_door(w, x, doelen[s])
            w.afspraken["voorganger"][s] = x
        yield w


@pytest.fixture(scope="module")
def schrijfwereld(database: tuple[str, Path | None]) -> Iterator[Wereld]:
    yield from _open_wereld(*database)


# -- lezen ----------------------------------------------------------------------------------

LIJST = """query($filter: AfspraakFilter, $first: Int) { afspraken(filter: $filter, first: $first) {
  edges { cursor node { id titel vertrouwelijk } } pageInfo { hasNextPage endCursor } } }"""
PUNT = f"query($id: ID!) {{ afspraak(id: $id) {{ {AFSPRAAK_VELDEN} }} }}"
RELATIES = """query($id: ID!) { afspraak(id: $id) { id relaties { soort naar { id titel
  gebeurtenissen { versie } } } } }"""
AFHECHTING = """query($id: ID!) { afspraak(id: $id) { id status afhechting { wijze geldigVanaf
  vervangenDoor { id titel status } } } }"""
OVERHEDEN = "{ overheden { id naam soort } }"

INCLUSIE = """query($id: ID!) { inclusiebewijs(afspraakId: $id, versie: 1) {
  afspraakId versie index boomgrootte blad pad wortel } }"""

VERPLICHTINGEN = """query($first: Int, $p: ID) { verplichtingen(filter: {partij: $p},
  first: $first) { edges { cursor node { afspraak { id titel vertrouwelijk }
  verplichting { id omschrijving } } } pageInfo { hasNextPage endCursor } } }"""

TIJDLIJN = """query($first: Int, $filter: TijdlijnFilter) { tijdlijn(filter: $filter,
  first: $first) { edges { cursor node { afspraakId versie soort aard bronnen { titel citaat } } }
  pageInfo { hasNextPage endCursor } } }"""

VERSCHIL = """query($id: ID!) { verschil(afspraakId: $id, van: {geldigOp: "2000-01-01"}) {
  afspraakId bestaatVan bestaatNaar wijzigingen { onderdeel soort veld van naar reden
  gebeurtenissen { versie bronnen { titel citaat } } } } }"""
VERSCHILLEN = """query($first: Int) { verschillen(van: {geldigOp: "2000-01-01"}, first: $first) {
  edges { cursor node { afspraakId wijzigingen { onderdeel soort } } }
  pageInfo { hasNextPage endCursor } } }"""

CITAATTEKST = """query($id: ID!) { afspraak(id: $id) { citaat { tekst } } }"""
CITAAT = """query($t: String!) { citaat(tekst: $t) { klopt afspraak { id titel versie } } }"""

LEESVERSLAG = """query($id: ID!) { leesverslag(afspraakId: $id) { edges { node {
  lezer { id } beheerder wat verzoekId } } pageInfo { hasNextPage } } }"""

LEESVRAGEN = ("afspraak", "afspraken", "afspraken(partij)", "afspraken(zoekterm)",
              "afspraken(programma, soort, status)", "gebeurtenissen", "overheden",
              "relaties.naar", "afhechting.vervangenDoor", "inclusiebewijs", "verplichtingen",
              "tijdlijn", "tijdlijn(zoekterm)", "leesverslag", "verschil", "verschillen", "citaat")


def test_de_matrix_dekt_elke_vraag_van_het_schema() -> None:
    assert GQL.query_type is not None
    gedekt = {v.split("(")[0].split(".")[0] for v in LEESVRAGEN} | {
        "integriteit", "consistentiebewijs",  # zonder afspraak: test_integriteit
        "abonnementen"}  # zonder afspraak: hieronder en test_abonnementen
    assert set(GQL.query_type.fields) == gedekt - {"relaties", "afhechting"}


def vraag(w: Wereld, query: str, variabelen: dict[str, Any], token: str | None
          ) -> tuple[dict[str, Any], str]:
    status, body = gql_antwoord(w.client, query, variabelen, token)
    assert status == 200 and "errors" not in body, body
    return body["data"], json.dumps(body, ensure_ascii=False)


def lijst_filter(vraagsoort: str, soort: str) -> dict[str, Any] | None:
    _, programma, instrument = KENMERKEN[soort]
    return {"afspraken": None, "afspraken(partij)": {"partij": P_GELDERLAND},
            "afspraken(zoekterm)": {"zoekterm": ZOEKTERM[soort]},
            "afspraken(programma, soort, status)": {
                "programma": programma, "soort": instrument, "status": "VAN_KRACHT"},
            }[vraagsoort]


def ids(data: dict[str, Any]) -> list[str]:
    return [e["node"]["id"] for e in data["afspraken"]["edges"]]


def mag_zien(rol: str, soort: str) -> bool:
    return soort == "openbaar" or rol in ("partij", "beheerder")


def test_hulp_mag_zien_volgt_ontwerp_6() -> None:
    """De verwachting zelf: alleen partijen en beheerders zien een vertrouwelijke afspraak."""
    assert [r for r in ROLLEN if mag_zien(r, "vertrouwelijk")] == ["partij", "beheerder"]
    assert all(mag_zien(r, "openbaar") for r in ROLLEN)


@pytest.mark.parametrize("soort", SOORTEN)
@pytest.mark.parametrize("vraagsoort", LEESVRAGEN)
@pytest.mark.parametrize("rol", ROLLEN)
def test_elke_rol_leest_precies_wat_zij_mag_zien(
        leeswereld: Wereld, rol: str, vraagsoort: str, soort: str) -> None:
    w = leeswereld
    doel, geheim = w.afspraken["doel"][soort], w.afspraken["doel"]["vertrouwelijk"]
    token, beheer = w.token(rol), w.token("beheerder")
    zichtbaar = mag_zien(rol, soort)
    spook = str(uuid.uuid4())
    tekst: str
    if vraagsoort == "afspraak":
        data, tekst = vraag(w, PUNT, {"id": doel}, token)
        if zichtbaar:
            assert data == vraag(w, PUNT, {"id": doel}, beheer)[0]
            assert data["afspraak"]["id"] == doel
        else:
            assert data == vraag(w, PUNT, {"id": spook}, token)[0] == {"afspraak": None}
    elif vraagsoort == "gebeurtenissen":
        data, tekst = vraag(w, GESCHIEDENIS, {"id": doel}, token)
        if zichtbaar:
            assert data == vraag(w, GESCHIEDENIS, {"id": doel}, beheer)[0]
            assert [g["soort"] for g in data["gebeurtenissen"]] == ["Vastgelegd"]
        else:
            assert data == vraag(w, GESCHIEDENIS, {"id": spook}, token)[0] == {
                "gebeurtenissen": []}
    elif vraagsoort == "inclusiebewijs":
        if GQL.query_type is None or "inclusiebewijs" not in GQL.query_type.fields:
            pytest.skip("het schema heeft (nog) geen inclusiebewijs")
        data, tekst = vraag(w, INCLUSIE, {"id": doel}, token)
        if zichtbaar:
            assert data == vraag(w, INCLUSIE, {"id": doel}, beheer)[0]
            assert data["inclusiebewijs"]["afspraakId"] == doel
        else:
            assert data == vraag(w, INCLUSIE, {"id": spook}, token)[0] == {
                "inclusiebewijs": None}
    elif vraagsoort == "verplichtingen":
        # Elke afspraak in deze wereld heeft een verplichting voor Gelderland.
        data, tekst = vraag(w, VERPLICHTINGEN, {"first": 100, "p": P_GELDERLAND}, token)
        gezien = [e["node"]["afspraak"]["id"] for e in data["verplichtingen"]["edges"]]
        alles = [e["node"]["afspraak"]["id"] for e in vraag(w, VERPLICHTINGEN, {
            "first": 100, "p": P_GELDERLAND}, beheer)[0]["verplichtingen"]["edges"]]
        assert gezien == (alles if mag_zien(rol, "vertrouwelijk")
                          else [i for i in alles if i != geheim])
        assert (doel in gezien) is zichtbaar
        n = len(gezien)  # ook het aantal lekt niet (zie de lijsten hieronder)
        laatste, t = vraag(w, VERPLICHTINGEN, {"first": n, "p": P_GELDERLAND}, token)
        assert laatste["verplichtingen"]["pageInfo"]["hasNextPage"] is False
        tekst += t
    elif vraagsoort.startswith("tijdlijn"):
        filter = {"zoekterm": "startpakket"} if "zoekterm" in vraagsoort else None
        data, tekst = vraag(w, TIJDLIJN, {"first": 100, "filter": filter}, token)
        gezien = [e["node"]["afspraakId"] for e in data["tijdlijn"]["edges"]]
        alles = [e["node"]["afspraakId"] for e in vraag(
            w, TIJDLIJN, {"first": 100, "filter": filter}, beheer)[0]["tijdlijn"]["edges"]]
        assert geheim in alles
        assert gezien == (alles if mag_zien(rol, "vertrouwelijk")
                          else [i for i in alles if i != geheim])
        assert (doel in gezien) is zichtbaar
        laatste, t = vraag(w, TIJDLIJN, {"first": len(gezien), "filter": filter}, token)
        assert laatste["tijdlijn"]["pageInfo"]["hasNextPage"] is False
        tekst += t
    elif vraagsoort == "leesverslag":
        vraag(w, PUNT, {"id": doel}, beheer)  # een lezing die in het verslag moet staan
        data, tekst = vraag(w, LEESVERSLAG, {"id": doel}, token)
        if zichtbaar and rol not in ("anoniem", "ingetrokken"):  # alleen met een geldig token
            assert data == vraag(w, LEESVERSLAG, {"id": doel}, beheer)[0]
            lezers = [(e["node"]["lezer"]["id"], e["node"]["wat"])
                      for e in data["leesverslag"]["edges"]]
            assert ((BEHEER, "afspraak") in lezers) is (soort == "vertrouwelijk")
        else:
            assert data == vraag(w, LEESVERSLAG, {"id": spook}, token)[0] == {
                "leesverslag": None}
    elif vraagsoort == "verschil":
        data, tekst = vraag(w, VERSCHIL, {"id": doel}, token)
        if zichtbaar:
            assert data == vraag(w, VERSCHIL, {"id": doel}, beheer)[0]
            assert data["verschil"]["bestaatNaar"] and data["verschil"]["wijzigingen"]
        else:
            assert data == vraag(w, VERSCHIL, {"id": spook}, token)[0] == {"verschil": None}
    elif vraagsoort == "citaat":
        tekst_citaat = vraag(w, CITAATTEKST, {"id": doel}, beheer)[0]["afspraak"]["citaat"]["tekst"]
        data, tekst = vraag(w, CITAAT, {"t": tekst_citaat}, token)
        assert data["citaat"]["klopt"] is zichtbaar
        if zichtbaar:
            assert data == vraag(w, CITAAT, {"t": tekst_citaat}, beheer)[0]
            assert data["citaat"]["afspraak"]["id"] == doel
        else:
            assert data["citaat"]["afspraak"] is None
    elif vraagsoort == "verschillen":
        data, tekst = vraag(w, VERSCHILLEN, {"first": 100}, token)
        gezien = [e["node"]["afspraakId"] for e in data["verschillen"]["edges"]]
        alles = [e["node"]["afspraakId"] for e in vraag(
            w, VERSCHILLEN, {"first": 100}, beheer)[0]["verschillen"]["edges"]]
        assert geheim in alles
        assert gezien == (alles if mag_zien(rol, "vertrouwelijk")
                          else [i for i in alles if i != geheim])
        assert (doel in gezien) is zichtbaar
        laatste, t = vraag(w, VERSCHILLEN, {"first": len(gezien)}, token)
        assert laatste["verschillen"]["pageInfo"]["hasNextPage"] is False
        tekst += t
    elif vraagsoort == "overheden":
        data, tekst = vraag(w, OVERHEDEN, {}, token)
        assert data == vraag(w, OVERHEDEN, {}, None)[0]
        assert len(data["overheden"]) > 300
    elif vraagsoort == "relaties.naar":
        data, tekst = vraag(w, RELATIES, {"id": w.afspraken["verwijzer"][soort]}, token)
        naar = [r["naar"]["id"] for r in data["afspraak"]["relaties"]]
        assert naar == ([doel] if zichtbaar else [])
    elif vraagsoort == "afhechting.vervangenDoor":
        data, tekst = vraag(w, AFHECHTING, {"id": w.afspraken["voorganger"][soort]}, token)
        a = data["afspraak"]["afhechting"]
        assert a["wijze"] == "VERVANGEN"
        assert (a["vervangenDoor"] or {}).get("id") == (doel if zichtbaar else None)
    else:
        filter = lijst_filter(vraagsoort, soort)
        alles = ids(vraag(w, LIJST, {"filter": filter, "first": 100}, beheer)[0])
        assert doel in alles
        verwacht = alles if mag_zien(rol, "vertrouwelijk") else [i for i in alles if i != geheim]
        data, tekst = vraag(w, LIJST, {"filter": filter, "first": 100}, token)
        assert ids(data) == verwacht
        assert (doel in ids(data)) is zichtbaar
        # Ook het aantal lekt niet: een pagina precies zo groot als wat zichtbaar is, is de
        # laatste; een kleinere niet.
        n = len(verwacht)
        laatste, _ = vraag(w, LIJST, {"filter": filter, "first": n}, token)
        assert laatste["afspraken"]["pageInfo"]["hasNextPage"] is False
        if n:
            _, t = vraag(w, LIJST, {"filter": filter, "first": n - 1}, token)
            assert json.loads(t)["data"]["afspraken"]["pageInfo"]["hasNextPage"] is True
        tekst += json.dumps(laatste, ensure_ascii=False)
    if not mag_zien(rol, "vertrouwelijk"):
        lekken = [s for s in (geheim, GEHEIM, *GEHEIME_WOORDEN) if s in tekst]
        assert lekken == [], tekst


# -- schrijven ------------------------------------------------------------------------------

MUTATIES = (
    "afspraakVastleggen", "afspraakWijzigen", "afspraakRectificeren", "afspraakAfhechten",
    "partijToetreden", "partijUittreden", "afspraakOndertekenen", "standpuntInnemen",
    "verplichtingVastleggen", "verplichtingWijzigen", "verplichtingNakomen",
    "verplichtingVervallen", "verplichtingOnbeslistVerklaren", "voortgangRapporteren",
    "tegenstrijdigheidVastleggen", "beginVaststellen", "afspraakInWerkingStellen",
    "afspraakOpschorten", "afspraakHervatten", "afspraakStopzetten",
)


# Mutaties op het register zelf, zonder afspraak: hun cellen staan verderop.
BEHEERMUTATIES = ("integriteitControleren",)
# Abonnementen (webhooks) van de vrager zelf: hun cellen staan verderop.
ABONNEMENTMUTATIES = ("abonnementAanmaken", "abonnementOpzeggen", "abonnementGeheimVernieuwen",
                      "abonnementDodeBrievenOpnieuw")


def test_de_matrix_dekt_elke_mutatie_van_het_schema() -> None:
    assert GQL.mutation_type is not None
    assert set(GQL.mutation_type.fields) == {*MUTATIES, *BEHEERMUTATIES, *ABONNEMENTMUTATIES}
    assert all("input" in GQL.mutation_type.fields[m].args for m in MUTATIES)


EXTRA: dict[str, dict[str, Any]] = {
    "afspraakWijzigen": {"titel": "Herziene titel"},
    "afspraakRectificeren": {"rectificeert": 1, "inhoud": "Gecorrigeerde inhoud."},
    "afspraakAfhechten": {"wijze": "NAGEKOMEN"},
    "partijToetreden": {"partij": {"overheid": M_LVVN, "rol": "medeopdrachtgever"}},
    "partijUittreden": {"overheid": P_GELDERLAND},  # de partij (Gelderland) treedt zelf uit
    "afspraakOndertekenen": {"overheid": P_GELDERLAND, "ondertekendOp": "2022-12-12"},
    "standpuntInnemen": {"overheid": P_GELDERLAND, "standpunt": "INGESTEMD"},
    "verplichtingVastleggen": {"verplichting": {"omschrijving": "Uitvoeringsagenda opstellen",
                                                "partij": P_GELDERLAND, "uiterlijk": "2025-07"}},
    "verplichtingWijzigen": {"verplichting": "v1", "uiterlijk": "2023-10-01"},
    "verplichtingNakomen": {"verplichting": "v1"},
    "verplichtingVervallen": {"verplichting": "v1"},
    "verplichtingOnbeslistVerklaren": {"verplichting": "v1"},
    "tegenstrijdigheidVastleggen": {"betreft": "datum", "gebeurtenissen": [1],
                                    "bronnen": [bron("2022-12-09"), bron("2022-12-10")]},
    "beginVaststellen": {"juridischWerkendVanaf": "2020-01-13",
                         "partijen": [{"overheid": P_GELDERLAND, "rol": "ondertekenaar"}]},
    "voortgangRapporteren": {"verslag": "Het voorstel is in concept gereed."},
    "afspraakInWerkingStellen": {},
    "afspraakOpschorten": {},
    "afspraakHervatten": {},
    "afspraakStopzetten": {},
}


def doel_voor(w: Wereld, mutatie: str, soort: str) -> tuple[str, int]:
    """Een verse afspraak tussen BZK, Gelderland en de gemeente Utrecht, in de toestand waarin
    de mutatie voor een bevoegde slaagt; geeft id en versie."""
    x = leg_vast(w.client, w.maker, partijen=DRIE_PARTIJEN, vertrouwelijk=soort == "vertrouwelijk",
                 titel=GEHEIM if soort == "vertrouwelijk" else OPENBAAR,
                 inVoorbereiding=mutatie == "afspraakInWerkingStellen")
    if mutatie != "afspraakHervatten":
        return x, 1
    r = muteer(w.client, "afspraakOpschorten", _wijziging(x, 1), w.maker)
    assert r["__typename"] == "AfspraakOpgeslagen", r
    return x, 2


def invoer_voor(mutatie: str, afspraak_id: str, versie: int, soort: str) -> dict[str, Any]:
    if mutatie == "afspraakVastleggen":
        return {"titel": KENMERKEN[soort][0], "soort": "woondeal", "inhoud": "Afspraken.",
                "partijen": DRIE_PARTIJEN[:2], "vertrouwelijk": soort == "vertrouwelijk",
                "bronnen": [bron("2022-12-09")]}
    return _wijziging(afspraak_id, versie, **EXTRA[mutatie])


def verwacht_resultaat(rol: str, mutatie: str, soort: str) -> str:
    if rol in ("partij", "beheerder"):
        return "AfspraakOpgeslagen"
    if rol == "geen partij" and soort == "vertrouwelijk" and mutatie != "afspraakVastleggen":
        return "NietGevonden"  # wie haar niet mag lezen, hoort niet eens dat zij bestaat
    return "NietToegestaan"


def stand(w: Wereld, afspraak_id: str) -> list[tuple[int, str, str]]:
    data, _ = vraag(w, GESCHIEDENIS, {"id": afspraak_id}, w.token("beheerder"))
    return [(g["versie"], g["soort"], g["actor"]) for g in data["gebeurtenissen"]]


def fout(r: dict[str, Any], afspraak_id: str) -> tuple[str, str | None, str | None]:
    melding = r.get("melding")
    return r["__typename"], r.get("code"), melding and melding.replace(afspraak_id, "<id>")


@pytest.mark.parametrize("soort", SOORTEN)
@pytest.mark.parametrize("mutatie", MUTATIES)
@pytest.mark.parametrize("rol", ROLLEN)
def test_elke_rol_schrijft_precies_wat_zij_mag(
        schrijfwereld: Wereld, rol: str, mutatie: str, soort: str) -> None:
    w = schrijfwereld
    x, versie = doel_voor(w, mutatie, soort)
    voor, positie = stand(w, x), w.systeem.laatste_positie()
    invoer = invoer_voor(mutatie, x, versie, soort)
    r = muteer(w.client, mutatie, invoer, w.token(rol))
    verwacht = verwacht_resultaat(rol, mutatie, soort)
    assert r["__typename"] == verwacht, r
    if verwacht == "AfspraakOpgeslagen":
        assert w.systeem.laatste_positie() == positie + 1
        assert r["gebeurtenis"]["actor"] == ACTOR[rol]
        if mutatie != "afspraakVastleggen":
            assert stand(w, x) == [*voor, (versie + 1, r["gebeurtenis"]["soort"], ACTOR[rol])]
        return
    assert r["code"] == {"NietGevonden": "NIET_GEVONDEN",
                         "NietToegestaan": "NIET_TOEGESTAAN"}[verwacht]
    assert w.systeem.laatste_positie() == positie, "een geweigerde mutatie sloeg iets op"
    assert stand(w, x) == voor
    if soort == "vertrouwelijk" and mutatie != "afspraakVastleggen":
        # Niet te onderscheiden van een afspraak die niet bestaat.
        spook = str(uuid.uuid4())
        ref = muteer(w.client, mutatie, invoer_voor(mutatie, spook, versie, soort),
                     w.token(rol))
        assert fout(r, x) == fout(ref, spook)
        tekst = json.dumps(r, ensure_ascii=False)
        assert [s for s in (GEHEIM, *GEHEIME_WOORDEN) if s in tekst] == []


# Wat een partij (Gelderland) niet voor een andere partij mag; een beheerder wel.
VOOR_EEN_ANDER: dict[str, dict[str, Any]] = {
    "afspraakOndertekenen": {"overheid": M_BZK, "ondertekendOp": "2022-12-12"},
    "standpuntInnemen": {"overheid": GM_UTRECHT, "standpunt": "NIET_INGESTEMD"},
    "partijUittreden": {"overheid": GM_UTRECHT},
    "afspraakWijzigen": {"partijen": [p for p in DRIE_PARTIJEN if p["overheid"] != M_BZK]},
    "afspraakRectificeren": {"rectificeert": 1,
                             "partijen": [p for p in DRIE_PARTIJEN if p["overheid"] != M_BZK]},
}


@pytest.mark.parametrize("soort", SOORTEN)
@pytest.mark.parametrize("mutatie", sorted(VOOR_EEN_ANDER))
@pytest.mark.parametrize("rol", ["partij", "beheerder"])
def test_een_partij_handelt_niet_voor_een_andere_partij(
        schrijfwereld: Wereld, rol: str, mutatie: str, soort: str) -> None:
    """Een partij legt haar eigen ondertekening en standpunt vast en treedt zelf uit; zij haalt
    geen andere partij weg (ook niet de maker, die zo zijn toegang zou verliezen)."""
    w = schrijfwereld
    x, versie = doel_voor(w, mutatie, soort)
    voor, positie = stand(w, x), w.systeem.laatste_positie()
    r = muteer(w.client, mutatie, _wijziging(x, versie, **VOOR_EEN_ANDER[mutatie]), w.token(rol))
    if rol == "beheerder":
        assert r["__typename"] == "AfspraakOpgeslagen", r
        return
    assert (r["__typename"], r["code"]) == ("NietToegestaan", "NIET_TOEGESTAAN"), r
    assert w.systeem.laatste_positie() == positie and stand(w, x) == voor


CONTROLE = """mutation { integriteitControleren { __typename
  ... on Integriteit { status boomgrootte volledigGecontroleerdTot eersteBreuk { afspraakId } }
  ... on NietToegestaan { code melding } } }"""


@pytest.mark.parametrize("rol", ROLLEN)
def test_alleen_een_beheerder_laat_de_opslag_volledig_controleren(
        schrijfwereld: Wereld, rol: str) -> None:
    """De controle leest de hele opslag, ook vertrouwelijke gebeurtenissen (haar uitkomst noemt
    de eerste breuk); zij schrijft geen gebeurtenis."""
    w = schrijfwereld
    leg_vast(w.client, w.maker, titel=GEHEIM, vertrouwelijk=True)
    positie = w.systeem.laatste_positie()
    data, _ = vraag(w, CONTROLE, {}, w.token(rol))
    r = data["integriteitControleren"]
    if rol == "beheerder":
        assert (r["__typename"], r["status"], r["eersteBreuk"]) == ("Integriteit", "INTACT", None)
        assert r["volledigGecontroleerdTot"] == r["boomgrootte"] > 0
    else:
        melding = ("Het token is onbekend of ingetrokken." if rol == "ingetrokken" else
                   "Een volledige controle leest de hele opslag; alleen een beheerder mag "
                   "haar vragen.")
        assert r == {"__typename": "NietToegestaan", "code": "NIET_TOEGESTAAN",
                     "melding": melding}
    assert w.systeem.laatste_positie() == positie


ABONNEREN = """mutation($url: String!) { abonnementAanmaken(input: {url: $url}) { __typename
  ... on AbonnementMetGeheim { abonnement { id } } ... on Fout { code } } }"""
ABONNEMENT = """mutation($id: ID!) {
  opzeggen: abonnementOpzeggen(id: $id) { __typename ... on Fout { code } }
  vernieuwen: abonnementGeheimVernieuwen(id: $id) { __typename ... on Fout { code } }
  opnieuw: abonnementDodeBrievenOpnieuw(id: $id) { __typename ... on Fout { code } } }"""
EIGEN = "{ abonnementen { id url } }"


@pytest.mark.parametrize("rol", ROLLEN)
def test_een_abonnement_is_van_wie_het_aanmaakte(schrijfwereld: Wereld, rol: str) -> None:
    """Met een geldig token abonneert elke rol zich (op wat zij mag zien); alleen de eigenaar en
    een beheerder zien en wijzigen het. Anoniem en ingetrokken: NietToegestaan."""
    w = schrijfwereld
    url = f"https://example.org/{rol.replace(' ', '-')}"
    data, _ = vraag(w, ABONNEREN, {"url": url}, w.token(rol))
    r = data["abonnementAanmaken"]
    if rol in ("anoniem", "ingetrokken"):
        assert r == {"__typename": "NietToegestaan", "code": "NIET_TOEGESTAAN"}
        assert vraag(w, EIGEN, {}, w.token(rol))[0]["abonnementen"] == []
        return
    eigen = r["abonnement"]["id"]
    zichtbaar = {a["id"] for a in vraag(w, EIGEN, {}, w.token(rol))[0]["abonnementen"]}
    assert eigen in zichtbaar
    assert eigen in {a["id"] for a in vraag(w, EIGEN, {}, w.token("beheerder"))[0][
        "abonnementen"]}
    # een ander (geen beheerder) ziet het niet en kan er niets mee
    ander = "geen partij" if rol != "geen partij" else "partij"
    assert eigen not in {a["id"] for a in vraag(w, EIGEN, {}, w.token(ander))[0]["abonnementen"]}
    if rol != "beheerder":
        niet = vraag(w, ABONNEMENT, {"id": eigen}, w.token(ander))[0]
        assert all(v == {"__typename": "NietGevonden", "code": "NIET_GEVONDEN"}
                   for v in niet.values()), niet
    wel = vraag(w, ABONNEMENT, {"id": eigen}, w.token(rol))[0]
    assert [v["__typename"] for v in wel.values()] == [
        "AbonnementOpgezegd", "AbonnementMetGeheim", "DodeBrievenTeruggezet"]


# -- tokens ---------------------------------------------------------------------------------


def alle_rijen(w: Wereld) -> str:
    """Alle rijen van alle tabellen van de database als tekst."""
    uit = []
    with w.systeem.engine.connect() as conn:
        tabellen = inspect(conn).get_table_names()
        assert "tokens" in tabellen
        for tabel in tabellen:
            uit.extend(repr(tuple(r)) for r in conn.exec_driver_sql(f'SELECT * FROM "{tabel}"'))
    return "\n".join(uit)


def test_tokens_staan_alleen_als_hash_in_de_database(leeswereld: Wereld) -> None:
    w = leeswereld
    echte = [t for t in (*w.tokens.values(), w.maker) if t]
    assert len(echte) == 5
    rijen = alle_rijen(w)
    for t in echte:
        geheim_deel = t.removeprefix(tokens_module.VOORVOEGSEL)
        assert t not in rijen and geheim_deel not in rijen
        assert hashlib.sha256(t.encode()).hexdigest() in rijen
    if w.map is not None:  # SQLite: ook niet ergens in de bestanden (database, WAL, shm)
        bestanden = [p.read_bytes() for p in w.map.iterdir() if p.is_file()]
        assert any(hashlib.sha256(echte[0].encode()).hexdigest().encode() in b
                   for b in bestanden)
        for t in echte:
            geheim_deel = t.removeprefix(tokens_module.VOORVOEGSEL).encode()
            assert not any(geheim_deel in b for b in bestanden), t


def test_een_token_wordt_op_hash_opgezocht_en_in_constante_tijd_vergeleken(
        leeswereld: Wereld, monkeypatch: pytest.MonkeyPatch) -> None:
    w = leeswereld
    vergeleken: list[tuple[str, str]] = []
    echt = tokens_module.hmac.compare_digest

    def spion(a: str, b: str) -> bool:
        vergeleken.append((a, b))
        return echt(a, b)

    monkeypatch.setattr(tokens_module.hmac, "compare_digest", spion)
    t = tokens(w.systeem.engine, w.url)
    token = w.token("partij")
    assert token is not None
    actor = t.actor(token)
    assert actor is not None and actor.overheid == P_GELDERLAND and not actor.beheerder
    h = hashlib.sha256(token.encode()).hexdigest()
    # Eerst de hash, dan de HMAC van de rij: beide in constante tijd.
    assert vergeleken[0] == (h, h) and len(vergeleken) == 2
    # Een token dat er één teken naast zit, wordt niet gevonden.
    assert t.actor(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    ingetrokken = w.token("ingetrokken")
    assert ingetrokken is not None and t.actor(ingetrokken) is None


@pytest.mark.parametrize("kop", [b"Bearer ", b"Bearer", b"Basic " + b"x" * 20,
                                 "Bearer ar_\u00e9".encode(), b"Bearer ar_\xff\x00",
                                 b"bearer  " + b"y" * 5000, b"Token abc"])
def test_een_vreemde_authorization_kop_schrijft_niets_en_leest_als_anoniem(
        leeswereld: Wereld, kop: bytes) -> None:
    w = leeswereld
    geheim = w.afspraken["doel"]["vertrouwelijk"]
    positie = w.systeem.laatste_positie()
    q = "mutation($i: AfspraakVastleggenInput!) { afspraakVastleggen(input: $i) { __typename } }"
    r = w.client.post("/graphql", headers={"Authorization": kop},
                      json={"query": q, "variables": {"i": invoer_voor(
                          "afspraakVastleggen", "", 0, "openbaar")}})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["afspraakVastleggen"]["__typename"] == "NietToegestaan"
    r = w.client.post("/graphql", headers={"Authorization": kop},
                      json={"query": PUNT, "variables": {"id": geheim}})
    assert r.status_code == 200 and r.json()["data"] == {"afspraak": None}, r.text
    assert w.systeem.laatste_positie() == positie


BUITENSTAANDERS = ("anoniem", "geen partij", "ingetrokken")
ALLES = f"""query($id: ID!) {{
  afspraak(id: $id) {{ id }}
  gebeurtenissen(afspraakId: $id) {{ id }}
  alle: afspraken(first: 100) {{ edges {{ cursor node {{ {AFSPRAAK_VELDEN} }} }}
                                pageInfo {{ hasNextPage endCursor }} }}
  gezocht: afspraken(filter: {{zoekterm: "mandaat"}}, first: 100) {{ edges {{ cursor }} }}
  partij: afspraken(filter: {{partij: "{P_GELDERLAND}"}}, first: 100) {{ edges {{ cursor }} }}
}}"""


@pytest.mark.parametrize("rol", BUITENSTAANDERS)
def test_wat_er_met_een_vertrouwelijke_afspraak_gebeurt_ziet_een_buitenstaander_nergens(
        schrijfwereld: Wereld, rol: str) -> None:
    """Het hele beeld van een buitenstaander (punt, geschiedenis, lijsten met cursors en
    pageInfo) is voor en na wijzigingen aan een vertrouwelijke afspraak hetzelfde."""
    w = schrijfwereld
    x, _ = doel_voor(w, "afspraakWijzigen", "vertrouwelijk")
    voor = vraag(w, ALLES, {"id": x}, w.token(rol))
    assert voor[0]["afspraak"] is None and voor[0]["gebeurtenissen"] == []
    for mutatie, extra in (("afspraakWijzigen", {"titel": "Nieuw onderhandelingsmandaat"}),
                           ("voortgangRapporteren", {"verslag": "Mandaat verruimd."}),
                           ("partijUittreden", {"overheid": GM_UTRECHT})):
        versie = len(stand(w, x))
        # Als beheerder: die legt ook het uittreden van een andere partij vast.
        r = muteer(w.client, mutatie, _wijziging(x, versie, **extra), w.token("beheerder"))
        assert r["__typename"] == "AfspraakOpgeslagen", r
        assert vraag(w, ALLES, {"id": x}, w.token(rol)) == voor, mutatie
    assert vraag(w, ALLES, {"id": x}, w.token("partij"))[0]["afspraak"] == {"id": x}
