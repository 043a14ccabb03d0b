"""Het samenstel van register, opslag en leesmodellen, en het getrackt bijwerken daarvan."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, cast

from eventsourcing.persistence import Recording
from sqlalchemy import Engine, delete, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from register.applicatie.register import Klok, Register, systeemklok
from register.applicatie.transcodering import TupelMapper
from register.projecties.basis import (
    LEESMODEL_VERSIE, TRACKING_NAAM, leesmodel_schema, lees_positie, metadata,
)
from register.projecties.feedlezer import Feed
from register.projecties.integriteit import Breuk, controles, leg_controle_vast
from register.systeem.abonnementen import Abonnementen
from register.systeem.instellingen import Instellingen
from register.systeem.leesmodelcontrole import LEESMODELTABELLEN
from register.systeem.leesmodellen import Leesmodellen, Voortgang
from register.systeem.leesverslag import Leesverslag
from register.systeem.opslag import LEZEN, Opslag, schema_slot
from register.systeem.sleutel import laad_sleutel
from register.systeem.verificatie import GeschondenOpslag, leg_vast, ongetekend_tot

# Wat bij een nieuwe vorm van de leesmodellen weg mag en opnieuw wordt opgebouwd; niet de
# bladen en knopen van de Merkle-boom (het bewijs) en niet de uitslagen van controles.
HERBOUWBAAR = LEESMODELTABELLEN
log = logging.getLogger("register")


def _controles_met_mac(engine: Engine) -> None:
    """Een controletabel van vóór de HMAC krijgt de kolom; haar geslaagde controles tellen
    niet meer (zonder HMAC zijn ze niet van echte te onderscheiden) tot de volgende volledige
    controle."""
    kolommen = {k["name"] for k in inspect(engine).get_columns(controles.name)}
    if "mac" not in kolommen:
        with engine.begin() as conn:
            conn.execute(text(f"ALTER TABLE {controles.name} ADD COLUMN mac VARCHAR(64)"))


class Systeem:
    """Eén register met zijn leesmodellen in dezelfde database."""

    def __init__(self, database_url: str, *, klok: Klok = systeemklok,
                 aggregaat_cache: int | None = None, sleutel: bytes | None = None) -> None:
        """`sleutel`: de geheime sleutel van het register (standaard uit de instellingen of het
        sleutelbestand, zie systeem/sleutel.py); GeenSleutel als er geen bruikbare is."""
        self.opslag = Opslag(database_url)
        instellingen = Instellingen(database_url=database_url)
        cache = instellingen.aggregaat_cache if aggregaat_cache is None else aggregaat_cache
        self.sleutel = sleutel if sleutel is not None else laad_sleutel(instellingen)
        self.engine: Engine = self.opslag.engine()
        with schema_slot(self.engine):
            self.register = Register(self.opslag.eventsourcing_env(), klok=klok,
                                     aggregaat_cache=cache, sleutel=self.sleutel)
            metadata.create_all(self.engine)
            _controles_met_mac(self.engine)
            self._zorg_voor_tracking()
        self.leesverslag = Leesverslag(self.engine)
        cast(TupelMapper, self.register.mapper).ongetekend_tot = ongetekend_tot(self)
        self.feed = Feed(self.engine, lambda: self.register.klok(), LEZEN)
        self.abonnementen = Abonnementen(self.engine, self.sleutel)
        # vóór elke ronde wat de kalender bereikte, vóór wat er nu binnenkomt
        self.leesmodellen = Leesmodellen(self, voor_elke_ronde=self.feed.gevolgen_bij)
        # een register van voor de Merkle-boom krijgt eenmalig zijn bladen
        self.leesmodellen.haal_integriteit_in()
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

    @property
    def onecht(self) -> Breuk | None:
        """De gebeurtenis die het bijwerken niet verwerkte omdat het register haar niet zo
        schreef (zie Leesmodellen)."""
        return self.leesmodellen.onecht

    def bij_werken(self, voortgang: Voortgang | None = None, *,
                   opnames: Sequence[Recording[Any]] = ()) -> int:
        """Verwerkt alle nieuwe gebeurtenissen (zie Leesmodellen.bij_werken); `opnames`: wat
        een schrijfactie in dit proces net vastlegde. Geeft het aantal verwerkte
        gebeurtenissen."""
        return self.leesmodellen.bij_werken(voortgang, opnames=opnames)

    def herbouw(self, voortgang: Voortgang | None = None, *, controleer: bool = True) -> int:
        """Wist alle leesmodellen en bouwt ze opnieuw op uit de gebeurtenissen. Een geschonden
        opslag wordt geweigerd (GeschondenOpslag), tenzij `controleer` uit staat; de bladen van
        de Merkle-boom blijven altijd staan als bewijs."""
        if controleer:
            return self._herbouw_gecontroleerd(voortgang)
        with self.leesmodellen.slot, self.engine.begin() as conn:
            self.leesmodellen.wis(conn)
        return self.bij_werken(voortgang)

    def _herbouw_gecontroleerd(self, voortgang: Voortgang | None) -> int:
        """Eén doorloop die controleert en herbouwt, in één transactie: bij een geschonden
        opslag gaat alles terug en houden de leesmodellen de vastgelegde geschiedenis."""
        try:
            with self.leesmodellen.slot, self.engine.begin() as conn:
                verslag = self.leesmodellen.herbouw_gecontroleerd(conn, voortgang)
                if not verslag.intact:
                    raise GeschondenOpslag(verslag)
                leg_controle_vast(conn, "volledig", verslag.grootte, None, self.sleutel)
        except GeschondenOpslag as g:
            leg_vast(self.engine.connect, "volledig", g.verslag.grootte, g.verslag.eerste,
                     self.sleutel)
            raise
        return verslag.gebeurtenissen + self.bij_werken()  # wat intussen bijkwam

    def sluit(self) -> None:
        self.leesverslag.sluit()
        self.register.close()
        self.engine.dispose()
