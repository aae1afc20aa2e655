# The two commands a newcomer needs: `make run` (the whole system) and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")

.PHONY: setup infra browser-tools run test lint bench contracts screenshots clean

setup:  ## install uv if missing, then the locked workspace
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

infra:  ## RabbitMQ and a MongoDB-protocol server on loopback (idempotent)
	python3 deploy/infra.py up

browser-tools:  ## Debian's Chromium and the pinned axe-core (npm ci) for the browser tests
	bash deploy/browser_tools.sh

run: setup  ## infrastructure + all six services in the foreground; Ctrl-C stops them all
	$(UV) run python deploy/run.py

lint: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy

test: setup infra browser-tools lint  ## lint, type-check, then every test against real RabbitMQ and MongoDB
	$(UV) run pytest

bench: setup infra  ## benchmarks: print figures, assert nothing
	$(UV) run python -m tests.bench

screenshots: setup infra browser-tools  ## PNGs of every page at desktop and phone size in screenshots/
	rm -rf screenshots
	HELPDESK_SCREENSHOTS=screenshots $(UV) run pytest tests/browser -q -s -p no:randomly
	@ls screenshots

contracts: setup  ## regenerate contracts/asyncapi.json and contracts/schemas after changing a model
	$(UV) run python -m helpdesk_contracts.asyncapi

clean:
	python3 deploy/infra.py down
	rm -rf .run
