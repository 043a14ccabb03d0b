"""De bestanden die het project als openbare code publiceerbaar maken: licentie, Engelse README,
changelog, beveiligingsbeleid en publiccode.yml, en hun samenhang met README.md en
pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[2]


def _tekst(naam: str) -> str:
    return (PROJECT / naam).read_text(encoding="utf-8")


def _commandos_van_het_eerste_codeblok(naam: str) -> list[str]:
    """De commando's (zonder commentaar) in het eerste ```bash-blok van een README."""
    blok = re.search(r"```bash\n(.*?)```", _tekst(naam), re.DOTALL)
    assert blok, naam
    return [r.split("#")[0].strip() for r in blok.group(1).splitlines() if r.split("#")[0].strip()]


def test_de_licentie_is_de_volledige_eupl_1_2_met_bijlage() -> None:
    licentie = _tekst("LICENSE")
    assert licentie.lower().startswith("european union public licence v. 1.2")
    for artikel in range(1, 16):
        assert re.search(rf"^\s*{artikel}\. ", licentie, re.MULTILINE), artikel
    assert "\nAppendix\n" in licentie
    assert "European Union Public Licence (EUPL) v. 1.1, v. 1.2" in licentie


def test_de_engelse_readme_begint_met_dezelfde_twee_commandos_als_de_nederlandse() -> None:
    commandos = _commandos_van_het_eerste_codeblok("README.md")
    assert commandos == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    assert _commandos_van_het_eerste_codeblok("README.en.md") == commandos
    assert _tekst("README.en.md").startswith("# Afsprakenregister\n\n```bash\n")


def test_changelog_en_beveiligingsbeleid_bestaan_en_zeggen_iets() -> None:
    changelog = _tekst("CHANGELOG.md")
    assert "## [Unreleased]" in changelog
    assert re.search(r"^## \[0\.1\.0\] - \d{4}-\d{2}-\d{2}$", changelog, re.MULTILINE)
    assert len(changelog) > 1500
    beveiliging = _tekst("SECURITY.md")
    for kop in ("## Reporting a vulnerability", "## Supported versions",
                "## What the register promises"):
        assert kop in beveiliging
    assert len(beveiliging) > 1500


def test_de_versie_in_publiccode_yml_is_die_van_pyproject_toml() -> None:
    versie = tomllib.loads(_tekst("pyproject.toml"))["project"]["version"]
    publiccode = yaml.safe_load(_tekst("publiccode.yml"))
    assert publiccode["softwareVersion"] == versie
    assert f"## [{versie}]" in _tekst("CHANGELOG.md")


def test_licentie_in_publiccode_yml_en_pyproject_toml_is_dezelfde() -> None:
    licentie = tomllib.loads(_tekst("pyproject.toml"))["project"]["license"]
    assert yaml.safe_load(_tekst("publiccode.yml"))["legal"]["license"] == licentie == "EUPL-1.2"
