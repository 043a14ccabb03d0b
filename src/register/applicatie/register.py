"""De Register-applicatie: elke schrijfactie is hier een paar regels: ophalen, commando, opslaan."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import ClassVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, Recording

from register.applicatie.transcodering import TupelMapper, registreer
from register.domein.actor import Actor, mag_lezen
from register.domein.afspraak import Afspraak, niet_gevonden
from register.domein.fouten import NietGevonden, NietToegestaan, VersieConflict
from register.domein.commandos import Commando, Vastleggen
from register.domein.verantwoording import Uitvoering
from register.domein.overheden import Overheden

Klok = Callable[[], datetime]

# Zoveel afspraken houdt Register in het geheugen, zodat een commando niet eerst de hele
# geschiedenis opnieuw afspeelt. Vóór elk commando haalt de cache wel de gebeurtenissen ná
# de bewaarde versie op (fastforward): zo blijft zij juist als andere processen schrijven.
AGGREGAAT_CACHE = 1000


def systeemklok() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Opgeslagen:
    """Wat een schrijfactie vastlegde; `opnames`: haar gebeurtenissen zoals de opslag ze
    opnam (met hun positie), waaruit de leesmodellen bijwerken zonder ze terug te lezen."""

    afspraak_id: UUID
    versie: int
    opnames: tuple[Recording[UUID], ...] = field(default=(), compare=False, repr=False)


class Register(Application[UUID]):
    """Alle schrijfacties op het register."""

    name = "Register"
    env: ClassVar[dict[str, str]] = {
        "MAPPER_TOPIC": "register.applicatie.transcodering:TupelMapper",
        "AGGREGATE_CACHE_MAXSIZE": str(AGGREGAAT_CACHE),
        "AGGREGATE_CACHE_FASTFORWARD": "y",
    }

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        klok: Klok = systeemklok,
        overheden: Overheden | None = None,
        aggregaat_cache: int | None = None,
        sleutel: bytes | None = None,
    ) -> None:
        """`aggregaat_cache`: zoveel afspraken in het geheugen (0: geen cache); `sleutel`: de
        geheime sleutel van het register, waarmee elke gebeurtenis een HMAC krijgt (zonder:
        geen HMAC, zoals in de unittests in het geheugen)."""
        self._sleutel = sleutel
        if aggregaat_cache is not None:
            # Leeg betekent voor de bibliotheek: geen cache (0 zou juist onbegrensd zijn).
            env = {**(env or {}),
                   "AGGREGATE_CACHE_MAXSIZE": str(aggregaat_cache) if aggregaat_cache > 0 else ""}
        super().__init__(env)
        self.klok = klok
        self.overheden = overheden or Overheden.standaard()

    def construct_mapper(self) -> Mapper[UUID]:
        mapper = super().construct_mapper()
        if isinstance(mapper, TupelMapper):
            mapper.sleutel = self._sleutel
        return mapper

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        registreer(transcoder)

    # -- verwijzingen (het domein vraagt, de applicatie weet) ----------------------------------

    def overheid_bestaat(self, overheid_id: str) -> bool:
        return overheid_id in self.overheden

    def overheid_bestond_op(self, overheid_id: str, dag: date) -> bool:
        o = self.overheden.get(overheid_id)
        return o is not None and o.bestaat_op(dag)

    def afspraak_bestaat(self, afspraak_id: str, actor: Actor | None = None) -> bool:
        """Bestaat en is zichtbaar voor de actor: een vertrouwelijke afspraak bestaat niet voor
        wie haar niet mag lezen, ook niet als doel van een relatie."""
        try:
            self.afspraak(afspraak_id, actor)
        except NietGevonden:
            return False
        return True

    def verwijzingen(self, actor: Actor) -> Verwijzingen:
        return Verwijzingen(self, actor)

    # -- lezen voor schrijven ------------------------------------------------------------------

    def afspraak(self, afspraak_id: UUID | str, actor: Actor | None = None) -> Afspraak:
        """Alleen de canonieke vorm (kleine letters, 8-4-4-4-12) noemt een afspraak: ids in
        gebeurtenissen en leesmodellen worden als tekst vergeleken, dus een andere schrijfwijze
        zou worden opgeslagen en nooit meer gevonden (en de controle op zichzelf omzeilen)."""
        tekst = str(afspraak_id)
        try:
            uid = UUID(tekst)
            if str(uid) != tekst:
                raise ValueError(tekst)
            a: Afspraak = self.repository.get(uid)
        except (ValueError, AggregateNotFoundError):
            raise niet_gevonden(tekst) from None
        if not mag_lezen(actor, a.vertrouwelijk, a.ooit_partijen):
            raise niet_gevonden(str(afspraak_id))
        return a

    def _sla_op(self, a: Afspraak, verwachte_versie: int) -> Opgeslagen:
        try:
            opnames = self.save(a)
        except IntegrityError:
            # Een gelijktijdige schrijver was eerder: dezelfde versie bestaat al.
            raise VersieConflict(verwachte_versie, verwachte_versie + 1) from None
        return Opgeslagen(a.id, a.version, tuple(opnames))

    def _uitvoering(self, actor: Actor) -> Uitvoering:
        return Uitvoering(actor.overheid, self.klok(), self.verwijzingen(actor), actor.beheerder)

    # -- schrijfacties ---------------------------------------------------------------------------

    def vastleggen(self, actor: Actor, commando: Vastleggen) -> Opgeslagen:
        """Een nieuwe afspraak; alleen een partij erbij of een beheerder."""
        if not actor.beheerder and actor.overheid not in {p.overheid for p in commando.partijen}:
            raise NietToegestaan(
                "Alleen een partij bij de afspraak of een beheerder mag haar vastleggen."
            )
        if commando.id is not None and self.afspraak_bestaat(str(commando.id), BEHEER):
            raise VersieConflict(0, self.repository.get(commando.id).version)
        a = Afspraak.leg_vast(commando, self._uitvoering(actor), commando.id or uuid4())
        return self._sla_op(a, 0)

    def voer_uit(self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor,
                 commando: Commando) -> Opgeslagen:
        """Een commando op een bestaande afspraak: ophalen, versie en recht controleren, het
        aggregaat laten beslissen, opslaan."""
        a = self.afspraak(afspraak_id, actor)
        if a.version != verwachte_versie:
            raise VersieConflict(verwachte_versie, a.version)
        if not (actor.beheerder or actor.overheid in a.leden):
            raise NietToegestaan(
                "Alleen een partij bij deze afspraak of een beheerder mag haar wijzigen."
            )
        a.voer_uit(commando, self._uitvoering(actor))
        return self._sla_op(a, verwachte_versie)


@dataclass(frozen=True)
class Verwijzingen:
    """De verwijzingen zoals één actor ze mag zien."""

    register: Register
    actor: Actor

    def overheid_bestaat(self, overheid_id: str) -> bool:
        return self.register.overheid_bestaat(overheid_id)

    def overheid_bestond_op(self, overheid_id: str, dag: date) -> bool:
        return self.register.overheid_bestond_op(overheid_id, dag)

    def afspraak_bestaat(self, afspraak_id: str) -> bool:
        return self.register.afspraak_bestaat(afspraak_id, self.actor)


BEHEER = Actor("urn:afsprakenregister:overheid:register", beheerder=True)


def vandaag_in_nederland(nu: datetime | None = None) -> date:
    from zoneinfo import ZoneInfo

    return (nu or datetime.now(UTC)).astimezone(ZoneInfo("Europe/Amsterdam")).date()
