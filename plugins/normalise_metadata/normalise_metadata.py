"""Names as the site needs them: derived slugs that fit a file name, each tag once per article.

Runs once Pelican has read every source and before it groups articles by tag, category and
author (`article_generator_pretaxonomy`; `page_generator_finalized` for pages), so every
list, feed and file name sees the same values.

- A slug Pelican derives from a title, tag, category or author may be any length; a file
  name may not (255 bytes). A derived slug longer than MAX_SLUG_LENGTH is cut at a word
  boundary with `source_checks.rules.shorten_slug`, the function `make import` uses, so an
  imported article and one written by hand get the same slug from the same title. An
  explicit `Slug:` is the editor's choice and is never shortened: the source checks refuse
  one that is too long.
- Tags that differ only in case or accents ("Covid, covid, CÓVID") are one tag to Pelican,
  which compares tags by slug, and it listed the article twice on that tag's page. Per
  article, a tag whose slug an earlier tag already has is dropped, keeping the first
  spelling.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pelican import signals
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from source_checks.rules import MAX_SLUG_LENGTH, shorten_slug

CONTENT_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def merged_tags(tags: Iterable[URLWrapper]) -> list[URLWrapper]:
    """Each tag once, in the order given, the first spelling kept (same slug, same tag)."""
    seen: dict[str, URLWrapper] = {}
    for tag in tags:
        seen.setdefault(tag.slug, tag)
    return list(seen.values())


def _shorten(term: URLWrapper) -> None:
    if len(term.slug) > MAX_SLUG_LENGTH:
        term.slug = shorten_slug(term.slug)


def normalise(content: Content) -> None:
    """Shorten the derived slugs of one article or page and merge its tags."""
    if "slug" not in content.metadata and len(content.slug or "") > MAX_SLUG_LENGTH:
        content.slug = shorten_slug(content.slug)
    for name in ("category", "author"):
        term = getattr(content, name, None)
        if isinstance(term, URLWrapper):
            _shorten(term)
    for author in getattr(content, "authors", None) or []:
        _shorten(author)
    tags = getattr(content, "tags", None)
    if tags:
        for tag in tags:
            _shorten(tag)
        content.tags = merged_tags(tags)
        if "tags" in content.metadata:
            content.metadata["tags"] = content.tags


def normalise_all(generator: Any) -> None:
    seen: set[int] = set()
    for name in CONTENT_LISTS:
        for content in getattr(generator, name, None) or []:
            if id(content) not in seen:
                seen.add(id(content))
                normalise(content)


def register() -> None:
    signals.article_generator_pretaxonomy.connect(normalise_all)
    signals.page_generator_finalized.connect(normalise_all)
