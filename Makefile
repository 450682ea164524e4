# ICASE developer commands. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= icase.settings.dev

.PHONY: run test test-fast install static migrate seed browser-deps search-deps service-deps elasticsearch lint format lock clean

run: install migrate seed ## Install, migrate, load the seed content and serve on http://127.0.0.1:8000
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install browser-deps search-deps service-deps ## Run every test, including Elasticsearch and browser tests
	DJANGO_SETTINGS_MODULE=icase.settings.test $(PY) -m pytest

test-fast: install ## Every test except the browser and Elasticsearch ones (no Chromium, Java or Maven needed)
	DJANGO_SETTINGS_MODULE=icase.settings.test ICASE_SKIP_ELASTICSEARCH=1 $(PY) -m pytest -m "not browser"

install: $(VENV)/.installed node_modules/.installed static

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: node_modules/.installed ## Compile the NHS.UK frontend stylesheet and copy its assets
	node scripts/build-static.mjs

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_initial_data
	@if [ -n "$$ELASTICSEARCH_URL" ]; then $(PY) manage.py search_index rebuild; fi

browser-deps: ## Debian's Chromium for the Playwright tests (no browser download needed)
	@command -v chromium >/dev/null || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; }

search-deps: ## Java 17+ and Maven, to run a real Elasticsearch node for the tests
	@command -v java >/dev/null && command -v mvn >/dev/null || { \
		echo "Installing Java and Maven for the Elasticsearch tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless maven >/dev/null; }

service-deps: ## Debian's redis-server, for the test of two servers sharing one cache
	@command -v redis-server >/dev/null || { \
		echo "Installing Debian's redis-server for the shared-cache test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

elasticsearch: install search-deps ## Run a local Elasticsearch 8 on http://127.0.0.1:9200 (Ctrl+C stops it)
	$(PY) -m search.elasticsearch.runner --port 9200

lint: install ## ruff (lint and format) and djhtml, as CI runs them
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

lock: ## Re-pin requirements.txt and requirements-dev.txt from the .in files
	rm -rf /tmp/icase-lock && $(PYTHON) -m venv /tmp/icase-lock
	/tmp/icase-lock/bin/pip install --quiet -r requirements.in
	{ echo "# Pinned runtime dependencies (from requirements.in). Regenerate with: make lock"; /tmp/icase-lock/bin/pip freeze; } > requirements.txt
	/tmp/icase-lock/bin/pip install --quiet -r requirements-dev.in
	{ echo "# Pinned test and tooling dependencies (from requirements-dev.in). Regenerate with: make lock"; echo "-r requirements.txt"; \
	  comm -13 <(grep -v '^#' requirements.txt | sort) <(/tmp/icase-lock/bin/pip freeze | sort); } > requirements-dev.txt

clean:
	rm -rf $(VENV) node_modules var icase/static/css icase/static/vendor
