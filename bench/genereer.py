"""Genereert een realistisch register van N gebeurtenissen, deterministisch uit een seed.

De vorm volgt de demogegevens (src/register/demo/afspraken.json): afspraken met 3–30
gebeurtenissen, 2–40 partijen uit de echte TOOI-lijst, verplichtingen met vage datums,
rectificaties, wijzigingen met terugwerkende kracht en afhechtingen. Elke gebeurtenis ontstaat
door een commando op het aggregaat en wordt opgeslagen met `Register.save`, veel aggregaten
per aanroep. Daarna werkt `Systeem.bij_werken()` de leesmodellen bij.

    uv run python -m bench.genereer --size 10k      # REGISTER_DATABASE_URL kiest de opslag
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from register.domein import commandos as c
from register.domein.afspraak import Afspraak
from register.domein.verantwoording import Uitvoering
from register.domein.invoer import (
    BedragInvoer, BronInvoer, PartijInvoer, RelatieInvoer, TijdInvoer, Verantwoording,
    VerplichtingInvoer,
)
from register.domein.overheden import Overheden
from register.systeem.samenstel import Systeem

from bench.gemeen import GROOTTES, SEED, balk, database_url, demo_teksten
from bench.opslag import database_voor

BEHEER = "urn:afsprakenregister:overheid:register"
LANG = 1_000  # gebeurtenissen in de ene lange afspraak (voor punt-vs-replay)
PER_SAVE = 2_000  # gebeurtenissen per Register.save(*aggregaten)
SOORTEN_MET_LEDEN = ("MINISTERIE", "PROVINCIE", "GEMEENTE", "WATERSCHAP")


def lange_afspraak_id(seed: int = SEED) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"afsprakenregister-bench-{seed}-lang")


class Verwijzingen:
    """Wat het domein moet weten om verwijzingen te controleren, zonder opslag te lezen."""

    def __init__(self, overheden: Overheden) -> None:
        self.overheden = overheden
        self.afspraken: set[str] = set()
        self.volgorde: list[str] = []  # dezelfde, om snel willekeurig uit te kiezen

    def voeg_toe(self, afspraak_id: str) -> None:
        self.afspraken.add(afspraak_id)
        self.volgorde.append(afspraak_id)

    def overheid_bestaat(self, overheid_id: str) -> bool:
        return overheid_id in self.overheden

    def overheid_bestond_op(self, overheid_id: str, dag: date) -> bool:
        return overheid_id in self.overheden  # de metingen kiezen alleen bestaande overheden

    def afspraak_bestaat(self, afspraak_id: str) -> bool:
        return afspraak_id in self.afspraken


@dataclass
class Klok:
    """De tijd binnen één afspraak: besluiten volgen elkaar op, bekendmaking en ontvangst later."""

    rng: random.Random
    dag: date
    stap: int = 120  # hoogstens zoveel dagen tussen twee besluiten
    ontvangen: datetime = field(default=datetime(2000, 1, 1, tzinfo=UTC))

    def volgende(self, eerste: bool = False) -> tuple[date, date, datetime]:
        self.dag += timedelta(days=self.rng.randint(1, 30 if eerste else self.stap))
        bekend = self.dag + timedelta(days=self.rng.randint(0, 10))
        ontvangen = datetime.combine(bekend + timedelta(days=self.rng.randint(0, 20)),
                                     datetime.min.time(), UTC)
        ontvangen += timedelta(seconds=self.rng.randint(0, 86_399),
                               microseconds=self.rng.randint(0, 999_999))
        self.ontvangen = max(ontvangen, self.ontvangen + timedelta(microseconds=1))
        return self.dag, bekend, self.ontvangen


class Generator:
    """Eén deterministische stroom afspraken; `afspraken()` levert ze één voor één."""

    def __init__(self, overheden: Overheden, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.t = demo_teksten()
        per_soort = {s: [o.id for o in overheden.alle(s) if o.einddatum is None]
                     for s in SOORTEN_MET_LEDEN}
        self.overheden = per_soort
        self.alle_ids = [i for ids in per_soort.values() for i in ids]
        self.verwijzingen = Verwijzingen(overheden)

    # -- bouwstenen -----------------------------------------------------------------------------

    def _kies_partijen(self, n: int) -> list[str]:
        r = self.rng
        kern = [r.choice(self.overheden["MINISTERIE"]), r.choice(self.overheden["PROVINCIE"])]
        rest = r.sample(self.alle_ids, n + 4)
        return list(dict.fromkeys(kern + rest))[:n]

    def _partij(self, overheid: str) -> PartijInvoer:
        r = self.rng
        return PartijInvoer(overheid=overheid, rol=r.choice(self.t.rollen),
                            binding=r.choice(("ONDERTEKENAAR", "ONDERTEKENAAR", "BETROKKEN",
                                              "STEUNVERKLARING", "GECONSULTEERD")),
                            naam_in_bron=r.choice(self.t.namen_in_bron))

    def _verplichting(self, partijen: list[str], jaar: int) -> VerplichtingInvoer:
        r = self.rng
        j = jaar + r.randint(0, 4)
        uiterlijk, tekst = r.choice((
            (f"{j}", f"eind {j}"), (f"{j}-{r.randint(1, 12):02d}", None),
            (f"{j}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", None),
            (f"{j}", f"medio {j}"), (None, "zo spoedig mogelijk")))
        return VerplichtingInvoer(
            omschrijving=r.choice(self.t.verplichtingen), partij=r.choice(partijen),
            uiterlijk=uiterlijk, uiterlijk_tekst=tekst,
            binding=r.choice(("BESTUURLIJK", "BESTUURLIJK", "WETTELIJK", "GEVRAAGD",
                              "VOORGESTELD")))

    def _bedrag(self) -> BedragInvoer:
        r = self.rng
        return BedragInvoer(omschrijving=r.choice(self.t.bedragen),
                            bedrag=f"{r.randint(1, 5000) * 100_000}.00",
                            soort=r.choice(("EXACT", "MAXIMUM", "INDICATIEF")),
                            periode=r.choice((None, "2023-2030", "per jaar")))

    def _verantwoording(self, k: Klok, eerste: bool = False, terugwerkend: bool = False,
                        rectificatie: bool = False) -> tuple[Verantwoording, datetime]:
        r = self.rng
        werkend, bekend, ontvangen = k.volgende(eerste)
        precisie = r.choice(("DAG", "DAG", "DAG", "MAAND", "JAAR"))
        bronnen = tuple(BronInvoer(
            titel=r.choice(self.t.bron_titels), soort=r.choice(self.t.bron_soorten),
            datum=werkend, kenmerk=f"{werkend.year}-{r.randint(10**9, 10**10 - 1)}",
            citaat=r.choice(self.t.citaten), bewijskracht=r.choice(
                ("EXPLICIET", "EXPLICIET", "IMPLICIET", "AFGELEID")), datum_precisie=precisie)
            for _ in range(r.choice((1, 1, 1, 2))))
        geldig = werkend - timedelta(days=r.randint(30, 365)) if terugwerkend else None
        tijd = TijdInvoer() if rectificatie else TijdInvoer(
            geldig_vanaf=geldig, juridisch_werkend_vanaf=werkend, bekend_op=bekend,
            datum_precisie=precisie,
            datum_tekst=r.choice((None, None, None, f"medio {werkend.year}")))
        toelichting = None if eerste else r.choice(self.t.toelichtingen)
        return Verantwoording(bronnen=bronnen, toelichting=toelichting, tijd=tijd), ontvangen

    # -- een afspraak ---------------------------------------------------------------------------

    def afspraken(self, lang: bool = True) -> Iterator[tuple[Afspraak, int]]:
        """Eerst de lange afspraak van 1000 gebeurtenissen, daarna afspraken van 3–30."""
        if lang:
            yield self._afspraak(lange_afspraak_id(self.seed), LANG), LANG
        while True:
            n = min(30, max(3, round(self.rng.triangular(3, 30, 6))))
            aid = uuid.UUID(int=self.rng.getrandbits(128), version=4)
            yield self._afspraak(aid, n), n

    def _afspraak(self, aid: uuid.UUID, n: int) -> Afspraak:
        r = self.rng
        k = Klok(r, date(2015, 1, 1) + timedelta(days=r.randint(0, 3650)),
                 stap=3 if n >= LANG else 120)
        aantal = min(40, 2 + int(r.expovariate(1 / 4)))
        ids = self._kies_partijen(aantal)
        eerdere = self.verwijzingen.volgorde
        relaties = [RelatieInvoer(soort=r.choice(("UITWERKING_VAN", "HANGT_SAMEN_MET",
                                                  "ONDERDEEL_VAN")), naar=r.choice(eerdere))
                    for _ in range(r.choice((0, 0, 0, 1)))] if eerdere else []
        v, ontvangen = self._verantwoording(k, eerste=True)
        a = Afspraak.leg_vast(c.Vastleggen(
            titel=r.choice(self.t.titels), soort=r.choice(self.t.soorten),
            inhoud=r.choice(self.t.inhouden), programma=r.choice(self.t.programmas),
            gebieden=r.sample(self.t.gebieden, r.randint(0, 2)),
            partijen=[self._partij(o) for o in ids],
            verplichtingen=[self._verplichting(ids, k.dag.year) for _ in range(r.randint(1, 5))],
            bedragen=[self._bedrag() for _ in range(r.randint(0, 2))], relaties=relaties,
            in_voorbereiding=r.random() < 0.1, vertrouwelijk=r.random() < 0.05,
            verantwoording=v), self._uitvoering(ontvangen), aid)
        afhechten = n < LANG and r.random() < 0.35
        for _ in range(1, n - 1 if afhechten else n):
            self._volgend_commando(a, k)
        if afhechten:
            self._hecht_af(a, k)
        self.verwijzingen.voeg_toe(str(aid))
        return a

    def _uitvoering(self, ontvangen_op: datetime) -> Uitvoering:
        return Uitvoering(BEHEER, ontvangen_op, self.verwijzingen, beheerder=True)

    def _volgend_commando(self, a: Afspraak, k: Klok) -> None:
        r = self.rng
        keuze = r.choices(list(COMMANDOS), weights=list(COMMANDOS.values()))[0]
        getattr(self, f"_c_{keuze}")(a, k)

    def _c_voortgang(self, a: Afspraak, k: Klok) -> None:
        v, t = self._verantwoording(k)
        a.voer_uit(c.VoortgangRapporteren(
            verslag=self.rng.choice(self.t.verslagen),
            aard=self.rng.choice(("aangekondigd", "voortgang", "opgeleverd", None)),
            verantwoording=v), self._uitvoering(t))

    def _c_ondertekenen(self, a: Afspraak, k: Klok) -> None:
        v, t = self._verantwoording(k)
        a.voer_uit(c.Ondertekenen(overheid=self.rng.choice(sorted(a.leden)),
                                  ondertekend_op=k.dag, verantwoording=v), self._uitvoering(t))

    def _c_standpunt(self, a: Afspraak, k: Klok) -> None:
        v, t = self._verantwoording(k)
        s = self.rng.choice(("INGESTEMD", "INGESTEMD", "NIET_INGESTEMD", "VOORWAARDELIJK"))
        a.voer_uit(c.StandpuntInnemen(
            overheid=self.rng.choice(sorted(a.leden)), standpunt=s,
            voorwaarden=self.rng.choice(self.t.citaten) if s == "VOORWAARDELIJK" else None,
            verantwoording=v), self._uitvoering(t))

    def _c_verplichting_erbij(self, a: Afspraak, k: Klok) -> None:
        v, t = self._verantwoording(k)
        a.voer_uit(c.VerplichtingVastleggen(
            verplichting=self._verplichting(sorted(a.leden), k.dag.year), verantwoording=v),
            self._uitvoering(t))

    def _c_deadline(self, a: Afspraak, k: Klok) -> None:
        r = self.rng
        v, t = self._verantwoording(k, terugwerkend=r.random() < 0.3)
        j = k.dag.year + r.randint(0, 3)
        a.voer_uit(c.VerplichtingWijzigen(
            verplichting=r.choice(sorted(a.verplichtingen)),
            uiterlijk=f"{j}-{r.randint(1, 12):02d}",
            uiterlijk_tekst=r.choice((None, f"uiterlijk {j}")), verantwoording=v),
            self._uitvoering(t))

    def _c_nakomen(self, a: Afspraak, k: Klok) -> None:
        v, t = self._verantwoording(k)
        vid = self.rng.choice(sorted(a.verplichtingen))
        soort = (c.VerplichtingNakomen if self.rng.random() < 0.8
                 else c.VerplichtingLatenVervallen)
        a.voer_uit(soort(verplichting=vid, verantwoording=v), self._uitvoering(t))

    def _c_wijzigen(self, a: Afspraak, k: Klok) -> None:
        r = self.rng
        v, t = self._verantwoording(k, terugwerkend=r.random() < 0.4)
        a.voer_uit(c.Wijzigen(
            titel=r.choice((None, r.choice(self.t.titels))), inhoud=r.choice(self.t.inhouden),
            bedragen=[self._bedrag()] if r.random() < 0.5 else None, verantwoording=v),
            self._uitvoering(t))

    def _c_rectificeren(self, a: Afspraak, k: Klok) -> None:
        r = self.rng
        doelen = [v for v, s in a.soorten.items() if s in ("Vastgelegd", "Gewijzigd")]
        v, t = self._verantwoording(k, rectificatie=True)
        a.voer_uit(c.Rectificeren(rectificeert=r.choice(doelen), titel=r.choice(self.t.titels),
                                  verantwoording=v), self._uitvoering(t))

    def _c_toetreden(self, a: Afspraak, k: Klok) -> None:
        nieuw = [o for o in self.rng.sample(self.alle_ids, 5) if o not in a.leden]
        if len(a.leden) >= 40 or not nieuw:
            return self._c_voortgang(a, k)
        v, t = self._verantwoording(k)
        a.voer_uit(c.PartijLatenToetreden(partij=self._partij(nieuw[0]), verantwoording=v),
                   self._uitvoering(t))
        return None

    def _c_uittreden(self, a: Afspraak, k: Klok) -> None:
        if len(a.leden) <= 2:
            return self._c_voortgang(a, k)
        v, t = self._verantwoording(k)
        a.voer_uit(c.PartijLatenUittreden(overheid=self.rng.choice(sorted(a.leden)),
                                          verantwoording=v), self._uitvoering(t))
        return None

    def _c_status(self, a: Afspraak, k: Klok) -> None:
        v, t = self._verantwoording(k)
        laatste = [s for s in a.soorten.values() if s in ("Opgeschort", "Hervat")]
        opgeschort = bool(laatste) and laatste[-1] == "Opgeschort"
        soort = c.Hervatten if opgeschort else c.Opschorten
        a.voer_uit(soort(verantwoording=v), self._uitvoering(t))

    def _hecht_af(self, a: Afspraak, k: Klok) -> None:
        r = self.rng
        v, t = self._verantwoording(k)
        eerdere = self.verwijzingen.volgorde  # de afspraak zelf staat er nog niet in
        wijze = r.choice(("NAGEKOMEN", "VERVALLEN", "INGETROKKEN", "STOPGEZET") +
                         (("VERVANGEN",) if eerdere else ()))
        a.voer_uit(c.Afhechten(
            wijze=wijze, vervangen_door=r.choice(eerdere) if wijze == "VERVANGEN" else None,
            uitkomsten=[(vid, r.choice(("VOORTGEZET", "BEEINDIGD", "OPEN")))
                        for vid in sorted(a.verplichtingen)], verantwoording=v),
            self._uitvoering(t))


# Gewicht per soort vervolgcommando, naar de verhoudingen in de demogegevens en het ontwerp.
COMMANDOS: dict[str, float] = {
    "voortgang": 30, "ondertekenen": 12, "standpunt": 6, "verplichting_erbij": 8,
    "deadline": 12, "nakomen": 8, "wijzigen": 10, "rectificeren": 6, "toetreden": 4,
    "uittreden": 1, "status": 3,
}


def genereer(systeem: Systeem, aantal: int, seed: int = SEED,
             voortgang: Callable[[int], None] | None = None, lang: bool = True) -> int:
    """Schrijft ~`aantal` gebeurtenissen (de laatste afspraak wordt niet afgekapt)."""
    gen = Generator(systeem.register.overheden, seed)
    geschreven, bundel, in_bundel = 0, [], 0
    for a, n in gen.afspraken(lang):
        bundel.append(a)
        in_bundel += n
        if in_bundel >= PER_SAVE:
            systeem.register.save(*bundel)
            geschreven += in_bundel
            bundel, in_bundel = [], 0
            if voortgang:
                voortgang(geschreven)
        if geschreven + in_bundel >= aantal:
            break
    if bundel:
        systeem.register.save(*bundel)
        geschreven += in_bundel
    if voortgang:
        voortgang(geschreven)
    return geschreven


def vul(url: str, aantal: int, seed: int = SEED) -> dict[str, Any]:
    """Een leeg register vullen en de leesmodellen bijwerken, met voortgangsbalken."""
    systeem = Systeem(url)
    try:
        if systeem.laatste_positie() > 0:
            raise SystemExit(f"De database bevat al {systeem.laatste_positie()} gebeurtenissen; "
                             "genereer in een lege database.")
        with balk() as p:
            taak = p.add_task("Gebeurtenissen schrijven", total=aantal)
            t0 = time.perf_counter()
            n = genereer(systeem, aantal, seed, lambda i: p.update(taak, completed=i))
            t_schrijf = time.perf_counter() - t0
            taak2 = p.add_task("Leesmodellen bijwerken", total=n)
            t0 = time.perf_counter()
            systeem.bij_werken(lambda totaal, _: p.update(taak2, completed=totaal))
            t_proj = time.perf_counter() - t0
        return {"gebeurtenissen": n, "schrijven_s": t_schrijf, "bijwerken_s": t_proj}
    finally:
        systeem.sluit()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="10k", choices=sorted(GROOTTES))
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    r = vul(database_voor(database_url(), args.size), GROOTTES[args.size], args.seed)
    print(f"{r['gebeurtenissen']} gebeurtenissen geschreven in {r['schrijven_s']:.1f} s "
          f"({r['gebeurtenissen'] / r['schrijven_s']:.0f}/s); leesmodellen in "
          f"{r['bijwerken_s']:.1f} s ({r['gebeurtenissen'] / r['bijwerken_s']:.0f}/s)")


if __name__ == "__main__":
    main()
