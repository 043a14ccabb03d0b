"""Het commando rectificeren: een eerdere gebeurtenis corrigeren zonder haar te wijzigen. De
rectificatie noemt de versie die zij corrigeert; verplichtingen worden aan de oorspronkelijke
gekoppeld, zodat hun id's blijven."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from register.domein.commandos import Rectificeren
from register.domein.fouten import Fouten
from register.domein.invoer import lees_inhoud, lees_partij, lees_partijen, lees_verplichtingen
from register.domein.verantwoording import Uitvoering, controleer_verwijzingen, maak_meta
from register.domein.waarden import Verplichting


class RectificatieCommandos:
    """Deel van het aggregaat Afspraak; de gebeurtenis Gerectificeerd staat genest in Afspraak."""

    soorten: dict[int, str]
    verplichtingen: dict[str, Any]
    verplichtingen_per_versie: dict[int, list[str]]
    partijen_per_versie: dict[int, list[str]]
    Gerectificeerd: Any
    id: Any

    if TYPE_CHECKING:  # geleverd door Afspraak en de andere delen
        def _nieuw(self, event_class: Any, ontvangen_op: datetime, **kwargs: Any) -> None: ...

        def _volgend_nummer(self) -> int: ...

        def _weg_alleen_zelf(self, waren: set[str], blijven: set[str],
                             u: Uitvoering) -> None: ...

    def rectificeer(self, c: Rectificeren, u: Uitvoering) -> None:
        rectificeert, partijen, verplichtingen = c.rectificeert, c.partijen, c.verplichtingen
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f, rectificatie=True)
        soort = self.soorten.get(rectificeert)
        if soort is None:
            f.voeg_toe("rectificeert", f"versie {rectificeert} bestaat niet bij deze afspraak")
        elif soort == "Gerectificeerd":
            f.voeg_toe("rectificeert", "rectificeer de oorspronkelijke gebeurtenis, "
                       "niet een eerdere rectificatie")
        lijst = soort in ("Vastgelegd", "Gewijzigd")  # die zetten de hele partijenlijst
        ps = None if partijen is None else lees_partijen(partijen, f) if lijst else tuple(
            lees_partij(p, f"partijen[{i}]", f) for i, p in enumerate(partijen))
        if ps is not None:
            self._weg_alleen_zelf(set(self.partijen_per_versie.get(rectificeert, ())),
                                  {p.overheid for p in ps}, u)
        vs = lees_verplichtingen(verplichtingen, f) if verplichtingen is not None else None
        controleer_verwijzingen(u.verwijzingen, ps or (), vs or (), (), f, eigen_id=str(self.id))
        inhoudelijk = lees_inhoud(c.titel, c.inhoud, c.programma, c.bedragen, f)
        if all(w is None for w in (*inhoudelijk.values(), ps, vs)):
            f.voeg_toe("input", "een rectificatie corrigeert ten minste één veld")
        for j, v in enumerate(vs or ()):
            if v.id is not None and v.id not in self.verplichtingen:
                f.voeg_toe(f"verplichtingen[{j}].id", f"deze afspraak heeft geen verplichting "
                           f"'{v.id}'")
        f.controleer()
        oud = self.verplichtingen_per_versie.get(rectificeert, [])
        gekoppeld, vervallen_v = self._koppel_verplichtingen(vs, oud) if vs is not None else ((), ())
        vervallen_p: tuple[str, ...] = ()
        if ps is not None:
            vervallen_p = tuple(sorted(set(self.partijen_per_versie.get(rectificeert, ()))
                                       - {p.overheid for p in ps}))
        self._nieuw(self.Gerectificeerd, u.ontvangen_op, meta=meta, rectificeert=rectificeert,
                    partijen=ps, vervallen_partijen=vervallen_p,
                    verplichtingen=gekoppeld if vs is not None else None,
                    vervallen_verplichtingen=vervallen_v, **inhoudelijk)

    def _koppel_verplichtingen(self, vs: Sequence[Verplichting], oud: list[str]
                               ) -> tuple[tuple[Verplichting, ...], tuple[str, ...]]:
        """Koppelt gecorrigeerde verplichtingen aan de oorspronkelijke: eerst op id, dan op
        omschrijving en partij, dan op volgorde; wat overblijft is nieuw of vervalt."""
        ids: list[str | None] = [v.id for v in vs]
        vrij = [vid for vid in oud if vid not in ids]
        for i, v in enumerate(vs):
            gelijk = [vid for vid in vrij if (self.verplichtingen[vid].omschrijving,
                                              self.verplichtingen[vid].partij)
                      == (v.omschrijving, v.partij)]
            if ids[i] is None and gelijk:
                ids[i] = gelijk[0]
                vrij.remove(gelijk[0])
        volgend = self._volgend_nummer()
        for i in range(len(vs)):
            if ids[i] is None and vrij:
                ids[i] = vrij.pop(0)
            elif ids[i] is None:
                ids[i], volgend = f"v{volgend}", volgend + 1
        return tuple(replace(v, id=vid) for v, vid in zip(vs, ids, strict=True)), tuple(vrij)
