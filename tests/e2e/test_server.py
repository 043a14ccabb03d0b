"""De server zelf (`register serve`) tegen trage en halfopen verbindingen: een kop binnen de
tijd, een lichaam binnen de tijd, en een grens aan verbindingen per client. Eerder hielden
20.000 halfopen verbindingen van één client elk verzoek ±40 s op."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.voorstart import voorstarter

PER_CLIENT = 20


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _antwoordt(poort: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{poort}/gezondheid").status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def register_serve(map_: Path, **omgeving: str) -> Iterator[int]:
    """Een echte `register serve` (met deze omgevingsvariabelen) tot het einde van het blok;
    geeft zijn poort zodra hij antwoordt."""
    poort = _vrije_poort()
    # een eigen proces, met de modules al geladen (tests/voorstart.py)
    proces = voorstarter().start(["serve", "--port", str(poort)], {**os.environ, **omgeving},
                                 map_=map_)
    try:
        eind = time.monotonic() + 60
        while not _antwoordt(poort):
            assert proces.poll() is None and time.monotonic() < eind, "server startte niet"
            time.sleep(0.2)
        yield poort
    finally:
        proces.terminate()
        proces.wait(10)


@contextmanager
def _server(map_: Path, kop_seconden: float) -> Iterator[tuple[str, int]]:
    with register_serve(Path(__file__).parent,
                        REGISTER_DATABASE_URL=f"sqlite:///{map_ / 'register.db'}",
                        REGISTER_KOP_SECONDEN=str(kop_seconden), REGISTER_LICHAAM_SECONDEN="1",
                        REGISTER_MAX_VERBINDINGEN_PER_CLIENT=str(PER_CLIENT)) as poort:
        yield "127.0.0.1", poort


@pytest.fixture(scope="module")
def adres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with _server(tmp_path_factory.mktemp("server"), kop_seconden=1) as a:
        yield a


def _open(adres: tuple[str, int], n: int) -> list[socket.socket]:
    uit = []
    for _ in range(n):
        s = socket.create_connection(adres)
        s.settimeout(10)
        uit.append(s)
    return uit


def _gesloten(s: socket.socket) -> bool:
    """Of de server de verbinding sloot (en niet: de client gaf het op na 10 s)."""
    try:
        return s.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def _open_gebleven(s: socket.socket) -> bool:
    s.settimeout(0.5)
    try:
        return s.recv(1024) != b""
    except TimeoutError:
        return True


def _vraag(adres: tuple[str, int]) -> int:
    r = httpx.post(f"http://{adres[0]}:{adres[1]}/graphql", json={"query": "{ __typename }"},
                   timeout=10)
    return r.status_code


def test_een_verbinding_zonder_verzoek_wordt_na_de_koptijd_gesloten(
        adres: tuple[str, int]) -> None:
    socks = _open(adres, 5)
    try:
        assert all(_gesloten(s) for s in socks)
    finally:
        for s in socks:
            s.close()


def test_een_halve_kop_wordt_na_de_koptijd_gesloten(adres: tuple[str, int]) -> None:
    with socket.create_connection(adres) as s:
        s.settimeout(10)
        s.sendall(b"POST /graphql HTTP/1.1\r\nHost: register\r\n")
        assert s.recv(1024) == b""


def test_een_traag_lichaam_krijgt_408(adres: tuple[str, int]) -> None:
    with socket.create_connection(adres) as s:
        s.settimeout(10)
        s.sendall(b"POST /graphql HTTP/1.1\r\nHost: register\r\nContent-Type: application/json"
                  b"\r\nContent-Length: 100\r\n\r\n{\"query\":")
        assert s.recv(1024).startswith(b"HTTP/1.1 408")


@pytest.mark.slow
def test_een_client_met_te_veel_verbindingen_houdt_anderen_niet_op(tmp_path: Path) -> None:
    """Boven het maximum per client sluit de server een nieuwe verbinding meteen (de koptijd is
    hier 30 s: de eerdere blijven open); zijn er weer minder, dan krijgt de client antwoord."""
    with _server(tmp_path, kop_seconden=30) as adres:
        socks = _open(adres, PER_CLIENT)
        try:
            with socket.create_connection(adres) as teveel:
                teveel.settimeout(10)
                assert teveel.recv(1024) == b""
            assert all(_open_gebleven(s) for s in socks)
        finally:
            for s in socks:
                s.close()
        time.sleep(0.2)  # de server ziet de gesloten verbindingen
        assert _vraag(adres) == 200
