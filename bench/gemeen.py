"""Wat de meetscripts delen: groottes, demoteksten, voortgangsbalken, een server in een
subproces op 127.0.0.1, percentielen en het resultaatformaat."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
)

from register.demo.laden import demogegevens

GROOTTES = {"smoke": 2_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
SEED = 20240415
BENCH = Path(__file__).resolve().parent
WORTEL = BENCH.parent
console = Console(stderr=True)


def database_url() -> str:
    """De opslag uit REGISTER_DATABASE_URL; de meting gebruikt een eigen register daarnaast
    (zie bench/opslag.py). Standaard een SQLite-bestand in bench/data/."""
    return os.environ.get("REGISTER_DATABASE_URL", "sqlite:///bench/data/register.db")


def soort_opslag(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgres"


def balk() -> Progress:
    return Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TimeRemainingColumn(), console=console)


@dataclass(frozen=True)
class Resultaat:
    naam: str
    waarde: float | None
    eenheid: str
    doel: str
    gehaald: bool | None
    toelichting: str = ""

    def als_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentiel(waarden: list[float], p: float) -> float:
    if len(waarden) < 2:
        return waarden[0] if waarden else float("nan")
    return statistics.quantiles(waarden, n=100, method="inclusive")[round(p) - 1]


# -- teksten uit de demogegevens --------------------------------------------------------------


@dataclass(frozen=True)
class Teksten:
    titels: list[str]
    soorten: list[str]
    inhouden: list[str]
    programmas: list[str]
    gebieden: list[str]
    rollen: list[str]
    namen_in_bron: list[str]
    verplichtingen: list[str]
    bedragen: list[str]
    bron_titels: list[str]
    bron_soorten: list[str]
    citaten: list[str]
    toelichtingen: list[str]
    verslagen: list[str]


def demo_teksten() -> Teksten:
    """Elke tekst die in de demogegevens voorkomt, per soort veld (gesorteerd: deterministisch)."""
    velden: dict[str, set[str]] = {k: set() for k in Teksten.__dataclass_fields__}

    def neem(veld: str, w: Any) -> None:
        if isinstance(w, str) and w.strip():
            velden[veld].add(w.strip()[:2000])

    for a in demogegevens()["afspraken"]:
        for c in a["commandos"]:
            i = c["input"]
            for veld, sleutel in (("titels", "titel"), ("soorten", "soort"),
                                  ("inhouden", "inhoud"), ("programmas", "programma"),
                                  ("toelichtingen", "toelichting"), ("verslagen", "verslag")):
                neem(veld, i.get(sleutel))
            for g in i.get("gebieden") or ():
                neem("gebieden", g)
            for p in i.get("partijen") or ():
                neem("rollen", p.get("rol"))
                neem("namen_in_bron", p.get("naamInBron"))
            for v in i.get("verplichtingen") or ():
                neem("verplichtingen", v.get("omschrijving"))
            for b in i.get("bedragen") or ():
                neem("bedragen", b.get("omschrijving"))
            for b in i.get("bronnen") or ():
                neem("bron_titels", b.get("titel"))
                neem("bron_soorten", b.get("soort"))
                neem("citaten", b.get("citaat"))
    for veld, standaard in (("gebieden", "Veluwe"), ("gebieden", "Groene Hart"),
                            ("gebieden", "Noord-Nederland"), ("bedragen", "Rijksbijdrage"),
                            ("verplichtingen", "Gebiedsprogramma vaststellen")):
        velden[veld].add(standaard)
    return Teksten(**{k: sorted(v) for k, v in velden.items()})


# -- een server in een subproces ----------------------------------------------------------------


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    proces: subprocess.Popen[bytes]
    url: str

    @property
    def pid(self) -> int:
        return self.proces.pid

    def rss_mb(self) -> float:
        """Het RSS van de server samen met zijn kindprocessen (de werkprocessen)."""
        return sum(_rss_mb(pid) for pid in _boom(self.pid))


def _boom(pid: int) -> list[int]:
    try:
        kinderen = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        kinderen = []
    return [pid, *(p for k in kinderen for p in _boom(int(k)))]


def _rss_mb(pid: int) -> float:
    try:
        regels = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0.0  # het proces is net gestopt
    return next((int(r.split()[1]) / 1024 for r in regels if r.startswith("VmRSS:")), 0.0)


@contextmanager
def server(app: str, database: str, **env: str) -> Iterator[Server]:
    """Start `uvicorn <app> --factory` op 127.0.0.1 in een eigen proces en wacht tot het
    antwoordt; stopt het daarna weer."""
    poort = vrije_poort()
    omgeving = {**os.environ, "REGISTER_DATABASE_URL": database, **env}
    omgeving["PYTHONPATH"] = os.pathsep.join(p for p in (str(WORTEL), omgeving.get(
        "PYTHONPATH", "")) if p)
    proces = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1",
         "--port", str(poort), "--no-access-log", "--log-level", "warning"],
        env=omgeving, cwd=WORTEL, stdout=subprocess.DEVNULL)
    s = Server(proces, f"http://127.0.0.1:{poort}")
    try:
        _wacht_tot_klaar(s)
        yield s
    finally:
        proces.terminate()
        try:
            proces.wait(10)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()


def _wacht_tot_klaar(s: Server, seconden: float = 600) -> None:
    eind = time.monotonic() + seconden
    while time.monotonic() < eind:
        if s.proces.poll() is not None:
            raise RuntimeError(f"server stopte met code {s.proces.returncode}")
        try:
            if httpx.get(s.url + "/gezondheid", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server antwoordde niet op tijd")


def schrijf_json(pad: Path, data: Any) -> None:
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
