# pos_loyalty — `make run` opens the app, `make test` runs the suite, `make bench` the benchmarks.
# Each target creates the virtual environment and installs what it needs first: `make run` the
# app alone, `make test` the app with the test extras.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
CREATED := $(VENV)/.created
APP     := $(VENV)/.installed-app
TESTS   := $(VENV)/.installed-test
OUT    ?= out/screenshots

.PHONY: run test test-fast bench system-deps gui-deps schema screenshots clean translations update-translations

# A new pyproject.toml gets a new environment: installing over the old one can leave packages
# of other versions behind (PySide6 6.12's add-on wheels next to 6.11.3's, which conflict).
# python3 -m venv needs the python3-venv package on Debian/Ubuntu: installed when root, else named.
$(CREATED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "pos_loyalty needs Python 3.11 or newer ($(PYTHON) is $$($(PYTHON) -V 2>&1))"; exit 1; }
	rm -rf "$(VENV)"
	@if ! $(PYTHON) -m venv "$(VENV)" >/dev/null 2>&1; then \
	  rm -rf "$(VENV)"; pkg="python3-venv python$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$pkg (python3 -m venv needs it)"; apt-get update -qq; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$pkg >/dev/null 2>&1 || \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null; \
	    $(PYTHON) -m venv "$(VENV)"; \
	  else echo "python3 -m venv does not work here; install it first, e.g.: sudo apt-get install $$pkg"; exit 1; fi; \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	touch $@

$(APP): $(CREATED)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TESTS): $(CREATED)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: $(APP) gui-deps translations
	$(PY) main.py

# The app's languages (README "Languages"): each resources/i18n/pos_loyalty_XX.ts compiled into the
# .qm the app loads (git-ignored), by pyside6-lrelease from the PySide6 wheel. A .qm is rebuilt
# when its .ts changes. `make update-translations` refreshes every .ts from the code's tr() texts
# (pyside6-lupdate); `make update-translations NEW_LANGUAGE=fr` starts pos_loyalty_fr.ts.
QM := $(patsubst %.ts,%.qm,$(wildcard resources/i18n/pos_loyalty_*.ts))

translations: $(QM)

resources/i18n/%.qm: resources/i18n/%.ts $(APP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

update-translations: $(APP)
	$(PY) -m pos_loyalty.ui.translations update $(NEW_LANGUAGE)

# The system libraries Qt needs to open a window (X11/xcb): what `ldd` finds missing for the
# xcb platform plugin and the Qt modules the app uses, plus libxcb-cursor0, which Qt loads at
# run time. Installed when root with apt-get; otherwise the exact command is printed and make stops.
gui-deps: $(APP)
	@qt=$$($(PY) -c 'import os, PySide6; print(os.path.dirname(PySide6.__file__))') || exit 1; \
	missing=$$(for lib in "$$qt/Qt/plugins/platforms/libqxcb.so" "$$qt"/Qt/plugins/xcbglintegrations/*.so \
	                      "$$qt"/QtCore.abi3.so "$$qt"/QtGui.abi3.so "$$qt"/QtWidgets.abi3.so "$$qt"/QtSvg.abi3.so \
	                      "$$qt"/QtPdf.abi3.so "$$qt"/QtPdfWidgets.abi3.so "$$qt"/QtPrintSupport.abi3.so; do \
	             [ -e "$$lib" ] && ldd "$$lib" 2>/dev/null; done | awk '/not found/ {print $$1}' | sort -u | \
	           sed -E 's/\.so\./ /' | while read base version; do \
	             base=$$(echo "$$base" | tr 'A-Z' 'a-z'); \
	             case "$$base" in libglib-2.0|libgobject-2.0|libgthread-2.0|libgio-2.0) echo libglib2.0-0 ;; \
	                              *[0-9]) echo "$$base-$$version" ;; *) echo "$$base$$version" ;; esac; \
	           done | sort -u | tr '\n' ' '); \
	{ ls /usr/lib/*/libxcb-cursor.so.0 || ls /usr/lib/libxcb-cursor.so.0; } >/dev/null 2>&1 || missing="$$missing libxcb-cursor0"; \
	missing=$$(echo $$missing); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing the libraries Qt needs to open a window: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Qt cannot open a window without these system libraries. Install them, then run make run again:"; \
	    echo "  sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi

# Debian packages the tests use (PDF rendering, barcode decoding, a real PostgreSQL, Qt's
# offscreen libraries, openssl for the e-mail tests' TLS certificate). Installed only when
# missing and when we may (root with apt-get).
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
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "please install:$$missing (some tests will be skipped)"; fi; \
	fi

# The suite runs on up to four cores (pytest-xdist); every test has its own files and servers.
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; echo $$n)

test: $(TESTS) system-deps translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n $(JOBS)

test-fast: $(TESTS) translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not gui and not hub and not slow"

bench: $(TESTS)
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/run_all.py $(BENCH_ARGS)

# Into a scratch folder (git-ignored) unless asked: `make screenshots OUT=docs/screenshots`
# rewrites the README's pictures.
screenshots: $(APP) translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pos_loyalty.ui.screenshots --out $(OUT)

schema: $(APP)
	$(PY) -m pos_loyalty.domain.rules > resources/rules.schema.json

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis build dist *.egg-info
