# The two commands of the README. Everything else they need, they install.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/policycredit
HOST ?= 127.0.0.1:8000
# The suite on both cores: a file's tests stay on one worker (module fixtures, such as the round
# trip's full demo district, are built once), the files handed out in collection order, where
# conftest.py puts the slowest first (SLOWEST_FIRST), not xdist's order by number of tests.
PYTEST_PARALLEL ?= -n 2 --dist loadfile --no-loadscope-reorder
# The slowest tests of each run, printed so the suite's 15 minutes can be watched and kept.
PYTEST_DURATIONS ?= --durations=15

.PHONY: run test test-sqlite test-postgres lint venv demo messages clean debian

PIP := $(BIN)/pip install --quiet --disable-pip-version-check --no-compile

venv: $(VENV)/.installed

# What serving needs first, then the test tools: `make run` waits only for the first. Modules
# are compiled as they are first imported, not all of every package at install time.
$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

$(VENV)/.installed: $(VENV)/.runtime
	$(PIP) -e '.[test]'
	touch $@

run: $(VENV)/.runtime
	POLICYCREDIT_MODE=demo $(BIN)/policycredit migrate --noinput
	POLICYCREDIT_MODE=demo $(BIN)/policycredit demo --if-empty
	POLICYCREDIT_MODE=demo $(BIN)/policycredit runserver $(HOST)

test: venv debian lint test-sqlite test-postgres

# The browser, PDF and translation tools from Debian, when this machine can install them.
debian:
	@bash .ci/debian-packages

lint: venv
	$(BIN)/ruff check policycredit tests
	$(BIN)/lint-imports --no-cache

test-sqlite: venv
	$(BIN)/pytest $(PYTEST_PARALLEL) $(PYTEST_DURATIONS)

# Under CI the PostgreSQL run is mandatory: an unreachable server fails it. Elsewhere it is
# skipped with a message when no server answers.
test-postgres: venv
	@if [ -n "$$CI" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		echo "== the suite again on PostgreSQL ($(PG_URL))"; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_PARALLEL) $(PYTEST_DURATIONS) -m 'not browser'; \
	else \
		echo "PostgreSQL is not reachable on 127.0.0.1:5432: skipping the PostgreSQL run"; \
	fi

messages: venv
	cd policycredit && ../$(BIN)/policycredit makemessages -l vi --no-obsolete --no-location
	$(BIN)/python -m policycredit.web.compile_messages

clean:
	rm -rf $(VENV) .static policycredit.sqlite3 *.egg-info
