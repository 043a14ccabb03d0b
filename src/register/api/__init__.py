"""De GraphQL-API (Strawberry op FastAPI): vertaalt, de applicatie beslist."""
