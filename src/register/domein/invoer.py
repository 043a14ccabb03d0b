"""Commando's zoals ze binnenkomen, en hun controle tot waardeobjecten met veldfouten."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from register.domein.fouten import Fouten
from register.domein.waarden import (
    BEDRAG_SOORTEN, BEWIJSKRACHT, COLLECTIEF, DATUM_PRECISIES, MAX_TEKST, PARTIJ_BINDING, RELATIE_SOORTEN,
    VERPLICHTING_BINDING, Bedrag, Bron, Hoeveelheid, Partij, Relatie, VageDatum, Verplichting,
    Verwijzing, keuze, lees_bedrag, lees_hoeveelheid, lees_verwijzing, tekst,
)


@dataclass(frozen=True)
class BronInvoer:
    titel: str
    soort: str
    datum: date
    kenmerk: str | None = None
    url: str | None = None
    citaat: str | None = None
    bewijskracht: str | None = None
    datum_precisie: str | None = None
    verwijzingen: Sequence[str] = ()  # zoals de bron ze schrijft: 'Kamerstuk 34 682, nr. 100'


@dataclass(frozen=True)
class TijdInvoer:
    """De assen zoals opgegeven; wat ontbreekt vult het domein aan volgens ontwerp §4."""

    geldig_vanaf: date | None = None
    geldig_tot: date | None = None
    juridisch_werkend_vanaf: date | None = None
    bekend_op: date | None = None
    datum_precisie: str | None = None
    datum_tekst: str | None = None


@dataclass(frozen=True)
class PartijInvoer:
    overheid: str
    rol: str
    binding: str | None = None
    naam_in_bron: str | None = None
    namens: tuple[str, ...] = ()
    aantal: int | None = None


@dataclass(frozen=True)
class HoeveelheidInvoer:
    grootheid: str
    waarde: str
    eenheid: str


@dataclass(frozen=True)
class VerplichtingInvoer:
    omschrijving: str
    partij: str
    uiterlijk: str | None = None
    uiterlijk_tekst: str | None = None
    binding: str | None = None
    hoeveelheden: tuple[HoeveelheidInvoer, ...] = ()
    id: str | None = None


@dataclass(frozen=True)
class BedragInvoer:
    omschrijving: str
    bedrag: str
    soort: str | None = None
    periode: str | None = None
    bron: BronInvoer | None = None


@dataclass(frozen=True)
class RelatieInvoer:
    soort: str
    naar: str


@dataclass(frozen=True)
class Verantwoording:
    """Wat elk commando meedraagt: bronnen, toelichting en tijdassen."""

    bronnen: tuple[BronInvoer, ...]
    toelichting: str | None = None
    tijd: TijdInvoer = field(default_factory=TijdInvoer)


def lees_bronnen(bronnen: Sequence[BronInvoer], fouten: Fouten,
                 pad: str = "bronnen[{i}]") -> tuple[Bron, ...]:
    if not bronnen:
        fouten.voeg_toe("bronnen", "noem ten minste één bron: waar staat het?")
    uit = []
    for i, b in enumerate(bronnen):
        v = pad.format(i=i)
        uit.append(Bron(
            titel=tekst(b.titel, f"{v}.titel", fouten) or "",
            soort=tekst(b.soort, f"{v}.soort", fouten) or "",
            datum=b.datum,
            kenmerk=tekst(b.kenmerk, f"{v}.kenmerk", fouten, verplicht=False),
            url=tekst(b.url, f"{v}.url", fouten, verplicht=False),
            citaat=tekst(b.citaat, f"{v}.citaat", fouten, verplicht=False, maximum=MAX_TEKST),
            bewijskracht=keuze(b.bewijskracht, BEWIJSKRACHT, f"{v}.bewijskracht", fouten,
                               "EXPLICIET"),
            datum_precisie=keuze(b.datum_precisie, DATUM_PRECISIES[:3],
                                 f"{v}.datumPrecisie", fouten, "DAG"),
            verwijzingen=lees_verwijzingen(b.verwijzingen, f"{v}.verwijzingen", fouten),
        ))
    return tuple(uit)


MAX_VERWIJZINGEN = 100


def lees_verwijzingen(teksten: Sequence[str], veld: str, fouten: Fouten
                      ) -> tuple[Verwijzing, ...]:
    if len(teksten) > MAX_VERWIJZINGEN:
        fouten.voeg_toe(veld, f"hoogstens {MAX_VERWIJZINGEN} verwijzingen per bron")
        return ()
    uit: list[Verwijzing] = []
    for j, t in enumerate(teksten):
        pad = f"{veld}[{j}]"
        schoon = tekst(t, pad, fouten)
        v = lees_verwijzing(schoon) if schoon else None
        if schoon and v is None:
            fouten.voeg_toe(pad, f"'{schoon[:60]}' is geen herkende verwijzing; schrijf "
                            "bijvoorbeeld 'Kamerstuk 34 682, nr. 100', 'BO MIRT november 2022', "
                            "'kenmerk 2022-0000668914', 'ECLI:NL:RVS:2019:1603', 'CVDR123456' "
                            "of een URL")
        if v is not None and all(u.waarde != v.waarde for u in uit):  # één keer per waarde
            uit.append(v)
    return tuple(uit)


def lees_partij(p: PartijInvoer, v: str, fouten: Fouten) -> Partij:
    if p.aantal is not None and not 0 < p.aantal < 100_000:
        fouten.voeg_toe(f"{v}.aantal", "moet een positief aantal zijn")
    return Partij(
        overheid=p.overheid.strip(),
        rol=tekst(p.rol, f"{v}.rol", fouten) or "",
        binding=keuze(p.binding, PARTIJ_BINDING, f"{v}.binding", fouten, "BETROKKEN"),
        naam_in_bron=tekst(p.naam_in_bron, f"{v}.naamInBron", fouten, verplicht=False),
        namens=tuple(n.strip() for n in p.namens),
        aantal=p.aantal,
    )


def lees_partijen(partijen: Sequence[PartijInvoer], fouten: Fouten) -> tuple[Partij, ...]:
    uit = tuple(lees_partij(p, f"partijen[{i}]", fouten) for i, p in enumerate(partijen))
    ids = [p.overheid for p in uit]
    if len(set(ids)) != len(ids):
        fouten.voeg_toe("partijen", "een overheid staat er meer dan eens in")
    if len(set(ids)) < 2 and not any(i.startswith(COLLECTIEF) for i in ids):
        fouten.voeg_toe("partijen", "een afspraak heeft ten minste twee verschillende partijen "
                        "(of een collectief, dat voor meer overheden staat)")
    return uit


def lees_verplichting(p: VerplichtingInvoer, v: str, fouten: Fouten) -> Verplichting:
    hoeveelheden = []
    for j, h in enumerate(p.hoeveelheden):
        w = f"{v}.hoeveelheden[{j}]"
        hoeveelheden.append(Hoeveelheid(
            tekst(h.grootheid, f"{w}.grootheid", fouten) or "",
            lees_hoeveelheid(h.waarde, f"{w}.waarde", fouten),
            tekst(h.eenheid, f"{w}.eenheid", fouten) or ""))
    return Verplichting(
        omschrijving=tekst(p.omschrijving, f"{v}.omschrijving", fouten, maximum=MAX_TEKST) or "",
        partij=p.partij.strip(),
        uiterlijk=VageDatum.lees(p.uiterlijk, p.uiterlijk_tekst, f"{v}.uiterlijk", fouten),
        binding=keuze(p.binding, VERPLICHTING_BINDING, f"{v}.binding", fouten, "BESTUURLIJK"),
        hoeveelheden=tuple(hoeveelheden),
        id=p.id,
    )


def lees_verplichtingen(lijst: Sequence[VerplichtingInvoer],
                        fouten: Fouten) -> tuple[Verplichting, ...]:
    uit = tuple(lees_verplichting(p, f"verplichtingen[{i}]", fouten)
                for i, p in enumerate(lijst))
    ids = [v.id for v in uit if v.id is not None]
    if len(set(ids)) != len(ids):
        fouten.voeg_toe("verplichtingen", "een verplichting-id staat er meer dan eens in")
    return uit


def lees_bedragen(lijst: Sequence[BedragInvoer], fouten: Fouten) -> tuple[Bedrag, ...]:
    uit = []
    for i, b in enumerate(lijst):
        v = f"bedragen[{i}]"
        uit.append(Bedrag(
            omschrijving=tekst(b.omschrijving, f"{v}.omschrijving", fouten) or "",
            bedrag=lees_bedrag(b.bedrag, f"{v}.bedrag", fouten),
            soort=keuze(b.soort, BEDRAG_SOORTEN, f"{v}.soort", fouten, "EXACT"),
            periode=tekst(b.periode, f"{v}.periode", fouten, verplicht=False),
            bron=None if b.bron is None else lees_bronnen([b.bron], fouten, f"{v}.bron")[0],
        ))
    return tuple(uit)


def lees_relaties(lijst: Sequence[RelatieInvoer], fouten: Fouten) -> tuple[Relatie, ...]:
    return tuple(
        Relatie(keuze(r.soort, RELATIE_SOORTEN, f"relaties[{i}].soort", fouten), r.naar.strip())
        for i, r in enumerate(lijst))


def lees_inhoud(titel: str | None, inhoud: str | None, programma: str | None,
                bedragen: Sequence[BedragInvoer] | None, fouten: Fouten) -> dict[str, object]:
    """De inhoudelijke velden van een wijziging of rectificatie; None: het veld blijft."""
    return dict(
        titel=tekst(titel, "titel", fouten, verplicht=False),
        inhoud=tekst(inhoud, "inhoud", fouten, verplicht=False, maximum=MAX_TEKST),
        programma=tekst(programma, "programma", fouten, verplicht=False),
        bedragen=lees_bedragen(bedragen, fouten) if bedragen is not None else None)
