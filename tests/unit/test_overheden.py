"""De overhedencatalogus: TOOI-organisaties plus register-eigen koepels en collectieven."""

from __future__ import annotations

from datetime import date

import pytest

from register.domein.overheden import RIJK, SOORTEN, Naam, Overheden, Overheid

TOOI = "https://identifier.overheid.nl/tooi/id/"
APPINGEDAM = TOOI + "gemeente/gm0003"
EEMSDELTA = TOOI + "gemeente/gm1979"
HAAREN = TOOI + "gemeente/gm0788"
GRONINGEN = TOOI + "provincie/pv20"
EZ = TOOI + "ministerie/mnre1045"
LVVN = TOOI + "ministerie/mnre1153"
KGG = TOOI + "ministerie/mnre1182"
BZK = TOOI + "ministerie/mnre1034"
VRO = TOOI + "ministerie/mnre1171"
IENW = TOOI + "ministerie/mnre1130"


@pytest.fixture(scope="module")
def overheden() -> Overheden:
    return Overheden.standaard()


def test_de_catalogus_wordt_uit_de_pakketdata_geladen_en_gedeeld(overheden: Overheden) -> None:
    assert len(overheden) > 1400
    assert Overheden.standaard() is overheden


def test_de_twaalf_provincies_zijn_er(overheden: Overheden) -> None:
    provincies = overheden.provincies()
    assert len(provincies) == 12
    namen = [p.naam for p in provincies]
    assert namen == sorted(namen, key=str.casefold)
    assert "provincie Gelderland" in namen
    assert "provincie Fryslân" in namen
    assert all(not p.collectief and p.einddatum is None for p in provincies)


def test_een_opgeheven_gemeente_heeft_einddatum_en_opvolger(overheden: Overheden) -> None:
    appingedam = overheden.get(APPINGEDAM)
    assert appingedam is not None
    assert appingedam.naam == "gemeente Appingedam"
    assert appingedam.einddatum == date(2020, 12, 31)
    assert appingedam.opvolgers == (EEMSDELTA,)
    eemsdelta = overheden.get(EEMSDELTA)
    assert eemsdelta is not None
    assert eemsdelta.begindatum == date(2021, 1, 1)
    assert eemsdelta.einddatum is None
    assert APPINGEDAM in eemsdelta.voorgangers


def test_een_gesplitste_gemeente_heeft_meerdere_opvolgers(overheden: Overheden) -> None:
    haaren = overheden.get(HAAREN)
    assert haaren is not None
    assert haaren.einddatum == date(2020, 12, 31)
    assert len(haaren.opvolgers) == 4
    for opvolger in haaren.opvolgers:
        nieuw = overheden.get(opvolger)
        assert nieuw is not None and HAAREN in nieuw.voorgangers


def test_een_gemeente_ligt_in_een_provincie(overheden: Overheden) -> None:
    eemsdelta = overheden.get(EEMSDELTA)
    assert eemsdelta is not None and eemsdelta.provincie == GRONINGEN
    gemeenten = overheden.alle("GEMEENTE")
    assert all(g.provincie in overheden for g in gemeenten if not g.collectief)


def test_er_zijn_342_huidige_gemeenten(overheden: Overheden) -> None:
    huidig = [g for g in overheden.alle("GEMEENTE") if g.einddatum is None and not g.collectief]
    assert len(huidig) == 342


def test_een_ministerie_kent_zijn_vroegere_naam(overheden: Overheden) -> None:
    ienw = overheden.get(IENW)
    assert ienw is not None
    assert ienw.naam == "ministerie van Infrastructuur en Waterstaat"
    assert Naam("ministerie van Infrastructuur en Milieu", date(2017, 12, 31)) in ienw.namen
    assert ienw.naam_op(date(2015, 6, 1)) == "ministerie van Infrastructuur en Milieu"
    assert ienw.naam_op(date(2018, 1, 1)) == "ministerie van Infrastructuur en Waterstaat"


def test_economische_zaken_draagt_door_de_jaren_heen_verschillende_namen(
    overheden: Overheden,
) -> None:
    ez = overheden.get(EZ)
    assert ez is not None
    assert ez.afkorting == "EZ"
    assert ez.naam_op(date(2011, 1, 1)) == "ministerie van Economische Zaken, Landbouw en Innovatie"
    assert ez.naam_op(date(2015, 1, 1)) == "ministerie van Economische Zaken"
    assert ez.naam_op(date(2020, 1, 1)) == "ministerie van Economische Zaken en Klimaat"
    assert ez.naam_op(date(2025, 1, 1)) == "ministerie van Economische Zaken"


def test_lnv_heet_sinds_2024_lvvn_onder_hetzelfde_id(overheden: Overheden) -> None:
    lvvn = overheden.get(LVVN)
    assert lvvn is not None
    assert lvvn.afkorting == "LVVN"
    assert lvvn.naam == "ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur"
    assert lvvn.naam_op(date(2020, 1, 1)) == "ministerie van Landbouw, Natuur en Voedselkwaliteit"
    assert EZ in lvvn.voorgangers  # afsplitsing 2017 volgens TOOI


def test_de_nieuwe_ministeries_van_2024_hebben_hun_voorganger(overheden: Overheden) -> None:
    kgg = overheden.get(KGG)
    vro = overheden.get(VRO)
    assert kgg is not None and vro is not None
    assert kgg.soort == vro.soort == "MINISTERIE"
    assert kgg.voorgangers == (EZ,)
    assert vro.voorgangers == (BZK,)
    bzk = overheden.get(BZK)
    assert bzk is not None and VRO in bzk.opvolgers and bzk.einddatum is None


def test_koepels_hebben_een_eigen_uri(overheden: Overheden) -> None:
    koepels = overheden.alle("KOEPEL")
    afkortingen = {k.afkorting for k in koepels}
    assert {"IPO", "VNG", "UvW"} <= afkortingen
    for koepel in koepels:
        assert koepel.id.startswith("urn:afsprakenregister:")
        assert not koepel.id.startswith(TOOI)


def test_collectieven_tellen_niet_als_provincie_mee(overheden: Overheden) -> None:
    collectief = overheden.get("urn:afsprakenregister:collectief:provincies")
    assert collectief is not None and collectief.collectief
    assert collectief in overheden.alle("PROVINCIE")
    assert collectief not in overheden.provincies()


def test_soort_filter(overheden: Overheden) -> None:
    ministeries = overheden.alle("MINISTERIE")
    assert ministeries and all(m.soort == "MINISTERIE" for m in ministeries)
    assert overheden.alle("ministerie") == []
    alles = overheden.alle()
    assert len(alles) == len(overheden)
    assert sum(len(overheden.alle(s)) for s in SOORTEN) == len(overheden)
    assert {o.soort for o in alles} <= set(SOORTEN)


def test_het_rijk_en_de_caribische_openbare_lichamen_zijn_overig(overheden: Overheden) -> None:
    rijk = overheden.get(TOOI + "oorg/oorg12345")
    bonaire = overheden.get(TOOI + "col/col01")
    assert rijk is not None and rijk.soort == "OVERIG"
    assert bonaire is not None and bonaire.soort == "OVERIG"


def test_onbekende_id_geeft_none(overheden: Overheden) -> None:
    assert overheden.get(TOOI + "gemeente/gm9999") is None
    assert TOOI + "gemeente/gm9999" not in overheden
    assert 42 not in overheden
    assert APPINGEDAM in overheden


def test_een_dubbele_id_wordt_geweigerd() -> None:
    a = Overheid(id="x", naam="gemeente X", soort="GEMEENTE")
    with pytest.raises(ValueError):
        Overheden([a, a])


def test_een_onbekende_soort_wordt_geweigerd() -> None:
    with pytest.raises(ValueError):
        Overheid(id="x", naam="X", soort="BOND")


def test_zonder_vroegere_namen_geldt_altijd_de_huidige_naam() -> None:
    o = Overheid(id="x", naam="gemeente X", soort="GEMEENTE")
    assert o.naam_op(date(1900, 1, 1)) == "gemeente X"


def test_bestaan_op_een_dag_telt_begin_en_einddatum_mee() -> None:
    o = Overheid(id="x", naam="gemeente X", soort="GEMEENTE", begindatum=date(2019, 1, 1),
                 einddatum=date(2022, 12, 31))
    assert not o.bestaat_op(date(2018, 12, 31))
    assert o.bestaat_op(date(2019, 1, 1)) and o.bestaat_op(date(2022, 12, 31))
    assert not o.bestaat_op(date(2023, 1, 1))
    assert Overheid(id="y", naam="Y", soort="OVERIG").bestaat_op(date(1, 1, 1))


def test_de_rijkskant_omvat_de_ministeries_en_het_rijk() -> None:
    o = Overheden.standaard()
    kant = o.aan_de_kant_van("MINISTERIE")
    assert RIJK in kant and kant - {RIJK} == {m.id for m in o.alle("MINISTERIE")}
    assert RIJK not in o.aan_de_kant_van("PROVINCIE")
