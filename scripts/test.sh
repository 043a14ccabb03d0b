#!/usr/bin/env bash
# Installeert alles en draait de volledige testsuite: SQLite en een echte PostgreSQL die dit
# script zelf start (en installeert als root, waar hij ontbreekt).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/uv-zeker.sh
# Bytecode in __pycache__: de tests starten honderden Python-processen, en zonder bytecode
# compileert elk daarvan alles wat het importeert opnieuw (een omgeving kan het uitzetten).
unset PYTHONDONTWRITEBYTECODE
# Werkers per deel (SQLite en PostgreSQL draaien al naast elkaar); 0: alles in één proces per deel.
werkers="${REGISTER_TEST_WERKERS:-2}"

uv sync --frozen --quiet
echo "== schema: komt schema/schema.graphql overeen met de code?"
uv run --frozen strawberry export-schema register.api.schema:schema --output /tmp/register-schema.graphql >/dev/null
if ! diff -u schema/schema.graphql /tmp/register-schema.graphql; then
  echo "schema/schema.graphql wijkt af van de code: draai 'make schema' en commit het." >&2
  exit 1
fi
echo "== lagen: wijzen de afhankelijkheden naar binnen?"
uv run --frozen lint-imports
echo "== typen: mypy --strict over src"
uv run --frozen mypy

echo "== PostgreSQL-testserver starten"
postgres_reden=""
if REGISTER_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh start); then
  export REGISTER_TEST_POSTGRES_URL
  trap 'bash scripts/postgres-test.sh stop || true' EXIT
else
  # Geen PostgreSQL (en geen root om haar te installeren): de rest van de suite draait toch,
  # maar de uitslag is 'niet compleet' en het commando faalt.
  postgres_reden="PostgreSQL kon niet starten of installeren (zie de meldingen van postgres-test hierboven); de tests op PostgreSQL en de prestatierooktest draaiden niet"
  echo "$postgres_reden." >&2
fi

echo "== Chromium voor de browsertest van de toetspagina"
if REGISTER_CHROMIUM=$(bash scripts/chromium.sh); then
  export REGISTER_CHROMIUM
  echo "$REGISTER_CHROMIUM"
fi

echo "== tests (unit, integratie, e2e): SQLite en PostgreSQL naast elkaar, elk met $werkers werkers"
# De tests op PostgreSQL (marker 'postgres') en de rest (SQLite en zonder database) delen niets
# dan de PostgreSQL-server en de demogegevens (één keer geladen, in REGISTER_TEST_GEDEELD): elk
# deel zijn eigen tijdelijke map, elke test haar eigen database. Binnen een deel verdeelt
# pytest-xdist de modules over de werkers (module-fixtures blijven één keer), de modules met
# trage tests (marker 'slow') eerst.
logs=$(mktemp -d)
export REGISTER_TEST_GEDEELD="$logs/gedeeld"
parallel=(-n "$werkers" --dist loadscope --no-loadscope-reorder)
uv run --frozen pytest -q -p no:cacheprovider "${parallel[@]}" -m "not postgres" \
  --basetemp "$logs/sqlite" "$@" > "$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
postgres_rc=0
if [ -z "$postgres_reden" ]; then
  uv run --frozen pytest -q -p no:cacheprovider "${parallel[@]}" -m postgres \
    --basetemp "$logs/postgres" "$@" > "$logs/postgres.log" 2>&1 &
  postgres_pid=$!
else
  echo "niet gedraaid: $postgres_reden" > "$logs/postgres.log"
fi
sqlite_rc=0
wait "$sqlite_pid" || sqlite_rc=$?
[ -z "$postgres_reden" ] && { wait "$postgres_pid" || postgres_rc=$?; }
echo "-- SQLite en zonder database:"; cat "$logs/sqlite.log"
echo "-- PostgreSQL:"; cat "$logs/postgres.log"
uitslag() {
  echo "== uitslag: SQLite en zonder database: $(tail -n 1 "$logs/sqlite.log")"
  echo "== uitslag: PostgreSQL:               $(tail -n 1 "$logs/postgres.log")"
}
uitslag
# 5: niets verzameld (bijv. een -k die alleen de andere soort treft) is geen fout
for rc in "$sqlite_rc" "$postgres_rc"; do
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then
    echo "De tests faalden (zie hierboven)." >&2
    exit 1
  fi
done
if [ -n "$postgres_reden" ]; then
  echo "De testsuite is niet compleet: $postgres_reden." >&2
  exit 1
fi

echo "== prestaties: rooktest (make bench SIZE=smoke op de test-PostgreSQL, in eigen databases; drukt verhoudingen af, zonder tijdsgrenzen)"
REGISTER_DATABASE_URL="$REGISTER_TEST_POSTGRES_URL" uv run --frozen python -m bench.alles --size smoke
uitslag  # de uitslag van de tests nog eens onderaan, na de tabel van de rooktest
