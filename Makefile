# The two commands a newcomer needs: `make run` (the whole system) and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
# Every Python process (pytest and each service it starts) reuses compiled modules kept in
# .run/pycache instead of compiling its imports again at each start: about 2 s less CPU per
# service process, also where the environment sets PYTHONDONTWRITEBYTECODE (kept out of the tree).
export PYTHONPYCACHEPREFIX := $(CURDIR)/.run/pycache
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup infra browser-tools run test lint bench contracts screenshots clean cluster cluster-down test-cluster

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

bench: setup infra  ## benchmarks: print figures, assert nothing (ONLY=runtime|intake|tickets|chat|sla|notify|kb|…: one)
	$(UV) run python -m tests.bench $(if $(ONLY),--only $(ONLY))

screenshots: setup infra browser-tools  ## PNGs of every page at desktop and phone size in screenshots/
	rm -rf screenshots
	HELPDESK_SCREENSHOTS=screenshots $(UV) run pytest tests/browser -q -s -p no:randomly
	@ls screenshots

cluster:  ## a 3-node RabbitMQ cluster on ports 5673-5675 (beside the broker on 5672)
	python3 deploy/cluster.py up

cluster-down:  ## stop the 3 nodes and delete .run/cluster
	python3 deploy/cluster.py down

test-cluster: setup infra  ## kill -9 RabbitMQ nodes under a real service (not in `make test`)
	python3 deploy/cluster.py up
	$(UV) run pytest cluster_tests -p no:randomly -s; status=$$?; \
	  [ -n "$$KEEP_CLUSTER" ] || python3 deploy/cluster.py down; exit $$status

contracts: setup  ## regenerate contracts/asyncapi.json and contracts/schemas after changing a model
	$(UV) run python -m helpdesk_contracts.asyncapi

clean:
	python3 deploy/infra.py down
	rm -rf .run
