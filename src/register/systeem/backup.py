"""Back-up van het register: één draagbaar bestand, van en naar SQLite en PostgreSQL.

Het formaat is gzip met één JSON-object per regel (versie 1):

    {"formaat": "afsprakenregister-backup", "versie": 1, "herkomst": …, "boom": …}    de kop
    {"soort": "gebeurtenis", "positie": 7, "afspraak": "<uuid>", "versie": 2,
     "topic": "register.domein.afspraak:Afspraak.Gewijzigd", "state": "<base64>"}
    {"soort": "rij", "tabel": "tokens", "rij": {…}}
    {"soort": "einde", "regels": <aantal regels ervoor>, "sha256": "<over die regels>"}

Waarom zo, en geen SQLite-bestand, pg_dump of de backup-API van sqlite3: die laatste twee dienen
elk maar één database, en ook een SQLite-bestand als vervoermiddel vraagt dezelfde omzetting per
kolom zodra het naar PostgreSQL moet. Hier staat elke waarde los van de database (bytes in
base64, datums ISO, tijdstippen in UTC), zodat één bestand in beide past. Het bestand wordt in
één doorloop geschreven en gelezen, met vast geheugen, ook bij miljoenen gebeurtenissen; de CRC
van gzip vangt bitrot, de slotregel (aantal regels en SHA-256) een bestand dat is afgebroken,
ook precies op een regelgrens. En het is te lezen met gewone gereedschappen (`zcat … | head -1`
toont de kop).

Per tabel (BEWAARD en AFGELEID; een test faalt als een nieuwe tabel in geen van beide staat):
- de gebeurtenissen: elke rij zoals zij is opgeslagen, met haar positie (het Merkle-blad telt de
  positie mee), topic en de bytes van de staat (met HMAC), zodat bladen en HMAC's geldig blijven;
- `tokens`: niet af te leiden; zonder zou elk systeem een nieuw token nodig hebben (alleen hashes
  met HMAC: wie het bestand heeft, heeft nog geen token);
- `oauth_clients`: de OAuth2-clients van systemen (alleen hashes van hun geheimen); zoals de
  tokens niet af te leiden;
- `abonnementen`, `abonnement_dode_brieven`: wie zich waarop abonneerde, tot waar afgeleverd is,
  en wat niet afgeleverd kon worden; na een herstel gaat de aflevering verder waar zij was;
- `leesverslag`: wie een vertrouwelijke afspraak las; verantwoording, niet af te leiden;
- `checkpoint_cosignaturen`: de handtekeningen van getuigen, die het register niet zelf kan zetten;
- `lm_integriteit_controles`: de geschiedenis van de controles, ook wanneer een breuk ontdekt werd;
- `herstellingen`: wanneer dit register uit welke back-up hersteld werd;
- de feed (`feed`, `feed_wachtend`, `feed_volgnummers`, `feed_lezers`): haar volgorde en de
  volgnummers van elke lezer zijn geschiedenis, geen afleiding (projecties/feed.py); afnemers
  lezen na een herstel verder waar zij waren.
Niet in het bestand: de leesmodellen, de tracking en de Merkle-boom (`lm_integriteit_bladen`,
`lm_integriteit_knopen`). Het herstel bouwt ze opnieuw op uit de gebeurtenissen, en de
boomgrootte en wortel in de kop toetsen het resultaat: in 32 bytes hetzelfde bewijs."""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import json
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from sqlalchemy import (
    BigInteger, Column, Connection, Date, DateTime, Engine, Integer, LargeBinary, MetaData,
    String, Table, inspect, select, text,
)

from register.projecties.basis import leesmodel_schema, tracking
from register.projecties.feed import feed, wachtend
from register.projecties.feedlezer import lezers, volgnummers
from register.projecties.integriteit import OpgeslagenBoom, bladen, controles, knopen
from register.systeem.checkpoint import cosignaturen
from register.systeem.leesmodelcontrole import LEESMODELTABELLEN
from register.systeem.leesverslag import lezingen
from register.systeem.opslag import LEZEN
from register.systeem.abonnementen import abonnementen, dode_brieven
from register.systeem.clients import clients
from register.systeem.tokens import tokens
from register.systeem.verificatie import opslagtabel

if TYPE_CHECKING:
    from register.systeem.samenstel import Systeem

FORMAAT = "afsprakenregister-backup"
VERSIE = 1
BLOK = 1000
# De vingerafdruk van de sleutel in de kop: een HMAC over een vaste tekst; zegt niets over de
# sleutel zelf, maar laat het herstel een verkeerde sleutel noemen voordat het iets schrijft.
_VINGERAFDRUK = b"afsprakenregister:backup:sleutel"

metadata = MetaData()
herstellingen = Table(
    "herstellingen", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("begonnen_op", String(32), nullable=False),
    # leeg zolang het herstel loopt: een afgebroken herstel is zo te herkennen
    Column("klaar_op", String(32)),
    Column("backup_van", String(32), nullable=False),
    Column("herkomst", String(300), nullable=False),
    Column("gebeurtenissen", BigInteger, nullable=False),
    Column("grootte", BigInteger, nullable=False),
    Column("wortel", String(64), nullable=False),
    Column("sha256", String(64), nullable=False),
)

BEWAARD: tuple[Table, ...] = (tokens, clients, lezingen, cosignaturen, controles, herstellingen,
                              feed, wachtend, volgnummers, lezers, abonnementen, dode_brieven)
AFGELEID = frozenset(t.name for t in (*LEESMODELTABELLEN, tracking, leesmodel_schema, bladen,
                                      knopen))

# fase, gedaan, totaal
Voortgang = Callable[[str, int, int], None]


class BackupFout(Exception):
    """Een back-up of herstel dat niet doorgaat; de melding is voor de beheerder."""

    code = 1


class BeschadigdeBackup(BackupFout):
    """Geen leesbare back-up: beschadigd, afgebroken of iets anders."""


class OnbekendeVersie(BackupFout):
    """Een back-up in een formaat dat deze versie van het register niet kent."""


class SleutelPastNiet(BackupFout):
    """De back-up is gemaakt met een andere sleutel dan die van dit register."""


class GewijzigdeGebeurtenis(BackupFout):
    """Een gebeurtenis in de back-up is niet meer wat het register schreef (HMAC)."""


class WortelPastNiet(BackupFout):
    """Het herstelde register heeft niet de boomgrootte en wortel uit de kop."""


class HerstelMislukt(BackupFout):
    """De controle na het terugzetten vond een breuk."""


class DatabaseNietLeeg(BackupFout):
    """Herstel gaat alleen in een lege database."""

    code = 2


class GeenBackup(BackupFout):
    """Het bestand bestaat niet of is niet te lezen."""

    code = 2


def vingerafdruk(sleutel: bytes) -> str:
    return hmac.new(sleutel, _VINGERAFDRUK, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Kop:
    """De eerste regel: wat de back-up bevat en waaraan het herstel haar toetst."""

    herkomst: str
    gemaakt_op: str
    bron: str  # sqlite of postgresql
    gebeurtenissen: int
    laatste_positie: int
    grootte: int
    wortel: bytes
    sleutel: str  # vingerafdruk
    tabellen: dict[str, int]
    niet_meegenomen: tuple[str, ...] = ()

    def als_json(self) -> dict[str, Any]:
        return {"formaat": FORMAAT, "versie": VERSIE, "herkomst": self.herkomst,
                "gemaakt_op": self.gemaakt_op, "bron": self.bron,
                "gebeurtenissen": self.gebeurtenissen, "laatste_positie": self.laatste_positie,
                "boom": {"grootte": self.grootte, "wortel": self.wortel.hex()},
                "sleutel": self.sleutel, "tabellen": self.tabellen,
                "niet_meegenomen": list(self.niet_meegenomen)}

    @classmethod
    def uit_json(cls, d: Any) -> Kop:
        if not isinstance(d, dict) or d.get("formaat") != FORMAAT:
            raise BeschadigdeBackup("dit is geen back-up van het afsprakenregister (de eerste "
                                    "regel noemt het formaat niet)")
        if d.get("versie") != VERSIE:
            raise OnbekendeVersie(f"de back-up heeft formaatversie {d.get('versie')!r}; deze "
                                  f"versie van het register leest alleen versie {VERSIE}")
        try:
            return cls(str(d["herkomst"]), str(d["gemaakt_op"]), str(d["bron"]),
                       int(d["gebeurtenissen"]), int(d["laatste_positie"]),
                       int(d["boom"]["grootte"]), bytes.fromhex(d["boom"]["wortel"]),
                       str(d["sleutel"]), {str(k): int(v) for k, v in d["tabellen"].items()},
                       tuple(d.get("niet_meegenomen", ())))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise BeschadigdeBackup(f"de kop van de back-up is onvolledig ({e})") from None


# -- schrijven ---------------------------------------------------------------------------------


def maak_backup(systeem: Systeem, bestand: Path, herkomst: str,
                voortgang: Voortgang | None = None) -> Kop:
    """Schrijft alles wat niet af te leiden is uit één momentopname naar `bestand`: eerst naar
    een tijdelijk bestand ernaast, dat pas als het compleet is de naam krijgt."""
    tijdelijk = bestand.with_name(bestand.name + ".deel")
    try:
        with _momentopname(systeem.engine) as c, gzip.open(tijdelijk, "wb") as f:
            kop = _kop(systeem, c, herkomst)
            _Schrijver(cast("IO[bytes]", f)).alles(systeem, c, kop, voortgang)
        with open(tijdelijk, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tijdelijk, bestand)
    finally:
        tijdelijk.unlink(missing_ok=True)
    return kop


@contextmanager
def _momentopname(engine: Engine) -> Iterator[Connection]:
    """Eén leestransactie: op SQLite (WAL) ziet zij vanaf de eerste lezing één stand, op
    PostgreSQL met REPEATABLE READ ook. Schrijvers gaan intussen gewoon door."""
    c = engine.connect().execution_options(**LEZEN)
    if c.dialect.name == "postgresql":
        c = c.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    with c, c.begin():
        yield c


def bestaande_kolommen(c: Connection, t: Table) -> list[str]:
    """De kolommen van `t` die deze database heeft (een oudere tabel mist er misschien een)."""
    if not inspect(c).has_table(t.name):
        return []
    er = {k["name"] for k in inspect(c).get_columns(t.name)}
    return [k.name for k in t.columns if k.name in er]


def _kop(systeem: Systeem, c: Connection, herkomst: str) -> Kop:
    if bestaande_kolommen(c, herstellingen) and (open_ := c.execute(
            select(herstellingen.c.begonnen_op).where(herstellingen.c.klaar_op.is_(None))
    ).scalar()) is not None:
        raise BackupFout(f"een herstel, begonnen op {open_}, is niet afgemaakt: deze database "
                         "is geen volledig register; herstel opnieuw in een lege database")
    tabel, kolom, _ = opslagtabel(systeem)
    aantal, laatste = c.execute(text(f"SELECT count(*), max({kolom}) FROM {tabel}")).one()
    boom = OpgeslagenBoom(c)
    tellingen = {t.name: int(c.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one())
                 if bestaande_kolommen(c, t) else 0 for t in BEWAARD}
    bekend = {cast(Any, systeem.register.recorder).events_table_name, *AFGELEID, *tellingen}
    return Kop(herkomst, datetime.now(UTC).isoformat(), c.dialect.name, int(aantal),
               int(laatste or 0), boom.grootte, boom.wortel(), vingerafdruk(systeem.sleutel),
               tellingen, tuple(sorted(set(inspect(c).get_table_names()) - bekend)))


class _Schrijver:
    def __init__(self, f: IO[bytes]) -> None:
        self.f, self.h, self.n = f, hashlib.sha256(), 0

    def regel(self, d: dict[str, Any]) -> None:
        ruw = json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        self.f.write(ruw)
        self.h.update(ruw)
        self.n += 1

    def alles(self, systeem: Systeem, c: Connection, kop: Kop,
              voortgang: Voortgang | None) -> None:
        totaal, gedaan = kop.gebeurtenissen + sum(kop.tabellen.values()), 0
        self.regel(kop.als_json())
        tabel, kolom, _ = opslagtabel(systeem)
        q = text(f"SELECT {kolom}, originator_id, originator_version, topic, state FROM {tabel} "
                 f"ORDER BY {kolom}")
        for p, aid, v, topic, state in c.execution_options(yield_per=BLOK).execute(q):
            self.regel({"soort": "gebeurtenis", "positie": p, "afspraak": str(aid),
                        "versie": v, "topic": topic,
                        "state": base64.b64encode(bytes(state)).decode()})
            gedaan += 1
            if voortgang and gedaan % BLOK == 0:
                voortgang("Back-up schrijven", gedaan, totaal)
        for t in BEWAARD:
            namen = bestaande_kolommen(c, t)
            if not namen:
                continue
            q2 = select(*(t.c[k] for k in namen)).order_by(*t.primary_key.columns)
            for r in c.execution_options(yield_per=BLOK).execute(q2):
                self.regel({"soort": "rij", "tabel": t.name, "rij": {
                    k: naar_json(t.c[k], w) for k, w in zip(namen, r, strict=True)}})
                gedaan += 1
        self.regel({"soort": "einde", "regels": self.n, "sha256": self.h.hexdigest()})
        if voortgang:
            voortgang("Back-up schrijven", gedaan, totaal)


def naar_json(kolom: Column[Any], w: Any) -> Any:
    if w is None:
        return None
    if isinstance(kolom.type, DateTime):
        return (w if w.tzinfo else w.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(kolom.type, Date):
        return w.isoformat()
    if isinstance(kolom.type, LargeBinary):
        return base64.b64encode(bytes(w)).decode()
    return w


def uit_json(kolom: Column[Any], w: Any) -> Any:
    if w is None:
        return None
    if isinstance(kolom.type, DateTime):
        t = datetime.fromisoformat(w)
        return t if t.tzinfo else t.replace(tzinfo=UTC)
    if isinstance(kolom.type, Date):
        return date.fromisoformat(w)
    if isinstance(kolom.type, LargeBinary):
        return base64.b64decode(w, validate=True)
    return w


# -- lezen -------------------------------------------------------------------------------------


def regels(bestand: Path) -> Iterator[dict[str, Any]]:
    """De regels van een back-up als JSON-objecten, de kop eerst en de slotregel laatst (getoetst
    aan het aantal en de SHA-256 van alle regels ervoor). BeschadigdeBackup bij alles wat niet
    klopt; de kop wordt getoetst voordat er iets anders gelezen wordt."""
    h, n = hashlib.sha256(), 0
    try:
        with gzip.open(bestand, "rb") as f:
            for ruw in f:
                regel = _json(ruw, n + 1)
                if n == 0:
                    Kop.uit_json(regel)
                if regel.get("soort") == "einde":
                    if regel.get("regels") != n or regel.get("sha256") != h.hexdigest():
                        raise BeschadigdeBackup("de controlesom klopt niet: de back-up is "
                                                "beschadigd of gewijzigd")
                    if f.read():  # leest ook tot het einde, waar gzip zijn CRC toetst
                        raise BeschadigdeBackup("na de slotregel staat nog iets")
                    yield regel
                    return
                h.update(ruw)
                n += 1
                yield regel
    except (FileNotFoundError, PermissionError, IsADirectoryError) as e:
        raise GeenBackup(f"het bestand {bestand} is niet te lezen: {e.strerror}") from None
    except (OSError, EOFError, zlib.error) as e:
        raise BeschadigdeBackup(f"het bestand is beschadigd of afgebroken na regel {n} "
                                f"({type(e).__name__}: {e})") from None
    raise BeschadigdeBackup(f"het bestand houdt op na regel {n}, zonder slotregel: afgebroken "
                            "of ingekort")


def _json(ruw: bytes, nummer: int) -> dict[str, Any]:
    try:
        d = json.loads(ruw)
    except ValueError:
        d = None
    if not isinstance(d, dict):
        raise BeschadigdeBackup(f"regel {nummer} is geen JSON-object: de back-up is beschadigd")
    return d
