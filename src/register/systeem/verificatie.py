"""Onvervalsbaarheid controleren: elke opgeslagen gebeurtenis opnieuw decoderen en hashen, de
boom opnieuw opbouwen en vergelijken met wat het register bij het vastleggen hashte, en met een
wortel die een client eerder bewaarde."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import Notification
from eventsourcing.sqlite import SQLiteApplicationRecorder
from sqlalchemy import Connection, select, text

from register.applicatie.transcodering import ECHT
from register.domein import merkle
from register.domein.merkle import Anker
from register.projecties import integriteit as lm
from register.projecties.basis import TRACKING_NAAM, lees_positie, tracking
from register.projecties.integriteit import Breuk, OpgeslagenBoom
from register.systeem.bron import Gebeurtenisbron
from register.systeem.leesmodelcontrole import controleer_leesmodellen


BLOK = 1000
MAX_GENOEMD = 20
ONECHT_NIEUW = ("nog niet verwerkt en niet echt of niet te decoderen: niet door het register "
                "geschreven")
Voortgang = Callable[[int, int], None]
Verbinding = Callable[[], contextlib.AbstractContextManager[Connection]]


@dataclass
class Verslag:
    gebeurtenissen: int = 0
    grootte: int = 0
    wortel: bytes = merkle.LEGE_WORTEL
    nieuw: int = 0
    aantal_breuken: int = 0
    breuken: list[Breuk] = field(default_factory=list)
    anker: Anker | None = None

    @property
    def intact(self) -> bool:
        return self.aantal_breuken == 0

    @property
    def eerste(self) -> Breuk | None:
        return self.breuken[0] if self.breuken else None

    def breuk(self, b: Breuk) -> None:
        self.aantal_breuken += 1
        if len(self.breuken) < MAX_GENOEMD:
            self.breuken.append(b)


class GeschondenOpslag(Exception):
    """De opslag is niet meer wat het register vastlegde."""

    def __init__(self, verslag: Verslag) -> None:
        super().__init__(f"de opslag is geschonden: {verslag.eerste}")
        self.verslag = verslag


def blad_uit_opslag(systeem: Gebeurtenisbron, n: Notification) -> bytes | None:
    """De bladhash van een opgeslagen gebeurtenis zoals de mapper haar nu decodeert; None als
    zij niet meer te decoderen is."""
    try:
        e = systeem.register.mapper.to_domain_event(n)
        return merkle.blad_hash(merkle.gebeurtenis_blad(e, n.id))
    except Exception:
        return None


def _notificaties(systeem: Gebeurtenisbron, tot: int) -> Iterator[Notification]:
    # Zonder ondergrens: ook een gebeurtenis op positie 0 of lager telt mee.
    start: int | None = None
    while True:
        ns = systeem.register.recorder.select_notifications(
            start=start, limit=BLOK, stop=tot, inclusive_of_start=False)
        yield from ns
        if len(ns) < BLOK:
            return
        start = ns[-1].id


def vastgelegde_bladen(verbinding: Verbinding, tot: int, grootte: int | None = None) -> Iterator[Any]:
    """De vastgelegde bladen tot positie `tot`; met `grootte` alleen de bladen die er al waren
    (bij een herbouw komen er in dezelfde transactie nieuwe bij)."""
    vanaf = -1
    while True:
        with verbinding() as c:  # korte leestransacties: schrijvers wachten niet op de controle
            q = select(lm.bladen).where(lm.bladen.c.nummer > vanaf, lm.bladen.c.positie <= tot)
            if grootte is not None:
                q = q.where(lm.bladen.c.nummer < grootte)
            rijen = c.execute(q.order_by(lm.bladen.c.nummer).limit(BLOK)).all()
        yield from rijen
        if len(rijen) < BLOK:
            return
        vanaf = rijen[-1].nummer


def verifieer(systeem: Gebeurtenisbron, voortgang: Voortgang | None = None, anker: Anker | None = None,
              *, verbinding: Verbinding | None = None, vastleggen: bool = True,
              leesmodellen: bool = True) -> Verslag:
    """Herberekent alles uit de opgeslagen gebeurtenissen, in O(n) tijd en O(log n) geheugen;
    met `leesmodellen` ook of de leesmodellen zeggen wat de gebeurtenissen zeggen (een
    herbouw in een tijdelijke database, per afspraak vergeleken)."""
    verbinding = verbinding or systeem.engine.connect
    with verbinding() as c:
        verwerkt = lees_verwerkt(c)
        tot = max(systeem.laatste_positie(), lm.laatste_positie(c))
        boom = OpgeslagenBoom(c)
        verslag = Verslag(grootte=boom.grootte, wortel=boom.wortel(), anker=anker)
    log = merkle.Rand()
    # Alleen de bladen van de boom die hierboven gelezen is: wat een gelijktijdige projectie
    # intussen toevoegde, hoort bij een grotere boom (en telde anders als breuk).
    samen = Samenloop(verslag, vastgelegde_bladen(verbinding, tot, verslag.grootte))
    for n in _notificaties(systeem, tot):
        h = blad_uit_opslag(systeem, n)
        log.voeg_toe(h or merkle.blad_hash(b"onleesbaar:" + n.state))
        _toets_anker(verslag, log)
        samen.vergelijk(n, h, verwerkt)
        if voortgang and verslag.gebeurtenissen % BLOK == 0:
            voortgang(verslag.gebeurtenissen, tot)
    samen.gewist_tot(None)
    sluit_af(verslag, log, samen.vast)
    if leesmodellen and (afwijking := controleer_leesmodellen(
            systeem, lambda tot: _notificaties(systeem, tot))) is not None:
        verslag.breuk(afwijking)
    if voortgang:
        voortgang(verslag.gebeurtenissen, verslag.gebeurtenissen)
    if vastleggen:
        leg_vast(verbinding, "volledig", verslag.grootte, verslag.eerste, systeem.sleutel)
    return verslag


class Samenloop:
    """Loopt de opslag en de vastgelegde bladen samen door, beide in registervolgorde."""

    def __init__(self, verslag: Verslag, bladen: Iterator[Any]) -> None:
        self.verslag, self.bladen = verslag, bladen
        self.vast = merkle.Rand()  # de boom uit de vastgelegde bladen
        self.r: Any = next(bladen, None)

    def _volgende(self) -> None:
        self.vast.voeg_toe(bytes(self.r.hash))
        self.r = next(self.bladen, None)

    def gewist_tot(self, positie: int | None) -> None:
        """Elk vastgelegd blad vóór deze positie (of alle resterende) ontbreekt in de opslag."""
        while self.r is not None and (positie is None or self.r.positie < positie):
            self.verslag.breuk(Breuk("ontbreekt in de opslag: gewist", self.r.positie,
                                     self.r.afspraak_id, self.r.versie))
            self._volgende()

    def vergelijk(self, n: Notification, h: bytes | None, verwerkt: int) -> None:
        self.verslag.gebeurtenissen += 1
        self.gewist_tot(n.id)
        if self.r is not None and self.r.positie == n.id:
            if h != bytes(self.r.hash):
                self.verslag.breuk(_gewijzigd(self.r, n, h))
            self._volgende()
        elif n.id <= verwerkt:
            self.verslag.breuk(Breuk("staat niet in de boom: achteraf ingevoegd", n.id,
                                     str(n.originator_id), n.originator_version))
        elif h is None:
            self.verslag.breuk(Breuk(ONECHT_NIEUW, n.id, str(n.originator_id),
                                     n.originator_version))
        else:
            self.verslag.nieuw += 1  # nog niet verwerkt; komt bij het bijwerken in de boom


def _gewijzigd(r: Any, n: Notification, h: bytes | None) -> Breuk:
    reden = ("niet meer te decoderen of niet echt (de HMAC klopt niet)" if h is None
             else "gewijzigd sinds het vastleggen: de hash klopt niet meer")
    if (str(n.originator_id), n.originator_version) != (r.afspraak_id, r.versie):
        reden += (f"; op deze plaats staat nu afspraak {n.originator_id} versie "
                  f"{n.originator_version}")
    return Breuk(reden, r.positie, r.afspraak_id, r.versie)


def _toets_anker(verslag: Verslag, log: merkle.Rand) -> None:
    a = verslag.anker
    if a is not None and log.grootte == a.grootte and log.wortel() != a.wortel:
        verslag.breuk(Breuk(f"de eerste {a.grootte} gebeurtenissen hebben niet meer de "
                            f"bewaarde wortel {a.wortel.hex()}: de geschiedenis is herschreven"))


def sluit_af(verslag: Verslag, log: merkle.Rand, vast: merkle.Rand) -> None:
    a = verslag.anker
    if a is not None and log.grootte < a.grootte:
        verslag.breuk(Breuk(f"de opslag telt {log.grootte} gebeurtenissen, minder dan de "
                            f"{a.grootte} van de bewaarde wortel: de geschiedenis is ingekort"))
    if vast.grootte != verslag.grootte or vast.wortel() != verslag.wortel:
        verslag.breuk(Breuk("de opgeslagen knopen van de boom passen niet bij de bladen"))


def lees_verwerkt(c: Connection, *, vergrendel: bool = False) -> int:
    """Tot waar de leesmodellen zijn bijgewerkt; met `vergrendel` onder het slot van de
    tracking, zodat niemand tegelijk bijwerkt."""
    if vergrendel:
        return lees_positie(c, TRACKING_NAAM)
    return int(c.execute(select(tracking.c.positie).where(tracking.c.naam == TRACKING_NAAM)
                         ).scalar() or 0)


def leg_vast(verbinding: Verbinding, soort: str, grootte: int, breuk: Breuk | None,
             sleutel: bytes) -> None:
    with verbinding() as c:
        lm.leg_controle_vast(c, soort, grootte, breuk, sleutel)
        c.commit()


# -- goedkope toetsen bij elke vraag ----------------------------------------------------------


def snelle_controle(systeem: Gebeurtenisbron, c: Connection) -> Breuk | None:
    """O(1) opzoekingen en één telling: vangt een ingekorte staart, een gewijzigde laatste
    gebeurtenis en elke gewiste of ingevoegde gebeurtenis. Een gewijzigde gebeurtenis midden in
    de geschiedenis vindt alleen de volledige controle."""
    laatste = c.execute(select(lm.bladen).order_by(lm.bladen.c.nummer.desc()).limit(1)).first()
    if laatste is None:
        return None
    ns = systeem.register.recorder.select_notifications(start=laatste.positie, limit=1)
    if not ns or ns[0].id != laatste.positie:
        return Breuk("ontbreekt in de opslag: de staart is ingekort", laatste.positie,
                     laatste.afspraak_id, laatste.versie)
    h = blad_uit_opslag(systeem, ns[0])
    if h != bytes(laatste.hash):
        return _gewijzigd(laatste, ns[0], h)
    aantal = _aantal_tot(systeem, c, laatste.positie)
    if aantal != laatste.nummer + 1:
        return Breuk(f"de opslag telt {aantal} gebeurtenissen tot positie {laatste.positie}, "
                     f"de boom {laatste.nummer + 1}: er is er een gewist of ingevoegd")
    staart = systeem.laatste_positie()
    if staart > laatste.positie:  # aan het eind toegevoegd, nog niet in de boom: echt?
        ns = systeem.register.recorder.select_notifications(start=staart, limit=1)
        if ns and blad_uit_opslag(systeem, ns[0]) is None:
            return Breuk(ONECHT_NIEUW, ns[0].id, str(ns[0].originator_id),
                         ns[0].originator_version)
    return None


def opslagtabel(systeem: Gebeurtenisbron) -> tuple[str, str, bool]:
    """De tabel van de gebeurtenissen, haar positiekolom, en of het SQLite is."""
    recorder: Any = systeem.register.recorder
    if isinstance(recorder, SQLiteApplicationRecorder):
        return f'"{recorder.events_table_name}"', "rowid", True
    return (f'"{recorder.datastore.schema}"."{recorder.events_table_name}"', "notification_id",
            False)


def _aantal_tot(systeem: Gebeurtenisbron, c: Connection, positie: int) -> int:
    tabel, kolom, _ = opslagtabel(systeem)
    q = text(f"SELECT count(*) FROM {tabel} WHERE {kolom} <= :p")
    return int(c.execute(q, {"p": positie}).scalar_one())


# -- echtheid: gebeurtenissen van vóór de sleutel ----------------------------------------------


def ongetekend_tot(systeem: Gebeurtenisbron) -> int:
    """Tot welke positie een gebeurtenis zonder HMAC geldt: die van vóór de sleutel. Draagt de
    eerste gebeurtenis een HMAC (elk register sinds de sleutel), dan geen enkele; anders tot de
    eerste met HMAC, of (nog geen enkele geschreven sinds de sleutel) tot de laatste nu. Een
    gebeurtenis zonder HMAC die daarna verschijnt, schreef het register niet."""
    tabel, kolom, sqlite = opslagtabel(systeem)
    deel = (f"substr(state, 1, {len(ECHT)})" if sqlite
            else f"substring(state from 1 for {len(ECHT)})")
    with systeem.engine.connect() as c:
        eerste = c.execute(text(f"SELECT {deel} = :p FROM {tabel} ORDER BY {kolom} LIMIT 1"),
                           {"p": ECHT}).scalar()
        if eerste is None or eerste:
            return 0
        getekend = c.execute(text(f"SELECT min({kolom}) FROM {tabel} WHERE {deel} = :p"),
                             {"p": ECHT}).scalar()
    return int(getekend) - 1 if getekend is not None else systeem.laatste_positie()


def gedeelde_verbinding(c: Connection) -> Verbinding:
    """Voor een verzoek dat al een verbinding heeft (op SQLite houdt die het schrijfslot)."""
    return lambda: contextlib.nullcontext(c)


# -- de stand voor de API --------------------------------------------------------------------


@dataclass(frozen=True)
class Stand:
    status: str  # INTACT, GESCHONDEN of ONGECONTROLEERD
    grootte: int
    wortel: bytes
    breuk: Breuk | None
    ontdekt_op: datetime | None
    volledig: lm.Controle | None


def stand(systeem: Gebeurtenisbron, c: Connection) -> Stand:
    """De boom en het oordeel: een vastgelegde breuk, anders de snelle toets; INTACT alleen als
    de laatste volledige controle slaagde."""
    boom = OpgeslagenBoom(c)
    open_ = lm.openstaande_breuk(c, systeem.sleutel)
    breuk, ontdekt = (open_.breuk, open_.tijdstip) if open_ else (snelle_controle(systeem, c),
                                                                   datetime.now(UTC))
    volledig = lm.laatste_volledige(c, systeem.sleutel)
    status = ("GESCHONDEN" if breuk else "INTACT" if volledig and volledig.breuk is None
              else "ONGECONTROLEERD")
    return Stand(status, boom.grootte, boom.wortel(), breuk, ontdekt if breuk else None,
                 volledig)


@dataclass(frozen=True)
class Ondertekening:
    publieke_sleutel: bytes
    bericht: bytes
    handtekening: bytes


def onderteken(sleutel_hex: str, grootte: int, wortel: bytes) -> Ondertekening:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    sleutel = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(sleutel_hex.strip()))
    b = merkle.bericht(grootte, wortel)
    publiek = sleutel.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return Ondertekening(publiek, b, sleutel.sign(b))
