# Two commands set up a fresh clone: `make run` serves the app, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint screenshots bench load clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or later is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-stamp: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-stamp: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.run-stamp $@

run: $(VENV)/.run-stamp
	$(BIN)/python -m streamlit run app.py --server.address localhost --server.port $(PORT)

# eslint for the code the browser runs, pinned in package.json with its lock file.
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

lint: $(VENV)/.dev-stamp node_modules/.stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	npx --no-install eslint pages/ui/components

test: lint
	$(BIN)/python -m pytest

$(VENV)/.bench-stamp: requirements-bench.txt $(VENV)/.dev-stamp
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	touch $@

bench: $(VENV)/.bench-stamp
	$(BIN)/python bench/core.py
	$(BIN)/python bench/browser.py

SESSIONS ?= 100
CHANGES  ?= 5
STUDENTS ?= 30
# A lecture hall: every page opened and used by a class, each measured with the floor app
# in the same run (CPU per open and per change, bytes per open); the Playground run by a
# class; a class answering a live poll while the projector refreshes (bench/load.py --help).
load: $(VENV)/.dev-stamp
	-$(BIN)/python bench/load.py --all-pages --sessions $(SESSIONS) --changes $(CHANGES)
	-$(BIN)/python bench/load.py --playground $(STUDENTS) --seconds 20
	-$(BIN)/python bench/load.py --poll --sessions 100 --ramp 10

screenshots: $(VENV)/.dev-stamp
	$(BIN)/python tests/e2e/screenshots.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis
