"""Word count and reading time as Jinja filters, so the theme can print them in the dateline.

The words are those a reader sees (newsroom.text: the same text as the description and the
search index), found in any HTML, whether another plugin sanitised it first or not, and for
whatever order the plugins run in: a filter reads the content when the page is rendered,
after every plugin had its turn.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from pelican import signals
from pelican.generators import Generator

from newsroom.text import visible_text

# A common figure for adults reading prose on a screen (Brysbaert 2019 finds 238 for
# non-fiction); rounding up means nobody is promised less time than they need.
WORDS_PER_MINUTE = 230
WORD = re.compile(r"\w+(?:['’]\w+)*")


@lru_cache(maxsize=64)
def word_count(html: str | None) -> int:
    """Words a reader sees in an HTML fragment: tags are not words, hyphens join nothing."""
    return len(WORD.findall(visible_text(html or "")))


def reading_minutes(html: str | None, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes to read the fragment, rounded up; 0 only for a text without words."""
    return math.ceil(word_count(html) / words_per_minute)


def add_filters(generator: Generator) -> None:
    generator.env.filters["word_count"] = word_count
    generator.env.filters["reading_minutes"] = reading_minutes


def register() -> None:
    signals.generator_init.connect(add_filters)
