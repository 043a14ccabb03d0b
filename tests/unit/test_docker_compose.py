"""Dockerfile en docker-compose.yml kunnen hier niet draaien (geen Docker-engine); wat zonder
Docker te toetsen is, toetsen we: het image (niet als root, een datavolume, gepinde
gereedschappen, een gezondheidscheck, een opdracht die bestaat) en compose (PostgreSQL, twee
API-processen, een projectieproces en een eenmalige demolading, elk met dezelfde omgeving en
sleutel). Dezelfde processen zonder Docker naast elkaar: tests/e2e/test_processen.py."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import typer
import yaml

from register.cli import app
from register.systeem.opslag import Opslag

PROJECT = Path(__file__).resolve().parents[2]
DOCKERFILE = (PROJECT / "Dockerfile").read_text()


def _compose() -> dict[str, Any]:
    return yaml.safe_load((PROJECT / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def _instructies(naam: str) -> list[str]:
    """De argumenten van elke instructie `naam` in de laatste fase van het Dockerfile (met
    vervolgregels samengevoegd)."""
    tekst = DOCKERFILE.replace("\\\n", " ")
    laatste = tekst.split("\nFROM ")[-1]
    return [r.split(None, 1)[1] for r in laatste.splitlines() if r.startswith(naam + " ")]


def _cli_opdracht(argumenten: list[str]) -> None:
    """Of een opdracht als `register …` door de CLI geaccepteerd wordt (zonder haar uit te
    voeren): de subopdracht bestaat en kent elke optie."""
    assert argumenten[0] == "register", argumenten
    groep: Any = typer.main.get_command(app)
    opdracht = groep.commands[argumenten[1]]
    opties = {o for p in opdracht.params for o in p.opts}
    for a in argumenten[2:]:
        if a.startswith("--"):
            assert a in opties, f"{argumenten[1]} kent {a} niet"


def test_het_image_draait_niet_als_root_en_heeft_een_datavolume() -> None:
    (gebruiker,) = _instructies("USER")
    assert gebruiker not in ("root", "0")
    assert "useradd" in DOCKERFILE and f"--uid 10001 --gid {gebruiker}" in DOCKERFILE
    assert _instructies("VOLUME") == ['["/data"]']
    assert "mkdir -p /data && chown register:register /data" in DOCKERFILE
    omgeving = " ".join(_instructies("ENV"))
    assert "REGISTER_DATABASE_URL=sqlite:////data/register.db" in omgeving
    assert "REGISTER_SLEUTELBESTAND=/data/register.sleutel" in omgeving


def test_het_image_pint_zijn_gereedschap_en_installeert_uit_de_lock() -> None:
    assert re.search(r"pip install --no-cache-dir uv==\d+\.\d+\.\d+\b", DOCKERFILE)
    for basis in re.findall(r"^FROM (\S+)", DOCKERFILE, flags=re.M):
        assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-\w+", basis), basis
    assert DOCKERFILE.count("uv sync --frozen --no-dev") == 2


def test_het_image_kan_het_dossier_als_pdf_opmaken() -> None:
    """WeasyPrint heeft pango en een lettertype nodig in de fase die draait."""
    installatie = " ".join(r for r in _instructies("RUN") if "apt-get install" in r)
    for pakket in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"):
        assert pakket in installatie.split(), pakket
    assert "--no-install-recommends" in installatie and "rm -rf /var/lib/apt/lists/*" in installatie


def test_het_image_heeft_een_gezondheidscheck_en_start_zonder_demo() -> None:
    (check,) = _instructies("HEALTHCHECK")
    assert "/gezondheid" in check
    (cmd,) = _instructies("CMD")
    argumenten = yaml.safe_load(cmd)
    _cli_opdracht(argumenten)
    assert argumenten[:2] == ["register", "serve"] and "--demo" not in argumenten
    assert argumenten[argumenten.index("--host") + 1] == "0.0.0.0"


def test_compose_heeft_postgres_twee_api_processen_projecties_en_een_eenmalige_lading() -> None:
    c = _compose()["services"]
    assert set(c) == {"postgres", "voorbereiden", "register", "projecties", "afleveren"}
    assert c["postgres"]["image"].startswith("postgres:15")
    assert "pg_isready" in " ".join(c["postgres"]["healthcheck"]["test"])
    assert c["register"]["deploy"]["replicas"] == 2
    assert c["voorbereiden"]["command"] == ["register", "demo"]
    assert c["voorbereiden"]["restart"] == "no"
    for naam in ("register", "projecties", "afleveren"):
        afh = c[naam]["depends_on"]
        assert afh["postgres"]["condition"] == "service_healthy"
        assert afh["voorbereiden"]["condition"] == "service_completed_successfully"
    assert c["projecties"]["command"] == ["register", "projecties"]
    assert c["afleveren"]["command"] == ["register", "afleveren"]
    for naam in ("voorbereiden", "register", "projecties", "afleveren"):
        _cli_opdracht(c[naam]["command"])
        assert "--demo" not in c[naam]["command"]  # geen nieuw token bij elke herstart


def test_compose_gezondheidschecks_gebruiken_gereed_en_de_projectiecontrole() -> None:
    c = _compose()["services"]
    assert "/gereed" in " ".join(c["register"]["healthcheck"]["test"])
    check = c["projecties"]["healthcheck"]["test"]
    assert check[0] == "CMD"
    _cli_opdracht(check[1:])
    assert "--controleer" in check


def test_alle_processen_delen_database_en_sleutel() -> None:
    c = _compose()["services"]
    pg = c["postgres"]["environment"]
    omgevingen = [c[n]["environment"] for n in ("voorbereiden", "register", "projecties")]
    assert all(o == omgevingen[0] for o in omgevingen)
    env = Opslag(omgevingen[0]["REGISTER_DATABASE_URL"]).eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert env["POSTGRES_HOST"] == "postgres"
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_DBNAME"]) == (
        pg["POSTGRES_USER"], pg["POSTGRES_PASSWORD"], pg["POSTGRES_DB"])
    sleutel = omgevingen[0]["REGISTER_SLEUTELBESTAND"]
    for n in ("voorbereiden", "register", "projecties"):
        volumes = c[n]["volumes"]
        assert any(sleutel.startswith(v.split(":")[1] + "/") for v in volumes), n
    assert "sleutel" in _compose()["volumes"]


def test_de_gezondheidscheck_van_het_image_is_geldige_python() -> None:
    (check,) = _instructies("HEALTHCHECK")
    argumenten = yaml.safe_load(check[check.index("CMD") + 3:].strip())
    assert argumenten[:2] == ["python", "-c"]
    compile(argumenten[2], "<healthcheck>", "exec")
    compose = _compose()["services"]["register"]["healthcheck"]["test"]
    compile(compose[compose.index("-c") + 1], "<healthcheck>", "exec")
    assert shlex.split(" ".join(compose))  # geen losse aanhalingstekens
