# Two commands for a newcomer: `make run` serves the dashboard, `make test` runs every test (browser tests included).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050
export HOST PORT

.PHONY: run test serve front bench soak lint boundaries data tiers browser front-door-tools axe clean messages

run: $(VENV)/.deps-run ## Set up and serve the dashboard on http://$(HOST):$(PORT)
	$(BIN)/python app.py

# The suite runs on every core (pytest-xdist; each module's tests stay on one worker, so a module's served dashboard
# is built once) and names its 25 slowest tests at the end. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: $(VENV)/.deps-test browser front-door-tools axe ## Set up and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope --durations=25

serve: $(VENV)/.deps-run ## Production server: gunicorn, one worker per CPU unless WORKERS is set
	$(BIN)/gunicorn --config scripts/gunicorn_conf.py "app:create_app()"

front: $(VENV)/.deps-run front-door-tools ## nginx in front of two instances sharing Redis, on http://127.0.0.1:$(PORT)
	$(BIN)/python scripts/front_door.py

bench: $(VENV)/.deps-bench browser ## Measure against the performance budgets (about 2 minutes); writes bench/results.json
	$(BIN)/python -m bench.run

soak: $(VENV)/.deps-bench front-door-tools ## 50 users with a worker killed, then one case per known attack (about 6 minutes)
	$(BIN)/python -m bench.soak

lint: $(VENV)/.deps-test
	$(BIN)/ruff check .

boundaries: $(VENV)/.deps-build ## Rebuild the committed boundary and topojson files from pinned npm packages
	$(BIN)/python scripts/build_boundaries.py
	$(BIN)/python scripts/build_plotly_topojson.py

# The gdidata package files (see data/README.md); CI keeps them beside the repository.
GDIDATA_DIR ?= ../shared/reference/gdidata

# UNODC's trafficking-in-persons data file (release of 14 April 2025), kept beside the repository like gdidata.
UNODC_FILE ?= ../shared/reference/unodc/data_glotip_release-2025-04-14.xlsx

data: $(VENV)/.deps-build ## Rebuild the month, nationality, incident, asylum and UNODC victims tables from their files
	$(BIN)/python scripts/import_gdidata.py --source "$(GDIDATA_DIR)"
	$(BIN)/python scripts/import_unodc.py --source "$(UNODC_FILE)"

# The compiled US TIP Report tier table (report years 2014-2025, see data/README.md); CI keeps it beside the repository.
TIP_TIERS_DIR ?= ../shared/reference/tip_tiers

tiers: $(VENV)/.deps-run ## Merge the TIP Report tier table into data/tip_tiers.csv and its sources into data/sources.csv
	$(BIN)/python scripts/import_tip_tiers.py --source "$(TIP_TIERS_DIR)"

# Interface words: locale/messages.pot is extracted from the code (every key given to t(), text(), N_() or
# Problem() or Rejected()), each locale/<lang>/LC_MESSAGES/messages.po updated from it (new keys arrive untranslated, the
# missing-translation test names them), then compiled. The app compiles stale catalogues at start-up too.
PYBABEL := $(BIN)/pybabel
MESSAGE_DIRS := app.py core figures answers layouts callbacks web
messages: $(VENV)/.deps-run ## Extract, update and compile the gettext catalogues under locale/
	$(PYBABEL) extract --mapping-file babel.cfg --no-location --sort-output --width 120 \
		--keywords t --keywords text --keywords N_ --keywords Problem --keywords Rejected --output-file locale/messages.pot $(MESSAGE_DIRS)
	$(PYBABEL) update --input-file locale/messages.pot --output-dir locale --domain messages --width 120 \
		--no-fuzzy-matching --ignore-obsolete
	$(PYBABEL) compile --directory locale --domain messages --statistics

browser: ## Debian chromium and chromium-driver for the browser tests (apt-get, never a browser download)
	@bash scripts/ensure_browser.sh

front-door-tools: ## Debian nginx and redis-server for `make front`, the soak and the front-door test (apt-get)
	@bash scripts/ensure_front_door.sh

# axe-core, pinned by tests/axe/package-lock.json (npm checks its integrity hash), for the accessibility tests only:
# installed under tests/axe/node_modules (ignored by git), never served to visitors.
AXE := tests/axe/node_modules/axe-core/axe.min.js
axe: $(AXE) ## axe-core for the browser accessibility tests, from the npm registry

$(AXE): tests/axe/package.json tests/axe/package-lock.json
	npm ci --prefix tests/axe --no-audit --no-fund --ignore-scripts --silent
	touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.deps-run: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.deps-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.deps-run

$(VENV)/.deps-bench: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $@ $(VENV)/.deps-test $(VENV)/.deps-run

$(VENV)/.deps-build: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e ".[build]"
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis tests/axe/node_modules test-artifacts
