# Newsroom: the targets of Pelican's quickstart Makefile, plus install, test and help.
PY ?= python3
VENV ?= .venv
PELICAN ?= $(VENV)/bin/pelican
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

DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif
# CI: the cleaning plugin's remaining warnings fail the build.
ifdef CI
	PELICANOPTS += -e CLEAN_MARKUP_FATAL_WARNINGS=true
endif
RELATIVE ?= 0
ifeq ($(RELATIVE), 1)
	PELICANOPTS += --relative-urls
endif

STAMP = $(VENV)/.installed

.DEFAULT_GOAL := help

help:
	@echo 'Makefile for the Newsroom site'
	@echo
	@echo 'Usage:'
	@echo '   make install          create $(VENV) from the pinned requirement files'
	@echo '   make html             (re)generate the web site into output/'
	@echo '   make clean            remove the generated files'
	@echo '   make regenerate       regenerate files upon modification'
	@echo '   make publish          generate using production settings (needs SITEURL)'
	@echo '   make github           publish build pushed to $(GITHUB_PAGES_BRANCH) on $(GITHUB_PAGES_REMOTE) (needs SITEURL)'
	@echo '   make serve [PORT=8000]          serve site at http://localhost:8000'
	@echo '   make devserver [PORT=8000]      serve and regenerate together'
	@echo '   make test             run the test suite (lint, build checks, browser checks)'
	@echo '   make import RAW=file [SOURCE=url] [TAGS="a, b"] [DATE=YYYY-MM-DD] [CATEGORY=World]'
	@echo '               [TRANSLATED=1] [FORCE=1] [DRY_RUN=1]'
	@echo '                         turn a raw text or saved page into content/articles/<slug>.md'
	@echo '   make bench [SIZES=10,100,1000] [RUNS=3] [BENCH_ARGS=...]  build-time benchmark'
	@echo '   make bench-search [SEARCH_SIZES=100,1000,5000] [RUNS=3]  search: index size, bytes and time per query'
	@echo '   make search-vendor    copy the pinned browser stemmers from node_modules into the theme'
	@echo
	@echo 'Set the DEBUG variable to 1 to enable debugging, e.g. make DEBUG=1 html'
	@echo 'Set the RELATIVE variable to 1 to enable relative urls'

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(STAMP)

html: $(STAMP)
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" --fatal $(FATAL) $(PELICANOPTS)

clean:
	[ ! -d "$(OUTPUTDIR)" ] || rm -rf "$(OUTPUTDIR)"

regenerate: $(STAMP)
	$(PELICAN) -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(STAMP)
	$(PELICAN) -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" -p $(PORT) -b $(SERVER) $(PELICANOPTS)

devserver: $(STAMP)
	$(PELICAN) -lr "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" -p $(PORT) -b $(SERVER) $(PELICANOPTS)

publish: $(STAMP)
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(PUBLISHCONF)" --fatal $(FATAL) $(PELICANOPTS)

github: $(STAMP)
	$(MAKE) --no-print-directory publish OUTPUTDIR="$(GITHUB_PAGES_DIR)"
	$(VENV)/bin/ghp-import -m "Publish the site" -b "$(GITHUB_PAGES_BRANCH)" -r "$(GITHUB_PAGES_REMOTE)" \
		--no-jekyll --push "$(GITHUB_PAGES_DIR)"

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/python -m pytest

# make import RAW=raw/file.txt [SOURCE=url] [TAGS="a, b"] [DATE=...] ...: see README "Adding an article".
IMPORT_ARGS = $(if $(SOURCE),--source "$(SOURCE)") $(if $(TAGS),--tags "$(TAGS)") \
	$(if $(DATE),--date "$(DATE)") $(if $(CATEGORY),--category "$(CATEGORY)") \
	$(if $(AUTHOR),--author "$(AUTHOR)") $(if $(AGENCY),--agency "$(AGENCY)") \
	$(if $(SLUG),--slug "$(SLUG)") $(if $(LANG_CODE),--lang "$(LANG_CODE)") \
	$(if $(filter 1,$(TRANSLATED)),--translated) $(if $(filter 1,$(FORCE)),--force) \
	$(if $(filter 1,$(DRY_RUN)),--dry-run)

import: $(STAMP)
	@test -n "$(RAW)" || { echo 'usage: make import RAW=path/to/file [SOURCE=url] [TAGS="a, b"] [DATE=YYYY-MM-DD] [FORCE=1] [DRY_RUN=1]'; exit 2; }
	@$(VENV)/bin/python -m newsroom_import "$(RAW)" $(IMPORT_ARGS)

# Benchmark: build time, memory, cost of our parts, warm rebuilds, page weight (see README).
SIZES ?= 10,100,1000
RUNS ?= 3
BENCH_ARGS ?=
bench: $(STAMP)
	$(VENV)/bin/python -m benchmarks.bench --sizes $(SIZES) --runs $(RUNS) $(BENCH_ARGS)

# Search: the index's size and cost, and the browser stemmers copied from npm (see README).
SEARCH_SIZES ?= 100,1000,5000
bench-search: $(STAMP)
	$(VENV)/bin/python -m benchmarks.search_bench --sizes $(SEARCH_SIZES) --runs $(RUNS) $(BENCH_ARGS)

search-vendor: $(STAMP)
	PYTHONPATH=plugins $(VENV)/bin/python -m offline_search.vendor

.PHONY: help install html clean regenerate serve devserver publish github import bench bench-search search-vendor test
