# Abonent: two commands on a fresh machine.
#   make demo   set up, load demo data and serve on http://127.0.0.1:8000 (SQLite, no servers)
#   make test   install test dependencies, run ruff, mypy (billing core) and the whole suite (SQLite, then PostgreSQL)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_ACCOUNTS ?= 1500
DEMO_SEED ?= 1
HOST ?= 127.0.0.1:8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/abonent
PYTEST_ARGS ?=

.PHONY: demo test install install-test lint test-sqlite test-postgres bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/abonent migrate --no-input
	$(BIN)/abonent demo --accounts $(DEMO_ACCOUNTS) --seed $(DEMO_SEED) --url http://$(HOST)
	$(BIN)/abonent runserver $(HOST) --noreload

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy --strict --follow-imports=silent abonent/billing/rating abonent/payments/statements \
		abonent/payments/penalties abonent/payments/allocation abonent/payments/matching.py
	$(BIN)/abonent makemigrations --check --dry-run

test: lint test-sqlite test-postgres

test-sqlite: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install-test
	DATABASE_URL=$(TEST_DATABASE_URL) ABONENT_TEST_DB=postgres $(BIN)/pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python bench/search.py --size 20000 --db sqlite
	$(BIN)/python bench/billing.py --size 2000 --db sqlite

messages: install-test
	$(BIN)/abonent i18n --check

clean:
	rm -rf $(VENV) var test-artifacts
