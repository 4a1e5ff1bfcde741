# The two commands of the README:  make run   (set up + start on http://localhost:8501)
#                                  make test  (set up test needs + run the whole suite)
PY := .venv/bin/python
PYTEST_ARGS ?=
PORT ?= 8501
# extra streamlit flags, e.g. make run ARGS="--server.address 0.0.0.0" to serve the class on the LAN
ARGS ?=

.PHONY: setup run test test-fast lint format serve

setup:
	@bash scripts/setup.sh

run: setup
	$(PY) -m streamlit run app.py --server.port $(PORT) $(ARGS)

test:
	@bash scripts/setup.sh --test
	@$(MAKE) -s lint
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff (configured in pyproject.toml): lint rules + the formatter's check; CI fails on either
lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# rewrite the files the way `make lint` wants them
format:
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# unit + page tests only (no browser), for a quick loop while developing
test-fast:
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# N Streamlit replicas behind nginx (sticky sessions, websockets, the upload limit): make serve REPLICAS=2
REPLICAS ?= 2
serve: setup
	@bash scripts/setup.sh --serve
	$(PY) scripts/serve.py --replicas $(REPLICAS) --port $(PORT) $(if $(SERVE_BASE_PORT),--base-port $(SERVE_BASE_PORT),)
