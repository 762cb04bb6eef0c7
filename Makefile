# flowql developer tasks. Every target installs what is missing first, so
# `make run` and `make test` work on a fresh machine with only Python 3.11+.
#
# Installation is a chain of stamp files: each step re-runs only when its
# inputs changed. To add a step, write a rule for its stamp and append the
# stamp to INSTALL_STEPS. The UI (ui/, Node.js 20+) has two: `npm ci` when
# ui/package-lock.json changed and the build (ui/dist) when its sources did.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
BIN := $(VENV)/bin
# The stamp lives inside the venv: deleting .venv also forgets the install.
PY_STAMP := $(VENV)/.flowql-installed
# -qq: errors only (pip's warnings, such as one per package about an unused index, stay quiet).
PIP := $(BIN)/python -m pip -qq
# Python to build the venv with; default: python3.11, else python3 if it is 3.11+.
PYTHON ?=
# Port of `make run` (the server reads FLOWQL_SERVER_PORT too).
PORT ?= $(or $(FLOWQL_SERVER_PORT),4200)
# Extra pytest arguments: make test ARGS='-k states -x'
ARGS ?=

INSTALL_STEPS := $(PY_STAMP)

# The UI: `npm ci` re-runs when the lockfile changed (or node_modules is gone),
# the build when a source, the schema or the installed packages changed.
UI_NPM_STAMP := .make/ui-npm-ci
UI_BUILD := ui/dist/index.html
UI_SOURCES := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/graphiql.html \
	ui/vite.config.ts ui/codegen.ts ui/tsconfig.json ui/package.json schema.graphql
NPM := npm --prefix ui --no-audit --no-fund --loglevel=error

.PHONY: help install ui run test test-slow lint format schema bench clean distclean browser

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

install: $(INSTALL_STEPS) ## Create .venv and install flowql with its dev tools (when missing or stale)

$(BIN)/python:
	@py="$(PYTHON)"; \
	if [ -z "$$py" ]; then py=$$(command -v python3.11 || true); fi; \
	if [ -z "$$py" ] && command -v python3 >/dev/null \
		&& python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
		py=$$(command -v python3); \
	fi; \
	if [ -z "$$py" ]; then echo "flowql needs Python 3.11 or newer (python3.11 or python3)." >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$py ($$("$$py" --version 2>&1))"; \
	"$$py" -m venv $(VENV) || { \
		rm -rf $(VENV); \
		echo "Could not create a venv; on Debian: apt-get install python3-venv" >&2; exit 1; }

# Re-run only when pyproject.toml changes (or the venv is new). pip's own
# version is checked first: editable installs from pyproject need pip 21.3+.
$(PY_STAMP): pyproject.toml | $(BIN)/python
	@$(BIN)/python -c 'import pip, sys; sys.exit(tuple(map(int, pip.__version__.split(".")[:2])) < (21, 3))' \
		|| $(PIP) install --upgrade pip
	@echo "Installing flowql and its dev tools into $(VENV)"
	@$(PIP) install --editable '.[dev]'
	@touch $@

$(UI_NPM_STAMP): ui/package-lock.json $(if $(wildcard ui/node_modules),,FORCE)
	@command -v npm >/dev/null || { echo "The UI needs Node.js 20+ with npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	@echo "Installing the UI's npm packages (npm ci)"
	@$(NPM) ci
	@mkdir -p $(@D) && touch $@

$(UI_BUILD): $(UI_NPM_STAMP) $(UI_SOURCES)
	@echo "Building the UI into ui/dist (codegen, typecheck, vite build)"
	@$(NPM) run --silent build >.make/ui-build.log 2>&1 || { cat .make/ui-build.log >&2; exit 1; }
	@touch $@

.PHONY: FORCE
FORCE:

ui: $(UI_BUILD) ## Build the web UI into ui/dist (npm ci first when the lockfile changed)

# Debian's chromium for the browser tests (tests/ui); they skip, saying why, without it.
browser:
	@command -v chromium >/dev/null && exit 0; \
	as_root=""; if [ "$$(id -u)" != 0 ]; then as_root="sudo -n"; fi; \
	if command -v apt-get >/dev/null && { [ -z "$$as_root" ] || sudo -n true 2>/dev/null; }; then \
		echo "Installing Debian's chromium for the browser tests"; \
		$$as_root apt-get install -y -qq chromium >/dev/null 2>&1 \
		|| { $$as_root apt-get update -qq >/dev/null 2>&1 && $$as_root apt-get install -y -qq chromium >/dev/null 2>&1; } \
		|| echo "Could not install chromium (apt-get failed): browser tests will be skipped"; \
	else echo "chromium is missing and apt-get needs root: browser tests will be skipped"; fi

# Starts the server in the background, waits until it is healthy, runs the
# example flow against it (remote mode), then keeps serving until Ctrl-C.
run: install $(UI_BUILD) ## Start the server and UI on 127.0.0.1:4200 (SQLite under FLOWQL_HOME) and run an example flow
	@$(BIN)/flowql server start --port $(PORT) & server=$$!; \
	trap 'kill $$server 2>/dev/null; wait $$server 2>/dev/null' INT TERM EXIT; \
	for _ in $$(seq 100); do \
		$(BIN)/python -c 'import urllib.request as u; u.urlopen("http://127.0.0.1:$(PORT)/health", timeout=1)' 2>/dev/null && break; \
		kill -0 $$server 2>/dev/null || exit 1; sleep 0.1; done; \
	FLOWQL_API_URL=http://127.0.0.1:$(PORT)/graphql $(BIN)/python examples/hello_flow.py; \
	echo "Server and UI on http://127.0.0.1:$(PORT), GraphiQL at /graphiql (Ctrl-C to stop)"; \
	wait $$server

# UI checks first (the build typechecks and validates every operation against
# schema.graphql), pytest last: CI reads pytest's closing line.
test: install $(UI_BUILD) browser ## Run the UI checks and the test suite (PostgreSQL/Redis tests need FLOWQL_TEST_*_URL)
	@$(NPM) run --silent test -- --reporter=dot
	$(BIN)/pytest -q $(ARGS)

test-slow: install ## Run the slow soak and load tests only
	$(BIN)/pytest -q -m slow $(ARGS)

lint: install ## ruff check, ruff format --check, mypy --strict
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy

format: install ## Fix imports and lint autofixes, then format with ruff
	$(BIN)/ruff check --fix
	$(BIN)/ruff format

schema: install ## Write schema.graphql (commit it; a test fails when it drifts)
	$(BIN)/flowql export-schema

bench: install ## Print API, SDK and live benchmark numbers (benchmarks/api.py, sdk.py, live.py)
	$(BIN)/python benchmarks/api.py
	$(BIN)/python benchmarks/sdk.py
	$(BIN)/python benchmarks/live.py

clean: ## Remove caches and build output (keeps .venv)
	rm -rf .make .mypy_cache .ruff_cache .pytest_cache build dist src/*.egg-info ui/dist
	find src tests -type d -name __pycache__ -prune -exec rm -rf {} +

distclean: clean ## Also remove .venv and ui/node_modules
	rm -rf $(VENV) ui/node_modules
