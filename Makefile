# Comeback — one-command demo and tests. Needs Python ≥ 3.11 and make.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 3
export COMEBACK_HOME := $(CURDIR)

.PHONY: demo test bench install dev migrate seed serve lint format clean help

help:
	@echo "make demo   install, migrate SQLite, seed the demo and serve on http://$(HOST):$(PORT)"
	@echo "make test   install dev dependencies and run every test"
	@echo "make bench  benchmark pages, trade-in quotes, insights and checkout (docs/performance.md)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

migrate: install
	$(BIN)/comeback migrate --noinput

seed: migrate
	$(BIN)/comeback seed-demo

demo: export COMEBACK_DEMO = 1
demo: seed
	$(BIN)/comeback collectstatic --noinput --verbosity 0
	@$(BIN)/comeback demo-logins
	@echo "Serving Comeback on http://$(HOST):$(PORT)  (Ctrl-C to stop; background worker log: var/worker.log)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/comeback db_worker --queue-name '*' --no-reload > var/worker.log 2>&1 & \
	  $(BIN)/gunicorn comeback.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
	    --access-logfile - --log-level warning

test: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest $(PYTEST_ARGS)

bench: dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/tradein_quotes.py --markdown
	$(BIN)/python bench/insights.py --lines 30000 --sellers 100 --markdown
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then $(BIN)/python bench/checkout.py; \
	 else echo "checkout benchmark skipped: PostgreSQL is not running on 127.0.0.1:5432"; fi

lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: dev
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
