"""Controles op de demogegevens (src/register/demo/afspraken.json).

De gegevens komen uit ``scripts/demo_bouwen.py``. Een deel van de controles vergelijkt met de
bronbestanden buiten het project (``scenarios.json`` en de TOOI-map). Die worden gevonden via
``AFSPRAKEN_SCENARIOS`` en ``AFSPRAKEN_TOOI``, of anders in een map ``shared/`` naast of boven
het project; ontbreken ze, dan worden alleen die controles overgeslagen.
"""

from __future__ import annotations

import calendar

import importlib.util
import json
import os
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

PROJECT = Path(__file__).resolve().parents[2]
DEMO = PROJECT / "src/register/demo/afspraken.json"
DATA = PROJECT / "src/register/domein/data"
SCRIPT = PROJECT / "scripts/demo_bouwen.py"
TOOI = "https://identifier.overheid.nl/tooi/id/"
OVERIG = "urn:afsprakenregister:collectief:overig"
GEEN_NAAM = "niet in de bron genoemd"   # de eerste bron noemt (één of) geen partij

MUTATIES = {
    "afspraakVastleggen", "afspraakWijzigen", "partijToetreden", "partijUittreden",
    "afspraakOndertekenen", "standpuntInnemen", "verplichtingVastleggen", "verplichtingWijzigen",
    "verplichtingNakomen", "verplichtingVervallen", "verplichtingOnbeslistVerklaren",
    "voortgangRapporteren",
    "afspraakInWerkingStellen", "afspraakOpschorten", "afspraakHervatten", "afspraakStopzetten",
    "afspraakAfhechten", "tegenstrijdigheidVastleggen", "beginVaststellen",
}
PRECISIES = {"DAG", "MAAND", "JAAR", "ONBEKEND"}
BRONSOORTEN = {"brief", "notitie", "presentatie", "ledenbrief", "overdrachtsdossier"}


def _zoek(omgeving: str, deel: str) -> Path | None:
    if os.environ.get(omgeving):
        pad = Path(os.environ[omgeving])
        return pad if pad.exists() else None
    for map_ in (PROJECT, *PROJECT.parents):
        pad = map_ / "shared" / deel
        if pad.exists():
            return pad
    return None


SCENARIOS = _zoek("AFSPRAKEN_SCENARIOS", "domein/scenarios.json")
TOOI_MAP = _zoek("AFSPRAKEN_TOOI", "referentie/tooi")
met_scenarios = pytest.mark.skipif(SCENARIOS is None, reason="scenarios.json niet gevonden")
met_bronnen = pytest.mark.skipif(SCENARIOS is None or TOOI_MAP is None,
                                 reason="scenarios.json of TOOI-map niet gevonden")


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    return json.loads(DEMO.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def afspraken(demo: dict[str, Any]) -> list[dict[str, Any]]:
    return demo["afspraken"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def scenarios() -> dict[str, dict[str, Any]]:
    assert SCENARIOS is not None
    return {s["id"]: s for s in json.loads(SCENARIOS.read_text(encoding="utf-8"))}


def _commandos(afspraken: list[dict[str, Any]]) -> list[tuple[str, int, dict[str, Any]]]:
    return [(a["sleutel"], n, c) for a in afspraken for n, c in enumerate(a["commandos"])]


def _vastlegging(a: dict[str, Any]) -> dict[str, Any]:
    return a["commandos"][0]["input"]  # type: ignore[no-any-return]


def _bekende_overheden() -> set[str]:
    ids = {o["id"] for o in json.loads((DATA / "eigen_organisaties.json").read_text("utf-8"))}
    if (DATA / "overheden.json").exists():
        ids |= {o["id"] for o in json.loads((DATA / "overheden.json").read_text("utf-8"))}
    return ids


def _overheden_in(a: dict[str, Any]) -> set[str]:
    v = _vastlegging(a)
    uit = {p["overheid"] for p in v["partijen"]}
    uit |= {n for p in v["partijen"] for n in p.get("namens", [])}
    uit |= {vp["partij"] for vp in v.get("verplichtingen", [])}
    for c in a["commandos"][1:]:
        i = c["input"]
        for veld in ("overheid",):
            if veld in i:
                uit.add(i[veld])
        if "partij" in i and isinstance(i["partij"], dict):
            uit.add(i["partij"]["overheid"])
    return uit


# -- vorm en aantallen ------------------------------------------------------------------------


def test_85_afspraken_met_unieke_sleutels(demo: dict[str, Any],
                                         afspraken: list[dict[str, Any]]) -> None:
    assert demo["bron"].strip() and "\n" not in demo["bron"]
    sleutels = [a["sleutel"] for a in afspraken]
    assert len(sleutels) == 85
    assert len(set(sleutels)) == 85


def test_elk_commando_noemt_zijn_grond(afspraken: list[dict[str, Any]]) -> None:
    """Een commando is een scenariogebeurtenis (haar nummer) of een feit uit de herkomsttabel;
    de 291 gebeurtenissen staan er elk precies één keer in. Een melding van een eerder begin
    is daarnaast de grond van `beginVaststellen` (een ondertekening blijft ook zelf staan)."""
    gebeurtenissen, begin = [], []
    for sleutel, n, c in _commandos(afspraken):
        grond = c["grond"]
        assert set(grond) in ({"gebeurtenis"}, {"feit"}), (sleutel, n)
        if "gebeurtenis" in grond:
            (begin if c["mutatie"] == "beginVaststellen" else gebeurtenissen).append(
                (sleutel, grond["gebeurtenis"]))
    assert len(begin) == len({s for s, _ in begin}) == 9
    assert len(set(gebeurtenissen) | set(begin)) == 291
    assert len(gebeurtenissen) == len(set(gebeurtenissen))
    assert len(set(gebeurtenissen) & set(begin)) == 1  # de eerste handtekeningen (SLA)


def test_de_commandos_volgen_de_kennisdatum(afspraken: list[dict[str, Any]]) -> None:
    """Niets over een afspraak is bekend vóór de afspraak zelf, en een latere bron komt na
    een eerdere (eerder waren 14 afspraken later bekend dan wat er over hen bekend was)."""
    for a in afspraken:
        data = [c["input"]["bekendOp"] for c in a["commandos"]]
        assert data == sorted(data), a["sleutel"]


def test_eerste_en_alleen_eerste_commando_legt_vast(afspraken: list[dict[str, Any]]) -> None:
    for a in afspraken:
        soorten = [c["mutatie"] for c in a["commandos"]]
        assert soorten[0] == "afspraakVastleggen", a["sleutel"]
        assert "afspraakVastleggen" not in soorten[1:], a["sleutel"]


def test_alleen_bekende_mutaties_en_geen_verzonnen_afhechting(
        afspraken: list[dict[str, Any]]) -> None:
    gebruikt = Counter(c["mutatie"] for _, _, c in _commandos(afspraken))
    assert set(gebruikt) <= MUTATIES
    assert gebruikt["afspraakAfhechten"] == 0      # de bronnen bevatten geen afhechting


def test_toelichting_verslag_en_invoer_compleet(afspraken: list[dict[str, Any]]) -> None:
    for sleutel, n, c in _commandos(afspraken):
        i = c["input"]
        assert "id" not in i and "verwachteVersie" not in i, (sleutel, n)
        if n > 0:
            assert isinstance(i.get("toelichting"), str) and i["toelichting"].strip(), (sleutel, n)
        if c["mutatie"] == "voortgangRapporteren":
            assert i["verslag"].strip() and i["aard"].strip(), (sleutel, n)
        if c["mutatie"] == "standpuntInnemen":
            assert i["standpunt"] in {"INGESTEMD", "NIET_INGESTEMD", "VOORWAARDELIJK"}
            if i["standpunt"] == "VOORWAARDELIJK":
                assert i["voorwaarden"].strip()
    for a in afspraken:
        v = _vastlegging(a)
        for veld in ("titel", "soort", "inhoud"):
            assert v[veld].strip(), (a["sleutel"], veld)


def test_bronnen_en_tijdassen_zijn_geldig(afspraken: list[dict[str, Any]]) -> None:
    for sleutel, n, c in _commandos(afspraken):
        i = c["input"]
        assert i["bronnen"], (sleutel, n)
        for b in i["bronnen"]:
            assert b["titel"].strip() and b["soort"] in BRONSOORTEN, (sleutel, n)
            date.fromisoformat(b["datum"])
            assert b["datumPrecisie"] in {"DAG", "MAAND", "JAAR"}
            assert b["bewijskracht"] in {"EXPLICIET", "IMPLICIET", "AFGELEID"}
            assert b["citaat"] and b["citaat"].strip(), (sleutel, n)
        assert i["datumPrecisie"] in PRECISIES, (sleutel, n)
        for veld in ("geldigVanaf", "geldigTot", "juridischWerkendVanaf", "bekendOp"):
            if i.get(veld) is not None:
                date.fromisoformat(i[veld])
        if i.get("geldigTot") and i.get("geldigVanaf"):
            assert i["geldigTot"] > i["geldigVanaf"], (sleutel, n)
        if i["datumPrecisie"] == "ONBEKEND":
            assert i["juridischWerkendVanaf"] is None, (sleutel, n)
        else:
            assert i["juridischWerkendVanaf"] is not None, (sleutel, n)
        # bekend wanneer de laatste van haar bronnen bekend is (bij een tegenstrijdigheid
        # de latere kant; anders hebben alle bronnen van een commando dezelfde datum)
        assert i["bekendOp"] == max(KENNISDATUM[b["titel"]] for b in i["bronnen"]), (sleutel, n)


# Ontwerp §4: wat een bron meldt, is bekend vanaf de laatste dag van de periode van haar
# documentdatum, of een nauwere dag die het document zelf rechtvaardigt; nooit ervoor.
KENNISDATUM = {
    "Notitie BO Landelijk Gebied 'contouren uitvoeringsgerichte en gebiedsspecifieke aanpak' "
    "(versie 8-11, BO 28-11-2024)": "2024-11-28",
    "NOVEX-startpakket, brief aan een provincie (kenmerk 2022-0000668914)": "2022-12-31",
    "VNG-presentatie 'Actualiteiten' (team landelijk gebied, 2025)": "2025-12-31",
    "VNG-ledenbrief aan colleges en raden, met bijlage 1 (december 2022)": "2022-12-08",
    "IPO-overdrachtsdossier 2023": "2023-03-21",
}


def test_geen_gebeurtenis_is_bekend_voordat_haar_bron_bekend_kon_zijn(
        afspraken: list[dict[str, Any]]) -> None:
    """Eerder was alles bekend vanaf de eerste dag van de maand of het jaar van de bron: op
    1-1-2023 'kende' het register dan al het IPO-dossier, dat tot maart 2023 loopt."""
    for sleutel, n, c in _commandos(afspraken):
        i = c["input"]
        b = max(i["bronnen"], key=lambda b: KENNISDATUM[b["titel"]])
        assert b["datum"] <= i["bekendOp"] <= _laatste_dag(b["datum"], b["datumPrecisie"]), (
            sleutel, n)
    ipo = [c["input"] for _, _, c in _commandos(afspraken)
           if c["input"]["bronnen"][0]["titel"] == "IPO-overdrachtsdossier 2023"]
    assert ipo and all(i["bekendOp"] > "2023-01-01" for i in ipo)


def _laatste_dag(datum: str, precisie: str) -> str:
    d = date.fromisoformat(datum)
    if precisie == "JAAR":
        return f"{d.year}-12-31"
    if precisie == "MAAND":
        return d.replace(day=calendar.monthrange(d.year, d.month)[1]).isoformat()
    return datum


# -- partijen, verplichtingen, relaties --------------------------------------------------------


def test_ten_minste_twee_verschillende_partijen_of_een_collectief(
        afspraken: list[dict[str, Any]]) -> None:
    for a in afspraken:
        ids = [p["overheid"] for p in _vastlegging(a)["partijen"]]
        assert len(ids) == len(set(ids)), a["sleutel"]      # één partij per overheid
        assert len(set(ids)) >= 2 or ids == [OVERIG], a["sleutel"]


def test_wie_later_genoemd_wordt_treedt_later_toe(afspraken: list[dict[str, Any]]) -> None:
    """Een partij die pas een latere bron noemt, is geen partij van de vastlegging maar treedt
    toe op de kennisdatum van die bron, met een onbekende datum (nooit twee keer)."""
    for a in afspraken:
        leden = {p["overheid"] for p in _vastlegging(a)["partijen"]}
        for c in a["commandos"][1:]:
            if c["mutatie"] == "partijToetreden":
                o = c["input"]["partij"]["overheid"]
                assert o not in leden, (a["sleutel"], o)
                leden.add(o)
                assert c["input"]["datumPrecisie"] == "ONBEKEND"
                assert c["input"]["bekendOp"] > _vastlegging(a)["bekendOp"]


def test_elke_overheid_is_tooi_of_register_eigen(afspraken: list[dict[str, Any]]) -> None:
    eigen = {o["id"] for o in json.loads((DATA / "eigen_organisaties.json").read_text("utf-8"))}
    bekend = _bekende_overheden()
    for a in afspraken:
        for o in _overheden_in(a):
            if o.startswith(TOOI):
                assert o in bekend, (a["sleutel"], o)
            else:
                assert o in eigen, (a["sleutel"], o)


@met_bronnen
def test_tooi_ids_staan_in_de_tooi_bestanden(afspraken: list[dict[str, Any]]) -> None:
    assert TOOI_MAP is not None
    in_tooi: set[str] = set()
    for f in TOOI_MAP.glob("*.json"):
        in_tooi |= {k.get("@id", "") for k in json.loads(f.read_text(encoding="utf-8"))}
    for f in TOOI_MAP.glob("*.xsd"):   # de ministerielijst v4 (VRO, KGG) staat alleen hier
        in_tooi |= set(re.findall(r'value="(' + re.escape(TOOI) + r'ministerie/mnre\d+)"',
                                  f.read_text(encoding="utf-8")))
    for a in afspraken:
        for o in _overheden_in(a):
            if o.startswith(TOOI):
                assert o in in_tooi, (a["sleutel"], o)


def test_partijvelden(afspraken: list[dict[str, Any]]) -> None:
    for a in afspraken:
        for p in _vastlegging(a)["partijen"]:
            assert p["binding"] in {"ONDERTEKENAAR", "STEUNVERKLARING", "BETROKKEN",
                                    "GECONSULTEERD"}
            assert p["rol"].strip() and p["naamInBron"].strip()
            if "aantal" in p:
                assert isinstance(p["aantal"], int) and p["aantal"] > 0
                assert "collectief" in p["overheid"]


def test_verplichtingen_rusten_op_een_partij(afspraken: list[dict[str, Any]]) -> None:
    for a in afspraken:
        v = _vastlegging(a)
        partijen = {p["overheid"] for p in v["partijen"]}
        aantal = len(v.get("verplichtingen", []))
        for vp in v.get("verplichtingen", []):
            assert vp["partij"] in partijen, (a["sleutel"], vp["omschrijving"])
            assert vp["binding"] in {"WETTELIJK", "BESTUURLIJK", "GEVRAAGD", "VOORGESTELD"}
            u = vp["uiterlijk"]
            assert u is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", u), u
            for h in vp.get("hoeveelheden", []):
                float(h["waarde"])
                assert h["grootheid"].strip() and h["eenheid"].strip()
        for c in a["commandos"][1:]:
            if c["mutatie"] == "verplichtingVastleggen":
                aantal += 1
            ref = c["input"].get("verplichting")
            if isinstance(ref, str):
                assert re.fullmatch(r"v\d+", ref) and 1 <= int(ref[1:]) <= aantal, ref


def test_bedragen_zijn_decimalen_met_twee_cijfers(afspraken: list[dict[str, Any]]) -> None:
    for a in afspraken:
        for b in _vastlegging(a).get("bedragen", []):
            assert re.fullmatch(r"-?\d+\.\d{2}", b["bedrag"]), b
            assert b["soort"] in {"EXACT", "MAXIMUM", "MINIMUM", "INDICATIEF"}


def test_relaties_wijzen_naar_eerder_vastgelegde_afspraken(
        afspraken: list[dict[str, Any]]) -> None:
    eerder: set[str] = set()
    soorten = {"VERVANGT", "ONDERDEEL_VAN", "UITWERKING_VAN", "INSTANTIE_VAN", "VOORWAARDE_VOOR",
               "FINANCIERT", "HANGT_SAMEN_MET"}
    paren: set[frozenset[str]] = set()
    for a in afspraken:
        vorige: list[dict[str, str]] = []
        for c in a["commandos"]:
            relaties = c["input"].get("relaties")
            if relaties is None:
                continue
            assert relaties[:len(vorige)] == vorige, a["sleutel"]   # een bron voegt alleen toe
            for r in relaties[len(vorige):]:
                assert r["soort"] in soorten
                assert r["naar"] in eerder and r["naar"] != a["sleutel"], (a["sleutel"], r)
                if r["soort"] == "HANGT_SAMEN_MET":
                    paar = frozenset((a["sleutel"], r["naar"]))
                    assert paar not in paren, paar          # elk paar maar één keer
                    paren.add(paar)
            vorige = relaties
        eerder.add(a["sleutel"])


# -- terug naar de bron ------------------------------------------------------------------------


def _plat(tekst: str) -> str:
    return re.sub(r"\s+", " ", tekst).strip()


def test_elk_citaat_staat_letterlijk_in_zijn_document(afspraken: list[dict[str, Any]]) -> None:
    """Elk citaat (van een gebeurtenis en van een feit) staat op witruimte na letterlijk in het
    brondocument waaraan het wordt toegeschreven."""
    map_ = PROJECT / "scripts/demodata/bronnen"
    teksten = {p.name[:3]: _plat(p.read_text("utf-8")) for p in map_.glob("*.txt")}
    per_titel = {titel: nummer for nummer, titel in (
        ("000", "Notitie BO Landelijk Gebied"), ("001", "NOVEX-startpakket"),
        ("002", "VNG-presentatie"), ("003", "VNG-ledenbrief"), ("004", "IPO-overdrachtsdossier"))}
    for sleutel, n, c in _commandos(afspraken):
        for b in c["input"]["bronnen"]:
            doc = next(v for k, v in per_titel.items() if b["titel"].startswith(k))
            assert _plat(b["citaat"]).rstrip(".…") in teksten[doc], (sleutel, n, b["citaat"])


def _eerste_dag(vaag: str) -> str:
    delen = [int(x) for x in vaag.split("-")] + [1, 1]
    return date(delen[0], delen[1], delen[2]).isoformat()


@met_scenarios
def test_elke_scenariogebeurtenis_precies_eenmaal(
        afspraken: list[dict[str, Any]], scenarios: dict[str, dict[str, Any]]) -> None:
    assert {a["sleutel"] for a in afspraken} == set(scenarios)
    for a in afspraken:
        ev = scenarios[a["sleutel"]]["gebeurtenissen"]
        gekregen = {c["grond"]["gebeurtenis"]: c["input"]["bronnen"][0] for c in a["commandos"]
                    if "gebeurtenis" in c["grond"]}
        assert sorted(gekregen) == list(range(len(ev))), a["sleutel"]
        for i, b in gekregen.items():
            assert b["citaat"] == ev[i]["bron"]["citaat"], (a["sleutel"], i)
            assert b["datum"] == _eerste_dag(ev[i]["bron"]["document_datum"]), (a["sleutel"], i)
        # gebeurtenissen uit hetzelfde document blijven in scenariovolgorde
        volgorde = [c["grond"]["gebeurtenis"] for c in a["commandos"][1:]
                    if "gebeurtenis" in c["grond"]]
        for titel in {b["titel"] for b in gekregen.values()}:
            deel = [i for i in volgorde if gekregen[i]["titel"] == titel]
            assert deel == sorted(deel), a["sleutel"]


@met_scenarios
def test_naam_in_bron_is_letterlijk(afspraken: list[dict[str, Any]],
                                    scenarios: dict[str, dict[str, Any]]) -> None:
    for a in afspraken:
        s = scenarios[a["sleutel"]]
        namen = {p["naam"] for p in s["partijen"]} | {v["wie"] for v in s["verplichtingen"]}
        # een partij die de scenario's niet noemen, staat letterlijk in het citaat van haar bron
        partijen = [(p, "") for p in _vastlegging(a)["partijen"]] + [
            (c["input"]["partij"], c["input"]["bronnen"][0]["citaat"])
            for c in a["commandos"] if c["mutatie"] == "partijToetreden"]
        for p, citaat in partijen:
            for naam in p["naamInBron"].split(" | "):
                assert naam in namen or naam in citaat or (naam, p["overheid"]) == (
                    GEEN_NAAM, OVERIG), (a["sleutel"], naam)


@met_bronnen
def test_script_maakt_precies_dit_bestand(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("demo_bouwen", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    uit = tmp_path / "afspraken.json"
    assert module.main([str(SCENARIOS), str(TOOI_MAP), "--uit", str(uit)]) == 0
    assert uit.read_text(encoding="utf-8") == DEMO.read_text(encoding="utf-8")


def test_elke_verwijzing_in_een_citaat_herkent_het_register(
        afspraken: list[dict[str, Any]]) -> None:
    """Het script vindt verwijzingen in de citaten; het register moet elk ervan herkennen, en
    de Kamerstukken van vraag Q23 zijn erbij."""
    from register.domein.waarden import lees_verwijzing

    waarden = set()
    for sleutel, n, c in _commandos(afspraken):
        for b in c["input"]["bronnen"]:
            for v in b.get("verwijzingen", []):
                assert v in b["citaat"], (sleutel, n, v)
                herkend = lees_verwijzing(v)
                assert herkend is not None, (sleutel, n, v)
                waarden.add(herkend.waarde)
    assert {"kst-34682-92", "kst-34682-100", "kst-34682-105", "kst-34682-103", "kst-27625-592",
            "kst-30252-77", "kst-32847-973", "kst-32813-1046", "kst-32813-1113",
            "bo-leefomgeving-2022-06", "bo-mirt-2022-11"} <= waarden
