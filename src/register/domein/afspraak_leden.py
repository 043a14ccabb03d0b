"""De commando's over partijen: toetreden, uittreden, ondertekenen, standpunt innemen."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from register.domein.commandos import (
    Ondertekenen, PartijLatenToetreden, PartijLatenUittreden, StandpuntInnemen,
)
from register.domein.fouten import Fouten, NietToegestaan
from register.domein.invoer import lees_partij
from register.domein.verantwoording import Uitvoering, controleer_verwijzingen, maak_meta
from register.domein.waarden import MAX_TEKST, STANDPUNTEN, keuze, tekst


class PartijCommandos:
    """Deel van het aggregaat Afspraak; de gebeurtenissen staan genest in Afspraak."""

    leden: dict[str, Any]
    PartijToegetreden: Any
    PartijUitgetreden: Any
    Ondertekend: Any
    StandpuntIngenomen: Any
    id: Any

    if TYPE_CHECKING:  # geleverd door Afspraak en de andere delen
        def _niet_afgehecht(self) -> None: ...

        def _nieuw(self, event_class: Any, ontvangen_op: datetime, **kwargs: Any) -> None: ...

    def laat_partij_toetreden(self, c: PartijLatenToetreden, u: Uitvoering) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        p = lees_partij(c.partij, "partij", f)
        controleer_verwijzingen(u.verwijzingen, (p,), (), (), f, eigen_id=str(self.id),
                                partij_pad="partij", op=meta.geldig_vanaf)
        if p.overheid in self.leden:
            f.voeg_toe("partij.overheid", "is al partij bij deze afspraak")
        f.controleer()
        self._nieuw(self.PartijToegetreden, u.ontvangen_op, meta=meta, partij=p)

    def laat_partij_uittreden(self, c: PartijLatenUittreden, u: Uitvoering) -> None:
        self._niet_afgehecht()
        if c.overheid != u.actor and not u.beheerder:
            raise NietToegestaan("Een partij treedt alleen zelf uit; het uittreden van een "
                                 "andere partij legt een beheerder vast.")
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        if c.overheid not in self.leden:
            f.voeg_toe("overheid", "is geen partij bij deze afspraak")
        elif len(self.leden) <= 2:
            f.voeg_toe("overheid", "een afspraak houdt ten minste twee partijen")
        f.controleer()
        self._nieuw(self.PartijUitgetreden, u.ontvangen_op, meta=meta, overheid=c.overheid)

    def _voor_zichzelf(self, overheid: str, u: Uitvoering) -> None:
        """Een partij legt haar eigen ondertekening en standpunt vast, of die van wie zij
        namens optreedt; een beheerder die van iedere partij."""
        eigen = self.leden.get(u.actor)
        if not (u.beheerder or overheid == u.actor
                or (eigen is not None and overheid in eigen.namens)):
            raise NietToegestaan("Een partij legt alleen haar eigen ondertekening en standpunt "
                                 "vast, of die van wie zij namens optreedt.")

    def _weg_alleen_zelf(self, waren: set[str], blijven: set[str], u: Uitvoering) -> None:
        """Een partij haalt geen andere partij weg (de maker zou zo zijn toegang kunnen
        verliezen); dat legt een beheerder vast."""
        weg = waren - blijven - {u.actor}
        if weg and not u.beheerder:
            raise NietToegestaan("Een partij haalt geen andere partij weg ("
                                 + ", ".join(sorted(weg)) + "); dat legt een beheerder vast.")

    def _partij(self, overheid: str, f: Fouten) -> str:
        if overheid not in self.leden:
            f.voeg_toe("overheid", "is geen partij bij deze afspraak")
        return overheid

    def onderteken(self, c: Ondertekenen, u: Uitvoering) -> None:
        self._niet_afgehecht()
        self._voor_zichzelf(c.overheid, u)
        f = Fouten()
        v = c.verantwoording
        meta = maak_meta(replace(v, tijd=replace(
            v.tijd, juridisch_werkend_vanaf=v.tijd.juridisch_werkend_vanaf or c.ondertekend_op)),
            u.actor, f)
        self._partij(c.overheid, f)
        f.controleer()
        self._nieuw(self.Ondertekend, u.ontvangen_op, meta=meta, overheid=c.overheid,
                    ondertekend_op=c.ondertekend_op)

    def neem_standpunt_in(self, c: StandpuntInnemen, u: Uitvoering) -> None:
        self._niet_afgehecht()
        self._voor_zichzelf(c.overheid, u)
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        self._partij(c.overheid, f)
        s = keuze(c.standpunt, STANDPUNTEN, "standpunt", f)
        vw = tekst(c.voorwaarden, "voorwaarden", f, verplicht=s == "VOORWAARDELIJK",
                   maximum=MAX_TEKST)
        f.controleer()
        self._nieuw(self.StandpuntIngenomen, u.ontvangen_op, meta=meta, overheid=c.overheid,
                    standpunt=s, voorwaarden=vw)
