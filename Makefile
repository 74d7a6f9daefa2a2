# Convenio — the two commands are `make run` and `make test`; both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Two workers by default (the suite's databases are per worker); override with PYTEST_ARGS=.
PYTEST_ARGS ?= -n 2

.PHONY: install dev run test check bench fmt clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

## install: create .venv with the package and its `convenio` command
install: $(VENV)/.installed

## run: migrate the SQLite database, load the demo and serve http://127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/convenio demo run

## test: the whole suite (SQLite always; PostgreSQL when reachable, mandatory with CI=true)
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## check: ruff, mypy --strict on src/, import-linter contracts
check: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src
	$(BIN)/mypy
	$(BIN)/lint-imports

## bench: the benchmarks of bench/ (figures and ratios go to docs/performance.md)
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.run_all

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

## vendor: copy the pinned front-end libraries of package-lock.json into web/static/vendor/
vendor:
	npm ci --ignore-scripts --no-audit --no-fund
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/chart.js/dist/chart.umd.min.js src/convenio/web/static/vendor/
