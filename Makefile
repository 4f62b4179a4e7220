# Attune: `make run` to try it, `make test` to check it. Both set up .venv first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Where the links `make run` prints (and anything it sends) point: where it serves, unless ATTUNE_BASE_URL is set.
# A server listening on every address is reached on loopback from this machine; an IPv6 address goes in brackets.
LINK_HOST = $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(if $(filter ::,$(HOST)),[::1],$(if $(findstring :,$(HOST)),[$(HOST)],$(HOST))))
SERVE_AT = $(if $(findstring :,$(HOST)),[$(HOST)],$(HOST)):$(PORT)

.PHONY: run test check mutate bench setup static db lock clean messages

# A Python >= 3.12: $PYTHON if set, then whatever `python3.13`/`python3.12` resolve to
# (pyenv shims honour .python-version), then pyenv's own installs, then python3.
$(VENV)/bin/python:
	@py=""; \
	for c in "$${PYTHON:-}" python3.13 python3.12 $$HOME/.pyenv/versions/3.1[3-9]*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 python3; do \
	  [ -n "$$c" ] || continue; \
	  if "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then py="$$c"; break; fi; \
	done; \
	if [ -z "$$py" ]; then \
	  echo "Attune needs Python 3.12 or newer and none was found." >&2; \
	  echo "Install one (e.g. 'pyenv install 3.12') or point PYTHON at it: make PYTHON=/path/to/python3.12 run" >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$("$$py" -c 'import sys; print(sys.executable, sys.version.split()[0])')"; \
	"$$py" -m venv $(VENV)

# Development and tests get both locks; production installs requirements.lock alone (README, "Production").
$(STAMP): $(VENV)/bin/python requirements.lock requirements-dev.lock pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $(STAMP)

# Node tools, from npm at the versions package-lock.json pins: PurgeCSS (the Bootstrap subset below) and vnu-jar (the
# Nu HTML checker the browser tests run). Without npm, Attune still runs and serves Bootstrap's full CSS.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: Bootstrap's full CSS is served, and the HTML checks cannot run (Debian: apt-get install npm)" >&2; exit 0; }; \
	npm ci --no-audit --no-fund --loglevel=error && touch $@

# Only the Bootstrap CSS Attune uses (purgecss.config.cjs), built from django-bootstrap-static's own files into
# build/static/, where it stands in for the full file (clinic/settings.py, STATICFILES_DIRS). Rebuilt whenever a
# template, a Python module or a script changes, so a class put to use is never missing.
BOOTSTRAP_SUBSET := build/static/bootstrap/css/bootstrap.min.css
PURGE_CONTENT := $(shell find templates clinic intake static/attune \( -name '*.html' -o -name '*.py' -o -name '*.js' \) -not -path '*/__pycache__/*')
$(BOOTSTRAP_SUBSET): $(STAMP) $(NODE_STAMP) purgecss.config.cjs $(PURGE_CONTENT)
	@[ -x node_modules/.bin/purgecss ] || exit 0; \
	css=$$($(PY) -c 'import bootstrap, pathlib; print(pathlib.Path(bootstrap.__file__).parent / "static/bootstrap/css")'); \
	mkdir -p $(@D); node_modules/.bin/purgecss --config purgecss.config.cjs --css "$$css/bootstrap.min.css" "$$css/bootstrap.rtl.min.css" --output $(@D)/

# The translations: gettext catalogues under locale/ (sources, in git), compiled to .mo files here (not in git) by
# msgfmt from GNU gettext (Debian: apt-get install gettext), which refuses a catalogue with a broken entry.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: the translations cannot be compiled (Debian: apt-get install gettext)" >&2; exit 1; }
	msgfmt --check --output-file=$@ $<

# After changing a translatable string: every string of the code and templates into the catalogues, then
# translate what is new or changed in locale/ar (tests/test_translations.py fails until every entry is done).
# English is Attune's source language, so its catalogue repeats each string (msgen).
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=build --ignore=staticfiles --ignore=var \
	--ignore=test-artifacts --ignore=mutants --ignore=tests --ignore=bench
messages: $(STAMP)
	$(PY) manage.py makemessages -l ar -l en --no-location --no-obsolete $(MESSAGES_IGNORE)
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po

setup: $(STAMP) $(BOOTSTRAP_SUBSET) $(MO_FILES)

# The static files as production serves them (manage.py collectstatic): names carrying their content's hash, with
# gzip and brotli copies. The tests run with ATTUNE_DEBUG off, so they need these; redone only after a change.
STATIC_SOURCES := $(shell find static build/static -type f 2>/dev/null)
staticfiles/staticfiles.json: $(STAMP) $(BOOTSTRAP_SUBSET) $(STATIC_SOURCES)
	$(PY) manage.py collectstatic --noinput --clear -v0

static: staticfiles/staticfiles.json

db: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py loadexercises

# The web server and one background worker (invitations, reminders, notices) beside it; Ctrl-C stops both.
run: export ATTUNE_BASE_URL := $(or $(ATTUNE_BASE_URL),http://$(LINK_HOST):$(PORT))
run: db
	$(PY) manage.py demo
	$(PY) manage.py samplepdf
	@echo "Serving Attune on $(SERVE_AT) with a background worker; its links begin $(ATTUNE_BASE_URL)/ (Ctrl-C stops both)"
	@$(PY) manage.py db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(SERVE_AT)

test: setup static
	$(PY) -m pytest $(PYTEST_ARGS)

# The house rules, all checked (each step runs even if an earlier one failed; the target fails if any did):
# lint and formatting (ruff), the import contracts (import-linter), types (mypy, strict on the pure modules).
check: setup
	@status=0; \
	echo "== ruff check"; $(VENV)/bin/ruff check . || status=1; \
	echo "== ruff format --check"; $(VENV)/bin/ruff format --check . || status=1; \
	echo "== lint-imports"; $(VENV)/bin/lint-imports --no-cache || status=1; \
	echo "== mypy"; $(VENV)/bin/mypy || status=1; \
	exit $$status

# Mutation testing of the pure modules with mutmut (slow: not part of CI). Settings in pyproject.toml
# [tool.mutmut]; the scores per module are printed at the end and recorded in bench/README.md.
mutate: setup
	rm -rf mutants
	$(VENV)/bin/mutmut run
	$(PY) bench/mutation_score.py

# Benchmarks against throwaway databases, so the development data is never touched: the in-process ones on SQLite,
# the HTTP one on SQLite and then on PostgreSQL (DATABASE_URL if set, else a throwaway PostgreSQL 15 as .ci/run starts).
bench: setup static
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || \
	  { echo "make bench needs wrk (Debian: apt-get install wrk)" >&2; exit 1; }
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	export ATTUNE_VAR_DIR=$$tmp; pg_url="$${DATABASE_URL:-}"; unset DATABASE_URL; \
	$(PY) manage.py migrate --noinput -v0 && $(PY) manage.py createcachetable && \
	$(PY) bench/sync_bench.py && \
	$(PY) bench/pdf_bench.py && \
	$(PY) bench/form_bench.py && \
	rm -rf "$$tmp"/* && $(PY) bench/http_bench.py && \
	rm -rf "$$tmp"/* && export BENCH_RENDERS=0; if [ -n "$$pg_url" ]; then DATABASE_URL="$$pg_url" $(PY) bench/http_bench.py; \
	else bench/postgres.sh $(PY) bench/http_bench.py; fi

# Re-resolve the newest versions allowed by pyproject.toml: what runs Attune into requirements.lock,
# what only develops and tests it (the "dev" extra) into requirements-dev.lock.
lock:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	"$(PY)" -m venv $$tmp/venv; pip="$$tmp/venv/bin/pip --quiet --disable-pip-version-check"; \
	deps() { "$(PY)" -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] if sys.argv[1] == "run" else p["optional-dependencies"]["dev"]))' $$1; }; \
	mapfile -t run < <(deps run); mapfile -t dev < <(deps dev); \
	$$pip install "$${run[@]}"; $$pip freeze > $$tmp/run.txt; \
	$$pip install "$${dev[@]}"; $$pip freeze > $$tmp/all.txt; \
	{ echo "# What Attune needs to run, at exact versions (Python 3.12+): production installs this file only."; \
	  echo "# Regenerate with \`make lock\` after changing the dependencies in pyproject.toml."; \
	  cat $$tmp/run.txt; } > requirements.lock; \
	{ echo "# What developing and testing Attune needs on top of requirements.lock (pytest, Playwright, ruff...)."; \
	  echo "# \`make setup\` installs both files; production installs requirements.lock alone. Regenerate with \`make lock\`."; \
	  echo "-r requirements.lock"; grep -vxFf $$tmp/run.txt $$tmp/all.txt; } > requirements-dev.lock; \
	echo "requirements.lock and requirements-dev.lock updated"

clean:
	rm -rf $(VENV) var staticfiles build node_modules
