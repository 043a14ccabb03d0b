"""Het aggregaat Afspraak via Register op de geheugenopslag: gegeven gebeurtenissen, dan een
commando, dan nieuwe gebeurtenissen of een getypeerde fout waarbij niets is opgeslagen."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import Recording

from register.applicatie.register import Register
from register.domein import velden
from register.domein.actor import Actor
from register.domein.afspraak import Afspraak, aard_van, feit_van
from register.domein.fouten import (
    AfspraakIsAfgehecht, Fouten, NietGevonden, NietToegestaan, Ongeldig, RegisterFout, VersieConflict,
)
from register.domein.invoer import (
    BedragInvoer, BronInvoer, HoeveelheidInvoer, PartijInvoer, RelatieInvoer, TijdInvoer,
    Verantwoording,
    VerplichtingInvoer,
)
from register.domein.tijdreizen import Peilmoment, toestand_op
from register.domein.waarden import VageDatum, laatste_dag
from tests.conftest import StapKlok
from tests.hulp import BEHEER, GM_UTRECHT, IPO, M_BZK, P_GELDERLAND, P_UTRECHT
from tests.unit.conftest import (
    BEHEERDER, BZK, GELDERLAND, aantal_opgeslagen, gebeurtenissen, leg_vast,
    verantwoording, voer_uit,
)

ONBEKENDE_OVERHEID = "https://identifier.overheid.nl/tooi/id/gemeente/gm9999"
BUITENSTAANDER = Actor(IPO)

# Per gebeurtenis het commando dat haar oplevert, met geldige argumenten voor
# `afspraak_met_drie_partijen` (BZK, Gelderland, Utrecht; verplichting v1 bij Gelderland).
COMMANDOS: dict[str, tuple[str, dict[str, Any]]] = {
    "Gewijzigd": ("wijzigen", dict(titel="Ruimtelijk arrangement NOVEX Gelderland 2.0")),
    "Gerectificeerd": ("rectificeren", dict(rectificeert=1, titel="Gecorrigeerde titel")),
    "PartijToegetreden": ("partij_toetreden", dict(partij=PartijInvoer(GM_UTRECHT, "betrokken"))),
    "PartijUitgetreden": ("partij_uittreden", dict(overheid=P_UTRECHT, actor=Actor(P_UTRECHT))),
    "Ondertekend": ("ondertekenen", dict(overheid=P_GELDERLAND, ondertekend_op=date(2023, 1, 20),
                                         actor=Actor(P_GELDERLAND))),
    "StandpuntIngenomen": ("standpunt_innemen", dict(overheid=P_GELDERLAND,
                                                     standpunt="INGESTEMD",
                                                     actor=Actor(P_GELDERLAND))),
    "VerplichtingVastgelegd": ("verplichting_vastleggen", dict(verplichting=VerplichtingInvoer(
        "Programma opstellen", P_UTRECHT, "2024"))),
    "VerplichtingGewijzigd": ("verplichting_wijzigen", dict(verplichting="v1",
                                                            uiterlijk="2023-10-01")),
    "VerplichtingNagekomen": ("verplichting_nakomen", dict(verplichting="v1")),
    "VerplichtingVervallen": ("verplichting_vervallen", dict(verplichting="v1")),
    "VerplichtingOnbeslistVerklaard": ("verplichting_onbeslist", dict(verplichting="v1")),
    "TegenstrijdigheidVastgesteld": ("tegenstrijdigheid", dict(
        betreft="termijn van v1", gebeurtenissen=[1], verplichting="v1",
        met=verantwoording("2023-02-01", "2023-02-02", toelichting="juni of oktober?"))),
    "VoortgangGerapporteerd": ("voortgang_rapporteren", dict(verslag="Ligt op schema")),
    "InWerkingGetreden": ("status_wijzigen", dict(soort=Afspraak.InWerkingGetreden)),
    "Opgeschort": ("status_wijzigen", dict(soort=Afspraak.Opgeschort)),
    "Hervat": ("status_wijzigen", dict(soort=Afspraak.Hervat)),
    "Stopgezet": ("status_wijzigen", dict(soort=Afspraak.Stopgezet)),
    "Afgehecht": ("afhechten", dict(wijze="NAGEKOMEN", uitkomsten=[("v1", "VOORTGEZET")])),
}
ALLE_WIJZIGINGEN = sorted(COMMANDOS)
# Na afhechting nog mogelijk: rectificeren, en vaststellen dat bronnen elkaar tegenspreken.
BESLUITEN = [s for s in ALLE_WIJZIGINGEN if s not in ("Gerectificeerd",
                                                      "TegenstrijdigheidVastgesteld")]


def voer_commando_uit(register: Register, soort: str, afspraak_id: UUID, **extra: Any) -> None:
    methode, argumenten = COMMANDOS[soort]
    voer_uit(register, methode, afspraak_id, **{**argumenten, **extra})


@contextmanager
def geweigerd(register: Register, fout: type[RegisterFout]) -> Iterator[list[RegisterFout]]:
    """Verwacht precies deze fout, en dat er niets is opgeslagen."""
    voor = aantal_opgeslagen(register)
    gevangen: list[RegisterFout] = []
    with pytest.raises(fout) as info:
        yield gevangen
    assert type(info.value) is fout
    gevangen.append(info.value)
    assert aantal_opgeslagen(register) == voor


@contextmanager
def ongeldig_in(register: Register, *velden: str) -> Iterator[None]:
    """Verwacht Ongeldig met ten minste deze veldpaden, en dat er niets is opgeslagen."""
    with geweigerd(register, Ongeldig) as fout:
        yield
    genoemd = [v.veld for v in fout[0].velden]  # type: ignore[attr-defined]
    for veld in velden:
        assert veld in genoemd, f"{veld} niet in {genoemd}"


def laatste(register: Register, afspraak_id: UUID) -> Afspraak.Event:
    return gebeurtenissen(register, afspraak_id)[-1]


# -- vastleggen: de regels ------------------------------------------------------------------


def test_een_afspraak_met_een_partij_wordt_geweigerd(register: Register) -> None:
    with ongeldig_in(register, "partijen"):
        leg_vast(register, partijen=[PartijInvoer(M_BZK, "opdrachtgever")])


def test_een_afspraak_met_tweemaal_dezelfde_partij_wordt_geweigerd(register: Register) -> None:
    with ongeldig_in(register, "partijen"):
        leg_vast(register, partijen=[PartijInvoer(M_BZK, "opdrachtgever"),
                                     PartijInvoer(P_GELDERLAND, "uitvoerder"),
                                     PartijInvoer(P_GELDERLAND, "uitvoerder")])


def test_tweemaal_dezelfde_partij_telt_niet_als_twee_partijen(register: Register) -> None:
    with ongeldig_in(register, "partijen"):
        leg_vast(register, partijen=[PartijInvoer(M_BZK, "opdrachtgever"),
                                     PartijInvoer(M_BZK, "uitvoerder")])


def test_een_onbekende_overheid_als_partij_wordt_geweigerd(register: Register) -> None:
    with ongeldig_in(register, "partijen[1].overheid"):
        leg_vast(register, partijen=[PartijInvoer(M_BZK, "opdrachtgever"),
                                     PartijInvoer(ONBEKENDE_OVERHEID, "uitvoerder")])


def test_een_onbekende_overheid_in_namens_wordt_geweigerd(register: Register) -> None:
    with ongeldig_in(register, "partijen[1].namens"):
        leg_vast(register, partijen=[
            PartijInvoer(M_BZK, "opdrachtgever"),
            PartijInvoer(IPO, "namens de provincies", namens=(P_GELDERLAND, ONBEKENDE_OVERHEID))])


def test_een_verplichting_van_een_onbekende_overheid_wordt_geweigerd(register: Register) -> None:
    with ongeldig_in(register, "verplichtingen[0].partij"):
        leg_vast(register, verplichtingen=[VerplichtingInvoer("Iets doen", ONBEKENDE_OVERHEID)])


def test_een_relatie_naar_een_onbekende_afspraak_wordt_geweigerd(register: Register) -> None:
    with ongeldig_in(register, "relaties[0].naar"):
        leg_vast(register, relaties=[RelatieInvoer("UITWERKING_VAN", str(uuid4()))])


def test_een_relatie_naar_zichzelf_wordt_geweigerd(register: Register) -> None:
    eigen = uuid4()
    with ongeldig_in(register, "relaties[0].naar"):
        leg_vast(register, id=eigen, relaties=[RelatieInvoer("HANGT_SAMEN_MET", str(eigen))])


def test_een_relatie_naar_een_bestaande_afspraak_wordt_bewaard(
        register: Register, andere_afspraak: UUID) -> None:
    x = leg_vast(register, relaties=[RelatieInvoer("uitwerking_van", str(andere_afspraak))])
    e = gebeurtenissen(register, x)[0]
    assert isinstance(e, Afspraak.Vastgelegd)
    assert [(r.soort, r.naar) for r in e.relaties] == [("UITWERKING_VAN", str(andere_afspraak))]


@pytest.mark.parametrize("tot", ["2022-12-09", "2022-12-01"])
def test_geldig_tot_moet_na_geldig_vanaf_liggen(register: Register, tot: str) -> None:
    with ongeldig_in(register, "geldigTot"):
        leg_vast(register, verantwoording=verantwoording(
            "2022-12-09", toelichting=None, geldig_tot=date.fromisoformat(tot)))


def test_geldig_tot_wordt_ook_getoetst_aan_een_opgegeven_geldig_vanaf(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    with ongeldig_in(register, "geldigTot"):
        voer_uit(register, "wijzigen", afspraak_met_twee_partijen, titel="Nieuw",
                 met=verantwoording("2023-02-01", geldig_vanaf=date(2024, 1, 1),
                                    geldig_tot=date(2023, 12, 31)))


def test_een_afspraak_zonder_bron_wordt_geweigerd(register: Register) -> None:
    with ongeldig_in(register, "bronnen"):
        leg_vast(register, verantwoording=Verantwoording(bronnen=()))


@pytest.mark.parametrize("uiterlijk", ["2023-13", "2023-02-30", "medio", "2023-7", "23-07-01"])
def test_een_onmogelijke_vage_datum_wordt_geweigerd(register: Register, uiterlijk: str) -> None:
    with ongeldig_in(register, "verplichtingen[0].uiterlijk"):
        leg_vast(register, verplichtingen=[
            VerplichtingInvoer("Voorstel indienen", P_GELDERLAND, uiterlijk)])


@pytest.mark.parametrize(("waarde", "precisie"), [
    ("2023", "JAAR"), ("2023-07", "MAAND"), ("2023-07-01", "DAG")])
def test_een_vage_datum_bewaart_haar_precisie_en_letterlijke_tekst(
        register: Register, waarde: str, precisie: str) -> None:
    x = leg_vast(register, verplichtingen=[
        VerplichtingInvoer("Voorstel indienen", P_GELDERLAND, waarde, "medio 2023")])
    e = gebeurtenissen(register, x)[0]
    assert isinstance(e, Afspraak.Vastgelegd)
    assert e.verplichtingen[0].uiterlijk == VageDatum(waarde, precisie, "medio 2023")


def test_een_deadline_met_alleen_tekst_is_onbekend_en_niet_verzonnen(register: Register) -> None:
    x = leg_vast(register, verplichtingen=[
        VerplichtingInvoer("Voorstel indienen", P_GELDERLAND, None, "medio 2023")])
    e = gebeurtenissen(register, x)[0]
    assert isinstance(e, Afspraak.Vastgelegd)
    assert e.verplichtingen[0].uiterlijk == VageDatum("", "ONBEKEND", "medio 2023")


@pytest.mark.parametrize("bedrag", ["abc", "1.234", "NaN", "1e20", "Infinity", "1,5", ""])
def test_een_onjuist_bedrag_wordt_geweigerd(register: Register, bedrag: str) -> None:
    with ongeldig_in(register, "bedragen[0].bedrag"):
        leg_vast(register, bedragen=[BedragInvoer("Rijksbijdrage", bedrag)])


def test_een_bedrag_in_wetenschappelijke_notatie_wordt_geweigerd(register: Register) -> None:
    # Een eurobedrag is een exact decimaal getal in cijfers (ontwerp §3 en §5).
    with ongeldig_in(register, "bedragen[0].bedrag"):
        leg_vast(register, bedragen=[BedragInvoer("Rijksbijdrage", "1.5e6")])


def test_een_bedrag_wordt_exact_in_centen_bewaard(register: Register) -> None:
    x = leg_vast(register, bedragen=[BedragInvoer("Transitiefonds", "24300000000.5")])
    e = gebeurtenissen(register, x)[0]
    assert isinstance(e, Afspraak.Vastgelegd)
    assert e.bedragen[0].bedrag == Decimal("24300000000.50")
    assert isinstance(e.bedragen[0].bedrag, Decimal)


@pytest.mark.parametrize(("anders", "veld"), [
    (dict(partijen=[PartijInvoer(M_BZK, "opdrachtgever", "HOOFDROL"),
                    PartijInvoer(P_GELDERLAND, "uitvoerder")]), "partijen[0].binding"),
    (dict(verplichtingen=[VerplichtingInvoer("Iets", P_GELDERLAND, binding="MISSCHIEN")]),
     "verplichtingen[0].binding"),
    (dict(bedragen=[BedragInvoer("Bijdrage", "10", "ONGEVEER")]), "bedragen[0].soort"),
    (dict(relaties=[RelatieInvoer("LIJKT_OP", str(uuid4()))]), "relaties[0].soort"),
], ids=["partijbinding", "verplichtingbinding", "bedragsoort", "relatiesoort"])
def test_een_onbekende_keuzewaarde_bij_vastleggen_wordt_geweigerd(
        register: Register, anders: dict[str, Any], veld: str) -> None:
    with ongeldig_in(register, veld):
        leg_vast(register, **anders)


@pytest.mark.parametrize(("soort", "anders", "veld"), [
    ("StandpuntIngenomen", dict(standpunt="MISSCHIEN"), "standpunt"),
    ("Afgehecht", dict(wijze="VERDAMPT"), "wijze"),
    ("Afgehecht", dict(uitkomsten=[("v1", "VERGETEN")]), "verplichtingen[0].uitkomst"),
    ("VerplichtingGewijzigd", dict(binding="MISSCHIEN"), "binding"),
    ("VerplichtingGewijzigd", dict(uiterlijk="medio"), "uiterlijk"),
    ("VerplichtingVastgelegd", dict(verplichting=VerplichtingInvoer(
        "Iets", P_GELDERLAND, "2023-02-30")), "verplichting.uiterlijk"),
    ("Gewijzigd", dict(relaties=[RelatieInvoer("LIJKT_OP", str(uuid4()))]),
     "relaties[0].soort"),
    ("Gewijzigd", dict(bedragen=[BedragInvoer("Bijdrage", "NaN")]), "bedragen[0].bedrag"),
], ids=["standpunt", "wijze", "uitkomst", "binding", "uiterlijk", "nieuwe-verplichting",
        "relatiesoort", "bedrag"])
def test_een_onbekende_of_onjuiste_waarde_in_een_wijziging_wordt_geweigerd(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str,
        anders: dict[str, Any], veld: str) -> None:
    with ongeldig_in(register, veld):
        voer_commando_uit(register, soort, afspraak_met_drie_partijen, **anders)


def test_keuzewaarden_worden_hoofdletterongevoelig_gelezen_en_in_hoofdletters_bewaard(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    voer_commando_uit(register, "StandpuntIngenomen", afspraak_met_drie_partijen,
                      standpunt="niet_ingestemd")
    e = laatste(register, afspraak_met_drie_partijen)
    assert isinstance(e, Afspraak.StandpuntIngenomen) and e.standpunt == "NIET_INGESTEMD"


# -- toegang -------------------------------------------------------------------------------


def test_wie_geen_partij_is_mag_een_afspraak_niet_vastleggen(register: Register) -> None:
    with geweigerd(register, NietToegestaan):
        leg_vast(register, actor=Actor(P_UTRECHT))


def test_een_beheerder_mag_een_afspraak_van_anderen_vastleggen(register: Register) -> None:
    x = leg_vast(register, actor=BEHEERDER)
    assert gebeurtenissen(register, x)[0].meta.actor == BEHEER


@pytest.mark.parametrize("soort", ALLE_WIJZIGINGEN)
def test_wie_geen_partij_is_mag_een_afspraak_niet_wijzigen(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str) -> None:
    with geweigerd(register, NietToegestaan):
        voer_commando_uit(register, soort, afspraak_met_drie_partijen, actor=BUITENSTAANDER)


@pytest.mark.parametrize("soort", ALLE_WIJZIGINGEN)
def test_een_beheerder_mag_elke_afspraak_wijzigen(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str) -> None:
    voer_commando_uit(register, soort, afspraak_met_drie_partijen, actor=BEHEERDER)
    e = laatste(register, afspraak_met_drie_partijen)
    assert type(e).__name__ == soort and e.meta.actor == BEHEER


def test_een_vertrouwelijke_afspraak_bestaat_niet_voor_wie_geen_partij_is(
        register: Register, vertrouwelijke_afspraak: UUID) -> None:
    for lezer in (BUITENSTAANDER, None):
        with pytest.raises(NietGevonden):
            register.afspraak(vertrouwelijke_afspraak, lezer)
    with geweigerd(register, NietGevonden):
        voer_uit(register, "wijzigen", vertrouwelijke_afspraak, versie=1,
                 actor=BUITENSTAANDER, titel="Gelekt")


def test_een_vertrouwelijke_afspraak_is_zichtbaar_voor_partijen_en_beheerders(
        register: Register, vertrouwelijke_afspraak: UUID) -> None:
    for lezer in (BZK, GELDERLAND, BEHEERDER):
        assert register.afspraak(vertrouwelijke_afspraak, lezer).id == vertrouwelijke_afspraak


def test_een_gewone_afspraak_is_voor_iedereen_leesbaar(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    assert register.afspraak(afspraak_met_twee_partijen, None).version == 1


@pytest.mark.parametrize("afspraak_id", [pytest.param(str(uuid4()), id="onbekende-uuid"),
                                         "geen-uuid"])
def test_een_wijziging_van_een_onbekende_afspraak_is_niet_gevonden(
        register: Register, afspraak_met_twee_partijen: UUID, afspraak_id: str) -> None:
    with geweigerd(register, NietGevonden):
        voer_uit(register, "wijzigen", afspraak_id, versie=1, titel="Nieuw")


# -- optimistische gelijktijdigheid -------------------------------------------------------


@pytest.mark.parametrize("soort", ALLE_WIJZIGINGEN)
def test_een_verkeerde_verwachte_versie_is_een_versieconflict(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str) -> None:
    with geweigerd(register, VersieConflict) as fout:
        voer_commando_uit(register, soort, afspraak_met_drie_partijen, versie=7)
    assert fout[0].verwachte_versie == 7  # type: ignore[attr-defined]
    assert fout[0].huidige_versie == 1  # type: ignore[attr-defined]


def test_wie_op_een_verouderde_versie_wijzigt_krijgt_de_huidige_versie_terug(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    voer_uit(register, "wijzigen", afspraak_met_twee_partijen, versie=1, titel="Eerste")
    with geweigerd(register, VersieConflict) as fout:
        voer_uit(register, "wijzigen", afspraak_met_twee_partijen, versie=1, titel="Tweede")
    assert fout[0].verwachte_versie == 1  # type: ignore[attr-defined]
    assert fout[0].huidige_versie == 2  # type: ignore[attr-defined]


def test_een_bestaand_id_opnieuw_vastleggen_is_een_versieconflict(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    with geweigerd(register, VersieConflict):
        leg_vast(register, id=afspraak_met_twee_partijen)


# -- verantwoording bij elke wijziging ---------------------------------------------------


@pytest.mark.parametrize("toelichting", [None, "", "   "])
@pytest.mark.parametrize("soort", [s for s in ALLE_WIJZIGINGEN if s != "VoortgangGerapporteerd"])
def test_elke_wijziging_na_de_eerste_vraagt_een_toelichting(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str,
        toelichting: str | None) -> None:
    with ongeldig_in(register, "toelichting"):
        voer_commando_uit(register, soort, afspraak_met_drie_partijen,
                          met=verantwoording("2023-02-01", toelichting=toelichting))


@pytest.mark.parametrize("toelichting", [None, "", "   "])
def test_een_voortgangsrapportage_heeft_haar_verslag_en_geen_toelichting_nodig(
        register: Register, afspraak_met_drie_partijen: UUID, toelichting: str | None) -> None:
    voer_commando_uit(register, "VoortgangGerapporteerd", afspraak_met_drie_partijen,
                      met=verantwoording("2023-02-01", toelichting=toelichting))
    assert register.afspraak(afspraak_met_drie_partijen, BEHEERDER).version == 2


@pytest.mark.parametrize("soort", ALLE_WIJZIGINGEN)
def test_elke_wijziging_noemt_ten_minste_een_bron(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str) -> None:
    with ongeldig_in(register, "bronnen"):
        voer_commando_uit(register, soort, afspraak_met_drie_partijen,
                          met=Verantwoording(bronnen=(), toelichting="Zonder bron"))


def test_de_eerste_gebeurtenis_mag_zonder_toelichting(register: Register) -> None:
    x = leg_vast(register)
    assert gebeurtenissen(register, x)[0].meta.toelichting is None


# -- afhechten -------------------------------------------------------------------------------


@pytest.mark.parametrize("soort", BESLUITEN)
def test_na_afhechting_wordt_elk_besluit_geweigerd(
        register: Register, afgehechte_afspraak: UUID, soort: str) -> None:
    with geweigerd(register, AfspraakIsAfgehecht):
        voer_commando_uit(register, soort, afgehechte_afspraak)


def test_na_afhechting_kan_nog_een_tegenstrijdigheid_worden_vastgesteld(
        register: Register, afgehechte_afspraak: UUID) -> None:
    voer_commando_uit(register, "TegenstrijdigheidVastgesteld", afgehechte_afspraak)
    assert isinstance(laatste(register, afgehechte_afspraak), Afspraak.TegenstrijdigheidVastgesteld)


def test_na_afhechting_kan_nog_worden_gerectificeerd(
        register: Register, afgehechte_afspraak: UUID) -> None:
    voer_uit(register, "rectificeren", afgehechte_afspraak, rectificeert=2,
             titel="Gecorrigeerde titel")
    e = laatste(register, afgehechte_afspraak)
    assert isinstance(e, Afspraak.Gerectificeerd)
    assert (e.originator_version, e.rectificeert, e.titel) == (3, 2, "Gecorrigeerde titel")


def test_vervangen_door_moet_een_bestaande_afspraak_zijn(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "vervangenDoor"):
        voer_commando_uit(register, "Afgehecht", afspraak_met_drie_partijen, wijze="VERVANGEN",
                          vervangen_door=str(uuid4()))


def test_een_afspraak_kan_zichzelf_niet_vervangen(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "vervangenDoor"):
        voer_commando_uit(register, "Afgehecht", afspraak_met_drie_partijen, wijze="VERVANGEN",
                          vervangen_door=str(afspraak_met_drie_partijen))


def test_afhechten_als_vervangen_noemt_de_opvolger(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "vervangenDoor"):
        voer_commando_uit(register, "Afgehecht", afspraak_met_drie_partijen, wijze="VERVANGEN")


def test_afhechten_als_vervangen_door_een_andere_afspraak_wordt_bewaard(
        register: Register, afspraak_met_drie_partijen: UUID, andere_afspraak: UUID) -> None:
    voer_commando_uit(register, "Afgehecht", afspraak_met_drie_partijen, wijze="vervangen",
                      vervangen_door=str(andere_afspraak), uitkomsten=[("v1", "VERVANGEN")])
    e = laatste(register, afspraak_met_drie_partijen)
    assert isinstance(e, Afspraak.Afgehecht)
    assert (e.wijze, e.vervangen_door) == ("VERVANGEN", str(andere_afspraak))
    assert [(u.verplichting, u.uitkomst) for u in e.uitkomsten] == [("v1", "VERVANGEN")]


def test_afhechten_met_een_uitkomst_voor_een_onbekende_verplichting_wordt_geweigerd(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "verplichtingen[0].verplichting"):
        voer_commando_uit(register, "Afgehecht", afspraak_met_drie_partijen,
                          uitkomsten=[("v9", "BEEINDIGD")])


# -- rectificeren ---------------------------------------------------------------------------


@pytest.mark.parametrize("versie", [0, 2, 99, -1])
def test_een_rectificatie_van_een_onbestaande_versie_wordt_geweigerd(
        register: Register, afspraak_met_twee_partijen: UUID, versie: int) -> None:
    with ongeldig_in(register, "rectificeert"):
        voer_uit(register, "rectificeren", afspraak_met_twee_partijen, rectificeert=versie,
                 titel="Gecorrigeerd")


def test_een_rectificatie_van_een_rectificatie_wordt_geweigerd(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    voer_uit(register, "rectificeren", afspraak_met_twee_partijen, rectificeert=1,
             titel="Eerste correctie")
    with ongeldig_in(register, "rectificeert"):
        voer_uit(register, "rectificeren", afspraak_met_twee_partijen, rectificeert=2,
                 titel="Correctie van de correctie")


def test_een_rectificatie_die_niets_corrigeert_wordt_geweigerd(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    with ongeldig_in(register, "input"):
        voer_uit(register, "rectificeren", afspraak_met_twee_partijen, rectificeert=1)


def test_een_rectificatie_van_een_onbekende_verplichting_wordt_geweigerd(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    with geweigerd(register, Ongeldig) as fout:
        voer_uit(register, "rectificeren", afspraak_met_twee_partijen, rectificeert=1,
                 verplichtingen=[VerplichtingInvoer("Voorstel indienen", P_GELDERLAND,
                                                    "2023-06-30", id="v9")])
    assert any(v.veld.startswith("verplichtingen[0]")
               for v in fout[0].velden)  # type: ignore[attr-defined]


def test_een_rectificatie_koppelt_een_gecorrigeerde_verplichting_aan_de_oorspronkelijke(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    voer_uit(register, "rectificeren", afspraak_met_twee_partijen, rectificeert=1,
             verplichtingen=[VerplichtingInvoer("Ruimtelijk voorstel indienen", P_GELDERLAND,
                                                "2023-06-30")])
    e = laatste(register, afspraak_met_twee_partijen)
    assert isinstance(e, Afspraak.Gerectificeerd)
    assert [(v.id, v.uiterlijk) for v in e.verplichtingen or ()] == [
        ("v1", VageDatum("2023-06-30", "DAG"))]
    assert list(e.vervallen_verplichtingen) == []


def test_een_rectificatie_koppelt_eerst_op_omschrijving_en_dan_pas_op_volgorde(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    voer_uit(register, "rectificeren", afspraak_met_twee_partijen, rectificeert=1,
             verplichtingen=[
                 VerplichtingInvoer("Programma opstellen", M_BZK, "2024"),
                 VerplichtingInvoer("Ruimtelijk voorstel indienen", P_GELDERLAND, "2023-06-30")])
    e = laatste(register, afspraak_met_twee_partijen)
    assert isinstance(e, Afspraak.Gerectificeerd)
    per_id = {v.id: v.omschrijving for v in e.verplichtingen or ()}
    assert per_id["v1"] == "Ruimtelijk voorstel indienen"
    assert len(per_id) == 2


def test_een_nieuwe_verplichting_na_een_rectificatie_krijgt_een_ongebruikt_nummer(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    voer_uit(register, "rectificeren", afspraak_met_twee_partijen, rectificeert=1,
             verplichtingen=[
                 VerplichtingInvoer("Ruimtelijk voorstel indienen", P_GELDERLAND, "2023-06-30"),
                 VerplichtingInvoer("Programma opstellen", M_BZK, "2024")])
    voer_uit(register, "verplichting_vastleggen", afspraak_met_twee_partijen,
             verplichting=VerplichtingInvoer("Evalueren", M_BZK, "2025"))
    rectificatie, nieuw = gebeurtenissen(register, afspraak_met_twee_partijen)[1:]
    assert isinstance(rectificatie, Afspraak.Gerectificeerd)
    assert isinstance(nieuw, Afspraak.VerplichtingVastgelegd)
    bestaand = {v.id for v in rectificatie.verplichtingen or ()}
    assert nieuw.verplichting.id not in bestaand, (nieuw.verplichting.id, bestaand)


def test_een_rectificatie_van_de_partijen_laat_een_later_toegetreden_partij_staan(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    x = afspraak_met_twee_partijen
    voer_uit(register, "partij_toetreden", x, partij=PartijInvoer(P_UTRECHT, "uitvoerder"))
    voer_uit(register, "rectificeren", x, rectificeert=1, partijen=[
        PartijInvoer(M_BZK, "opdrachtgever", "ONDERTEKENAAR", "Minister van BZK"),
        PartijInvoer(P_GELDERLAND, "uitvoerder", "ONDERTEKENAAR")])
    assert set(register.afspraak(x, BEHEERDER).leden) == {M_BZK, P_GELDERLAND, P_UTRECHT}
    voer_uit(register, "wijzigen", x, actor=Actor(P_UTRECHT), titel="Utrecht wijzigt")
    assert laatste(register, x).meta.actor == P_UTRECHT


def test_een_toetreding_kan_worden_gerectificeerd_zonder_de_andere_partijen_te_raken(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    x = afspraak_met_twee_partijen
    voer_uit(register, "partij_toetreden", x, partij=PartijInvoer(P_UTRECHT, "uitvoerder"))
    voer_uit(register, "rectificeren", x, rectificeert=2, partijen=[
        PartijInvoer(P_UTRECHT, "uitvoerder", naam_in_bron="Gedeputeerde Staten van Utrecht")])
    assert set(register.afspraak(x, BEHEERDER).leden) == {M_BZK, P_GELDERLAND, P_UTRECHT}
    t = toestand_op([feit_van(e) for e in gebeurtenissen(register, x)],
                    Peilmoment(geldig_op=date(2023, 3, 1)))
    assert t is not None
    assert {p.overheid: p.naam_in_bron for p in t.partijen} == {
        M_BZK: "Minister voor VRO", P_GELDERLAND: None,
        P_UTRECHT: "Gedeputeerde Staten van Utrecht"}


# -- partijen ------------------------------------------------------------------------------


def test_uittreden_tot_onder_twee_partijen_wordt_geweigerd(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    with ongeldig_in(register, "overheid"):
        voer_uit(register, "partij_uittreden", afspraak_met_twee_partijen,
                 overheid=P_GELDERLAND, actor=GELDERLAND)


def test_wie_geen_partij_is_kan_niet_uittreden(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "overheid"):
        voer_uit(register, "partij_uittreden", afspraak_met_drie_partijen, overheid=GM_UTRECHT,
                 actor=BEHEERDER)


def test_een_partij_kan_niet_nogmaals_toetreden(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    with ongeldig_in(register, "partij.overheid"):
        voer_uit(register, "partij_toetreden", afspraak_met_twee_partijen,
                 partij=PartijInvoer(P_GELDERLAND, "uitvoerder"))


def test_een_onbekende_overheid_kan_niet_toetreden(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    with ongeldig_in(register, "partij.overheid"):
        voer_uit(register, "partij_toetreden", afspraak_met_twee_partijen,
                 partij=PartijInvoer(ONBEKENDE_OVERHEID, "uitvoerder"))


def test_na_uittreden_mag_de_oud_partij_niet_meer_wijzigen(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    voer_uit(register, "partij_uittreden", afspraak_met_drie_partijen, overheid=P_UTRECHT,
             actor=Actor(P_UTRECHT))
    with geweigerd(register, NietToegestaan):
        voer_uit(register, "wijzigen", afspraak_met_drie_partijen, actor=Actor(P_UTRECHT),
                 titel="Toch nog")


def test_een_nieuwe_partij_mag_na_toetreden_wijzigen(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    voer_uit(register, "partij_toetreden", afspraak_met_twee_partijen,
             partij=PartijInvoer(P_UTRECHT, "uitvoerder"))
    voer_uit(register, "wijzigen", afspraak_met_twee_partijen, actor=Actor(P_UTRECHT),
             titel="Met Utrecht erbij")
    assert laatste(register, afspraak_met_twee_partijen).meta.actor == P_UTRECHT


@pytest.mark.parametrize("soort", ["Ondertekend", "StandpuntIngenomen"])
def test_alleen_een_partij_kan_ondertekenen_of_een_standpunt_innemen(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str) -> None:
    with ongeldig_in(register, "overheid"):
        voer_commando_uit(register, soort, afspraak_met_drie_partijen, overheid=GM_UTRECHT,
                          actor=BEHEERDER)


def test_een_voorwaardelijk_standpunt_noemt_de_voorwaarden(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "voorwaarden"):
        voer_commando_uit(register, "StandpuntIngenomen", afspraak_met_drie_partijen,
                          standpunt="VOORWAARDELIJK")


def test_een_voorwaardelijk_standpunt_met_voorwaarden_wordt_bewaard(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    voer_commando_uit(register, "StandpuntIngenomen", afspraak_met_drie_partijen,
                      standpunt="VOORWAARDELIJK", voorwaarden="Als het Rijk meebetaalt")
    e = laatste(register, afspraak_met_drie_partijen)
    assert isinstance(e, Afspraak.StandpuntIngenomen)
    assert (e.overheid, e.standpunt, e.voorwaarden) == (
        P_GELDERLAND, "VOORWAARDELIJK", "Als het Rijk meebetaalt")


def test_wijzigen_van_partijen_tot_een_enkele_wordt_geweigerd(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    with ongeldig_in(register, "partijen"):
        voer_uit(register, "wijzigen", afspraak_met_twee_partijen, actor=BEHEERDER,
                 partijen=[PartijInvoer(M_BZK, "opdrachtgever")])


def test_een_relatie_naar_zichzelf_in_een_wijziging_wordt_geweigerd(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    with ongeldig_in(register, "relaties[0].naar"):
        voer_uit(register, "wijzigen", afspraak_met_twee_partijen, relaties=[
            RelatieInvoer("HANGT_SAMEN_MET", str(afspraak_met_twee_partijen))])


def test_een_wijziging_die_niets_verandert_wordt_geweigerd(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    with ongeldig_in(register, "input"):
        voer_uit(register, "wijzigen", afspraak_met_twee_partijen)


# -- verplichtingen ----------------------------------------------------------------------------


def test_verplichtingen_worden_genummerd_v1_v2_en_verder(register: Register) -> None:
    x = leg_vast(register, verplichtingen=[
        VerplichtingInvoer("Voorstel indienen", P_GELDERLAND, "2023-06-03"),
        VerplichtingInvoer("Beoordelen", M_BZK, "2023-09")])
    e = gebeurtenissen(register, x)[0]
    assert isinstance(e, Afspraak.Vastgelegd)
    assert [v.id for v in e.verplichtingen] == ["v1", "v2"]
    voer_uit(register, "verplichting_vastleggen", x,
             verplichting=VerplichtingInvoer("Evalueren", M_BZK, "2025"))
    e3 = laatste(register, x)
    assert isinstance(e3, Afspraak.VerplichtingVastgelegd) and e3.verplichting.id == "v3"


def test_een_nieuwe_verplichting_krijgt_het_volgende_nummer(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    voer_uit(register, "verplichting_vastleggen", afspraak_met_twee_partijen,
             verplichting=VerplichtingInvoer("Evalueren", M_BZK))
    voer_uit(register, "verplichting_vastleggen", afspraak_met_twee_partijen,
             verplichting=VerplichtingInvoer("Nogmaals evalueren", M_BZK))
    ids = [e.verplichting.id for e in gebeurtenissen(register, afspraak_met_twee_partijen)
           if isinstance(e, Afspraak.VerplichtingVastgelegd)]
    assert ids == ["v2", "v3"]


@pytest.mark.parametrize("soort", ["VerplichtingGewijzigd", "VerplichtingNagekomen",
                                   "VerplichtingVervallen", "VerplichtingOnbeslistVerklaard"])
def test_een_onbekende_verplichting_wordt_geweigerd(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str) -> None:
    with ongeldig_in(register, "verplichting"):
        voer_commando_uit(register, soort, afspraak_met_drie_partijen, verplichting="v9")


def test_een_verplichting_kan_niet_naar_een_onbekende_overheid_verhuizen(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "partij"):
        voer_commando_uit(register, "VerplichtingGewijzigd", afspraak_met_drie_partijen,
                          partij=ONBEKENDE_OVERHEID)


def test_een_nieuwe_verplichting_van_een_onbekende_overheid_wordt_geweigerd(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with ongeldig_in(register, "verplichting.partij"):
        voer_commando_uit(register, "VerplichtingVastgelegd", afspraak_met_drie_partijen,
                          verplichting=VerplichtingInvoer("Iets", ONBEKENDE_OVERHEID))


# -- de gebeurtenissen zelf: soort, actor, tijdassen, ontvangstmoment ------------------------


def test_vastleggen_bewaart_de_afspraak_zoals_opgegeven(register: Register) -> None:
    x = leg_vast(register, gebieden=["Veluwe"], in_voorbereiding=True, partijen=[
        PartijInvoer(M_BZK, "opdrachtgever", "ondertekenaar", "Minister voor VRO"),
        PartijInvoer(IPO, "namens de provincies", namens=(P_GELDERLAND, P_UTRECHT))])
    [e] = gebeurtenissen(register, x)
    assert isinstance(e, Afspraak.Vastgelegd)
    assert (e.originator_id, e.originator_version) == (x, 1)
    assert (e.titel, e.soort, e.programma) == (
        "Ruimtelijk arrangement NOVEX Gelderland", "ruimtelijk arrangement", "NOVEX")
    assert list(e.gebieden) == ["Veluwe"] and e.in_voorbereiding and not e.vertrouwelijk
    assert [(p.overheid, p.binding, p.naam_in_bron, tuple(p.namens)) for p in e.partijen] == [
        (M_BZK, "ONDERTEKENAAR", "Minister voor VRO", ()),
        (IPO, "BETROKKEN", None, (P_GELDERLAND, P_UTRECHT))]
    assert feit_van(e).velden["status"] == "IN_VOORBEREIDING"


def test_vastleggen_neemt_de_actor_uit_de_inloggegevens(register: Register) -> None:
    x = leg_vast(register, actor=GELDERLAND)
    assert gebeurtenissen(register, x)[0].meta.actor == P_GELDERLAND


def test_vastleggen_vult_de_tijdassen_aan_uit_de_eerste_bron(register: Register) -> None:
    x = leg_vast(register, verantwoording=verantwoording("2022-12-09", "2022-11-01",
                                                         toelichting=None))
    m = gebeurtenissen(register, x)[0].meta
    assert m.juridisch_werkend_vanaf == date(2022, 12, 9)
    assert m.geldig_vanaf == date(2022, 12, 9)
    assert m.bekend_op == date(2022, 12, 9)
    assert m.geldig_tot is None
    assert [b.datum for b in m.bronnen] == [date(2022, 12, 9), date(2022, 11, 1)]


def test_geldig_vanaf_volgt_de_opgegeven_juridische_werking(register: Register) -> None:
    x = leg_vast(register, verantwoording=verantwoording(
        "2022-12-09", toelichting=None, juridisch_werkend_vanaf=date(2022, 12, 1)))
    m = gebeurtenissen(register, x)[0].meta
    assert (m.juridisch_werkend_vanaf, m.geldig_vanaf, m.bekend_op) == (
        date(2022, 12, 1), date(2022, 12, 1), date(2022, 12, 9))


def test_opgegeven_tijdassen_worden_bewaard_zoals_opgegeven(register: Register) -> None:
    x = leg_vast(register, verantwoording=verantwoording(
        "2022-12-09", toelichting=None, geldig_vanaf=date(2022, 1, 1),
        geldig_tot=date(2026, 1, 1), juridisch_werkend_vanaf=date(2022, 12, 5),
        bekend_op=date(2022, 12, 20)))
    m = gebeurtenissen(register, x)[0].meta
    assert (m.geldig_vanaf, m.geldig_tot, m.juridisch_werkend_vanaf, m.bekend_op) == (
        date(2022, 1, 1), date(2026, 1, 1), date(2022, 12, 5), date(2022, 12, 20))


def test_vastleggen_krijgt_het_ontvangstmoment_van_de_klok(
        register: Register, klok: StapKlok) -> None:
    klok.zet("2023-01-10T09:00:00+00:00")
    begin = klok.nu
    x = leg_vast(register)
    e = gebeurtenissen(register, x)[0]
    assert begin < e.timestamp <= klok.nu
    assert e.timestamp.utcoffset() == timedelta(0)
    assert feit_van(e).ontvangen_op == e.timestamp


@pytest.mark.parametrize("soort", ALLE_WIJZIGINGEN)
def test_elk_commando_slaat_zijn_gebeurtenis_op_met_de_actor_uit_de_inloggegevens(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str) -> None:
    # Een partij treedt zelf uit: Gelderland, niet Utrecht.
    zelf = {"overheid": P_GELDERLAND} if soort == "PartijUitgetreden" else {}
    # een tegenstrijdigheid noemt de bron van elke kant; hier twee plaatsen in één brief
    datums = ("2023-02-01",) * (2 if soort == "TegenstrijdigheidVastgesteld" else 1)
    voer_commando_uit(register, soort, afspraak_met_drie_partijen, actor=GELDERLAND,
                      met=verantwoording(*datums, toelichting="Volgens het verslag"), **zelf)
    alle = gebeurtenissen(register, afspraak_met_drie_partijen)
    assert [type(e).__name__ for e in alle] == ["Vastgelegd", soort]
    e = alle[-1]
    assert e.originator_version == 2
    assert e.meta.actor == P_GELDERLAND
    assert gebeurtenissen(register, afspraak_met_drie_partijen)[0].meta.actor == M_BZK
    assert e.meta.toelichting == "Volgens het verslag"
    assert {b.titel for b in e.meta.bronnen} == {"Brief startpakket NOVEX"}


VERWACHTE_TIJDASSEN: dict[str, tuple[date | None, date | None]] = {
    # soort: (juridischWerkendVanaf, geldigVanaf) bij bronnen van 2023-02-01 en 2023-01-05
    **{s: (date(2023, 2, 1), date(2023, 2, 1)) for s in ALLE_WIJZIGINGEN},
    "Ondertekend": (date(2023, 1, 20), date(2023, 1, 20)),
    "Gerectificeerd": (None, None),
}


@pytest.mark.parametrize("soort", ALLE_WIJZIGINGEN)
def test_elk_commando_vult_de_tijdassen_aan_volgens_het_ontwerp(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str) -> None:
    voer_commando_uit(register, soort, afspraak_met_drie_partijen,
                      met=verantwoording("2023-02-01", "2023-01-05"))
    m = laatste(register, afspraak_met_drie_partijen).meta
    assert (m.juridisch_werkend_vanaf, m.geldig_vanaf) == VERWACHTE_TIJDASSEN[soort]
    assert m.geldig_tot is None
    assert m.bekend_op == date(2023, 2, 1)


@pytest.mark.parametrize("soort", ALLE_WIJZIGINGEN)
def test_elke_gebeurtenis_krijgt_haar_ontvangstmoment_van_de_ingespoten_klok(
        register: Register, afspraak_met_drie_partijen: UUID, klok: StapKlok,
        soort: str) -> None:
    klok.zet("2023-05-20T09:00:00+00:00")
    begin = klok.nu
    voer_commando_uit(register, soort, afspraak_met_drie_partijen)
    e = laatste(register, afspraak_met_drie_partijen)
    assert begin < e.timestamp <= klok.nu
    assert feit_van(e).ontvangen_op == e.timestamp


def test_een_rectificatie_heeft_geen_eigen_geldigheid_of_werking(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    voer_uit(register, "rectificeren", afspraak_met_twee_partijen, rectificeert=1,
             titel="Gecorrigeerd", met=verantwoording("2023-02-01", bekend_op=date(2023, 2, 3)))
    f = feit_van(laatste(register, afspraak_met_twee_partijen))
    assert (f.soort, f.rectificeert) == ("Gerectificeerd", 1)
    assert (f.geldig_vanaf, f.geldig_tot, f.juridisch_werkend_vanaf) == (None, None, None)
    assert f.bekend_op == date(2023, 2, 3)
    assert f.velden == {"titel": "Gecorrigeerd"}


def test_ondertekenen_bewaart_de_datum_en_werkt_vanaf_die_datum(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    voer_commando_uit(register, "Ondertekend", afspraak_met_drie_partijen,
                      met=verantwoording("2023-02-01", juridisch_werkend_vanaf=date(2023, 1, 25)))
    e = laatste(register, afspraak_met_drie_partijen)
    assert isinstance(e, Afspraak.Ondertekend)
    assert (e.overheid, e.ondertekend_op) == (P_GELDERLAND, date(2023, 1, 20))
    assert e.meta.juridisch_werkend_vanaf == date(2023, 1, 25)  # opgegeven gaat voor


@pytest.mark.parametrize(("soort", "velden"), [
    ("Gewijzigd", {"titel": "Ruimtelijk arrangement NOVEX Gelderland 2.0"}),
    ("PartijUitgetreden", {velden.lid(P_UTRECHT): None}),
    ("Ondertekend", {velden.partij_veld(P_GELDERLAND, velden.ONDERTEKEND_OP): "2023-01-20"}),
    ("StandpuntIngenomen", {velden.partij_veld(P_GELDERLAND, velden.STANDPUNT):
                            {"standpunt": "INGESTEMD", "voorwaarden": None}}),
    ("VerplichtingGewijzigd", {velden.verplichting_veld("v1", velden.UITERLIJK):
                               {"waarde": "2023-10-01", "precisie": "DAG", "tekst": None}}),
    ("VerplichtingNagekomen", {velden.verplichting_veld("v1", velden.STATUS): "NAGEKOMEN"}),
    ("VerplichtingVervallen", {velden.verplichting_veld("v1", velden.STATUS): "VERVALLEN"}),
    ("VerplichtingOnbeslistVerklaard", {velden.verplichting_veld("v1", velden.STATUS):
                                        "ONBESLIST"}),
    ("VoortgangGerapporteerd", {}),
    ("InWerkingGetreden", {"status": "VAN_KRACHT"}),
    ("Opgeschort", {"status": "OPGESCHORT"}),
    ("Hervat", {"status": "VAN_KRACHT"}),
])
def test_elke_gebeurtenis_zet_precies_haar_velden_voor_het_orakel(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str,
        velden: dict[str, Any]) -> None:
    voer_commando_uit(register, soort, afspraak_met_drie_partijen)
    assert feit_van(laatste(register, afspraak_met_drie_partijen)).velden == velden


def test_toetreden_en_nieuwe_verplichting_zetten_hun_velden(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    voer_commando_uit(register, "PartijToegetreden", afspraak_met_drie_partijen)
    voer_commando_uit(register, "VerplichtingVastgelegd", afspraak_met_drie_partijen)
    toe, nieuw = (feit_van(e) for e in gebeurtenissen(register, afspraak_met_drie_partijen)[1:])
    assert toe.velden[f"partij#{GM_UTRECHT}"]["rol"] == "betrokken"
    assert nieuw.velden["verplichting#v2#omschrijving"] == "Programma opstellen"
    assert nieuw.velden["verplichting#v2#status"] == "OPEN"
    assert nieuw.velden["verplichting#v2#uiterlijk"]["precisie"] == "JAAR"


def test_afhechten_zet_status_en_uitkomsten(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    voer_commando_uit(register, "Afgehecht", afspraak_met_drie_partijen,
                      uitkomsten=[("v1", "OPEN")],
                      met=verantwoording("2023-02-01", geldig_vanaf=date(2025, 1, 1)))
    v = feit_van(laatste(register, afspraak_met_drie_partijen)).velden
    assert v["status"] == "AFGEHECHT"
    assert v["afhechting"]["wijze"] == "NAGEKOMEN"
    assert v["afhechting"]["geldig_vanaf"] == "2025-01-01"
    assert v["verplichting#v1#afhechting"] == "OPEN"
    assert v["verplichting#v1#status"] == "ONBESLIST"


# -- opslag in een echt SQLite-bestand --------------------------------------------------------


class OpnemendRegister(Register):
    """Houdt de gebeurtenissen bij zoals ze het domein verlieten, vóór elke transcodering."""

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        self.opgenomen: list[Afspraak.Event] = getattr(self, "opgenomen", [])
        self.opgenomen.extend(r.domain_event for r in recordings)  # type: ignore[misc]


def sqlite(pad: Path, klok: StapKlok, soort: type[Register] = Register) -> Register:
    return soort({"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(pad)},
                 klok=klok)


def volledige_geschiedenis(register: Register, klok: StapKlok) -> tuple[UUID, UUID]:
    """Elke gebeurtenissoort, met data, decimalen, tupels en vage datums erin."""
    klok.zet("2023-01-10T09:00:00+00:00")
    y = leg_vast(register, titel="Opvolger")
    x = leg_vast(
        register, gebieden=["Veluwe", "Achterhoek"], in_voorbereiding=True,
        partijen=[PartijInvoer(M_BZK, "opdrachtgever", "ONDERTEKENAAR", "Minister voor VRO"),
                  PartijInvoer(IPO, "koepel", namens=(P_GELDERLAND, P_UTRECHT)),
                  PartijInvoer(P_GELDERLAND, "uitvoerder", "STEUNVERKLARING")],
        verplichtingen=[VerplichtingInvoer(
            "80.000 ha natuur", P_GELDERLAND, "2023-07", "medio 2023", "WETTELIJK",
            (HoeveelheidInvoer("oppervlakte", "80000", "ha"),))],
        bedragen=[BedragInvoer("Transitiefonds", "24300000000.55", "MAXIMUM", "2023-2035")],
        relaties=[RelatieInvoer("UITWERKING_VAN", str(y))],
        verantwoording=verantwoording("2022-12-09", "2022-11-30", toelichting=None,
                                      geldig_vanaf=date(2022, 1, 1)))
    stappen: list[tuple[str, dict[str, Any]]] = [
        ("status_wijzigen", dict(soort=Afspraak.InWerkingGetreden)),
        ("wijzigen", dict(inhoud="Nieuwe inhoud", bedragen=[BedragInvoer("Bijdrage", "0.10")],
                          partijen=[PartijInvoer(M_BZK, "opdrachtgever"),
                                    PartijInvoer(P_GELDERLAND, "uitvoerder")],
                          met=verantwoording("2023-03-01", geldig_tot=date(2030, 1, 1)))),
        ("rectificeren", dict(rectificeert=1, verplichtingen=[VerplichtingInvoer(
            "80.000 ha natuur", P_GELDERLAND, "2023-06-30")])),
        ("partij_toetreden", dict(partij=PartijInvoer(P_UTRECHT, "uitvoerder", aantal=1))),
        ("partij_uittreden", dict(overheid=P_UTRECHT)),
        ("ondertekenen", dict(overheid=P_GELDERLAND, ondertekend_op=date(2023, 1, 20))),
        ("standpunt_innemen", dict(overheid=P_GELDERLAND, standpunt="VOORWAARDELIJK",
                                   voorwaarden="Mits gefinancierd")),
        ("verplichting_vastleggen", dict(verplichting=VerplichtingInvoer("Evalueren", M_BZK))),
        ("verplichting_wijzigen", dict(verplichting="v1", uiterlijk="2023",
                                       uiterlijk_tekst="eind 2023")),
        ("verplichting_nakomen", dict(verplichting="v2")),
        ("verplichting_vervallen", dict(verplichting="v1")),
        ("verplichting_vastleggen", dict(verplichting=VerplichtingInvoer("Monitoren", M_BZK))),
        ("verplichting_onbeslist", dict(verplichting="v3")),
        ("tegenstrijdigheid", dict(betreft="omvang", gebeurtenissen=[1, 2],
                                   met=verantwoording("2023-02-01", "2023-02-02",
                                                      toelichting="€ 25 of € 24,3 miljard"))),
        ("voortgang_rapporteren", dict(verslag="Op schema", aard="voortgang")),
        ("status_wijzigen", dict(soort=Afspraak.Opgeschort)),
        ("status_wijzigen", dict(soort=Afspraak.Hervat)),
        ("status_wijzigen", dict(soort=Afspraak.Stopgezet)),
        ("afhechten", dict(wijze="VERVANGEN", vervangen_door=str(y),
                           uitkomsten=[("v1", "VERVANGEN"), ("v2", "VOORTGEZET")])),
        ("rectificeren", dict(rectificeert=3, titel="Na afhechting gecorrigeerd")),
    ]
    for methode, argumenten in stappen:  # als beheerder: die legt ook vast wat anderen doen
        voer_uit(register, methode, x, actor=BEHEERDER, **argumenten)
    return x, y


def test_de_volledige_geschiedenis_bevat_elke_gebeurtenissoort(
        register: Register, klok: StapKlok) -> None:
    x, _ = volledige_geschiedenis(register, klok)
    soorten = {type(e).__name__ for e in gebeurtenissen(register, x)}
    assert soorten == {"Vastgelegd", *ALLE_WIJZIGINGEN}


def test_feiten_overleven_een_rondreis_door_een_sqlite_bestand(
        tmp_path: Path, klok: StapKlok) -> None:
    schrijver = sqlite(tmp_path / "r.db", klok, OpnemendRegister)
    x, y = volledige_geschiedenis(schrijver, klok)
    origineel = [e for e in schrijver.opgenomen if e.originator_id == x]  # type: ignore[attr-defined]
    lezer = sqlite(tmp_path / "r.db", klok)
    gelezen = gebeurtenissen(lezer, x)
    assert len(gelezen) == len(origineel) == 21
    assert [feit_van(e) for e in gelezen] == [feit_van(e) for e in origineel]
    assert [e.meta for e in gelezen] == [e.meta for e in origineel]
    assert [type(e) for e in gelezen] == [type(e) for e in origineel]
    assert [e.timestamp for e in gelezen] == [e.timestamp for e in origineel]
    assert [feit_van(e) for e in gebeurtenissen(lezer, y)] == [
        feit_van(e) for e in schrijver.opgenomen  # type: ignore[attr-defined]
        if e.originator_id == y]


def test_waarden_houden_hun_type_na_een_rondreis_door_een_sqlite_bestand(
        tmp_path: Path, klok: StapKlok) -> None:
    x, _ = volledige_geschiedenis(sqlite(tmp_path / "r.db", klok), klok)
    e = gebeurtenissen(sqlite(tmp_path / "r.db", klok), x)[0]
    assert isinstance(e, Afspraak.Vastgelegd)
    bedrag = e.bedragen[0].bedrag
    assert type(bedrag) is Decimal and bedrag == Decimal("24300000000.55")
    assert type(e.meta.bekend_op) is date and type(e.meta.geldig_vanaf) is date
    assert type(e.meta.bronnen) is tuple and type(e.meta.bronnen[0].datum) is date
    assert type(e.partijen[1].namens) is tuple
    assert e.verplichtingen[0].uiterlijk == VageDatum("2023-07", "MAAND", "medio 2023")
    assert type(e.verplichtingen[0].hoeveelheden) is tuple
    assert isinstance(e.timestamp, datetime) and e.timestamp.tzinfo is not None
    assert e.timestamp.astimezone(UTC) == datetime(2023, 1, 10, 9, 0, 0, 2000, tzinfo=UTC)


def test_een_gebeurtenis_komt_ongeschonden_terug_uit_een_sqlite_bestand(
        tmp_path: Path, klok: StapKlok) -> None:
    schrijver = sqlite(tmp_path / "r.db", klok, OpnemendRegister)
    x, _ = volledige_geschiedenis(schrijver, klok)
    origineel = [e for e in schrijver.opgenomen if e.originator_id == x]  # type: ignore[attr-defined]
    gelezen = gebeurtenissen(sqlite(tmp_path / "r.db", klok), x)
    for o, g in zip(origineel, gelezen, strict=True):
        assert g == o, type(o).__name__


def test_een_afspraak_uit_een_sqlite_bestand_handhaaft_de_regels(
        tmp_path: Path, klok: StapKlok) -> None:
    x, _ = volledige_geschiedenis(sqlite(tmp_path / "r.db", klok), klok)
    lezer = sqlite(tmp_path / "r.db", klok)
    a = lezer.afspraak(x, BZK)
    assert a.version == 21 and a.afgehecht
    assert set(a.leden) == {M_BZK, P_GELDERLAND}
    with geweigerd(lezer, AfspraakIsAfgehecht):
        voer_uit(lezer, "wijzigen", x, titel="Te laat")



def test_een_afspraak_uit_de_aggregaatcache_deelt_geen_veranderlijke_toestand(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    """De repository geeft elk commando een kopie uit de cache (Afspraak.__deepcopy__ kopieert
    één laag): een commando op de ene kopie mag een eerder opgehaalde niet veranderen."""
    eerder = register.repository.get(afspraak_met_drie_partijen)
    kopie = copy.deepcopy(eerder)
    assert vars(kopie) == vars(eerder)
    for naam, waarde in vars(eerder).items():
        if isinstance(waarde, dict | set | list):
            assert getattr(kopie, naam) is not waarde, naam
    voer_uit(register, "partij_uittreden", afspraak_met_drie_partijen, overheid=P_UTRECHT,
             actor=Actor(P_UTRECHT))
    later = register.repository.get(afspraak_met_drie_partijen)
    assert (eerder.version, later.version) == (1, 2)
    assert P_UTRECHT in eerder.leden and P_UTRECHT not in later.leden
    assert 2 not in eerder.soorten and later.soorten[2] == "PartijUitgetreden"
    assert vars(kopie) == vars(eerder)


@pytest.mark.parametrize(("waarde", "dag"), [
    ("2025", date(2025, 12, 31)), ("2024-02", date(2024, 2, 29)), ("2023-02", date(2023, 2, 28)),
    ("2023-06-03", date(2023, 6, 3)), ("9999-12", date(9999, 12, 31)),
    ("", None), ("2023-02-30", None), ("2023-13", None), ("eind 2025", None), ("20230603", None),
    ("2025\n", None), ("\u0662\u0660\u0662\u0665", None), (" 2025", None),
])
def test_de_laatste_dag_van_een_vage_datum(waarde: str, dag: date | None) -> None:
    """'uiterlijk 2025' is uiterlijk 31-12-2025: waarop het filter uiterlijkTot toetst."""
    assert laatste_dag(waarde) == dag


@pytest.mark.parametrize("waarde", ["2025\n", "\u0662\u0660\u0662\u0665", "２０２５", "2025-0\u0663"])
def test_een_vage_datum_bestaat_uit_ascii_cijfers_zonder_meer(waarde: str) -> None:
    """'2025\\n' werd als 2025 aanvaard en met de regelovergang opgeslagen; Arabisch-Indische
    en brede cijfers ook."""
    f = Fouten()
    assert VageDatum.lees(waarde, None, "uiterlijk", f) is None
    assert [v.veld for v in f.velden] == ["uiterlijk"]


# -- kennisdatum (ontwerp §4) -------------------------------------------------------------------


def _vaag(datum: str, precisie: str, bekend_op: date | None = None) -> Verantwoording:
    return Verantwoording(bronnen=(BronInvoer("IPO-overdrachtsdossier 2023", "dossier",
                                              date.fromisoformat(datum), datum_precisie=precisie),),
                          tijd=TijdInvoer(bekend_op=bekend_op))


@pytest.mark.parametrize(("datum", "precisie", "bekend"), [
    ("2023-01-01", "JAAR", date(2023, 12, 31)), ("2022-12-01", "MAAND", date(2022, 12, 31)),
    ("2024-02-01", "MAAND", date(2024, 2, 29)), ("2022-12-09", "DAG", date(2022, 12, 9))])
def test_zonder_bekendop_is_een_vage_bron_bekend_op_de_laatste_dag_van_haar_periode(
        register: Register, datum: str, precisie: str, bekend: date) -> None:
    x = leg_vast(register, verantwoording=_vaag(datum, precisie))
    assert laatste(register, x).meta.bekend_op == bekend


def test_een_nauwere_kennisdatum_binnen_de_periode_van_de_bron_mag(register: Register) -> None:
    x = leg_vast(register, verantwoording=_vaag("2023-01-01", "JAAR", date(2023, 3, 21)))
    assert laatste(register, x).meta.bekend_op == date(2023, 3, 21)


def test_bekendop_voor_de_bron_wordt_geweigerd(register: Register) -> None:
    with ongeldig_in(register, "bekendOp"):
        leg_vast(register, verantwoording=_vaag("2023-01-01", "JAAR", date(2022, 12, 31)))


# -- aard (ontwerp §8: Gebeurtenis.aard) --------------------------------------------------------


@pytest.mark.parametrize(("opgegeven", "aard"), [
    ("gepland", "GEPLAND"), ("open vraag", "OPEN_VRAAG"), ("geëvalueerd", "GEEVALUEERD"),
    ("  Uitgesteld ", "UITGESTELD"), (None, "VOORTGANG")])
def test_een_voortgangsrapport_draagt_zijn_aard_als_waarde_uit_de_lijst(
        register: Register, afspraak_met_twee_partijen: UUID, opgegeven: str | None,
        aard: str) -> None:
    voer_uit(register, "voortgang_rapporteren", afspraak_met_twee_partijen, verslag="Loopt",
             aard=opgegeven)
    assert aard_van(laatste(register, afspraak_met_twee_partijen)) == aard


@pytest.mark.parametrize("aard", ["monitor", "gestart", "OVERIG", "gepland!"])
def test_een_aard_buiten_de_lijst_wordt_geweigerd(
        register: Register, afspraak_met_twee_partijen: UUID, aard: str) -> None:
    with ongeldig_in(register, "aard"):
        voer_uit(register, "voortgang_rapporteren", afspraak_met_twee_partijen,
                 verslag="Loopt", aard=aard)


def test_een_opgeslagen_vrije_aard_van_voor_de_lijst_leest_als_overig(
        register: Register, afspraak_met_twee_partijen: UUID) -> None:
    voer_uit(register, "voortgang_rapporteren", afspraak_met_twee_partijen, verslag="Loopt")
    oud = dataclasses.replace(laatste(register, afspraak_met_twee_partijen), aard="gestart")
    assert aard_van(oud) == "OVERIG"


@pytest.mark.parametrize(("soort", "aard"), [
    ("Gewijzigd", "GEWIJZIGD"), ("Gerectificeerd", "GERECTIFICEERD"),
    ("Ondertekend", "ONDERTEKEND"), ("StandpuntIngenomen", "INGESTEMD"),
    ("VerplichtingGewijzigd", "VERPLICHTING_GEWIJZIGD"), ("Afgehecht", "AFGEHECHT")])
def test_de_andere_gebeurtenissen_hebben_hun_aard_vast(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str, aard: str) -> None:
    voer_commando_uit(register, soort, afspraak_met_drie_partijen)
    assert aard_van(laatste(register, afspraak_met_drie_partijen)) == aard


# -- wie wat mag voor een ander (issue Vertrouwen onder vuur, punt 5) ---------------------------


@pytest.mark.parametrize("soort", ["Ondertekend", "StandpuntIngenomen"])
def test_een_partij_legt_geen_ondertekening_of_standpunt_van_een_ander_vast(
        register: Register, afspraak_met_drie_partijen: UUID, soort: str) -> None:
    with geweigerd(register, NietToegestaan):  # BZK voor Gelderland
        voer_commando_uit(register, soort, afspraak_met_drie_partijen, actor=BZK)
    voer_commando_uit(register, soort, afspraak_met_drie_partijen, actor=GELDERLAND)
    voer_commando_uit(register, soort, afspraak_met_drie_partijen, actor=BEHEERDER)
    assert [e.meta.actor for e in gebeurtenissen(register, afspraak_met_drie_partijen)[1:]] == [
        P_GELDERLAND, BEHEERDER.overheid]


def test_wie_namens_een_ander_optreedt_mag_voor_die_ander_tekenen(register: Register) -> None:
    x = leg_vast(register, partijen=[
        PartijInvoer(M_BZK, "opdrachtgever"), PartijInvoer(IPO, "koepel", namens=(P_GELDERLAND,)),
        PartijInvoer(P_GELDERLAND, "uitvoerder"), PartijInvoer(P_UTRECHT, "uitvoerder")])
    voer_uit(register, "ondertekenen", x, actor=Actor(IPO), overheid=P_GELDERLAND,
             ondertekend_op=date(2023, 1, 20))
    with geweigerd(register, NietToegestaan):  # Utrecht staat niet in 'namens'
        voer_uit(register, "ondertekenen", x, actor=Actor(IPO), overheid=P_UTRECHT,
                 ondertekend_op=date(2023, 1, 20))


def test_een_partij_laat_geen_andere_partij_uittreden(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    with geweigerd(register, NietToegestaan):
        voer_uit(register, "partij_uittreden", afspraak_met_drie_partijen, overheid=P_UTRECHT,
                 actor=GELDERLAND)
    voer_uit(register, "partij_uittreden", afspraak_met_drie_partijen, overheid=P_UTRECHT,
             actor=BEHEERDER)
    assert P_UTRECHT not in register.afspraak(afspraak_met_drie_partijen).leden


def test_een_partij_haalt_geen_andere_partij_weg_met_een_nieuwe_partijenlijst(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    zonder_bzk = [PartijInvoer(P_GELDERLAND, "uitvoerder"), PartijInvoer(P_UTRECHT, "uitvoerder")]
    with geweigerd(register, NietToegestaan) as fout:  # de maker zou zijn toegang verliezen
        voer_uit(register, "wijzigen", afspraak_met_drie_partijen, actor=GELDERLAND,
                 partijen=zonder_bzk)
    assert M_BZK in str(fout[0])
    with geweigerd(register, NietToegestaan):
        voer_uit(register, "rectificeren", afspraak_met_drie_partijen, actor=GELDERLAND,
                 rectificeert=1, partijen=zonder_bzk)
    # Zichzelf weglaten mag, en een beheerder mag het voor een ander.
    voer_uit(register, "wijzigen", afspraak_met_drie_partijen, actor=Actor(P_UTRECHT),
             partijen=[PartijInvoer(M_BZK, "opdrachtgever"),
                       PartijInvoer(P_GELDERLAND, "uitvoerder")])
    voer_uit(register, "wijzigen", afspraak_met_drie_partijen, actor=BEHEERDER,
             partijen=[PartijInvoer(P_GELDERLAND, "uitvoerder"),
                       PartijInvoer(P_UTRECHT, "uitvoerder")])


# -- statussen die zeggen wat de bronnen zeggen ---------------------------------------------------


@pytest.mark.parametrize(("soort", "status"), [
    ("bouwsteen", "VOORGESTELD"), ("zienswijze", "VOORGESTELD"),
    ("position paper", "VOORGESTELD"), ("ruimtelijk arrangement", "VAN_KRACHT"),
    ("iets dat de woordenlijst niet kent", "VAN_KRACHT")])
def test_een_voorstel_is_nooit_van_kracht(register: Register, soort: str, status: str) -> None:
    x = leg_vast(register, soort=soort)
    assert feit_van(laatste(register, x)).velden["status"] == status


def test_stopzetten_is_niet_opschorten_en_niet_afhechten(
        register: Register, afspraak_met_drie_partijen: UUID) -> None:
    voer_commando_uit(register, "Stopgezet", afspraak_met_drie_partijen)
    e = laatste(register, afspraak_met_drie_partijen)
    assert isinstance(e, Afspraak.Stopgezet) and aard_van(e) == "STOPGEZET"
    assert feit_van(e).velden == {"status": "STOPGEZET"}
    # Wat open was, blijft open; een afhechting kan later nog.
    t = toestand_op([feit_van(g) for g in gebeurtenissen(register, afspraak_met_drie_partijen)],
                    Peilmoment(date(2023, 6, 1)))
    assert t is not None and t.status == "STOPGEZET"
    assert [v.status for v in t.verplichtingen] == ["OPEN"]
    voer_commando_uit(register, "Afgehecht", afspraak_met_drie_partijen)
