# claimledger developer tasks (GNU make).

VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: install system-deps test demo bench clean

WEB := src/claimledger/web

install: $(VENV)/.installed $(WEB)/node_modules/.installed

# Re-install whenever the dependencies in pyproject.toml change.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -e '.[test]'
	touch $@

# The web app's browser assets (charts, the map's country outlines), from npm, at the versions of the lock file: never
# copied into the repository. Without them the pages show their tables and say the charts need `make install`.
$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(WEB) --no-audit --no-fund && touch $@; \
	else \
		echo "warning: npm is not installed: the web app's charts and map outlines need it (make system-deps)"; \
	fi

# The system packages the tests need (Chromium and chromedriver for the browser tests), installed
# when missing: the script lists them, checks each and needs root or sudo only to install.
system-deps:
	@.ci/install-system-deps

# pytest exits with 5 when it collects no tests: that is not a failure here.
test: system-deps install
	@status=0; $(VENV)/bin/pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest: no tests collected"; status=0; fi; \
	exit $$status

demo: install
	$(VENV)/bin/claimledger demo

bench: $(VENV)/.installed
	$(PY) benchmarks/extract_speed.py

clean:
	rm -rf build dist .pytest_cache src/*.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
