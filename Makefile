# make run: set up, load the reference data set into ./planner.db, print the status summary,
# write the HTML summaries and the calendar into $(OUT)/, and deliver the queued e-mail into mail/.
# make test: set up with the development extras and run every test.
# make test-fast: the edit loop: SQLite only, no browser, nothing marked slow, fewer generated examples.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
OUT ?= out
CONFERENCE ?= fourth-2020
# The demo's summary date: fixed, so that `make run` prints the same summary every time
# (five weeks before the conference was to open; tests/summaries/golden uses the same date).
AS_OF ?= 2020-03-01
# The six official languages of the United Nations (planner.i18n.LOCALES).
LANGUAGES := ar zh en fr ru es
PYTEST_ARGS ?=
# Test processes (pytest-xdist): each has its own SQLite templates and PostgreSQL database;
# --dist loadgroup keeps the tests of one xdist_group (the wheel build) in one process.
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --dist loadgroup
BENCH_ARGS ?=
# mutmut's parallel test runs: the machine is shared, keep it small.
MUTATION_CHILDREN ?= 2
# Which mutants (mutmut's name patterns; empty: all of them), e.g. after a change to the ledger:
# make mutation MUTANTS='planner.finance.ledger* planner.finance.money*'
MUTANTS ?=

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast lint bench serve translations mutation clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed  ## create .venv and install the project with its development extras

run: install  ## migrate ./planner.db, load the data set, print the status summary as of AS_OF, write summaries and calendar to OUT, deliver the demo's queued invitations into the Maildir
	$(BIN)/planner demo
	$(BIN)/planner calendar $(CONFERENCE) -o $(OUT)/$(CONFERENCE).ics
	@echo "conference calendar: $(OUT)/$(CONFERENCE).ics"
	$(BIN)/planner summary $(CONFERENCE) --as-of $(AS_OF)
	for lang in $(LANGUAGES); do \
		$(BIN)/planner summary $(CONFERENCE) --as-of $(AS_OF) --format html --lang $$lang -o $(OUT)/$(CONFERENCE)-summary.$$lang.html || exit 1; \
	done
	@echo "written to $(abspath $(OUT))/: the calendar $(CONFERENCE).ics and the HTML summaries $(CONFERENCE)-summary.<lang>.html for $(LANGUAGES) (as of $(AS_OF))"
	env -u PLANNER_SMTP_URL $(BIN)/planner outbox send --now
	@echo "the e-mail the planner queued (invitations, reminders) went into the Maildir named above; any mail client opens it (mutt -f DIR)"

test: install  ## run the whole test suite (PostgreSQL too when PLANNER_TEST_POSTGRES_URL is set)
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

test-fast: install  ## the edit loop: SQLite only, no browser or slow tests (make test before pushing)
	PLANNER_TEST_FAST=1 $(BIN)/pytest $(XDIST) -m "not slow and not browser" --engine sqlite $(PYTEST_ARGS)

lint: install  ## ruff, mypy (strict) on planner/, and bandit (security linter: no unexplained finding of medium severity or above)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy planner
	$(BIN)/bandit -c pyproject.toml -r planner -ll -q

serve: install  ## load the data set into ./planner.db and serve the web planner on http://127.0.0.1:8000
	$(BIN)/planner demo
	$(BIN)/planner serve

mutation: install  ## mutation testing of the money and time core (minutes; not part of test; set PLANNER_TEST_POSTGRES_URL)
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATION_CHILDREN) $(MUTANTS)
	$(BIN)/python scripts/mutation_report.py docs/mutation.md $(MUTANTS)

LOCALE_DIR := planner/locale

translations: install  ## extract messages, update the catalogs (planner/locale/*/LC_MESSAGES/planner.po), compile .mo
	$(BIN)/pybabel extract -F babel.cfg --project=planner --add-comments=Translators: -k N_plural:1,2 \
		--sort-by-file -o $(LOCALE_DIR)/planner.pot .
	$(BIN)/pybabel update -i $(LOCALE_DIR)/planner.pot -d $(LOCALE_DIR) -D planner --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile -d $(LOCALE_DIR) -D planner --statistics

bench: install  ## print benchmark figures as JSON (SQLite; add BENCH_ARGS=--postgres URL)
	$(BIN)/python benchmarks/calendar_feed.py
	$(BIN)/python benchmarks/finance_status.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/import_payments.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/web_feed.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/sign_in.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/mail.py $(BENCH_ARGS)

clean:  ## remove the virtual environment, caches and outputs
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache build dist mutants
