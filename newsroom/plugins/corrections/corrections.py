"""Corrections made in public: each `Correction: YYYY-MM-DD text` line of an article.

A newsroom that corrects a story says so where the reader is: the article ends with its
corrections (newest first) and its JSON-LD gives each as a schema.org CorrectionComment;
corrections.html lists every correction of the site, newest first, each linked to its article;
the published build adds an Atom feed of them (CORRECTIONS_FEED_ATOM) once there is one. A
correction updates the article: one made after its Modified: (or with none) dates its update.

The values were checked before Pelican read them (source_checks: a real day, not before the
article's date, some text); here they are parsed once, on the article, when it is made.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from typing import Any

from pelican import signals
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator

from newsroom.plugins.source_checks.rules import parse_correction


@dataclass(frozen=True, eq=False)
class Correction:
    """One correction of one article; also an item of the corrections feed, as Pelican's
    Writer.write_feed takes one (title, url, date, summary, get_content)."""

    day: date
    text: str
    article: Any
    anchor: str  # correction-1 is the first the source lists

    @property
    def locale_day(self) -> str:
        return self.day.strftime(self.article.date_format)

    @property
    def date(self) -> datetime:
        return datetime(
            self.day.year, self.day.month, self.day.day, tzinfo=self.article.date.tzinfo
        )

    @property
    def title(self) -> str:
        return f"Correction: {getattr(self.article, 'plain_title', self.article.title)}"

    @property
    def url(self) -> str:
        return f"{self.article.url}#{self.anchor}"

    @property
    def summary(self) -> str:
        return html.escape(self.text)

    def get_content(self, siteurl: str) -> str:
        return f"<p>{self.summary}</p>"


def values(metadata: dict[str, Any]) -> list[str]:
    """The Correction: lines as Pelican read them: one string, or a list when repeated."""
    found = metadata.get("correction")
    if found is None:
        return []
    return [found] if isinstance(found, str) else list(found)


def add_corrections(content: Content) -> None:
    """`content_object_init`: the article's corrections, newest first, and its update date."""
    if not isinstance(content, Article):
        return
    parsed = enumerate((parse_correction(value) for value in values(content.metadata)), 1)
    # Newest first; of two the same day, the one listed later.
    content.corrections = tuple(
        Correction(day, text, content, f"correction-{number}")
        for number, (day, text) in sorted(
            parsed, key=lambda item: (item[1][0], item[0]), reverse=True
        )
    )
    if not content.corrections:
        return
    newest = content.corrections[0].date
    modified = getattr(content, "modified", None)
    if modified is None or newest.date() > modified.date():
        content.modified = content.metadata["modified"] = newest
        content.locale_modified = newest.strftime(content.date_format)


def site_corrections(generator: ArticlesGenerator) -> None:
    """`article_generator_finalized`: every correction of a listed article or translation,
    newest first (ties: the newer article, then its slug), for corrections.html and the feed."""
    articles = chain(generator.articles, generator.translations)
    generator.context["corrections"] = sorted(
        chain.from_iterable(getattr(article, "corrections", ()) for article in articles),
        key=lambda c: (-c.day.toordinal(), -c.article.date.timestamp(), c.article.slug, c.anchor),
    )


def write_feed(generator: ArticlesGenerator, writer: Any) -> None:
    """`article_writer_finalized`: the corrections feed, where the settings name one and there
    is a correction to put in it (an empty feed would carry the time of the build)."""
    path = generator.settings.get("CORRECTIONS_FEED_ATOM")
    if path and generator.context["corrections"]:
        writer.write_feed(
            generator.context["corrections"], generator.context, path, feed_title="Corrections"
        )


def register() -> None:
    signals.content_object_init.connect(add_corrections)
    signals.article_generator_finalized.connect(site_corrections)
    signals.article_writer_finalized.connect(write_feed)
