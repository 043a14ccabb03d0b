"""De commando's over partijen: toetreden, uittreden, ondertekenen, standpunt innemen."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from register.domein.fouten import Fouten
from register.domein.invoer import PartijInvoer, Verantwoording, lees_partij
from register.domein.verantwoording import Verwijzingen, controleer_verwijzingen, maak_meta
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

    def laat_partij_toetreden(self, *, partij: PartijInvoer, verantwoording: Verantwoording,
                              actor: str, ontvangen_op: datetime,
                              verwijzingen: Verwijzingen) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(verantwoording, actor, f)
        p = lees_partij(partij, "partij", f)
        controleer_verwijzingen(verwijzingen, (p,), (), (), f, eigen_id=str(self.id),
                                partij_pad="partij")
        if p.overheid in self.leden:
            f.voeg_toe("partij.overheid", "is al partij bij deze afspraak")
        f.controleer()
        self._nieuw(self.PartijToegetreden, ontvangen_op, meta=meta, partij=p)

    def laat_partij_uittreden(self, *, overheid: str, verantwoording: Verantwoording,
                              actor: str, ontvangen_op: datetime) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(verantwoording, actor, f)
        if overheid not in self.leden:
            f.voeg_toe("overheid", "is geen partij bij deze afspraak")
        elif len(self.leden) <= 2:
            f.voeg_toe("overheid", "een afspraak houdt ten minste twee partijen")
        f.controleer()
        self._nieuw(self.PartijUitgetreden, ontvangen_op, meta=meta, overheid=overheid)

    def _partij(self, overheid: str, f: Fouten) -> str:
        if overheid not in self.leden:
            f.voeg_toe("overheid", "is geen partij bij deze afspraak")
        return overheid

    def onderteken(self, *, overheid: str, ondertekend_op: date,
                   verantwoording: Verantwoording, actor: str, ontvangen_op: datetime) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(replace(verantwoording, tijd=replace(
            verantwoording.tijd, juridisch_werkend_vanaf=verantwoording.tijd
            .juridisch_werkend_vanaf or ondertekend_op)), actor, f)
        self._partij(overheid, f)
        f.controleer()
        self._nieuw(self.Ondertekend, ontvangen_op, meta=meta, overheid=overheid,
                    ondertekend_op=ondertekend_op)

    def neem_standpunt_in(self, *, overheid: str, standpunt: str, voorwaarden: str | None,
                          verantwoording: Verantwoording, actor: str,
                          ontvangen_op: datetime) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(verantwoording, actor, f)
        self._partij(overheid, f)
        s = keuze(standpunt, STANDPUNTEN, "standpunt", f)
        vw = tekst(voorwaarden, "voorwaarden", f, verplicht=s == "VOORWAARDELIJK",
                   maximum=MAX_TEKST)
        f.controleer()
        self._nieuw(self.StandpuntIngenomen, ontvangen_op, meta=meta, overheid=overheid,
                    standpunt=s, voorwaarden=vw)
