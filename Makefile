# Two commands for a newcomer: `make demo` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000

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

demo: venv
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST)

serve: venv
	$(PY) manage.py runserver $(HOST)

test: venv
	$(VENV)/bin/pytest -n 2 --dist loadfile

test-fast: venv
	$(VENV)/bin/pytest -n 2 --dist loadfile -m "not e2e"

e2e: venv
	$(VENV)/bin/pytest -m e2e

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: venv
	$(PY) manage.py makemessages --locale fr --no-obsolete --add-location file \
		--ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*"
	$(PY) manage.py compilemessages --locale fr --ignore ".venv/*"

check-deploy: venv
	DJANGO_SETTINGS_MODULE=icc.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
		ALLOWED_HOSTS=icc.example.org DATABASE_URL=sqlite:///tmp/check.sqlite3 \
		$(PY) manage.py check --deploy --fail-level WARNING

bench: venv
	$(PY) manage.py bench

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
