"""Het aggregaat Afspraak met zijn gebeurtenissen, als geneste voltooide deelwoorden."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from copy import copy
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from register.domein.afspraak_leden import PartijCommandos
from register.domein.commandos import (
    Afhechten, BeginVaststellen, Commando, Hervatten, InWerkingStellen, Ondertekenen, Opschorten,
    PartijLatenToetreden, PartijLatenUittreden, Rectificeren, StandpuntInnemen, Stopzetten,
    Vastleggen, VerplichtingLatenVervallen, VerplichtingNakomen, VerplichtingOnbeslistVerklaren,
    TegenstrijdigheidVastleggen, VerplichtingVastleggen, VerplichtingWijzigen, VoortgangRapporteren,
    Wijzigen,
)
from register.domein.afspraak_rectificatie import RectificatieCommandos
from register.domein.afspraak_verplichtingen import VerplichtingCommandos
from register.domein.fouten import AfspraakIsAfgehecht, Fouten, NietGevonden
from register.domein.tijdreizen import Feit
from register.domein.verantwoording import Meta, Uitvoering, controleer_verwijzingen, maak_meta
from register.domein.invoer import (
    lees_bedragen, lees_inhoud, lees_partij, lees_partijen, lees_relaties, lees_verplichtingen,
)
from register.domein.velden import (
    BINDING, OMSCHRIJVING, ONDERTEKEND_OP, STANDPUNT, STATUS, UITERLIJK, VPARTIJ,
    afhechting_velden, bedrag_waarde, bron_waarde, lid, partij_veld, partijen_in, partij_velden,
    tegenstrijdigheid, vage_datum_waarde, verplichting_veld, verplichting_velden,
)
from register.domein.waarden import (
    AFHECHTING_UITKOMSTEN, AFHECHTING_WIJZEN, GEBEURTENIS_AARDEN, MAX_TEKST,
    Afhechtingsuitkomst, is_bindend, lees_aard, Bedrag, Partij, Relatie, VageDatum, Verplichting, keuze, tekst,
)

Velden = dict[str, Any]


class Afspraak(PartijCommandos, VerplichtingCommandos, RectificatieCommandos, Aggregate):
    """Een bestuurlijke afspraak; de toestand hier dient alleen de regels bij het schrijven."""

    class Event(Aggregate.Event):
        meta: Meta

        def velden(self) -> Velden:
            return {}

        def apply(self, aggregate: Afspraak) -> None:
            aggregate.apply_event(self)

    class Vastgelegd(Event, Aggregate.Created):
        titel: str
        soort: str
        inhoud: str
        programma: str | None
        gebieden: tuple[str, ...]
        partijen: tuple[Partij, ...]
        verplichtingen: tuple[Verplichting, ...]
        bedragen: tuple[Bedrag, ...]
        relaties: tuple[Relatie, ...]
        in_voorbereiding: bool
        vertrouwelijk: bool

        def velden(self) -> Velden:
            v: Velden = {
                "titel": self.titel, "soort": self.soort, "inhoud": self.inhoud,
                "programma": self.programma, "gebieden": list(self.gebieden),
                "bedragen": [bedrag_waarde(b) for b in self.bedragen],
                "relaties": [{"soort": r.soort, "naar": r.naar} for r in self.relaties],
                "status": begin_status(self.soort, self.in_voorbereiding),
            }
            for p in self.partijen:
                v.update(partij_velden(p))
            for vp in self.verplichtingen:
                v.update(verplichting_velden(vp, status="OPEN"))
            return v

    class Gewijzigd(Event):
        titel: str | None
        inhoud: str | None
        programma: str | None
        partijen: tuple[Partij, ...] | None
        vervallen_partijen: tuple[str, ...]
        bedragen: tuple[Bedrag, ...] | None
        relaties: tuple[Relatie, ...] | None

        def velden(self) -> Velden:
            return inhoud_velden(self)

    class Gerectificeerd(Event):
        rectificeert: int
        titel: str | None
        inhoud: str | None
        programma: str | None
        partijen: tuple[Partij, ...] | None
        vervallen_partijen: tuple[str, ...]
        bedragen: tuple[Bedrag, ...] | None
        verplichtingen: tuple[Verplichting, ...] | None
        vervallen_verplichtingen: tuple[str, ...]

        def velden(self) -> Velden:
            v = inhoud_velden(self)
            for vp in self.verplichtingen or ():
                v.update(verplichting_velden(vp))
            for vid in self.vervallen_verplichtingen:
                v[verplichting_veld(vid, OMSCHRIJVING)] = None
            return v

    class PartijToegetreden(Event):
        partij: Partij

        def velden(self) -> Velden:
            return partij_velden(self.partij)

    class PartijUitgetreden(Event):
        overheid: str

        def velden(self) -> Velden:
            return {lid(self.overheid): None}

    class Ondertekend(Event):
        overheid: str
        ondertekend_op: date

        def velden(self) -> Velden:
            return {partij_veld(self.overheid, ONDERTEKEND_OP): self.ondertekend_op.isoformat()}

    class StandpuntIngenomen(Event):
        overheid: str
        standpunt: str
        voorwaarden: str | None

        def velden(self) -> Velden:
            return {partij_veld(self.overheid, STANDPUNT):
                    {"standpunt": self.standpunt, "voorwaarden": self.voorwaarden}}

    class VerplichtingVastgelegd(Event):
        verplichting: Verplichting

        def velden(self) -> Velden:
            return verplichting_velden(self.verplichting, status="OPEN")

    class VerplichtingGewijzigd(Event):
        verplichting: str
        omschrijving: str | None
        partij: str | None
        uiterlijk: VageDatum | None
        binding: str | None

        def velden(self) -> Velden:
            vid = self.verplichting
            nieuw = {OMSCHRIJVING: self.omschrijving, VPARTIJ: self.partij,
                     UITERLIJK: vage_datum_waarde(self.uiterlijk), BINDING: self.binding}
            return {verplichting_veld(vid, k): w for k, w in nieuw.items() if w is not None}

    class VerplichtingNagekomen(Event):
        verplichting: str

        def velden(self) -> Velden:
            return {verplichting_veld(self.verplichting, STATUS): "NAGEKOMEN"}

    class VerplichtingVervallen(Event):
        verplichting: str

        def velden(self) -> Velden:
            return {verplichting_veld(self.verplichting, STATUS): "VERVALLEN"}

    class VerplichtingOnbeslistVerklaard(Event):
        verplichting: str

        def velden(self) -> Velden:
            return {verplichting_veld(self.verplichting, STATUS): "ONBESLIST"}

    class VoortgangGerapporteerd(Event):
        verslag: str
        aard: str | None

    class TegenstrijdigheidVastgesteld(Event):
        betreft: str
        gebeurtenissen: tuple[int, ...]
        verplichting: str | None

        def velden(self) -> Velden:
            return {tegenstrijdigheid(self.originator_version): {
                "betreft": self.betreft, "gebeurtenissen": list(self.gebeurtenissen),
                "verplichting": self.verplichting, "toelichting": self.meta.toelichting,
                "bronnen": [bron_waarde(b) for b in self.meta.bronnen]}}

    class BeginVastgesteld(Event):
        """Een latere bron meldt een eerder begin. Vanaf haar kennisdatum bestaat de afspraak
        vanaf dat begin (ontwerp §4 regel 5 telt haar als een vastlegging), met de beschrijving
        zoals het register die bij het vastleggen van het begin had, en alleen met de partijen
        die deze bron bij het begin noemt. Vanaf het begin dat het register eerst kende, wint
        de vastlegging (zij is later in beslisvolgorde)."""

        titel: str
        soort: str
        inhoud: str
        programma: str | None
        gebieden: tuple[str, ...]
        status: str
        partijen: tuple[Partij, ...]

        def velden(self) -> Velden:
            v: Velden = {"titel": self.titel, "soort": self.soort, "inhoud": self.inhoud,
                         "programma": self.programma, "gebieden": list(self.gebieden),
                         "status": self.status}
            for p in self.partijen:
                v.update(partij_velden(p))
            return v

    class InWerkingGetreden(Event):
        def velden(self) -> Velden:
            return {"status": "VAN_KRACHT"}

    class Opgeschort(Event):
        def velden(self) -> Velden:
            return {"status": "OPGESCHORT"}

    class Hervat(Event):
        def velden(self) -> Velden:
            return {"status": "VAN_KRACHT"}

    class Stopgezet(Event):
        """Gestopt of afgeschaft, nog niet afgehecht: wat nog open is, blijft open."""

        def velden(self) -> Velden:
            return {"status": "STOPGEZET"}

    class Afgehecht(Event):
        wijze: str
        vervangen_door: str | None
        uitkomsten: tuple[Afhechtingsuitkomst, ...]

        def velden(self) -> Velden:
            return afhechting_velden(self.wijze, self.vervangen_door, self.uitkomsten,
                                     self.meta)

    # -- toestand voor de regels bij het schrijven ------------------------------------------

    def __init__(self, **_: Any) -> None:
        self.leden: dict[str, Partij] = {}
        self.ooit_partijen: set[str] = set()
        self.verplichtingen: dict[str, Verplichting] = {}
        self.verplichtingen_per_versie: dict[int, list[str]] = {}
        self.partijen_per_versie: dict[int, list[str]] = {}
        self.soorten: dict[int, str] = {}
        self.afgehecht = False
        self.vertrouwelijk = False
        self.beschrijving: dict[str, Any] = {}
        self.sinds: dict[str, int] = {}  # per (vroegere) partij: wat haar het laatst partij maakte
        self.begin: date | None = None

    def apply_event(self, e: Afspraak.Event) -> None:
        self.soorten[e.originator_version] = type(e).__name__
        voor = set(self.leden)
        if isinstance(e, Afspraak.Vastgelegd):
            self.vertrouwelijk = e.vertrouwelijk
            self.beschrijving = {
                "titel": e.titel, "soort": e.soort, "inhoud": e.inhoud, "programma": e.programma,
                "gebieden": e.gebieden, "status": begin_status(e.soort, e.in_voorbereiding)}
        if isinstance(e, Afspraak.Vastgelegd | Afspraak.BeginVastgesteld):
            b = e.meta.geldig_vanaf
            self.begin = b if self.begin is None or (b is not None and b < self.begin) else (
                self.begin)
        if isinstance(e, Afspraak.Gewijzigd) or (
                isinstance(e, Afspraak.Gerectificeerd) and e.rectificeert == 1):
            self.beschrijving.update({k: getattr(e, k) for k in ("titel", "inhoud", "programma")
                                      if getattr(e, k) is not None})
        if isinstance(e, Afspraak.BeginVastgesteld):
            for p in e.partijen:
                self.leden[p.overheid] = p
        if isinstance(e, Afspraak.Vastgelegd | Afspraak.Gewijzigd | Afspraak.Gerectificeerd):
            for p in e.partijen or ():
                self.leden[p.overheid] = p
            for o in e.vervallen_partijen if not isinstance(e, Afspraak.Vastgelegd) else ():
                self.leden.pop(o, None)
        if isinstance(e, Afspraak.PartijToegetreden):
            self.leden[e.partij.overheid] = e.partij
        elif isinstance(e, Afspraak.PartijUitgetreden):
            self.leden.pop(e.overheid, None)
        elif isinstance(e, Afspraak.Afgehecht):
            self.afgehecht = True
        for o in self.leden.keys() - voor:
            self.sinds[o] = getattr(e, "rectificeert", None) or e.originator_version
        if isinstance(e, Afspraak.Gerectificeerd):
            for o in e.vervallen_partijen:
                if o not in self.leden and self.sinds.get(o) == e.rectificeert:
                    # weggehaald uit de gebeurtenis die haar partij maakte: nooit partij
                    del self.sinds[o]
                    self.ooit_partijen.discard(o)
        self.ooit_partijen.update(self.leden)
        self.partijen_per_versie[e.originator_version] = partijen_in(e.velden())
        geraakt = list(getattr(e, "verplichtingen", None) or ())
        if isinstance(e, Afspraak.VerplichtingVastgelegd):
            geraakt.append(e.verplichting)
        for vp in geraakt:
            self.verplichtingen[str(vp.id)] = vp
        ids = [str(vp.id) for vp in geraakt]
        if isinstance(e, Afspraak.VerplichtingGewijzigd):
            ids.append(e.verplichting)
        self.verplichtingen_per_versie[e.originator_version] = ids

    # -- commando's ---------------------------------------------------------------------------

    @classmethod
    def leg_vast(cls, c: Vastleggen, u: Uitvoering, id: UUID) -> Afspraak:
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f, eerste=True)
        ps = lees_partijen(c.partijen, f)
        vs = tuple(replace(v, id=f"v{i + 1}") for i, v in
                   enumerate(lees_verplichtingen(c.verplichtingen, f)))
        rs = lees_relaties(c.relaties, f)
        controleer_verwijzingen(u.verwijzingen, ps, vs, rs, f, eigen_id=str(id),
                                op=meta.geldig_vanaf)
        velden = dict(
            titel=tekst(c.titel, "titel", f), soort=tekst(c.soort, "soort", f),
            inhoud=tekst(c.inhoud, "inhoud", f, maximum=MAX_TEKST),
            programma=tekst(c.programma, "programma", f, verplicht=False),
            gebieden=tuple(tekst(g, f"gebieden[{i}]", f) or "" for i, g in enumerate(c.gebieden)),
            bedragen=lees_bedragen(c.bedragen, f))
        f.controleer()
        return cls._create(cls.Vastgelegd, id=id, timestamp=u.ontvangen_op,
                           meta=gezouten(meta) if c.vertrouwelijk else meta,
                           partijen=ps, verplichtingen=vs, relaties=rs,
                           in_voorbereiding=c.in_voorbereiding, vertrouwelijk=c.vertrouwelijk,
                           **velden)

    def voer_uit(self, c: Commando, u: Uitvoering) -> None:
        """Het commando op deze afspraak: controleren, en bij succes de gebeurtenis."""
        uitvoerder = _UITVOERDERS.get(type(c))
        if uitvoerder is None:
            raise TypeError(f"{type(c).__name__} is geen commando op een bestaande afspraak")
        uitvoerder(self, c, u)

    def __deepcopy__(self, memo: dict[int, Any]) -> Afspraak:
        """De repository geeft elk commando een kopie uit de aggregaatcache. Alles in de
        toestand is onveranderlijk (bevroren dataclasses, tuples, tekst) of een lijst die na
        het maken niet meer verandert; alleen de verzamelingen zelf worden bijgewerkt. Eén laag
        kopiëren volstaat dus, en kost een fractie van een volledige deepcopy."""
        kopie = object.__new__(type(self))
        kopie.__dict__.update({k: copy(w) if isinstance(w, dict | set | list) else w
                               for k, w in self.__dict__.items()})
        return kopie

    def _nieuw(self, event_class: type[Afspraak.Event], ontvangen_op: datetime,
               **kwargs: Any) -> None:
        if self.vertrouwelijk:
            kwargs["meta"] = gezouten(kwargs["meta"])
        self.trigger_event(event_class, timestamp=ontvangen_op, **kwargs)

    def _niet_afgehecht(self) -> None:
        if self.afgehecht:
            raise AfspraakIsAfgehecht(
                "Deze afspraak is afgehecht; alleen een rectificatie is nog mogelijk.")

    def wijzig(self, c: Wijzigen, u: Uitvoering) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        ps = lees_partijen(c.partijen, f) if c.partijen is not None else None
        if ps is not None:
            self._weg_alleen_zelf(set(self.leden), {p.overheid for p in ps}, u)
        rs = lees_relaties(c.relaties, f) if c.relaties is not None else None
        controleer_verwijzingen(u.verwijzingen, ps or (), (), rs or (), f, eigen_id=str(self.id),
                                op=meta.geldig_vanaf)
        inhoudelijk = lees_inhoud(c.titel, c.inhoud, c.programma, c.bedragen, f)
        if all(w is None for w in (*inhoudelijk.values(), ps, rs)):
            f.voeg_toe("input", "een wijziging verandert ten minste één veld")
        f.controleer()
        vervallen = tuple(sorted(self.ooit_partijen - {p.overheid for p in ps})) if ps else ()
        self._nieuw(self.Gewijzigd, u.ontvangen_op, meta=meta, partijen=ps,
                    vervallen_partijen=vervallen, relaties=rs, **inhoudelijk)

    def rapporteer_voortgang(self, c: VoortgangRapporteren, u: Uitvoering) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f, eigen_verslag=True)
        v = tekst(c.verslag, "verslag", f, maximum=MAX_TEKST)
        a = None
        if c.aard is not None and c.aard.strip():
            a = lees_aard(c.aard)
            if a is None:
                f.voeg_toe("aard", f"'{c.aard[:40]}' is onbekend; kies uit "
                           + ", ".join(x for x in GEBEURTENIS_AARDEN if x != "OVERIG"))
        f.controleer()
        self._nieuw(self.VoortgangGerapporteerd, u.ontvangen_op, meta=meta, verslag=v, aard=a)

    def stel_tegenstrijdigheid_vast(self, c: TegenstrijdigheidVastleggen,
                                    u: Uitvoering) -> None:
        """Ook na afhechting: het is kennis over wat de bronnen zeggen, geen besluit."""
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        betreft = tekst(c.betreft, "betreft", f)
        if len(c.verantwoording.bronnen) < 2:
            f.voeg_toe("bronnen", "noem de bron van elke kant, met haar citaat (ten minste "
                       "twee; twee plaatsen in hetzelfde document mag)")
        versies = tuple(c.gebeurtenissen)
        if len(set(versies)) != len(versies):
            f.voeg_toe("gebeurtenissen", "noemt een gebeurtenis meer dan eens")
        for v in versies:
            if not 1 <= v <= self.version:
                f.voeg_toe("gebeurtenissen", f"deze afspraak heeft geen gebeurtenis {v}")
        if c.verplichting is not None and c.verplichting not in self.verplichtingen:
            f.voeg_toe("verplichting", f"deze afspraak heeft geen verplichting "
                       f"'{c.verplichting}'")
        f.controleer()
        self._nieuw(self.TegenstrijdigheidVastgesteld, u.ontvangen_op, meta=meta,
                    betreft=betreft, gebeurtenissen=versies, verplichting=c.verplichting)

    def stel_begin_vast(self, c: BeginVaststellen, u: Uitvoering) -> None:
        """Ook na afhechting: het is kennis over het verleden, geen nieuw besluit. Het begin kan
        alleen vervroegen; de vastlegging blijft gelden vanaf het begin dat zij noemde."""
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        if self.begin is not None and meta.geldig_vanaf is not None and (
                meta.geldig_vanaf >= self.begin):
            veld = "geldigVanaf" if c.verantwoording.tijd.geldig_vanaf else "juridischWerkendVanaf"
            f.voeg_toe(veld, (
                f"het begin {meta.geldig_vanaf.isoformat()} ligt niet vóór het begin dat het "
                f"register al kent ({self.begin.isoformat()}); een begin kan alleen vervroegen"))
        ps = tuple(lees_partij(p, f"partijen[{i}]", f) for i, p in enumerate(c.partijen))
        if len({p.overheid for p in ps}) != len(ps):
            f.voeg_toe("partijen", "een overheid staat er meer dan eens in")
        controleer_verwijzingen(u.verwijzingen, ps, (), (), f, eigen_id=str(self.id),
                                op=meta.geldig_vanaf)
        f.controleer()
        b = self.beschrijving
        self._nieuw(self.BeginVastgesteld, u.ontvangen_op, meta=meta, titel=b["titel"],
                    soort=b["soort"], inhoud=b["inhoud"], programma=b["programma"],
                    gebieden=tuple(b["gebieden"]), status=b["status"], partijen=ps)

    def wijzig_status(self, event_class: type[Afspraak.Event], c: Commando,
                      u: Uitvoering) -> None:
        """InWerkingGetreden, Opgeschort of Hervat."""
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        f.controleer()
        self._nieuw(event_class, u.ontvangen_op, meta=meta)

    def hecht_af(self, c: Afhechten, u: Uitvoering) -> None:
        self._niet_afgehecht()
        f = Fouten()
        meta = maak_meta(c.verantwoording, u.actor, f)
        w = keuze(c.wijze, AFHECHTING_WIJZEN, "wijze", f)
        vervangen_door = c.vervangen_door
        if vervangen_door is not None:
            if vervangen_door == str(self.id):
                f.voeg_toe("vervangenDoor", "een afspraak kan zichzelf niet vervangen")
            elif not u.verwijzingen.afspraak_bestaat(vervangen_door):
                f.voeg_toe("vervangenDoor", f"afspraak '{vervangen_door}' bestaat niet")
        elif w == "VERVANGEN":
            f.voeg_toe("vervangenDoor", "wijze VERVANGEN noemt de afspraak die in de plaats komt")
        us = []
        for i, (vid, uitkomst) in enumerate(c.uitkomsten):
            self._verplichting(vid, f, f"verplichtingen[{i}].verplichting")
            us.append(Afhechtingsuitkomst(vid, keuze(
                uitkomst, AFHECHTING_UITKOMSTEN, f"verplichtingen[{i}].uitkomst", f)))
        f.controleer()
        self._nieuw(self.Afgehecht, u.ontvangen_op, meta=meta, wijze=w,
                    vervangen_door=vervangen_door, uitkomsten=tuple(us))


# Per commando op een bestaande afspraak de methode die het controleert en vastlegt.
_UITVOERDERS: dict[type[Commando], Callable[[Afspraak, Any, Uitvoering], None]] = {
    Wijzigen: Afspraak.wijzig,
    Rectificeren: Afspraak.rectificeer,
    PartijLatenToetreden: Afspraak.laat_partij_toetreden,
    PartijLatenUittreden: Afspraak.laat_partij_uittreden,
    Ondertekenen: Afspraak.onderteken,
    StandpuntInnemen: Afspraak.neem_standpunt_in,
    VerplichtingVastleggen: Afspraak.leg_verplichting_vast,
    VerplichtingWijzigen: Afspraak.wijzig_verplichting,
    VerplichtingNakomen: Afspraak.kom_verplichting_na,
    VerplichtingLatenVervallen: Afspraak.laat_verplichting_vervallen,
    VerplichtingOnbeslistVerklaren: Afspraak.verklaar_verplichting_onbeslist,
    VoortgangRapporteren: Afspraak.rapporteer_voortgang,
    TegenstrijdigheidVastleggen: Afspraak.stel_tegenstrijdigheid_vast,
    BeginVaststellen: Afspraak.stel_begin_vast,
    InWerkingStellen: lambda a, c, u: a.wijzig_status(Afspraak.InWerkingGetreden, c, u),
    Opschorten: lambda a, c, u: a.wijzig_status(Afspraak.Opgeschort, c, u),
    Hervatten: lambda a, c, u: a.wijzig_status(Afspraak.Hervat, c, u),
    Stopzetten: lambda a, c, u: a.wijzig_status(Afspraak.Stopgezet, c, u),
    Afhechten: Afspraak.hecht_af,
}


def inhoud_velden(e: Afspraak.Gewijzigd | Afspraak.Gerectificeerd) -> Velden:
    v: Velden = {k: getattr(e, k) for k in ("titel", "inhoud", "programma")
                 if getattr(e, k) is not None}
    if e.bedragen is not None:
        v["bedragen"] = [bedrag_waarde(b) for b in e.bedragen]
    relaties = getattr(e, "relaties", None)  # alleen Gewijzigd kent relaties
    if relaties is not None:
        v["relaties"] = [{"soort": r.soort, "naar": r.naar} for r in relaties]
    for p in e.partijen or ():
        v.update(partij_velden(p))
    for o in e.vervallen_partijen:
        v[lid(o)] = None
    return v


# De aard van de gebeurtenissen die haar niet zelf noemen (ontwerp §8: Gebeurtenis.aard).
AARD_PER_SOORT = {
    "Vastgelegd": "VASTGELEGD", "Gewijzigd": "GEWIJZIGD", "Gerectificeerd": "GERECTIFICEERD",
    "PartijToegetreden": "TOEGETREDEN", "PartijUitgetreden": "UITGETREDEN",
    "Ondertekend": "ONDERTEKEND", "VerplichtingVastgelegd": "VERPLICHTING_VASTGELEGD",
    "VerplichtingGewijzigd": "VERPLICHTING_GEWIJZIGD", "VerplichtingNagekomen": "NAGEKOMEN",
    "VerplichtingVervallen": "VERVALLEN",
    "VerplichtingOnbeslistVerklaard": "ONBESLIST",
    "TegenstrijdigheidVastgesteld": "TEGENSTRIJDIGHEID", "BeginVastgesteld": "BEGIN_VASTGESTELD",
    "InWerkingGetreden": "IN_WERKING",
    "Opgeschort": "OPGESCHORT", "Hervat": "HERVAT", "Stopgezet": "STOPGEZET",
    "Afgehecht": "AFGEHECHT",
}
STANDPUNT_AARD = {"INGESTEMD": "INGESTEMD", "VOORWAARDELIJK": "VOORWAARDELIJK_INGESTEMD",
                  "NIET_INGESTEMD": "NIET_OVEREENGEKOMEN"}


def begin_status(soort: str, in_voorbereiding: bool) -> str:
    """De status waarmee een afspraak begint: een voorstel (een instrumentsoort die volgens de
    woordenlijst niet bindt) is nooit van kracht."""
    if in_voorbereiding:
        return "IN_VOORBEREIDING"
    return "VOORGESTELD" if is_bindend(soort) is False else "VAN_KRACHT"


def aard_van(e: Afspraak.Event) -> str:
    """Wat voor gebeurtenis het is: bij een voortgangsrapport de aard die het noemt (zonder
    aard: VOORTGANG; een opgeslagen vrije tekst van vóór de lijst: OVERIG), bij een standpunt
    het standpunt, anders volgt zij uit de soort."""
    if isinstance(e, Afspraak.VoortgangGerapporteerd):
        return "VOORTGANG" if e.aard is None else (lees_aard(e.aard) or "OVERIG")
    if isinstance(e, Afspraak.StandpuntIngenomen):
        return STANDPUNT_AARD.get(e.standpunt, "OVERIG")
    return AARD_PER_SOORT.get(type(e).__name__, "OVERIG")


def gezouten(meta: Meta) -> Meta:
    """De verantwoording met een willekeurig zout (128 bits): het blad van een gebeurtenis van
    een vertrouwelijke afspraak is zo niet tegen een gok over haar inhoud te toetsen."""
    return replace(meta, zout=secrets.token_hex(16))


def niet_gevonden(afspraak_id: str) -> NietGevonden:
    return NietGevonden(f"Afspraak '{afspraak_id}' bestaat niet.")


def feit_van(e: Afspraak.Event) -> Feit:
    """Een opgeslagen gebeurtenis als feit voor het orakel."""
    m = e.meta
    return Feit(
        versie=e.originator_version, soort=type(e).__name__, geldig_vanaf=m.geldig_vanaf,
        geldig_tot=m.geldig_tot, juridisch_werkend_vanaf=m.juridisch_werkend_vanaf,
        bekend_op=m.bekend_op, ontvangen_op=e.timestamp,
        rectificeert=getattr(e, "rectificeert", None), velden=e.velden())
