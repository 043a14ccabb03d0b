"""GraphiQL werkt zonder publiek CDN: de pagina laadt alleen bestanden van het register zelf, en
elk bestand heeft precies de bytes waarvoor de integriteitshash (SRI) in de pagina geldt. Een
nieuwere strawberry-graphql met een andere GraphiQL laat deze toets falen tot de bestanden in
api/statisch/graphiql zijn bijgewerkt."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi.testclient import TestClient

from tests.e2e.conftest import MaakClient


def test_graphiql_laadt_alleen_eigen_bestanden_met_kloppende_hashes(client: TestClient) -> None:
    r = client.get("/graphql", headers={"Accept": "text/html"})
    assert r.status_code == 200 and "graphiql" in r.text.lower()
    assert "unpkg.com" not in r.text
    bronnen = re.findall(r'(?:src|href)="([^"]+)"\s+integrity="([^"]+)"', r.text)
    assert len(bronnen) == 7, bronnen
    assert not re.search(r'(?:src|href)="(?:https?:)?//', r.text)  # niets van buiten
    for pad, integriteit in bronnen:
        assert pad.startswith("/statisch/graphiql/"), pad
        bestand = client.get(pad)
        assert bestand.status_code == 200, pad
        soort, _, verwacht = integriteit.partition("-")
        assert soort == "sha384"
        assert base64.b64encode(hashlib.sha384(bestand.content).digest()).decode() == verwacht
        assert bestand.headers["content-type"].split(";")[0] in (
            "text/javascript", "application/javascript", "text/css")


def test_in_productie_geen_graphiql(maak_client: MaakClient) -> None:
    c = maak_client(omgeving="productie")
    r = c.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in r.text.lower()
