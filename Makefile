.PHONY: demo test schema lint typen herbouw bench

demo:      ## register starten met demogegevens (SQLite), GraphiQL op :8000/graphql
	bash scripts/demo.sh

test:      ## alles installeren en de volledige testsuite draaien (SQLite + PostgreSQL)
	bash scripts/test.sh

schema:    ## schema/schema.graphql opnieuw uit de code schrijven
	uv run strawberry export-schema register.api.schema:schema --output schema/schema.graphql

lint:      ## ruff, de lagencontrole en de typen
	uv run ruff check src tests
	uv run lint-imports
	uv run mypy

typen:     ## mypy --strict over src (de instellingen staan in pyproject.toml)
	uv run mypy

herbouw:   ## leesmodellen opnieuw opbouwen uit de gebeurtenissen
	uv run register herbouw

SIZE ?= 10k
bench:     ## prestatiemetingen: SIZE=smoke|10k|100k|1m, opslag via REGISTER_DATABASE_URL
	uv run python -m bench.alles --size $(SIZE)
