"""GraphQL voor de onvervalsbaarheid: de wortel van de Merkle-boom, bewijzen en het oordeel."""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from register.api.context import Info
from register.domein import merkle
from register.projecties import integriteit as lm
from register.projecties.integriteit import OpgeslagenBoom
from register.systeem import verificatie

ALGORITME = "RFC 6962 (Certificate Transparency), SHA-256"


class BewijsFout(ValueError):
    """Een vraag naar een bewijs dat niet te geven is."""


@strawberry.enum(description="Het oordeel over de opslag.")
class IntegriteitStatus(Enum):
    INTACT = strawberry.enum_value(
        "INTACT", description="de laatste volledige controle slaagde en niets wijst op schending")
    GESCHONDEN = strawberry.enum_value(
        "GESCHONDEN", description="de opslag is niet meer wat het register vastlegde")
    ONGECONTROLEERD = strawberry.enum_value(
        "ONGECONTROLEERD", description="de snelle toetsen slagen, maar er was nog geen "
        "volledige controle (register verifieer of de mutatie integriteitControleren)")


@strawberry.type(description="De eerste plek waar de opslag afwijkt van wat werd vastgelegd.")
class Breuk:
    afspraak_id: strawberry.ID | None
    versie: int | None
    positie: int | None = strawberry.field(description="De plaats in de registervolgorde.")
    reden: str
    ontdekt_op: datetime | None


@strawberry.type(description="Een Ed25519-handtekening van het register over boomgrootte en "
                 "wortel (alles in hex).")
class Ondertekening:
    algoritme: str
    publieke_sleutel: str
    bericht: str = strawberry.field(description="De ondertekende tekst.")
    handtekening: str


@strawberry.type(description="De Merkle-boom over alle gebeurtenissen in registervolgorde en het "
                 "oordeel over de opslag. Bewaar boomgrootte en wortel: met een "
                 "consistentiebewijs toont het register later dat het alleen groeide.")
class Integriteit:
    status: IntegriteitStatus
    boomgrootte: int
    wortel: str = strawberry.field(description="MTH over de bladen, hex")
    algoritme: str
    eerste_breuk: Breuk | None
    volledig_gecontroleerd_op: datetime | None
    volledig_gecontroleerd_tot: int | None = strawberry.field(
        description="De boomgrootte bij de laatste volledige controle.")
    ondertekening: Ondertekening | None


@strawberry.type(description="Bewijs dat een gebeurtenis als blad `index` in de boom van "
                 "`boomgrootte` staat (RFC 9162 §2.1.3).")
class Inclusiebewijs:
    afspraak_id: strawberry.ID
    versie: int
    index: int
    boomgrootte: int
    blad: str = strawberry.field(description="De bladhash: SHA-256(0x00 ‖ canonieke inhoud)")
    pad: list[str]
    wortel: str


@strawberry.type(description="Bewijs dat de boom van `boomgrootte` de eerder bewaarde boom "
                 "alleen aanvult (RFC 9162 §2.1.4).")
class Consistentiebewijs:
    oude_boomgrootte: int
    oude_wortel: str
    boomgrootte: int
    wortel: str
    pad: list[str]
    klopt: bool = strawberry.field(description="Of het register het bewijs met de bewaarde "
                                   "wortel zelf laat slagen; een client controleert het zelf.")


ALLEEN_BEHEERDER = ("Een volledige controle leest de hele opslag; alleen een beheerder mag "
                    "haar vragen.")


def controleer(info: Info) -> Integriteit:
    """Herberekent alles uit de opgeslagen gebeurtenissen, legt de uitkomst vast en geeft de
    nieuwe stand. Met eigen verbindingen: de verbinding van het verzoek leest alleen (op SQLite
    zonder schrijfslot) en kan het resultaat van de controle niet veilig vastleggen."""
    verificatie.verifieer(info.context.systeem)
    return integriteit(info)


def integriteit(info: Info) -> Integriteit:
    ctx = info.context
    s = verificatie.stand(ctx.systeem, ctx.conn)
    b, v = s.breuk, s.volledig
    return Integriteit(
        status=IntegriteitStatus(s.status), boomgrootte=s.grootte, wortel=s.wortel.hex(),
        algoritme=ALGORITME, eerste_breuk=None if b is None else _breuk_voor(info, b, s),
        volledig_gecontroleerd_op=v.tijdstip if v else None,
        volledig_gecontroleerd_tot=v.grootte if v else None,
        ondertekening=_ondertekening(info, s.grootte, s.wortel))


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
VERBORGEN = "een afspraak die u niet mag lezen"


def _breuk_voor(info: Info, b: Any, s: Any) -> Breuk:
    """De breuk zoals deze vrager haar mag zien: een afspraak die hij niet mag lezen, noemt zij
    niet (niet als afspraakId en versie, en niet in de reden); de plaats in het register en de
    aard van de breuk blijven, want de boom en zijn grootte zijn openbaar."""
    lezer = info.context.lezer()
    verborgen = {i for i in {*_UUID.findall(b.reden), b.afspraak_id} - {None}
                 if not lezer.bestaat(i)}
    reden = _UUID.sub(lambda m: VERBORGEN if m.group(0) in verborgen else m.group(0), b.reden)
    zichtbaar = b.afspraak_id is not None and b.afspraak_id not in verborgen
    return Breuk(afspraak_id=strawberry.ID(b.afspraak_id) if zichtbaar else None,
                 versie=b.versie if zichtbaar else None, positie=b.positie, reden=reden,
                 ontdekt_op=s.ontdekt_op)


def _ondertekening(info: Info, grootte: int, wortel: bytes) -> Ondertekening | None:
    sleutel = info.context.instellingen.ondertekensleutel
    if sleutel is None:
        return None
    o = verificatie.onderteken(sleutel.get_secret_value(), grootte, wortel)
    return Ondertekening(algoritme="Ed25519", publieke_sleutel=o.publieke_sleutel.hex(),
                         bericht=o.bericht.decode(), handtekening=o.handtekening.hex())


def _grootte(gevraagd: int | None, boom: OpgeslagenBoom, minimum: int) -> int:
    n = boom.grootte if gevraagd is None else gevraagd
    if not minimum <= n <= boom.grootte:
        raise BewijsFout(f"boomgrootte moet tussen {minimum} en {boom.grootte} liggen.")
    return n


def inclusiebewijs(info: Info, afspraak_id: str, versie: int,
                   boomgrootte: int | None) -> Inclusiebewijs | None:
    ctx = info.context
    if not ctx.lezer().bestaat(afspraak_id):  # wat men niet mag lezen, bestaat niet
        return None
    rij = lm.blad_van(ctx.conn, afspraak_id, versie)
    if rij is None or not ctx.lezer().versie_zichtbaar(afspraak_id, versie):
        return None  # ook: ontvangen na het vertrek van een vroegere partij
    boom = OpgeslagenBoom(ctx.conn)
    n = _grootte(boomgrootte, boom, rij.nummer + 1)
    return Inclusiebewijs(
        afspraak_id=strawberry.ID(afspraak_id), versie=versie, index=rij.nummer, boomgrootte=n,
        blad=bytes(rij.hash).hex(), pad=[h.hex() for h in boom.inclusiebewijs(rij.nummer, n)],
        wortel=boom.wortel(n).hex())


def consistentiebewijs(info: Info, oude_grootte: int, oude_wortel: str,
                       boomgrootte: int | None) -> Consistentiebewijs:
    try:
        oud = bytes.fromhex(oude_wortel)
    except ValueError:
        oud = b""
    if len(oud) != merkle.HASH_LENGTE:
        raise BewijsFout("wortel moet 64 hextekens zijn.")
    boom = OpgeslagenBoom(info.context.conn)
    if not 0 < oude_grootte <= boom.grootte:
        raise BewijsFout(f"De bewaarde boomgrootte moet tussen 1 en {boom.grootte} liggen.")
    n = _grootte(boomgrootte, boom, oude_grootte)
    pad = boom.consistentiebewijs(oude_grootte, n)
    nieuw = boom.wortel(n)
    return Consistentiebewijs(
        oude_boomgrootte=oude_grootte, oude_wortel=oud.hex(), boomgrootte=n, wortel=nieuw.hex(),
        pad=[h.hex() for h in pad],
        klopt=merkle.controleer_consistentie(oude_grootte, n, oud, nieuw, pad))


async def blad_hash(info: Info, afspraak_id: str, versie: int) -> str | None:
    """De bladhash van één gebeurtenis; alle gevraagde hashes van een verzoek in één query."""
    h = await info.context.loaders.bladen.load((afspraak_id, versie))
    return None if h is None else h.hex()
