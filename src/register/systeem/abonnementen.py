"""Abonnementen (webhooks): een systeem geeft een callback-URL met filters op, en het register
POST elke feedregel die past, als CloudEvent (HTTP-binding, structured mode:
`application/cloudevents+json`), ondertekend volgens Standard Webhooks.

Ondertekening (https://www.standardwebhooks.com, het pakket `standardwebhooks`):

    webhook-id:        het id van het CloudEvent (<afspraak>/<versie>[/<gevolg>/<datum>])
    webhook-timestamp: Unix-seconden van deze poging
    webhook-signature: v1,<base64 van HMAC-SHA256(geheim, "<id>.<timestamp>.<body>")>

Het geheim (`whsec_…`) krijgt de eigenaar bij het aanmaken en bij het vernieuwen; het register
bewaart het niet, maar leidt het af uit zijn eigen sleutel, het abonnement en de generatie van
het geheim (vernieuwen verhoogt die). Wie alleen de database kan lezen, kan dus geen bericht
vervalsen; wie alleen de database kan wijzigen, kan een abonnement niet naar zijn eigen URL
omleggen of een filter verbreden: elke rij draagt een HMAC met de sleutel van het register.

Aflevering (`Bezorger`, in het proces `register afleveren`):
- Per abonnement in feedvolgorde, gelezen zoals de eigenaar de feed leest (dezelfde toegang: een
  vertrouwelijke afspraak alleen voor haar partijen). De positie (het volgnummer in de feed van
  de eigenaar) staat in de database: na een herstart gaat het verder waar het was.
- Ten minste één keer: valt het proces weg tussen een geslaagde POST en het bewaren van de
  positie, dan komt dat event nog eens. Een ontvanger herkent een dubbel aan `webhook-id`.
- Een 2xx is geslaagd; al het andere (een andere status, een time-out, geen verbinding) is een
  mislukte poging. Dan wacht het abonnement `basis × 2^(poging-1)` seconden (hoogstens
  `maximum`), en probeert het hetzelfde event opnieuw: de volgorde blijft. Na `max_pogingen`
  gaat het event naar de dode brieven (zichtbaar voor de eigenaar, met de laatste fout) en gaat
  de aflevering door met het volgende. `abonnementDodeBrievenOpnieuw` zet ze terug.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import logging
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from cloudevents.core.bindings.http import to_structured_event
from sqlalchemy import (
    BigInteger, Boolean, Column, DateTime, Engine, Integer, MetaData, String, Table, Text, and_,
    delete, or_, select, update,
)
from standardwebhooks.webhooks import Webhook

from register.domein.actor import Actor
from register.projecties.afspraken import kenmerken
from register.projecties.feedbericht import cloudevent, id_van
from register.projecties.feedlezer import Feed, FeedItem, laatste
from register.systeem.opslag import LEZEN, schema_slot

log = logging.getLogger("register.afleveren")

ACTIEF, OPGEZEGD = "ACTIEF", "OPGEZEGD"
FILTERS = ("partij", "programma", "soort", "aard")
BLOK = 1000

metadata = MetaData()
abonnementen = Table(
    "abonnementen", metadata,
    Column("id", String(36), primary_key=True),
    Column("eigenaar", String(300), nullable=False),
    Column("beheerder", Boolean, nullable=False),
    Column("url", String(2000), nullable=False),
    Column("partij", String(300)),
    Column("programma", String(500)),
    Column("soort", String(500)),
    Column("aard", String(50)),
    Column("status", String(20), nullable=False),
    Column("generatie", Integer, nullable=False),  # van het geheim
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
    Column("opgezegd_op", DateTime(timezone=True)),
    # afgeleverd tot en met dit volgnummer (in de feed van de eigenaar)
    Column("volgnummer", BigInteger, nullable=False),
    Column("afgeleverd", BigInteger, nullable=False),
    Column("pogingen", Integer, nullable=False),  # mislukte pogingen voor het volgende event
    Column("volgende_poging", DateTime(timezone=True)),
    Column("laatste_fout", String(500)),
    Column("mac", String(64), nullable=False),
)
dode_brieven = Table(
    "abonnement_dode_brieven", metadata,
    Column("abonnement_id", String(36), primary_key=True),
    Column("volgnummer", BigInteger, primary_key=True, autoincrement=False),
    Column("event_id", String(200), nullable=False),
    Column("type", String(200), nullable=False),
    Column("bericht", Text, nullable=False),  # het CloudEvent zoals het werd verstuurd
    Column("pogingen", Integer, nullable=False),
    Column("laatste_fout", String(500), nullable=False),
    Column("op", DateTime(timezone=True), nullable=False),
    Column("opnieuw", Boolean, nullable=False),  # de eigenaar vroeg een nieuwe aflevering
)


class AbonnementFout(Exception):
    def __init__(self, melding: str, veld: str | None = None) -> None:
        super().__init__(melding)
        self.melding, self.veld = melding, veld


@dataclass(frozen=True)
class Abonnement:
    id: str
    eigenaar: str
    beheerder: bool
    url: str
    filter: dict[str, str | None]
    status: str
    generatie: int
    aangemaakt_op: datetime
    opgezegd_op: datetime | None
    volgnummer: int
    afgeleverd: int
    pogingen: int
    volgende_poging: datetime | None
    laatste_fout: str | None

    @property
    def actor(self) -> Actor:
        return Actor(self.eigenaar, self.beheerder)


@dataclass(frozen=True)
class DodeBrief:
    volgnummer: int
    event_id: str
    type: str
    pogingen: int
    laatste_fout: str
    op: datetime
    opnieuw: bool


def _tijd(t: datetime | None) -> datetime | None:
    return t.replace(tzinfo=UTC) if t is not None and t.tzinfo is None else t


def controleer_url(url: str, alleen_openbaar: bool) -> str:
    """Een callback-URL: http(s) met een host; in productie alleen https naar een openbaar
    adres (geen loopback, privé of link-local: het register is geen proxy naar zijn eigen
    netwerk)."""
    url = url.strip()
    if len(url) > 2000:
        raise AbonnementFout("De URL is langer dan 2000 tekens.", "url")
    try:
        delen = urlsplit(url)
        delen.port  # noqa: B018 - een ongeldige poort is een ValueError
    except ValueError:
        raise AbonnementFout("Dit is geen geldige URL.", "url") from None
    if delen.scheme not in ("https", "http") or not delen.hostname:
        raise AbonnementFout("De URL moet met https:// (of in ontwikkeling http://) beginnen "
                             "en een host hebben.", "url")
    if delen.username or delen.password:
        raise AbonnementFout("Zet geen gebruikersnaam of wachtwoord in de URL; het register "
                             "ondertekent elk bericht.", "url")
    if alleen_openbaar:
        if delen.scheme != "https":
            raise AbonnementFout("In productie levert het register alleen af over https.", "url")
        if _niet_openbaar(delen.hostname):
            raise AbonnementFout("De host is geen openbaar adres (loopback, privé of "
                                 "link-local).", "url")
    return url


def _niet_openbaar(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(
            ".localhost"):
        return True
    try:
        adres = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # een naam: bij het afleveren wordt hij opgezocht en gecontroleerd
    return not adres.is_global


def _opgezocht_niet_openbaar(host: str) -> bool:
    try:
        adressen = {a[4][0] for a in socket.getaddrinfo(host, None)}
    except OSError:
        return False  # de POST zelf faalt dan met een duidelijke fout
    return any(not ipaddress.ip_address(str(a).split("%")[0]).is_global for a in adressen)


def _tot_nu(feed: Feed, actor: Actor) -> int:
    """Het laatste volgnummer in de feed van deze lezer, nu: de feed nummert door tot het
    einde (in blokken, via de gewone pagina's)."""
    with feed.engine.connect().execution_options(**LEZEN) as c:
        na = laatste(c, actor)
    while True:
        p = feed.pagina(actor, na, BLOK)
        if p.laatste < na + BLOK:
            return p.laatste
        na = p.laatste


class Abonnementen:
    def __init__(self, engine: Engine, sleutel: bytes) -> None:
        self.engine, self._sleutel = engine, sleutel
        with schema_slot(engine):
            metadata.create_all(engine)

    # -- geheimen en echtheid ----------------------------------------------------------------

    def geheim(self, abonnement_id: str, generatie: int) -> str:
        """Het geheim van Standard Webhooks (`whsec_` + base64), afgeleid, nooit bewaard."""
        ruw = hmac.new(self._sleutel, f"webhook\x1f{abonnement_id}\x1f{generatie}".encode(),
                       hashlib.sha256).digest()
        return "whsec_" + base64.b64encode(ruw).decode()

    def _mac(self, r: dict[str, Any]) -> str:
        bericht = "\x1f".join(str(r[k] if r[k] is not None else "") for k in (
            "id", "eigenaar", "beheerder", "url", *FILTERS, "status", "generatie"))
        return hmac.new(self._sleutel, bericht.encode(), hashlib.sha256).hexdigest()

    def _echt(self, r: dict[str, Any]) -> bool:
        r = {**r, "beheerder": bool(r["beheerder"])}
        return bool(r["mac"]) and hmac.compare_digest(r["mac"], self._mac(r))

    # -- beheer door de eigenaar -------------------------------------------------------------

    def aanmaken(self, feed: Feed, actor: Actor, url: str, filter: dict[str, str | None],
                 vanaf: int | None) -> tuple[Abonnement, str]:
        """Een nieuw abonnement en zijn geheim. `vanaf`: het volgnummer (in de feed van de
        eigenaar) waarna de aflevering begint; None: vanaf nu (alleen wat hierna komt)."""
        huidig = _tot_nu(feed, actor)
        if vanaf is not None and not 0 <= vanaf <= huidig:
            raise AbonnementFout(f"vanaf moet tussen 0 en {huidig} liggen (het laatste "
                                 "volgnummer dat u in de feed kreeg).", "vanaf")
        rij: dict[str, Any] = {
            "id": str(uuid.uuid4()), "eigenaar": actor.overheid, "beheerder": actor.beheerder,
            "url": url, **{k: filter.get(k) for k in FILTERS}, "status": ACTIEF,
            "generatie": 1, "aangemaakt_op": datetime.now(UTC), "opgezegd_op": None,
            "volgnummer": huidig if vanaf is None else vanaf, "afgeleverd": 0, "pogingen": 0,
            "volgende_poging": None, "laatste_fout": None}
        rij["mac"] = self._mac(rij)
        with self.engine.begin() as conn:
            conn.execute(abonnementen.insert().values(**rij))
        return self._abonnement(rij), self.geheim(rij["id"], 1)

    def van(self, actor: Actor) -> list[Abonnement]:
        """De abonnementen van deze overheid (een beheerder: alle), oudste eerst."""
        q = select(abonnementen).order_by(abonnementen.c.aangemaakt_op, abonnementen.c.id)
        if not actor.beheerder:
            q = q.where(abonnementen.c.eigenaar == actor.overheid)
        with self.engine.connect().execution_options(**LEZEN) as c:
            return [self._abonnement(dict(r)) for r in c.execute(q).mappings()
                    if self._echt(dict(r))]

    def dode_brieven(self, abonnement_id: str) -> list[DodeBrief]:
        with self.engine.connect().execution_options(**LEZEN) as c:
            rijen = c.execute(select(dode_brieven).where(
                dode_brieven.c.abonnement_id == abonnement_id).order_by(
                dode_brieven.c.volgnummer)).mappings().all()
        return [DodeBrief(r["volgnummer"], r["event_id"], r["type"], r["pogingen"],
                          r["laatste_fout"], _tijd(r["op"]), bool(r["opnieuw"]))  # type: ignore[arg-type]
                for r in rijen]

    def _eigen(self, conn: Any, actor: Actor, abonnement_id: str) -> dict[str, Any]:
        r = conn.execute(select(abonnementen).where(
            abonnementen.c.id == abonnement_id)).mappings().first()
        if r is None or not self._echt(dict(r)) or not (
                actor.beheerder or r["eigenaar"] == actor.overheid):
            raise AbonnementFout(f"Er is geen abonnement '{abonnement_id[:40]}' van u.")
        return dict(r)

    def opzeggen(self, actor: Actor, abonnement_id: str) -> Abonnement:
        with self.engine.begin() as conn:
            r = self._eigen(conn, actor, abonnement_id)
            r.update(status=OPGEZEGD, opgezegd_op=r["opgezegd_op"] or datetime.now(UTC))
            r["mac"] = self._mac(r)
            conn.execute(update(abonnementen).where(abonnementen.c.id == abonnement_id).values(
                status=r["status"], opgezegd_op=r["opgezegd_op"], mac=r["mac"]))
        return self._abonnement(r)

    def geheim_vernieuwen(self, actor: Actor, abonnement_id: str) -> tuple[Abonnement, str]:
        """Een nieuw geheim; het oude ondertekent vanaf nu niets meer."""
        with self.engine.begin() as conn:
            r = self._eigen(conn, actor, abonnement_id)
            r["generatie"] += 1
            r["mac"] = self._mac(r)
            conn.execute(update(abonnementen).where(abonnementen.c.id == abonnement_id).values(
                generatie=r["generatie"], mac=r["mac"]))
        return self._abonnement(r), self.geheim(abonnement_id, r["generatie"])

    def opnieuw(self, actor: Actor, abonnement_id: str) -> int:
        """Zet de dode brieven terug voor een nieuwe aflevering; en een abonnement dat wacht,
        probeert meteen opnieuw. Geeft het aantal teruggezette brieven."""
        with self.engine.begin() as conn:
            self._eigen(conn, actor, abonnement_id)
            n = conn.execute(update(dode_brieven).where(
                dode_brieven.c.abonnement_id == abonnement_id,
                dode_brieven.c.opnieuw.is_(False)).values(opnieuw=True)).rowcount
            conn.execute(update(abonnementen).where(abonnementen.c.id == abonnement_id).values(
                volgende_poging=None))
        return int(n)

    @staticmethod
    def _abonnement(r: dict[str, Any]) -> Abonnement:
        return Abonnement(
            id=r["id"], eigenaar=r["eigenaar"], beheerder=bool(r["beheerder"]), url=r["url"],
            filter={k: r[k] for k in FILTERS}, status=r["status"], generatie=r["generatie"],
            aangemaakt_op=_tijd(r["aangemaakt_op"]),  # type: ignore[arg-type]
            opgezegd_op=_tijd(r["opgezegd_op"]), volgnummer=r["volgnummer"],
            afgeleverd=r["afgeleverd"], pogingen=r["pogingen"],
            volgende_poging=_tijd(r["volgende_poging"]), laatste_fout=r["laatste_fout"])


@dataclass
class Afleverregels:
    basis: float = 30.0  # seconden na de eerste mislukte poging
    maximum: float = 3600.0  # de langste wachttijd
    max_pogingen: int = 8
    tijdslimiet: float = 10.0  # per POST
    alleen_openbaar: bool = True  # productie: geen loopback of privé-adressen

    def wachttijd(self, pogingen: int) -> float:
        return float(min(self.basis * 2 ** (pogingen - 1), self.maximum))


class Bezorger:
    """Levert af wat te bezorgen is; `ronde()` doet één keer alle abonnementen die aan de
    beurt zijn. `register afleveren` herhaalt dat."""

    def __init__(self, abonnementen_: Abonnementen, feed: Feed, bron: str, basis: str,
                 regels: Afleverregels, klok: Callable[[], datetime] = lambda: datetime.now(UTC),
                 http: httpx.Client | None = None) -> None:
        self.abonnementen, self.feed, self.bron, self.basis = abonnementen_, feed, bron, basis
        self.regels, self.klok = regels, klok
        self.http = http or httpx.Client(timeout=regels.tijdslimiet, follow_redirects=False,
                                         headers={"User-Agent": "Afsprakenregister-webhooks"})

    @property
    def engine(self) -> Engine:
        return self.abonnementen.engine

    def ronde(self) -> int:
        """Bezorgt wat aan de beurt is; geeft het aantal geslaagde afleveringen."""
        nu = self.klok()
        with self.engine.connect().execution_options(**LEZEN) as c:
            rijen = [dict(r) for r in c.execute(select(abonnementen).where(
                abonnementen.c.status == ACTIEF, or_(
                    abonnementen.c.volgende_poging.is_(None),
                    abonnementen.c.volgende_poging <= nu)).order_by(
                abonnementen.c.aangemaakt_op)).mappings()]
        geslaagd = 0
        for r in rijen:
            if not self.abonnementen._echt(r):
                log.warning("Abonnement %s overgeslagen: de rij is buiten het register om "
                            "gewijzigd (HMAC klopt niet)", r["id"])
                continue
            geslaagd += self._bezorg(Abonnementen._abonnement(r))
        return geslaagd

    def _bezorg(self, ab: Abonnement) -> int:
        geslaagd = self._dode_brieven_opnieuw(ab)
        positie, pogingen = ab.volgnummer, ab.pogingen
        kenmerken_: dict[str, set[tuple[str, str]]] = {}
        for item in self.feed.vanaf(ab.actor, ab.volgnummer, blok=200):
            if not self._past(ab, item, kenmerken_):
                positie = item.volgnummer
                continue
            fout = self._post(ab, id_van(item), self._bericht(item))
            if fout is None:
                positie, pogingen, geslaagd = item.volgnummer, 0, geslaagd + 1
                self._bewaar(ab.id, positie, 0, None, None, afgeleverd=1)
                continue
            pogingen += 1
            if pogingen >= self.regels.max_pogingen:
                self._dood(ab, item, pogingen, fout)
                positie, pogingen = item.volgnummer, 0
                continue
            wacht = self.klok() + timedelta(seconds=self.regels.wachttijd(pogingen))
            self._bewaar(ab.id, positie, pogingen, wacht, fout)
            log.info("Abonnement %s: poging %d mislukt (%s); opnieuw om %s", ab.id, pogingen,
                     fout, wacht.isoformat())
            return geslaagd
        if positie != ab.volgnummer or ab.volgende_poging is not None:
            self._bewaar(ab.id, positie, pogingen, None, None)
        return geslaagd

    def _past(self, ab: Abonnement, item: FeedItem,
              cache: dict[str, set[tuple[str, str]]]) -> bool:
        f = ab.filter
        if f["aard"] and item.rij.aard != f["aard"]:
            return False
        nodig = [(k, f[k]) for k in ("partij", "programma", "soort") if f[k]]
        if not nodig:
            return True
        aid = item.rij.afspraak_id
        if aid not in cache:
            with self.engine.connect().execution_options(**LEZEN) as c:
                cache[aid] = {(r.soort, r.waarde) for r in c.execute(
                    select(kenmerken.c.soort, kenmerken.c.waarde).where(
                        kenmerken.c.afspraak_id == aid))}
        return all(n in cache[aid] for n in nodig)

    def _bericht(self, item: FeedItem) -> tuple[str, str, bytes]:
        """(id, type, body) van het CloudEvent in structured mode."""
        event = cloudevent(item, self.bron, self.basis)
        bericht = to_structured_event(event)
        return event.get_id(), event.get_type(), bericht.body

    def _post(self, ab: Abonnement, event_id: str, bericht: tuple[str, str, bytes]
              ) -> str | None:
        """Eén poging; None als zij slaagde, anders de fout in een zin."""
        _, _, body = bericht
        if self.regels.alleen_openbaar and _opgezocht_niet_openbaar(
                urlsplit(ab.url).hostname or ""):
            return "de host wijst naar een adres dat niet openbaar is"
        nu = datetime.now(UTC)
        handtekening = Webhook(self.abonnementen.geheim(ab.id, ab.generatie)).sign(
            event_id, nu, body.decode())
        try:
            r = self.http.post(ab.url, content=body, headers={
                "Content-Type": "application/cloudevents+json; charset=utf-8",
                "webhook-id": event_id, "webhook-timestamp": str(int(nu.timestamp())),
                "webhook-signature": handtekening})
        except httpx.TimeoutException:
            return f"geen antwoord binnen {self.regels.tijdslimiet:g} s"
        except httpx.HTTPError as e:
            return f"geen verbinding ({type(e).__name__})"
        if 200 <= r.status_code < 300:
            return None
        return f"HTTP {r.status_code}"

    def _bewaar(self, abonnement_id: str, volgnummer: int, pogingen: int,
                volgende: datetime | None, fout: str | None, afgeleverd: int = 0) -> None:
        waarden: dict[str, Any] = dict(volgnummer=volgnummer, pogingen=pogingen,
                                       volgende_poging=volgende)
        if fout is not None or pogingen == 0:
            waarden["laatste_fout"] = fout[:500] if fout else None
        if afgeleverd:
            waarden["afgeleverd"] = abonnementen.c.afgeleverd + afgeleverd
        with self.engine.begin() as conn:
            conn.execute(update(abonnementen).where(and_(
                abonnementen.c.id == abonnement_id,
                abonnementen.c.volgnummer <= volgnummer)).values(**waarden))

    def _dood(self, ab: Abonnement, item: FeedItem, pogingen: int, fout: str) -> None:
        event_id, soort, body = self._bericht(item)
        with self.engine.begin() as conn:
            conn.execute(dode_brieven.insert().values(
                abonnement_id=ab.id, volgnummer=item.volgnummer, event_id=event_id, type=soort,
                bericht=body.decode(), pogingen=pogingen, laatste_fout=fout[:500],
                op=datetime.now(UTC), opnieuw=False))
            conn.execute(update(abonnementen).where(abonnementen.c.id == ab.id).values(
                volgnummer=item.volgnummer, pogingen=0, volgende_poging=None,
                laatste_fout=f"naar de dode brieven na {pogingen} pogingen: {fout}"[:500]))
        log.warning("Abonnement %s: %s naar de dode brieven na %d pogingen (%s)", ab.id,
                    event_id, pogingen, fout)

    def _dode_brieven_opnieuw(self, ab: Abonnement) -> int:
        """Wat de eigenaar terugzette, nog één keer; wat slaagt, verdwijnt uit de dode brieven,
        wat faalt, blijft er (met de nieuwe fout)."""
        with self.engine.connect().execution_options(**LEZEN) as c:
            brieven = c.execute(select(dode_brieven).where(
                dode_brieven.c.abonnement_id == ab.id, dode_brieven.c.opnieuw.is_(True)
            ).order_by(dode_brieven.c.volgnummer)).mappings().all()
        geslaagd = 0
        for b in brieven:
            fout = self._post(ab, b["event_id"], (b["event_id"], b["type"],
                                                  b["bericht"].encode()))
            with self.engine.begin() as conn:
                sleutel = and_(dode_brieven.c.abonnement_id == ab.id,
                               dode_brieven.c.volgnummer == b["volgnummer"])
                if fout is None:
                    conn.execute(delete(dode_brieven).where(sleutel))
                    conn.execute(update(abonnementen).where(abonnementen.c.id == ab.id).values(
                        afgeleverd=abonnementen.c.afgeleverd + 1))
                    geslaagd += 1
                else:
                    conn.execute(update(dode_brieven).where(sleutel).values(
                        opnieuw=False, pogingen=dode_brieven.c.pogingen + 1,
                        laatste_fout=fout[:500]))
        return geslaagd


def draai(bezorger: Bezorger, interval: float, stop: Callable[[], bool]) -> Iterator[int]:
    """Rondes tot `stop()`; na een ronde zonder geslaagde aflevering `interval` seconden rust."""
    while not stop():
        n = bezorger.ronde()
        yield n
        if n == 0:
            time.sleep(interval)
