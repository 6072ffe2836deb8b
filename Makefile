# The two quick-start commands: `make chat` (talk to the assistant in this terminal)
# and `make test` (lint and the whole test suite). Each installs what it needs in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: chat run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The sample registry of collectivités is loaded once, so that activation can be tried
# (its codes: samples/collectivites.csv, e.g. COM69123).
chat: $(STAMP)
	@$(BIN)/livret admin collectivites import --if-empty samples/collectivites.csv >/dev/null
	$(BIN)/livret chat

run: $(STAMP)
	$(BIN)/livret run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/turns.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
