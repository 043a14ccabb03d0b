"""Back-up en herstel: de demo terug in een lege database geeft op elke as dezelfde antwoorden,
ook van SQLite naar PostgreSQL en terug; een niet-lege database, een beschadigd of gewijzigd
bestand, een andere sleutel of een andere wortel worden geweigerd, en de database blijft dan
zoals zij was."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select, text

from register.api.app import maak_app
from register.domein.actor import Actor
from register.domein.tijdreizen import Peilmoment
from register.projecties.afspraken import AfsprakenLezer, Filter
from register.projecties.gebeurtenissen import gebeurtenissen
from register.projecties.integriteit import OpgeslagenBoom
from register.systeem.backup import (
    AFGELEID, BEWAARD, BeschadigdeBackup, DatabaseNietLeeg, GewijzigdeGebeurtenis,
    OnbekendeVersie, SleutelPastNiet, WortelPastNiet, herstellingen, maak_backup,
)
from register.systeem.checkpoint import Checkpoint, Cosignaturen
from register.systeem.herstel import herstel
from register.systeem.instellingen import Instellingen
from register.systeem.leesverslag import Lezing
from register.systeem.samenstel import Systeem
from register.systeem.abonnementen import Abonnementen, dode_brieven
from register.systeem.clients import Clients
from register.systeem.tokens import Tokens
from tests.conftest import _nieuwe_postgres_database, _verwijder_postgres_database
from tests.hulp import BEHEER, P_GELDERLAND, leg_vast

pytestmark = pytest.mark.slow  # backups van de demo

BEHEERDER = Actor(BEHEER, beheerder=True)


@pytest.fixture(scope="module")
def demo_backup(demo_database: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    bestand = tmp_path_factory.mktemp("backup") / "demo.backup.gz"
    s = Systeem(demo_database)
    try:
        maak_backup(s, bestand, "afsprakenregister.test")
    finally:
        s.sluit()
    return bestand


@contextmanager
def lege_database(soort_van: str, tmp_path: Path, request: pytest.FixtureRequest
                  ) -> Iterator[Systeem]:
    """Een nieuwe, lege database van dezelfde soort als `soort_van`."""
    sqlite = soort_van.startswith("sqlite")
    basis = None if sqlite else request.getfixturevalue("postgres_basis")
    url = (f"sqlite:///{tmp_path / uuid.uuid4().hex}.db" if basis is None
           else _nieuwe_postgres_database(basis))
    s = Systeem(url)
    try:
        yield s
    finally:
        s.sluit()
        if basis is not None:
            _verwijder_postgres_database(basis, url)


@pytest.fixture
def leeg(demo_database: str, tmp_path: Path, request: pytest.FixtureRequest
         ) -> Iterator[Systeem]:
    with lege_database(demo_database, tmp_path, request) as s:
        yield s


# -- wat een herstel moet opleveren ------------------------------------------------------------


def _mediaan(c: Any, kolom: Any) -> Any:
    waarden = sorted(w for (w,) in c.execute(select(kolom).where(kolom.is_not(None))))
    return waarden[len(waarden) // 2]


def peilmomenten(s: Systeem) -> list[Peilmoment]:
    """Momenten midden in de geschiedenis van de demo, op elke as en samen."""
    g = gebeurtenissen.c
    with s.engine.connect() as c:
        geldig, werkend = _mediaan(c, g.geldig_vanaf), _mediaan(c, g.juridisch_werkend_vanaf)
        bekend, ontvangen = _mediaan(c, g.bekend_op), _mediaan(c, g.ontvangen_op)
    nu = date(2030, 1, 1)
    return [Peilmoment(nu), Peilmoment(geldig), Peilmoment(nu, juridisch_werkend_op=werkend),
            Peilmoment(nu, bekend_op=bekend),
            Peilmoment(nu, ontvangen_op=datetime.fromisoformat(ontvangen)),
            Peilmoment(geldig, werkend, bekend, datetime.fromisoformat(ontvangen))]


def antwoorden(s: Systeem, peilen: list[Peilmoment]) -> dict[str, Any]:
    """Wat het register zegt: alle afspraken op elk peilmoment (ook de vertrouwelijke), elke
    volledige geschiedenis en de boom."""
    with s.engine.connect() as c:
        lezer = AfsprakenLezer(c, BEHEERDER)
        per_peil = [lezer.lijst(Filter(), p, 1000, None).items for p in peilen]
        ids = sorted({a.id for items in per_peil for a in items})
        historie = {i: [tuple(r) for r in lezer.volledige_geschiedenis(i) or []] for i in ids}
        boom = OpgeslagenBoom(c)
        return {"peil": per_peil, "historie": historie, "boom": (boom.grootte, boom.wortel())}


def bewaard(s: Systeem) -> dict[str, list[tuple[Any, ...]]]:
    """De rijen van de bewaarde tabellen, elk in volgorde van hun sleutel."""
    with s.engine.connect() as c:
        return {t.name: [tuple(r) for r in c.execute(select(t).order_by(*t.primary_key))]
                if inspect(c).has_table(t.name) else [] for t in BEWAARD}


def test_herstel_geeft_op_elke_as_dezelfde_antwoorden(
        demo_database: str, demo_backup: Path, database_url: str) -> None:
    """Van elke soort database naar elke soort (demo_database × database_url): SQLite en
    PostgreSQL, en tussen die twee."""
    bron = Systeem(demo_database)
    try:
        peilen = peilmomenten(bron)
        verwacht = antwoorden(bron, peilen)
    finally:
        bron.sluit()
    assert len({len(p) for p in verwacht["peil"]}) > 1, "de peilmomenten onderscheiden niets"
    doel = Systeem(database_url)
    try:
        kop = herstel(doel, demo_backup)
        assert (kop.grootte, kop.wortel) == verwacht["boom"]
        assert antwoorden(doel, peilen) == verwacht
        assert doel.verwerkt_tot() == doel.laatste_positie() == kop.laatste_positie
    finally:
        doel.sluit()


def test_na_een_herstel_schrijft_het_register_verder_en_gaan_tokens_verslag_en_controles_mee(
        demo_backup: Path, leeg: Systeem, tmp_path: Path, request: pytest.FixtureRequest
        ) -> None:
    """Een herstelde demo schrijft gewoon verder (op PostgreSQL: de reeksen lopen door); een
    back-up daarvan neemt token, leesverslag, medeondertekening en controles mee, ziet niets
    van wat tijdens het schrijven ervan bijkomt (één momentopname), en het token schrijft ook
    na het tweede herstel."""
    herstel(leeg, demo_backup)
    token = Tokens(leeg.engine, leeg.sleutel).aanmaken(P_GELDERLAND)
    client_id, geheim = Clients(leeg.engine, leeg.sleutel, "t").aanmaken(
        P_GELDERLAND, frozenset({"lezen"}))
    instellingen = Instellingen(database_url=leeg.opslag.url, werkprocessen=0)
    leeg.leesverslag.leg_vast([Lezing("a" * 36, P_GELDERLAND, False,
                                      datetime.now(UTC), "afspraak", None, "verzoek-1")])
    leeg.leesverslag.spoel()
    Cosignaturen(leeg.engine).bewaar(Checkpoint("afsprakenregister.test", 1, b"\x01" * 32),
                                     "getuige.test", "— getuige.test abc\n")
    with TestClient(maak_app(instellingen, leeg)) as client:
        leg_vast(client, token)
        # de feed: een gevolg dat nog wacht, en een lezer met zijn volgnummers
        leg_vast(client, token, titel="Geldt later", geldigVanaf="2099-01-01")
        assert client.get("/v1/gebeurtenissen").status_code == 200
        # een abonnement met een dode brief (zoals register afleveren die zou achterlaten)
        abonnement, _ = Abonnementen(leeg.engine, leeg.sleutel).aanmaken(
            leeg.feed, Actor(P_GELDERLAND), "https://example.org/haak", {}, 0)
        with leeg.engine.begin() as conn:
            conn.execute(dode_brieven.insert().values(
                abonnement_id=abonnement.id, volgnummer=1, event_id="x/1", type="t",
                bericht="{}", pogingen=8, laatste_fout="HTTP 500", op=datetime.now(UTC),
                opnieuw=False))
        voor = bewaard(leeg), antwoorden(leeg, [Peilmoment(date(2030, 1, 1))])
        tijdens: list[str] = []

        def schrijf_tijdens_de_backup(_fase: str, gedaan: int, totaal: int) -> None:
            if not tijdens and gedaan < totaal:
                tijdens.append(leg_vast(client, token, titel="Tijdens de back-up"))

        kop = maak_backup(leeg, tmp_path / "tweede.backup.gz", "afsprakenregister.test",
                          schrijf_tijdens_de_backup)
    assert tijdens and kop.gebeurtenissen == leeg.laatste_positie() - 1
    assert all(voor[0].values()), voor[0]  # in elke bewaarde tabel staat iets

    with lege_database(leeg.opslag.url, tmp_path, request) as tweede:
        herstel(tweede, tmp_path / "tweede.backup.gz")
        na = bewaard(tweede), antwoorden(tweede, [Peilmoment(date(2030, 1, 1))])
        assert na[1] == voor[1]
        # het herstel zelf voegt toe: twee geslaagde volledige controles en zijn eigen rij
        for naam, extra in (("lm_integriteit_controles", 2), ("herstellingen", 1)):
            assert na[0][naam][:-extra] == voor[0][naam]
        assert {k: v for k, v in na[0].items() if k not in (
            "lm_integriteit_controles", "herstellingen")} == {
            k: v for k, v in voor[0].items() if k not in (
                "lm_integriteit_controles", "herstellingen")}
        assert Tokens(tweede.engine, tweede.sleutel).actor(token) is not None
        assert Clients(tweede.engine, tweede.sleutel, "t").geef_token(client_id, geheim, None)
        with TestClient(maak_app(instellingen.model_copy(
                update={"database_url": tweede.opslag.url}), tweede)) as client:
            leg_vast(client, token)


# -- weigeren, en dan niets veranderen ---------------------------------------------------------


def _stand(s: Systeem) -> dict[str, Any]:
    """Alles wat een geweigerd herstel niet mag veranderen: de tabellen en hun aantallen rijen."""
    with s.engine.connect() as c:
        namen = sorted(inspect(c).get_table_names())
        return {n: c.execute(select(func.count()).select_from(text(n))).scalar_one()
                for n in namen}


def _is_leeg(s: Systeem) -> bool:
    stand = _stand(s)
    return s.laatste_positie() == 0 and all(stand.get(t.name, 0) == 0 for t in BEWAARD)


def test_herstel_in_een_database_met_gebeurtenissen_wordt_geweigerd_en_verandert_niets(
        demo_database: str, demo_backup: Path) -> None:
    s = Systeem(demo_database)
    try:
        voor = _stand(s), antwoorden(s, [Peilmoment(date(2030, 1, 1))])
        with pytest.raises(DatabaseNietLeeg, match=r"bevat al \d+ gebeurtenissen"):
            herstel(s, demo_backup)
        assert (_stand(s), antwoorden(s, [Peilmoment(date(2030, 1, 1))])) == voor
    finally:
        s.sluit()


def test_een_database_met_alleen_een_token_is_ook_niet_leeg(
        demo_backup: Path, leeg: Systeem) -> None:
    Tokens(leeg.engine, leeg.sleutel).aanmaken(P_GELDERLAND)
    voor = _stand(leeg)
    with pytest.raises(DatabaseNietLeeg, match="tabel tokens"):
        herstel(leeg, demo_backup)
    assert _stand(leeg) == voor


Bewerking = Callable[[list[bytes]], list[bytes]]


def _bewerk(bron: Path, doel: Path, bewerking: Bewerking, *, controlesom: bool = True) -> Path:
    """Een kopie van de back-up met andere regels; met `controlesom` een kloppende slotregel
    (wie de back-up vervalst, rekent die ook na)."""
    regels = bewerking(gzip.decompress(bron.read_bytes()).splitlines(keepends=True)[:-1])
    einde = {"soort": "einde", "regels": len(regels),
             "sha256": hashlib.sha256(b"".join(regels)).hexdigest()}
    slot = [json.dumps(einde).encode() + b"\n"] if controlesom else []
    doel.write_bytes(gzip.compress(b"".join(regels + slot)))
    return doel


def _gebeurtenis_gewijzigd(regels: list[bytes]) -> list[bytes]:
    d = json.loads(regels[5])
    state = bytearray(base64.b64decode(d["state"]))
    state[-3] ^= 0x01  # één bit in de staat, na de HMAC
    d["state"] = base64.b64encode(bytes(state)).decode()
    return [*regels[:5], json.dumps(d).encode() + b"\n", *regels[6:]]


def _kop(**wijziging: Any) -> Bewerking:
    def bewerk(regels: list[bytes]) -> list[bytes]:
        kop = json.loads(regels[0])
        for k, v in wijziging.items():
            kop[k] = v
        return [json.dumps(kop).encode() + b"\n", *regels[1:]]
    return bewerk


def _ingekort(bron: Path, doel: Path) -> Path:
    doel.write_bytes(bron.read_bytes()[: bron.stat().st_size * 2 // 3])
    return doel


def _bit_omgedraaid(bron: Path, doel: Path) -> Path:
    ruw = bytearray(bron.read_bytes())
    ruw[len(ruw) // 2] ^= 0x10
    doel.write_bytes(bytes(ruw))
    return doel


@pytest.mark.parametrize(("maak", "fout", "melding"), [
    (_ingekort, BeschadigdeBackup, "beschadigd of afgebroken"),
    (_bit_omgedraaid, BeschadigdeBackup, "beschadigd"),
    (lambda b, d: _bewerk(b, d, lambda r: r[:-3]), BeschadigdeBackup, "de kop noemt"),
    (lambda b, d: _bewerk(b, d, lambda r: r, controlesom=False), BeschadigdeBackup,
     "zonder slotregel"),
    (lambda b, d: _bewerk(b, d, _gebeurtenis_gewijzigd, controlesom=False), BeschadigdeBackup,
     "zonder slotregel"),
    (lambda b, d: _bewerk(b, d, _gebeurtenis_gewijzigd), GewijzigdeGebeurtenis,
     r"positie \d+ .* de HMAC klopt niet"),
    (lambda b, d: _bewerk(b, d, _kop(versie=2)), OnbekendeVersie, "formaatversie 2"),
    (lambda b, d: _bewerk(b, d, _kop(sleutel="0" * 32)), SleutelPastNiet, "andere sleutel"),
], ids=["ingekort", "bit-omgedraaid", "regels-weg", "geen-slotregel", "gewijzigd-zonder-som",
        "gewijzigd-met-som", "versie", "sleutel"])
def test_een_beschadigde_of_gewijzigde_backup_wordt_geweigerd_en_de_database_blijft_leeg(
        demo_backup: Path, leeg: Systeem, tmp_path: Path, maak: Callable[[Path, Path], Path],
        fout: type[Exception], melding: str) -> None:
    bestand = maak(demo_backup, tmp_path / "kapot.backup.gz")
    voor = _stand(leeg)
    with pytest.raises(fout, match=melding):
        herstel(leeg, bestand)
    assert _is_leeg(leeg) and _stand(leeg) == voor


def test_met_een_andere_sleutel_wordt_het_herstel_geweigerd(
        demo_backup: Path, database_url: str) -> None:
    s = Systeem(database_url, sleutel=bytes(range(32)))
    try:
        with pytest.raises(SleutelPastNiet, match="andere sleutel"):
            herstel(s, demo_backup)
        assert _is_leeg(s)
    finally:
        s.sluit()


def test_een_andere_wortel_in_de_kop_maakt_het_herstel_ongedaan(
        demo_backup: Path, leeg: Systeem, tmp_path: Path) -> None:
    """Pas na de herbouw te zien: het herstel wist dan wat het terugzette."""
    kop = json.loads(gzip.decompress(demo_backup.read_bytes()).split(b"\n", 1)[0])
    bestand = _bewerk(demo_backup, tmp_path / "wortel.backup.gz",
                      _kop(boom={**kop["boom"], "wortel": "ab" * 32}))
    with pytest.raises(WortelPastNiet, match="wortel"):
        herstel(leeg, bestand)
    assert _is_leeg(leeg)
    with leeg.engine.connect() as c:
        assert OpgeslagenBoom(c).grootte == 0
    herstel(leeg, demo_backup)  # en daarna gaat het gewoon
    assert leeg.laatste_positie() == kop["laatste_positie"]


def test_elke_tabel_is_bewaard_of_af_te_leiden(leeg: Systeem) -> None:
    """Een nieuwe tabel hoort in BEWAARD (niet af te leiden) of in AFGELEID, anders zou een
    back-up haar stil overslaan. Alles wat tabellen aanmaakt, doet dat hier: het register, de
    app en het herstel."""
    herstellingen.create(leeg.engine)
    with TestClient(maak_app(Instellingen(database_url=leeg.opslag.url, werkprocessen=0),
                             leeg)):
        pass
    Tokens(leeg.engine, leeg.sleutel)
    Cosignaturen(leeg.engine)
    with leeg.engine.connect() as c:
        tabellen = set(inspect(c).get_table_names())
    gebeurtenissen_tabel = leeg.register.recorder.events_table_name  # type: ignore[attr-defined]
    assert tabellen - {gebeurtenissen_tabel} - AFGELEID == {t.name for t in BEWAARD}
