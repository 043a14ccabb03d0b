"""De gevolgen van een besluit (domein/gevolgen.py): welke, wanneer aan de beurt, en op welk
tijdstip; zuiver domein, zonder database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from register.domein.gevolgen import (
    GELDIG_GEWORDEN, GELDIGHEID_GEEINDIGD, IN_WERKING_GETREDEN, Gevolg, aan_de_beurt, dagbegin,
    gevolgen, tijdstip, vandaag,
)
from register.domein.tijdreizen import Feit

ONTVANGEN = datetime(2024, 3, 6, 10, 0, tzinfo=UTC)


def feit(soort: str = "Gewijzigd", *, geldig: str | None = "2024-01-01",
         tot: str | None = None, werkend: str | None = "2024-03-01",
         rectificeert: int | None = None, velden: dict[str, Any] | None = None) -> Feit:
    return Feit(versie=4, soort=soort,
                geldig_vanaf=None if geldig is None else date.fromisoformat(geldig),
                geldig_tot=None if tot is None else date.fromisoformat(tot),
                juridisch_werkend_vanaf=None if werkend is None else date.fromisoformat(werkend),
                bekend_op=date(2024, 3, 5), ontvangen_op=ONTVANGEN, rectificeert=rectificeert,
                velden={"inhoud": "nieuw"} if velden is None else velden)


def test_een_terugwerkend_besluit_wordt_eerst_geldig_en_treedt_dan_in_werking() -> None:
    assert gevolgen(feit()) == (Gevolg(date(2024, 1, 1), GELDIG_GEWORDEN),
                                Gevolg(date(2024, 3, 1), IN_WERKING_GETREDEN))


def test_op_dezelfde_dag_eerst_in_werking_dan_geldig_dan_geeindigd() -> None:
    g = gevolgen(feit(geldig="2024-05-01", werkend="2024-05-01", tot="2024-05-02"))
    assert [x.soort for x in g] == [IN_WERKING_GETREDEN, GELDIG_GEWORDEN, GELDIGHEID_GEEINDIGD]


def test_een_tijdelijk_besluit_heeft_een_einde() -> None:
    g = gevolgen(feit(geldig="2024-06-01", werkend="2024-06-01", tot="2024-09-01"))
    assert g[-1] == Gevolg(date(2024, 9, 1), GELDIGHEID_GEEINDIGD)


def test_een_rectificatie_en_een_voortgangsrapport_hebben_geen_eigen_gevolgen() -> None:
    assert gevolgen(feit("Gerectificeerd", geldig=None, werkend=None, rectificeert=2)) == ()
    assert gevolgen(feit("VoortgangGerapporteerd", velden={})) == ()


def test_een_vastlegging_heeft_altijd_gevolgen() -> None:
    assert gevolgen(feit("Vastgelegd", velden={}))  # zij laat de afspraak bestaan


def test_wat_bij_ontvangst_al_bereikt_was_is_meteen_aan_de_beurt() -> None:
    nu, later = aan_de_beurt(gevolgen(feit(tot="2024-12-31")), vandaag(ONTVANGEN))
    assert [g.soort for g in nu] == [GELDIG_GEWORDEN, IN_WERKING_GETREDEN]
    assert later == date(2024, 12, 31)


def test_een_toekomstig_besluit_wacht_tot_zijn_eerste_dag() -> None:
    nu, later = aan_de_beurt(gevolgen(feit(geldig="2024-04-01", werkend="2024-04-01")),
                             date(2024, 3, 31))
    assert nu == ()
    assert later == date(2024, 4, 1)
    nu, later = aan_de_beurt(gevolgen(feit(geldig="2024-04-01", werkend="2024-04-01")),
                             date(2024, 4, 1))
    assert len(nu) == 2
    assert later is None


def test_de_dag_is_de_nederlandse_dag() -> None:
    # 23:30 UTC op 31 maart 2024 is 1 april 01:30 in Nederland (zomertijd)
    assert vandaag(datetime(2024, 3, 31, 23, 30, tzinfo=UTC)) == date(2024, 4, 1)
    assert dagbegin(date(2024, 4, 1)) == datetime(2024, 3, 31, 22, 0, tzinfo=UTC)
    assert dagbegin(date(2024, 1, 1)) == datetime(2023, 12, 31, 23, 0, tzinfo=UTC)


def test_het_tijdstip_van_een_gevolg_ligt_nooit_voor_de_ontvangst() -> None:
    assert tijdstip(Gevolg(date(2024, 1, 1), GELDIG_GEWORDEN), ONTVANGEN) == ONTVANGEN
    assert tijdstip(Gevolg(date(2024, 4, 1), GELDIG_GEWORDEN), ONTVANGEN) == dagbegin(
        date(2024, 4, 1))


@given(st.dates())
def test_elke_dag_heeft_een_tijdstip_ook_de_allereerste_en_de_laatste(dag: date) -> None:
    """Een besluit geldig vanaf 1-1-0001 is toegestane invoer; de feed rekent er een tijdstip
    van uit (in UTC ligt het begin van die Nederlandse dag vóór het jaar 1)."""
    assert tijdstip(Gevolg(dag, GELDIG_GEWORDEN), ONTVANGEN) >= ONTVANGEN
    assert dagbegin(dag).tzinfo is not None


DAGEN = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(geldig=DAGEN, werkend=DAGEN, duur=st.none() | st.integers(1, 2000), dag=DAGEN)
def test_elk_gevolg_komt_precies_een_keer_wat_de_dagen_ook_zijn(
        geldig: date, werkend: date, duur: int | None, dag: date) -> None:
    """Wie elke dag kijkt (vanaf de ontvangst), ziet elk gevolg één keer, op zijn dag of bij
    ontvangst als die dag al voorbij was."""
    tot = None if duur is None else date.fromordinal(geldig.toordinal() + duur)
    f = feit(geldig=geldig.isoformat(), werkend=werkend.isoformat(),
             tot=None if tot is None else tot.isoformat())
    alle = gevolgen(f)
    gezien: list[Gevolg] = []
    nu, volgende = aan_de_beurt(alle, dag)
    gezien += nu
    while volgende is not None:
        nieuw, volgende = aan_de_beurt(alle, volgende)
        gezien += [g for g in nieuw if g not in gezien]
    assert sorted(gezien, key=lambda g: g.volgorde) == list(alle)
    assert all(g.datum > dag for g in alle if g not in nu)
