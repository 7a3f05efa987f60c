# Find school-to-school support. `make help` lists the targets; the README's two commands are the first two.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= 1
MANAGE := $(BIN)/python manage.py

.PHONY: help run test setup data lint format migrations-check check-pg serve bench soak fuzz fuzz

run: setup data ## Install everything, load reference and demo data, serve the site on http://127.0.0.1:8000
	$(MANAGE) runserver $(HOST):$(PORT)

test: setup ## Run the whole test suite: lint, migrations check and pytest (DATABASE_URL picks PostgreSQL)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run --settings=support_directory.settings.test
	$(BIN)/pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed static/vendor/.built ## Virtualenv, Python and npm packages, GOV.UK Frontend build

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.built: node_modules/.installed $(wildcard scripts/build_frontend.*)
	npm run --silent build
	touch $@

data: setup ## Migrate and load reference data, postcodes and demo data (idempotent; quick on re-run)
	mkdir -p var
	$(MANAGE) migrate --no-input
	$(MANAGE) load_reference_data
	$(MANAGE) load_postcodes
	$(MANAGE) load_demo_data --scale $(SCALE)

lint: setup ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: setup ## Fail if a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

serve: setup ## Serve with gunicorn and production settings (needs DJANGO_SECRET_KEY; DATABASE_URL for PostgreSQL)
	DJANGO_SETTINGS_MODULE=support_directory.settings.production $(MANAGE) collectstatic --no-input -v0
	DJANGO_SETTINGS_MODULE=support_directory.settings.production $(MANAGE) createcachetable
	DJANGO_SETTINGS_MODULE=support_directory.settings.production $(BIN)/gunicorn support_directory.wsgi \
		--bind $(HOST):$(PORT) --workers 2 --access-logfile -

bench: setup ## Benchmark the directory under load on PostgreSQL (SCALE=10 also compares with 10× the data)
	$(BIN)/python bench/run.py --scale $(SCALE)

fuzz: setup ## The fuzzing tests at length: thousands of generated queries and form posts per test, new each run
	HYPOTHESIS_MAX_EXAMPLES=5000 HYPOTHESIS_DERANDOMIZE=0 $(BIN)/pytest tests/security/test_fuzz_public.py \
		tests/security/test_fuzz_portal.py $(PYTEST_ARGS)

soak: setup ## Bounded load test on loopback: the URL mix for MINUTES=3, zero errors, flat memory (DATABASE_URL: its server)
	$(BIN)/python bench/soak.py --minutes $(or $(MINUTES),3)

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'
