# The two commands: `make report` builds the seed publication into out/,
# `make test` runs the whole suite. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: report test venv test-deps clean

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
# workbook): installed from Debian when missing and we are root (CI is).
test-deps:
	@bash .ci/system-packages

test: $(VENV)/.test-installed test-deps
	$(BIN)/python -m pytest -q

clean:
	rm -rf out .pytest_cache
