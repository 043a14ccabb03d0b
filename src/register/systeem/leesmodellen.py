"""De leesmodellen bijwerken: elke gebeurtenis wordt één keer gedecodeerd, haar feit en bladhash
één keer berekend (`Verwerking`), en per blok aan elk leesmodel gegeven; de leesmodellen en de
positie in één transactie, zodat elke gebeurtenis precies één keer telt.

Drie wegen, dezelfde leesmodellen:
- `bij_werken`: wat nieuw is in de opslag. Na een schrijfactie met de opnames die zij net
  maakte (`opnames`), zonder ze terug te lezen, als er niets tussen de positie en haar ligt.
- `herbouw`: alles opnieuw, in één doorloop die elke gebeurtenis ook toetst aan haar
  vastgelegde blad (gecontroleerd); een geschonden opslag draait alles terug.
- `haal_integriteit_in`: eenmalig de bladen van een register van vóór de Merkle-boom.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from eventsourcing.persistence import Notification, Recording
from sqlalchemy import Connection, Index, update

from register.applicatie.transcodering import OnechteGebeurtenis
from register.domein import merkle
from register.projecties.afspraken import AfsprakenProjectie
from register.projecties.basis import (
    TRACKING_NAAM, Leesmodel, Verwerking, lees_positie, tracking, verwerking, zet_positie,
)
from register.projecties.feed import FeedProjectie
from register.projecties.gebeurtenissen import GebeurtenissenProjectie
from register.projecties import integriteit as lm
from register.projecties.integriteit import Breuk, IntegriteitProjectie, OpgeslagenBoom
from register.projecties.peil import PeilProjectie
from register.systeem.bron import Gebeurtenisbron
from register.systeem.verificatie import (
    BLOK as TOETSBLOK, Samenloop, Verslag, gedeelde_verbinding, leg_vast, lees_verwerkt,
    sluit_af, vastgelegde_bladen,
)

log = logging.getLogger("register")
BLOK = 500

Voortgang = Callable[[int, int], None]
Transactie = Callable[[], AbstractContextManager[Connection]]


def alle_leesmodellen() -> list[Leesmodel]:
    """In deze volgorde: de feed leest wat de andere in hetzelfde blok schreven."""
    return [GebeurtenissenProjectie(), AfsprakenProjectie(), PeilProjectie(),
            IntegriteitProjectie(), FeedProjectie()]


class Leesmodellen:
    """Werkt de leesmodellen van één register bij; één tegelijk per proces (`slot`), en over
    processen heen door de vergrendelde trackingrij."""

    def __init__(self, bron: Gebeurtenisbron, modellen: Sequence[Leesmodel] | None = None,
                 *, voor_elke_ronde: Callable[[], object] | None = None,
                 transactie: Transactie | None = None) -> None:
        """`voor_elke_ronde`: wat vóór elke ronde van `bij_werken` gebeurt, onder hetzelfde
        slot (de gevolgen die de kalender bereikte, vóór wat er nu binnenkomt).
        `transactie`: waar de leesmodellen en hun positie staan (standaard naast de
        gebeurtenissen; een herbouw naast de lopende schrijft elders, zie systeem/naast.py)."""
        self.bron = bron
        self.transactie: Transactie = transactie or bron.engine.begin
        self.modellen = list(alle_leesmodellen() if modellen is None else modellen)
        self.bladen = any(isinstance(m, IntegriteitProjectie) for m in self.modellen)
        self.voor_elke_ronde = voor_elke_ronde
        self.slot = threading.Lock()
        self.onecht: Breuk | None = None

    # -- één gebeurtenis, één blok ------------------------------------------------------------

    def verwerking(self, n: Notification, *, getoetst: bool = False) -> Verwerking:
        """Decodeert een notificatie (OnechteGebeurtenis als het register haar niet zo schreef)
        en berekent één keer wat de leesmodellen nodig hebben."""
        e: Any = self.bron.register.mapper.to_domain_event(n)
        return verwerking(e, n.id, blad=self.bladen, getoetst=getoetst)

    def verwerk(self, conn: Connection, blok: Sequence[Verwerking]) -> None:
        if blok:
            for m in self.modellen:
                m.verwerk(conn, blok)

    def wis(self, conn: Connection) -> None:
        for m in self.modellen:
            m.wis(conn)
        lees_positie(conn, TRACKING_NAAM)
        conn.execute(update(tracking).where(tracking.c.naam == TRACKING_NAAM).values(positie=0))

    # -- bijwerken ----------------------------------------------------------------------------

    def bij_werken(self, voortgang: Voortgang | None = None, *,
                   opnames: Sequence[Recording[Any]] = (), tot: int | None = None) -> int:
        """Verwerkt alle nieuwe gebeurtenissen (met `tot` alleen tot en met die positie); per
        blok leesmodellen en positie in één transactie. `opnames`: wat een schrijfactie in dit
        proces net vastlegde. Geeft het aantal verwerkte gebeurtenissen."""
        totaal = 0
        with self.slot:
            if self.voor_elke_ronde is not None:
                self.voor_elke_ronde()
            if opnames and (n := self._blok(_notificaties(opnames))) is not None:
                return n  # de opnames sloten aan; wat daarna kwam, werkt zijn schrijver bij
            while True:
                n = self._blok(tot=tot) or 0
                totaal += n
                if voortgang:
                    voortgang(totaal, n)
                if n < BLOK:
                    return totaal

    def _blok(self, opgenomen: list[Notification] | None = None, tot: int | None = None
              ) -> int | None:
        """Eén blok: uit de opslag, of de `opgenomen` notificaties als die precies op de
        positie aansluiten (anders None: niets gedaan). Een gebeurtenis die het register niet
        zo schreef (OnechteGebeurtenis) wordt nooit verwerkt: de leesmodellen blijven staan
        vóór haar, de breuk wordt één keer vastgelegd (de API meldt GESCHONDEN) en het
        bijwerken gaat pas verder als de opslag hersteld is."""
        onecht: tuple[Notification, OnechteGebeurtenis] | None = None
        with self.transactie() as conn:
            positie = lees_positie(conn, TRACKING_NAAM)
            if opgenomen is not None and not _sluit_aan(positie, opgenomen):
                return None
            notificaties = opgenomen if opgenomen is not None else (
                self.bron.register.recorder.select_notifications(
                    start=positie, limit=BLOK, stop=tot, inclusive_of_start=False))
            blok: list[Verwerking] = []
            for n in notificaties:
                try:
                    blok.append(self.verwerking(n))
                except OnechteGebeurtenis as e:  # gedecodeerd vóór elk leesmodel: niets half
                    onecht = (n, e)
                    break
            self.verwerk(conn, blok)
            if blok and not zet_positie(conn, TRACKING_NAAM, positie, blok[-1].positie):
                conn.rollback()  # een ander proces was ons voor; zijn werk telt
                return 0
        if onecht is not None:  # na de transactie: op SQLite houdt die het schrijfslot
            self._meld_onecht(*onecht)
        return len(blok)  # minder dan een vol blok (ook vóór een onechte): klaar

    def _meld_onecht(self, n: Notification, e: OnechteGebeurtenis) -> None:
        breuk = Breuk(f"niet echt: {e}", n.id, str(n.originator_id), n.originator_version)
        if self.onecht != breuk:
            log.error("Gebeurtenis op positie %s wordt niet verwerkt: %s", n.id, breuk)
            leg_vast(self.bron.engine.connect, "bijwerken", n.id, breuk, self.bron.sleutel)
            self.onecht = breuk

    # -- herbouwen ----------------------------------------------------------------------------

    def herbouw_gecontroleerd(self, c: Connection, voortgang: Voortgang | None = None
                              ) -> Verslag:
        """Controle en herbouw in één doorloop, binnen de transactie `c` van de aanroeper: elke
        gebeurtenis wordt één keer gelezen, gedecodeerd en gehasht, getoetst aan haar
        vastgelegde blad (zoals `verifieer`) en meteen door de leesmodellen verwerkt. Is het
        verslag niet intact, dan moet de aanroeper de transactie terugdraaien: de leesmodellen
        nemen een geschonden geschiedenis nooit over. Verwerkt tot de laatste positie bij het
        begin; wat daarna kwam, doet het gewone bijwerken."""
        with _ruime_cache(c), _zelden_opruimen():
            return self._herbouw_gecontroleerd(c, voortgang)

    def _herbouw_gecontroleerd(self, c: Connection, voortgang: Voortgang | None) -> Verslag:
        verwerkt = lees_verwerkt(c, vergrendel=True)  # niemand werkt intussen bij
        tot = max(self.bron.laatste_positie(), lm.laatste_positie(c))
        boom = OpgeslagenBoom(c)
        verslag = Verslag(grootte=boom.grootte, wortel=boom.wortel())
        self.wis(c)
        indexen = self._indexen_weg(c)
        log_ = merkle.Rand()
        samen = Samenloop(verslag, vastgelegde_bladen(gedeelde_verbinding(c), tot, boom.grootte))
        positie = 0
        for ns in self._uit_opslag(tot):
            blok: list[Verwerking] = []
            for n in ns:
                try:
                    v: Verwerking | None = self.verwerking(n, getoetst=True)
                except Exception:
                    v = None
                h = v.blad if v is not None else None
                log_.voeg_toe(h or merkle.blad_hash(b"onleesbaar:" + n.state))
                samen.vergelijk(n, h, verwerkt)
                if v is None:
                    if verslag.intact:  # nog niet verwerkt en niet te lezen: de fout zelf
                        self.verwerking(n)
                    continue
                blok.append(v)
            self.verwerk(c, blok)
            zet_positie(c, TRACKING_NAAM, positie, ns[-1].id)
            positie = ns[-1].id
            if voortgang:
                voortgang(verslag.gebeurtenissen, len(ns))
        samen.gewist_tot(None)
        sluit_af(verslag, log_, samen.vast)
        for ix in indexen:
            ix.create(c)
        return verslag

    def _indexen_weg(self, c: Connection) -> list[Index]:
        """Op SQLite de secundaire indexen van de leesmodellen (`herbouw_indexen`) weg voor een
        volledige herbouw: na afloop in één keer opgebouwd (sorteren) kost minder dan elke rij
        in een index in willekeurige volgorde. Binnen de transactie, dus lezers zien tot het
        einde de oude (WAL). Niet op PostgreSQL: daar zou DROP INDEX elke lezer van de tabel
        tot het einde van de herbouw laten wachten."""
        if c.dialect.name != "sqlite":
            return []
        indexen = [ix for m in self.modellen for ix in getattr(m, "herbouw_indexen", ())]
        for ix in indexen:
            ix.drop(c)
        return indexen

    def _uit_opslag(self, tot: int, vanaf: int | None = None
                    ) -> Iterator[Sequence[Notification]]:
        """De notificaties tot en met `tot` in blokken; zonder `vanaf` zonder ondergrens (ook
        een gebeurtenis op positie 0 of lager telt mee)."""
        start = vanaf
        while True:
            ns = self.bron.register.recorder.select_notifications(
                start=start, limit=TOETSBLOK, stop=tot, inclusive_of_start=False)
            if ns:
                yield ns
            if len(ns) < TOETSBLOK:
                return
            start = ns[-1].id

    def haal_integriteit_in(self) -> int:
        """Een register dat al gebeurtenissen had voordat het leesmodel 'integriteit' bestond,
        krijgt eenmalig zijn bladen, onder het slot van de tracking zodat niemand tegelijk
        bijwerkt."""
        integriteit = [m for m in self.modellen if isinstance(m, IntegriteitProjectie)]
        with self.bron.engine.begin() as c:
            tot = lees_verwerkt(c, vergrendel=True)
            vanaf = lm.laatste_positie(c)
            if vanaf >= tot or not integriteit:
                return 0
            n = 0
            for ns in self._uit_opslag(tot, vanaf):
                blok: list[Verwerking] = []
                for notificatie in ns:
                    try:
                        blok.append(self.verwerking(notificatie))
                    except OnechteGebeurtenis:
                        break  # nooit in de boom; `verifieer` en de API melden haar
                integriteit[0].verwerk(c, blok)
                n += len(blok)
                if len(blok) < len(ns):
                    break
            return n


# Zoveel KiB paginacache krijgt de verbinding van een volledige herbouw op SQLite (standaard
# 2 MB): de primaire sleutels met een uuid vooraan worden in willekeurige volgorde gevuld, en
# wat in één grote transactie uit een kleine cache valt, gaat eerst naar de WAL en komt er bij
# de volgende aanraking weer uit. Daarna weer de oude grootte (de verbinding gaat terug in de
# pool; het geheugen komt vrij).
HERBOUW_CACHE_KIB = 256 * 1024


@contextmanager
def _ruime_cache(c: Connection) -> Iterator[None]:
    """Op SQLite een ruime paginacache zolang de herbouw duurt, ook als zij faalt."""
    if c.dialect.name != "sqlite":
        yield
        return
    oud = int(c.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    c.exec_driver_sql(f"PRAGMA cache_size=-{HERBOUW_CACHE_KIB}")
    try:
        yield
    finally:
        c.exec_driver_sql(f"PRAGMA cache_size={oud}")


# De drempels van de garbage collector zolang een volledige herbouw duurt (standaard 700, 10,
# 10): elk blok maakt tienduizenden kortlevende objecten (gebeurtenissen, feiten, rijen) zonder
# kringen, en bij elke 700 nieuwe liep de collector, bij elke 7.000 ook door wat al die blokken
# overleefde. Gemeten op 10k gebeurtenissen: 10 à 15% van de herbouwtijd minder.
HERBOUW_GC_DREMPELS = (50_000, 20, 100)


@contextmanager
def _zelden_opruimen() -> Iterator[None]:
    """Ruimere drempels voor de garbage collector zolang de herbouw duurt, ook als zij faalt."""
    oud = gc.get_threshold()
    gc.set_threshold(*HERBOUW_GC_DREMPELS)
    try:
        yield
    finally:
        gc.set_threshold(*oud)


def _notificaties(opnames: Sequence[Recording[Any]]) -> list[Notification]:
    return [r.notification for r in opnames]


def _sluit_aan(positie: int, ns: Sequence[Notification]) -> bool:
    """Of deze notificaties de eerstvolgende in de opslag zijn: aaneengesloten, direct na de
    positie. Anders ligt er mogelijk iets tussen (een ander proces, of een gat in de reeks op
    PostgreSQL) en leest het bijwerken uit de opslag."""
    return all(n.id == positie + 1 + i for i, n in enumerate(ns))
