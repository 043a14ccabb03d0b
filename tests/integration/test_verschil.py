"""Het verschil op SQLite en PostgreSQL: de geschiedenis waaruit het rekent (als feiten, per
proces onthouden zolang er geen gebeurtenis bijkomt) is op elk moment die van de
gebeurtenissenopslag, ook na een gebeurtenis uit een ander proces; een vroegere partij krijgt
uit dezelfde cache niets van na haar vertrek; en de cache blijft binnen haar omvang."""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from register.domein import commandos as c
from register.domein.actor import Actor
from register.domein.afspraak import feit_van
from register.domein.fouten import RegisterFout
from register.domein.invoer import PartijInvoer
from register.domein.tijdreizen import Feit, Peilmoment
from register.domein.verschil import verschil
from register.projecties import geschiedenislezer as lm
from register.projecties.gebeurtenissen import geschiedenis
from register.projecties.afspraken import AfsprakenLezer
from register.systeem.samenstel import Systeem
from tests.conftest import StapKlok
from tests.hulp import M_BZK, P_GELDERLAND, P_UTRECHT, tel_queries
from tests.integration.test_leesmodellen import (
    BEHEERDER, _stap, _vastleggen, _verantwoording, assen, peilmomenten, stappen,
)


def _opslag(s: Systeem, aid: str) -> tuple[Feit, ...]:
    """De feiten rechtstreeks uit de gebeurtenissenopslag: de maatstaf."""
    return tuple(feit_van(e) for e in s.register.repository.event_store.get(
        s.register.afspraak(aid).id))


def _gelezen(s: Systeem, aid: str, actor: Actor | None = BEHEERDER) -> lm.Geschiedenis:
    with s.engine.connect() as conn:
        return AfsprakenLezer(conn, actor).feiten_geschiedenissen([aid])[aid]


@settings(max_examples=int(os.environ.get("REGISTER_ORAKEL_AANTAL", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(eerste=assen, reeks=stappen,
       paren=st.lists(st.tuples(peilmomenten, peilmomenten), min_size=1, max_size=4))
def test_het_verschil_rekent_na_elke_gebeurtenis_met_de_geschiedenis_uit_de_opslag(
        systeem: Systeem, klok: StapKlok, eerste: dict[str, Any],
        reeks: list[tuple[str, dict[str, Any], int]],
        paren: list[tuple[Peilmoment, Peilmoment]]) -> None:
    """Na elke stap (de cache hield de vorige geschiedenis vast) dezelfde feiten als de
    opslag, hetzelfde verschil, en de volledige rijen van de gebeurtenissen in het antwoord."""
    klok.zet("2026-01-01T00:00:00+00:00")
    aid = _vastleggen(systeem, eerste)
    for soort, d, n in [("", {}, 0), *reeks]:
        if soort:
            with contextlib.suppress(RegisterFout):
                _stap(systeem, aid, soort, d, n)
        systeem.bij_werken()
        verwacht = _opslag(systeem, aid)
        g = _gelezen(systeem, aid)
        assert g.feiten == verwacht and g.stempel == (len(verwacht), len(verwacht))
        for van, naar in paren:
            v = verschil(g.feiten, van, naar)
            assert v == verschil(verwacht, van, naar)
            versies = {x for w in v.wijzigingen for x in w.versies}
            with systeem.engine.connect() as conn:
                rijen = AfsprakenLezer(conn, BEHEERDER).gebeurtenis_rijen(g, versies)
                volledig = {r.versie: r for r in geschiedenis(conn, [aid])[aid]}
            assert set(rijen) == versies
            for x, r in rijen.items():
                assert (r.bronnen, r.toelichting, r.extra, r.aard, r.actor) == (
                    volledig[x].bronnen, volledig[x].toelichting, volledig[x].extra,
                    volledig[x].aard, volledig[x].actor)


def test_een_gebeurtenis_uit_een_ander_proces_maakt_de_onthouden_geschiedenis_oud(
        database_url: str, klok: StapKlok) -> None:
    """Twee Systemen op één database (twee processen): wat het tweede schrijft, ziet het
    eerste bij zijn volgende lezing, ook al hield het de geschiedenis al vast."""
    hier, elders = Systeem(database_url, klok=klok), Systeem(database_url, klok=klok)
    try:
        aid = _vastleggen(hier, {"bron": date(2023, 1, 1)})
        hier.bij_werken()
        voor = _gelezen(hier, aid)
        assert _gelezen(hier, aid) is voor  # onthouden
        _stap(elders, aid, "wijzig", {"bron": date(2023, 2, 1)}, 1)
        elders.bij_werken()
        na = _gelezen(hier, aid)
        assert na is not voor and len(na.feiten) == 2 and na.feiten == _opslag(hier, aid)
        assert na.feiten[1].velden["titel"] == "Titel 1"
    finally:
        hier.sluit()
        elders.sluit()


def test_een_vroegere_partij_krijgt_uit_de_cache_niets_van_na_haar_vertrek(
        systeem: Systeem, klok: StapKlok) -> None:
    """De beheerder leest eerst (de hele geschiedenis staat dan in de cache); de provincie
    Utrecht, die uittrad, krijgt daarna alleen wat het register tot haar vertrek ontving, ook van de
    volledige rijen."""
    klok.zet("2026-01-01T00:00:00+00:00")
    r = systeem.register
    aid = str(r.vastleggen(BEHEERDER, c.Vastleggen(
        titel="Geheim", soort="convenant", inhoud="Inhoud", programma="NPLG", vertrouwelijk=True,
        partijen=[PartijInvoer(M_BZK, "opdrachtgever"), PartijInvoer(P_GELDERLAND, "uitvoerder"),
                  PartijInvoer(P_UTRECHT, "uitvoerder")],
        verantwoording=_verantwoording({"bron": date(2023, 1, 1)}, None))).afspraak_id)
    r.voer_uit(aid, 1, BEHEERDER, c.PartijLatenUittreden(
        verantwoording=_verantwoording({"bron": date(2023, 2, 1)}), overheid=P_UTRECHT))
    r.voer_uit(aid, 2, BEHEERDER, c.Wijzigen(
        verantwoording=_verantwoording({"bron": date(2023, 3, 1)}), titel="Titel 7"))
    systeem.bij_werken()
    alles = _gelezen(systeem, aid)
    assert [f.versie for f in alles.feiten] == [1, 2, 3]
    with systeem.engine.connect() as conn:
        AfsprakenLezer(conn, BEHEERDER).gebeurtenis_rijen(alles, [1, 2, 3])  # in de cache
    utrecht = Actor(P_UTRECHT)
    g = _gelezen(systeem, aid, utrecht)
    assert [f.versie for f in g.feiten] == [1, 2]
    assert all(f.ontvangen_op <= alles.feiten[1].ontvangen_op for f in g.feiten)
    with systeem.engine.connect() as conn:
        assert set(AfsprakenLezer(conn, utrecht).gebeurtenis_rijen(g, [1, 2, 3])) == {1, 2}
    peil = Peilmoment(date(2024, 1, 1))
    assert "Titel 7" not in repr(verschil(g.feiten, Peilmoment(date(2022, 1, 1)), peil))
    assert _gelezen(systeem, aid, Actor(M_BZK)).feiten == alles.feiten  # een partij: alles
    assert _gelezen(systeem, aid) is alles  # en de cache zelf bleef heel


def test_de_cache_blijft_binnen_haar_omvang_en_laat_de_minst_recente_los(
        database_url: str, klok: StapKlok, monkeypatch: pytest.MonkeyPatch) -> None:
    """Met ruimte voor ongeveer één geschiedenis: wie net gelezen werd, kost één query
    (hoever is zij?); wie daarvoor uit de cache ging, twee (en wordt opnieuw gelezen)."""
    klok.zet("2026-01-01T00:00:00+00:00")
    s = Systeem(database_url, klok=klok)
    try:
        ids = [_vastleggen(s, {"bron": date(2023, 1, 1)}) for _ in range(2)]
        s.bij_werken()
        with s.engine.connect() as conn:
            g = lm.feiten_geschiedenissen(conn, ids[:1])[ids[0]]
        monkeypatch.setattr(lm, "CACHE_BYTES", int(g.omvang * 1.5))
        s.sluit()
        s = Systeem(database_url, klok=klok)  # een nieuwe engine: een nieuwe, kleine cache
        with s.engine.connect() as conn:
            def lees(i: int) -> tuple[lm.Geschiedenis, int]:
                with tel_queries(s.engine, alleen_lezen=True) as q:
                    gelezen = lm.feiten_geschiedenissen(conn, [ids[i]])[ids[i]]
                return gelezen, len(q)

            a, n = lees(0)
            assert n == 2
            b, n = lees(1)
            assert n == 2
            assert lees(1) == (b, 1)  # onthouden
            a2, n = lees(0)  # a moest plaatsmaken voor b
            assert n == 2 and a2 is not a and a2.feiten == a.feiten
            cache = lm._cache(conn)
            assert 0 < cache.omvang <= cache.maximum == int(g.omvang * 1.5)
    finally:
        s.sluit()


def test_een_rij_van_de_cache_is_een_rij_van_het_leesmodel(systeem: Systeem,
                                                            klok: StapKlok) -> None:
    """Gebeurtenissen met bronnen: de volledige rij uit `rijen_van` draagt dezelfde waarden als
    die uit `geschiedenis`, en de ontvangsttijd is dezelfde als in het feit."""
    klok.zet("2026-01-01T00:00:00+00:00")
    aid = _vastleggen(systeem, {"bron": date(2023, 1, 1)})
    _stap(systeem, aid, "rectificeer", {"bron": date(2023, 2, 1)}, 0)
    systeem.bij_werken()
    g = _gelezen(systeem, aid)
    with systeem.engine.connect() as conn:
        rijen = lm.rijen_van(conn, g, [1, 2, 99])
        volledig = geschiedenis(conn, [aid])[aid]
    assert set(rijen) == {1, 2}
    for r in volledig:
        m = rijen[r.versie]._mapping
        assert {k: m[k] for k in m if k != "omvang"} == {
            k: v for k, v in r._mapping.items()
            if k not in ("brontekst", "zoektekst", "verwijzingen")}
        assert datetime.fromisoformat(m["ontvangen_op"]).astimezone(UTC) == \
            g.feiten[r.versie - 1].ontvangen_op
