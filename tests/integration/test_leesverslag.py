"""Het leesverslag onder gelijktijdigheid: veel verzoeken die lezingen aanbieden terwijl anderen
het verslag lezen (spoelen); niets gaat verloren en niemand blijft hangen."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from register.domein.tijdreizen import Peilmoment
from register.systeem.leesverslag import Leesverslag, Lezing, lezingen
from register.systeem.samenstel import Systeem


def _lezing(i: int) -> Lezing:
    return Lezing(afspraak_id=f"{i % 7:036d}", lezer="urn:test", beheerder=False,
                  tijdstip=datetime.now(UTC), wat="afspraak",
                  peil=Peilmoment(geldig_op=date(2024, 1, 1)), verzoek_id=str(i))


def test_gelijktijdig_aanbieden_en_spoelen_verliest_niets(systeem: Systeem) -> None:
    verslag = Leesverslag(systeem.engine)

    def verzoeken(n: int) -> None:
        for i in range(50):
            verslag.leg_vast([_lezing(n * 1000 + i)])
            if i % 10 == 0:
                verslag.spoel()

    draden = [threading.Thread(target=verzoeken, args=(n,)) for n in range(8)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(30)
    assert not any(d.is_alive() for d in draden)  # niemand hangt op een spoelverzoek
    verslag.spoel()
    with systeem.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(lezingen)).scalar() == 400
    rijen, meer = verslag.lees(f"{3:036d}", 100, None)
    assert len(rijen) == len([i for n in range(8) for i in range(50)
                              if (n * 1000 + i) % 7 == 3]) and not meer
    verslag.sluit()
