"""Het samenstel van register, opslag en leesmodellen, en het getrackt bijwerken daarvan."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from register.applicatie.register import Klok, Register, systeemklok
from register.domein.afspraak import Afspraak
from register.projecties.afspraken import AfsprakenProjectie, afspraken, kenmerken
from register.projecties.basis import (
    LEESMODEL_VERSIE, Projectie, leesmodel_schema, lees_positie, metadata, zet_positie,
)
from register.projecties.gebeurtenissen import GebeurtenissenProjectie, gebeurtenissen
from register.projecties.peil import PeilProjectie
from register.projecties.peil import versies as peil_versies
from register.projecties.peil import waarden as peil_waarden
from register.projecties.integriteit import IntegriteitProjectie, leg_controle_vast
from register.systeem.instellingen import Instellingen
from register.systeem.opslag import Opslag, schema_slot
from register.systeem.verificatie import (
    GeschondenOpslag, haal_integriteit_in, herbouw_gecontroleerd, leg_vast,
)

TRACKING_NAAM = "leesmodellen"
# Wat bij een nieuwe vorm van de leesmodellen weg mag en opnieuw wordt opgebouwd; niet de
# bladen en knopen van de Merkle-boom (het bewijs) en niet de uitslagen van controles.
HERBOUWBAAR = (gebeurtenissen, afspraken, kenmerken, peil_versies, peil_waarden)
log = logging.getLogger("register")
BLOK = 500

Voortgang = Callable[[int, int], None]


class Systeem:
    """Eén register met zijn leesmodellen in dezelfde database."""

    def __init__(self, database_url: str, *, klok: Klok = systeemklok,
                 aggregaat_cache: int | None = None) -> None:
        self.opslag = Opslag(database_url)
        cache = Instellingen().aggregaat_cache if aggregaat_cache is None else aggregaat_cache
        self.engine: Engine = self.opslag.engine()
        with schema_slot(self.engine):
            self.register = Register(self.opslag.eventsourcing_env(), klok=klok,
                                     aggregaat_cache=cache)
            metadata.create_all(self.engine)
            self._zorg_voor_tracking()
        self.projecties: list[Projectie] = [GebeurtenissenProjectie(), AfsprakenProjectie(),
                                            PeilProjectie(), IntegriteitProjectie()]
        self._slot = threading.Lock()
        haal_integriteit_in(self)  # een register van voor de Merkle-boom krijgt eenmalig zijn bladen
        with schema_slot(self.engine):
            self._leesmodellen_bij_de_tijd()

    def _leesmodellen_bij_de_tijd(self) -> None:
        """Leesmodellen van een eerdere vorm (LEESMODEL_VERSIE) worden opnieuw aangemaakt en
        opgebouwd; de bladen van de Merkle-boom en de tokens blijven staan. Uit een geschonden
        opslag wordt niet herbouwd, zoals bij `register herbouw`; het register start wel, zodat
        `register verifieer` en de API de schending kunnen melden."""
        sleutel = leesmodel_schema.c.naam == TRACKING_NAAM
        with self.engine.begin() as conn:
            versie = conn.execute(select(leesmodel_schema.c.versie).where(sleutel)).scalar()
            nieuw = versie is None and lees_positie(conn, TRACKING_NAAM) == 0
        if versie != LEESMODEL_VERSIE and not nieuw:
            log.warning("De leesmodellen hebben vorm %s, deze versie van het register vorm %s: "
                        "ze worden opnieuw opgebouwd.", versie, LEESMODEL_VERSIE)
            with self.engine.begin() as conn:
                for tabel in HERBOUWBAAR:
                    tabel.drop(conn, checkfirst=True)
            metadata.create_all(self.engine)
            try:
                self.herbouw()
            except GeschondenOpslag as g:
                # Geen herbouw uit een vervalste geschiedenis; de breuk is vastgelegd en de API
                # meldt GESCHONDEN. Bij de volgende start wordt het opnieuw geprobeerd.
                log.error("De leesmodellen zijn niet opnieuw opgebouwd: %s", g)
                return
        if versie != LEESMODEL_VERSIE:
            with self.engine.begin() as conn:
                conn.execute(delete(leesmodel_schema).where(sleutel))
                conn.execute(insert(leesmodel_schema).values(naam=TRACKING_NAAM,
                                                             versie=LEESMODEL_VERSIE))

    def _zorg_voor_tracking(self) -> None:
        try:
            with self.engine.begin() as conn:
                lees_positie(conn, TRACKING_NAAM)
        except IntegrityError:
            pass  # een ander proces maakte de rij tegelijk aan

    def laatste_positie(self) -> int:
        return self.register.recorder.max_notification_id() or 0

    def verwerkt_tot(self) -> int:
        with self.engine.begin() as conn:
            return lees_positie(conn, TRACKING_NAAM)

    def bij_werken(self, voortgang: Voortgang | None = None) -> int:
        """Verwerkt alle nieuwe gebeurtenissen; per blok leesmodellen en positie in één
        transactie. Geeft het aantal verwerkte gebeurtenissen."""
        totaal = 0
        with self._slot:
            while True:
                n = self._blok()
                totaal += n
                if voortgang:
                    voortgang(totaal, n)
                if n < BLOK:
                    return totaal

    def _blok(self) -> int:
        with self.engine.begin() as conn:
            positie = lees_positie(conn, TRACKING_NAAM)
            notificaties = self.register.recorder.select_notifications(
                start=positie, limit=BLOK, inclusive_of_start=False)
            for n in notificaties:
                self._verwerk(conn, n)
            if notificaties and not zet_positie(conn, TRACKING_NAAM, positie,
                                                notificaties[-1].id):
                conn.rollback()  # een ander proces was ons voor; zijn werk telt
                return 0
            return len(notificaties)

    def _verwerk(self, conn: Connection, notificatie: Any) -> None:
        e = cast(Afspraak.Event, self.register.mapper.to_domain_event(notificatie))
        for p in self.projecties:
            p.verwerk(conn, e, notificatie.id)

    def herbouw(self, voortgang: Voortgang | None = None, *, controleer: bool = True) -> int:
        """Wist alle leesmodellen en bouwt ze opnieuw op uit de gebeurtenissen. Een geschonden
        opslag wordt geweigerd (GeschondenOpslag), tenzij `controleer` uit staat; de bladen van
        de Merkle-boom blijven altijd staan als bewijs."""
        if controleer:
            return self._herbouw_gecontroleerd(voortgang)
        with self._slot, self.engine.begin() as conn:
            for p in self.projecties:
                p.wis(conn)
            lees_positie(conn, TRACKING_NAAM)
            conn.execute(metadata.tables["projectie_tracking"].update().values(positie=0))
        return self.bij_werken(voortgang)

    def _herbouw_gecontroleerd(self, voortgang: Voortgang | None) -> int:
        """Eén doorloop die controleert en herbouwt, in één transactie: bij een geschonden
        opslag gaat alles terug en houden de leesmodellen de vastgelegde geschiedenis."""
        try:
            with self._slot, self.engine.begin() as conn:
                verslag = herbouw_gecontroleerd(self, conn, self.projecties, voortgang)
                if not verslag.intact:
                    raise GeschondenOpslag(verslag)
                leg_controle_vast(conn, "volledig", verslag.grootte, None)
        except GeschondenOpslag as g:
            leg_vast(self.engine.connect, "volledig", g.verslag.grootte, g.verslag.eerste)
            raise
        return verslag.gebeurtenissen + self.bij_werken()  # wat intussen bijkwam

    def sluit(self) -> None:
        self.register.close()
        self.engine.dispose()
