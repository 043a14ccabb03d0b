"""Fixtures voor de unittests: een register in het geheugen met een ingespoten klok, en afspraken
in benoemde toestanden."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from register.applicatie.register import Opgeslagen, Register
from register.domein.actor import Actor
from register.domein import commandos as c
from register.domein.afspraak import Afspraak
from register.domein.commandos import Commando
from register.domein.invoer import (
    BedragInvoer, BronInvoer, PartijInvoer, TijdInvoer, Verantwoording, VerplichtingInvoer,
)
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
