#!/usr/bin/env bash
# Installeert het register en start het op een SQLite-bestand met de demogegevens;
# GraphiQL staat daarna op http://127.0.0.1:8000/graphql.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/uv-zeker.sh
uv sync --frozen --quiet
exec uv run --frozen register serve --demo "$@"
