# Two commands for a newcomer (see README): `make run` and `make test`.
# Both install what they need: apt packages (when missing), the virtualenv, the npm assets.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

# WeasyPrint needs Pango and HarfBuzz's subsetter (npm, for the front-end assets, is checked apart:
# a machine may have Node.js from elsewhere, whose package conflicts with Debian's npm).
APT_RUN := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libthai0
# The tests also drive a real Chromium, inspect PDFs with poppler (pdffonts, pdftoppm) and compile
# the Thai messages with gettext's msgfmt (make locale).
APT_TEST := chromium poppler-utils gettext
# The load benchmark drives gunicorn with wrk, a bounded HTTP load generator.
APT_BENCH := wrk

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run worker test setup setup-test apt-run apt-test migrate demo lint bench bench-national clean locale

run: setup .env migrate demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# A background worker (plan PDFs, large imports): needs CELERY_BROKER_URL, here or in .env.
worker: setup .env
	$(PY) -m celery -A config worker --loglevel=INFO --concurrency=$${WORKER_CONCURRENCY:-2}

test: setup setup-test
	$(VENV)/bin/ruff check .
	SECRET_KEY=$${SECRET_KEY:-tests-only-secret-key-not-for-production} $(PY) -m pytest $(PYTEST_ARGS)

setup: apt-run $(VENV)/.installed node_modules/.installed

setup-test: apt-test

# Install the listed Debian packages that are not installed yet (apt-get update once, only then).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi
endef

apt-run:
	$(call apt_install,$(APT_RUN))
	@command -v npm >/dev/null || { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q nodejs npm; }
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q python3-venv; }

apt-test:
	$(call apt_install,$(APT_TEST))

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# This machine's development settings (git-ignored, never for a server): config/settings.py reads
# them while DEBUG is on, so manage.py works afterwards without typing variables. Written once.
.env:
	@umask 077; key=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') && \
	  archive_key=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(32))') && printf '%s\n' \
	  "# Development settings of this machine, written by make run and read by config/settings.py." \
	  "# Not for a server: with DEBUG=0 in the environment none of it is used." \
	  DEBUG=1 "SECRET_KEY=$$key" "ARCHIVE_SIGNING_KEY=$$archive_key" > $@
	@echo "Wrote $@ (DEBUG=1, a development SECRET_KEY and ARCHIVE_SIGNING_KEY of this machine): manage.py reads it from now on."

migrate: .env
	$(PY) manage.py migrate --noinput

demo: .env
	$(PY) manage.py load_demo

# The Thai messages that complete Django's own (locale/th/LC_MESSAGES/django.po): the compiled .mo is
# committed, so that a server needs no gettext; run this after editing the .po.
locale:
	msgfmt --check -o locale/th/LC_MESSAGES/django.mo locale/th/LC_MESSAGES/django.po

lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: setup setup-test
	$(call apt_install,$(APT_BENCH))
	SECRET_KEY=bench-only DEBUG=0 $(PY) -m bench

# The whole country on PostgreSQL (its own database, opplan_national_bench; built once, then reused):
# BENCH_ARGS="--organisations 2000" for a smaller one.
bench-national: setup setup-test
	$(call apt_install,$(APT_BENCH))
	$(PY) -m bench.national $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles
