# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint venv dev-venv sysdeps clean

# Debian packages outside PyPI: HarfBuzz's subsetter for WeasyPrint's PDFs, and
# poppler-utils (pdftoppm) so the tests can turn a report into a picture, and chromium
# for the workbench's browser tests (driven by Playwright's Python package; never
# `playwright install`). Installed when missing and we are root with apt-get;
# otherwise the tests that need them say so.
SYSDEPS := libharfbuzz-subset0 poppler-utils chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[web]"
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

sysdeps:
	@missing=""; for p in $(SYSDEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing"; apt-get update -qq && apt-get install -y -qq$$missing >/dev/null; \
	  else echo "note: missing Debian packages:$$missing (PDF reports / their tests need them)"; fi; \
	fi

## make demo: set up (with the workbench), generate a synthetic force and run the pipeline on it with embedded storage
demo: sysdeps $(VENV)/.installed
	$(BIN)/boundline demo

## make lint: ruff, mypy --strict and the import-layer contracts
lint: sysdeps $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

## make test: set up with the dev extras, lint, and run the whole test suite on two workers
## (pytest-xdist; a test file stays on one worker, so its module fixtures are built once)
test: lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

clean:
	rm -rf $(VENV) boundline-store boundline-demo .pytest_cache .mypy_cache .ruff_cache
