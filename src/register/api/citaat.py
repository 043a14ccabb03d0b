"""Citaat en bewijs bij elk antwoord over een afspraak.

- **Citaat**: een stabiele verwijzing naar precies waar een antwoord op rust (afspraak, de
  zichtbare versies, de vier assen van de vraag, boomgrootte en wortel op het moment van
  antwoorden), als één regel tekst die een toetser in een notitie plakt. Zonder ontvangenOp
  legt het citaat het tijdstip van antwoorden vast als ontvangenOp: wat het register later
  ontvangt, valt er dan buiten, en `citaat(tekst)` geeft later hetzelfde antwoord terug, met
  een controle dat versies en boom nog kloppen.
- **Bewijsbundel**: per gebruikte gebeurtenis haar canonieke inhoud, haar bladhash en een
  inclusiebewijs naar de wortel (RFC 9162), met de handtekening van het register als die is
  ingesteld; `scripts/controleer_bewijs.py` controleert een bundel offline, zonder het
  register."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, quote, unquote, urlencode
from uuid import UUID

import strawberry

from register.api.context import Info
from register.api.integriteit import ALGORITME, Ondertekening, _ondertekening
from register.domein import merkle
from register.domein.tijdreizen import Peilmoment
from register.projecties import integriteit as lm
from register.projecties.afspraken import AfspraakOp
from register.projecties.integriteit import OpgeslagenBoom

if TYPE_CHECKING:
    from register.api.typen import Afspraak

VOORVOEGSEL = "afsprakenregister:"


class OngeldigCitaat(ValueError):
    """Een tekst die geen citaat van dit register is."""


@dataclass(frozen=True)
class CitaatWaarde:
    herkomst: str
    afspraak_id: str
    peil: Peilmoment
    versies: tuple[int, ...]
    boomgrootte: int
    wortel: bytes

    def tekst(self) -> str:
        p = self.peil
        assen = {"geldigOp": p.geldig_op.isoformat(),
                 "juridischWerkendOp": p.juridisch_werkend_op.isoformat()
                 if p.juridisch_werkend_op else None,
                 "bekendOp": p.bekend_op.isoformat() if p.bekend_op else None,
                 "ontvangenOp": p.ontvangen_op.astimezone(UTC).isoformat().replace(
                     "+00:00", "Z") if p.ontvangen_op else None}
        query = urlencode({**{k: v for k, v in assen.items() if v is not None},
                           "versies": ",".join(map(str, self.versies)),
                           "boom": f"{self.boomgrootte}:{self.wortel.hex()}"}, safe=":,")
        return f"{VOORVOEGSEL}{quote(self.herkomst)}/afspraken/{self.afspraak_id}?{query}"

    @classmethod
    def lees(cls, tekst: str) -> CitaatWaarde:
        try:
            if not tekst.startswith(VOORVOEGSEL):
                raise OngeldigCitaat(f"een citaat begint met '{VOORVOEGSEL}'")
            pad, _, query = tekst[len(VOORVOEGSEL):].partition("?")
            herkomst, soort, afspraak_id = pad.rsplit("/", 2)
            herkomst = unquote(herkomst)
            if soort != "afspraken" or str(UUID(afspraak_id)) != afspraak_id:
                raise OngeldigCitaat("na de herkomst volgt /afspraken/<id>")
            q = {k: v[0] for k, v in parse_qs(query, strict_parsing=True).items()}
            grootte, _, wortel = q["boom"].partition(":")
            ontvangen = q.get("ontvangenOp")
            peil = Peilmoment(
                date.fromisoformat(q["geldigOp"]),
                date.fromisoformat(q["juridischWerkendOp"]) if "juridischWerkendOp" in q
                else None,
                date.fromisoformat(q["bekendOp"]) if "bekendOp" in q else None,
                datetime.fromisoformat(ontvangen.replace("Z", "+00:00")).astimezone(UTC)
                if ontvangen else None)
            versies = tuple(int(v) for v in q["versies"].split(",") if v)
            w = bytes.fromhex(wortel)
            if len(w) != merkle.HASH_LENGTE or int(grootte) < 0:
                raise OngeldigCitaat("boom is <grootte>:<wortel in 64 hextekens>")
            return cls(herkomst, afspraak_id, peil, versies, int(grootte), w)
        except OngeldigCitaat:
            raise
        except (ValueError, KeyError, IndexError, OverflowError) as e:
            raise OngeldigCitaat(f"dit is geen citaat van het register ({e})") from None


@strawberry.type(description="Een stabiele verwijzing naar precies waar dit antwoord op rust. "
                 "Plak `tekst` in een notitie; `citaat(tekst)` geeft later hetzelfde antwoord.")
class Citaat:
    tekst: str
    afspraak_id: strawberry.ID
    versies: list[int] = strawberry.field(description="De gebeurtenissen die dit antwoord "
                                          "zichtbaar maakte.")
    geldig_op: date
    juridisch_werkend_op: date | None
    bekend_op: date | None
    ontvangen_op: datetime | None = strawberry.field(description=(
        "Zoals gevraagd, of anders het tijdstip van antwoorden: later ontvangen gebeurtenissen "
        "vallen buiten het citaat."))
    boomgrootte: int
    wortel: str

    @classmethod
    def van(cls, c: CitaatWaarde) -> Citaat:
        return cls(tekst=c.tekst(), afspraak_id=strawberry.ID(c.afspraak_id),
                   versies=list(c.versies), geldig_op=c.peil.geldig_op,
                   juridisch_werkend_op=c.peil.juridisch_werkend_op, bekend_op=c.peil.bekend_op,
                   ontvangen_op=c.peil.ontvangen_op, boomgrootte=c.boomgrootte,
                   wortel=c.wortel.hex())


@strawberry.type(description="Eén gebeurtenis in een bewijsbundel: haar canonieke inhoud, "
                 "haar blad en het pad naar de wortel.")
class Bewijsstuk:
    versie: int
    index: int = strawberry.field(description="De plaats van het blad in de boom.")
    canoniek: str = strawberry.field(description=(
        "De canonieke inhoud (JSON, UTF-8) waarvan het blad de hash is: "
        "SHA-256(0x00 ‖ canoniek)."))
    blad: str
    pad: list[str] = strawberry.field(description="Het inclusiebewijs (RFC 9162 §2.1.3), hex.")


@strawberry.type(description="Alles om een antwoord offline te controleren: elke gebruikte "
                 "gebeurtenis met haar canonieke inhoud en haar inclusiebewijs naar de wortel "
                 "van de boom van `boomgrootte`; controleer met scripts/controleer_bewijs.py.")
class Bewijsbundel:
    afspraak_id: strawberry.ID
    boomgrootte: int
    wortel: str
    algoritme: str
    ondertekening: Ondertekening | None = strawberry.field(description=(
        "De handtekening van het register over boomgrootte en wortel (als het register een "
        "ondertekensleutel heeft)."))
    gebeurtenissen: list[Bewijsstuk]


def citaat_waarde(info: Info, op: AfspraakOp, peil: Peilmoment) -> CitaatWaarde:
    boom = OpgeslagenBoom(info.context.conn)
    vast = peil if peil.ontvangen_op is not None else Peilmoment(
        peil.geldig_op, peil.juridisch_werkend_op, peil.bekend_op,
        info.context.systeem.register.klok())  # de klok die ook ontvangenOp zet
    return CitaatWaarde(info.context.instellingen.herkomst, op.id, vast,
                        op.toestand.zichtbare_versies, boom.grootte, boom.wortel())


def bewijsbundel(info: Info, op: AfspraakOp) -> Bewijsbundel:
    """De canonieke inhoud uit de opslag (gedecodeerd, met HMAC-controle), het blad uit de
    boom; stemmen die niet overeen, dan is de opslag geschonden en zegt de bundel niets."""
    ctx = info.context
    boom = OpgeslagenBoom(ctx.conn)
    versies = set(op.toestand.zichtbare_versies)
    gebeurtenissen = {e.originator_version: e for e in
                      ctx.systeem.register.repository.event_store.get(UUID(op.id))
                      if e.originator_version in versies}
    stukken = []
    for versie in sorted(versies):
        rij = lm.blad_van(ctx.conn, op.id, versie)
        if rij is None or versie not in gebeurtenissen:
            continue  # nog niet in de boom (de projectie loopt achter)
        canoniek = merkle.gebeurtenis_blad(gebeurtenissen[versie], rij.positie)
        if merkle.blad_hash(canoniek) != bytes(rij.hash):
            raise ValueError(f"het blad van versie {versie} past niet bij de opslag")
        stukken.append(Bewijsstuk(
            versie=versie, index=rij.nummer, canoniek=canoniek.decode("utf-8"),
            blad=bytes(rij.hash).hex(),
            pad=[h.hex() for h in boom.inclusiebewijs(rij.nummer, boom.grootte)]))
    return Bewijsbundel(afspraak_id=strawberry.ID(op.id), boomgrootte=boom.grootte,
                        wortel=boom.wortel().hex(), algoritme=ALGORITME,
                        ondertekening=_ondertekening(info, boom.grootte, boom.wortel()),
                        gebeurtenissen=stukken)


@strawberry.type(description="Een citaat teruggebracht tot zijn antwoord, met de controle dat "
                 "het register nog zegt wat het toen zei.")
class CitaatControle:
    klopt: bool = strawberry.field(description=(
        "Of de zichtbare versies dezelfde zijn en de boom van toen nog de wortel van toen "
        "heeft (het register groeide alleen)."))
    meldingen: list[str]
    citaat: Citaat
    afspraak: Annotated[Afspraak, strawberry.lazy("register.api.typen")] | None = (
        strawberry.field(description="Het antwoord op het peilmoment van het citaat; null als "
                         "de afspraak dan niet bestaat of de vrager haar niet mag lezen."))


def controleer_citaat(info: Info, c: CitaatWaarde) -> tuple[AfspraakOp | None, list[str]]:
    meldingen = []
    eigen = info.context.instellingen.herkomst
    if c.herkomst != eigen:
        meldingen.append(f"het citaat komt van register '{c.herkomst}', dit is '{eigen}'")
    op = info.context.lezer().op(c.afspraak_id, c.peil)
    if op is None:
        meldingen.append("de afspraak bestaat op dit peilmoment niet, of u mag haar niet lezen")
    elif op.toestand.zichtbare_versies != c.versies:
        meldingen.append(f"het antwoord rust nu op versies {list(op.toestand.zichtbare_versies)}"
                         f", het citaat op {list(c.versies)}")
    boom = OpgeslagenBoom(info.context.conn)
    if c.boomgrootte > boom.grootte:
        meldingen.append(f"het citaat noemt een boom van {c.boomgrootte} bladen; het register "
                         f"heeft er {boom.grootte}")
    elif boom.wortel(c.boomgrootte) != c.wortel:
        meldingen.append("de boom van toen heeft nu een andere wortel: de geschiedenis is "
                         "veranderd")
    return op, meldingen
