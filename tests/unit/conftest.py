"""Fixtures voor de unittests: een register in het geheugen met een ingespoten klok, en afspraken
in benoemde toestanden."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import pytest

from register.applicatie.register import Opgeslagen, Register
from register.domein.actor import Actor
from register.domein import commandos as c
from register.domein.afspraak import Afspraak, feit_van
from register.domein.commandos import Commando
from register.domein.invoer import (
    BedragInvoer, BronInvoer, PartijInvoer, TijdInvoer, Verantwoording, VerplichtingInvoer,
)
from register.domein.tijdreizen import Feit, Peilmoment, Toestand, toestand_op
from tests.conftest import StapKlok
from tests.hulp import BEHEER, M_BZK, P_GELDERLAND, P_UTRECHT

BZK = Actor(M_BZK)
GELDERLAND = Actor(P_GELDERLAND)
UTRECHT = Actor(P_UTRECHT)
BEHEERDER = Actor(BEHEER, beheerder=True)

# De commando's achter de namen die de tests gebruiken; de statuswijzigingen op gebeurtenis.
COMMANDO: dict[str, type[Commando]] = {
    "wijzigen": c.Wijzigen, "rectificeren": c.Rectificeren, "afhechten": c.Afhechten,
    "partij_toetreden": c.PartijLatenToetreden, "partij_uittreden": c.PartijLatenUittreden,
    "ondertekenen": c.Ondertekenen, "standpunt_innemen": c.StandpuntInnemen,
    "verplichting_vastleggen": c.VerplichtingVastleggen,
    "verplichting_wijzigen": c.VerplichtingWijzigen,
    "verplichting_nakomen": c.VerplichtingNakomen,
    "verplichting_vervallen": c.VerplichtingLatenVervallen,
    "verplichting_onbeslist": c.VerplichtingOnbeslistVerklaren,
    "tegenstrijdigheid": c.TegenstrijdigheidVastleggen,
    "begin_vaststellen": c.BeginVaststellen,
    "voortgang_rapporteren": c.VoortgangRapporteren,
}
STATUS: dict[type[Afspraak.Event], type[Commando]] = {
    Afspraak.InWerkingGetreden: c.InWerkingStellen, Afspraak.Opgeschort: c.Opschorten,
    Afspraak.Hervat: c.Hervatten, Afspraak.Stopgezet: c.Stopzetten,
}


def bron(datum: str, titel: str = "Brief startpakket NOVEX") -> BronInvoer:
    return BronInvoer(titel=titel, soort="brief", datum=date.fromisoformat(datum))


def verantwoording(*datums: str, toelichting: str | None = "Zo staat het in de brief",
                   **tijd: date | None) -> Verantwoording:
    """Bronnen met de gegeven datums (standaard één van 2023-02-01) en eventueel tijdassen."""
    return Verantwoording(bronnen=tuple(bron(d) for d in datums or ("2023-02-01",)),
                          toelichting=toelichting, tijd=TijdInvoer(**tijd))  # type: ignore[arg-type]


def vastlegging(**anders: Any) -> dict[str, Any]:
    """Een geldige vastlegging: NOVEX-arrangement tussen BZK en Gelderland."""
    invoer: dict[str, Any] = dict(
        titel="Ruimtelijk arrangement NOVEX Gelderland", soort="ruimtelijk arrangement",
        inhoud="Wederkerige afspraken over de ruimtelijke inrichting.", programma="NOVEX",
        partijen=[PartijInvoer(M_BZK, "opdrachtgever", "ONDERTEKENAAR", "Minister voor VRO"),
                  PartijInvoer(P_GELDERLAND, "uitvoerder", "ONDERTEKENAAR")],
        verplichtingen=[VerplichtingInvoer("Ruimtelijk voorstel indienen", P_GELDERLAND,
                                           "2023-06-03")],
        bedragen=[BedragInvoer("Rijksbijdrage", "1000000")],
        verantwoording=verantwoording("2022-12-09", toelichting=None))
    invoer.update(anders)
    return invoer


def leg_vast(register: Register, actor: Actor = BZK, **anders: Any) -> UUID:
    return register.vastleggen(actor, c.Vastleggen(**vastlegging(**anders))).afspraak_id


def voer_uit(register: Register, methode: str, afspraak_id: UUID | str, *,
             versie: int | None = None, actor: Actor = BZK,
             met: Verantwoording | None = None, **argumenten: Any) -> Opgeslagen:
    """Voert het commando achter `methode` uit via Register.voer_uit; zonder versie op de
    huidige, zonder verantwoording met een geldige met één bron van 2023-02-01."""
    if versie is None:
        versie = register.afspraak(afspraak_id, BEHEERDER).version
    klasse = STATUS[argumenten.pop("soort")] if methode == "status_wijzigen" else \
        COMMANDO[methode]
    return register.voer_uit(afspraak_id, versie, actor,
                             klasse(verantwoording=met or verantwoording(), **argumenten))


def gebeurtenissen(register: Register, afspraak_id: UUID) -> list[Afspraak.Event]:
    return list(register.repository.event_store.get(afspraak_id))  # type: ignore[arg-type]


def aantal_opgeslagen(register: Register) -> int:
    """Hoeveel gebeurtenissen het register in totaal bewaart (alle afspraken)."""
    return register.recorder.max_notification_id() or 0  # type: ignore[attr-defined]


@pytest.fixture
def register(klok: StapKlok) -> Register:
    klok.zet("2023-01-10T09:00:00+00:00")
    return Register(klok=klok)


@pytest.fixture
def afspraak_met_twee_partijen(register: Register) -> UUID:
    return leg_vast(register)


@pytest.fixture
def afspraak_met_drie_partijen(register: Register) -> UUID:
    """BZK, Gelderland en Utrecht; verplichting v1 ligt bij Gelderland."""
    return leg_vast(register, partijen=[
        PartijInvoer(M_BZK, "opdrachtgever", "ONDERTEKENAAR"),
        PartijInvoer(P_GELDERLAND, "uitvoerder", "ONDERTEKENAAR"),
        PartijInvoer(P_UTRECHT, "uitvoerder", "ONDERTEKENAAR")])


@pytest.fixture
def andere_afspraak(register: Register) -> UUID:
    return leg_vast(register, titel="Opvolger", verantwoording=verantwoording(
        "2024-11-28", toelichting=None))


@pytest.fixture
def afgehechte_afspraak(register: Register, afspraak_met_drie_partijen: UUID) -> UUID:
    voer_uit(register, "afhechten", afspraak_met_drie_partijen, versie=1, wijze="NAGEKOMEN",
             uitkomsten=[("v1", "BEEINDIGD")])
    return afspraak_met_drie_partijen


@pytest.fixture
def vertrouwelijke_afspraak(register: Register) -> UUID:
    return leg_vast(register, vertrouwelijk=True)


# -- het uitgewerkte voorbeeld van ontwerp §4 (orakel en verschil) ------------------------------


@dataclass(frozen=True)
class Werkvoorbeeld:
    x: UUID
    y: UUID
    feiten: list[Feit]

    def op(self, geldig_op: str, juridisch_werkend_op: str | None = None,
           bekend_op: str | None = None, ontvangen_op: str | None = None) -> Toestand | None:
        return toestand_op(self.feiten, Peilmoment(
            geldig_op=date.fromisoformat(geldig_op),
            juridisch_werkend_op=datum_of_niets(juridisch_werkend_op),
            bekend_op=datum_of_niets(bekend_op),
            ontvangen_op=None if ontvangen_op is None else datetime.fromisoformat(ontvangen_op)))


def datum_of_niets(tekst: str | None) -> date | None:
    return None if tekst is None else date.fromisoformat(tekst)


@pytest.fixture
def werkvoorbeeld(register: Register, klok: StapKlok) -> Werkvoorbeeld:
    """De NOVEX-geschiedenis tussen BZK en Gelderland, met de ontvangstmomenten van §4."""
    klok.zet("2023-01-10T09:00:00+00:00")
    x = leg_vast(register)  # bron 2022-12-09, deadline 2023-06-03 (tikfout), €1 mln
    klok.zet("2023-02-01T09:00:00+00:00")
    voer_uit(register, "rectificeren", x, versie=1, rectificeert=1,
             verplichtingen=[VerplichtingInvoer("Ruimtelijk voorstel indienen", P_GELDERLAND,
                                                "2023-06-30")],
             met=verantwoording("2023-02-01", toelichting="Tikfout in de deadline",
                                bekend_op=date(2023, 2, 1)))
    klok.zet("2023-05-20T09:00:00+00:00")
    voer_uit(register, "verplichting_wijzigen", x, versie=2, verplichting="v1",
             uiterlijk="2023-10-01",
             met=verantwoording("2023-05-15", toelichting="Deadline verschoven",
                                geldig_vanaf=date(2023, 5, 15),
                                juridisch_werkend_vanaf=date(2023, 5, 15),
                                bekend_op=date(2023, 5, 16)))
    klok.zet("2024-03-06T09:00:00+00:00")
    voer_uit(register, "wijzigen", x, versie=3,
             bedragen=[BedragInvoer("Rijksbijdrage", "2000000")],
             met=verantwoording("2024-03-01", toelichting="Bijdrage verhoogd",
                                geldig_vanaf=date(2024, 1, 1),
                                juridisch_werkend_vanaf=date(2024, 3, 1),
                                bekend_op=date(2024, 3, 5)))
    klok.zet("2024-11-20T09:00:00+00:00")
    y = leg_vast(register, titel="Opvolger",
                 verantwoording=verantwoording("2024-11-28", toelichting=None))
    klok.zet("2024-12-10T09:00:00+00:00")
    voer_uit(register, "afhechten", x, versie=4, wijze="VERVANGEN", vervangen_door=str(y),
             met=verantwoording("2024-11-28", toelichting="Vervangen door de opvolger",
                                geldig_vanaf=date(2025, 1, 1),
                                juridisch_werkend_vanaf=date(2024, 11, 28),
                                bekend_op=date(2024, 12, 4)))
    return Werkvoorbeeld(x, y, [feit_van(e) for e in gebeurtenissen(register, x)])
