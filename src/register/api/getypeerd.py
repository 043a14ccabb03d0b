"""`strawberry.field` en `strawberry.mutation` met argumenten, getypeerd: `@strawberry.field(
description=…)` is voor mypy `Any` (strawberry-graphql issue 1929) en maakt zo de resolver
eronder ongetypeerd. `@getypeerd.field(description=…)` doet hetzelfde, met een type."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from strawberry.types.field import StrawberryField

Resolver = Callable[..., object]


def field(*, description: str) -> Callable[[Resolver], StrawberryField]:
    """`@strawberry.field(description=…)`."""
    def maak(resolver: Resolver) -> StrawberryField:
        return strawberry.field(resolver, description=description)

    return maak


def mutation(*, description: str) -> Callable[[Resolver], StrawberryField]:
    """`@strawberry.mutation(description=…)`."""
    def maak(resolver: Resolver) -> StrawberryField:
        return strawberry.mutation(resolver, description=description)

    return maak
