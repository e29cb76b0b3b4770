# Silk Road Ties. `make build` and `make test` work on a fresh clone with Python 3.11:
# they create .venv and install the pinned dependencies (requirements.lock) first.

PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.DEFAULT_GOAL := help
.PHONY: help venv build check test docs serve new draft bench release scope diff clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  make %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP) ## create .venv with the pinned dependencies

build: $(STAMP) ## check every entry, then write data/*.csv, datapackage.yaml, datapackage.json and the editors' JSON Schema
	$(PY) -m scripts schema
	$(PY) -m scripts build

check: $(STAMP) ## check without writing, through the same gate as build; FILES="data/sources/x.yaml ..." checks only those entries (not the whole package: it says which checks it skips); NO_CACHE=1 trusts no cache; AGAINST=<folder> keeps what the package there published (CI: the base branch)
	$(PY) -m scripts check $(if $(NO_CACHE),--no-cache) $(if $(AGAINST),--against '$(AGAINST)') $(FILES)

test: $(STAMP) ## run the test suite
	$(PY) -m pytest

# `make new` hands what was typed to the program untouched: neither make nor the shell
# expands it (`TITLE='Deal worth $$1.3 billion'` stays as written). The values travel in
# the environment, taken with $(value ...) so that make expands nothing in them, and the
# variables themselves are not exported (exporting would expand them, $(shell ...) too).
NEW_VARS := TEXT DATE TOPIC PUBLISHER TITLE AUTHOR URL LANGUAGE ID
$(foreach var,$(NEW_VARS),$(eval new: export SRT_NEW_$(var) := $$(value $(var))))
unexport $(NEW_VARS)

new: $(STAMP) ## start an entry: make new TEXT=article.txt DATE=YYYY-MM-DD TOPIC="words" PUBLISHER=... [ID=... TITLE=... AUTHOR=... URL=... LANGUAGE=en]
	$(PY) -m scripts new --from-environment

draft: $(STAMP) ## draft an entry's records from its text: make draft FILE=data/sources/<id>.yaml [WRITE=1]; SCORE=1 measures the draft on the recorded entries
	$(PY) -m scripts draft $(if $(SCORE),--score,$(if $(WRITE),--write) "$(FILE)")

docs: $(STAMP) ## build the documentation site into site/ (offline, --strict)
	$(PY) -m scripts docs
	$(PY) -m mkdocs build --strict --quiet

serve: $(STAMP) ## serve the documentation site on http://127.0.0.1:8000
	$(PY) -m scripts docs
	$(PY) -m mkdocs serve

release: build ## build the release into build/release: the archive (package, texts, README, licence), Parquet per table, a SQLite database
	$(PY) -m scripts release

# What a pull request touches: only data, or code too (then it needs a maintainer's review),
# and whether it keeps to the limits. Standard library only: it needs no .venv, and CI runs the
# base branch's copy of it. From the base's checkout, name the pull request's commit with HEAD.
BASE ?= origin/main
HEAD ?= HEAD
scope: ## what a pull request touches (data only, or code too) and whether it is within the limits: make scope BASE=origin/main [HEAD=pr-branch]
	$(PYTHON) -I scripts/contrib/scope.py --base "$(BASE)" --head "$(HEAD)"

diff: $(STAMP) ## what changed in the published package since the last release; REF=<git ref> or ARCHIVE=<release zip> compares with another; writes build/diff/ (OUT=... elsewhere); WRITE_CHANGELOG=1 rewrites CHANGELOG.md's data section
	$(PY) -m scripts diff $(if $(REF),--ref '$(REF)') $(if $(ARCHIVE),--archive '$(ARCHIVE)') $(if $(OUT),--out '$(OUT)') $(if $(WRITE_CHANGELOG),--write-changelog)

N ?= 10000
bench: $(STAMP) ## benchmark on a synthetic corpus of N sources (default 10000); writes bench-results.json
	$(PY) -m scripts.tools.bench --sources $(N)

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .hypothesis .build-staging build site test-artifacts
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
