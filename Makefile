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
BIN := $(VENV)/bin
SPEC := openapi.yaml
GEN_PACKAGE := dwolla_exchange_api
# Same flags for `generate` and `check-generated`, so the two can only differ by the spec.
GENERATE = PATH="$(CURDIR)/$(GEN_VENV)/bin:$$PATH" $(GEN_VENV)/bin/openapi-python-client generate \
	--path $(SPEC) --config generator_config.yml --meta none --fail-on-warning --overwrite

.PHONY: install browser generate check-generated lint-spec lint typecheck pytest test demo record docs breaking bench clean

install: $(VENV)/.installed $(GEN_VENV)/.installed tools/node_modules/.installed browser

# Headless Chromium for the rendered-docs test, from Debian's packages (root on CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the docs test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

$(GEN_VENV)/.installed: tools/generator-requirements.txt
	$(PYTHON) -m venv $(GEN_VENV)
	$(GEN_VENV)/bin/pip install --quiet --disable-pip-version-check -r tools/generator-requirements.txt
	touch $@

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# --meta none writes no py.typed marker; without it users' type checkers would treat the
# models as untyped, so generation adds the (empty) marker as its last step.
generate: $(GEN_VENV)/.installed
	rm -rf generated/$(GEN_PACKAGE)
	$(GENERATE) --output-path generated/$(GEN_PACKAGE)
	touch generated/$(GEN_PACKAGE)/py.typed

check-generated: $(GEN_VENV)/.installed
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GENERATE) --output-path "$$tmp/$(GEN_PACKAGE)" >/dev/null; \
	touch "$$tmp/$(GEN_PACKAGE)/py.typed"; \
	if diff -r -x __pycache__ "$$tmp/$(GEN_PACKAGE)" generated/$(GEN_PACKAGE); then \
		echo "check-generated: generated/ matches $(SPEC)"; \
	else \
		echo "check-generated: generated/ differs from what $(SPEC) generates; run 'make generate'" >&2; exit 1; \
	fi

lint-spec: $(VENV)/.installed tools/node_modules/.installed
	$(BIN)/openapi-spec-validator $(SPEC)
	$(NODE_TOOLS)/redocly lint --config tools/redocly.yaml $(SPEC)

lint: $(VENV)/.installed
	$(BIN)/ruff check overrides tests benchmarks
	$(BIN)/ruff format --check overrides tests benchmarks

typecheck: $(VENV)/.installed
	$(BIN)/mypy

pytest: $(VENV)/.installed
	$(BIN)/pytest -q

# The contract as one self-contained HTML page (git-ignored), for reviewers.
docs: tools/node_modules/.installed
	$(NODE_TOOLS)/redocly build-docs $(SPEC) --inlineBundle --title "Dwolla exchange sessions: API reference" -o docs/reference/index.html

# Fails when $(SPEC) breaks clients compared with the spec at BASE (default: the last commit on
# main that changed it; a branch or CI compares what it is about to land with that).
BASE ?= $(shell git log -1 --format=%H main -- openapi.yaml 2>/dev/null || git log -1 --format=%H -- openapi.yaml)
breaking: tools/node_modules/.installed
	@if [ -z "$(BASE)" ] || ! git cat-file -e "$(BASE):openapi.yaml" 2>/dev/null; then \
		echo "breaking: no committed openapi.yaml to compare with"; exit 0; fi; \
	tmp=$$(mktemp); trap 'rm -f "$$tmp"' EXIT; git show "$(BASE):openapi.yaml" >"$$tmp"; \
	echo "breaking: $(SPEC) against openapi.yaml at $(BASE)"; \
	node tools/breaking.mjs "$$tmp" $(SPEC)

# The README's test command.
test: check-generated lint-spec breaking docs lint typecheck pytest

# Re-records tests/cassettes (see tests/cassettes/README.md): from the offline fake by default,
# or from the sandbox when DWOLLA_RECORD_BASE_URL and real keys are set.
record: $(VENV)/.installed
	DWOLLA_RECORD=1 $(BIN)/pytest -q tests/test_cassettes.py --record-mode=rewrite -k "not credentials"
	$(BIN)/pytest -q tests/test_cassettes.py

clean:
	rm -rf $(VENV) $(GEN_VENV) tools/node_modules build *.egg-info

# The main job, offline: needs only Python (no Node tools).
demo: $(VENV)/.installed
	scripts/demo.sh

# Benchmarks (not in the test command): prints a table and writes docs/benchmarks.md.
bench: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/run.py
