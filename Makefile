# Every target runs from a clean clone: `make install` builds what the others need.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
GEN_VENV := .venv-generator
NODE_TOOLS := tools/node_modules/.bin
# No telemetry or update checks: the machine is offline and CI output should be quiet.
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
# Redocly boxes notices on stderr that no flag turns off (Node 20's end of life, Redoc 3 in
# build-docs); REDOCLY drops the boxed lines and keeps everything else, exit status included.
REDOCLY = $(NODE_TOOLS)/redocly
UNBOX = 2> >(sed -u '/^ *[╔║╚]/d; /^ *$$/d' >&2)
BIN := $(VENV)/bin
SPEC := openapi.yaml
GEN_PACKAGE := dwolla_exchange_api
# The contract as JSON inside the package, for the offline fake (no YAML library needed).
SPEC_JSON := overrides/dwolla_exchange/testing/openapi.json
# Same flags for `generate` and `check-generated`, so the two can only differ by the spec.
# Our templates, and the generator's model template with our three edits (tools/model_template.py).
TEMPLATES := build/generator-templates
GENERATE = PATH="$(CURDIR)/$(GEN_VENV)/bin:$$PATH" $(GEN_VENV)/bin/openapi-python-client generate \
	--path $(SPEC) --config generator_config.yml --custom-template-path $(TEMPLATES) \
	--meta none --fail-on-warning --overwrite

.PHONY: install browser python-version templates generate check-generated lint-spec lint typecheck pytest test demo record docs breaking upstream-check bench clean

install: $(VENV)/.installed $(GEN_VENV)/.installed tools/node_modules/.installed browser

# Headless Chromium for the rendered-docs test, from Debian's packages. apt needs root (as on
# CI); anyone else gets one line saying how, and that test skips with the same reason.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the rendered-docs test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "browser: chromium not found; the rendered-docs test will skip (install it as root: apt-get install chromium)"; \
	fi

# Checked before any venv is made: an older Python fails later, on a pinned package, and
# would leave a half-made venv behind.
python-version:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "dwolla-exchange needs Python 3.11+, found $$($(PYTHON) -V 2>&1 || echo none) at PYTHON=$(PYTHON); try make PYTHON=python3.11 ..." >&2; \
		exit 1; }

# The editable install finds the sources through an import hook, which type checkers cannot
# follow (every dwolla_exchange type would silently be Any in your mypy run): a .pth file
# names the two source folders as plain paths, which mypy and pyright read.
SOURCES_PTH = $(BIN)/python -c 'import site, sys; open(site.getsitepackages()[0] + "/dwolla_exchange_sources.pth", "w").write("$(CURDIR)/generated\n$(CURDIR)/overrides\n")'

# A venv whose install fails is removed, so the next run starts clean instead of reusing it.
$(VENV)/.installed: pyproject.toml | python-version
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]' || { rm -rf $(VENV); exit 1; }
	$(SOURCES_PTH)
	touch $@ $(VENV)/.runtime

# What `make demo` runs and nothing more: the client's own dependencies and the CLI's (from pyproject.toml),
# with the sources on PYTHONPATH, so a first demo does not wait for the dev toolchain. Where
# $(PYTHON) has a pip that can install into another interpreter (22.3+), the venv is made
# without its own pip: bootstrapping one is half of the time. `make install` adds it later.
$(VENV)/.runtime: pyproject.toml | python-version
	@requirements=$$(mktemp); trap 'rm -f "$$requirements"' EXIT; \
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["cli"]))' >"$$requirements"; \
	pip_flags="--quiet --disable-pip-version-check --no-compile -r $$requirements"; \
	if $(PYTHON) -c 'import pip, sys; sys.exit(tuple(map(int, pip.__version__.split(".")[:2])) < (22, 3))' 2>/dev/null; then \
		echo "$(VENV): the client's dependencies only (make install adds the dev tools)"; \
		$(PYTHON) -m venv --without-pip $(VENV) && $(PYTHON) -m pip --python $(BIN)/python install $$pip_flags; \
	else \
		$(PYTHON) -m venv $(VENV) && $(BIN)/pip install $$pip_flags; \
	fi || { rm -rf $(VENV); exit 1; }
	$(SOURCES_PTH)
	@# The README's next commands run .venv/bin/dwolla-exchange: until `make install` puts
	@# pip's console script there, a two-line one runs the CLI from the sources.
	@test -e $(BIN)/dwolla-exchange || { \
		printf '#!/bin/sh\nexec "%s" -m dwolla_exchange "$$@"\n' "$(CURDIR)/$(BIN)/python" >$(BIN)/dwolla-exchange; \
		chmod +x $(BIN)/dwolla-exchange; }
	touch $@

$(GEN_VENV)/.installed: tools/generator-requirements.txt | python-version
	$(PYTHON) -m venv $(GEN_VENV)
	$(GEN_VENV)/bin/pip install --quiet --disable-pip-version-check -r tools/generator-requirements.txt || { rm -rf $(GEN_VENV); exit 1; }
	touch $@

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# --meta none writes no py.typed marker; without it users' type checkers would treat the
# models as untyped, so generation adds the (empty) marker as its last step.
templates: $(GEN_VENV)/.installed
	$(GEN_VENV)/bin/python tools/model_template.py $(TEMPLATES)

generate: templates
	rm -rf generated/$(GEN_PACKAGE)
	$(GENERATE) --output-path generated/$(GEN_PACKAGE)
	touch generated/$(GEN_PACKAGE)/py.typed
	$(GEN_VENV)/bin/python tools/spec_json.py $(SPEC) $(SPEC_JSON)

check-generated: templates
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GENERATE) --output-path "$$tmp/$(GEN_PACKAGE)" >/dev/null; \
	touch "$$tmp/$(GEN_PACKAGE)/py.typed"; \
	$(GEN_VENV)/bin/python tools/spec_json.py $(SPEC) "$$tmp/spec.json"; \
	if diff -r -x __pycache__ "$$tmp/$(GEN_PACKAGE)" generated/$(GEN_PACKAGE) && diff -q "$$tmp/spec.json" $(SPEC_JSON); then \
		echo "check-generated: generated/ and $(SPEC_JSON) match $(SPEC)"; \
	else \
		echo "check-generated: generated/ differs from what $(SPEC) generates; run 'make generate'" >&2; exit 1; \
	fi

lint-spec: $(VENV)/.installed tools/node_modules/.installed
	$(BIN)/openapi-spec-validator $(SPEC)
	$(REDOCLY) lint --config tools/redocly.yaml $(SPEC) $(UNBOX)

lint: $(VENV)/.installed
	$(BIN)/ruff check overrides tests benchmarks tools scripts
	$(BIN)/ruff format --check overrides tests benchmarks tools scripts

typecheck: $(VENV)/.installed
	$(BIN)/mypy

pytest: $(VENV)/.installed
	$(BIN)/pytest -q

# The contract as one self-contained HTML page (git-ignored), for reviewers.
docs: tools/node_modules/.installed
	$(REDOCLY) build-docs $(SPEC) --inlineBundle --title "Dwolla exchange sessions: API reference" -o docs/reference/index.html $(UNBOX)

# Fails when $(SPEC) breaks clients compared with the spec at BASE (default: the last commit on
# main that changed it; a branch or CI compares what it is about to land with that).
BASE ?= $(shell git log -1 --format=%H main -- openapi.yaml 2>/dev/null || git log -1 --format=%H -- openapi.yaml)
breaking: tools/node_modules/.installed
	@if [ -z "$(BASE)" ] || ! git cat-file -e "$(BASE):openapi.yaml" 2>/dev/null; then \
		echo "breaking: no committed openapi.yaml to compare with"; exit 0; fi; \
	tmp=$$(mktemp); trap 'rm -f "$$tmp"' EXIT; git show "$(BASE):openapi.yaml" >"$$tmp"; \
	echo "breaking: $(SPEC) against openapi.yaml at $(BASE)"; \
	node tools/breaking.mjs "$$tmp" $(SPEC)

# Compares the contract with an upstream OpenAPI description, e.g. Dwolla's published one:
# `make upstream-check UPSTREAM=../dwolla-openapi/openapi.yml`. Fails when the client would
# reject a response that upstream documents as valid (tools/upstream_check.py says how).
upstream-check: $(VENV)/.installed
	@if [ -z "$(UPSTREAM)" ]; then echo "usage: make upstream-check UPSTREAM=path/to/openapi.yml" >&2; exit 2; fi
	$(BIN)/python tools/upstream_check.py $(SPEC) "$(UPSTREAM)"

# The README's test command.
test: install check-generated lint-spec breaking docs lint typecheck pytest

# Re-records tests/cassettes (see tests/cassettes/README.md): from the offline fake by default,
# or from the sandbox when DWOLLA_RECORD_BASE_URL and real keys are set.
record: $(VENV)/.installed
	DWOLLA_RECORD=1 $(BIN)/pytest -q tests/test_cassettes.py --record-mode=rewrite -k "not credentials"
	$(BIN)/pytest -q tests/test_cassettes.py

clean:
	rm -rf $(VENV) $(GEN_VENV) tools/node_modules build *.egg-info

# The main job, offline: needs only Python and the client's dependencies (no Node tools).
demo: $(VENV)/.runtime
	scripts/demo.sh

# Benchmarks (not in the test command): prints a table and writes docs/benchmarks.md.
bench: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/run.py
