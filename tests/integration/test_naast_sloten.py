"""`herbouw --naast` op PostgreSQL tegen een lezer die tabellen vasthoudt: het wisselen wacht,
geeft op als het met die lezer in een kring van wachten komt, en probeert opnieuw. De lezer
wordt nooit afgebroken (in CI brak PostgreSQL zo'n lezer eens af als deadlock: `INTERN`). En
de lezers van de API houden tussen twee vragen geen sloten vast."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Connection, func, select, text

from register.domein import commandos as c
from register.domein.actor import Actor
from register.domein.invoer import BronInvoer, PartijInvoer, TijdInvoer, Verantwoording
from register.projecties.afspraken import afspraken
from register.projecties.gebeurtenissen import gebeurtenissen
from register.systeem.leesmodelcontrole import LEESMODELTABELLEN, controleer_leesmodellen
from register.systeem.naast import Uitslag, herbouw_naast
from register.systeem.opslag import LEZEN, Opslag
from register.systeem.samenstel import Systeem
from tests.conftest import PostgresVoorraad, StapKlok
from tests.hulp import BEHEER, M_BZK, P_GELDERLAND

pytestmark = pytest.mark.postgres

BEHEERDER = Actor(BEHEER, beheerder=True)


@pytest.fixture
def pg_systeem(postgres_voorraad: PostgresVoorraad, klok: StapKlok) -> Iterator[Systeem]:
    url = postgres_voorraad.neem()
    s = Systeem(url, klok=klok)
    for i in range(3):
        s.register.vastleggen(BEHEERDER, c.Vastleggen(
            titel=f"Afspraak {i}", soort="convenant", inhoud="Inhoud", programma="NPLG",
            partijen=[PartijInvoer(M_BZK, "opdrachtgever"),
                      PartijInvoer(P_GELDERLAND, "uitvoerder")],
            verantwoording=Verantwoording(
                bronnen=(BronInvoer("Bron", "brief", date(2024, 1, 1)),), toelichting=None,
                tijd=TijdInvoer())))
    s.bij_werken()
    yield s
    s.sluit()
    postgres_voorraad.terug(url)


def _wacht_op_slot(s: Systeem, lezer: Connection) -> None:
    """Tot een andere verbinding op een slot van `lezer` wacht (het wisselen)."""
    pid = lezer.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    with s.engine.connect() as kijker:
        for _ in range(300):
            if kijker.execute(text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY("
                                   "pg_blocking_pids(pid))"), {"pid": pid}).scalar_one():
                return
            kijker.rollback()
            time.sleep(0.05)
    raise AssertionError("het wisselen kwam nooit wachten op de lezer")


def _wissel_op_achtergrond(s: Systeem) -> tuple[threading.Thread, list[Uitslag | BaseException]]:
    uitkomst: list[Uitslag | BaseException] = []

    def wissel() -> None:
        try:
            uitkomst.append(herbouw_naast(s))
        except BaseException as e:  # de test noemt hem
            uitkomst.append(e)

    draad = threading.Thread(target=wissel)
    draad.start()
    return draad, uitkomst


def test_een_lezer_die_tabellen_vasthoudt_wordt_niet_afgebroken(pg_systeem: Systeem) -> None:
    s = pg_systeem
    # Een lezer in een transactie (de API leest in autocommit en houdt zo geen sloten vast,
    # maar een export of een eigen client wel): eerst de afspraken (het slot blijft tot het
    # einde van zijn transactie) ...
    with s.engine.connect() as lezer:
        assert lezer.execute(select(func.count()).select_from(afspraken)).scalar_one() == 3
        draad, uitkomst = _wissel_op_achtergrond(s)
        _wacht_op_slot(s, lezer)
        # ... dan de gebeurtenissen, terwijl het wisselen op de afspraken van de lezer wacht
        assert lezer.execute(select(func.count()).select_from(gebeurtenissen)).scalar_one() == 3
        lezer.rollback()  # het verzoek is klaar: nu kan het wisselen
    draad.join(60)
    assert not draad.is_alive()
    assert len(uitkomst) == 1 and isinstance(uitkomst[0], Uitslag), uitkomst
    with s.engine.connect() as na:
        assert na.execute(select(func.count()).select_from(gebeurtenissen)).scalar_one() == 3


def test_de_controle_van_de_leesmodellen_ziet_geen_half_gewisselde_tabellen(
        pg_systeem: Systeem) -> None:
    """De controle leest de leesmodellen in één momentopname; wisselt `--naast` midden in haar,
    dan zou die momentopname nieuwe tabellen lezen zonder de rijen van na haar begin."""
    s = pg_systeem
    draad: threading.Thread | None = None
    uitkomst: list[Uitslag | BaseException] = []

    def notificaties(tot: int) -> Iterator[object]:
        nonlocal draad, uitkomst
        # de controle heeft haar momentopname; nu begint een wissel
        draad, uitkomst = _wissel_op_achtergrond(s)
        with s.engine.connect() as kijker:  # tot het wisselen klaar is of op iemand wacht
            for _ in range(600):
                if not draad.is_alive() or kijker.exec_driver_sql(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        " AND datname = current_database()").scalar_one():
                    break
                kijker.rollback()
                time.sleep(0.05)
        yield from s.register.recorder.select_notifications(start=1, limit=tot + 1, stop=tot)

    assert controleer_leesmodellen(s, notificaties) is None  # type: ignore[arg-type]
    assert draad is not None
    draad.join(60)
    assert len(uitkomst) == 1 and isinstance(uitkomst[0], Uitslag), uitkomst


def test_een_lezer_van_de_api_houdt_tussen_twee_vragen_geen_slot_vast(pg_systeem: Systeem) -> None:
    s = pg_systeem
    with s.engine.connect().execution_options(**LEZEN) as lezer, s.engine.connect() as ander:
        assert lezer.execute(select(func.count()).select_from(afspraken)).scalar_one() == 3
        # NOWAIT: een slot van de lezer gaf hier meteen een fout
        ander.exec_driver_sql("LOCK TABLE lm_afspraken IN ACCESS EXCLUSIVE MODE NOWAIT")
        ander.rollback()


def test_na_een_lezer_is_een_verbinding_uit_de_pool_weer_transactioneel(
        postgres_voorraad: PostgresVoorraad) -> None:
    url = postgres_voorraad.neem()
    engine = Opslag(url).engine()
    try:
        with engine.connect() as c:  # zodat de pool er één heeft
            c.exec_driver_sql("CREATE TABLE proef (n int)")
            c.commit()
        with engine.connect().execution_options(**LEZEN) as lezer:
            lezer.exec_driver_sql("SELECT count(*) FROM proef").scalar_one()
        with engine.connect() as schrijver:  # dezelfde DBAPI-verbinding (pool van één in gebruik)
            schrijver.exec_driver_sql("INSERT INTO proef VALUES (1)")
            schrijver.rollback()
            assert schrijver.exec_driver_sql("SELECT count(*) FROM proef").scalar_one() == 0
        with engine.connect().execution_options(**LEZEN).execution_options(
                isolation_level="REPEATABLE READ") as momentopname, engine.connect() as ander:
            assert momentopname.exec_driver_sql("SELECT count(*) FROM proef").scalar_one() == 0
            ander.exec_driver_sql("INSERT INTO proef VALUES (2)")
            ander.commit()
            # één momentopname: de rij van daarna ziet zij niet
            assert momentopname.exec_driver_sql("SELECT count(*) FROM proef").scalar_one() == 0
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as beheer:
            # wie zelf AUTOCOMMIT vraagt, krijgt het (VACUUM kan niet in een transactie)
            beheer.exec_driver_sql("VACUUM proef")
    finally:
        engine.dispose()
        postgres_voorraad.terug(url)


def test_na_het_wisselen_hebben_de_nieuwe_tabellen_statistieken(pg_systeem: Systeem) -> None:
    herbouw_naast(pg_systeem)
    with pg_systeem.engine.connect() as c:
        zonder = c.exec_driver_sql(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
            "AND relname = ANY(%(namen)s) AND last_analyze IS NULL AND last_autoanalyze IS NULL",
            {"namen": [t.name for t in LEESMODELTABELLEN]}).scalars().all()
    assert zonder == []
