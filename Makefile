# cchc — the two commands of the README are `make demo` and `make test`; everything else is a helper.
SHELL := /bin/bash
PG_URL ?= postgres://postgres@127.0.0.1:5432/cchc
# What the running app needs (Vietnamese fonts for PDFs, LibreOffice for DOCX→PDF, poppler) and what the
# tests add (a browser, a PKCS#11 token, the gettext tools, Java for the Spark parity test).
RUNTIME_PACKAGES := fonts-liberation2 fonts-noto-core fonts-dejavu-core libreoffice-writer-nogui poppler-utils tesseract-ocr tesseract-ocr-vie
TEST_PACKAGES := chromium softhsm2 opensc gettext openjdk-17-jre-headless
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install runtime-deps system-deps services lint bench bench-full messages

## Install the locked Python environment (uv is bootstrapped from PyPI when missing).
install:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	uv sync --locked

## Debian packages, each installed only when missing.
define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Cài gói Debian: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

runtime-deps:
	$(call apt_install,$(RUNTIME_PACKAGES))

system-deps: runtime-deps
	$(call apt_install,$(TEST_PACKAGES))

## PostgreSQL must answer on 127.0.0.1:5432 for the second test pass (started if the cluster is down).
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL không phản hồi" >&2; exit 1

## First README command: install, create the SQLite database, load the demo, serve on 127.0.0.1:8000.
demo: install runtime-deps
	uv run cchc demo

## Second README command: lint and type-check (mypy over src/cchc), then every test on SQLite (domain, apps, browser), then the app tests on PostgreSQL.
test: install system-deps services
	uv run ruff check src tests bench
	uv run mypy
	uv run pytest
	DATABASE_URL=$(PG_URL) uv run pytest tests/apps tests/analytics -m "not browser and not spark"

lint:
	uv run ruff check src tests bench
	uv run ruff format --check src tests bench
	uv run mypy

bench: install system-deps
	uv run python bench/run.py

bench-full: install system-deps
	uv run python bench/run.py --full

## The domain is scanned too: the labels of the 766 indicator entries (domain/index766_specs.py) are
## marked with gettext_noop there and translated where they are shown.
messages:
	cd src/cchc && uv run cchc manage makemessages -l vi -l en --ignore "commands/*"
	python3 scripts/fill_po.py src/cchc/locale/en/LC_MESSAGES/django.po docs/i18n/*.json
	cd src/cchc && uv run cchc manage compilemessages
