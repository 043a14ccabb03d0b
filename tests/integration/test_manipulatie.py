"""Schending van de opslag met directe SQL op de gebeurtenissentabel, op SQLite en PostgreSQL:
elk geval vindt `verifieer`, de API meldt GESCHONDEN met de eerste geschonden afspraak/versie, en
een herbouw weigert de geschonden geschiedenis over te nemen."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.sqlite import SQLiteApplicationRecorder
from sqlalchemy import Connection, delete, select, text, update
from typer.testing import CliRunner

from register.cli import app as cli_app
from register.domein.merkle import controleer_consistentie
from register.projecties import integriteit as lm
from register.projecties.afspraken import AfsprakenLezer
from register.projecties.basis import LEESMODEL_VERSIE, leesmodel_schema
from register.systeem.samenstel import Systeem
from register.systeem.verificatie import (
    Anker, GeschondenOpslag, haal_integriteit_in, stand, verifieer,
)
from tests.unit.conftest import BEHEERDER, leg_vast, voer_uit


@dataclass(frozen=True)
class Rij:
    positie: int
    afspraak_id: str
    versie: int
    topic: str
    state: bytes


class Gebeurtenissentabel:
    """De tabel van de bibliotheek, zoals een aanvaller met databasetoegang haar ziet."""

    def __init__(self, systeem: Systeem) -> None:
        recorder: Any = systeem.register.recorder
        self.sqlite = isinstance(recorder, SQLiteApplicationRecorder)
        self.tabel = recorder.events_table_name
        self.id = "rowid" if self.sqlite else "notification_id"
        self.engine = systeem.engine

    def rijen(self) -> list[Rij]:
        with self.engine.connect() as c:
            return [Rij(r[0], str(UUID(str(r[1]))), r[2], r[3], bytes(r[4])) for r in c.execute(text(
                f"SELECT {self.id}, originator_id, originator_version, topic, state "
                f"FROM {self.tabel} ORDER BY {self.id}"))]

    def sql(self, opdracht: str, **params: Any) -> None:
        with self.engine.begin() as c:
            c.execute(text(opdracht.format(t=self.tabel, id=self.id)), params)

    def zet_state(self, positie: int, state: bytes) -> None:
        self.sql("UPDATE {t} SET state = :s WHERE {id} = :p", s=state, p=positie)

    def wijzig_json(self, positie: int, wijzig: Callable[[dict[str, Any]], None]) -> None:
        state = json.loads(next(r for r in self.rijen() if r.positie == positie).state)
        wijzig(state)
        self.zet_state(positie, json.dumps(state).encode())

    def verplaats(self, van: int, naar: int) -> None:
        self.sql("UPDATE {t} SET {id} = :naar WHERE {id} = :van", van=van, naar=naar)

    def voeg_in(self, positie: int, rij: Rij, versie: int) -> None:
        oid = rij.afspraak_id.replace("-", "") if self.sqlite else rij.afspraak_id
        self.sql("INSERT INTO {t} (originator_id, originator_version, topic, state, {id}) "
                 "VALUES (:o, :v, :t, :s, :p)", o=oid, v=versie, t=rij.topic, s=rij.state,
                 p=positie)


@pytest.fixture
def register_met_geschiedenis(systeem: Systeem) -> Systeem:
    """Drie afspraken met elk drie gebeurtenissen, door elkaar vastgelegd: twaalf posities."""
    r = systeem.register
    ids = [leg_vast(r, BEHEERDER, titel=f"Afspraak {i}") for i in range(3)]
    for ronde in range(3):
        for aid in ids:
            if ronde == 0:
                voer_uit(r, "wijzigen", aid, actor=BEHEERDER, titel="Nieuwe titel")
            else:
                voer_uit(r, "voortgang_rapporteren", aid, actor=BEHEERDER,
                         verslag=f"Verslag {ronde}")
    systeem.bij_werken()
    assert verifieer(systeem).intact
    return systeem


def _eerste_met_titel(state: bytes) -> int:
    return state.index(b'"titel":"') + len(b'"titel":"')


def payloadbyte(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    doel = rijen[3]  # de wijziging van afspraak 0, met titel 'Nieuwe titel'
    i = _eerste_met_titel(doel.state)
    t.zet_state(doel.positie, doel.state[:i] + b"M" + doel.state[i + 1:])
    return doel


def onleesbare_byte(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    doel = rijen[4]
    t.zet_state(doel.positie, doel.state[:-1] + b"!")
    return doel


def tijdas(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    doel = rijen[5]

    def zet(s: dict[str, Any]) -> None:
        s["meta"]["_data_"]["juridisch_werkend_vanaf"]["_data_"] = "2019-01-01"

    t.wijzig_json(doel.positie, zet)
    return doel


def bron(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    doel = rijen[1]

    def zet(s: dict[str, Any]) -> None:
        s["meta"]["_data_"]["bronnen"][0]["_data_"]["titel"] = "Een andere brief"

    t.wijzig_json(doel.positie, zet)
    return doel


def actor(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    doel = rijen[7]

    def zet(s: dict[str, Any]) -> None:
        s["meta"]["_data_"]["actor"] = "https://identifier.overheid.nl/tooi/id/provincie/pv26"

    t.wijzig_json(doel.positie, zet)
    return doel


def wissen(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    doel = rijen[6]
    t.sql("DELETE FROM {t} WHERE {id} = :p", p=doel.positie)
    return doel


def verwisselen(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    a, b = rijen[4], rijen[8]
    t.verplaats(a.positie, -1)
    t.verplaats(b.positie, a.positie)
    t.verplaats(-1, b.positie)
    return a


def invoegen(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    # Een vervalste extra gebeurtenis vóór de hele geschiedenis (positie 0 is nog vrij).
    bron_ = rijen[3]
    t.voeg_in(0, bron_, versie=99)
    return Rij(0, bron_.afspraak_id, 99, bron_.topic, bron_.state)


def staart_inkorten(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    for r in rijen[-2:]:
        t.sql("DELETE FROM {t} WHERE {id} = :p", p=r.positie)
    return rijen[-2]


GEVALLEN = {f.__name__: f for f in (payloadbyte, onleesbare_byte, tijdas, bron, actor, wissen,
                                    verwisselen, invoegen, staart_inkorten)}


@pytest.mark.parametrize("geval", GEVALLEN)
def test_elke_schending_wordt_gevonden_gemeld_en_niet_herbouwd(
        register_met_geschiedenis: Systeem, geval: str) -> None:
    s = register_met_geschiedenis
    t = Gebeurtenissentabel(s)
    with s.engine.connect() as c:
        voor = _afspraken(c)
        boom_voor = lm.OpgeslagenBoom(c)
        anker = Anker(boom_voor.grootte, boom_voor.wortel())
    doel = GEVALLEN[geval](t, t.rijen())

    verslag = verifieer(s)
    assert not verslag.intact, geval
    eerste = verslag.eerste
    assert eerste is not None
    assert (eerste.afspraak_id, eerste.versie, eerste.positie) == (
        doel.afspraak_id, doel.versie, doel.positie), (geval, eerste)
    assert not verifieer(s, anker=anker, vastleggen=False).intact

    # De API meldt het: GESCHONDEN met dezelfde eerste breuk.
    with s.engine.connect() as c:
        st = stand(s, c)
    assert st.status == "GESCHONDEN"
    assert st.breuk is not None and (st.breuk.afspraak_id, st.breuk.versie) == (
        doel.afspraak_id, doel.versie)

    # Herbouw weigert; de leesmodellen tonen de vastgelegde geschiedenis, niet de vervalste.
    with pytest.raises(GeschondenOpslag):
        s.herbouw()
    with s.engine.connect() as c:
        assert _afspraken(c) == voor


@pytest.mark.parametrize("geval", ["wissen", "invoegen", "staart_inkorten"])
def test_de_snelle_toets_bij_elke_vraag_ziet_gewiste_en_ingevoegde_gebeurtenissen(
        register_met_geschiedenis: Systeem, geval: str) -> None:
    s = register_met_geschiedenis
    t = Gebeurtenissentabel(s)
    GEVALLEN[geval](t, t.rijen())
    with s.engine.connect() as c:
        st = stand(s, c)  # zonder volledige controle
    assert st.status == "GESCHONDEN", st


def test_een_geforceerde_herbouw_houdt_het_bewijs_en_blijft_schending_melden(
        register_met_geschiedenis: Systeem) -> None:
    s = register_met_geschiedenis
    t = Gebeurtenissentabel(s)
    doel = payloadbyte(t, t.rijen())
    with s.engine.connect() as c:
        wortel_voor = lm.OpgeslagenBoom(c).wortel()
    s.herbouw(controleer=False)
    with s.engine.connect() as c:
        assert lm.OpgeslagenBoom(c).wortel() == wortel_voor
        st = stand(s, c)
    assert st.status == "GESCHONDEN"
    assert st.breuk is not None and (st.breuk.afspraak_id, st.breuk.versie) == (
        doel.afspraak_id, doel.versie)
    assert not verifieer(s).intact


def test_terugzetten_van_de_opslag_maakt_het_oordeel_weer_intact(
        register_met_geschiedenis: Systeem) -> None:
    s = register_met_geschiedenis
    t = Gebeurtenissentabel(s)
    origineel = t.rijen()[3]
    payloadbyte(t, t.rijen())
    assert not verifieer(s).intact
    t.zet_state(origineel.positie, origineel.state)  # de back-up
    assert verifieer(s).intact
    with s.engine.connect() as c:
        assert stand(s, c).status == "INTACT"


def test_wie_ook_de_boom_herschrijft_valt_door_de_mand_bij_een_bewaarde_wortel(
        register_met_geschiedenis: Systeem) -> None:
    """De aanvaller past de gebeurtenis aan én bouwt de bladen en knopen opnieuw op: de opslag
    is dan inwendig consistent, maar niet met de wortel die een client eerder bewaarde."""
    s = register_met_geschiedenis
    t = Gebeurtenissentabel(s)
    with s.engine.connect() as c:
        boom = lm.OpgeslagenBoom(c)
        anker = Anker(boom.grootte, boom.wortel())
    doel = payloadbyte(t, t.rijen())
    with s.engine.begin() as c:
        for tabel in (lm.bladen, lm.knopen, lm.controles):
            c.execute(delete(tabel))
    haal_integriteit_in(s)
    assert verifieer(s).intact  # zonder extern anker ziet niemand het
    verslag = verifieer(s, anker=anker)
    assert not verslag.intact
    assert "herschreven" in str(verslag.eerste)
    with s.engine.connect() as c:
        boom = lm.OpgeslagenBoom(c)
        bewijs = boom.consistentiebewijs(anker.grootte, boom.grootte)
        assert not controleer_consistentie(anker.grootte, boom.grootte, anker.wortel,
                                           boom.wortel(), bewijs)
    assert doel.positie


def test_de_opdrachtregel_noemt_de_eerste_geschonden_afspraak_en_weigert_herbouw(
        register_met_geschiedenis: Systeem, database_url: str) -> None:
    s = register_met_geschiedenis
    t = Gebeurtenissentabel(s)
    with s.engine.connect() as c:
        boom = lm.OpgeslagenBoom(c)
        anker = f"{boom.grootte}:{boom.wortel().hex()}"
    env = {"REGISTER_DATABASE_URL": database_url}

    def register(*args: str) -> Any:
        return CliRunner().invoke(cli_app, list(args), env=env)

    r = register("verifieer", "--wortel", anker)
    assert r.exit_code == 0, (r.stdout, r.stderr)
    assert "Intact: 12 gebeurtenissen" in r.stdout and "alleen aan" in r.stdout

    doel = tijdas(t, t.rijen())
    r = register("verifieer")
    assert r.exit_code == 1, (r.stdout, r.stderr)
    assert f"afspraak {doel.afspraak_id} versie {doel.versie}" in r.stdout
    assert "GESCHONDEN" in r.stdout
    r = register("herbouw")
    assert r.exit_code == 1 and "geweigerd" in r.stderr, (r.stdout, r.stderr)
    r = register("herbouw", "--forceer")
    assert r.exit_code == 0, (r.stdout, r.stderr)
    r = register("verifieer", "--wortel", anker)
    assert r.exit_code == 1 and "nog 1 andere afwijking" in r.stdout, r.stdout
    r = register("verifieer", "--wortel", "12:zz")
    assert r.exit_code == 2 and "geen wortel" in r.stderr


def test_een_register_van_voor_de_boom_krijgt_zijn_bladen_bij_het_starten(
        register_met_geschiedenis: Systeem, database_url: str) -> None:
    s = register_met_geschiedenis
    with s.engine.connect() as c:
        wortel = lm.OpgeslagenBoom(c).wortel()
    with s.engine.begin() as c:
        for tabel in (lm.bladen, lm.knopen, lm.controles):
            c.execute(delete(tabel))
    nieuw = Systeem(database_url)
    try:
        with nieuw.engine.connect() as c:
            assert lm.OpgeslagenBoom(c).wortel() == wortel
        assert verifieer(nieuw).intact
    finally:
        nieuw.sluit()


def _afspraken(c: Connection) -> dict[str, Any]:
    lezer = AfsprakenLezer(c, BEHEERDER)
    return {aid: [(r.versie, r.soort, r.bronnen, r.juridisch_werkend_vanaf, r.actor)
                  for r in rijen]
            for aid, rijen in ((a, lezer.volledige_geschiedenis(a)) for a in _ids(c))}


def _ids(c: Connection) -> list[str]:
    return sorted({r.afspraak_id for r in c.execute(lm.bladen.select())})


def test_een_geschonden_register_met_verouderde_leesmodellen_start_en_meldt_de_schending(
        register_met_geschiedenis: Systeem, database_url: str) -> None:
    """Bij het starten worden verouderde leesmodellen herbouwd, maar niet uit een vervalste
    geschiedenis: het register start wel, zodat de schending te zien en te bewijzen is."""
    s = register_met_geschiedenis
    t = Gebeurtenissentabel(s)
    doel = payloadbyte(t, t.rijen())
    with s.engine.begin() as c:
        c.execute(update(leesmodel_schema).values(versie=LEESMODEL_VERSIE - 1))
    nieuw = Systeem(database_url)
    try:
        with nieuw.engine.connect() as c:
            st = stand(nieuw, c)
            assert st.status == "GESCHONDEN" and st.breuk is not None
            assert (st.breuk.afspraak_id, st.breuk.versie) == (doel.afspraak_id, doel.versie)
            assert c.execute(select(leesmodel_schema.c.versie)).scalar() == LEESMODEL_VERSIE - 1
        assert not verifieer(nieuw).intact
    finally:
        nieuw.sluit()
