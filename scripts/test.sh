#!/usr/bin/env bash
# Installeert alles en draait de volledige testsuite: SQLite en een echte PostgreSQL die dit
# script zelf start (en installeert als root, waar hij ontbreekt).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/uv-zeker.sh

uv sync --frozen --quiet
echo "== schema: komt schema/schema.graphql overeen met de code?"
uv run --frozen strawberry export-schema register.api.schema:schema --output /tmp/register-schema.graphql >/dev/null
if ! diff -u schema/schema.graphql /tmp/register-schema.graphql; then
  echo "schema/schema.graphql wijkt af van de code: draai 'make schema' en commit het." >&2
  exit 1
fi
echo "== lagen: wijzen de afhankelijkheden naar binnen?"
uv run --frozen lint-imports

echo "== PostgreSQL-testserver starten"
if ! REGISTER_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh start); then
  echo "PostgreSQL kon niet starten; de tests op PostgreSQL kunnen niet draaien (zie hierboven)." >&2
  exit 1
fi
export REGISTER_TEST_POSTGRES_URL
trap 'bash scripts/postgres-test.sh stop || true' EXIT

echo "== tests (unit, integratie, e2e) op SQLite en PostgreSQL"
export REGISTER_VIJANDIG_AANTAL="${REGISTER_VIJANDIG_AANTAL:-40}"  # de grote run: scripts/vijandig.sh
uv run --frozen pytest -q -p no:cacheprovider "$@"

echo "== prestaties: rooktest (make bench SIZE=smoke op de test-PostgreSQL, in eigen databases; drukt verhoudingen af, zonder tijdsgrenzen)"
REGISTER_DATABASE_URL="$REGISTER_TEST_POSTGRES_URL" uv run --frozen python -m bench.alles --size smoke
