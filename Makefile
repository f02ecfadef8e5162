# make run: set up, load the reference data set into ./planner.db and print the overview.
# make test: set up with the development extras and run every test.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
OUT ?= out
CONFERENCE ?= fourth-2020
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run test lint bench serve clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed  ## create .venv and install the project with its development extras

run: install  ## migrate ./planner.db, load the data set, print the conference overview
	$(BIN)/planner demo
	$(BIN)/planner calendar $(CONFERENCE) -o $(OUT)/$(CONFERENCE).ics
	@echo "conference calendar: $(OUT)/$(CONFERENCE).ics"
	$(BIN)/planner conference show $(CONFERENCE)

test: install  ## run the whole test suite (PostgreSQL too when PLANNER_TEST_POSTGRES_URL is set)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install  ## ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install  ## benchmarks (JSON figures)
	$(BIN)/python benchmarks/calendar_feed.py

clean:  ## remove the virtual environment, caches and outputs
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache build dist
