# The two commands: `make report` builds the seed publication into out/,
# `make test` runs the whole suite. Both set up .venv themselves.
# The whole suite runs on Python 3.11 (the wheel is also tried on 3.12 and 3.13).
PYTHON ?= $(shell command -v python3.11 || echo python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: report test venv test-deps wheel-smoke clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed

report: $(VENV)/.installed
	$(BIN)/reportgen build seeds -o out

# System tools the tests drive (poppler for PDF pages, LibreOffice for the
# workbook, Chromium and npm's axe-core for the HTML page): installed from Debian
# (and npm, into .ci/node/) when missing and we are root (CI is).
test-deps:
	@bash .ci/system-packages
	@bash .ci/axe-core

# The whole suite on this Python, then the wheel installed into clean environments
# of every supported Python (3.11-3.13) building the seed from another folder.
test: $(VENV)/.test-installed test-deps
	$(BIN)/ruff check --select SLF001 reportgen
	$(BIN)/python -m pytest -q
	bash .ci/wheel-smoke

wheel-smoke:
	bash .ci/wheel-smoke

clean:
	rm -rf out .pytest_cache
