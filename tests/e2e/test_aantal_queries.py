"""Een lijst kost een vast aantal SQL-queries, hoe lang de pagina ook is (geen N+1)."""

from __future__ import annotations


from fastapi.testclient import TestClient

from register.systeem.samenstel import Systeem
from tests.hulp import gql, muteer, tel_queries, vastleggen_invoer

LIJST = """{ afspraken(first: 50) { edges { node { id titel status
  partijen { overheid { naam } rol } verplichtingen { id uiterlijk { waarde } }
  relaties { soort naar { id titel partijen { rol } } } afhechting { wijze }
  gebeurtenissen { versie } } } pageInfo { hasNextPage } } }"""


def _leg_vast(client: TestClient, token: str, aantal: int, naar: str) -> None:
    for i in range(aantal):
        r = muteer(client, "afspraakVastleggen", vastleggen_invoer(
            titel=f"Afspraak {i}", relaties=[{"soort": "UITWERKING_VAN", "naar": naar}]), token)
        assert r["__typename"] == "AfspraakOpgeslagen"


def test_een_lijst_met_relaties_kost_niet_meer_queries_bij_meer_afspraken(
        client: TestClient, systeem: Systeem, token_bzk: str) -> None:
    basis = muteer(client, "afspraakVastleggen", vastleggen_invoer(), token_bzk)
    _leg_vast(client, token_bzk, 5, basis["afspraak"]["id"])
    with tel_queries(systeem.engine) as klein:
        assert len(gql(client, LIJST)["afspraken"]["edges"]) == 6
    _leg_vast(client, token_bzk, 25, basis["afspraak"]["id"])
    with tel_queries(systeem.engine) as groot:
        assert len(gql(client, LIJST)["afspraken"]["edges"]) == 31
    # Token, lijst (kandidaten, zichtbaarheid, peil-waarden, peil-versies), de gerelateerde
    # afspraken (zichtbaarheid, peil-waarden, peil-versies) en de geschiedenissen: elk één keer.
    assert len(groot) == len(klein) <= 9, "\n".join(groot)
