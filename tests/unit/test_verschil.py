"""Het verschil (redline) tussen twee peilmomenten, op het uitgewerkte voorbeeld van ontwerp §4:
elke reden komt er één keer in voor, met de gebeurtenis die haar veroorzaakte. En als eigenschap:
wie de wijzigingen van 'van' naar 'naar' toepast op de waarden van 'van', krijgt die van 'naar'."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from register.domein.tijdreizen import Peilmoment, waarden_op
from register.domein.verschil import (
    GELDIG_GEWORDEN, GELDIGHEID_GEEINDIGD, GEWIJZIGD, IN_WERKING_GETREDEN, LATER_BEKEND,
    NIEUW_BESLUIT, RECTIFICATIE, TERUGWERKEND_BESLUIT, TOEGEVOEGD, VERWIJDERD, Verschil,
    Wijziging, verschil,
)
from tests.unit.conftest import Werkvoorbeeld


def peil(geldig_op: str, juridisch_werkend_op: str | None = None, bekend_op: str | None = None,
         ontvangen_op: str | None = None) -> Peilmoment:
    return Peilmoment(
        date.fromisoformat(geldig_op),
        None if juridisch_werkend_op is None else date.fromisoformat(juridisch_werkend_op),
        None if bekend_op is None else date.fromisoformat(bekend_op),
        None if ontvangen_op is None else datetime.fromisoformat(ontvangen_op))


def enige(v: Verschil, **waar: Any) -> Wijziging:
    gevonden = [w for w in v.wijzigingen if all(getattr(w, k) == x for k, x in waar.items())]
    assert len(gevonden) == 1, (waar, v.wijzigingen)
    return gevonden[0]


def test_zelfde_peilmoment_geen_verschil(werkvoorbeeld: Werkvoorbeeld) -> None:
    p = peil("2023-03-01")
    assert verschil(werkvoorbeeld.feiten, p, p) == Verschil(True, True, ())


def test_een_rectificatie_die_later_ontvangen_werd(werkvoorbeeld: Werkvoorbeeld) -> None:
    """Op 15 januari 2023 zei het register 3 juni; nu 30 juni (de tikfout, versie 2)."""
    v = verschil(werkvoorbeeld.feiten, peil("2023-03-01", ontvangen_op="2023-01-15T00:00:00+00:00"),
                 peil("2023-03-01"))
    w = enige(v, onderdeel="verplichting", veld="uiterlijk")
    assert (w.soort, w.reden, w.versies) == (GEWIJZIGD, RECTIFICATIE, (1, 2))
    assert (w.van["waarde"], w.naar["waarde"]) == ("2023-06-03", "2023-06-30")
    assert all(x.reden == RECTIFICATIE for x in v.wijzigingen)


def test_een_besluit_dat_geldig_wordt(werkvoorbeeld: Werkvoorbeeld) -> None:
    """Met kennis van nu: op 1 maart gold 30 juni, op 1 juli de verschoven deadline."""
    v = verschil(werkvoorbeeld.feiten, peil("2023-03-01"), peil("2023-07-01"))
    w = enige(v, onderdeel="verplichting", veld="uiterlijk")
    assert (w.reden, w.versies, w.naar["waarde"]) == (GELDIG_GEWORDEN, (3,), "2023-10-01")


def test_een_besluit_dat_nog_niet_bekend_was_is_nieuw(werkvoorbeeld: Werkvoorbeeld) -> None:
    """Wat men op 1 mei wist over 1 juli, en wat men nu weet over 1 juli."""
    v = verschil(werkvoorbeeld.feiten, peil("2023-07-01", bekend_op="2023-05-01"),
                 peil("2023-07-01"))
    w = enige(v, onderdeel="verplichting", veld="uiterlijk")
    assert (w.reden, w.versies) == (NIEUW_BESLUIT, (3,))


def test_een_terugwerkend_besluit(werkvoorbeeld: Werkvoorbeeld) -> None:
    """De bijdrage van 2 mln geldt vanaf 1-1-2024 maar werd pas 5 maart bekend."""
    v = verschil(werkvoorbeeld.feiten, peil("2024-02-01", bekend_op="2024-02-15"),
                 peil("2024-02-01"))
    w = enige(v, onderdeel="bedragen", soort=TOEGEVOEGD)
    assert (w.reden, w.versies) == (TERUGWERKEND_BESLUIT, (4,))
    assert Decimal(w.naar["bedrag"]) == 2_000_000
    weg = enige(v, onderdeel="bedragen", soort=VERWIJDERD)
    assert Decimal(weg.van["bedrag"]) == 1_000_000 and weg.reden == TERUGWERKEND_BESLUIT


def test_een_besluit_dat_in_werking_treedt(werkvoorbeeld: Werkvoorbeeld) -> None:
    v = verschil(werkvoorbeeld.feiten, peil("2024-02-01", juridisch_werkend_op="2024-02-15"),
                 peil("2024-02-01", juridisch_werkend_op="2024-03-02"))
    w = enige(v, onderdeel="bedragen", soort=TOEGEVOEGD)
    assert (w.reden, w.versies) == (IN_WERKING_GETREDEN, (4,))


def test_later_bekend_wat_al_gold(werkvoorbeeld: Werkvoorbeeld) -> None:
    """Het besluit van 15 mei (bekend 16 mei) gold op 1 juni; wie 15 mei kende, wist het niet."""
    v = verschil(werkvoorbeeld.feiten, peil("2023-06-01", bekend_op="2023-05-15"),
                 peil("2023-06-01", bekend_op="2023-05-16"))
    w = enige(v, onderdeel="verplichting", veld="uiterlijk")
    assert (w.reden, w.versies) == (LATER_BEKEND, (3,))


def test_de_afhechting_en_het_einde_van_de_geldigheid(werkvoorbeeld: Werkvoorbeeld) -> None:
    v = verschil(werkvoorbeeld.feiten, peil("2024-12-31"), peil("2025-01-02"))
    status = enige(v, onderdeel="afspraak", veld="status")
    assert (status.van, status.naar, status.reden, status.versies) == (
        "VAN_KRACHT", "AFGEHECHT", GELDIG_GEWORDEN, (5,))
    # terug in de tijd: dezelfde gebeurtenis, nu omdat haar geldigheid daar nog niet begon
    terug = verschil(werkvoorbeeld.feiten, peil("2025-01-02"), peil("2024-12-31"))
    assert enige(terug, onderdeel="afspraak", veld="status").reden == GELDIG_GEWORDEN


def test_een_afspraak_die_er_aan_een_kant_niet_is(werkvoorbeeld: Werkvoorbeeld) -> None:
    v = verschil(werkvoorbeeld.feiten, peil("2022-01-01"), peil("2023-03-01"))
    b = enige(v, onderdeel="bestaan")
    assert (v.bestaat_van, v.bestaat_naar, b.soort, b.versies) == (False, True, TOEGEVOEGD, (1,))
    assert b.reden == GELDIG_GEWORDEN
    assert enige(v, onderdeel="afspraak", veld="titel").soort == TOEGEVOEGD
    # een nieuwe verplichting is één wijziging met al haar velden, geen wijziging per veld
    v1 = enige(v, onderdeel="verplichting", ding="v1")
    assert (v1.veld, v1.soort, v1.van) == ("", TOEGEVOEGD, None)
    assert v1.naar["omschrijving"] == "Ruimtelijk voorstel indienen"
    assert v1.naar["uiterlijk"]["waarde"] == "2023-06-30"  # met de rectificatie
    partijen = [w for w in v.wijzigingen if w.onderdeel == "partij"]
    assert len(partijen) == 2 and all("lid" in w.naar and w.veld == "" for w in partijen)


def test_geldigheid_geeindigd_als_een_tijdelijk_besluit_afloopt() -> None:
    from register.domein.tijdreizen import Feit

    def feit(versie: int, vanaf: str, tot: str | None, velden: dict[str, Any],
             soort: str = "Gewijzigd") -> Feit:
        d = date.fromisoformat(vanaf)
        return Feit(versie, soort, d, None if tot is None else date.fromisoformat(tot), d, d,
                    datetime(2030, 1, 1), None, velden)

    feiten = [feit(1, "2024-01-01", None, {"titel": "Regeling"}, "Vastgelegd"),
              feit(2, "2024-06-01", "2024-09-01", {"titel": "Tijdelijke regeling"})]
    v = verschil(feiten, peil("2024-07-01"), peil("2024-10-01"))
    w = enige(v, veld="titel")
    assert (w.van, w.naar, w.reden, w.versies) == (
        "Tijdelijke regeling", "Regeling", GELDIGHEID_GEEINDIGD, (2,))


DATUMS = st.dates(date(2022, 1, 1), date(2026, 1, 1))
PEILMOMENTEN = st.builds(
    Peilmoment, DATUMS, st.none() | DATUMS, st.none() | DATUMS,
    st.none() | st.datetimes(datetime(2023, 1, 1), datetime(2025, 6, 1)).map(
        lambda d: d.astimezone()))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # alleen gelezen
@given(van=PEILMOMENTEN, naar=PEILMOMENTEN)
def test_de_wijzigingen_brengen_van_naar_naar(werkvoorbeeld: Werkvoorbeeld, van: Peilmoment,
                                              naar: Peilmoment) -> None:
    """Eigenschap: de wijzigingen zijn precies het verschil tussen de waarden op beide
    peilmomenten (niets vergeten, niets verzonnen), elk met een gebeurtenis die bestaat."""
    a, b = waarden_op(werkvoorbeeld.feiten, van), waarden_op(werkvoorbeeld.feiten, naar)
    v = verschil(werkvoorbeeld.feiten, van, naar)
    assert (v.bestaat_van, v.bestaat_naar) == (a is not None, b is not None)
    versies = {f.versie for f in werkvoorbeeld.feiten}
    velden: dict[tuple[str, str, str], Any] = {}
    for w in v.wijzigingen:
        assert set(w.versies) <= versies and w.versies and w.reden is not None, w
        if w.onderdeel in ("partij", "verplichting") and w.veld == "" and w.soort != GEWIJZIGD:
            # een hele partij of verplichting erbij of weg: één wijziging met al haar velden
            geheel = w.naar if w.soort == TOEGEVOEGD else w.van
            for veld, waarde in geheel.items():
                velden[(w.onderdeel, w.ding, "" if veld == "lid" else veld)] = waarde
        elif w.onderdeel not in ("bestaan", "gebieden", "bedragen", "relaties"):
            velden[(w.onderdeel, w.ding, w.veld)] = w.naar
    wa, wb = (a.waarden if a else {}), (b.waarden if b else {})
    gewijzigd = {k for k in wa.keys() | wb.keys()
                 if wa.get(k) != wb.get(k) and k not in ("gebieden", "bedragen", "relaties")
                 and (wa.get(k) or wb.get(k))}
    assert len(velden) == len(gewijzigd)
    if a is not None and b is not None and a.waarden == b.waarden:
        assert v.wijzigingen == ()
