# claimledger developer tasks (GNU make).

VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: install system-deps test demo bench clean

install: $(VENV)/.installed

# Re-install whenever the dependencies in pyproject.toml change.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -e '.[test]'
	touch $@

# The system packages the tests need (Chromium and chromedriver for the browser tests), installed
# when missing: the script lists them, checks each and needs root or sudo only to install.
system-deps:
	@.ci/install-system-deps

# pytest exits with 5 when it collects no tests: that is not a failure here.
test: $(VENV)/.installed system-deps
	@status=0; $(VENV)/bin/pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest: no tests collected"; status=0; fi; \
	exit $$status

demo: $(VENV)/.installed
	$(VENV)/bin/claimledger demo

bench: $(VENV)/.installed
	$(PY) benchmarks/extract_speed.py

clean:
	rm -rf build dist .pytest_cache src/*.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
