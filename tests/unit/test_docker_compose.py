"""docker-compose.yml kan hier niet draaien (geen Docker-engine); wat te toetsen is, toetsen we:
de diensten, de gezondheidscheck, de opdracht en de omgeving van het register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from register.cli import app
from register.systeem.opslag import Opslag

PROJECT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    return yaml.safe_load((PROJECT / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def test_postgres_heeft_een_gezondheidscheck_en_het_register_wacht_erop() -> None:
    c = _compose()["services"]
    assert "pg_isready" in " ".join(c["postgres"]["healthcheck"]["test"])
    assert c["register"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert c["postgres"]["image"].startswith("postgres:15")


def test_het_register_verbindt_met_de_postgres_dienst_met_diens_gegevens() -> None:
    c = _compose()["services"]
    pg = c["postgres"]["environment"]
    env = Opslag(c["register"]["environment"]["REGISTER_DATABASE_URL"]).eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert env["POSTGRES_HOST"] == "postgres"
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_DBNAME"]) == (
        pg["POSTGRES_USER"], pg["POSTGRES_PASSWORD"], pg["POSTGRES_DB"])


def test_de_opdracht_van_het_register_bestaat_in_de_cli_en_luistert_buiten_de_container() -> None:
    opdracht = _compose()["services"]["register"]["command"]
    i = opdracht.index("register")
    assert opdracht[i + 1] == "serve"
    assert opdracht[opdracht.index("--host") + 1] == "0.0.0.0"
    namen = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    assert "serve" in namen
    assert 'CMD ["uv", "run"' in (PROJECT / "Dockerfile").read_text()
