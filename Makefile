# Two commands: `make run` serves the demo, `make test` runs every test.
# Needs only Python 3.11 and make; uv is installed into .tools/ on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test setup lint typecheck test-browser bench messages clean

run: $(VENV)/.synced
	$(BIN)/tuntas setup --demo
	$(BIN)/tuntas serve

test: $(VENV)/.synced
	$(BIN)/pytest

test-browser: $(VENV)/.synced
	$(BIN)/pytest -m browser

lint: $(VENV)/.synced
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

setup: $(VENV)/.synced
	$(BIN)/tuntas setup --demo

# Regenerate translations (needs GNU gettext); the compiled .mo files are committed so that a
# fresh machine without gettext still shows English.
messages: $(VENV)/.synced
	cd src/tuntas && ../../$(BIN)/tuntas makemessages -l en --no-obsolete
	cd src/tuntas && ../../$(BIN)/tuntas compilemessages -l en

# Benchmarks (not part of `test`): the annual report PDF (issue 7), the recipient import of
# 1,000,000 seeded rows against a raw COPY (issue 5), the index recompute of 552 Pemda and the
# province dashboard (issue 6; its own database, created when missing). Each prints its figures
# next to the target.
BENCH_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/tuntas_bench)
BENCH_INDEX_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tuntas_bench_index
bench: $(VENV)/.synced
	$(BIN)/python bench/report_pdf.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/recipients_import.py $(BENCH_ARGS)
	DATABASE_URL=$(BENCH_INDEX_DATABASE_URL) $(BIN)/python bench/index_recompute.py

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
