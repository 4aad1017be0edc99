# Two commands for a newcomer: `make demo` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000
# Extra pytest options, e.g. `make test PYTEST_ARGS="-x tests/practices"`.
PYTEST_ARGS ?=
PO := locale/fr/LC_MESSAGES/django.po

.PHONY: help venv demo serve test test-fast e2e lint format messages check-deploy bench clean

help:
	@echo "make demo     install, migrate, load the demo content and serve on http://$(HOST)"
	@echo "make test     run the whole test suite (creates .venv if missing)"
	@echo "make lint     ruff lint and format check"
	@echo "make messages update the French catalogue and compile it"
	@echo "make bench    measure requests/s, latency, queries and memory per page type"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# A task worker (image renditions of new uploads, e-mails, re-indexing) runs beside the server
# and stops with it; load_demo itself runs its tasks at once. With TASKS_BACKEND=rq or
# immediate the database worker just exits (see docs/operations.md, "Task workers").
demo: venv
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo  # prints the public and admin addresses and the demo accounts
	$(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST)

serve: venv
	$(PY) manage.py runserver $(HOST)

# Two workers; --dist loadfile keeps each file on one worker, so a file's browser tests share
# one Chromium and one live server. -rfEs lists failures, errors and skip reasons at the end.
test: venv
	$(VENV)/bin/pytest -n 2 --dist loadfile -rfEs --durations=5 $(PYTEST_ARGS)

test-fast: venv
	$(VENV)/bin/pytest -n 2 --dist loadfile -rfEs -m "not e2e" $(PYTEST_ARGS)

e2e: venv
	$(VENV)/bin/pytest -rfEs -m e2e $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract the strings into locale/fr/LC_MESSAGES/django.po (existing translations are kept),
# drop makemessages' fuzzy guesses so nothing half-right ships, and compile django.mo.
# Translate what is left empty, run it again, and commit both files.
messages: venv
	$(PY) manage.py makemessages --locale fr --no-obsolete --add-location file \
		--ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*" --ignore "bench-results/*" \
		--ignore "media/*" --ignore "templates/admin/import_export/*" --ignore "templates/reversion-compare/*"
	msgattrib --clear-fuzzy --empty -o $(PO) $(PO)
	$(PY) manage.py compilemessages --locale fr --ignore ".venv/*"
	@msgfmt --statistics -o /dev/null $(PO)

check-deploy: venv
	DJANGO_SETTINGS_MODULE=icc.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
		ALLOWED_HOSTS=icc.example.org DATABASE_URL=sqlite:///tmp/check.sqlite3 \
		$(PY) manage.py check --deploy --fail-level WARNING

# Over HTTP, as deployed: a throwaway PostgreSQL database (icc_bench on DATABASE_URL's server or
# 127.0.0.1:5432), gunicorn on production settings, Locust, Redis on 127.0.0.1:6379; about
# 15 minutes at the default 20,000 practices. See docs/performance.md.
# `make bench BENCH_ARGS="--scale 100000"`, `BENCH_ARGS="--scales 1000,5000,20000,100000"`.
BENCH_ARGS ?=
# The bench's gunicorn runs from a virtual environment holding requirements.txt only, as a
# production install does (the development tools would weigh on every worker's memory).
SERVE_VENV := .venv-serve
$(SERVE_VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(SERVE_VENV)
	$(SERVE_VENV)/bin/pip install --quiet --upgrade pip
	$(SERVE_VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

bench: venv $(SERVE_VENV)/.installed
	$(PY) manage.py bench --server-python $(SERVE_VENV)/bin/python $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(SERVE_VENV) staticfiles .pytest_cache .ruff_cache bench-results
