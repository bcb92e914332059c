# Keywork: `make run` to try it, `make test` to check it. Needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_QUIET := --quiet --disable-pip-version-check

.PHONY: install run test lint format clean bench load

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/pip install $(PIP_QUIET) -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## Run the web app, a Celery worker and beat on SQLite and the embedded broker.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	DEBUG=true bash scripts/run-dev.sh

## Lint, migration and deploy checks, then the whole test suite.
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

## Benchmark at programme scale on PostgreSQL (not part of `make test`).
BENCH_SERVER ?= postgres://postgres@127.0.0.1:5432
BENCH_DB ?= keywork_bench
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	psql "$(BENCH_SERVER)/postgres" -qc "DROP DATABASE IF EXISTS $(BENCH_DB)"
	psql "$(BENCH_SERVER)/postgres" -qc "CREATE DATABASE $(BENCH_DB)"
	DATABASE_URL=$(BENCH_SERVER)/$(BENCH_DB) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(BENCH_SERVER)/$(BENCH_DB) $(BIN)/python bench/seed.py
	DATABASE_URL=$(BENCH_SERVER)/$(BENCH_DB) $(BIN)/python bench/breakdown.py
	DATABASE_URL=$(BENCH_SERVER)/$(BENCH_DB) $(BIN)/python bench/measure.py

## 50 simulated keyworkers log contacts for 60 s against gunicorn on PostgreSQL.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/keywork_load
load: install
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python bench/load.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
