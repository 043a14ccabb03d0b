"""`register getuige`: een andere organisatie controleert dat het register alleen groeit en
ondertekent zijn checkpoint mee. Zij bewaart het laatste checkpoint dat zij medeondertekende;
een nieuw checkpoint ondertekent zij alleen als een consistentiebewijs (door haar zelf
nagerekend, RFC 9162) laat zien dat het het oude alleen aanvult. Een kleinere boom, een andere
wortel bij dezelfde grootte of een bewijs dat niet klopt: geen handtekening, en een melding."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from register.domein import merkle
from register.systeem.checkpoint import (
    Checkpoint, OngeldigeNotitie, Ondertekenaar, Verificatiesleutel, notitie, splits_notitie,
)

CONSISTENTIE = """query($g: Int!, $w: String!, $n: Int) {
  consistentiebewijs(boomgrootte: $g, wortel: $w, naar: $n) { boomgrootte wortel pad } }"""


class GetuigeFout(Exception):
    """Het register toont iets dat niet past bij wat deze getuige eerder medeondertekende."""


@dataclass(frozen=True)
class Getuige:
    register: Verificatiesleutel  # wiens checkpoints (herkomst = naam van deze sleutel)
    ik: Ondertekenaar
    staat: Path

    def vorig(self) -> Checkpoint | None:
        if not self.staat.exists():
            return None
        d = json.loads(self.staat.read_text(encoding="utf-8"))
        return Checkpoint(d["herkomst"], int(d["grootte"]), bytes.fromhex(d["wortel"]))

    def _bewaar(self, c: Checkpoint) -> None:
        tijdelijk = self.staat.with_suffix(self.staat.suffix + ".nieuw")
        tijdelijk.write_text(json.dumps({"herkomst": c.herkomst, "grootte": c.grootte,
                                         "wortel": c.wortel.hex()}) + "\n", encoding="utf-8")
        os.replace(tijdelijk, self.staat)

    def getuig(self, http: httpx.Client) -> Checkpoint:
        """Haalt het checkpoint, controleert het tegen het vorige en ondertekent het mee."""
        r = http.get("/checkpoint")
        if r.status_code != 200:
            raise GetuigeFout(f"het register gaf geen checkpoint ({r.status_code}): {r.text}")
        try:
            tekst, regels = splits_notitie(r.text)
            c = Checkpoint.lees(tekst)
        except OngeldigeNotitie as e:
            raise GetuigeFout(f"het checkpoint is onleesbaar: {e}") from None
        if c.herkomst != self.register.naam or self.register.controleer(tekst, regels) is None:
            raise GetuigeFout(f"het checkpoint draagt geen geldige handtekening van "
                              f"{self.register.naam}")
        vorig = self.vorig()
        if vorig is not None:
            self._toets(http, vorig, c)
        antwoord = http.post("/checkpoint/cosignatuur", content=notitie(
            tekst, [*regels, self.ik.regel(tekst)]).encode(),
            headers={"Content-Type": "text/plain; charset=utf-8"})
        if antwoord.status_code != 200:
            raise GetuigeFout(f"het register weigerde de medeondertekening "
                              f"({antwoord.status_code}): {antwoord.text}")
        self._bewaar(c)
        return c

    def _toets(self, http: httpx.Client, vorig: Checkpoint, c: Checkpoint) -> None:
        if vorig.herkomst != c.herkomst:
            raise GetuigeFout(f"deze getuige volgt {vorig.herkomst}, niet {c.herkomst}")
        if c.grootte < vorig.grootte:
            raise GetuigeFout(f"de boom is gekrompen: {c.grootte} gebeurtenissen, eerder "
                              f"{vorig.grootte}. De geschiedenis is herschreven.")
        if c.grootte == vorig.grootte:
            if c.wortel != vorig.wortel:
                raise GetuigeFout(f"twee geschiedenissen: bij grootte {c.grootte} eerder wortel "
                                  f"{vorig.wortel.hex()}, nu {c.wortel.hex()}")
            return
        if vorig.grootte == 0:
            return  # een lege boom vult elke boom aan
        bewijs = self._bewijs(http, vorig, c)
        pad = [bytes.fromhex(h) for h in bewijs["pad"]]
        if (bewijs["boomgrootte"] != c.grootte or bewijs["wortel"] != c.wortel.hex()
                or not merkle.controleer_consistentie(vorig.grootte, c.grootte, vorig.wortel,
                                                      c.wortel, pad)):
            raise GetuigeFout(f"niet consistent: de boom van {c.grootte} vult de eerder "
                              f"medeondertekende boom van {vorig.grootte} (wortel "
                              f"{vorig.wortel.hex()}) niet aan. De geschiedenis is herschreven, "
                              "of het register toont verschillende getuigen verschillende "
                              "geschiedenissen.")

    @staticmethod
    def _bewijs(http: httpx.Client, vorig: Checkpoint, c: Checkpoint) -> Any:
        r = http.post("/graphql", json={"query": CONSISTENTIE, "variables": {
            "g": vorig.grootte, "w": vorig.wortel.hex(), "n": c.grootte}})
        body = r.json() if r.headers.get("content-type", "").startswith("application/json") \
            else {}
        if r.status_code != 200 or body.get("errors") or not body.get("data"):
            fouten = "; ".join(f.get("message", "") for f in body.get("errors") or []) or r.text
            raise GetuigeFout(f"geen consistentiebewijs van {vorig.grootte} naar {c.grootte}: "
                              f"{fouten}")
        return body["data"]["consistentiebewijs"]
