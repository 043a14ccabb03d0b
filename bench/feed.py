"""Feed: een afnemer haalt de hele CloudEvents-feed in (GET /v1/gebeurtenissen, pagina's van
1000, elke pagina als JSON gelezen) van een server in een eigen proces: met het token van een
overheid die voor het eerst leest (haar volgnummers worden dan toegekend; 'feed') en zonder
token ('feed-anoniem', de openbare nummers liggen al vast). Gedeeld door kaal lezen en
decoderen van het notificatielog (dezelfde meting als bench/herbouw.py), beide in gebeurtenissen
van het register per seconde: zo lang duurt het voor een afnemer bij is. Doel ≥ 0,35. De
afnemer volgt de link rel="next" en vraagt de volgende pagina al terwijl hij de vorige leest
(zie `haal_in`). De feed heeft meer regels dan het register gebeurtenissen (ook de gevolgen);
dat aantal en de regels per seconde staan in de toelichting.

    uv run python -m bench.feed --size 10k
"""

from __future__ import annotations

import argparse
import json
import queue
import threading
import time

import httpx
from sqlalchemy import delete, func, select

from register.projecties.feed import feed
from register.projecties.afspraken import toegang
from register.projecties.feedlezer import lezers, volgnummers
from register.systeem.samenstel import Systeem
from register.systeem.tokens import Tokens

from bench.gemeen import GROOTTES, Resultaat, balk, console, database_url, server, soort_opslag
from bench.genereer import vul
from bench.herbouw import lees_en_decodeer
from bench.opslag import database_voor

DOEL = 0.35
PAGINA = 1000


def lezer_met_token(systeem: Systeem) -> tuple[str, str]:
    """De overheid met de meeste vertrouwelijke afspraken (de zwaarste lezer met een token),
    zonder volgnummers: elke meting meet een afnemer die voor het eerst inhaalt. Geeft de
    overheid en een nieuw token. Alleen voor de meting."""
    systeem.bij_werken()
    with systeem.engine.begin() as c:
        overheid = c.execute(select(toegang.c.overheid).group_by(toegang.c.overheid)
                             .order_by(func.count().desc(), toegang.c.overheid).limit(1)
                             ).scalar() or "https://identifier.overheid.nl/tooi/id/provincie/pv25"
        c.execute(delete(volgnummers).where(volgnummers.c.lezer == overheid))
        c.execute(delete(lezers).where(lezers.c.lezer == overheid))
    return overheid, Tokens(systeem.engine, systeem.sleutel).aanmaken(overheid)


def openbare_regels(systeem: Systeem) -> int:
    with systeem.engine.connect() as c:
        return int(c.execute(select(func.max(feed.c.publiek))).scalar() or 0)


def haal_in(url: str, regels: int | None, token: str | None = None) -> tuple[int, float]:
    """Leest de feed tot een lege pagina; geeft het aantal events en de duur. Zoals een
    afnemer die de link rel="next" volgt: zodra een antwoord binnen is, vraagt een tweede draad
    de volgende pagina, terwijl deze draad de vorige leest (de volgnummers lopen door, dus het
    adres van de volgende pagina staat al in de kop). Aan het eind: een lege pagina na de
    laatste sequence."""
    rij: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=2)
    kop = {"Authorization": f"Bearer {token}"} if token else {}

    def ophalen() -> None:
        try:
            with httpx.Client(base_url=url, timeout=120, headers=kop) as client:
                adres: str | None = f"/v1/gebeurtenissen?na=0&limit={PAGINA}"
                while adres is not None:
                    r = client.get(adres)
                    r.raise_for_status()
                    rij.put(r.content)
                    adres = r.links.get("next", {}).get("url")
            rij.put(None)
        except BaseException as e:  # naar de lezende draad
            rij.put(e)

    n, na = 0, "0"
    with balk() as p:
        taak = p.add_task("Feed inhalen" + (" (token)" if token else ""), total=regels)
        t0 = time.perf_counter()
        draad = threading.Thread(target=ophalen, daemon=True)
        draad.start()
        while (inhoud := rij.get()) is not None:
            if isinstance(inhoud, BaseException):
                raise inhoud
            events = json.loads(inhoud)
            n += len(events)
            if events:
                na = events[-1]["sequence"]
                if int(na) != n:
                    raise SystemExit(f"sequence {na} na {n} events: niet aaneengesloten")
            p.update(taak, completed=n)
        laatste = httpx.get(f"{url}/v1/gebeurtenissen", params={"na": na}, timeout=120,
                            headers=kop)
        laatste.raise_for_status()
        if json.loads(laatste.content):
            raise SystemExit("na de laatste pagina kwamen nog events")
        return n, time.perf_counter() - t0


def meet(url: str, size: str) -> list[Resultaat]:
    soort = soort_opslag(url)
    systeem = Systeem(url)
    try:
        gebeurtenissen = systeem.laatste_positie()
        n_ruw, t_ruw = lees_en_decodeer(systeem)
        openbaar = openbare_regels(systeem)
        overheid, token = lezer_met_token(systeem)
    finally:
        systeem.sluit()
    with server("register.api.app:maak_app", url, REGISTER_WERKPROCESSEN="0") as s:
        n_anoniem, t_anoniem = haal_in(s.url, openbaar)
        n, t = haal_in(s.url, None, token)
    if n_anoniem != openbaar:
        raise SystemExit(f"de afnemer las {n_anoniem} events, de feed heeft er {openbaar}")
    ruw = n_ruw / t_ruw
    uit = []
    for naam, wie, aantal, duur in (("feed", f"met een token van {overheid}", n, t),
                                    ("feed-anoniem", "zonder token", n_anoniem, t_anoniem)):
        per_s = gebeurtenissen / duur
        ratio = per_s / ruw
        console.print(f"{naam} ({soort}, {size}), {wie}: {gebeurtenissen} gebeurtenissen "
                      f"({aantal} events) ingehaald in {duur:.1f} s ({per_s:.0f} "
                      f"gebeurtenissen/s, {aantal / duur:.0f} events/s); kaal lezen en "
                      f"decoderen {ruw:.0f}/s; verhouding {ratio:.2f} (doel ≥ {DOEL})")
        uit.append(Resultaat(naam, round(ratio, 2), "× kaal decoderen", f"≥ {DOEL}",
                             ratio >= DOEL, f"{wie}: {per_s:.0f} gebeurtenissen/s ("
                             f"{aantal / duur:.0f} events/s, {aantal} events met de gevolgen) "
                             f"tegen {ruw:.0f}/s kaal, via HTTP, in {duur:.1f} s"))
    return uit


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="10k", choices=sorted(GROOTTES))
    args = ap.parse_args()
    url = database_voor(database_url(), args.size)
    systeem = Systeem(url)
    leeg = systeem.laatste_positie() == 0
    systeem.sluit()
    if leeg:
        vul(url, GROOTTES[args.size])
    for r in meet(url, args.size):
        print(r)


if __name__ == "__main__":
    main()
