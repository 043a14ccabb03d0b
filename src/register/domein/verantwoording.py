"""Verantwoording van elke gebeurtenis (bronnen, toelichting, actor, tijdassen) en de controle
van verwijzingen naar overheden en afspraken."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from register.domein.fouten import Fouten
from register.domein.invoer import Verantwoording, lees_bronnen
from register.domein.waarden import (
    DATUM_PRECISIES, LATER_TOEGEVOEGD, MAX_TEKST, Bron, Partij, Relatie, Verplichting, keuze,
    tekst,
)


class Verwijzingen(Protocol):
    """Wat het domein over de buitenwereld moet weten om verwijzingen te controleren."""

    def overheid_bestaat(self, overheid_id: str) -> bool: ...

    def overheid_bestond_op(self, overheid_id: str, dag: date) -> bool: ...

    def afspraak_bestaat(self, afspraak_id: str) -> bool: ...


@dataclass(frozen=True)
class Uitvoering:
    """Wat de applicatie bij elk commando één keer vaststelt: wie het vastlegt (uit het token,
    nooit uit de invoer), wanneer het register het ontvangt (de klok), en de verwijzingen
    zoals die actor ze mag zien."""

    actor: str
    ontvangen_op: datetime
    verwijzingen: Verwijzingen
    beheerder: bool = False  # een beheerder legt ook vast wat de bronnen over anderen melden


@dataclass(frozen=True)
class Meta:
    """Verantwoording van één gebeurtenis: bronnen, toelichting, actor en tijdassen."""

    bronnen: tuple[Bron, ...]
    toelichting: str | None
    actor: str
    geldig_vanaf: date | None
    geldig_tot: date | None
    juridisch_werkend_vanaf: date | None
    bekend_op: date
    datum_precisie: str = "DAG"
    datum_tekst: str | None = None
    # Bij een vertrouwelijke afspraak een willekeurig zout: het blad van de gebeurtenis is dan een
    # gezouten verbintenis, zodat een naburige hash in andermans bewijs niet tegen een gok over
    # de inhoud te toetsen is.
    zout: str | None = field(default=None, metadata=LATER_TOEGEVOEGD)


def maak_meta(v: Verantwoording, actor: str, fouten: Fouten, *, eerste: bool = False,
              rectificatie: bool = False, eigen_verslag: bool = False) -> Meta:
    """`eerste`: de eerste gebeurtenis (de vastlegging zegt zelf wat er is); `eigen_verslag`:
    het commando draagt zijn eigen verslag. In beide gevallen is een toelichting niet
    verplicht; anders zegt zij waarom het register iets vastlegt."""
    bronnen = lees_bronnen(v.bronnen, fouten)
    toelichting = tekst(v.toelichting, "toelichting", fouten,
                        verplicht=not (eerste or eigen_verslag), maximum=MAX_TEKST)
    t = v.tijd
    eerste_bron = v.bronnen[0].datum if v.bronnen else date.min
    werkend = None if rectificatie else (t.juridisch_werkend_vanaf or eerste_bron)
    geldig = None if rectificatie else (t.geldig_vanaf or werkend)
    if t.geldig_tot is not None and geldig is not None and t.geldig_tot <= geldig:
        fouten.voeg_toe("geldigTot", "moet na geldigVanaf liggen")
    return Meta(
        bronnen=bronnen, toelichting=toelichting, actor=actor, geldig_vanaf=geldig,
        geldig_tot=None if rectificatie else t.geldig_tot, juridisch_werkend_vanaf=werkend,
        bekend_op=kennisdatum(t.bekend_op, bronnen, fouten),
        datum_precisie=keuze(t.datum_precisie, DATUM_PRECISIES, "datumPrecisie", fouten, "DAG"),
        datum_tekst=tekst(t.datum_tekst, "datumTekst", fouten, verplicht=False),
    )



def kennisdatum(opgegeven: date | None, bronnen: Sequence[Bron], fouten: Fouten) -> date:
    """Ontwerp §4: bekendOp ligt nooit vóór de dag dat een bron bekend kon zijn. Zonder
    opgave de laatste dag van de periode van de eerste bron (een bron van 'december 2022' is
    uiterlijk op 31-12-2022 bekend); een opgegeven, nauwkeuriger dag mag, maar niet vóór het
    begin van de periode van de vroegste bron."""
    if not bronnen:
        return opgegeven or date.min
    if opgegeven is None:
        return bronnen[0].laatste_dag
    vroegst = min(b.datum for b in bronnen)
    if opgegeven < vroegst:
        fouten.voeg_toe("bekendOp", f"ligt vóór elke bron (de vroegste is van "
                        f"{vroegst.isoformat()}): wat een bron meldt, kan niet eerder bekend zijn")
    return opgegeven


def controleer_verwijzingen(verwijzingen: Verwijzingen, partijen: Sequence[Partij],
                            verplichtingen: Sequence[Verplichting], relaties: Sequence[Relatie],
                            f: Fouten, *, eigen_id: str, partij_pad: str = "partijen[{i}]",
                            verplichting_pad: str = "verplichtingen[{i}]",
                            op: date | None = None) -> None:
    """Elke genoemde overheid en afspraak moet bestaan (en zichtbaar zijn voor de actor); met
    `op` (de dag waarop het gevolg ingaat) moet elke overheid toen ook bestaan hebben: het
    ministerie van VRO (2 juli 2024) is geen partij bij een afspraak van 2022."""

    def toets(overheid: str, veld: str) -> None:
        if not verwijzingen.overheid_bestaat(overheid):
            f.voeg_toe(veld, f"onbekende overheid '{overheid}'")
        elif op is not None and not verwijzingen.overheid_bestond_op(overheid, op):
            f.voeg_toe(veld, f"'{overheid}' bestond op {op.isoformat()} niet; noem de "
                       "organisatie die toen bestond (overheden(geldigOp: …) geeft ze)")

    for i, p in enumerate(partijen):
        pad = partij_pad.format(i=i)
        toets(p.overheid, f"{pad}.overheid")
        for n in p.namens:
            toets(n, f"{pad}.namens")
    for i, v in enumerate(verplichtingen):
        toets(v.partij, f"{verplichting_pad.format(i=i)}.partij")
    for i, r in enumerate(relaties):
        if r.naar == eigen_id:
            f.voeg_toe(f"relaties[{i}].naar", "een afspraak verwijst niet naar zichzelf")
        elif not verwijzingen.afspraak_bestaat(r.naar):
            f.voeg_toe(f"relaties[{i}].naar", f"afspraak '{r.naar}' bestaat niet")
