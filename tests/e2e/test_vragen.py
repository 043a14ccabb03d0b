"""De 25 vragen van een juridisch toetser of beleidsmedewerker (domein/vragen.md), gesteld
zoals die ze stelt: één GraphQL-vraag of een korte reeks, op de demo. Elke toets controleert
wat een goed antwoord moet bevatten én wat het niet mag beweren.

De demo bevat 85 echte afspraken uit vijf documenten. Elk feit kwam binnen met de bron die
het als eerste meldde, op de dag dat die bron bekend kon zijn (kennisdatums: ledenbrief VNG
8-12-2022, NOVEX-brief 31-12-2022, IPO-dossier 21-3-2023, BO-notitie 28-11-2024, VNG-presentatie
31-12-2025)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.hulp import gql

RIJK = "https://identifier.overheid.nl/tooi/id/oorg/oorg12345"
BZK = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"
LNV = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1153"
VRO = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1171"
IENW = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1130"
KGG = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1182"
EZ = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1045"
DEF = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1018"
OCW = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1109"
VWS = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1025"
IPO = "urn:afsprakenregister:overheid:ipo"
VNG = "urn:afsprakenregister:overheid:vng"
UVW = "urn:afsprakenregister:overheid:uvw"
GEMEENTEN = "urn:afsprakenregister:collectief:gemeenten"
WATERSCHAPPEN = "urn:afsprakenregister:collectief:waterschappen"
PROVINCIES = {f"https://identifier.overheid.nl/tooi/id/provincie/pv{n}" for n in range(20, 32)}

VOLLEDIG = """
fragment V on Afspraak {
  id titel soort inhoud status bindend betwist
  partijen { overheid { id naam soort } naamInBron binding rol standpunt voorwaarden aantal
             namens { id } }
  verplichtingen { id omschrijving partij { id naam soort } uiterlijk { waarde precisie tekst }
                   status binding betwist }
  bedragen { omschrijving bedrag periode bron { titel citaat } }
  tegenstrijdigheden { betreft toelichting gebeurtenissen bronnen { titel citaat } }
  relaties { soort naar { titel } }
  inkomendeRelaties { soort van { titel soort } }
  afhechting { wijze }
  gebeurtenissen { versie soort aard bekendOp geldigVanaf juridischWerkendVanaf datumPrecisie
                   datumTekst verslag toelichting
                   bronnen { titel citaat bewijskracht verwijzingen { soort waarde } } }
}"""
ZOEK = """query($z: String, $geldigOp: Date, $juridischWerkendOp: Date, $bekendOp: Date) {
  afspraken(filter: {zoekterm: $z}, geldigOp: $geldigOp, juridischWerkendOp: $juridischWerkendOp,
            bekendOp: $bekendOp, first: 50) { edges { node { ...V } } } }""" + VOLLEDIG
TIJDLIJN = """query($f: TijdlijnFilter, $bekendOp: Date, $first: Int) {
  tijdlijn(filter: $f, bekendOp: $bekendOp, first: $first) { edges { node {
    afspraakId versie aard bekendOp juridischWerkendVanaf datumPrecisie datumTekst verslag
    toelichting bronnen { titel citaat bewijskracht verwijzingen { soort waarde } } } } } }"""


def afspraak(client: TestClient, titel: str, **peil: str) -> dict[str, Any] | None:
    """De afspraak waarvan de titel zo begint, op het peilmoment (of None: toen onbekend)."""
    data = gql(client, ZOEK, {"z": titel, **peil})
    gevonden = [e["node"] for e in data["afspraken"]["edges"]
                if e["node"]["titel"].startswith(titel)]
    assert len(gevonden) <= 1, [n["titel"] for n in gevonden]
    return gevonden[0] if gevonden else None


def zeker(client: TestClient, titel: str, **peil: str) -> dict[str, Any]:
    a = afspraak(client, titel, **peil)
    assert a is not None, f"{titel} ontbreekt op {peil or 'vandaag'}"
    return a


def tijdlijn(client: TestClient, **filter: Any) -> list[dict[str, Any]]:
    bekend = filter.pop("bekendOp", None)
    data = gql(client, TIJDLIJN, {"f": filter, "bekendOp": bekend, "first": 100})
    uit = [e["node"] for e in data["tijdlijn"]["edges"]]
    assert len(uit) < 100, "meer dan één pagina: maak het filter nauwer"
    return uit


def statussen(a: dict[str, Any], begin: str) -> set[str]:
    """De statussen van de verplichtingen waarvan de omschrijving zo begint."""
    uit = {v["status"] for v in a["verplichtingen"] if v["omschrijving"].startswith(begin)}
    assert uit, f"geen verplichting '{begin}' in {a['titel']}"
    return uit


def termijnen(a: dict[str, Any], begin: str) -> set[tuple[str, str, str | None]]:
    return {(v["uiterlijk"]["waarde"], v["uiterlijk"]["precisie"], v["uiterlijk"]["tekst"])
            for v in a["verplichtingen"] if v["omschrijving"].startswith(begin)
            and v["uiterlijk"]}


def partijen(a: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["overheid"]["id"]: p for p in a["partijen"]}


def aarden(a: dict[str, Any]) -> list[str]:
    return [g["aard"] for g in a["gebeurtenissen"]]


def citaten(a: dict[str, Any]) -> str:
    return " ".join(b["citaat"] or "" for g in a["gebeurtenissen"] for b in g["bronnen"])


# -- Q1 ----------------------------------------------------------------------------------------


def test_q01_wat_na_de_stop_van_het_nplg_gestopt_voortgezet_en_open_is(
        demo_client: TestClient) -> None:
    """Eén tijdlijnvraag over de BO-notitie: stopgezet/vervangen, voortgezet en open vraag als
    drie aparte lijsten; de stopdatum staat niet in de bron en niets is afgehecht."""
    bo = tijdlijn(demo_client, bron="Notitie BO Landelijk Gebied",
                  aard=["STOPGEZET", "VERVANGEN", "VOORTGEZET", "OPEN_VRAAG"])
    per_aard: dict[str, set[str]] = {}
    for g in bo:
        per_aard.setdefault(g["aard"], set()).add(g["afspraakId"])
    nplg = zeker(demo_client, "Nationaal Programma Landelijk Gebied")
    fonds = zeker(demo_client, "Transitiefonds")
    assert {nplg["id"], fonds["id"]} <= per_aard["STOPGEZET"]
    assert nplg["id"] in per_aard["VERVANGEN"]
    voortgezet = {zeker(demo_client, t)["id"] for t in (
        "Reeds gefinancierde maatregelpakketten", "Natuurpact")}
    assert voortgezet <= per_aard["VOORTGEZET"]
    open_ = {zeker(demo_client, t)["id"] for t in (
        "Regionale doelverdeling NPLG", "Structurerende keuzes NPLG",
        "Verplichtingen onder de Wet stikstofreductie")}
    assert open_ <= per_aard["OPEN_VRAAG"]
    assert not (per_aard["STOPGEZET"] & per_aard["VOORTGEZET"])
    # de stopdatum is onbekend (alleen: uiterlijk november 2024), en niet afgehecht
    (stop,) = [g for g in nplg["gebeurtenissen"] if g["aard"] == "STOPGEZET"]
    assert stop["datumPrecisie"] == "ONBEKEND" and stop["bekendOp"] == "2024-11-28"
    for a in (nplg, fonds):
        assert a["status"] == "STOPGEZET" and a["afhechting"] is None
        assert "AFGEHECHT" not in aarden(a)
    assert "AFHECHTING_GEVRAAGD" in aarden(nplg)
    # het Rijk beoordeelt de gebiedsprogramma's niet meer: die verplichting is vervallen
    programma = zeker(demo_client, "Provinciale gebiedsprogramma's NPLG")
    assert "VERVALLEN" in {v["status"] for v in programma["verplichtingen"]
                           if v["partij"]["id"] in (RIJK, LNV)}


# -- Q2 ----------------------------------------------------------------------------------------

GELDERLAND = "https://identifier.overheid.nl/tooi/id/provincie/pv25"


def _van(a: dict[str, Any], begin: str, partij: str) -> dict[str, Any]:
    (v,) = [v for v in a["verplichtingen"] if v["omschrijving"].startswith(begin)
            and v["partij"]["id"] == partij]
    return v


def test_q02_wsn_verplichtingen_van_gelderland_en_of_ze_zijn_nagekomen(
        demo_client: TestClient) -> None:
    """De termijn in maand- en dagprecisie met hun bronnen; inlevering alleen impliciet
    (BO-notitie); of aan de Wsn is voldaan: onbeslist, niet 'ja'."""
    indienen = "eerste gebiedsprogramma's indienen"
    dec = _van(zeker(demo_client, "Nationaal Programma Landelijk", bekendOp="2022-12-08"),
               indienen, GELDERLAND)
    assert dec["uiterlijk"] == {"waarde": "2023-07", "precisie": "MAAND", "tekst": "in juli 2023"}
    startpakket = _van(zeker(demo_client, "Nationaal Programma Landelijk",
                             bekendOp="2023-06-30"), indienen, GELDERLAND)
    assert (startpakket["uiterlijk"]["waarde"], startpakket["uiterlijk"]["precisie"]) == (
        "2023-07-01", "DAG")
    assert startpakket["status"] == "OPEN"          # in 2023 nog geen bewijs van inlevering
    nu = zeker(demo_client, "Nationaal Programma Landelijk")
    assert _van(nu, indienen, GELDERLAND)["status"] == "NAGEKOMEN"
    bewijzen = [g for g in nu["gebeurtenissen"] if g["aard"] == "NAGEKOMEN" and any(
        "gebiedsplannen van juli 2023" in (b["citaat"] or "") for b in g["bronnen"])]
    assert bewijzen and {b["bewijskracht"] for g in bewijzen for b in g["bronnen"]} == {
        "IMPLICIET"}
    assert {g["bekendOp"] for g in bewijzen} == {"2024-11-28"}
    # De Wsn-verplichting zelf: onbeslist, met de BO-notitie als bron; geen inhoud, geen datum
    wsn = zeker(demo_client, "Verplichtingen onder de Wet stikstofreductie")
    v = _van(wsn, "verplichtingen uit de Wsn", GELDERLAND)
    assert v["status"] == "ONBESLIST" and v["uiterlijk"] is None and v["binding"] == "WETTELIJK"
    onbeslist = [g for g in wsn["gebeurtenissen"] if g["aard"] == "ONBESLIST"]
    assert onbeslist and all(g["bekendOp"] == "2024-11-28" for g in onbeslist)
    assert "Notitie BO Landelijk Gebied" in onbeslist[0]["bronnen"][0]["titel"]
    assert "NAGEKOMEN" not in {g["aard"] for g in wsn["gebeurtenissen"]}
    # vóór de BO-notitie wist het register nog niets over de naleving
    eerder = zeker(demo_client, "Verplichtingen onder de Wet stikstofreductie",
                   bekendOp="2023-12-31")
    assert not [v for v in eerder["verplichtingen"]
                if v["omschrijving"].startswith("verplichtingen uit de Wsn")]


# -- Q3 ----------------------------------------------------------------------------------------


def test_q03_novex_termijnen_van_een_provincie_en_wat_ervan_werd(
        demo_client: TestClient) -> None:
    ijk = {n: zeker(demo_client, f"NOVEX ijkmoment {n}", bekendOp="2023-12-31")
           for n in (1, 2, 3)}
    assert {w for n in (1, 2, 3) for w, _, _ in termijnen(ijk[n], "")} == {
        "2023-02", "2023-04", "2023-06"}
    assert any("per provincie in te passen" in (t or "")
               for _, _, t in termijnen(ijk[1], ""))
    voorstel = zeker(demo_client, "Provinciaal (integraal) ruimtelijk voorstel")
    assert {w for w, _, _ in termijnen(voorstel, "ruimtelijk voorstel overhandigen")} == {
        "2023-10"}
    # de voorstellen zijn er (BO-notitie, impliciet); arrangementen zijn niet gesloten
    assert statussen(voorstel, "ruimtelijk voorstel overhandigen") == {"NAGEKOMEN"}
    arrangement = zeker(demo_client, "Ruimtelijk arrangement Rijk")
    assert arrangement["status"] == "IN_VOORBEREIDING"
    assert statussen(arrangement, "ruimtelijk arrangement afsluiten") == {"ONBESLIST"}
    assert any("december" in (t or "") for _, _, t in termijnen(arrangement, "ruimtelijk "
                                                                               "arrangement"))
    # de interne tegenstrijdigheid van de NOVEX-brief over ijkmoment 3
    (t,) = ijk[3]["tegenstrijdigheden"]
    assert t["betreft"] == "termijn van het ruimtelijk voorstel" and ijk[3]["betwist"]
    assert len(t["bronnen"]) == 2 and "laatste moment" in t["bronnen"][0]["citaat"]
    assert "oktober 2023" in t["bronnen"][1]["citaat"]


# -- Q4 ----------------------------------------------------------------------------------------


def test_q04_wat_het_rijk_in_het_ruimtelijk_arrangement_toezegt(
        demo_client: TestClient) -> None:
    a = zeker(demo_client, "Ruimtelijk arrangement Rijk")
    for deel in ("kaart", "structurerende keuzes", "uitvoeringsafspraken", "vervolgonderzoek"):
        assert deel in a["inhoud"].lower(), deel
    assert "2030" in a["inhoud"]
    rijk = [v for v in a["verplichtingen"] if v["partij"]["id"] == RIJK]
    assert any("alleen uit bestaande budgetten" in v["omschrijving"] for v in rijk)
    assert any("erfgoed" in v["omschrijving"] for v in a["verplichtingen"])
    # wat in het arrangement opgaat, wijst ernaar: kader water en bodem, kazerne, GRIP
    wijzers = {r["van"]["titel"].split(" ")[0]: r["soort"] for r in a["inkomendeRelaties"]}
    assert wijzers["Richtinggevend"] == "ONDERDEEL_VAN"
    assert wijzers["Locatiekeuze"] == "ONDERDEEL_VAN"
    assert "Bestuurlijke" in wijzers  # GRIP: te effectueren via de arrangementen
    # een model per provincie, maar geen enkele instantie in de bronnen
    assert a["status"] == "IN_VOORBEREIDING"
    assert "INSTANTIE_VAN" not in {r["soort"] for r in a["inkomendeRelaties"]}


# -- Q5, Q6 ------------------------------------------------------------------------------------


def test_q05_wat_de_twaalf_provincies_op_13_oktober_2022_tekenden(
        demo_client: TestClient) -> None:
    a = zeker(demo_client, "Provinciale woningbouwafspraken")
    tekenaars = {o for o, p in partijen(a).items() if p["binding"] == "ONDERTEKENAAR"}
    assert tekenaars >= {BZK, *PROVINCIES}
    (woningen,) = {v["omschrijving"] for v in a["verplichtingen"]
                   if v["omschrijving"].startswith("ruim 900.000")}
    assert "twee derde" in woningen
    # de precisie verschilt per bron: dag (NOVEX-brief, IPO-dossier) en maand (ledenbrief)
    getekend = {(g["juridischWerkendVanaf"], g["datumPrecisie"])
                for g in a["gebeurtenissen"] if g["aard"] in ("VASTGELEGD", "ONDERTEKEND")}
    assert {("2022-10-13", "DAG"), ("2022-10-01", "MAAND")} <= getekend
    # de uitwerking in woondeals, met de twee formuleringen van de tekentermijn
    deals = zeker(demo_client, "Regionale woondeals")
    assert any(r["naar"]["titel"].startswith("Provinciale woningbouwafspraken")
               for r in deals["relaties"])
    (t,) = deals["tegenstrijdigheden"]
    assert t["betreft"] == "tekentermijn van de woondeals"
    assert {b["titel"].split(" ")[0] for b in t["bronnen"]} == {"VNG-ledenbrief", "IPO-overdrachtsdossier"}
    assert any("1 maart 2023" in b["citaat"] for b in t["bronnen"])
    assert any("provinciale verkiezingen" in b["citaat"] for b in t["bronnen"])
    assert {w for w, _, _ in termijnen(deals, "toewerken naar tekenmoment")} == {"2023-03-01"}
    assert any(v["betwist"] for v in deals["verplichtingen"])


def test_q06_een_woningcorporatie_is_niet_gebonden_door_haar_steunverklaring(
        demo_client: TestClient) -> None:
    deals = zeker(demo_client, "Regionale woondeals")
    (corporaties,) = [p for p in deals["partijen"] if "woningcorporaties" in p["naamInBron"]]
    assert corporaties["binding"] == "STEUNVERKLARING"
    assert "commitment" in citaten(deals)
    assert "niet vast op een concrete afspraak" in citaten(deals)


# -- Q7 ----------------------------------------------------------------------------------------


def test_q07_omvang_beschikbaarheid_en_lot_van_het_transitiefonds(
        demo_client: TestClient) -> None:
    a = zeker(demo_client, "Transitiefonds")
    bedragen = {b["bedrag"]: b for b in a["bedragen"]}
    assert set(bedragen) == {"25000000000.00", "24300000000.00"}        # niet samengevoegd
    assert bedragen["24300000000.00"]["bron"]["titel"].startswith("VNG-ledenbrief")
    assert bedragen["25000000000.00"]["bron"]["titel"] == "IPO-overdrachtsdossier 2023"
    assert "24,3 miljard" in bedragen["24300000000.00"]["bron"]["citaat"]
    assert a["betwist"] and a["tegenstrijdigheden"][0]["betreft"] == "omvang van het " \
        "Transitiefonds"
    assert termijnen(a, "middelen beschikbaar stellen") == {
        ("2024-01", "MAAND", "per januari 2024")}
    assert "INGESTEMD" in aarden(a)                  # verdeelmechanisme (2023)
    assert {w for w, _, _ in termijnen(a, "indicatieve budgetverdeling")} == {"2023-12"}
    # afgeschaft, gemeld in november 2024, datum onbekend; niet afgehecht
    assert a["status"] == "STOPGEZET" and a["afhechting"] is None
    (stop,) = [g for g in a["gebeurtenissen"] if g["aard"] == "STOPGEZET"]
    assert stop["datumPrecisie"] == "ONBEKEND" and stop["bekendOp"] == "2024-11-28"
    # in december 2022 kende het register alleen het bedrag van de VNG
    dec = zeker(demo_client, "Transitiefonds", bekendOp="2022-12-31")
    assert [b["bedrag"] for b in dec["bedragen"]] == ["24300000000.00"] and not dec["betwist"]


# -- Q8, Q9 ------------------------------------------------------------------------------------


def test_q08_natuurafspraken_die_de_provincies_binden_en_hun_stand(
        demo_client: TestClient) -> None:
    nnn = zeker(demo_client, "Realisatie Natuurnetwerk Nederland")
    assert "80.000 ha" in nnn["titel"] and "2027" in nnn["titel"]
    natuur = zeker(demo_client, "Programma Natuur")
    assert {(b["bedrag"], b["periode"]) for b in natuur["bedragen"]} == {
        ("3000000000.00", "t/m 2030"), ("600000000.00", "2021")}
    assert {w for w, _, _ in termijnen(natuur, "afspraken maken over de tweede fase")} == {"2023"}
    nda = zeker(demo_client, "Natuurdoelanalyses")
    assert any(w == "2023-04" for w, _, _ in termijnen(nda, ""))
    bos = zeker(demo_client, "Bestuurlijke afspraken rond de bossenstrategie")
    assert {p["binding"] for p in bos["partijen"]} == {"BETROKKEN"}  # partijen niet in bronnen
    assert statussen(bos, "") == {"ONBESLIST"}                          # open na 2024
    bouwsteen = zeker(demo_client, "Bouwsteen natuur")
    assert bouwsteen["status"] == "VOORGESTELD" and bouwsteen["bindend"] is False
    assert {v["binding"] for v in bouwsteen["verplichtingen"]} == {"VOORGESTELD"}
    assert {w for w, _, _ in termijnen(bouwsteen, "90%")} == {"2035"}


def test_q09_rollen_in_het_natuurpact_en_het_conflict_over_het_jaar(
        demo_client: TestClient) -> None:
    a = zeker(demo_client, "Natuurpact")
    regie = [v for v in a["verplichtingen"] if "gebiedsregisseur" in v["omschrijving"]]
    assert {v["partij"]["id"] for v in regie} == PROVINCIES
    (t,) = a["tegenstrijdigheden"]
    assert t["betreft"] == "jaar van het Natuurpact"
    teksten = " ".join(b["citaat"] for b in t["bronnen"])
    assert "2012" in teksten and "2013" in teksten
    # vóór de BO-notitie (november 2024) was er nog geen tegenstrijdigheid bekend
    assert not zeker(demo_client, "Natuurpact", bekendOp="2024-11-27")["tegenstrijdigheden"]


# -- Q10 ---------------------------------------------------------------------------------------


def test_q10_waar_een_koepel_namens_anderen_handelde_en_waar_de_koepels_verschilden(
        demo_client: TestClient) -> None:
    agenda = partijen(zeker(demo_client, "Actieagenda Sterk Bestuur"))
    assert {n["id"] for n in agenda[IPO]["namens"]} == PROVINCIES
    landbouw = partijen(zeker(demo_client, "Landbouwakkoord"))
    assert "hoofdtafel" in landbouw[IPO]["naamInBron"]
    accres = partijen(zeker(demo_client, "Bevriezing volumedeel accres"))
    assert accres[IPO]["standpunt"] == "NIET_INGESTEMD"
    assert accres[IPO]["binding"] != "ONDERTEKENAAR"   # wie niet instemde, tekende niet
    assert accres[VNG]["binding"] == "ONDERTEKENAAR" and accres[VNG]["standpunt"] is None
    bng = partijen(zeker(demo_client, "Betalen naar Gebruik"))
    assert bng[IPO]["standpunt"] == "VOORWAARDELIJK"
    hrn = partijen(zeker(demo_client, "Hoofdrailnetconcessie"))
    assert hrn[IPO]["binding"] == "GECONSULTEERD"
    assert "geen rol in besluitvorming" in hrn[IPO]["rol"]
    rtlg = partijen(zeker(demo_client, "Regieorganisatie Transitie Landelijk Gebied"))
    assert {IPO, VNG, UVW} <= set(rtlg)


# -- Q11 ---------------------------------------------------------------------------------------


def _termijn_op(client: TestClient, titel: str, begin: str, bekend: str) -> set[str]:
    a = zeker(client, titel, bekendOp=bekend)
    return {w for w, _, _ in termijnen(a, begin)}


def test_q11_verschoven_herhaalde_en_verlopen_termijnen_met_bron_en_kennisdatum(
        demo_client: TestClient) -> None:
    """Per afspraak de termijn zoals die op twee kennisdatums bekend was."""
    assert _termijn_op(demo_client, "Landbouwakkoord", "Landbouwakkoord sluiten",
                       "2022-12-31") == {"2023"}                  # eerste kwartaal 2023
    assert _termijn_op(demo_client, "Landbouwakkoord", "Landbouwakkoord sluiten",
                       "2023-03-21") == {"2023-04"}               # 'een akkoord in april'
    assert _termijn_op(demo_client, "Nota Ruimte", "nieuwe nota ruimte",
                       "2023-03-21") == {"2024"}
    nota = zeker(demo_client, "Nota Ruimte")
    assert {(w, t) for w, _, t in termijnen(nota, "nieuwe nota ruimte")} == {
        ("", "Ontwerp-Nota Ruimte ter zienswijze (2025)")}           # 2025: pas een ontwerp
    assert "ONTWERP_GEPUBLICEERD" in aarden(nota)
    omgevingswet = zeker(demo_client, "Bestuursakkoord implementatie Omgevingswet")
    assert {w for w, _, _ in termijnen(omgevingswet, "Omgevingswet in werking")} == {
        "2024-01-01"}
    assert "2018" in citaten(omgevingswet)
    maatlat = zeker(demo_client, "Richtinggevend kader water en bodem")
    assert "UITGESTELD" in aarden(maatlat)
    nplg = zeker(demo_client, "Nationaal Programma Landelijk")
    assert statussen(nplg, "NPLG vaststellen") == {"VERVALLEN"}
    pmiek = zeker(demo_client, "Provinciaal Meerjarenprogramma Infrastructuur")
    assert _termijn_op(demo_client, "Provinciaal Meerjarenprogramma Infrastructuur", "",
                       "2022-12-31") == {"2023"}                  # 'voorjaar van 2023'
    assert {w for w, _, _ in termijnen(pmiek, "")} == {"2023-03"}   # 'in maart'
    assert zeker(demo_client, "Regionale woondeals")["betwist"]
    # zonder bewijs van levering: de termijn is verstreken, de status blijft open
    res = zeker(demo_client, "Regionale Energiestrategieën")
    assert statussen(res, "alle aangevraagde benodigde vergunningen") == {"OPEN"}
    pas = zeker(demo_client, "Legalisatie PAS-melders")
    assert statussen(pas, "PAS-melders legaliseren") == {"OPEN"}
    assert {w for w, _, _ in termijnen(pas, "PAS-melders legaliseren")} == {"2025-02"}
    # elke verschuiving is een eigen gebeurtenis met bron en kennisdatum
    for g in tijdlijn(demo_client, aard=["VERPLICHTING_GEWIJZIGD"],
                      afspraak=zeker(demo_client, "Landbouwakkoord")["id"]):
        assert g["bronnen"] and g["bekendOp"] in ("2022-12-31", "2023-03-21")


# -- Q12 ---------------------------------------------------------------------------------------


def test_q12_wat_het_register_wist_op_1_januari_en_31_maart_2023(
        demo_client: TestClient) -> None:
    jan = zeker(demo_client, "Landbouwakkoord", bekendOp="2023-01-01")
    assert termijnen(jan, "Landbouwakkoord sluiten") == {
        ("2023", "JAAR", "In het eerste kwartaal van 2023")}
    assert "IPO-overdrachtsdossier 2023" not in {b["titel"] for g in jan["gebeurtenissen"]
                                                 for b in g["bronnen"]}
    nplg_jan = zeker(demo_client, "Nationaal Programma Landelijk", bekendOp="2023-01-01")
    assert ("2023", "JAAR", "medio 2023") in termijnen(nplg_jan, "NPLG vaststellen")
    doelen = zeker(demo_client, "Regionale doelverdeling NPLG", bekendOp="2023-01-01")
    assert any("januari" in (t or "") for _, _, t in termijnen(doelen, "indicatieve"))
    maart = zeker(demo_client, "Landbouwakkoord", bekendOp="2023-03-31")
    assert termijnen(maart, "Landbouwakkoord sluiten") == {("2023-04", "MAAND", "in april")}
    nplg_maart = zeker(demo_client, "Nationaal Programma Landelijk", bekendOp="2023-03-31")
    assert "politieke keuzes" in citaten(nplg_maart)
    assert "politieke keuzes" not in citaten(nplg_jan)
    # wat een bron meldt, is nooit bekend vóór de bron: het IPO-dossier niet vóór 21-3-2023
    assert not [g for g in tijdlijn(demo_client, bron="IPO-overdrachtsdossier",
                                    bekendTot="2023-03-20")]


# -- Q13 ---------------------------------------------------------------------------------------

NAAM_OP = """query($d: Date!) { overheden(soort: "MINISTERIE") { id naamOp(datum: $d) } }"""


def naam_op(client: TestClient, overheid: str, dag: str) -> str:
    (naam,) = [o["naamOp"] for o in gql(client, NAAM_OP, {"d": dag})["overheden"]
               if o["id"] == overheid]
    return str(naam)


def test_q13_de_rijkspartij_bij_landelijk_gebied_en_ruimte_in_2022_en_2024_2025(
        demo_client: TestClient) -> None:
    nplg = partijen(zeker(demo_client, "Nationaal Programma Landelijk", geldigOp="2022-12-31"))
    assert LNV in nplg and VRO not in nplg
    assert "Landbouw, Natuur en Voedselkwaliteit" in naam_op(demo_client, LNV, "2022-12-31")
    assert "Visserij, Voedselzekerheid" in naam_op(demo_client, LNV, "2024-12-31")
    startpakket = partijen(zeker(demo_client, "NOVEX-startpakket"))
    assert BZK in startpakket and VRO not in startpakket   # de minister voor VRO zat bij BZK
    aanpak = partijen(zeker(demo_client, "Uitvoeringsgerichte en gebiedsspecifieke aanpak"))
    assert {LNV, VRO, IENW, KGG} <= set(aanpak)                   # 2024
    nota_2022 = partijen(zeker(demo_client, "Nota Ruimte", geldigOp="2022-12-31",
                               bekendOp="2022-12-31"))
    assert BZK in nota_2022 and VRO not in nota_2022
    nota = partijen(zeker(demo_client, "Nota Ruimte"))
    assert VRO in nota and "LVVN" in nota[VRO]["rol"]     # de rol zoals de BO-notitie haar noemt
    # 2025 (VNG-presentatie): VRO samen met IenW, LVVN, EZ, KGG, DEF, OCW en VWS
    mede = {IENW, LNV, KGG, EZ, DEF, OCW, VWS}
    assert mede <= set(nota)
    assert not mede & set(partijen(zeker(demo_client, "Nota Ruimte", bekendOp="2025-06-01")))
    # het ministerie van VRO bestond pas vanaf 2 juli 2024: nooit eerder partij
    for titel in ("Nota Ruimte", "Programma NOVEX", "NOVEX-startpakket"):
        a = afspraak(demo_client, titel, geldigOp="2024-07-01")
        assert a is None or VRO not in partijen(a), titel


# -- Q14 ---------------------------------------------------------------------------------------

BEGIN = """query { afspraken(first: 100) { edges { node { titel
  gebeurtenissen { versie soort geldigVanaf juridischWerkendVanaf } } } } }"""


def test_q14_afspraken_die_gelden_van_voor_de_dag_dat_ze_werden_gesloten(
        demo_client: TestClient) -> None:
    eerder = []
    for e in gql(demo_client, BEGIN)["afspraken"]["edges"]:
        (eerste,) = [g for g in e["node"]["gebeurtenissen"] if g["soort"] == "Vastgelegd"]
        if eerste["geldigVanaf"] < eerste["juridischWerkendVanaf"]:
            eerder.append((e["node"]["titel"], eerste["geldigVanaf"],
                           eerste["juridischWerkendVanaf"]))
    assert eerder == [("Cao provinciale sector 2022–2023", "2022-01-01", "2022-06-01")]
    natuur = zeker(demo_client, "Programma Natuur")
    (uitkering,) = [b for b in natuur["bedragen"] if b["bedrag"] == "600000000.00"]
    assert "voor eind 2023 verplicht" in uitkering["bron"]["citaat"]


# -- Q15 ---------------------------------------------------------------------------------------


def test_q15_partijen_bij_het_schone_lucht_akkoord_toen_en_nu(
        demo_client: TestClient) -> None:
    a = zeker(demo_client, "Schone Lucht Akkoord")
    (eerste,) = [g for g in a["gebeurtenissen"] if g["aard"] == "ONDERTEKEND"]
    assert eerste["juridischWerkendVanaf"] == "2020-01-13"
    assert "eerste handtekeningen" in eerste["bronnen"][0]["citaat"]
    nu = partijen(a)
    assert set(nu) >= PROVINCIES and RIJK in nu and nu[GEMEENTEN]["aantal"] == 90
    toegetreden = [g for g in a["gebeurtenissen"] if g["aard"] == "TOEGETREDEN"]
    assert toegetreden and {g["datumPrecisie"] for g in toegetreden} == {"ONBEKEND"}
    # op 13 januari 2020 bestond het akkoord (zo weet het register het nu), maar het noemt geen
    # enkele partij: de bron zegt alleen dat de eerste handtekeningen toen gezet werden
    toen = zeker(demo_client, "Schone Lucht Akkoord", geldigOp="2020-01-13",
                 juridischWerkendOp="2020-01-13")
    assert partijen(toen) == {} and not toen["verplichtingen"]
    assert afspraak(demo_client, "Schone Lucht Akkoord", geldigOp="2020-01-12") is None
    # dat begin weet het register pas uit de latere bron; daarvóór bestond het voor hem in 2020
    # nog niet (de eerste bron noemde het akkoord zonder begin)
    (begin,) = [g for g in a["gebeurtenissen"] if g["aard"] == "BEGIN_VASTGESTELD"]
    assert begin["juridischWerkendVanaf"] == "2020-01-13"
    assert begin["bekendOp"] == eerste["bekendOp"] > a["gebeurtenissen"][0]["bekendOp"]
    dag_ervoor = (date.fromisoformat(begin["bekendOp"]) - timedelta(days=1)).isoformat()
    assert afspraak(demo_client, "Schone Lucht Akkoord", geldigOp="2020-01-13",
                    bekendOp=dag_ervoor) is None
    assert zeker(demo_client, "Schone Lucht Akkoord", bekendOp=dag_ervoor)


def test_een_afspraak_bestaat_vanaf_het_begin_dat_een_latere_bron_meldt(
        demo_client: TestClient) -> None:
    """De eerste bron (december 2022) noemt het Klimaatakkoord en de GRIP-afspraken zonder
    begin; het IPO-dossier en de BO-notitie melden het later. Zo weet het register het nu, met
    de precisie van de bron; vóór die bron wist het alleen dat zij eind 2022 bestonden."""
    klimaat = zeker(demo_client, "Klimaatakkoord", geldigOp="2020-06-01")
    (begin,) = [g for g in klimaat["gebeurtenissen"] if g["aard"] == "BEGIN_VASTGESTELD"]
    assert (begin["juridischWerkendVanaf"], begin["datumPrecisie"]) == ("2019-01-01", "JAAR")
    assert "2019 afgesloten" in begin["bronnen"][0]["citaat"]
    assert afspraak(demo_client, "Klimaatakkoord", geldigOp="2020-06-01",
                    bekendOp="2023-01-01") is None
    # GRIP: april 2021 of april 2022 (tegenstrijdig); het register kiest wat beide zeggen
    grip = zeker(demo_client, "Bestuurlijke afspraken GRIP", geldigOp="2022-06-01")
    assert grip["betwist"]
    assert afspraak(demo_client, "Bestuurlijke afspraken GRIP", geldigOp="2021-06-01") is None


# -- Q16, Q17 ----------------------------------------------------------------------------------


def test_q16_voorwaardelijke_toezeggingen_en_pakketafspraken(demo_client: TestClient) -> None:
    bng = partijen(zeker(demo_client, "Betalen naar Gebruik"))[IPO]
    assert bng["standpunt"] == "VOORWAARDELIJK"
    for voorwaarde in ("inkomstenstabiliteit", "€ 1,7 miljard", "€ 0,5 miljard",
                       "serieuze partner", "slimme tarifering"):
        assert voorwaarde in bng["voorwaarden"], voorwaarde
    accres = zeker(demo_client, "Bevriezing volumedeel accres")
    assert "nothing is agreed, until everything is agreed" in citaten(accres)
    verdeel = zeker(demo_client, "Nieuw verdeelmodel Provinciefonds")
    assert "acceptabele herverdeeleffecten" in " ".join(
        (g["verslag"] or "") + (g["toelichting"] or "") for g in verdeel["gebeurtenissen"])
    fonds = zeker(demo_client, "Transitiefonds")
    assert "VOORWAARDELIJK" not in {p["standpunt"] for p in fonds["partijen"]}


def test_q17_toezeggingen_die_nog_wettelijk_of_planologisch_verankerd_moesten_worden(
        demo_client: TestClient) -> None:
    # per afspraak de verplichting die de verankering draagt; geen enkele is nagekomen
    verankering = {
        "Richtinggevend kader water en bodem": "concept-kader al zoveel mogelijk toepassen",
        "Programma Woningbouw": "regierol provincies verankeren in de Wet",
        "Structurerende keuzes NPLG": "structurerende keuzes met directe doorwerking",
        "Nationaal Programma Landelijk": "juridische borging NPLG",
        "Bibliotheekconvenant": "zorgplicht bibliotheken in de wet",
        "Provinciale subsidieregeling opruiming drugsafval": "provinciale regeling omzetten in "
                                                             "een Rijksregeling",
        "Stikstofdoel 2030": "74% van het stikstofgevoelige areaal",
        "Financiering Kennisplatform Verkeer": "KpVV financieren via begrotingssubsidie",
    }
    for titel, begin in verankering.items():
        assert "NAGEKOMEN" not in statussen(zeker(demo_client, titel), begin), titel
    kpvv = zeker(demo_client, "Financiering Kennisplatform Verkeer")
    assert {w for w, _, _ in termijnen(kpvv, "KpVV financieren")} == {"2024-01-01"}


# -- Q18 ---------------------------------------------------------------------------------------


def test_q18_wanneer_de_grip_afspraken_werden_gemaakt(demo_client: TestClient) -> None:
    a = zeker(demo_client, "Bestuurlijke afspraken GRIP")
    (t,) = a["tegenstrijdigheden"]
    assert t["betreft"] == "datum van de bestuurlijke afspraken GRIP" and a["betwist"]
    assert {b["titel"] for b in t["bronnen"]} == {"IPO-overdrachtsdossier 2023"}
    data = {g["juridischWerkendVanaf"] for g in a["gebeurtenissen"]
            if g["versie"] in t["gebeurtenissen"]}
    assert data == {"2021-04-01", "2022-04-01"}                 # beide bewaard, niet verzoend
    assert termijnen(a, "afwegingskader grootschalige") == {("2023-03", "MAAND", "in maart 2023")}
    assert {t for _, _, t in termijnen(a, "bestuurlijke afspraken over het afweegkader")} == {
        "in het eerste kwartaal van 2023"}
    assert any("ruimtelijke arrangementen" in v["omschrijving"] for v in a["verplichtingen"])
    assert "NAGEKOMEN" not in {v["status"] for v in a["verplichtingen"]}


# -- Q19 ---------------------------------------------------------------------------------------

GEMEENTELIJK = """query { verplichtingen(filter: {partijSoort: "GEMEENTE"}, geldigOp: "2025-12-31",
  first: 100) { edges { node { afspraak { titel bindend } verplichting {
    omschrijving binding status uiterlijk { waarde tekst } } } } } }"""


def test_q19_verplichtingen_van_gemeenten_en_hun_termijnen(demo_client: TestClient) -> None:
    rijen = [(e["node"]["afspraak"]["titel"], e["node"]["verplichting"])
             for e in gql(demo_client, GEMEENTELIJK)["verplichtingen"]["edges"]]

    def van(titel: str, begin: str) -> set[tuple[str, str | None]]:
        return {(v["binding"], (v["uiterlijk"] or {}).get("waarde")) for t, v in rijen
                if t.startswith(titel) and v["omschrijving"].startswith(begin)}

    assert van("Regionale woondeals", "toewerken naar tekenmoment") == {
        ("BESTUURLIJK", "2023-03-01")}
    assert van("Water en Bodem Sturend", "structurerende keuzes toepassen") == {
        ("BESTUURLIJK", None)}                                       # pas toe of leg uit
    assert van("Regionale Energiestrategieën", "alle aangevraagde") == {
        ("BESTUURLIJK", "2025-01-01")}
    assert van("Bibliotheekconvenant", "zorgplicht") == {("WETTELIJK", "2025")}
    # wettelijk of niet: de binding maakt het onderscheid, en geen gemeentelijke plicht uit
    # een voorstel of zienswijze
    assert {v["binding"] for _, v in rijen} <= {"WETTELIJK", "BESTUURLIJK", "GEVRAAGD"}
    piek = zeker(demo_client, "Aanpak piekbelasting")
    assert "loket" in partijen(piek)[GEMEENTEN]["rol"]
    assert GEMEENTEN not in partijen(zeker(demo_client, "Aanpak piekbelasting",
                                           bekendOp="2024-11-27"))     # pas de BO-notitie
    zienswijze = zeker(demo_client, "VNG-zienswijze")
    assert termijnen(zienswijze, "bestuurlijke oploop") == {("2025-11-21", "DAG", "21 november")}


# -- Q20 ---------------------------------------------------------------------------------------

WATERPARTIJEN = """query { afspraken(first: 100) { edges { node { titel
  partijen { overheid { id soort collectief } binding naamInBron rol } } } } }"""


def test_q20_afspraken_met_waterschappen_of_de_uvw_en_hun_rol(demo_client: TestClient) -> None:
    per_titel = {e["node"]["titel"]: e["node"]["partijen"]
                 for e in gql(demo_client, WATERPARTIJEN)["afspraken"]["edges"]}
    met_uvw = {t.split(" (")[0]: {p["binding"] for p in ps if p["overheid"]["id"] == UVW}
               for t, ps in per_titel.items() if any(p["overheid"]["id"] == UVW for p in ps)}
    # 'vastgesteld namens de koepels': de UvW stelde mee vast, maar de bron noemt haar alleen
    # in een opsomming; het register maakt haar daarom geen ondertekenaar
    (uvw,) = [p for p in per_titel[next(t for t in per_titel if t.startswith("Actieagenda Sterk"))]
              if p["overheid"]["id"] == UVW]
    assert uvw["binding"] == "BETROKKEN" and "medevaststeller" in uvw["rol"]
    assert {"Handreiking gebiedsgericht werken", "Bouwsteen emissiereductie landbouw",
            "Bouwsteen natuur", "Regieorganisatie Transitie Landelijk Gebied"} <= set(met_uvw)
    # geen enkel afzonderlijk waterschap: alleen het collectief, nooit met naam
    waterschappen = {p["overheid"]["id"] for ps in per_titel.values() for p in ps
                     if p["overheid"]["soort"] == "WATERSCHAP"}
    assert waterschappen == {WATERSCHAPPEN}
    assert all(p["overheid"]["collectief"] for ps in per_titel.values() for p in ps
               if p["overheid"]["soort"] == "WATERSCHAP")


# -- Q21 ---------------------------------------------------------------------------------------


def test_q21_minimale_maatregelen_van_het_nplg_en_wat_de_stop_overleeft(
        demo_client: TestClient) -> None:
    nap = zeker(demo_client, "7e Nitraatactieprogramma")
    assert "150-250 meter" in citaten(nap)
    assert any(r["naar"]["titel"].startswith("Structurerende keuzes NPLG")
               for r in nap["relaties"])
    keuzes = zeker(demo_client, "Structurerende keuzes NPLG")
    assert "OPEN_VRAAG" in aarden(keuzes)                    # formele status open
    assert statussen(keuzes, "") <= {"OPEN", "ONBESLIST"}
    voortgezet = [g for g in tijdlijn(demo_client, aard=["VOORTGEZET"],
                                      bron="Notitie BO Landelijk Gebied")
                  if "focusgebieden" in " ".join(b["citaat"] for b in g["bronnen"])]
    assert voortgezet
    tekst = " ".join(b["citaat"] for g in voortgezet for b in g["bronnen"])
    assert "beekdalen" in tekst and "veenweide" in tekst
    assert zeker(demo_client, "Nationaal Programma Landelijk")["status"] == "STOPGEZET"


# -- Q22 ---------------------------------------------------------------------------------------


def test_q22_rijksgeld_voor_natuur_stikstof_en_landelijk_gebied_en_wat_verdween(
        demo_client: TestClient) -> None:
    natuur = zeker(demo_client, "Programma Natuur")
    assert natuur["status"] == "VAN_KRACHT"
    assert {b["bedrag"] for b in natuur["bedragen"]} == {"3000000000.00", "600000000.00"}
    fonds = zeker(demo_client, "Transitiefonds")
    assert fonds["status"] == "STOPGEZET"
    assert {b["bedrag"] for b in fonds["bedragen"]} == {"25000000000.00", "24300000000.00"}
    accres = zeker(demo_client, "Bevriezing volumedeel accres")
    bedragen = {b["bedrag"]: b for b in accres["bedragen"]}
    assert bedragen["-300000000.00"]["periode"] == "per jaar, structureel vanaf 2026"
    assert bedragen["100000000.00"]["periode"] == "2026 (incidenteel)"
    for a in (natuur, fonds, accres):                  # elk bedrag met zijn eigen bron
        for b in a["bedragen"]:
            assert b["bron"] and b["bron"]["citaat"], (a["titel"], b["omschrijving"])


# -- Q23 ---------------------------------------------------------------------------------------

MET_VERWIJZING = """query($v: String, $z: String) {
  afspraken(filter: {verwijzing: $v, zoekterm: $z}, first: 100) { edges { node { titel } } } }"""


def _titels(client: TestClient, **filter: str) -> set[str]:
    data = gql(client, MET_VERWIJZING, filter)
    return {e["node"]["titel"].split(" (")[0] for e in data["afspraken"]["edges"]}


def test_q23_kamerstukken_en_bestuurlijke_overleggen_onder_de_afspraken(
        demo_client: TestClient) -> None:
    startpakket = zeker(demo_client, "NOVEX-startpakket")
    stukken = {v["waarde"] for g in startpakket["gebeurtenissen"] for b in g["bronnen"]
               for v in b["verwijzingen"] if v["soort"] == "KAMERSTUK"}
    assert {"kst-34682-92", "kst-34682-100", "kst-34682-105", "kst-34682-103",
            "kst-27625-592", "kst-30252-77", "kst-32847-973", "kst-32813-1046",
            "kst-32813-1113"} <= stukken
    # elke schrijfwijze vindt hetzelfde
    vormen = ("34 682 nr. 100", "34682-100", "kst-34682-100", "Kamerstuk 34 682, Nr. 100")
    gevonden = [_titels(demo_client, v=v) for v in vormen]
    assert gevonden[0] and all(g == gevonden[0] for g in gevonden)
    assert {"Programma NOVEX", "NOVEX-startpakket aan het college van Gedeputeerde Staten"} <= \
        gevonden[0]
    assert _titels(demo_client, z="34682-100") == gevonden[0]
    assert "Water en Bodem Sturend" in _titels(demo_client, v="27 625 nr. 592")
    assert "Provinciale woningbouwafspraken" in _titels(demo_client, v="32 847 nr. 973")
    assert "Nationaal Programma Landelijk Gebied" in _titels(demo_client, v="34 682, nr. 105")
    assert "Nationaal Programma Landelijk Gebied" in _titels(demo_client, v="30252-77")
    dossier = _titels(demo_client, v="34 682")                  # het hele dossier
    assert gevonden[0] <= dossier
    for overleg in ("BO Leefomgeving juni 2022", "BO MIRT november 2022"):
        assert "Versnellingsafspraken woningbouw en mobiliteit" in _titels(demo_client, v=overleg)


# -- Q24 ---------------------------------------------------------------------------------------


def test_q24_wie_de_extra_kosten_betaalt(demo_client: TestClient) -> None:
    anlb = zeker(demo_client, "Afspraak voorfinanciering extra kosten")
    assert {v["partij"]["id"] for v in anlb["verplichtingen"]
            if v["omschrijving"].startswith("voorfinanciering")} == {LNV}
    assert statussen(anlb, "voorfinanciering") == {"OPEN"}      # nog uit te werken
    klimaat = zeker(demo_client, "Bestuurlijke afspraken uitvoeringslasten Klimaat")
    assert {w for w, _, _ in termijnen(klimaat, "herijking uitvoeren")} == {"2024"}
    assert {w for w, _, _ in termijnen(klimaat, "herijking verwerken")} == {"2026"}
    ov = zeker(demo_client, "Vangnetregeling openbaar vervoer 2023")
    assert [(b["bedrag"], b["periode"]) for b in ov["bedragen"]] == [("150000000.00", "2023")]
    brzo = zeker(demo_client, "Convenant BRZO+")
    assert {w for w, _, _ in termijnen(brzo, "afspraken over structurele financiering")} == {
        "2023"}
    mvo = zeker(demo_client, "Meerjarenagenda Versterking Omgevingsveiligheid")
    assert {v["binding"] for v in mvo["verplichtingen"]
            if "structurele financiering" in v["omschrijving"]} == {"GEVRAAGD"}   # een wens
    ibp = zeker(demo_client, "Interbestuurlijk Programma (IBP)")
    assert {w for w, _, _ in termijnen(ibp, "structurele financiering")} == {"2024"}


# -- Q25 ---------------------------------------------------------------------------------------


def test_q25_voorstellen_van_de_koepels_in_2025_zijn_geen_afspraken(
        demo_client: TestClient) -> None:
    for titel, maand in (("Bouwsteen emissiereductie landbouw", "juli 2025"),
                         ("Bouwsteen natuur", "oktober 2025")):
        a = zeker(demo_client, titel)
        assert a["status"] == "VOORGESTELD" and a["bindend"] is False, titel
        assert {v["binding"] for v in a["verplichtingen"]} == {"VOORGESTELD"}, titel
        assert maand in a["gebeurtenissen"][0]["toelichting"], titel
        assert a["status"] != "VAN_KRACHT"
    emissie = zeker(demo_client, "Bouwsteen emissiereductie landbouw")
    assert "Geen appreciatie" in " ".join(g["verslag"] or "" for g in emissie["gebeurtenissen"])
    assert {t for _, _, t in termijnen(emissie, "tussendoelen")} == {
        "tussendoelen voor 2030 en 2035"}
    natuur = zeker(demo_client, "Bouwsteen natuur")
    assert "december 2025" in natuur["gebeurtenissen"][0]["toelichting"]
    zienswijze = zeker(demo_client, "VNG-zienswijze")
    assert zienswijze["soort"] == "zienswijze" and zienswijze["bindend"] is False
    assert zienswijze["status"] != "VAN_KRACHT"
    # ook op een peilmoment vóór de voorstellen bestaan ze niet
    assert afspraak(demo_client, "Bouwsteen natuur", bekendOp="2025-06-30") is None
