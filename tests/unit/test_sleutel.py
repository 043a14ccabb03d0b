"""De sleutel van het register: uit de configuratie of een sleutelbestand buiten de database;
in productie nooit vanzelf aangemaakt. En tokenrijen van vóór de HMAC worden één keer, bij het
omzetten, ondertekend."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import create_engine, text

from register.systeem.instellingen import Instellingen
from register.systeem.sleutel import GeenSleutel, laad_sleutel, sleutelbestand
from register.systeem.tokens import Tokens, _hash


def _instellingen(tmp_path: Path, **anders: object) -> Instellingen:
    return Instellingen.model_construct(**{
        **Instellingen(database_url=f"sqlite:///{tmp_path / 'register.db'}").model_dump(),
        "sleutel": None, **anders})


def test_in_ontwikkeling_maakt_het_register_een_sleutelbestand_naast_de_database(
        tmp_path: Path) -> None:
    s = _instellingen(tmp_path)
    assert sleutelbestand(s) == tmp_path / "register.sleutel"
    sleutel = laad_sleutel(s)
    assert len(sleutel) == 32 and laad_sleutel(s) == sleutel  # dezelfde bij een herstart
    assert stat.S_IMODE((tmp_path / "register.sleutel").stat().st_mode) == 0o600


def test_in_productie_start_het_register_niet_zonder_sleutel(tmp_path: Path) -> None:
    with pytest.raises(GeenSleutel, match="REGISTER_SLEUTEL"):
        laad_sleutel(_instellingen(tmp_path, omgeving="productie"))
    assert not (tmp_path / "register.sleutel").exists()
    s = _instellingen(tmp_path, omgeving="productie", sleutel=SecretStr("ab" * 32))
    assert laad_sleutel(s) == bytes.fromhex("ab" * 32)


@pytest.mark.parametrize("fout", ["ab" * 31, "zz" * 32, ""])
def test_een_onbruikbare_sleutel_is_een_duidelijke_fout(tmp_path: Path, fout: str) -> None:
    with pytest.raises(GeenSleutel, match="64 hextekens"):
        laad_sleutel(_instellingen(tmp_path, sleutel=SecretStr(fout)))


def test_een_tokentabel_van_voor_de_hmac_wordt_eenmalig_ondertekend(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    with engine.begin() as c:  # de vorm van vóór de HMAC, met een uitgegeven token
        c.execute(text("CREATE TABLE tokens (hash VARCHAR(64) PRIMARY KEY, overheid VARCHAR(300) "
                       "NOT NULL, beheerder BOOLEAN NOT NULL, aangemaakt_op DATETIME NOT NULL, "
                       "ingetrokken_op DATETIME)"))
        c.execute(text("INSERT INTO tokens VALUES (:h, 'urn:x', 0, :t, NULL)"),
                  {"h": _hash("ar_oud"), "t": datetime.now(UTC)})
    sleutel = bytes(32)
    t = Tokens(engine, sleutel)
    assert t.actor("ar_oud") is not None  # wat er stond, bleef geldig
    with engine.begin() as c:  # later ingevoegd, zonder HMAC
        c.execute(text("INSERT INTO tokens VALUES (:h, 'urn:x', 1, :t, NULL, NULL)"),
                  {"h": _hash("ar_later"), "t": datetime.now(UTC)})
    assert Tokens(engine, sleutel).actor("ar_later") is None  # geen tweede omzetting
    assert Tokens(engine, bytes([1]) * 32).actor("ar_oud") is None  # andere sleutel
