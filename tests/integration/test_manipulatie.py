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
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder
from sqlalchemy import Connection, delete, select, text, update
from typer.testing import CliRunner

from register.applicatie.transcodering import ECHT
from register.cli import app as cli_app
from register.domein.merkle import controleer_consistentie
from register.projecties import integriteit as lm
from register.projecties.afspraken import AfsprakenLezer
from register.projecties.afspraken import afspraken, kenmerken
from register.projecties.basis import LEESMODEL_VERSIE, leesmodel_schema
from register.projecties.peil import waarden as peil_waarden
from register.systeem.samenstel import Systeem
from register.systeem.verificatie import (
    Anker, GeschondenOpslag, stand, verifieer,
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
        """Wijzigt de JSON en laat de kop (voorvoegsel en HMAC) staan: zonder de sleutel kan
        een aanvaller geen nieuwe HMAC maken."""
        kop, staat = splits(next(r for r in self.rijen() if r.positie == positie).state)
        state = json.loads(staat)
        wijzig(state)
        self.zet_state(positie, kop + json.dumps(state).encode())

    def verplaats(self, van: int, naar: int) -> None:
        self.sql("UPDATE {t} SET {id} = :naar WHERE {id} = :van", van=van, naar=naar)

    def voeg_in(self, positie: int, rij: Rij, versie: int) -> None:
        oid = rij.afspraak_id.replace("-", "") if self.sqlite else rij.afspraak_id
        self.sql("INSERT INTO {t} (originator_id, originator_version, topic, state, {id}) "
                 "VALUES (:o, :v, :t, :s, :p)", o=oid, v=versie, t=rij.topic, s=rij.state,
                 p=positie)


def splits(state: bytes) -> tuple[bytes, bytes]:
    """Kop (voorvoegsel en HMAC, zoals in de opslag te zien) en JSON van een opgeslagen staat."""
    if state.startswith(ECHT):
        return state[:len(ECHT) + 32], state[len(ECHT) + 32:]
    return b"", state


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


def _aanvullen(t: Gebeurtenissentabel, rijen: list[Rij], staat: bytes) -> Rij:
    """Een gebeurtenis aan het eind, als volgende versie van afspraak 0, met de staat van een
    echte gebeurtenis van die afspraak: wat een aanvaller met alleen databasetoegang kan."""
    bron_ = rijen[3]
    versie = max(r.versie for r in rijen if r.afspraak_id == bron_.afspraak_id) + 1
    positie = rijen[-1].positie + 1
    t.voeg_in(positie, bron_, versie=versie)
    t.zet_state(positie, staat)
    return Rij(positie, bron_.afspraak_id, versie, bron_.topic, staat)


def aanvullen_met_hmac(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    # de HMAC van de gekopieerde gebeurtenis hoort bij haar eigen versie, niet bij deze
    return _aanvullen(t, rijen, rijen[3].state)


def aanvullen_zonder_hmac(t: Gebeurtenissentabel, rijen: list[Rij]) -> Rij:
    return _aanvullen(t, rijen, splits(rijen[3].state)[1])


GEVALLEN = {f.__name__: f for f in (payloadbyte, onleesbare_byte, tijdas, bron, actor, wissen,
                                    verwisselen, invoegen, staart_inkorten, aanvullen_met_hmac,
                                    aanvullen_zonder_hmac)}


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


@pytest.mark.parametrize("geval", ["aanvullen_met_hmac", "aanvullen_zonder_hmac"])
def test_een_gebeurtenis_zonder_de_sleutel_aan_het_eind_wordt_nooit_verwerkt(
        register_met_geschiedenis: Systeem, geval: str) -> None:
    """Het bijwerken van de leesmodellen slaat haar niet over en neemt haar niet op: het stopt
    ervoor, legt de breuk één keer vast, en de API meldt GESCHONDEN."""
    s = register_met_geschiedenis
    t = Gebeurtenissentabel(s)
    with s.engine.connect() as c:
        voor = _afspraken(c)
    doel = GEVALLEN[geval](t, t.rijen())
    assert s.bij_werken() == 0 and s.bij_werken() == 0
    assert s.verwerkt_tot() == doel.positie - 1
    with s.engine.connect() as c:
        assert _afspraken(c) == voor
        st = stand(s, c)
        assert st.status == "GESCHONDEN" and st.breuk is not None
        assert (st.breuk.positie, st.breuk.versie) == (doel.positie, doel.versie)
        assert "niet echt" in st.breuk.reden
        controles = c.execute(select(lm.controles).where(lm.controles.c.soort == "bijwerken")).all()
    assert len(controles) == 1


def _titel_in_peil(c: Connection, aid: str) -> None:
    c.execute(update(peil_waarden).where(peil_waarden.c.afspraak_id == aid,
                                         peil_waarden.c.veld == "titel")
              .values(waarde="Vervalste titel"))


def _vertrouwelijk_omgezet(c: Connection, aid: str) -> None:
    c.execute(update(afspraken).where(afspraken.c.id == aid).values(vertrouwelijk=True))


def _partijrij(c: Connection, aid: str) -> None:
    c.execute(kenmerken.insert().values(
        afspraak_id=aid, soort="partij",
        waarde="https://identifier.overheid.nl/tooi/id/provincie/pv27"))


@pytest.mark.parametrize("wijzig", [_titel_in_peil, _vertrouwelijk_omgezet, _partijrij])
def test_een_gewijzigd_leesmodel_valt_op_bij_de_volledige_controle_en_herbouw_herstelt_het(
        register_met_geschiedenis: Systeem, wijzig: Callable[[Connection, str], None]) -> None:
    s = register_met_geschiedenis
    aid = t_rijen_afspraak(s)
    with s.engine.begin() as c:
        wijzig(c, aid)
    verslag = verifieer(s)
    assert not verslag.intact and verslag.eerste is not None
    assert verslag.eerste.afspraak_id == aid and "leesmodel" in verslag.eerste.reden
    with s.engine.connect() as c:
        assert stand(s, c).status == "GESCHONDEN"
    s.herbouw()  # de gebeurtenissen zijn echt: de leesmodellen worden weer wat zij zeggen
    assert verifieer(s).intact
    with s.engine.connect() as c:
        assert stand(s, c).status == "INTACT"


def t_rijen_afspraak(s: Systeem) -> str:
    return Gebeurtenissentabel(s).rijen()[0].afspraak_id


@pytest.mark.parametrize("mac", [None, "0" * 64])
def test_een_vervalst_controleverslag_maakt_een_geschonden_register_niet_intact(
        register_met_geschiedenis: Systeem, mac: str | None) -> None:
    """Een ingevoegde rij 'volledige controle geslaagd' zonder geldige HMAC telt niet."""
    s = register_met_geschiedenis
    t = Gebeurtenissentabel(s)
    payloadbyte(t, t.rijen())
    assert not verifieer(s).intact
    with s.engine.begin() as c:
        c.execute(lm.controles.insert().values(
            soort="volledig", tijdstip="2099-01-01T00:00:00.000000+00:00", grootte=12,
            geslaagd=True, mac=mac))
    with s.engine.connect() as c:
        st = stand(s, c)
    assert st.status == "GESCHONDEN" and st.volledig is not None
    assert st.volledig.breuk is not None  # de vervalste geslaagde controle is niet de laatste


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
    """De aanvaller past de gebeurtenis aan én bouwt de bladen en knopen opnieuw op. Zonder de
    sleutel helpt dat niet (de HMAC verraadt de gebeurtenis). Met de sleutel, en de leesmodellen
    opnieuw opgebouwd, is de opslag inwendig consistent, maar niet met de wortel die een client
    eerder bewaarde."""
    s = register_met_geschiedenis
    t = Gebeurtenissentabel(s)
    with s.engine.connect() as c:
        boom = lm.OpgeslagenBoom(c)
        anker = Anker(boom.grootte, boom.wortel())
    doel = payloadbyte(t, t.rijen())

    def herschrijf_boom() -> None:
        with s.engine.begin() as c:
            for tabel in (lm.bladen, lm.knopen, lm.controles):
                c.execute(delete(tabel))
        s.leesmodellen.haal_integriteit_in()

    herschrijf_boom()
    assert not verifieer(s).intact  # zonder de sleutel: de HMAC klopt niet
    # met de sleutel: een nieuwe HMAC over de gewijzigde gebeurtenis
    rij = next(r for r in t.rijen() if r.positie == doel.positie)
    mapper: Any = s.register.mapper
    staat = splits(rij.state)[1]
    t.zet_state(rij.positie, ECHT + mapper._mac(StoredEvent(
        UUID(rij.afspraak_id), rij.versie, rij.topic, staat), staat) + staat)
    herschrijf_boom()
    assert not verifieer(s).intact  # de leesmodellen zeggen nog wat er eerst stond
    s.herbouw(controleer=False)  # dus bouwt de aanvaller ook die opnieuw op
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
