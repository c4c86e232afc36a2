# pos_loyalty — `make run` opens the app, `make test` runs the suite, `make bench` the benchmarks.
# Each target creates the virtual environment and installs the project first when needed.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast bench system-deps schema screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

# Debian packages the tests use (PDF rendering, barcode decoding, a real PostgreSQL, Qt's
# offscreen libraries). Installed only when missing and when we may (root with apt-get).
system-deps:
	@missing=""; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	ls /usr/lib/*/libzbar.so.0 >/dev/null 2>&1 || missing="$$missing libzbar0"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	ls /usr/lib/*/libEGL.so.1 >/dev/null 2>&1 || missing="$$missing libegl1 libgl1"; \
	ls /usr/lib/*/libxkbcommon.so.0 >/dev/null 2>&1 || missing="$$missing libxkbcommon0"; \
	ls /usr/lib/*/libfontconfig.so.1 >/dev/null 2>&1 || missing="$$missing libfontconfig1 fonts-dejavu-core"; \
	ls /usr/lib/*/libdbus-1.so.3 >/dev/null 2>&1 || missing="$$missing libdbus-1-3"; \
	ls /usr/lib/*/libglib-2.0.so.0 >/dev/null 2>&1 || missing="$$missing libglib2.0-0"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "please install:$$missing (some tests will be skipped)"; fi; \
	fi

test: $(STAMP) system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

test-fast: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not gui and not hub and not slow"

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/run_all.py $(BENCH_ARGS)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pos_loyalty.ui.screenshots --out docs/screenshots

schema: $(STAMP)
	$(PY) -m pos_loyalty.domain.rules > resources/rules.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist *.egg-info
