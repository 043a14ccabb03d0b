"""Laadt de demogegevens (85 echte afspraken) via dezelfde GraphQL-mutaties als elk systeem."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from register.api.context import Context
from register.api.schema import schema as standaard_schema
from register.domein.actor import Actor
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem

BEHEER = "urn:afsprakenregister:overheid:register"
RESULTAAT = """{ __typename ... on AfspraakOpgeslagen { afspraak { id versie } }
  ... on Fout { code melding } ... on Ongeldig { velden { veld melding } } }"""


class DemoFout(RuntimeError):
    pass


def demogegevens() -> dict[str, Any]:
    tekst = resources.files("register.demo").joinpath("afspraken.json").read_text("utf-8")
    return json.loads(tekst)  # type: ignore[no-any-return]


def _invoertype(mutatie: str) -> str:
    veld = standaard_schema._schema.mutation_type.fields[mutatie]  # type: ignore[union-attr]
    return str(veld.args["input"].type)


def _vervang_sleutels(invoer: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    uit = dict(invoer)
    if "relaties" in uit and uit["relaties"] is not None:
        uit["relaties"] = [{**r, "naar": ids[r["naar"]]} for r in uit["relaties"]]
    if uit.get("vervangenDoor"):
        uit["vervangenDoor"] = ids[uit["vervangenDoor"]]
    return uit


def laad_demo(systeem: Systeem, voortgang: Callable[[int], None] | None = None) -> int:
    """Legt alle demo-afspraken vast; geeft het aantal gebeurtenissen. Stopt bij de eerste
    weigering met de getypeerde fout erbij (de demogegevens horen foutloos te zijn)."""
    return asyncio.run(_laad(systeem, voortgang))


async def _laad(systeem: Systeem, voortgang: Callable[[int], None] | None) -> int:
    ctx_args = dict(systeem=systeem, instellingen=Instellingen.model_construct(),
                    actor=Actor(BEHEER, beheerder=True), token_ongeldig=False)
    ids: dict[str, str] = {}
    aantal = 0
    for afspraak in demogegevens()["afspraken"]:
        versie = 0
        for commando in afspraak["commandos"]:
            mutatie, invoer = commando["mutatie"], _vervang_sleutels(commando["input"], ids)
            if mutatie != "afspraakVastleggen":
                invoer |= {"id": ids[afspraak["sleutel"]], "verwachteVersie": versie}
            ctx = Context(**ctx_args)  # type: ignore[arg-type]
            r = await standaard_schema.execute(
                f"mutation($input: {_invoertype(mutatie)}) {{ {mutatie}(input: $input) "
                f"{RESULTAAT} }}", variable_values={"input": invoer}, context_value=ctx)
            ctx.sluit()
            if r.errors or r.data is None:
                raise DemoFout(f"{afspraak['sleutel']}: {mutatie}: {r.errors}")
            antwoord = r.data[mutatie]
            if antwoord["__typename"] != "AfspraakOpgeslagen":
                raise DemoFout(f"{afspraak['sleutel']}: {mutatie} geweigerd: {antwoord}")
            ids[afspraak["sleutel"]] = antwoord["afspraak"]["id"]
            versie = antwoord["afspraak"]["versie"]
            aantal += 1
            if voortgang:
                voortgang(aantal)
    return aantal


def aantal_commandos() -> int:
    return sum(len(a["commandos"]) for a in demogegevens()["afspraken"])
