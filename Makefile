# The two commands: `make app` and `make test`. Both create .venv and install on first use.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
APP_STAMP := $(VENV)/.app-stamp
PORT   ?= 8866
APP    ?= $(firstword $(wildcard notebooks/app.ipynb) notebooks/00_registers.ipynb)

.PHONY: setup app test lint format bench analysis clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e ".[app,test]"
	touch $(STAMP) $(APP_STAMP)

# The app alone: what it needs to run (not the test stack), with pip's progress shown.
$(APP_STAMP): pyproject.toml
	@test -x $(PY) || { echo "Creating $(VENV) ..."; python3 -m venv $(VENV); }
	@echo "Installing osa-toolkit and Voilà (first run only, about a minute) ..."
	$(PY) -m pip install --disable-pip-version-check --progress-bar on -e ".[app]"
	touch $(APP_STAMP)

setup: $(STAMP)

## Serve the Voilà app on http://127.0.0.1:$(PORT)/ (local only; see README for sharing safely).
## It answers only requests addressed to 127.0.0.1 or localhost (DNS rebinding is refused with 403);
## `make app APP_HOST=osa.example.org` also accepts that name (the host a reverse proxy forwards).
APP_HOST ?=
app: $(APP_STAMP)
	@echo "Starting the app on http://127.0.0.1:$(PORT)/ (Ctrl+C stops it) ..."
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(PY) -m osa_toolkit.app_server $(APP) --no-browser \
	  --port=$(PORT) --Voila.ip=127.0.0.1 --template=osa \
	  $(if $(APP_HOST),--allowed-host=$(APP_HOST)) \
	  --MappingKernelManager.cull_idle_timeout=600 --MappingKernelManager.cull_interval=60

## Lint, then every test (unit, doctests, notebooks under nbval, browser tests).
test: setup lint
	$(VENV)/bin/pytest

lint: setup
	$(VENV)/bin/ruff check osa_toolkit tests bench
	$(VENV)/bin/ruff format --check osa_toolkit tests bench

format: setup
	$(VENV)/bin/ruff format osa_toolkit tests bench
	$(VENV)/bin/ruff check --fix osa_toolkit tests bench

bench: setup
	$(PY) -m bench

## Re-run the analysis notebooks in place, so the tables nbval compares are current again (after a
## change to the registers, the weights or the method).
analysis: setup
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False notebooks/analysis/*.ipynb

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
