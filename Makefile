# Comeback — one-command demo and tests. Needs Python ≥ 3.11 and make.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 3
# A task worker per queue (core/queues.py), so a slow webhook receiver never delays a price.
TASK_QUEUES := outbox webhooks emails reports
export COMEBACK_HOME := $(CURDIR)
# Mails and tasks without SITE_URL link to the address the demo serves (comeback.core.site).
export HOST PORT

.PHONY: demo test layers bench fleet fleet-test install dev migrate seed serve lint format clean help

help:
	@echo "make demo   install, migrate SQLite, seed the demo and serve on http://$(HOST):$(PORT)"
	@echo "make test   install dev dependencies and run every test"
	@echo "make bench  benchmark pages, trade-in quotes, insights and checkout (docs/performance.md)"
	@echo "make fleet  two app nodes, workers and schedulers behind HAProxy on PgBouncer, a replica and Redis"
	@echo "make fleet-test  the fleet under load while its processes are killed; figures into docs/deploy.md"

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
	@echo "Serving Comeback on http://$(HOST):$(PORT)  (Ctrl-C to stop; logs: var/worker-<queue>.log, var/scheduler.log)"
	@trap 'kill 0' INT TERM EXIT; \
	  for queue in $(TASK_QUEUES); do \
	    $(BIN)/comeback worker --queue $$queue > var/worker-$$queue.log 2>&1 & \
	  done; \
	  $(BIN)/comeback scheduler > var/scheduler.log 2>&1 & \
	  BIND=$(HOST):$(PORT) WEB_WORKERS=$(WORKERS) WEB_WORKER_CLASS=sync WEB_REUSE_PORT=0 LOG_FORMAT=text \
	    $(BIN)/gunicorn -c gunicorn.conf.py comeback.wsgi:application

test: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

# INSIGHTS_ARGS="--tenfold": the dashboard at ten times the sales (PostgreSQL); CHECKOUT_ARGS="--with-reads 16":
# checkout also under the mixed load's reads (docs/performance.md, "Operator insights" and "Checkout").
INSIGHTS_ARGS ?= --lines 30000 --sellers 100
CHECKOUT_ARGS ?=

bench: dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/tradein_quotes.py --markdown
	$(BIN)/python bench/insights.py $(INSIGHTS_ARGS) --markdown
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then $(BIN)/python bench/checkout.py $(CHECKOUT_ARGS); \
	 else echo "checkout benchmark skipped: PostgreSQL is not running on 127.0.0.1:5432"; fi

# The fleet on this machine (docs/deploy.md "The fleet on one machine"): PostgreSQL's server binaries, PgBouncer,
# HAProxy and Redis from Debian's packages. Not part of `make test`: it takes several minutes.
fleet: dev
	$(BIN)/python bench/fleet.py up

fleet-test: dev
	$(BIN)/python bench/fleet.py test --markdown

lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

# The apps' import graph, edge by edge (docs/design.md §3 "Layers").
layers: dev
	$(BIN)/lint-imports
	$(BIN)/python bench/app_imports.py

format: dev
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
