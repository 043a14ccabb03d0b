"""`achtergrond_afgerond`: wat een vraag op de achtergrond liet lopen (graphql-core handelt de
velden naast een bubbelende fout af in een taak), is klaar vóór de context en de event loop van
de vraag sluiten; een veld dat niet eindigt, houdt de vraag niet vast."""

from __future__ import annotations

import asyncio

from register.api.poort import achtergrond_afgerond


async def test_wacht_op_een_taak_op_de_achtergrond() -> None:
    gedaan: list[str] = []

    async def veld() -> None:
        await asyncio.sleep(0.05)
        gedaan.append("veld")

    async def kapot() -> None:
        raise RuntimeError("al gemeld")

    taken = [asyncio.create_task(veld()), asyncio.create_task(kapot())]
    await achtergrond_afgerond()
    assert gedaan == ["veld"] and all(t.done() for t in taken)


async def test_een_veld_dat_niet_eindigt_houdt_de_vraag_niet_vast() -> None:
    taak = asyncio.create_task(asyncio.sleep(3600))
    await asyncio.wait_for(achtergrond_afgerond(seconden=0.1), timeout=600)  # keert terug
    assert not taak.done()  # het sluiten van de event loop annuleert haar
    taak.cancel()
