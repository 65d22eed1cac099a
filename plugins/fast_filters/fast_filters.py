"""Jinja's `striptags`, remembered: the same titles and names are stripped on every page.

Pelican has no autoescape, so the theme prints every metadata value as `|striptags|e`. An
article's title, summary, tags and authors appear on its own page and on every listing,
feed link and neighbour's page that names it: in a 1,000-article build `striptags` ran
125,000 times on a few thousand distinct strings. The result depends on the text alone,
so each distinct text is stripped once; output is unchanged, byte for byte.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2.filters import do_striptags
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

# Enough for titles, summaries and names of several thousand articles; bounded all the same.
CACHE_SIZE = 32768


@lru_cache(maxsize=CACHE_SIZE)
def _strip_text(text: str) -> str:
    return Markup(text).striptags()


def striptags(value: Any) -> str:
    """`do_striptags`, from the cache for plain strings and Markup (whose __html__ is itself)."""
    if type(value) is str or type(value) is Markup:
        return _strip_text(str(value))
    return do_striptags(value)


def add_filters(generator: Generator) -> None:
    generator.env.filters["striptags"] = striptags


def register() -> None:
    signals.generator_init.connect(add_filters)
