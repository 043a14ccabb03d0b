"""De commando's over verplichtingen: vastleggen, wijzigen, nakomen, laten vervallen, onbeslist
verklaren."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from register.domein.commandos import (
    Commando, VerplichtingLatenVervallen, VerplichtingNakomen, VerplichtingOnbeslistVerklaren,
    VerplichtingVastleggen, VerplichtingWijzigen,
)
from register.domein.fouten import Fouten
from register.domein.invoer import lees_verplichting
from register.domein.verantwoording import Uitvoering, controleer_verwijzingen, maak_meta
from register.domein.waarden import MAX_TEKST, VERPLICHTING_BINDING, VageDatum, keuze, tekst


class VerplichtingCommandos:
    """Deel van het aggregaat Afspraak; de gebeurtenissen staan genest in Afspraak."""

    verplichtingen: dict[str, Any]
    VerplichtingVastgelegd: Any
    VerplichtingGewijzigd: Any
    VerplichtingNagekomen: Any
    VerplichtingVervallen: Any
    VerplichtingOnbeslistVerklaard: Any
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

    def leg_verplichting_vast(self, c: VerplichtingVastleggen, u: Uitvoering) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        vid = f"v{self._volgend_nummer()}"
        v = replace(lees_verplichting(c.verplichting, "verplichting", f), id=vid)
        controleer_verwijzingen(u.verwijzingen, (), (v,), (), f, eigen_id=str(self.id),
                                verplichting_pad="verplichting", op=meta.geldig_vanaf)
        f.controleer()
        self._nieuw(self.VerplichtingVastgelegd, u.ontvangen_op, meta=meta, verplichting=v)

    def wijzig_verplichting(self, c: VerplichtingWijzigen, u: Uitvoering) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        self._verplichting(c.verplichting, f)
        if c.partij is not None and not u.verwijzingen.overheid_bestaat(c.partij):
            f.voeg_toe("partij", f"onbekende overheid '{c.partij}'")
        uiterlijk = VageDatum.lees(c.uiterlijk, c.uiterlijk_tekst, "uiterlijk", f) if (
            c.uiterlijk is not None or c.uiterlijk_tekst is not None) else None
        waarden = dict(
            omschrijving=tekst(c.omschrijving, "omschrijving", f, verplicht=False,
                               maximum=MAX_TEKST),
            partij=c.partij, uiterlijk=uiterlijk,
            binding=None if c.binding is None else keuze(c.binding, VERPLICHTING_BINDING,
                                                         "binding", f))
        if all(w is None for w in waarden.values()):
            f.voeg_toe("input", "een wijziging verandert ten minste één veld")
        f.controleer()
        self._nieuw(self.VerplichtingGewijzigd, u.ontvangen_op, meta=meta,
                    verplichting=c.verplichting, **waarden)

    def kom_verplichting_na(self, c: VerplichtingNakomen, u: Uitvoering) -> None:
        self._verplichting_status(self.VerplichtingNagekomen, c.verplichting, c, u)

    def laat_verplichting_vervallen(self, c: VerplichtingLatenVervallen, u: Uitvoering) -> None:
        self._verplichting_status(self.VerplichtingVervallen, c.verplichting, c, u)

    def verklaar_verplichting_onbeslist(self, c: VerplichtingOnbeslistVerklaren,
                                        u: Uitvoering) -> None:
        self._verplichting_status(self.VerplichtingOnbeslistVerklaard, c.verplichting, c, u)

    def _verplichting_status(self, event_class: Any, verplichting: str, c: Commando,
                             u: Uitvoering) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        self._verplichting(verplichting, f)
        f.controleer()
        self._nieuw(event_class, u.ontvangen_op, meta=meta, verplichting=verplichting)
