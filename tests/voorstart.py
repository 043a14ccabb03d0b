"""`register …` als apart proces zonder bij elke start alles opnieuw te importeren (±2 s CPU per
start): één voorstarter per testproces importeert de opdrachtregel en de app één keer en forkt
per start een kind dat `register <argumenten>` uitvoert, met zijn eigen omgeving en uitvoer.
Het kind is een echt, los proces (een SIGKILL treft alleen hem) dat begint zoals
`python -c "from register.cli import app; app()"`, maar met de modules al geladen; niets
opent bij het importeren een database of een thread (zie de stijl), dus het kind erft daarvan
niets. De voorstarter is zelf het ouderproces: hij meldt wanneer een kind stopt en met welke
code."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any


class Kind:
    """Een proces van de voorstarter, met de delen van subprocess.Popen die de tests
    gebruiken."""

    def __init__(self, voorstarter: Voorstarter, pid: int) -> None:
        self.voorstarter, self.pid = voorstarter, pid
        self.returncode: int | None = None

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:  # een gestopt kind is nog niet opgeruimd: zijn pid is vrij
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.voorstarter._vraag({"soort": "poll", "pid": self.pid})["code"]
        return self.returncode

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def wait(self, timeout: float | None = None) -> int:
        if timeout is not None:
            eind = time.monotonic() + timeout
            while self.poll() is None:
                if time.monotonic() > eind:
                    raise subprocess.TimeoutExpired(f"register (pid {self.pid})", timeout)
                time.sleep(0.02)
        if self.returncode is None:
            self.returncode = self.voorstarter._vraag({"soort": "wacht", "pid": self.pid})["code"]
        assert self.returncode is not None
        return self.returncode


class Voorstarter:
    """Start `register …`-processen vanuit een proces dat alles al geïmporteerd heeft."""

    def __init__(self) -> None:
        self._proces = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self._slot = threading.Lock()
        self._kinderen: list[Kind] = []
        assert self._lees() == {"klaar": True}

    def _lees(self) -> dict[str, Any]:
        assert self._proces.stdout is not None
        regel = self._proces.stdout.readline()
        if not regel:
            raise RuntimeError(f"de voorstarter stopte (code {self._proces.poll()})")
        return json.loads(regel)  # type: ignore[no-any-return]

    def _vraag(self, opdracht: dict[str, Any]) -> dict[str, Any]:
        assert self._proces.stdin is not None
        with self._slot:
            self._proces.stdin.write(json.dumps(opdracht) + "\n")
            self._proces.stdin.flush()
            return self._lees()

    def start(self, argumenten: list[str], omgeving: dict[str, str],
              uitvoer: Path = Path(os.devnull), map_: Path | None = None) -> Kind:
        """`register <argumenten>` met precies deze omgeving, in de map `map_` (anders die
        van de voorstarter); stdout en stderr aan het eind van het bestand `uitvoer`."""
        pid = self._vraag({"soort": "start", "argumenten": argumenten, "omgeving": omgeving,
                           "uitvoer": str(uitvoer), "map": str(map_) if map_ else None})["pid"]
        kind = Kind(self, pid)
        self._kinderen.append(kind)
        return kind

    def sluit(self) -> None:
        for kind in self._kinderen:
            kind.kill()
            kind.wait()
        assert self._proces.stdin is not None
        self._proces.stdin.close()
        self._proces.wait(10)


def _kind(opdracht: dict[str, Any], protocol: list[IO[str]]) -> None:
    """In het kind: de uitvoer naar het bestand, de omgeving van de test, en dan de
    opdrachtregel; het kind komt hier nooit uit terug."""
    import random

    code = 1
    try:
        for f in protocol:
            f.close()
        leeg = os.open(os.devnull, os.O_RDONLY)
        os.dup2(leeg, 0)
        uit = os.open(opdracht["uitvoer"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(uit, 1)
        os.dup2(uit, 2)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115 - leeft zo lang als het kind
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        if opdracht["map"]:
            os.chdir(opdracht["map"])
        os.environ.clear()
        os.environ.update(opdracht["omgeving"])
        random.seed()  # niet de toestand van de voorstarter, gedeeld met elk ander kind
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.argv = ["register", *opdracht["argumenten"]]
        from register.cli import app

        try:
            app()
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        for f in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # het kind stopt hoe dan ook
                f.flush()
        os._exit(code)


def _code(status: int) -> int:
    return os.waitstatus_to_exitcode(status)


def _voorstarter() -> None:
    """De lus van de voorstarter: één opdracht per regel op stdin, één antwoord per regel."""
    # wat `register serve` en de andere opdrachten nodig hebben, vooraf
    import register.api.app
    import register.cli  # noqa: F401

    uit = sys.stdout
    print(json.dumps({"klaar": True}), file=uit, flush=True)
    for regel in sys.stdin:
        opdracht = json.loads(regel)
        if opdracht["soort"] == "start":
            uit.flush()
            pid = os.fork()
            if pid == 0:
                _kind(opdracht, [sys.stdin, uit])
            antwoord: dict[str, Any] = {"pid": pid}
        elif opdracht["soort"] == "poll":
            klaar, status = os.waitpid(opdracht["pid"], os.WNOHANG)
            antwoord = {"code": _code(status) if klaar else None}
        else:
            antwoord = {"code": _code(os.waitpid(opdracht["pid"], 0)[1])}
        print(json.dumps(antwoord), file=uit, flush=True)


_gedeeld: Voorstarter | None = None


def voorstarter() -> Voorstarter:
    """De voorstarter van dit testproces (bij de eerste vraag gestart, bij het einde gestopt)."""
    global _gedeeld
    if _gedeeld is None:
        _gedeeld = Voorstarter()
        atexit.register(_gedeeld.sluit)
    return _gedeeld


if __name__ == "__main__":
    _voorstarter()
