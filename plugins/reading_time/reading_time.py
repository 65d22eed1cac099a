"""Word count and reading time as Jinja filters, so the theme can print them in the dateline.

They are filters rather than article attributes so that they read the content as it is
rendered, after every other plugin (the cleaning, say) has had its turn.
"""

from __future__ import annotations

import html as html_entities
import math
import re
from functools import lru_cache

from pelican import signals
from pelican.generators import Generator

# A common figure for adults reading prose on a screen (Brysbaert 2019 finds 238 for
# non-fiction); rounding up means nobody is promised less time than they need.
WORDS_PER_MINUTE = 230
WORD = re.compile(r"\w+(?:['’]\w+)*")
# The content reaching the theme is nh3's well-formed output (no script, style or comment whose
# text a reader would not see), so a tag is simply `<...>`: a regex does what a parser would,
# at a fraction of the cost (parsing every article twice was 15% of a build).
TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=64)
def word_count(html: str | None) -> int:
    """Words a reader sees in an HTML fragment: tags are not words, hyphens join nothing."""
    text = html_entities.unescape(TAG.sub(" ", html or ""))
    return len(WORD.findall(text))


def reading_minutes(html: str | None, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes to read the fragment, rounded up; 0 only for a text without words."""
    return math.ceil(word_count(html) / words_per_minute)


def add_filters(generator: Generator) -> None:
    generator.env.filters["word_count"] = word_count
    generator.env.filters["reading_minutes"] = reading_minutes


def register() -> None:
    signals.generator_init.connect(add_filters)
