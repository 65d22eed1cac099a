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
	@echo '   make serve [PORT=8000]          serve site at http://localhost:8000'
	@echo '   make devserver [PORT=8000]      serve and regenerate together'
	@echo '   make test             run the test suite (lint, build checks, browser checks)'
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

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/python -m pytest

.PHONY: help install html clean regenerate serve devserver publish test
