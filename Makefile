# Two commands for a new user: `make run` and `make test`. Everything else is for developers.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test slow fuzz bench lint format geodata clean help deps-run deps-test dist dist-check

help:
	@echo "make run     set up .venv if needed and open the map on the bundled dataset"
	@echo "make test    set up .venv with the test tools and run the whole suite"
	@echo "make slow    the tests marked slow (browsers, LibreOffice, Inkscape, video) and the"
	@echo "             long fuzz runs; CI runs them after make test"
	@echo "make bench   print speed figures (never fails on timing)"
	@echo "make lint    ruff check and format check"
	@echo "make geodata rebuild geodata/ from the npm package (needs npm and network)"
	@echo "make dist    build the packaged app in dist/coalition-atlas/"
	@echo "make dist-check  smoke-test the packaged app"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the dependencies change; editable, so the checkout's data folders are used.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

# System packages first: without them even the virtual environment may not build.
deps-run:
	@PYTHON=$(PYTHON) scripts/system-deps.sh run

deps-test:
	@PYTHON=$(PYTHON) scripts/system-deps.sh test
	@scripts/test-js-deps.sh

run: deps-run $(VENV)/.installed
	$(BIN)/coalition-atlas $(FILE)

# One pytest worker per core (pytest-xdist); an idle worker takes queued tests from a busy
# one (worksteal). Tests marked slow (browsers, office suites, Inkscape, video) and the long
# fuzz runs are left to `make slow`, which CI runs after `make test` (pyproject's addopts).
test: deps-test $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

slow: deps-test $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto --dist worksteal -m "slow or fuzz" $(PYTEST_ARGS)

fuzz: slow

bench: deps-test $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/benchmarks -s -q -p no:randomly $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(VENV)/.installed-dist: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	@touch $@ $(VENV)/.installed

# The packaged app: dist/coalition-atlas/ (one folder, runs without Python).
dist: $(VENV)/.installed-dist
	@PYTHON=$(PYTHON) scripts/system-deps.sh dist
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build build.spec

# Exercise the frozen app with the network unavailable; exits non-zero on any failure.
dist-check:
	$(BIN)/python packaging/dist_check.py dist/coalition-atlas

$(VENV)/.installed-geodata: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[geodata]'
	@touch $@ $(VENV)/.installed

geodata: $(VENV)/.installed-geodata
	$(BIN)/python geodata/build_boundaries.py

clean:
	rm -rf build dist .pytest_cache
