"""Herstel uit een back-up (zie backup.py): alleen in een lege database, en nooit stil half.

1. Toetsen, zonder iets te schrijven: de lege database, het formaat, de sleutel (vingerafdruk
   in de kop), de controlesom en van elke gebeurtenis de HMAC.
2. Terugzetten in één transactie: de gebeurtenissen zoals opgeslagen (met hun posities), de
   bewaarde tabellen, en een rij in `herstellingen` zonder `klaar_op`.
3. De leesmodellen en de Merkle-boom herbouwen (`Systeem.herbouw`), de wortel vergelijken met
   de kop en de hele opslag controleren (`verifieer`); dan `klaar_op`.
Faalt stap 3, dan wist het herstel wat het terugzette, en is de database weer leeg. Breekt het
proces af tussen 2 en 3, dan blijft de rij zonder `klaar_op` staan: een volgend herstel en een
back-up weigeren dan en noemen haar."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Connection, delete, insert, inspect, select, text, update

from register.applicatie.transcodering import ECHT, OnechteGebeurtenis, TupelMapper
from register.domein.merkle import Anker
from register.projecties.basis import tracking
from register.projecties.integriteit import OpgeslagenBoom, bladen, knopen
from register.systeem.backup import (
    BEWAARD, BLOK, BackupFout, BeschadigdeBackup, DatabaseNietLeeg, GewijzigdeGebeurtenis,
    HerstelMislukt, Kop, SleutelPastNiet, Voortgang, WortelPastNiet, herstellingen, regels,
    uit_json, vingerafdruk,
)
from register.systeem.leesmodelcontrole import LEESMODELTABELLEN
from register.systeem.opslag import schema_slot
from register.systeem.verificatie import (
    GeschondenOpslag, opslagtabel, ongetekend_tot, verifieer,
)

if TYPE_CHECKING:
    from register.systeem.samenstel import Systeem

_TABELLEN = {t.name: t for t in BEWAARD}


def herstel(systeem: Systeem, bestand: Path, voortgang: Voortgang | None = None) -> Kop:
    """Zet de back-up terug in de (lege) database van `systeem`, herbouwt en controleert."""
    voortgang = voortgang or _stil
    eis_leeg(systeem)
    kop, sha = _toets(systeem, bestand, voortgang)
    _zet_terug(systeem, bestand, kop, sha, voortgang)
    try:
        _herbouw_en_controleer(systeem, kop, voortgang)
    except BaseException:
        _wis(systeem)
        raise
    return kop


# -- 1. toetsen --------------------------------------------------------------------------------


def eis_leeg(systeem: Systeem, c: Connection | None = None) -> None:
    """DatabaseNietLeeg als er gebeurtenissen, bewaarde rijen of een afgebroken herstel zijn."""
    if c is None:
        with systeem.engine.connect() as c:
            eis_leeg(systeem, c)
        return
    waar = systeem.opslag.veilige_url
    if inspect(c).has_table(herstellingen.name):
        open_ = c.execute(select(herstellingen.c.begonnen_op)
                          .where(herstellingen.c.klaar_op.is_(None))).scalar()
        if open_ is not None:
            raise DatabaseNietLeeg(
                f"in {waar} is een herstel begonnen op {open_} niet afgemaakt; maak de database "
                "leeg (of neem een nieuwe) en herstel opnieuw. Er is niets veranderd.")
    tabel, _, _ = opslagtabel(systeem)
    n = int(c.execute(text(f"SELECT count(*) FROM {tabel}")).scalar_one())
    if n:
        raise DatabaseNietLeeg(f"de database {waar} bevat al {n} gebeurtenissen; herstel gaat "
                               "alleen in een lege database. Er is niets veranderd.")
    for t in BEWAARD:
        if inspect(c).has_table(t.name) and (
                m := int(c.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one())):
            raise DatabaseNietLeeg(f"de database {waar} is niet leeg: tabel {t.name} heeft al "
                                   f"{m} rijen. Er is niets veranderd.")


def _stil(_fase: str, _gedaan: int, _totaal: int) -> None:
    pass


def _toets(systeem: Systeem, bestand: Path, voortgang: Voortgang) -> tuple[Kop, str]:
    """Leest de hele back-up één keer; geeft de kop en de controlesom. Een breuk in de
    controlesom gaat vóór een HMAC die niet klopt: eerst 'beschadigd', dan 'gewijzigd'."""
    lezer = regels(bestand)
    kop = Kop.uit_json(next(lezer))
    if kop.sleutel != vingerafdruk(systeem.sleutel):
        raise SleutelPastNiet(
            "de sleutel van dit register past niet bij de back-up: zij is gemaakt met een "
            "andere sleutel (REGISTER_SLEUTEL of het sleutelbestand van het oorspronkelijke "
            "register). Er is niets veranderd.")
    mapper = cast(TupelMapper, systeem.register.mapper)
    tellingen = dict.fromkeys(_TABELLEN, 0)
    gebeurtenissen, getekend = 0, False
    vorige: int | None = None
    onecht: str | None = None
    sha = ""
    for r in lezer:
        if r.get("soort") == "gebeurtenis":
            positie, s = gebeurtenis(r)
            if vorige is not None and positie <= vorige:
                raise BeschadigdeBackup(f"positie {positie} komt na {vorige}: de back-up is "
                                        "beschadigd")
            vorige, gebeurtenissen = positie, gebeurtenissen + 1
            getekend = getekend or s.state.startswith(ECHT)
            fout = _echtheid(mapper, s, getekend)
            if fout and onecht is None:
                onecht = (f"gebeurtenis op positie {positie} (afspraak {s.originator_id} versie "
                          f"{s.originator_version}): {fout}")
            if gebeurtenissen % BLOK == 0:
                voortgang("Back-up controleren", gebeurtenissen, kop.gebeurtenissen)
        elif r.get("soort") == "rij" and _rij_past(r):
            tellingen[r["tabel"]] += 1
        elif r.get("soort") == "einde":
            sha = str(r["sha256"])
        else:
            raise BeschadigdeBackup(f"onbekende regel in de back-up (beschadigd?): {str(r)[:80]}")
    if onecht:
        raise GewijzigdeGebeurtenis(f"{onecht}. Er is niets veranderd.")
    voortgang("Back-up controleren", gebeurtenissen, kop.gebeurtenissen)
    if gebeurtenissen != kop.gebeurtenissen or tellingen != {
            k: kop.tabellen.get(k, 0) for k in tellingen}:
        raise BeschadigdeBackup(f"de kop noemt {kop.gebeurtenissen} gebeurtenissen en "
                                f"{kop.tabellen}, het bestand heeft er {gebeurtenissen} en "
                                f"{tellingen}")
    return kop, sha


def _rij_past(r: dict[str, Any]) -> bool:
    t = _TABELLEN.get(r.get("tabel", ""))
    return t is not None and isinstance(r.get("rij"), dict) and set(r["rij"]) <= set(t.c.keys())


def gebeurtenis(r: dict[str, Any]) -> tuple[int, StoredEvent]:
    try:
        return int(r["positie"]), StoredEvent(
            originator_id=UUID(r["afspraak"]), originator_version=int(r["versie"]),
            topic=str(r["topic"]), state=base64.b64decode(r["state"], validate=True))
    except (KeyError, TypeError, ValueError, binascii.Error) as e:
        raise BeschadigdeBackup(f"een gebeurtenis is onleesbaar ({e}): de back-up is "
                                "beschadigd") from None


def _echtheid(mapper: TupelMapper, s: StoredEvent, getekend: bool) -> str | None:
    """Zoals de mapper bij het lezen: met HMAC moet die kloppen; zonder alleen vóór de eerste
    gebeurtenis met HMAC (een register van vóór de sleutel)."""
    if not s.state.startswith(ECHT):
        return ("zonder HMAC, na gebeurtenissen met HMAC: niet door het register geschreven"
                if getekend else None)
    try:
        mapper.echt(s)
    except OnechteGebeurtenis:
        return ("de HMAC klopt niet: de gebeurtenis is gewijzigd sinds de back-up (of niet met "
                "de sleutel van dit register geschreven)")
    return None


# -- 2. terugzetten ----------------------------------------------------------------------------


def _zet_terug(systeem: Systeem, bestand: Path, kop: Kop, sha: str,
               voortgang: Voortgang) -> None:
    with schema_slot(systeem.engine):
        for t in BEWAARD:
            t.create(systeem.engine, checkfirst=True)
    tabel, kolom, sqlite = opslagtabel(systeem)
    teken = "?" if sqlite else "%s"
    sql = (f"INSERT INTO {tabel} ({kolom}, originator_id, originator_version, topic, state) "
           f"VALUES ({', '.join([teken] * 5)})")
    with systeem.engine.begin() as c:  # SQLite: BEGIN IMMEDIATE, het schrijfslot
        if not sqlite:
            c.exec_driver_sql(f"LOCK TABLE {tabel} IN EXCLUSIVE MODE")
        eis_leeg(systeem, c)  # opnieuw, nu niemand meer tegelijk kan schrijven
        blok: list[tuple[Any, ...]] = []
        rijen: dict[str, list[dict[str, Any]]] = {}
        n = 0
        for r in regels(bestand):
            if r.get("soort") == "gebeurtenis":
                p, s = gebeurtenis(r)
                blok.append((p, str(s.originator_id) if sqlite else s.originator_id,
                             s.originator_version, s.topic, s.state))
                if len(blok) >= BLOK:
                    c.exec_driver_sql(sql, blok)
                    n, blok = n + len(blok), []
                    voortgang("Gebeurtenissen terugzetten", n, kop.gebeurtenissen)
            elif r.get("soort") == "rij":
                rijen.setdefault(r["tabel"], []).append(r["rij"])
                if len(rijen[r["tabel"]]) >= BLOK:
                    _voeg_in(c, r["tabel"], rijen.pop(r["tabel"]))
            elif r.get("soort") == "einde" and r.get("sha256") != sha:
                raise BeschadigdeBackup("het bestand veranderde tijdens het herstel")
        if blok:
            c.exec_driver_sql(sql, blok)
        for naam, rest in rijen.items():
            _voeg_in(c, naam, rest)
        if not sqlite:
            _tellers_bij(c, tabel, kolom)
        c.execute(insert(herstellingen).values(
            begonnen_op=_nu(), backup_van=kop.gemaakt_op, herkomst=kop.herkomst,
            gebeurtenissen=kop.gebeurtenissen, grootte=kop.grootte, wortel=kop.wortel.hex(),
            sha256=sha))
    voortgang("Gebeurtenissen terugzetten", kop.gebeurtenissen, kop.gebeurtenissen)


def _voeg_in(c: Connection, naam: str, rijen: list[dict[str, Any]]) -> None:
    t = _TABELLEN[naam]
    try:
        c.execute(insert(t), [{k: uit_json(t.c[k], w) for k, w in r.items()} for r in rijen])
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise BeschadigdeBackup(f"een rij van tabel {naam} is onleesbaar ({e})") from None


def _tellers_bij(c: Connection, tabel: str, kolom: str) -> None:
    """PostgreSQL: de reeksen achter de tellende kolommen voorbij de teruggezette waarden, zodat
    de volgende gebeurtenis of rij niet botst."""
    for t, k in [(tabel, kolom), *((t.name, "id") for t in BEWAARD
                                   if "id" in t.c and t.c.id.type.python_type is int)]:
        c.execute(text(f"SELECT setval(pg_get_serial_sequence(:t, :k), max({k})) FROM {t} "
                       f"HAVING max({k}) IS NOT NULL"), {"t": t, "k": k})


def _nu() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# -- 3. herbouwen en controleren ---------------------------------------------------------------


def _herbouw_en_controleer(systeem: Systeem, kop: Kop, voortgang: Voortgang) -> None:
    # tot waar gebeurtenissen zonder HMAC gelden, volgt uit wat er nu staat
    cast(TupelMapper, systeem.register.mapper).ongetekend_tot = ongetekend_tot(systeem)
    n = kop.gebeurtenissen
    try:
        systeem.herbouw(lambda gedaan, _: voortgang("Leesmodellen herbouwen", gedaan, n))
    except GeschondenOpslag as g:
        raise HerstelMislukt(f"de herbouw weigerde de teruggezette gebeurtenissen: "
                             f"{g.verslag.eerste}") from None
    with systeem.engine.connect() as c:
        boom = OpgeslagenBoom(c)
        wortel = boom.wortel(kop.grootte) if boom.grootte >= kop.grootte else b""
    if boom.grootte != n or wortel != kop.wortel:
        raise WortelPastNiet(
            f"na het herstel heeft de boom grootte {boom.grootte} en wortel "
            f"{wortel.hex() or '-'} bij grootte {kop.grootte}; de back-up zegt "
            f"{n} gebeurtenissen en wortel {Anker(kop.grootte, kop.wortel)}")
    verslag = verifieer(systeem, lambda gedaan, totaal: voortgang(
        "Opslag controleren", gedaan, totaal), Anker(kop.grootte, kop.wortel) if kop.grootte
        else None)
    if not verslag.intact:
        raise HerstelMislukt(f"de controle na het herstel vond een breuk: {verslag.eerste}")
    with systeem.engine.begin() as c:
        c.execute(update(herstellingen).where(herstellingen.c.klaar_op.is_(None))
                  .values(klaar_op=_nu()))


def _wis(systeem: Systeem) -> None:
    """Maakt de database weer leeg: wat dit herstel terugzette en wat het daarna opbouwde."""
    tabel, _, _ = opslagtabel(systeem)
    with systeem.engine.begin() as c:
        c.execute(text(f"DELETE FROM {tabel}"))
        for t in (*BEWAARD, *LEESMODELTABELLEN, bladen, knopen):
            c.execute(delete(t))
        c.execute(update(tracking).values(positie=0))


__all__ = ["BackupFout", "herstel"]
