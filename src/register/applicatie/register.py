"""De Register-applicatie: elke schrijfactie is hier een paar regels: ophalen, commando, opslaan."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from register.applicatie.transcodering import registreer
from register.domein.actor import Actor, mag_lezen
from register.domein.afspraak import Afspraak, niet_gevonden
from register.domein.fouten import NietGevonden, NietToegestaan, VersieConflict
from register.domein.invoer import (
    BedragInvoer,
    PartijInvoer,
    RelatieInvoer,
    Verantwoording,
    VerplichtingInvoer,
)
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
    afspraak_id: UUID
    versie: int


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
    ) -> None:
        """`aggregaat_cache`: zoveel afspraken in het geheugen (0: geen cache)."""
        if aggregaat_cache is not None:
            # Leeg betekent voor de bibliotheek: geen cache (0 zou juist onbegrensd zijn).
            env = {**(env or {}),
                   "AGGREGATE_CACHE_MAXSIZE": str(aggregaat_cache) if aggregaat_cache > 0 else ""}
        super().__init__(env)
        self.klok = klok
        self.overheden = overheden or Overheden.standaard()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        registreer(transcoder)

    # -- verwijzingen (het domein vraagt, de applicatie weet) ----------------------------------

    def overheid_bestaat(self, overheid_id: str) -> bool:
        return overheid_id in self.overheden

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

    def _wijzig(
        self,
        afspraak_id: UUID | str,
        verwachte_versie: int,
        actor: Actor,
        commando: Callable[[Afspraak, datetime], Any],
    ) -> Opgeslagen:
        a = self.afspraak(afspraak_id, actor)
        if a.version != verwachte_versie:
            raise VersieConflict(verwachte_versie, a.version)
        if not (actor.beheerder or actor.overheid in a.leden):
            raise NietToegestaan(
                "Alleen een partij bij deze afspraak of een beheerder mag haar wijzigen."
            )
        commando(a, self.klok())
        self._sla_op(a, verwachte_versie)
        return Opgeslagen(a.id, a.version)

    def _sla_op(self, a: Afspraak, verwachte_versie: int) -> None:
        try:
            self.save(a)
        except IntegrityError:
            # Een gelijktijdige schrijver was eerder: dezelfde versie bestaat al.
            raise VersieConflict(verwachte_versie, verwachte_versie + 1) from None

    # -- schrijfacties ---------------------------------------------------------------------------

    def vastleggen(
        self,
        *,
        actor: Actor,
        titel: str,
        soort: str,
        inhoud: str,
        programma: str | None,
        partijen: Sequence[PartijInvoer],
        verantwoording: Verantwoording,
        gebieden: Sequence[str] = (),
        verplichtingen: Sequence[VerplichtingInvoer] = (),
        bedragen: Sequence[BedragInvoer] = (),
        relaties: Sequence[RelatieInvoer] = (),
        in_voorbereiding: bool = False,
        vertrouwelijk: bool = False,
        id: UUID | None = None,
    ) -> Opgeslagen:
        if not actor.beheerder and actor.overheid not in {p.overheid for p in partijen}:
            raise NietToegestaan(
                "Alleen een partij bij de afspraak of een beheerder mag haar vastleggen."
            )
        if id is not None and self.afspraak_bestaat(str(id), BEHEER):
            raise VersieConflict(0, self.repository.get(id).version)
        a = Afspraak.leg_vast(
            id=id or uuid4(),
            titel=titel,
            soort=soort,
            inhoud=inhoud,
            programma=programma,
            gebieden=gebieden,
            partijen=partijen,
            verplichtingen=verplichtingen,
            bedragen=bedragen,
            relaties=relaties,
            in_voorbereiding=in_voorbereiding,
            vertrouwelijk=vertrouwelijk,
            verantwoording=verantwoording,
            actor=actor.overheid,
            ontvangen_op=self.klok(),
            verwijzingen=self.verwijzingen(actor),
        )
        self._sla_op(a, 0)
        return Opgeslagen(a.id, a.version)

    def _voer_uit(
        self,
        afspraak_id: UUID | str,
        verwachte_versie: int,
        actor: Actor,
        commando: Callable[..., None],
        *,
        met_verwijzingen: bool,
        **kwargs: Any,
    ) -> Opgeslagen:
        """Een commando op het aggregaat, met de actor, het ontvangstmoment en (waar het
        commando naar andere afspraken of overheden verwijst) de verwijzingen zoals de actor
        ze mag zien."""
        if met_verwijzingen:
            kwargs["verwijzingen"] = self.verwijzingen(actor)
        return self._wijzig(
            afspraak_id,
            verwachte_versie,
            actor,
            lambda a, nu: commando(a, actor=actor.overheid, ontvangen_op=nu, **kwargs),
        )

    def wijzigen(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.wijzig,
                              met_verwijzingen=True, **kwargs)

    def rectificeren(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.rectificeer,
                              met_verwijzingen=True, **kwargs)

    def partij_toetreden(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.laat_partij_toetreden,
                              met_verwijzingen=True, **kwargs)

    def partij_uittreden(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.laat_partij_uittreden,
                              met_verwijzingen=False, **kwargs)

    def ondertekenen(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.onderteken,
                              met_verwijzingen=False, **kwargs)

    def standpunt_innemen(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.neem_standpunt_in,
                              met_verwijzingen=False, **kwargs)

    def verplichting_vastleggen(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.leg_verplichting_vast,
                              met_verwijzingen=True, **kwargs)

    def verplichting_wijzigen(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.wijzig_verplichting,
                              met_verwijzingen=True, **kwargs)

    def verplichting_nakomen(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.kom_verplichting_na,
                              met_verwijzingen=False, **kwargs)

    def verplichting_vervallen(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.laat_verplichting_vervallen,
                              met_verwijzingen=False, **kwargs)

    def voortgang_rapporteren(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.rapporteer_voortgang,
                              met_verwijzingen=False, **kwargs)

    def status_wijzigen(
        self,
        afspraak_id: UUID | str,
        verwachte_versie: int,
        actor: Actor,
        soort: type[Afspraak.Event],
        **kwargs: Any,
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor,
                              lambda a, **kw: a.wijzig_status(soort, **kw),
                              met_verwijzingen=False, **kwargs)

    def afhechten(
        self, afspraak_id: UUID | str, verwachte_versie: int, actor: Actor, **kwargs: Any
    ) -> Opgeslagen:
        return self._voer_uit(afspraak_id, verwachte_versie, actor, Afspraak.hecht_af,
                              met_verwijzingen=True, **kwargs)


@dataclass(frozen=True)
class Verwijzingen:
    """De verwijzingen zoals één actor ze mag zien."""

    register: Register
    actor: Actor

    def overheid_bestaat(self, overheid_id: str) -> bool:
        return self.register.overheid_bestaat(overheid_id)

    def afspraak_bestaat(self, afspraak_id: str) -> bool:
        return self.register.afspraak_bestaat(afspraak_id, self.actor)


BEHEER = Actor("urn:afsprakenregister:overheid:register", beheerder=True)


def vandaag_in_nederland(nu: datetime | None = None) -> date:
    from zoneinfo import ZoneInfo

    return (nu or datetime.now(UTC)).astimezone(ZoneInfo("Europe/Amsterdam")).date()
