# Two commands set everything up on a fresh machine: `make run` and `make test`.
# DATABASE_URL unset means embedded SQLite; set it to use PostgreSQL.

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PG_URL := postgres://anhorig:anhorig@127.0.0.1:5432/anhorig

# Django 6 needs Python 3.12 or newer: take the first interpreter that is.
BASE_PYTHON ?= $(shell for c in python3.14 python3.13 python3.12 \
	$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null) python3; do \
	if command -v $$c >/dev/null 2>&1 && \
	   $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	echo $$c; break; fi; done)

.PHONY: audit lock typecheck run test test-unit test-browser lint format chromium postgres test-postgres clean
.PHONY: messages gettext
.PHONY: backup restore loadtest loadtest-short
.PHONY: bench bench-short bench-two-servers

# Two locks with hashes, made from pyproject.toml by `make lock`: the runtime set, and
# the runtime set plus the development tools at the same pins. `make run` installs the
# runtime lock only; everything else installs the dev lock into the same .venv, which
# then holds both (the .runtime stamp is touched too, so `make run` leaves it be).
RUNTIME_LOCK := requirements/runtime.txt
DEV_LOCK := requirements/dev.txt
PIP_INSTALL := $(PY) -m pip install --quiet --require-hashes --only-binary :all:

$(VENV)/bin/python:
	@test -n "$(BASE_PYTHON)" || (echo "Python 3.12 eller senare behövs." >&2; exit 1)
	$(BASE_PYTHON) -m venv $(VENV)

$(VENV)/.runtime: $(RUNTIME_LOCK) | $(VENV)/bin/python
	$(PIP_INSTALL) -r $(RUNTIME_LOCK)
	touch $@

$(VENV)/.dev: $(DEV_LOCK) $(RUNTIME_LOCK) | $(VENV)/bin/python
	$(PIP_INSTALL) -r $(DEV_LOCK)
	touch $@ $(VENV)/.runtime

# Regenerate both locks for Python 3.12 after a change to pyproject.toml's pins. The
# dev lock is constrained to the runtime lock's pins, so both agree.
UV_COMPILE = $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.12 \
	--generate-hashes --custom-compile-command "make lock" pyproject.toml
lock: $(VENV)/.dev
	$(UV_COMPILE) -o $(RUNTIME_LOCK)
	$(UV_COMPILE) --extra dev -c $(RUNTIME_LOCK) -o $(DEV_LOCK)

run: export DJANGO_DEBUG ?= true
run: $(VENV)/.runtime
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_guidance
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py compute_statistics
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite: unit and integration tests, then the browser journeys.
test: test-unit test-browser

test-unit: $(VENV)/.dev gettext
	$(PY) -m pytest -m "not browser"

test-browser: $(VENV)/.dev chromium
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser

# GNU gettext (xgettext, msgmerge, msgfmt): `make messages` and the test that the Swedish
# catalogue is complete (tests/test_translation_catalogue.py) need it.
gettext:
	@command -v xgettext >/dev/null 2>&1 && command -v msgfmt >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)

# The Swedish catalogue: every interface string extracted into locale/sv/LC_MESSAGES/django.po
# (msgstrs stay empty: the msgids are Swedish), then compiled into django.mo. Commit both.
messages: $(VENV)/.runtime gettext
	DJANGO_SETTINGS_MODULE=anhorigstod.settings_test $(PY) manage.py makemessages -l sv --no-obsolete --add-location=file
	DJANGO_SETTINGS_MODULE=anhorigstod.settings_test $(PY) manage.py compilemessages -l sv --ignore=.venv --ignore=node_modules

# Debian's Chromium; Playwright's own browser download is not reachable here.
chromium:
	@command -v chromium >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# A local PostgreSQL 15 with two roles: anhorig owns the tables, runs migrations and may
# create the throw-away test database; anhorig_app is what the portal connects as (no
# TRUNCATE, only INSERT and SELECT on the audit trail; anhorigstod/database_roles.py).
postgres:
	pg_ctlcluster 15 main start 2>/dev/null || pg_lsclusters | grep -q "15 *main.*online"
	su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"DO \\$$\\$$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anhorig') THEN CREATE ROLE anhorig LOGIN CREATEDB PASSWORD 'anhorig'; END IF; END \\$$\\$$;\""
	su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"DO \\$$\\$$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anhorig_app') THEN CREATE ROLE anhorig_app LOGIN NOCREATEDB NOCREATEROLE PASSWORD 'anhorig_app'; END IF; END \\$$\\$$;\""
	su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname = 'anhorig'\" | grep -q 1 || createdb -O anhorig anhorig"

test-postgres: postgres
	DATABASE_URL=$(PG_URL) $(MAKE) test

# A timestamped backup of the database DATABASE_URL names (SQLite when unset) in backups/;
# `BACKUP=backups/<file> make restore` replaces the database's contents with one.
backup: export DJANGO_DEBUG ?= true
backup: $(VENV)/.runtime
	$(PY) manage.py backup_database

restore: export DJANGO_DEBUG ?= true
restore: $(VENV)/.runtime
	@test -n "$(BACKUP)" || (echo "Ange säkerhetskopian: BACKUP=backups/<fil> make restore" >&2; exit 1)
	$(PY) manage.py restore_database "$(BACKUP)"

# Locust against gunicorn and PostgreSQL in a fresh database (loadtest/run.py): the guided
# path and the inbox, then a count in the database. LOADTEST_DURATION overrides five minutes.
LOADTEST_DURATION ?= 5m
loadtest: $(VENV)/.dev postgres
	$(PY) loadtest/run.py --users 50 --spawn-rate 10 --run-time $(LOADTEST_DURATION)

loadtest-short: $(VENV)/.dev postgres
	$(PY) loadtest/run.py --users 20 --spawn-rate 10 --run-time 30s

# City-scale benchmark (bench/run.py): seeds the database anhorig_bench once (about three
# minutes), measures every page under gunicorn with 50 users, writes BENCHMARKS.md.
# BENCH_DURATION: seconds per page and phase (20; the whole run takes about 25 minutes).
BENCH_DURATION ?= 20
bench: $(VENV)/.dev postgres
	BENCH_DURATION=$(BENCH_DURATION) $(PY) -m bench.run

# CI's short version: no page's query count may grow with ten times the data, and two
# servers on one database serve one guided path between them (PostgreSQL).
# QG_DB and BENCH_SHORT_DB name its databases, so two runs on one machine need not share them.
QG_DB ?= anhorig_qg
BENCH_SHORT_DB ?= anhorig_two_servers
bench-short: $(VENV)/.dev postgres
	DATABASE_URL=postgres://anhorig:anhorig@127.0.0.1:5432/$(QG_DB) \
	  $(PY) -m pytest -q tests/test_query_growth.py
	BENCH_DB=$(BENCH_SHORT_DB) $(PY) -m bench.two_servers

# Two gunicorn servers on one database, the guided path alternating between them.
bench-two-servers: $(VENV)/.dev postgres
	$(PY) -m bench.two_servers

# Security checks: bandit fails on a high-severity finding, pip-audit on a known vulnerability
# in either lock.
audit: $(VENV)/.dev
	$(VENV)/bin/bandit -q -r anhorigstod guidance referrals scripts -x "*/migrations/*" \
	  --severity-level high --confidence-level medium
	$(PY) scripts/audit_dependencies.py

# The last line fails when a model change has no migration (test settings: no secret needed).
# mypy with django-stubs: strict on the services, selectors and object access
# (pyproject.toml, [tool.mypy]); the rest checked for what mypy sees unannotated.
typecheck: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=anhorigstod.settings_test $(VENV)/bin/mypy

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	DJANGO_SETTINGS_MODULE=anhorigstod.settings_test $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint templates --reformat

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
