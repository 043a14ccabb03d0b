"""`register backup` en `register herstel` op de opdrachtregel: een back-up van een register
terug in een lege SQLite-database (vanaf PostgreSQL dus ook tussen de twee), met dezelfde
GraphQL-antwoorden, een token dat blijft schrijven en duidelijke weigeringen."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from register.api.app import maak_app
from register.cli import app as cli_app
from register.systeem.instellingen import Instellingen
from tests.hulp import AFSPRAAK_VELDEN, P_GELDERLAND, gql, leg_vast

ALLES = f"""query($g: Date, $b: Date) {{ afspraken(geldigOp: $g, bekendOp: $b, first: 100) {{
  edges {{ cursor node {{ {AFSPRAAK_VELDEN} }} }} }}
  integriteit {{ boomgrootte wortel }} }}"""


def register(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli_app, list(args), env={"REGISTER_DATABASE_URL": database_url})


def uitvoer(r: Result) -> str:
    return " ".join((r.stdout + r.stderr).split())


def app(database_url: str) -> TestClient:
    return TestClient(maak_app(Instellingen(database_url=database_url, werkprocessen=0)))


def antwoorden(client: TestClient) -> list[object]:
    return [gql(client, ALLES, {"g": g, "b": b})
            for g, b in (("2030-01-01", None), ("2023-01-01", None), ("2030-01-01", "2022-12-01"))]


def test_backup_en_herstel_op_de_opdrachtregel(database_url: str, tmp_path: Path) -> None:
    r = register(database_url, "token", "aanmaken", "--overheid", P_GELDERLAND)
    assert r.exit_code == 0, uitvoer(r)
    token = r.stdout.strip()
    with app(database_url) as client:
        leg_vast(client, token, titel="Eerste", bekendOp="2022-12-09")
        leg_vast(client, token, titel="Tweede", geldigVanaf="2024-01-01", bekendOp="2023-06-01")
        voor = antwoorden(client)
    assert len({str(a) for a in voor}) == 3, "de peilmomenten onderscheiden niets"
    bestand = tmp_path / "register.backup.gz"

    r = register(database_url, "backup", str(bestand))
    assert r.exit_code == 0, uitvoer(r)
    assert "2 gebeurtenissen, boomgrootte 2, wortel 2:" in uitvoer(r)
    r = register(database_url, "backup", str(bestand))
    assert r.exit_code == 2 and "bestaat al" in uitvoer(r)

    doel = f"sqlite:///{tmp_path / 'hersteld.db'}"
    r = register(doel, "herstel", str(bestand))
    assert r.exit_code == 0, uitvoer(r)
    assert "Hersteld uit de back-up" in uitvoer(r) and "2 gebeurtenissen" in uitvoer(r)
    with app(doel) as client:
        assert antwoorden(client) == voor
        leg_vast(client, token, titel="Na het herstel")  # het token schrijft nog

    r = register(doel, "herstel", str(bestand))
    assert r.exit_code == 2, uitvoer(r)
    assert "Herstel geweigerd" in uitvoer(r) and "niets veranderd" in uitvoer(r)

    kapot = tmp_path / "kapot.backup.gz"
    kapot.write_bytes(bestand.read_bytes()[:-20])
    leeg = f"sqlite:///{tmp_path / 'leeg.db'}"
    r = register(leeg, "herstel", str(kapot))
    assert r.exit_code == 1, uitvoer(r)
    assert "beschadigd of afgebroken" in uitvoer(r)
    r = register(leeg, "backup", str(tmp_path / "leeg.backup.gz"))
    assert "0 gebeurtenissen" in uitvoer(r), "het geweigerde herstel liet iets achter"
