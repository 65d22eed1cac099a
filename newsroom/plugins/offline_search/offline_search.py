"""Pelican glue: a search page, and the index it reads, written with the articles.

- `initialized`: adds the `search` direct template (the theme's search.html) and the settings
  the theme reads: the navigation shows its search form only when SEARCH_SAVE_AS is set, so
  the theme still builds with stock Pelican and PLUGINS = [] (no form, no page).
- `article_generator_finalized`: names the languages' stemmers for search.html, which loads
  them with the page rather than after its index's table of contents.
- `article_writer_finalized`: every published article (translations included, drafts and
  hidden ones not) has been read, cleaned and written; its plain text goes into the index
  (see index.py), written as files under OFFLINE_SEARCH_PATH in the output folder.

The text is the cleaned one: `plain_title` and `plain_summary` when the cleaning plugin set
them, else the title and the source's own Summary with their tags stripped; never Pelican's
automatic summary, which repeats the body.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

from newsroom.plugins.output import write_output
from newsroom.plugins.source_checks.rules import SLUG
from newsroom.text import plain_text

from .index import SHARD_BYTES, Document, build, script
from .text import STEMMERS, language

logger = logging.getLogger(__name__)

SETTING_PATH = "OFFLINE_SEARCH_PATH"
SETTING_SHARD_BYTES = "OFFLINE_SEARCH_SHARD_BYTES"
DEFAULTS = {
    SETTING_PATH: "search",  # the index's folder in the output
    SETTING_SHARD_BYTES: SHARD_BYTES,  # cut key and word files past this size
    "SEARCH_SAVE_AS": "search.html",  # Pelican's setting for the `search` direct template
    "SEARCH_URL": "search.html",
}


class SearchSettingsError(Exception):
    """A setting would put the index somewhere it must not go."""


def add_search_page(pelican: Any) -> None:
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    if not SLUG.fullmatch(str(settings[SETTING_PATH])):
        raise SearchSettingsError(
            f"{SETTING_PATH} = {settings[SETTING_PATH]!r}: give a folder name made of "
            "lowercase letters, digits and single hyphens, such as 'search'"
        )
    if "search" not in settings["DIRECT_TEMPLATES"]:
        settings["DIRECT_TEMPLATES"] = [*settings["DIRECT_TEMPLATES"], "search"]


def published(generator: ArticlesGenerator) -> list[Article]:
    """What the site lists: the articles and their translations, not drafts or hidden ones."""
    return [*generator.articles, *generator.translations]


def name_stemmers(generator: ArticlesGenerator) -> None:
    """Tell search.html which browser stemmers the index will need, so it loads them at once."""
    languages = {language(article.lang) for article in published(generator)}
    generator.context["OFFLINE_SEARCH_STEMMERS"] = sorted(
        STEMMERS[lang] for lang in languages if lang
    )


def source(article: Article) -> Document:
    """What the index takes from an article, its text still HTML where the cleaning did not
    make it plain (`plain_title`, `plain_summary`; None when it did not run)."""
    return Document(
        url=article.url,
        title=getattr(article, "plain_title", None),  # type: ignore[arg-type]
        standfirst=getattr(article, "plain_summary", None),
        body=article.content,
        tags=tuple(tag.name for tag in getattr(article, "tags", ())),
        authors=tuple(author.name for author in getattr(article, "authors", ())),
        section=article.category.name,
        lang=article.lang,
        date=article.date,
        when=article.locale_date,
        html=(article.title, article.metadata.get("summary")),
    )


def document(given: Document) -> Document:
    """The article as the index sees it: the cleaned text of each field (a function of its
    `source` alone, so a build can keep it)."""
    title, summary = given.html
    return replace(
        given,
        title=plain_text(title) if given.title is None else given.title,
        standfirst=plain_text(summary) if given.standfirst is None else given.standfirst,
        body=plain_text(given.body),
        html=None,
    )


def write_index(generator: ArticlesGenerator, writer: Writer) -> None:
    path = generator.settings[SETTING_PATH]
    folder = Path(writer.output_path) / path
    articles = published(generator)
    if folder.exists():
        shutil.rmtree(folder)  # ours alone: no file of an older index may linger
    count = size = 0

    def put(name: str, data: object) -> None:
        nonlocal count, size
        text = script(name, data).encode("utf-8")
        write_output(generator.settings, writer.output_path, f"{path}/{name}.js", text)
        count, size = count + 1, size + len(text)

    files = build(
        [source(article) for article in articles],
        shard_bytes=int(generator.settings[SETTING_SHARD_BYTES]),
        settings=generator.settings,
        prepare=document,
        put=put,
    )
    for name in sorted(files):
        put(name, files[name])
    logger.info("offline_search: %d articles, %d files, %d bytes", len(articles), count, size)


def register() -> None:
    signals.initialized.connect(add_search_page)
    signals.article_generator_finalized.connect(name_stemmers)
    signals.article_writer_finalized.connect(write_index)
