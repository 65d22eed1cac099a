"""Values every page asks for again, worked out once: stripped text and article URLs.

Jinja's `striptags`, remembered: the same titles and names are stripped on every page.

Pelican has no autoescape, so the theme prints every metadata value as `|striptags|e`. An
article's title, summary, tags and authors appear on its own page and on every listing,
feed link and neighbour's page that names it: in a 1,000-article build `striptags` ran
125,000 times on a few thousand distinct strings. The result depends on the text alone,
so each distinct text is stripped once; output is unchanged, byte for byte.

An article's URL: Pelican formats it from the URL setting and a copy of the metadata on
every access (17,000 times in a 1,000-article build). Once the generator has settled every
article (after the content cache is saved), the URL is final, and is kept as Pelican's own
`override_url`, the attribute a `URL:` metadata line sets.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2.filters import do_striptags
from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

# Enough for titles, summaries and names of several thousand articles; bounded all the same.
CACHE_SIZE = 32768
ARTICLE_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
)


@lru_cache(maxsize=CACHE_SIZE)
def _strip_text(text: str) -> str:
    return Markup(text).striptags()


def striptags(value: Any) -> str:
    """`do_striptags`, from the cache for plain strings and Markup (whose __html__ is itself)."""
    if type(value) is str or type(value) is Markup:
        return _strip_text(str(value))
    return do_striptags(value)


class RenderOnce:
    """`render_once(macro, argument, *also)` in a template: `macro(argument)`, rendered the first
    time only. The key is the macro's name, the argument and `also`: whatever else the macro
    reads from the page (SITEURL, say). Each generator gets a fresh one, each build too."""

    def __init__(self) -> None:
        self._rendered: dict[tuple[Any, ...], Any] = {}

    def __call__(self, macro: Any, argument: Any, *also: Any) -> Any:
        key = (macro.name, argument, *also)
        if key not in self._rendered:
            self._rendered[key] = macro(argument)
        return self._rendered[key]


def add_filters(generator: Generator) -> None:
    generator.env.filters["striptags"] = striptags
    generator.env.globals["render_once"] = RenderOnce()


def freeze_urls(generator: ArticlesGenerator) -> None:
    """Keep each article's URL as computed now, before any page, list or feed asks for it."""
    for name in ARTICLE_LISTS:
        for article in getattr(generator, name, None) or []:
            if not hasattr(article, "override_url"):
                article.override_url = article.url


def register() -> None:
    signals.generator_init.connect(add_filters)
    signals.article_generator_finalized.connect(freeze_urls)
