"""Wat de bronnen zeggen, precies zo: een onbesliste verplichting, bronnen die elkaar
tegenspreken, een bedrag met zijn eigen bron en teken, een collectief als enige partij, en
gebeurtenissen van vóór deze velden die blijven laden."""

from __future__ import annotations

import copy
import dataclasses
import json
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest

from eventsourcing.persistence import Notification

from register.applicatie.register import Register
from register.domein import merkle
from register.domein.afspraak import Afspraak, aard_van, feit_van
from register.domein.invoer import (
    BedragInvoer, BronInvoer, PartijInvoer, TijdInvoer, Verantwoording, VerplichtingInvoer,
)
from register.domein.tijdreizen import Peilmoment, toestand_op
from register.domein.waarden import lees_verwijzing, zoekvormen
from tests.conftest import StapKlok
from tests.hulp import M_BZK, P_GELDERLAND
from tests.unit.conftest import (
    BEHEERDER, gebeurtenissen, leg_vast, verantwoording, voer_uit,
)
from tests.unit.test_afspraak import laatste, ongeldig_in

OVERIG = "urn:afsprakenregister:collectief:overig"


def toestand(register: Register, x: UUID, **peil: date) -> object:
    return toestand_op([feit_van(e) for e in gebeurtenissen(register, x)],
                       Peilmoment(peil.pop("geldig_op", date(2023, 6, 1)), **peil))


# -- onbeslist ------------------------------------------------------------------------------


def test_een_onbesliste_verplichting_is_niet_open_en_niet_nagekomen(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    x = afspraak_met_drie_partijen
    voer_uit(register, "verplichting_onbeslist", x, verplichting="v1", met=verantwoording(
        "2023-03-01", toelichting="Of de plannen voldoen, laat de bron open."))
    e = laatste(register, x)
    assert isinstance(e, Afspraak.VerplichtingOnbeslistVerklaard) and aard_van(e) == "ONBESLIST"
    t = toestand(register, x)
    assert [v.status for v in t.verplichtingen] == ["ONBESLIST"]  # type: ignore[attr-defined]
    # op een peilmoment vóór de bron was zij nog open
    vroeger = toestand(register, x, bekend_op=date(2023, 2, 1))
    assert [v.status for v in vroeger.verplichtingen] == ["OPEN"]  # type: ignore[attr-defined]


# -- tegenstrijdigheden ------------------------------------------------------------------------


def test_een_tegenstrijdigheid_noemt_de_bron_van_elke_kant(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "bronnen"):
        voer_uit(register, "tegenstrijdigheid", afspraak_met_drie_partijen, betreft="datum")


@pytest.mark.parametrize("versies", [[0], [2], [1, 1]])
def test_een_tegenstrijdigheid_noemt_alleen_bestaande_gebeurtenissen(
        register: Register, afspraak_met_drie_partijen: UUID, versies: list[int]) -> None:
    with ongeldig_in(register, "gebeurtenissen"):
        voer_uit(register, "tegenstrijdigheid", afspraak_met_drie_partijen, betreft="datum",
                 gebeurtenissen=versies, met=verantwoording("2023-02-01", "2023-02-02"))


def test_een_tegenstrijdigheid_over_een_onbekende_verplichting_wordt_geweigerd(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "verplichting"):
        voer_uit(register, "tegenstrijdigheid", afspraak_met_drie_partijen, betreft="termijn",
                 verplichting="v7", met=verantwoording("2023-02-01", "2023-02-02"))


def test_een_tegenstrijdigheid_is_er_vanaf_de_dag_dat_zij_bekend_is(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    x = afspraak_met_drie_partijen
    voer_uit(register, "tegenstrijdigheid", x, betreft="termijn van v1", gebeurtenissen=[1],
             verplichting="v1", met=verantwoording(
                 "2023-04-01", "2023-04-02", toelichting="De ene brief zegt juni, de andere "
                 "oktober", geldig_vanaf=date(2022, 12, 9)))
    assert toestand(register, x, bekend_op=date(2023, 3, 31)).tegenstrijdigheden == ()  # type: ignore[attr-defined]
    t = toestand(register, x, bekend_op=date(2023, 4, 1))
    (ts,) = t.tegenstrijdigheden  # type: ignore[attr-defined]
    assert (ts.versie, ts.betreft, ts.gebeurtenissen, ts.verplichting) == (
        2, "termijn van v1", (1,), "v1")
    assert ts.toelichting == "De ene brief zegt juni, de andere oktober"
    assert [b["datum"] for b in ts.bronnen] == ["2023-04-01", "2023-04-02"]
    # de afspraak zelf blijft wat zij was: het register verzoent niets
    assert [v.uiterlijk.waarde for v in t.verplichtingen] == ["2023-06-03"]  # type: ignore[attr-defined]


# -- bedragen, partijen ------------------------------------------------------------------------


def test_een_bedrag_draagt_zijn_eigen_bron_en_een_verlaging_is_negatief(
        register: Register) -> None:
    citaat = "een structureel lagere uitkering uit het Provinciefonds van ca € 300 miljoen"
    x = leg_vast(register, bedragen=[BedragInvoer(
        "Lagere uitkering Provinciefonds", "-300000000", periode="per jaar vanaf 2026",
        bron=BronInvoer("IPO-overdrachtsdossier 2023", "overdrachtsdossier", date(2023, 1, 1),
                        citaat=citaat, datum_precisie="JAAR"))])
    (b,) = gebeurtenissen(register, x)[0].bedragen  # type: ignore[attr-defined]
    assert b.bedrag == Decimal("-300000000.00") and b.periode == "per jaar vanaf 2026"
    assert b.bron.citaat == citaat and b.bron.datum_precisie == "JAAR"
    (bt,) = toestand(register, x, geldig_op=date(2023, 1, 1)).bedragen  # type: ignore[attr-defined]
    assert bt.bedrag == "-300000000.00" and bt.bron["citaat"] == citaat


def test_een_bedrag_met_een_onvolledige_bron_wordt_geweigerd(register: Register) -> None:
    with ongeldig_in(register, "bedragen[0].bron.titel"):
        leg_vast(register, bedragen=[BedragInvoer("Bijdrage", "100", bron=BronInvoer(
            " ", "brief", date(2023, 1, 1)))])


def test_een_collectief_mag_de_enige_partij_zijn_een_overheid_niet(register: Register) -> None:
    x = leg_vast(register, BEHEERDER, verplichtingen=[], partijen=[
        PartijInvoer(OVERIG, "de partijen; de bron noemt ze niet")])
    assert set(register.afspraak(x, BEHEERDER).leden) == {OVERIG}
    with ongeldig_in(register, "partijen"):
        leg_vast(register, partijen=[PartijInvoer(M_BZK, "opdrachtgever")])


# -- oude gebeurtenissen blijven laden ---------------------------------------------------------


def test_een_gebeurtenis_van_voor_de_bron_per_bedrag_laadt_nog(
        tmp_path: Path, klok: StapKlok) -> None:
    """Opgeslagen gebeurtenissen zijn onveranderlijk: een bedrag zonder het veld 'bron' (de
    vorm van vóór dit veld) laadt als een bedrag zonder eigen bron."""
    pad = tmp_path / "r.db"
    schrijver = Register({"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                          "SQLITE_DBNAME": str(pad)}, klok=klok)
    x = leg_vast(schrijver, bedragen=[BedragInvoer("Rijksbijdrage", "1000000")])
    with sqlite3.connect(pad) as db:
        (tabel,) = [n for (n,) in db.execute("select name from sqlite_master where type='table'")
                    if "event" in n]
        (staat,) = db.execute(f"select state from {tabel} where originator_id = ?",
                              (x.hex,)).fetchone()
        oud = json.loads(staat)
        bedrag = oud["bedragen"][0]["_data_"]
        assert bedrag.pop("bron") is None          # zo stond het er vóór dit veld niet
        db.execute(f"update {tabel} set state = ? where originator_id = ?",
                   (json.dumps(oud).encode(), x.hex))
    lezer = Register({"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(pad)},
                     klok=klok)
    (b,) = gebeurtenissen(lezer, x)[0].bedragen  # type: ignore[attr-defined]
    assert (b.omschrijving, b.bedrag, b.bron) == ("Rijksbijdrage", Decimal("1000000.00"), None)


# -- verwijzingen ------------------------------------------------------------------------------


@pytest.mark.parametrize(("tekst", "soort", "waarde"), [
    ("34 682 nr. 100", "KAMERSTUK", "kst-34682-100"),
    ("34682-100", "KAMERSTUK", "kst-34682-100"),
    ("kst-34682-100", "KAMERSTUK", "kst-34682-100"),
    ("Kamerstuk 34 682, Nr. 100", "KAMERSTUK", "kst-34682-100"),
    ("Kamerstuk vergaderjaar 2021-2022, 34 682, nr. 92", "KAMERSTUK", "kst-34682-92"),
    ("Kamerstukken 2021/22, 32 813 nr. 1046", "KAMERSTUK", "kst-32813-1046"),
    ("34 682", "KAMERSTUK", "kst-34682"),
    ("BO MIRT november 2022", "BESTUURLIJK_OVERLEG", "bo-mirt-2022-11"),
    ("Bestuurlijke Overleggen MIRT van november 2022", "BESTUURLIJK_OVERLEG", "bo-mirt-2022-11"),
    ("Bestuurlijk Overleg Landelijk Gebied d.d. 28-11-2024", "BESTUURLIJK_OVERLEG",
     "bo-landelijk-gebied-2024-11-28"),
    ("ecli:nl:rvs:2019:1603", "ECLI", "ECLI:NL:RVS:2019:1603"),
    ("CVDR 123456", "CVDR", "CVDR123456"),
    ("Kenmerk 2022-0000668914", "KENMERK", "2022-0000668914"),
    ("https://zoek.officielebekendmakingen.nl/kst-34682-100", "URL",
     "https://zoek.officielebekendmakingen.nl/kst-34682-100"),
])
def test_elke_schrijfwijze_van_een_verwijzing_wordt_dezelfde_waarde(
        tekst: str, soort: str, waarde: str) -> None:
    v = lees_verwijzing(tekst)
    assert v is not None and (v.soort, v.waarde, v.tekst) == (soort, waarde, tekst)


@pytest.mark.parametrize("tekst", ["Stikstofplan", "landbouw 2023", "2023", "BO MIRT 13-2022",
                                   "34 682 nr. x"])
def test_wat_geen_verwijzing_is_wordt_niet_geraden(tekst: str) -> None:
    assert lees_verwijzing(tekst) is None


def test_een_zoekterm_die_een_verwijzing_is_zoekt_ook_haar_normale_vorm() -> None:
    assert zoekvormen("34682-100") == ("34682-100", "kst-34682-100")
    assert zoekvormen("Stikstof") == ("stikstof",)


def test_een_bron_bewaart_haar_verwijzingen_genormaliseerd_en_weigert_onzin(
        register: Register) -> None:
    def bron(*verwijzingen: str) -> Verantwoording:
        return Verantwoording(bronnen=(BronInvoer(
            "Brief", "brief", date(2022, 12, 1), verwijzingen=verwijzingen),),
            toelichting=None, tijd=TijdInvoer())
    x = leg_vast(register, verantwoording=bron("Kamerstuk 34 682, nr. 100", "34682-100",
                                               "BO MIRT november 2022"))
    (b,) = gebeurtenissen(register, x)[0].meta.bronnen
    assert [v.waarde for v in b.verwijzingen] == ["kst-34682-100", "bo-mirt-2022-11"]
    with ongeldig_in(register, "bronnen[0].verwijzingen[0]"):
        leg_vast(register, verantwoording=bron("zie de bijlage"))


# -- partijen die toen bestonden ---------------------------------------------------------------

VRO = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1171"   # sinds 2 juli 2024


def test_een_partij_moet_bestaan_op_de_dag_dat_zij_partij_wordt(register: Register) -> None:
    with ongeldig_in(register, "partijen[0].overheid"):
        leg_vast(register, BEHEERDER, partijen=[PartijInvoer(VRO, "opdrachtgever"),
                                                PartijInvoer(M_BZK, "uitvoerder")],
                 verplichtingen=[],
                 verantwoording=verantwoording("2022-12-09", toelichting=None))
    x = leg_vast(register, BEHEERDER, partijen=[PartijInvoer(VRO, "opdrachtgever"),
                                                PartijInvoer(M_BZK, "uitvoerder")],
                 verplichtingen=[], verantwoording=verantwoording("2024-07-02", toelichting=None))
    assert VRO in register.afspraak(x, BEHEERDER).leden


def test_wie_toetreedt_of_een_verplichting_krijgt_bestond_toen(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    x = afspraak_met_drie_partijen
    with ongeldig_in(register, "partij.overheid"):
        voer_uit(register, "partij_toetreden", x, actor=BEHEERDER,
                 partij=PartijInvoer(VRO, "opdrachtgever"), met=verantwoording("2024-01-01"))
    with ongeldig_in(register, "verplichting.partij"):
        voer_uit(register, "verplichting_vastleggen", x, actor=BEHEERDER,
                 verplichting=VerplichtingInvoer("Programma opstellen", VRO),
                 met=verantwoording("2023-05-01"))
    voer_uit(register, "partij_toetreden", x, actor=BEHEERDER,
             partij=PartijInvoer(VRO, "opdrachtgever"), met=verantwoording("2024-09-01"))


# -- een begin dat een latere bron meldt ---------------------------------------------------------

VROEG = dict(juridisch_werkend_vanaf=date(2020, 1, 13))  # 'de eerste handtekeningen op 13-1-2020'


def _later_begin(register: Register, x: UUID, **anders: object) -> None:
    """De eerste bron (9-12-2022) noemde de afspraak zonder begin; een bron van maart 2023
    meldt dat zij op 13 januari 2020 begon, en noemt alleen Gelderland als partij toen."""
    argumenten: dict[str, object] = dict(
        partijen=[PartijInvoer(P_GELDERLAND, "eerste ondertekenaar", "ONDERTEKENAAR")],
        met=verantwoording("2023-03-01", toelichting="De bron noemt het begin.", **VROEG))
    argumenten.update(anders)
    voer_uit(register, "begin_vaststellen", x, actor=BEHEERDER, **argumenten)  # type: ignore[arg-type]


def test_een_later_gemeld_begin_laat_de_afspraak_eerder_bestaan_vanaf_haar_kennisdatum(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    x = afspraak_met_drie_partijen
    assert toestand(register, x, geldig_op=date(2021, 1, 1)) is None
    _later_begin(register, x)
    e = laatste(register, x)
    assert isinstance(e, Afspraak.BeginVastgesteld) and aard_van(e) == "BEGIN_VASTGESTELD"
    t = toestand(register, x, geldig_op=date(2021, 1, 1))
    assert t is not None and t.titel == "Ruimtelijk arrangement NOVEX Gelderland"  # type: ignore[attr-defined]
    # alleen wie de bron bij het begin noemt; geen verplichtingen of bedragen van later
    assert [p.overheid for p in t.partijen] == [P_GELDERLAND]  # type: ignore[attr-defined]
    assert t.verplichtingen == () and t.bedragen == ()  # type: ignore[attr-defined]
    # vóór het begin niets, en met de kennis van vóór de bron van maart 2023 ook niet
    assert toestand(register, x, geldig_op=date(2020, 1, 12)) is None
    assert toestand(register, x, geldig_op=date(2021, 1, 1), bekend_op=date(2023, 2, 28)) is None
    assert toestand(register, x, geldig_op=date(2020, 1, 13),
                    juridisch_werkend_op=date(2020, 1, 13)) is not None
    # vanaf het begin dat de vastlegging noemde, wint zij: drie partijen, de verplichting
    nu = toestand(register, x, geldig_op=date(2023, 6, 1))
    assert len(nu.partijen) == 3 and len(nu.verplichtingen) == 1  # type: ignore[attr-defined]


def test_een_begin_kan_alleen_vervroegen(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "juridischWerkendVanaf"):
        _later_begin(register, afspraak_met_drie_partijen, met=verantwoording(
            "2023-03-01", juridisch_werkend_vanaf=date(2022, 12, 9)))
    _later_begin(register, afspraak_met_drie_partijen)
    with ongeldig_in(register, "juridischWerkendVanaf"):  # niet later dan het vorige begin
        _later_begin(register, afspraak_met_drie_partijen, met=verantwoording(
            "2023-04-01", juridisch_werkend_vanaf=date(2021, 5, 1)))


def test_wie_bij_een_eerder_begin_partij_was_bestond_toen_en_staat_er_een_keer(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    x = afspraak_met_drie_partijen
    with ongeldig_in(register, "partijen[0].overheid"):
        _later_begin(register, x, partijen=[PartijInvoer(VRO, "opdrachtgever")])
    with ongeldig_in(register, "partijen"):
        _later_begin(register, x, partijen=[PartijInvoer(P_GELDERLAND, "a"),
                                            PartijInvoer(P_GELDERLAND, "b")])
    _later_begin(register, x, partijen=[])
    t = toestand(register, x, geldig_op=date(2021, 1, 1))
    assert t is not None and t.partijen == ()  # type: ignore[attr-defined]


# -- de bladhash van een oude gebeurtenis blijft dezelfde ------------------------------------------

# Een Vastgelegd zoals het register haar vóór Bron.verwijzingen en Bedrag.bron opsloeg, met de
# bladhash die het register toen vastlegde (positie 1).
OUDE_STAAT = '{"timestamp":{"_type_":"datetime_iso","_data_":"2023-01-10T09:00:00.001000+00:00"},"originator_topic":"register.domein.afspraak:Afspraak","meta":{"_type_":"meta","_data_":{"bronnen":[{"_type_":"bron","_data_":{"titel":"Brief startpakket NOVEX","soort":"brief","datum":{"_type_":"date_iso","_data_":"2022-12-09"},"kenmerk":null,"url":null,"citaat":null,"bewijskracht":"EXPLICIET","datum_precisie":"DAG"}}],"toelichting":null,"actor":"https://identifier.overheid.nl/tooi/id/ministerie/mnre1034","geldig_vanaf":{"_type_":"date_iso","_data_":"2022-12-09"},"geldig_tot":null,"juridisch_werkend_vanaf":{"_type_":"date_iso","_data_":"2022-12-09"},"bekend_op":{"_type_":"date_iso","_data_":"2022-12-09"},"datum_precisie":"DAG","datum_tekst":null}},"titel":"Ruimtelijk arrangement NOVEX Gelderland","soort":"ruimtelijk arrangement","inhoud":"Wederkerige afspraken over de ruimtelijke inrichting.","programma":"NOVEX","gebieden":[],"partijen":[{"_type_":"partij","_data_":{"overheid":"https://identifier.overheid.nl/tooi/id/ministerie/mnre1034","rol":"opdrachtgever","binding":"ONDERTEKENAAR","naam_in_bron":"Minister voor VRO","namens":[],"aantal":null}},{"_type_":"partij","_data_":{"overheid":"https://identifier.overheid.nl/tooi/id/provincie/pv25","rol":"uitvoerder","binding":"ONDERTEKENAAR","naam_in_bron":null,"namens":[],"aantal":null}}],"verplichtingen":[{"_type_":"verplichting","_data_":{"omschrijving":"Ruimtelijk voorstel indienen","partij":"https://identifier.overheid.nl/tooi/id/provincie/pv25","uiterlijk":{"_type_":"vagedatum","_data_":{"waarde":"2023-06-03","precisie":"DAG","tekst":null}},"binding":"BESTUURLIJK","hoeveelheden":[],"id":"v1"}}],"bedragen":[{"_type_":"bedrag","_data_":{"omschrijving":"Rijksbijdrage","bedrag":{"_type_":"decimal_str","_data_":"1000000.00"},"soort":"EXACT","periode":null}}],"relaties":[],"in_voorbereiding":false,"vertrouwelijk":false}'
OUD_BLAD = "9e45f5f514c59ac5bf936e73a1aaa6309d89c3107db65e0af92f889afeef96b9"


def test_een_gebeurtenis_van_voor_later_toegevoegde_velden_houdt_haar_bladhash() -> None:
    """Later toegevoegde velden met hun standaardwaarde tellen niet mee in de canonieke vorm:
    anders zou de volledige controle elke oude gebeurtenis 'gewijzigd' noemen."""
    e = Register().mapper.to_domain_event(Notification(
        originator_id=UUID("36c6d44b-ba3a-4263-84d0-f45fc0ced141"), originator_version=1,
        topic="register.domein.afspraak:Afspraak.Vastgelegd", state=OUDE_STAAT.encode(), id=1))
    assert merkle.blad_hash(merkle.gebeurtenis_blad(e, 1)).hex() == OUD_BLAD
    assert e.meta.bronnen[0].verwijzingen == () and e.bedragen[0].bron is None  # type: ignore[attr-defined]


# -- gezouten bladen van vertrouwelijke afspraken -----------------------------------------------


def test_het_blad_van_een_vertrouwelijke_gebeurtenis_is_niet_te_raden(register: Register) -> None:
    """Elke gebeurtenis van een vertrouwelijke afspraak heeft haar eigen zout: wie alles van de
    inhoud weet behalve het zout (de gok), komt op een ander blad uit. Een openbare afspraak
    heeft geen zout."""
    bladen, gokken = [], []
    for _ in range(2):
        x = leg_vast(register, vertrouwelijk=True)
        voer_uit(register, "voortgang_rapporteren", x, verslag="Concept gereed")
        for e in gebeurtenissen(register, x):
            assert e.meta.zout is not None and len(e.meta.zout) == 32
            bladen.append(merkle.blad_hash(merkle.gebeurtenis_blad(e, 1)))
            gok = copy.copy(e)
            object.__setattr__(gok, "meta", dataclasses.replace(e.meta, zout=None))
            gokken.append(merkle.blad_hash(merkle.gebeurtenis_blad(gok, 1)))
    assert len(set(bladen)) == 4 and not set(bladen) & set(gokken)
    openbaar = leg_vast(register)
    assert all(e.meta.zout is None for e in gebeurtenissen(register, openbaar))
