"""De commando's over verplichtingen: vastleggen, wijzigen, nakomen, laten vervallen."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from register.domein.fouten import Fouten
from register.domein.invoer import Verantwoording, VerplichtingInvoer, lees_verplichting
from register.domein.verantwoording import Verwijzingen, controleer_verwijzingen, maak_meta
from register.domein.waarden import MAX_TEKST, VERPLICHTING_BINDING, VageDatum, keuze, tekst


class VerplichtingCommandos:
    """Deel van het aggregaat Afspraak; de gebeurtenissen staan genest in Afspraak."""

    verplichtingen: dict[str, Any]
    VerplichtingVastgelegd: Any
    VerplichtingGewijzigd: Any
    VerplichtingNagekomen: Any
    VerplichtingVervallen: Any
    id: Any

    if TYPE_CHECKING:  # geleverd door Afspraak en de andere delen
        def _niet_afgehecht(self) -> None: ...

        def _nieuw(self, event_class: Any, ontvangen_op: datetime, **kwargs: Any) -> None: ...

    def _volgend_nummer(self) -> int:
        return 1 + max((int(vid[1:]) for vid in self.verplichtingen if vid[1:].isdigit()),
                       default=0)

    def _verplichting(self, vid: str, f: Fouten, veld: str = "verplichting") -> str:
        if vid not in self.verplichtingen:
            f.voeg_toe(veld, f"deze afspraak heeft geen verplichting '{vid}'")
        return vid

    def leg_verplichting_vast(self, *, verplichting: VerplichtingInvoer,
                              verantwoording: Verantwoording, actor: str,
                              ontvangen_op: datetime, verwijzingen: Verwijzingen) -> str:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(verantwoording, actor, f)
        vid = f"v{self._volgend_nummer()}"
        v = replace(lees_verplichting(verplichting, "verplichting", f), id=vid)
        controleer_verwijzingen(verwijzingen, (), (v,), (), f, eigen_id=str(self.id),
                                verplichting_pad="verplichting")
        f.controleer()
        self._nieuw(self.VerplichtingVastgelegd, ontvangen_op, meta=meta, verplichting=v)
        return vid

    def wijzig_verplichting(self, *, verplichting: str, omschrijving: str | None,
                            partij: str | None, uiterlijk: str | None,
                            uiterlijk_tekst: str | None, binding: str | None,
                            verantwoording: Verantwoording, actor: str, ontvangen_op: datetime,
                            verwijzingen: Verwijzingen) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(verantwoording, actor, f)
        self._verplichting(verplichting, f)
        if partij is not None and not verwijzingen.overheid_bestaat(partij):
            f.voeg_toe("partij", f"onbekende overheid '{partij}'")
        u = VageDatum.lees(uiterlijk, uiterlijk_tekst, "uiterlijk", f) if (
            uiterlijk is not None or uiterlijk_tekst is not None) else None
        waarden = dict(
            omschrijving=tekst(omschrijving, "omschrijving", f, verplicht=False,
                               maximum=MAX_TEKST),
            partij=partij, uiterlijk=u,
            binding=None if binding is None else keuze(binding, VERPLICHTING_BINDING, "binding",
                                                       f))
        if all(w is None for w in waarden.values()):
            f.voeg_toe("input", "een wijziging verandert ten minste één veld")
        f.controleer()
        self._nieuw(self.VerplichtingGewijzigd, ontvangen_op, meta=meta,
                    verplichting=verplichting, **waarden)

    def kom_verplichting_na(self, *, verplichting: str, verantwoording: Verantwoording,
                            actor: str, ontvangen_op: datetime) -> None:
        self._verplichting_status(self.VerplichtingNagekomen, verplichting, verantwoording,
                                  actor, ontvangen_op)

    def laat_verplichting_vervallen(self, *, verplichting: str, verantwoording: Verantwoording,
                                    actor: str, ontvangen_op: datetime) -> None:
        self._verplichting_status(self.VerplichtingVervallen, verplichting, verantwoording,
                                  actor, ontvangen_op)

    def _verplichting_status(self, event_class: Any, verplichting: str,
                             verantwoording: Verantwoording, actor: str,
                             ontvangen_op: datetime) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(verantwoording, actor, f)
        self._verplichting(verplichting, f)
        f.controleer()
        self._nieuw(event_class, ontvangen_op, meta=meta, verplichting=verplichting)
