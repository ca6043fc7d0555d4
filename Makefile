# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint venv dev-venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

## make demo: set up, generate a synthetic force and run the pipeline on it with embedded storage
demo: $(VENV)/.installed
	$(BIN)/boundline demo

## make lint: ruff, mypy --strict and the import-layer contracts
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

## make test: set up with the dev extras, lint, and run the whole test suite
test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) boundline-store boundline-demo .pytest_cache .mypy_cache .ruff_cache
