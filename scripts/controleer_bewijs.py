#!/usr/bin/env python3
"""Controleert een bewijsbundel van het Afsprakenregister offline, zonder het register en met
alleen de standaardbibliotheek van Python (voor de handtekening ook `cryptography`).

    python3 controleer_bewijs.py bundel.json [--citaat "afsprakenregister:…"]
                                 [--publieke-sleutel <hex>]

`bundel.json` is het veld `bewijs` van een afspraak zoals de GraphQL-API het geeft (ook met
`{"data": {"afspraak": {"bewijs": …}}}` eromheen). Per gebeurtenis:

1. het blad is SHA-256(0x00 ‖ canonieke inhoud), en de canonieke inhoud noemt deze afspraak en
   deze versie;
2. het inclusiebewijs leidt van dat blad naar de wortel van de boom van `boomgrootte`
   (RFC 9162 §2.1.3.2);
3. met `--citaat`: de bundel dekt precies de versies van het citaat, in dezelfde boom (grootte
   en wortel);
4. met `--publieke-sleutel` (of de sleutel in de bundel): de Ed25519-handtekening van het
   register over boomgrootte en wortel klopt.

Uitkomst: één regel per controle en code 0 als alles klopt, anders 1."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs


def blad_hash(inhoud: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + inhoud).digest()


def knoop_hash(links: bytes, rechts: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + links + rechts).digest()


def wortel_uit_pad(index: int, grootte: int, blad: bytes, pad: list[bytes]) -> bytes | None:
    """RFC 9162 §2.1.3.2: de wortel die een inclusiebewijs oplevert (None: onmogelijk pad)."""
    if index >= grootte:
        return None
    fn, sn, r = index, grootte - 1, blad
    for p in pad:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = knoop_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = knoop_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def bundel_uit(data: Any) -> dict[str, Any]:
    """De bundel zelf, ook uit een heel GraphQL-antwoord."""
    if isinstance(data, dict) and "gebeurtenissen" in data:
        return data
    if isinstance(data, dict):
        for waarde in data.values():
            try:
                return bundel_uit(waarde)
            except ValueError:
                continue
    raise ValueError("geen bewijsbundel (een object met 'gebeurtenissen') gevonden")


def controleer(bundel: dict[str, Any], citaat: str | None = None,
               publieke_sleutel: str | None = None) -> list[tuple[bool, str]]:
    uit: list[tuple[bool, str]] = []
    grootte, wortel = int(bundel["boomgrootte"]), bytes.fromhex(bundel["wortel"])
    afspraak = bundel["afspraakId"]
    for stuk in bundel["gebeurtenissen"]:
        versie = stuk["versie"]
        inhoud = stuk["canoniek"].encode("utf-8")
        blad = bytes.fromhex(stuk["blad"])
        kop = json.loads(inhoud)
        uit.append((blad_hash(inhoud) == blad,
                    f"versie {versie}: het blad is de hash van de canonieke inhoud"))
        uit.append((kop.get("afspraak") == afspraak and kop.get("versie") == versie,
                    f"versie {versie}: de inhoud noemt afspraak {afspraak}, versie {versie}"))
        berekend = wortel_uit_pad(int(stuk["index"]), grootte, blad,
                                  [bytes.fromhex(h) for h in stuk["pad"]])
        uit.append((berekend == wortel,
                    f"versie {versie}: het pad leidt naar de wortel van de boom van {grootte}"))
    if citaat is not None:
        _, _, query = citaat.partition("?")
        q = {k: v[0] for k, v in parse_qs(query).items()}
        versies = [int(v) for v in q.get("versies", "").split(",") if v]
        uit.append((sorted(s["versie"] for s in bundel["gebeurtenissen"]) == sorted(versies),
                    f"de bundel dekt precies de versies van het citaat {versies}"))
        uit.append((q.get("boom") == f"{grootte}:{wortel.hex()}",
                    "het citaat noemt dezelfde boom (grootte en wortel)"))
        uit.append((f"/afspraken/{afspraak}" in citaat.partition("?")[0],
                    "het citaat noemt dezelfde afspraak"))
    o = bundel.get("ondertekening")
    sleutel = publieke_sleutel or (o or {}).get("publiekeSleutel")
    if o and sleutel:
        uit.append(_handtekening(o, sleutel, grootte, wortel))
    elif publieke_sleutel:
        uit.append((False, "de bundel heeft geen handtekening van het register"))
    return uit


def _handtekening(o: dict[str, Any], sleutel: str, grootte: int,
                  wortel: bytes) -> tuple[bool, str]:
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        return False, "de handtekening kan niet gecontroleerd worden zonder 'cryptography'"
    bericht = o["bericht"].encode("utf-8")
    if str(grootte) not in bericht.decode() or wortel.hex() not in bericht.decode():
        return False, "de handtekening gaat over een andere boom"
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sleutel)).verify(
            bytes.fromhex(o["handtekening"]), bericht)
    except (InvalidSignature, ValueError):
        return False, "de handtekening van het register klopt niet"
    return True, "de handtekening van het register over boomgrootte en wortel klopt"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bundel", help="JSON-bestand met de bewijsbundel ('-': standaardinvoer)")
    ap.add_argument("--citaat", help="de tekst van het citaat bij het antwoord")
    ap.add_argument("--publieke-sleutel", help="de publieke Ed25519-sleutel van het register "
                    "(hex), uit een bron die u vertrouwt")
    args = ap.parse_args(argv)
    tekst = sys.stdin.read() if args.bundel == "-" else Path(args.bundel).read_text("utf-8")
    try:
        uitkomsten = controleer(bundel_uit(json.loads(tekst)), args.citaat,
                                args.publieke_sleutel)
    except (ValueError, KeyError, TypeError) as e:
        print(f"FOUT: onleesbare bundel ({e})")
        return 1
    for goed, wat in uitkomsten:
        print(("ok    " if goed else "FOUT  ") + wat)
    klopt = bool(uitkomsten) and all(g for g, _ in uitkomsten)
    print("De bundel klopt." if klopt else "De bundel klopt NIET.")
    return 0 if klopt else 1


if __name__ == "__main__":
    sys.exit(main())
