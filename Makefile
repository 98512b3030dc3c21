# Two entry points: `make demo` and `make test`. Both build their own virtual environment.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

DEMO := fixtures/deepening-your-love.xml

demo: $(VENV)/.installed
	$(BIN)/wxr-migrate info $(DEMO)
	$(BIN)/wxr-migrate convert $(DEMO) -o out/deepening-your-love.json
	$(BIN)/wxr-migrate convert $(DEMO) -o out/deepening-your-love.jsonl
	$(BIN)/wxr-migrate convert $(DEMO) -o out/deepening-your-love.db
	$(BIN)/wxr-migrate convert $(DEMO) -o out/markdown/ --preset hugo
	@echo "demo outputs are in $(CURDIR)/out/"

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
