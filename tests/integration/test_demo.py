"""De demogegevens: alle 85 echte afspraken laden foutloos, met hun bronnen en partijen."""

from __future__ import annotations

from datetime import date

from register.demo.laden import aantal_commandos, demogegevens
from register.domein.actor import Actor
from register.domein.tijdreizen import Peilmoment
from register.projecties.afspraken import AfsprakenLezer, Filter
from register.systeem.samenstel import Systeem

PROVINCIES = {f"https://identifier.overheid.nl/tooi/id/provincie/pv{n}" for n in range(20, 32)}


def test_alle_demo_afspraken_laden_en_zijn_daarna_te_bevragen(demo_systeem: Systeem) -> None:
    systeem = demo_systeem
    assert aantal_commandos() == systeem.laatste_positie()
    assert systeem.verwerkt_tot() == systeem.laatste_positie()
    with systeem.engine.connect() as conn:
        lezer = AfsprakenLezer(conn, None)
        alle = lezer.lijst(Filter(), Peilmoment(date(2026, 1, 1)), 100, None)
        assert len(alle.items) >= 80  # wat op 1-1-2026 (nog) geldt; afgehechte tellen ook mee
        novex = lezer.lijst(Filter(programma="NOVEX"), Peilmoment(date(2026, 1, 1)), 100, None)
        assert novex.items and all(a.toestand.programma == "NOVEX" for a in novex.items)
        nplg = [a for a in alle.items if a.toestand.titel.startswith("Nationaal Programma "
                                                                     "Landelijk Gebied")]
        assert nplg, "het NPLG hoort in de demo"
        partijen = {p.overheid for p in nplg[0].toestand.partijen}
        assert partijen >= PROVINCIES  # 'de 12 provincies' opgelost naar TOOI-ids
        namen = {p.naam_in_bron for p in nplg[0].toestand.partijen}
        assert any(n and "LNV" in n for n in namen)  # de naam zoals de bron hem gaf


def test_elke_demogebeurtenis_noemt_een_bron_met_citaat(demo_systeem: Systeem) -> None:
    systeem = demo_systeem
    sleutels = [a["sleutel"] for a in demogegevens()["afspraken"]]
    assert len(sleutels) == len(set(sleutels)) == 85
    with systeem.engine.connect() as conn:
        lezer = AfsprakenLezer(conn, Actor("urn:afsprakenregister:overheid:register", True))
        ids = [a.id for a in lezer.lijst(Filter(), Peilmoment(date(2030, 1, 1)), 100, None).items]
        for i in ids:
            for rij in lezer.volledige_geschiedenis(i) or []:
                assert rij.bronnen and all(b["citaat"] for b in rij.bronnen), rij.versie
