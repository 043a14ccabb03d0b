"""Bestanden die het register zelf serveert (onder /statisch), zodat de pagina's ook werken op
een netwerk zonder toegang tot een publiek CDN. Herkomst en licenties: graphiql/HERKOMST.md."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

STATISCH = Path(__file__).parent
STATISCH_PAD = "/statisch"

# Wat de GraphiQL-pagina van strawberry-graphql van unpkg.com laadt, en het bestand hier.
GRAPHIQL = {
    "https://unpkg.com/react@18.2.0/umd/react.production.min.js":
        "graphiql/react.production.min.js",
    "https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js":
        "graphiql/react-dom.production.min.js",
    "https://unpkg.com/js-cookie@3.0.5/dist/js.cookie.min.js": "graphiql/js.cookie.min.js",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.css": "graphiql/graphiql.min.css",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.js": "graphiql/graphiql.min.js",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/style.css":
        "graphiql/plugin-explorer.css",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/index.umd.js":
        "graphiql/plugin-explorer.umd.js",
}


@lru_cache(maxsize=4)
def lokale_graphiql(html: str) -> str:
    """De GraphiQL-pagina met de lokale bestanden; een adres dat hier niet staat (een nieuwere
    strawberry-graphql), blijft staan, en tests/e2e/test_graphiql.py faalt dan."""
    for extern, lokaal in GRAPHIQL.items():
        html = html.replace(extern, f"{STATISCH_PAD}/{lokaal}")
    return html
