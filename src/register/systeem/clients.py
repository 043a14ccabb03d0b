"""OAuth2 client credentials (RFC 6749 §4.4) voor systemen, naast de tokens van `tokens.py`.

Een systeem krijgt per overheid een client-id en een geheim, met scopes die lezen, schrijven en
abonneren scheiden. Met die twee vraagt het bij `POST /oauth/token` een toegangstoken dat na
`geldigheid` seconden verloopt: een JWT volgens RFC 9068 (`typ: at+jwt`; iss, sub, aud,
client_id, scope, iat, exp, jti), ondertekend met HS256 en een sleutel die uit de sleutel van het
register is afgeleid (alle API-processen met dezelfde sleutel aanvaarden het). Het JWT-werk doet
PyJWT; het register tekent en controleert niets met de hand.

Zoals bij de tokens bewaart het register van een geheim alleen een hash, en draagt elke rij een
HMAC met de sleutel van het register over wat haar macht bepaalt (overheid, scopes, de hashes,
ingetrokken): wie alleen de database kan wijzigen, maakt geen client en geeft er geen scope bij.
Een ingetrokken client heeft direct geen toegang meer, ook niet met een toegangstoken dat nog
niet verlopen is: elk token wordt tegen zijn client gecontroleerd.

Roteren geeft een nieuw geheim; het vorige blijft nog `overlap` seconden geldig, zodat een
systeem zonder onderbreking kan overstappen."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from sqlalchemy import Column, DateTime, Engine, MetaData, String, Table, select, update

from register.domein.actor import Actor
from register.systeem.opslag import LEZEN, schema_slot

LEZEN_SCOPE, SCHRIJVEN_SCOPE, ABONNEREN_SCOPE = "lezen", "schrijven", "abonneren"
SCOPES = (LEZEN_SCOPE, SCHRIJVEN_SCOPE, ABONNEREN_SCOPE)
CLIENT_VOORVOEGSEL = "arc_"
GEHEIM_VOORVOEGSEL = "arg_"
PUBLIEK = "afsprakenregister"  # aud: voor dit register, niet voor een ander
ALGORITME = "HS256"

metadata = MetaData()
clients = Table(
    "oauth_clients", metadata,
    Column("client_id", String(64), primary_key=True),
    Column("overheid", String(300), nullable=False),
    Column("scopes", String(100), nullable=False),  # gesorteerd, spaties ertussen
    Column("geheim_hash", String(64), nullable=False),
    Column("vorig_geheim_hash", String(64)),
    Column("vorig_geldig_tot", DateTime(timezone=True)),
    Column("omschrijving", String(200), nullable=False),
    Column("aangemaakt_op", DateTime(timezone=True), nullable=False),
    Column("geroteerd_op", DateTime(timezone=True)),
    Column("ingetrokken_op", DateTime(timezone=True)),
    Column("mac", String(64), nullable=False),
)


class ClientFout(Exception):
    """Een verzoek om een toegangstoken dat niet kan; `fout` is de code van RFC 6749 §5.2."""

    def __init__(self, fout: str, melding: str, status: int = 400) -> None:
        super().__init__(melding)
        self.fout, self.melding, self.status = fout, melding, status


@dataclass(frozen=True)
class Client:
    client_id: str
    overheid: str
    scopes: frozenset[str]
    omschrijving: str
    aangemaakt_op: datetime
    geroteerd_op: datetime | None
    ingetrokken_op: datetime | None


@dataclass(frozen=True)
class Toegangstoken:
    token: str
    verloopt_in: int
    scopes: frozenset[str]


@dataclass(frozen=True)
class Toegang:
    """Wie een geldig toegangstoken draagt, en wat het mag."""

    actor: Actor
    scopes: frozenset[str]
    client_id: str


def _hash(geheim: str) -> str:
    return hashlib.sha256(geheim.encode("utf-8", "surrogatepass")).hexdigest()


def lees_scopes(tekst: str | None) -> frozenset[str]:
    """Scopes uit een door spaties gescheiden lijst (RFC 6749 §3.3); een onbekende is een fout."""
    gevraagd = frozenset((tekst or "").split())
    onbekend = gevraagd - set(SCOPES)
    if onbekend:
        raise ClientFout("invalid_scope", f"Onbekende scope(s): {', '.join(sorted(onbekend))}; "
                         f"er zijn {', '.join(SCOPES)}.")
    return gevraagd


def _tijd(t: datetime | None) -> datetime | None:
    """SQLite geeft een tijdstip zonder zone terug; het register schrijft altijd UTC."""
    return t.replace(tzinfo=UTC) if t is not None and t.tzinfo is None else t


class Clients:
    def __init__(self, engine: Engine, sleutel: bytes, herkomst: str,
                 geldigheid: int = 3600) -> None:
        self.engine, self._sleutel, self.geldigheid = engine, sleutel, geldigheid
        self.uitgever = f"urn:afsprakenregister:{herkomst}"
        # Een eigen sleutel voor de handtekening van toegangstokens, afgeleid van die van het
        # register: nooit dezelfde bytes voor twee doelen.
        self._jwt_sleutel = hmac.new(sleutel, b"oauth2-toegangstoken", hashlib.sha256).digest()
        with schema_slot(engine):
            metadata.create_all(engine)

    # -- beheer (de opdrachtregel) --------------------------------------------------------------

    def aanmaken(self, overheid: str, scopes: frozenset[str], omschrijving: str = ""
                 ) -> tuple[str, str]:
        """Een nieuwe client: (client_id, geheim). Het geheim wordt één keer gegeven."""
        if not scopes:
            raise ClientFout("invalid_scope", "Een client heeft minstens één scope nodig.")
        client_id = CLIENT_VOORVOEGSEL + secrets.token_hex(12)
        geheim = GEHEIM_VOORVOEGSEL + secrets.token_urlsafe(32)
        rij = dict(client_id=client_id, overheid=overheid, scopes=" ".join(sorted(scopes)),
                   geheim_hash=_hash(geheim), vorig_geheim_hash=None, vorig_geldig_tot=None,
                   omschrijving=omschrijving[:200], aangemaakt_op=datetime.now(UTC),
                   geroteerd_op=None, ingetrokken_op=None)
        with self.engine.begin() as conn:
            conn.execute(clients.insert().values(**rij, mac=self._mac(rij)))
        return client_id, geheim

    def roteren(self, client_id: str, overlap: int = 3600) -> str:
        """Een nieuw geheim; het vorige geldt nog `overlap` seconden (0: meteen niet meer)."""
        with self.engine.begin() as conn:
            r = self._echte_rij(conn, client_id)
            if r is None or r["ingetrokken_op"] is not None:
                raise ClientFout("invalid_client", f"Er is geen geldige client '{client_id}'.")
            geheim = GEHEIM_VOORVOEGSEL + secrets.token_urlsafe(32)
            nu = datetime.now(UTC)
            r.update(geheim_hash=_hash(geheim), vorig_geheim_hash=r["geheim_hash"],
                     vorig_geldig_tot=nu + timedelta(seconds=overlap), geroteerd_op=nu)
            conn.execute(update(clients).where(clients.c.client_id == client_id).values(
                **{k: v for k, v in r.items() if k not in ("client_id", "mac")}, mac=self._mac(r)))
        return geheim

    def intrekken(self, client_id: str) -> bool:
        with self.engine.begin() as conn:
            r = self._echte_rij(conn, client_id)
            if r is None or r["ingetrokken_op"] is not None:
                return False
            r["ingetrokken_op"] = datetime.now(UTC)
            conn.execute(update(clients).where(clients.c.client_id == client_id).values(
                ingetrokken_op=r["ingetrokken_op"], mac=self._mac(r)))
            return True

    def lijst(self) -> list[tuple[Client, bool]]:
        """Elke client met of haar rij echt is (HMAC klopt), in volgorde van aanmaken."""
        with self.engine.connect().execution_options(**LEZEN) as conn:
            rijen = conn.execute(select(clients).order_by(clients.c.aangemaakt_op)).mappings()
            return [(self._client(dict(r)), self._echt(dict(r))) for r in rijen]

    # -- het token-eindpunt ---------------------------------------------------------------------

    def geef_token(self, client_id: str, geheim: str, scope: str | None) -> Toegangstoken:
        """Het toegangstoken voor een client die haar geheim kent (RFC 6749 §4.4.2); zonder
        scope krijgt zij al haar scopes, met scope alleen die (een deel van de hare)."""
        gevraagd = lees_scopes(scope)
        with self.engine.connect().execution_options(**LEZEN) as conn:
            r = self._echte_rij(conn, client_id)
        if r is None or r["ingetrokken_op"] is not None or not self._geheim_klopt(r, geheim):
            raise ClientFout("invalid_client", "Client-id of geheim onbekend, of de client is "
                             "ingetrokken.", status=401)
        client = self._client(r)
        if not gevraagd <= client.scopes:
            raise ClientFout("invalid_scope", "Deze client heeft niet de scope(s) "
                             f"{', '.join(sorted(gevraagd - client.scopes))}.")
        scopes = gevraagd or client.scopes
        nu = datetime.now(UTC)
        claims = {"iss": self.uitgever, "sub": client_id, "aud": PUBLIEK,
                  "client_id": client_id, "scope": " ".join(sorted(scopes)),
                  "iat": nu, "nbf": nu, "exp": nu + timedelta(seconds=self.geldigheid),
                  "jti": str(uuid.uuid4())}
        token = jwt.encode(claims, self._jwt_sleutel, algorithm=ALGORITME,
                           headers={"typ": "at+jwt"})
        return Toegangstoken(token, self.geldigheid, scopes)

    def toegang(self, token: str) -> Toegang | None:
        """Wie dit toegangstoken draagt; None als het ongeldig of verlopen is, of als zijn
        client is ingetrokken of niet meer echt is."""
        try:
            claims = jwt.decode(token, self._jwt_sleutel, algorithms=[ALGORITME],
                                audience=PUBLIEK, issuer=self.uitgever,
                                options={"require": ["exp", "iat", "sub", "scope", "jti"]})
            if jwt.get_unverified_header(token).get("typ") != "at+jwt":
                return None
        except jwt.PyJWTError:
            return None
        with self.engine.connect().execution_options(**LEZEN) as conn:
            r = self._echte_rij(conn, str(claims["sub"]))
        if r is None or r["ingetrokken_op"] is not None:
            return None
        client = self._client(r)
        # niet meer dan de client nu heeft (een scope kan niet worden uitgebreid met een token)
        scopes = frozenset(str(claims["scope"]).split()) & client.scopes
        return Toegang(Actor(client.overheid), scopes, client.client_id)

    # -- rijen ----------------------------------------------------------------------------------

    def _mac(self, r: dict[str, Any]) -> str:
        def t(x: datetime | None) -> str:
            return "" if x is None else _tijd(x).astimezone(UTC).isoformat()  # type: ignore[union-attr]

        bericht = "\x1f".join((r["client_id"], r["overheid"], r["scopes"], r["geheim_hash"],
                               r["vorig_geheim_hash"] or "", t(r["vorig_geldig_tot"]),
                               "1" if r["ingetrokken_op"] is not None else "0"))
        return hmac.new(self._sleutel, bericht.encode(), hashlib.sha256).hexdigest()

    def _echt(self, r: dict[str, Any]) -> bool:
        return bool(r["mac"]) and hmac.compare_digest(r["mac"], self._mac(r))

    def _echte_rij(self, conn: Any, client_id: str) -> dict[str, Any] | None:
        r = conn.execute(select(clients).where(clients.c.client_id == client_id)).mappings().first()
        if r is None:
            return None
        rij = dict(r)
        return rij if self._echt(rij) else None

    def _geheim_klopt(self, r: dict[str, Any], geheim: str) -> bool:
        h = _hash(geheim)
        if hmac.compare_digest(r["geheim_hash"], h):
            return True
        tot = _tijd(r["vorig_geldig_tot"])
        return bool(r["vorig_geheim_hash"] and tot and datetime.now(UTC) < tot
                    and hmac.compare_digest(r["vorig_geheim_hash"], h))

    @staticmethod
    def _client(r: dict[str, Any]) -> Client:
        return Client(client_id=r["client_id"], overheid=r["overheid"],
                      scopes=frozenset(r["scopes"].split()), omschrijving=r["omschrijving"],
                      aangemaakt_op=_tijd(r["aangemaakt_op"]),  # type: ignore[arg-type]
                      geroteerd_op=_tijd(r["geroteerd_op"]),
                      ingetrokken_op=_tijd(r["ingetrokken_op"]))
