"""Het orakel toestand_op: het uitgewerkte voorbeeld van ontwerp §4 regel voor regel, en de wetten
van §4 als eigenschappen over willekeurige geschiedenissen en peilmomenten."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from register.applicatie.register import Register
from register.domein.afspraak import feit_van
from register.domein import velden
from register.domein.waarden import VageDatum
from register.domein.tijdreizen import Feit, Peilmoment, Toestand, toestand_op
from tests.unit.conftest import (
    Werkvoorbeeld, gebeurtenissen,
)

# -- het uitgewerkte voorbeeld (ontwerp §4) ----------------------------------------------------


def deadline(t: Toestand | None) -> str:
    assert t is not None
    [v1] = t.verplichtingen
    assert v1.id == "v1" and v1.uiterlijk is not None
    return v1.uiterlijk.waarde


def bedrag(t: Toestand | None) -> Decimal:
    assert t is not None
    [b] = t.bedragen
    return Decimal(b.bedrag)


def test_het_werkvoorbeeld_heeft_de_tijdassen_van_de_tabel(werkvoorbeeld: Werkvoorbeeld) -> None:
    d = date.fromisoformat
    rijen = [(f.soort, f.juridisch_werkend_vanaf, f.geldig_vanaf, f.bekend_op,
              f.ontvangen_op.date(), f.rectificeert) for f in werkvoorbeeld.feiten]
    assert rijen == [
        ("Vastgelegd", d("2022-12-09"), d("2022-12-09"), d("2022-12-09"), d("2023-01-10"), None),
        ("Gerectificeerd", None, None, d("2023-02-01"), d("2023-02-01"), 1),
        ("VerplichtingGewijzigd", d("2023-05-15"), d("2023-05-15"), d("2023-05-16"),
         d("2023-05-20"), None),
        ("Gewijzigd", d("2024-03-01"), d("2024-01-01"), d("2024-03-05"), d("2024-03-06"), None),
        ("Afgehecht", d("2024-11-28"), d("2025-01-01"), d("2024-12-04"), d("2024-12-10"), None),
    ]


def test_een_rectificatie_verandert_niet_wat_toen_bekend_was(
        werkvoorbeeld: Werkvoorbeeld) -> None:
    t = werkvoorbeeld.op("2023-03-01", ontvangen_op="2023-01-15T00:00:00+00:00")
    assert deadline(t) == "2023-06-03"


def test_nu_geldt_de_gerectificeerde_deadline(werkvoorbeeld: Werkvoorbeeld) -> None:
    assert deadline(werkvoorbeeld.op("2023-03-01")) == "2023-06-30"


def test_na_de_verplichtingwijziging_geldt_de_verschoven_deadline(
        werkvoorbeeld: Werkvoorbeeld) -> None:
    assert deadline(werkvoorbeeld.op("2023-07-01")) == "2023-10-01"


def test_een_terugwerkende_wijziging_telt_pas_vanaf_haar_juridische_werking(
        werkvoorbeeld: Werkvoorbeeld) -> None:
    assert bedrag(werkvoorbeeld.op("2024-02-01", juridisch_werkend_op="2024-02-15")) == 1_000_000
    assert bedrag(werkvoorbeeld.op("2024-02-01", juridisch_werkend_op="2024-03-02")) == 2_000_000


def test_een_terugwerkende_wijziging_overschrijft_de_periode_die_zij_dekt(
        werkvoorbeeld: Werkvoorbeeld) -> None:
    assert bedrag(werkvoorbeeld.op("2023-12-31")) == 1_000_000
    assert bedrag(werkvoorbeeld.op("2024-02-01")) == 2_000_000


def test_voor_haar_geldigheid_is_een_afhechting_niet_van_kracht(
        werkvoorbeeld: Werkvoorbeeld) -> None:
    t = werkvoorbeeld.op("2024-12-31")
    assert t is not None and t.status == "VAN_KRACHT" and t.afhechting is None


def test_vanaf_haar_geldigheid_is_de_afspraak_afgehecht_en_vervangen(
        werkvoorbeeld: Werkvoorbeeld) -> None:
    t = werkvoorbeeld.op("2025-01-02")
    assert t is not None and t.status == "AFGEHECHT"
    assert t.afhechting is not None
    assert t.afhechting is not None and t.afhechting.wijze == "VERVANGEN"
    assert t.afhechting.vervangen_door == str(werkvoorbeeld.y)


def test_een_afhechting_telt_niet_voor_wie_haar_nog_niet_kende(
        werkvoorbeeld: Werkvoorbeeld) -> None:
    t = werkvoorbeeld.op("2025-01-02", bekend_op="2024-12-01")
    assert t is not None and t.status == "VAN_KRACHT" and t.afhechting is None
    t = werkvoorbeeld.op("2025-01-02", ontvangen_op="2024-12-05T12:00:00+01:00")
    assert t is not None and t.status == "VAN_KRACHT" and t.afhechting is None


def test_voor_haar_geldigheid_bestaat_de_afspraak_niet(werkvoorbeeld: Werkvoorbeeld) -> None:
    assert werkvoorbeeld.op("2022-12-01") is None
    assert werkvoorbeeld.op("2022-12-09") is not None


def test_voor_haar_ontvangst_bestaat_de_afspraak_niet(werkvoorbeeld: Werkvoorbeeld) -> None:
    assert werkvoorbeeld.op("2023-03-01", ontvangen_op="2023-01-10T08:59:59+00:00") is None


def test_een_rectificatie_neemt_de_juridische_werking_over_van_wat_zij_corrigeert(
        werkvoorbeeld: Werkvoorbeeld) -> None:
    # De rectificatie heeft geen eigen werking: zij werkt mee vanaf 2022-12-09, als versie 1.
    assert deadline(werkvoorbeeld.op("2023-03-01", juridisch_werkend_op="2022-12-09")) == (
        "2023-06-30")


def test_een_rectificatie_is_zichtbaar_naar_haar_eigen_bekendmaking(
        werkvoorbeeld: Werkvoorbeeld) -> None:
    assert deadline(werkvoorbeeld.op("2023-03-01", bekend_op="2023-01-31")) == "2023-06-03"
    assert deadline(werkvoorbeeld.op("2023-03-01", bekend_op="2023-02-01")) == "2023-06-30"


def test_de_gerectificeerde_deadline_blijft_gelden_tot_de_volgende_beslissing(
        werkvoorbeeld: Werkvoorbeeld) -> None:
    assert deadline(werkvoorbeeld.op("2023-05-14")) == "2023-06-30"
    assert deadline(werkvoorbeeld.op("2023-05-15")) == "2023-10-01"
    assert deadline(werkvoorbeeld.op("2023-07-01", juridisch_werkend_op="2023-05-14")) == (
        "2023-06-30")


def test_de_afspraak_laat_de_opvolger_ongemoeid(werkvoorbeeld: Werkvoorbeeld,
                                                register: Register) -> None:
    feiten_y = [feit_van(e) for e in gebeurtenissen(register, werkvoorbeeld.y)]
    t = toestand_op(feiten_y, Peilmoment(geldig_op=date(2025, 1, 2)))
    assert t is not None and t.titel == "Opvolger" and t.status == "VAN_KRACHT"


# -- willekeurige geschiedenissen ----------------------------------------------------------

BEGIN = date(2023, 1, 1)
ONTVANGST_BEGIN = datetime(2023, 1, 1, tzinfo=UTC)
PARTIJ_A = velden.lid("urn:a")
A_ONDERTEKEND = velden.partij_veld("urn:a", velden.ONDERTEKEND_OP)
V1_OMSCHRIJVING = velden.verplichting_veld("v1", velden.OMSCHRIJVING)
V1_UITERLIJK = velden.verplichting_veld("v1", velden.UITERLIJK)
SLEUTELS = ("titel", "inhoud", "status", V1_OMSCHRIJVING, V1_UITERLIJK, PARTIJ_A, A_ONDERTEKEND)
VERPLICHT_BIJ_VASTLEGGEN = ("titel", "inhoud", "status")


def lid(rol: str) -> dict[str, Any]:
    return {"rol": rol, "binding": "BETROKKEN", "naam_in_bron": None, "namens": [],
            "aantal": None}


def vage(waarde: str, precisie: str, tekst: str | None = None) -> dict[str, Any]:
    return {"waarde": waarde, "precisie": precisie, "tekst": tekst}


WAARDEN: dict[str, st.SearchStrategy[Any]] = {
    "titel": st.sampled_from(["Titel A", "Titel B", "Titel C"]),
    "inhoud": st.sampled_from(["inhoud x", "inhoud y"]),
    "status": st.sampled_from(["IN_VOORBEREIDING", "VAN_KRACHT", "OPGESCHORT", "AFGEHECHT"]),
    V1_OMSCHRIJVING: st.sampled_from(["Voorstel indienen", "Plan maken", None]),
    V1_UITERLIJK: st.sampled_from([
        None, vage("2023-06-03", "DAG"), vage("2023-06-30", "DAG"),
        vage("2023", "JAAR", "eind 2023")]),
    PARTIJ_A: st.sampled_from([lid("trekker"), lid("volger"), None]),
    A_ONDERTEKEND: st.sampled_from(["2023-01-03", "2023-01-05"]),
}
SOORTEN_NA_DE_EERSTE = ("Gewijzigd", "VerplichtingGewijzigd", "Ondertekend", "Opgeschort",
                        "Hervat", "Afgehecht", "Gerectificeerd")

# Kleine bereiken, zodat gelijke datums en grensgevallen vaak voorkomen.
dagen = st.integers(0, 8).map(lambda n: BEGIN + timedelta(days=n))
peildagen = st.integers(-1, 10).map(lambda n: BEGIN + timedelta(days=n))
ontvangsten = st.integers(0, 60).map(lambda n: ONTVANGST_BEGIN + timedelta(hours=n))


@st.composite
def velden(draw: st.DrawFn, verplicht: Sequence[str] = ()) -> dict[str, Any]:
    sleutels = draw(st.sets(st.sampled_from(SLEUTELS), min_size=1)) | set(verplicht)
    return {k: draw(WAARDEN[k]) for k in sorted(sleutels)}


@st.composite
def besluit(draw: st.DrawFn, versie: int, soort: str, ontvangen_op: datetime) -> Feit:
    vanaf = draw(dagen)
    tot = draw(st.none() | st.integers(1, 4).map(lambda n: vanaf + timedelta(days=n)))
    return Feit(versie=versie, soort=soort, geldig_vanaf=vanaf, geldig_tot=tot,
                juridisch_werkend_vanaf=draw(dagen), bekend_op=draw(dagen),
                ontvangen_op=ontvangen_op, rectificeert=None,
                velden=draw(velden(VERPLICHT_BIJ_VASTLEGGEN if soort == "Vastgelegd" else ())))


@st.composite
def geschiedenissen(draw: st.DrawFn, min_size: int = 1) -> list[Feit]:
    """Versies 1..n in ontvangstvolgorde; eerst Vastgelegd; rectificaties wijzen naar een
    eerdere beslissing en hebben, zoals feit_van ze geeft, geen eigen werking of geldigheid."""
    n = draw(st.integers(min_size, 8))
    feiten: list[Feit] = []
    ontvangen = ONTVANGST_BEGIN
    for versie in range(1, n + 1):
        ontvangen += timedelta(hours=draw(st.integers(1, 8)))
        # Rectificaties vaak, zodat er ook meerdere op dezelfde beslissing voorkomen.
        soort = "Vastgelegd" if versie == 1 else draw(st.sampled_from(
            (*SOORTEN_NA_DE_EERSTE, "Gerectificeerd", "Gerectificeerd")))
        if soort != "Gerectificeerd":
            feiten.append(draw(besluit(versie, soort, ontvangen)))
            continue
        doel = draw(st.sampled_from([f.versie for f in feiten if f.rectificeert is None]))
        feiten.append(Feit(versie=versie, soort=soort, geldig_vanaf=None, geldig_tot=None,
                           juridisch_werkend_vanaf=None, bekend_op=draw(dagen),
                           ontvangen_op=ontvangen, rectificeert=doel, velden=draw(velden())))
    return feiten


@st.composite
def peilmomenten(draw: st.DrawFn) -> Peilmoment:
    return Peilmoment(geldig_op=draw(peildagen),
                      juridisch_werkend_op=draw(st.none() | peildagen),
                      bekend_op=draw(st.none() | peildagen),
                      ontvangen_op=draw(st.none() | ontvangsten))


EIGENSCHAP = settings(max_examples=200, deadline=None)


# -- de referentie: ontwerp §4, zo letterlijk mogelijk ---------------------------------------


def referentie(feiten: Sequence[Feit], p: Peilmoment) -> dict[str, Any] | None:
    """Per veld: filter zichtbaar, pas rectificaties toe, filter dekkend, neem het maximum in
    beslisvolgorde (juridischWerkendVanaf, dan ontvangenOp). None als de afspraak niet bestaat."""
    per_versie = {f.versie: f for f in feiten}

    def werking(f: Feit) -> date | None:  # een rectificatie neemt de werking van haar doel over
        return f.juridisch_werkend_vanaf if f.rectificeert is None else werking(
            per_versie[f.rectificeert])

    def geldigheid(f: Feit) -> tuple[date | None, date | None]:
        return (f.geldig_vanaf, f.geldig_tot) if f.rectificeert is None else geldigheid(
            per_versie[f.rectificeert])

    def zichtbaar(f: Feit) -> bool:
        w = werking(f)
        return ((p.ontvangen_op is None or f.ontvangen_op <= p.ontvangen_op)
                and (p.bekend_op is None or f.bekend_op <= p.bekend_op)
                and (p.juridisch_werkend_op is None
                     or (w is not None and w <= p.juridisch_werkend_op)))

    def dekt(f: Feit) -> bool:
        vanaf, tot = geldigheid(f)
        return vanaf is not None and vanaf <= p.geldig_op and (tot is None or p.geldig_op < tot)

    zichtbare = [f for f in feiten if zichtbaar(f)]
    beslissingen = [f for f in zichtbare if f.rectificeert is None]
    if not any(f.soort == "Vastgelegd" and dekt(f) for f in beslissingen):
        return None

    def waarde_na_rectificatie(b: Feit, veld: str) -> tuple[bool, Any]:
        gezet, waarde = veld in b.velden, b.velden.get(veld)
        for r in sorted((r for r in zichtbare if r.rectificeert == b.versie),
                        key=lambda r: (r.ontvangen_op, r.versie)):
            if veld in r.velden:
                gezet, waarde = True, r.velden[veld]
        return gezet, waarde

    uitkomst: dict[str, Any] = {}
    for veld in SLEUTELS:
        kandidaten = []
        for b in beslissingen:
            gezet, waarde = waarde_na_rectificatie(b, veld)
            if gezet and dekt(b):
                kandidaten.append(((werking(b), b.ontvangen_op, b.versie), waarde))
        if kandidaten:
            uitkomst[veld] = max(kandidaten, key=lambda k: k[0])[1]
    return uitkomst


def waargenomen(t: Toestand) -> dict[str, Any]:
    """De sleutels van SLEUTELS zoals de Toestand ze laat zien."""
    v1 = [v for v in t.verplichtingen if v.id == "v1"]
    a = [q for q in t.partijen if q.overheid == "urn:a"]
    return {"titel": t.titel, "inhoud": t.inhoud, "status": t.status,
            "v1": (v1[0].omschrijving, v1[0].uiterlijk) if v1 else None,
            "a": (a[0].rol, a[0].ondertekend_op) if a else None}


def verwacht(w: Mapping[str, Any]) -> dict[str, Any]:
    oms, lid_a, getekend = (w.get(V1_OMSCHRIJVING), w.get(PARTIJ_A), w.get(A_ONDERTEKEND))
    u = w.get(V1_UITERLIJK)
    return {"titel": w["titel"], "inhoud": w["inhoud"], "status": w["status"],
            "v1": (oms, VageDatum(u["waarde"], u["precisie"], u["tekst"]) if u else None)
            if oms else None,
            "a": (lid_a["rol"], date.fromisoformat(getekend) if getekend else None)
            if lid_a else None}


def zonder_versie(t: Toestand | None) -> Toestand | None:
    """Velden, los van welke versies er bekend zijn."""
    return None if t is None else replace(t, versie=0, zichtbare_versies=())


def zonder(feiten: Sequence[Feit], weg: set[int]) -> list[Feit]:
    """De geschiedenis zonder deze versies en zonder de rectificaties daarvan."""
    return [f for f in feiten if f.versie not in weg and f.rectificeert not in weg]


# -- de wetten ----------------------------------------------------------------------------------


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(), peilmomenten())
def test_het_orakel_geeft_per_veld_wat_de_referentie_geeft(
        feiten: list[Feit], peil: Peilmoment) -> None:
    ref = referentie(feiten, peil)
    t = toestand_op(feiten, peil)
    if ref is None:
        assert t is None
    else:
        assert t is not None
        assert waargenomen(t) == verwacht(ref)


def rectificatie_van(doel: Feit, versie: int, ontvangen_op: datetime, bekend_op: date,
                     velden_: Mapping[str, Any]) -> Feit:
    return Feit(versie=versie, soort="Gerectificeerd", geldig_vanaf=None, geldig_tot=None,
                juridisch_werkend_vanaf=None, bekend_op=bekend_op, ontvangen_op=ontvangen_op,
                rectificeert=doel.versie, velden=velden_)


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(), peilmomenten(), st.data())
def test_een_rectificatie_verandert_niets_voor_een_ontvangenop_van_voor_haar_ontvangst(
        feiten: list[Feit], peil: Peilmoment, data: st.DataObject) -> None:
    rectificaties = [f for f in feiten if f.rectificeert is not None]
    if not rectificaties or data.draw(st.booleans()):
        doel = data.draw(st.sampled_from([f for f in feiten if f.rectificeert is None]))
        feiten = [*feiten, rectificatie_van(
            doel, len(feiten) + 1, feiten[-1].ontvangen_op + timedelta(hours=1),
            data.draw(dagen), data.draw(velden()))]
        rectificaties = [feiten[-1]]
    r = data.draw(st.sampled_from(rectificaties))
    peil = replace(peil, ontvangen_op=r.ontvangen_op - timedelta(
        minutes=data.draw(st.integers(1, 600))))
    assert toestand_op(feiten, peil) == toestand_op(zonder(feiten, {r.versie}), peil)


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(), peilmomenten(), st.data())
def test_een_beslissing_die_na_juridischwerkendop_werkt_doet_er_niet_toe(
        feiten: list[Feit], peil: Peilmoment, data: st.DataObject) -> None:
    grens = data.draw(dagen)
    peil = replace(peil, juridisch_werkend_op=grens)
    later = [f.versie for f in feiten if f.rectificeert is None
             and f.juridisch_werkend_vanaf is not None and f.juridisch_werkend_vanaf > grens]
    assume(later)
    weg = data.draw(st.sets(st.sampled_from(later), min_size=1))
    assert toestand_op(feiten, peil) == toestand_op(zonder(feiten, weg), peil)


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(), peilmomenten(), st.data())
def test_een_gebeurtenis_die_na_bekendop_bekend_werd_doet_er_niet_toe(
        feiten: list[Feit], peil: Peilmoment, data: st.DataObject) -> None:
    grens = data.draw(dagen)
    peil = replace(peil, bekend_op=grens)
    later = [f.versie for f in feiten if f.bekend_op > grens]
    assume(later)
    weg = data.draw(st.sets(st.sampled_from(later), min_size=1))
    assert toestand_op(feiten, peil) == toestand_op(zonder(feiten, weg), peil)


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(min_size=2), peilmomenten(), st.data())
def test_een_gebeurtenis_die_na_ontvangenop_binnenkwam_doet_er_niet_toe(
        feiten: list[Feit], peil: Peilmoment, data: st.DataObject) -> None:
    i = data.draw(st.integers(-1, len(feiten) - 2))
    grens = (ONTVANGST_BEGIN if i < 0 else feiten[i].ontvangen_op) + timedelta(
        minutes=data.draw(st.sampled_from([0, 30])))
    peil = replace(peil, ontvangen_op=grens)
    later = [f.versie for f in feiten if f.ontvangen_op > grens]
    weg = data.draw(st.sets(st.sampled_from(later), min_size=1))
    assert toestand_op(feiten, peil) == toestand_op(zonder(feiten, weg), peil)


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(), peilmomenten(), st.data())
def test_een_gebeurtenis_die_geldigop_niet_dekt_verandert_niets(
        feiten: list[Feit], peil: Peilmoment, data: st.DataObject) -> None:
    dag = peil.geldig_op
    if data.draw(st.booleans()):  # begint na geldigOp
        vanaf = dag + timedelta(days=data.draw(st.integers(1, 5)))
        tot = data.draw(st.none() | st.integers(1, 3).map(lambda n: vanaf + timedelta(days=n)))
    else:  # eindigt op of voor geldigOp
        vanaf = dag - timedelta(days=data.draw(st.integers(1, 6)))
        tot = vanaf + timedelta(days=data.draw(st.integers(1, (dag - vanaf).days)))
    assert tot is None or vanaf < tot
    extra = Feit(
        versie=len(feiten) + 1, soort=data.draw(st.sampled_from(("Vastgelegd", "Gewijzigd",
                                                                  "Afgehecht", "Opgeschort"))),
        geldig_vanaf=vanaf, geldig_tot=tot, juridisch_werkend_vanaf=data.draw(dagen),
        bekend_op=data.draw(dagen), ontvangen_op=feiten[-1].ontvangen_op + timedelta(hours=1),
        rectificeert=None, velden=data.draw(velden(VERPLICHT_BIJ_VASTLEGGEN)))
    assert zonder_versie(toestand_op([*feiten, extra], peil)) == zonder_versie(
        toestand_op(feiten, peil))


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(), peilmomenten())
def test_zonder_zichtbare_vastlegging_die_geldigop_dekt_bestaat_de_afspraak_niet(
        feiten: list[Feit], peil: Peilmoment) -> None:
    def zichtbaar(f: Feit) -> bool:
        return ((peil.ontvangen_op is None or f.ontvangen_op <= peil.ontvangen_op)
                and (peil.bekend_op is None or f.bekend_op <= peil.bekend_op)
                and (peil.juridisch_werkend_op is None or (
                    f.juridisch_werkend_vanaf is not None
                    and f.juridisch_werkend_vanaf <= peil.juridisch_werkend_op)))

    dekkend = any(
        f.soort == "Vastgelegd" and zichtbaar(f) and f.geldig_vanaf is not None
        and f.geldig_vanaf <= peil.geldig_op
        and (f.geldig_tot is None or peil.geldig_op < f.geldig_tot) for f in feiten)
    assert (toestand_op(feiten, peil) is not None) == dekkend


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(), peilmomenten(), st.data())
def test_de_volgorde_van_de_invoer_doet_er_niet_toe(
        feiten: list[Feit], peil: Peilmoment, data: st.DataObject) -> None:
    geschud = data.draw(st.permutations(feiten))
    assert toestand_op(geschud, peil) == toestand_op(feiten, peil)


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(), peilmomenten())
def test_zonder_grens_weet_het_orakel_alles_wat_het_register_nu_weet(
        feiten: list[Feit], peil: Peilmoment) -> None:
    ruim = replace(peil, juridisch_werkend_op=date(9999, 12, 31), bekend_op=date(9999, 12, 31),
                   ontvangen_op=datetime(9999, 12, 31, tzinfo=UTC))
    onbegrensd = Peilmoment(geldig_op=peil.geldig_op)
    assert toestand_op(feiten, onbegrensd) == toestand_op(feiten, ruim)


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(), peilmomenten(), st.data())
def test_een_latere_beslissing_die_geldigop_dekt_wint_voor_de_velden_die_zij_zet(
        feiten: list[Feit], peil: Peilmoment, data: st.DataObject) -> None:
    laatste_werking = max(f.juridisch_werkend_vanaf for f in feiten
                          if f.juridisch_werkend_vanaf is not None)
    titel = data.draw(st.sampled_from(["Titel A", "Titel B", "Titel C", "Titel D"]))
    nieuw = Feit(versie=len(feiten) + 1, soort="Gewijzigd", geldig_vanaf=peil.geldig_op,
                 geldig_tot=None, juridisch_werkend_vanaf=laatste_werking,
                 bekend_op=BEGIN, ontvangen_op=feiten[-1].ontvangen_op + timedelta(hours=1),
                 rectificeert=None, velden={"titel": titel})
    onbegrensd = replace(peil, ontvangen_op=None, bekend_op=None,
                         juridisch_werkend_op=max(laatste_werking,
                                                  peil.juridisch_werkend_op or laatste_werking))
    assume(toestand_op(feiten, onbegrensd) is not None)
    t = toestand_op([*feiten, nieuw], onbegrensd)
    assert t is not None and t.titel == titel


@pytest.mark.slow
@EIGENSCHAP
@given(geschiedenissen(), peilmomenten(), st.data())
def test_een_rectificatie_werkt_en_geldt_als_wat_zij_corrigeert(
        feiten: list[Feit], peil: Peilmoment, data: st.DataObject) -> None:
    """Een rectificatie die direct met haar doel ontvangen en bekend werd, is niet te
    onderscheiden van dat doel met de gecorrigeerde waarden."""
    beslissingen = [f for f in feiten if f.rectificeert is None]
    doel = data.draw(st.sampled_from(beslissingen))
    correctie = data.draw(velden())
    gecorrigeerd = [replace(f, velden={**f.velden, **correctie}) if f is doel else f
                    for f in feiten]
    rectificatie = Feit(versie=len(feiten) + 1, soort="Gerectificeerd", geldig_vanaf=None,
                        geldig_tot=None, juridisch_werkend_vanaf=None, bekend_op=doel.bekend_op,
                        ontvangen_op=doel.ontvangen_op, rectificeert=doel.versie,
                        velden=correctie)
    later_gecorrigeerd = [f for f in feiten if f.rectificeert == doel.versie]
    assume(not later_gecorrigeerd)
    assert zonder_versie(toestand_op([*feiten, rectificatie], peil)) == zonder_versie(
        toestand_op(gecorrigeerd, peil))

