"""E2E: de echte app via HTTP op een echte database, met een ingespoten klok."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from register.api.app import maak_app
from register.systeem.instellingen import Instellingen
from register.systeem.samenstel import Systeem
from tests.hulp import BEHEER, M_BZK, P_GELDERLAND, P_UTRECHT


def _client(systeem: Systeem, database_url: str) -> Iterator[TestClient]:
    app = maak_app(Instellingen(database_url=database_url), systeem)
    with TestClient(app) as c:
        c.app_state = app.state  # type: ignore[attr-defined]
        yield c


@pytest.fixture
def client(systeem: Systeem, database_url: str) -> Iterator[TestClient]:
    yield from _client(systeem, database_url)


@pytest.fixture
def beheerder(client: TestClient) -> str:
    return client.app_state.tokens.aanmaken(BEHEER, beheerder=True)  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def token_bzk(client: TestClient) -> str:
    return client.app_state.tokens.aanmaken(M_BZK)  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def token_gelderland(client: TestClient) -> str:
    return client.app_state.tokens.aanmaken(P_GELDERLAND)  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def token_utrecht(client: TestClient) -> str:
    return client.app_state.tokens.aanmaken(P_UTRECHT)  # type: ignore[attr-defined,no-any-return]


MaakClient = Callable[..., TestClient]


@pytest.fixture
def maak_client(systeem: Systeem, database_url: str) -> Iterator[MaakClient]:
    """Een client op de echte app met eigen instellingen (de grenzen zijn instelbaar)."""
    clients: list[TestClient] = []

    def maak(raise_server_exceptions: bool = True, **instellingen: Any) -> TestClient:
        app = maak_app(Instellingen(database_url=database_url, **instellingen), systeem)
        c = TestClient(app, raise_server_exceptions=raise_server_exceptions)
        c.__enter__()
        c.app_state = app.state  # type: ignore[attr-defined]
        clients.append(c)
        return c

    yield maak
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def demo_client(demo_systeem: Systeem, demo_database: str) -> Iterator[TestClient]:
    """De app op de gedeelde demodatabase (alleen lezen)."""
    yield from _client(demo_systeem, demo_database)
