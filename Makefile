# IPCO release steps. `make help` lists them. Nothing here reaches the network except `install`,
# which installs the Python packages IPCO needs into .venv/, `browser`, which installs Debian's
# Chromium for the site's browser tests when it is missing, and `jsonld-js`, which installs jsonld.js
# (npm) for the strict JSON-LD test, `owlapi`, which installs Debian's OWL API (and a JDK) for the
# OWL 2 profile test, `jena`, which installs Debian's Apache Jena (and a JDK) for the cross-engine test,
# and `virtuoso`, which installs Debian's Virtuoso server for the in-store tests.
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
.PHONY: help install validate reason release query serve test lint browser jsonld-js owlapi jena virtuoso bench clean

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

# The OWL 2 profile test (tests/test_owl_profile.py) runs OWL API's profile checker, from Debian.
OWLAPI_JAR := /usr/share/java/owlapi-distribution.jar

owlapi: ## install OWL API and a JDK (Debian packages) for the OWL 2 profile test, when missing
	@if [ -f $(OWLAPI_JAR) ] && command -v javac >/dev/null; then :; \
	elif [ "$$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then \
	  echo "OWL API is missing and neither root nor sudo is available: the OWL 2 profile test will be skipped"; \
	else \
	  echo "installing libowlapi-java and default-jdk-headless (apt-get)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libowlapi-java default-jdk-headless \
	  || echo "could not install OWL API: the OWL 2 profile test will be skipped"; \
	fi

# The cross-engine test (tests/test_jena.py) runs Apache Jena's riot, SHACL and OWL rule reasoner, from Debian.
JENA_JAR := /usr/share/java/jena-shacl.jar

jena: ## install Apache Jena and a JDK (Debian packages) for the cross-engine test, when missing
	@if [ -f $(JENA_JAR) ] && command -v javac >/dev/null; then :; \
	elif [ "$$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then \
	  echo "Apache Jena is missing and neither root nor sudo is available: the Jena test will be skipped"; \
	else \
	  echo "installing libapache-jena-java and default-jdk-headless (apt-get)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libapache-jena-java default-jdk-headless \
	  || echo "could not install Apache Jena: the Jena test will be skipped"; \
	fi

# The in-store tests (tests/test_instore_virtuoso.py) start Debian's Virtuoso 7.2 as a second store, in
# the foreground on loopback ports with a throwaway database; only the binaries are installed (no service).
virtuoso: ## install Virtuoso's server (Debian virtuoso-opensource-7-bin) for the in-store tests, when missing
	@if command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; then :; \
	elif [ "$(SUDO)" = none ] || ! command -v apt-get >/dev/null; then \
	  echo "virtuoso-t is missing and cannot be installed here (needs apt-get, and root or sudo):" \
	       "the Virtuoso in-store tests will be skipped" >&2; \
	else \
	  echo "installing virtuoso-opensource-7-bin (apt-get)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin \
	  || echo "could not install Virtuoso: the Virtuoso in-store tests will be skipped"; \
	fi

JSONLD_JS := tests/jsonld-js/node_modules/jsonld/package.json

jsonld-js: $(JSONLD_JS) ## install jsonld.js (npm, from tests/jsonld-js/package-lock.json) for the strict JSON-LD test

$(JSONLD_JS): tests/jsonld-js/package-lock.json
	@if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund --prefix tests/jsonld-js; \
	else echo "npm is missing: the jsonld.js test will be skipped (sudo apt-get install npm)"; fi

test: lint browser jsonld-js owlapi jena virtuoso ## lint, type-check, then run the whole test suite (installs Chromium if missing)
	$(BIN)/pytest

clean: ## remove the release, staging folders a killed build left, and caches (keeps .venv)
	rm -rf dist .dist.new-* .dist.old-* .dist.lock build .pytest_cache .mypy_cache .ruff_cache test-output
