# IPCO release steps. `make help` lists them. Nothing here reaches the network except `install`,
# which installs the Python packages IPCO needs into .venv/, and `browser`, which installs Debian's
# Chromium for the site's browser tests when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
IPCO   := $(BIN)/ipco
STAMP  := $(VENV)/.installed
# The site's browser tests drive Debian's Chromium; `make browser` installs it when it is missing.
CHROMIUM     := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
# Empty as root; `sudo` when it works without a password prompt; `none` when neither is available.
SUDO         := $(shell [ "$$(id -u)" = 0 ] || { sudo -n true 2>/dev/null && echo sudo; } || echo none)

.DEFAULT_GOAL := help
.PHONY: help install validate reason release query serve test lint browser bench clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { echo "python3 venv support is missing: sudo apt-get install python3-venv" >&2; exit 2; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install IPCO with its development tools

validate: $(STAMP) ## validate the knowledge graph's data against the shapes
	$(IPCO) validate

reason: $(STAMP) ## print what OWL 2 RL reasoning adds to the data
	$(IPCO) reason

release: $(STAMP) ## build the release into dist/ (load, validate, reason, export)
	$(IPCO) build

query: release ## run the example competency question (who represents France in NATO's CIC)
	$(IPCO) query queries/competency/01-france-representatives-in-nato-cic.rq

serve: release ## serve the release (SPARQL endpoint, IRIs, site, downloads) at http://127.0.0.1:8000/
	$(IPCO) serve

lint: $(STAMP) ## ruff (lint + format check) and mypy --strict
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

bench: $(STAMP) ## time parse/validate/reason/export against rdflib, pySHACL, owlrl at 10k, 100k, 1M (about 30 min)
	$(BIN)/python scripts/benchmark.py

browser: ## install headless Chromium and chromedriver (Debian packages) for the site's browser tests
	@if [ -x $(CHROMIUM) ] && [ -x $(CHROMEDRIVER) ]; then :; \
	elif [ "$(SUDO)" = none ] || ! command -v apt-get >/dev/null; then \
	  echo "chromium is missing and cannot be installed here (needs apt-get, and root or sudo):" \
	       "the browser tests will be skipped" >&2; \
	else \
	  echo "installing chromium and chromium-driver (apt-get)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver; \
	fi

test: lint browser ## lint, type-check, then run the whole test suite (installs Chromium if missing)
	$(BIN)/pytest

clean: ## remove the release and caches (keeps .venv)
	rm -rf dist build .pytest_cache .mypy_cache .ruff_cache test-output
