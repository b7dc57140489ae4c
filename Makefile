# claimledger developer tasks (GNU make).

VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: install test demo bench clean

install: $(VENV)/.installed

# Re-install whenever the dependencies in pyproject.toml change.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -e '.[test]'
	touch $@

# pytest exits with 5 when it collects no tests: that is not a failure here.
test: $(VENV)/.installed
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
