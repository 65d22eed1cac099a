# Newsroom: the targets of Pelican's quickstart Makefile, plus install, test and help.
PY ?= python3
VENV ?= .venv
PELICANOPTS ?=

BASEDIR = $(CURDIR)
INPUTDIR ?= $(BASEDIR)/content
OUTPUTDIR ?= $(BASEDIR)/output
CONFFILE ?= $(BASEDIR)/pelicanconf.py
PUBLISHCONF ?= $(BASEDIR)/publishconf.py
PORT ?= 8000
# make github: a publish build pushed with ghp-import to this branch of this remote.
GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_PAGES_REMOTE ?= origin
# Built apart from output/, which holds the committed offline build.
GITHUB_PAGES_DIR ?= $(BASEDIR)/.gh-pages-build
SERVER ?= 127.0.0.1
# Any Pelican error (a missing title, a broken date, a file that is not UTF-8) fails the build.
FATAL ?= errors

# Values given on the command line or in the environment (folders, the port, and those of
# `make import` and `make github`) are data. Make keeps each as it was written (no `$`
# expansion, no `$(shell ...)`: the `$(value ...)` below) and passes it on in the environment;
# recipes read it as "$$VAR", so no shell parses it either: `make import TAGS='US$ bonds'`
# gives the tag `US$ bonds`. Define a variable above this block: `export` defines it empty.
DATA_VARIABLES = RAW SOURCE TAGS DATE MODIFIED CORRECTION CATEGORY AUTHOR AGENCY SLUG LANG_CODE TITLE SITE \
	TRANSLATED FORCE DRY_RUN GITHUB_PAGES_BRANCH GITHUB_PAGES_REMOTE GITHUB_PAGES_DIR \
	SITEURL CNAME INPUTDIR OUTPUTDIR CONFFILE PUBLISHCONF PORT SERVER FATAL FULL
$(foreach name,$(DATA_VARIABLES),$(if $(filter command% environment%,$(origin $(name))),\
	$(eval override $(name) := $$(value $(name)))))
export $(DATA_VARIABLES)

DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif
# FULL=1: a cold build (every source read and every page rendered again); builds are
# incremental otherwise (newsroom/build/incremental.py).
FULL ?= 0
ifeq ($(FULL), 1)
	BUILD_MODE = --full
endif
RELATIVE ?= 0
ifeq ($(RELATIVE), 1)
	PELICANOPTS += --relative-urls
endif

# Each target installs only what it needs, into $(VENV), when its requirement files change:
# building the site needs requirements.txt alone; the import command, `make github` and the
# tests bring their own (requirements-import.txt, -github.txt, -test.txt). STAMP= skips them all.
STAMP = $(VENV)/.installed
IMPORT_STAMP = $(if $(STAMP),$(VENV)/.installed-import)
GITHUB_STAMP = $(if $(STAMP),$(VENV)/.installed-github)
TEST_STAMP = $(if $(STAMP),$(VENV)/.installed-test)
PIP_INSTALL = $(VENV)/bin/python -m pip install --quiet --disable-pip-version-check
VENV_PYTHON = test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)

.DEFAULT_GOAL := help

help:
	@echo 'Makefile for the Newsroom site'
	@echo
	@echo 'Usage:'
	@echo '   make install          create $(VENV) with what the build needs (requirements.txt)'
	@echo '   make html             (re)generate the web site into output/'
	@echo '   make clean            remove the generated files'
	@echo '   make regenerate       regenerate files upon modification'
	@echo '   make publish          generate using production settings (needs SITEURL)'
	@echo "   make github           publish build pushed to $$GITHUB_PAGES_BRANCH on $$GITHUB_PAGES_REMOTE (needs SITEURL)"
	@echo '   make serve [PORT=8000]          serve site at http://localhost:8000'
	@echo '   make devserver [PORT=8000]      serve and regenerate together'
	@echo '   make test             run the test suite (lint, build checks, browser checks);'
	@echo '                         installs the test tools and the pinned npm tools first'
	@echo '   make test-deep        the same with the property tests deep profile (slower)'
	@echo '   make import RAW=file [SOURCE=url] [TAGS="a, b"] [DATE=YYYY-MM-DD] [CATEGORY=World]'
	@echo '               [AUTHOR=...] [AGENCY=...] [TITLE=...] [SLUG=...] [LANG_CODE=fr]'
	@echo '               [SITE=host] [TRANSLATED=1] [FORCE=1] [DRY_RUN=1]'
	@echo '                         turn a raw text or saved page into content/articles/<slug>.md'
	@echo '   make bench [SIZES=10,100,1000] [RUNS=3] [BENCH_ARGS=...]  build-time benchmark'
	@echo '   make bench-search [SEARCH_SIZES=100,1000,5000] [RUNS=3]  search: index size, bytes and time per query'
	@echo '   make search-vendor    copy the pinned browser stemmers from node_modules into the theme'
	@echo
	@echo 'Set the DEBUG variable to 1 to enable debugging, e.g. make DEBUG=1 html'
	@echo 'Set the RELATIVE variable to 1 to enable relative urls'

# The project's own package (newsroom/) goes in last, editable and without dependencies: they
# are the pinned ones above.
$(STAMP): requirements.txt pyproject.toml
	$(VENV_PYTHON)
	$(PIP_INSTALL) -r requirements.txt
	$(PIP_INSTALL) --no-deps --editable .
	touch $@

$(VENV)/.installed-import: $(STAMP) requirements-import.txt
	$(PIP_INSTALL) -r requirements-import.txt
	touch $@

$(VENV)/.installed-github: $(STAMP) requirements-github.txt
	$(PIP_INSTALL) -r requirements-github.txt
	touch $@

# The test tools include the import command's and `make github`'s, which are then up to date too.
$(VENV)/.installed-test: $(STAMP) requirements-test.txt requirements-import.txt requirements-github.txt
	$(PIP_INSTALL) -r requirements-test.txt
	touch $(VENV)/.installed-import $(VENV)/.installed-github $@

install: $(STAMP)

install-dev: $(TEST_STAMP)

# The site's builds run through newsroom.build: Pelican into a fresh folder beside the output,
# swapped in whole when the build succeeded, so output/ is never left half written; a second
# build waits for the first. The folders and the port reach it through the environment, quoted,
# so no shell ever parses them; PELICANOPTS are options (-e KEY=VALUE, -v, -D ...).
export NEWSROOM_CONTENT = $(INPUTDIR)
export NEWSROOM_OUTPUT = $(OUTPUTDIR)
export NEWSROOM_PORT = $(PORT)
export NEWSROOM_BIND = $(SERVER)
export NEWSROOM_CONFFILE = $(CONFFILE)
export NEWSROOM_PUBLISHCONF = $(PUBLISHCONF)
export NEWSROOM_FATAL = $(FATAL)
BUILD = $(VENV)/bin/python -m newsroom.build
FOLDERS = --content "$$NEWSROOM_CONTENT" --output "$$NEWSROOM_OUTPUT"
SERVER_ADDRESS = --port "$$NEWSROOM_PORT" --bind "$$NEWSROOM_BIND"

html: $(STAMP)
	$(BUILD) html $(BUILD_MODE) $(FOLDERS) -s "$$NEWSROOM_CONFFILE" --fatal "$$NEWSROOM_FATAL" $(PELICANOPTS)

clean: $(STAMP)
	$(BUILD) clean $(FOLDERS) -s "$$NEWSROOM_CONFFILE"

regenerate: $(STAMP)
	$(BUILD) regenerate $(BUILD_MODE) $(FOLDERS) -s "$$NEWSROOM_CONFFILE" $(PELICANOPTS)

serve: $(STAMP)
	$(BUILD) serve $(FOLDERS) -s "$$NEWSROOM_CONFFILE" $(SERVER_ADDRESS) $(PELICANOPTS)

devserver: $(STAMP)
	$(BUILD) devserver $(BUILD_MODE) $(FOLDERS) -s "$$NEWSROOM_CONFFILE" $(SERVER_ADDRESS) $(PELICANOPTS)

publish: $(STAMP)
	$(BUILD) publish $(BUILD_MODE) $(FOLDERS) -s "$$NEWSROOM_PUBLISHCONF" --fatal "$$NEWSROOM_FATAL" $(PELICANOPTS)

# The publish build goes to its own folder (output/ keeps the offline build), then ghp-import
# commits it to the branch and pushes it. newsroom.plugins.pages_hosting.push reads the branch, remote and
# folder from the environment and checks them (and SITEURL, CNAME) before anything is built.
github: $(STAMP) $(GITHUB_STAMP)
	@$(VENV)/bin/python -m newsroom.plugins.pages_hosting.push --check
	$(BUILD) publish --content="$$NEWSROOM_CONTENT" --output="$$GITHUB_PAGES_DIR" \
		-s "$$NEWSROOM_PUBLISHCONF" --fatal "$$NEWSROOM_FATAL" $(PELICANOPTS)
	@$(VENV)/bin/python -m newsroom.plugins.pages_hosting.push

# The browser tests drive Debian's Chromium and run the Nu HTML Checker with Java, and `make github`
# is tested with git: without one of them `make test` stops here and says what to install
# (.ci/run installs them all), rather than skip tests.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
TEST_TOOLS = node_modules/.package-lock.json
# Two test processes (pytest-xdist): each test builds its own sites in its own folders.
# PYTEST_ARGS= runs them in one.
PYTEST_ARGS ?= -n 2

$(TEST_TOOLS): package.json package-lock.json
	@command -v npm >/dev/null || { echo 'make test: npm is missing: install Node.js and npm (apt-get install nodejs npm)'; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test-tools:
	@test -x "$(CHROMIUM)" || { echo 'make test: Chromium is missing ($(CHROMIUM)): apt-get install chromium, or set CHROMIUM=/path/to/chromium'; exit 1; }
	@command -v java >/dev/null || { echo 'make test: Java is missing (the Nu HTML Checker runs on it): apt-get install default-jre-headless'; exit 1; }
	@command -v git >/dev/null || { echo 'make test: git is missing (make github is tested with it): apt-get install git'; exit 1; }

# The tests run make in copies of the project: the values this make exports (its folders
# among them) would point those at this one, so pytest starts without them.
test: $(TEST_STAMP) $(TEST_TOOLS) test-tools
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	env $(foreach name,$(DATA_VARIABLES),-u $(name)) $(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# The same suite with the property tests' deep profile (many more examples each): minutes more.
test-deep:
	HYPOTHESIS_PROFILE=deep $(MAKE) --no-print-directory test

# make import RAW=raw/file.txt [SOURCE=url] [TAGS="a, b"] [DATE=...] ...: see README "Adding an article".
# Each option is passed only when its variable is set, from the environment ("$$VAR"): the
# `$(if ...)` tests the value without putting it in the command.
IMPORT_ARGS = $(if $(SOURCE),"--source=$$SOURCE") $(if $(TAGS),"--tags=$$TAGS") \
	$(if $(DATE),"--date=$$DATE") $(if $(CATEGORY),"--category=$$CATEGORY") \
	$(if $(MODIFIED),"--modified=$$MODIFIED") $(if $(CORRECTION),"--correction=$$CORRECTION") \
	$(if $(AUTHOR),"--author=$$AUTHOR") $(if $(AGENCY),"--agency=$$AGENCY") \
	$(if $(SLUG),"--slug=$$SLUG") $(if $(LANG_CODE),"--lang=$$LANG_CODE") \
	$(if $(TITLE),"--title=$$TITLE") $(if $(SITE),"--site=$$SITE") \
	$(if $(filter 1,$(TRANSLATED)),--translated) $(if $(filter 1,$(FORCE)),--force) \
	$(if $(filter 1,$(DRY_RUN)),--dry-run)

import: $(STAMP) $(IMPORT_STAMP)
	@test -n "$$RAW" || { echo 'usage: make import RAW=path/to/file-or-folder [TITLE="..."] [SOURCE=url] [TAGS="a, b"] [DATE=YYYY-MM-DD] [MODIFIED="YYYY-MM-DD HH:MM"] [CORRECTION="YYYY-MM-DD text"] [FORCE=1] [DRY_RUN=1]'; exit 2; }
	@$(VENV)/bin/python -m newsroom.importer $(IMPORT_ARGS) -- "$$RAW"

# Benchmark: build time, memory, cost of our parts, warm rebuilds, page weight (see README).
SIZES ?= 10,100,1000
RUNS ?= 3
BENCH_ARGS ?=
bench: $(TEST_STAMP)
	$(VENV)/bin/python -m benchmarks.bench --sizes $(SIZES) --runs $(RUNS) $(BENCH_ARGS)

# Search: the index's size and cost, timed in Chromium (the test tools), and the browser
# stemmers copied from npm into the theme (see README).
SEARCH_SIZES ?= 100,1000,5000
bench-search: $(TEST_STAMP) $(TEST_TOOLS)
	$(VENV)/bin/python -m benchmarks.search_bench --sizes $(SEARCH_SIZES) --runs $(RUNS) $(BENCH_ARGS)

search-vendor: $(STAMP) $(TEST_TOOLS)
	$(VENV)/bin/python -m newsroom.plugins.offline_search.vendor

.PHONY: help install install-dev html clean regenerate serve devserver publish github import bench \
	bench-search search-vendor test test-deep test-tools
