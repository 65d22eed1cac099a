"""Pelican glue: clean every article and page as it is read, report once per build.

Cleaning happens on `content_object_init`, before anything reads the content, so pages,
summaries and feeds all see the cleaned text. What was done is stored on the content
object itself: with Pelican's content cache the object comes back pickled, already
cleaned, and its record still counts in the build summary and still fails a strict build.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.log import console
from pelican.utils import slugify

from .sanitize import Cleaned, clean_html, clean_title

logger = logging.getLogger(__name__)

SETTING_FATAL = "CLEAN_MARKUP_FATAL_WARNINGS"
RECORD = "clean_markup_record"
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "hidden_translations",
    "draft_translations",
)


class CleanMarkupError(Exception):
    """Warnings remained and the settings make them fatal."""


@dataclass
class Record:
    path: str
    fragments: int = 0
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # field, before, after
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, cleaned: Cleaned) -> None:
        self.fragments += len(cleaned.fragments)
        self.changes += [(name, *diff_snippet(before, after)) for before, after in cleaned.gaps]
        self.warnings += [f"{name}: {warning}" for warning in cleaned.warnings]
        self.notes += [f"{name}: {note}" for note in cleaned.notes]


def _common_prefix(first: str, second: str) -> int:
    """Length of the common start, by bisection: slices compare in C, a loop would not."""
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def diff_snippet(before: str, after: str, width: int = 25) -> tuple[str, str]:
    """The part of a text that changed, with some context either side."""
    start = _common_prefix(before, after)
    end = _common_prefix(before[start:][::-1], after[start:][::-1])
    left = max(0, start - width)

    def cut(text: str) -> str:
        stop = min(len(text), len(text) - end + width)
        return ("…" if left else "") + text[left:stop] + ("…" if stop < len(text) else "")

    return cut(before), cut(after)


def clean_content(content: Content) -> None:
    if not isinstance(content, (Article, Page)) or hasattr(content, RECORD):
        return
    record = Record(content.relative_source_path or content.source_path or "?")
    lang = getattr(content, "lang", None)
    if content._content:
        cleaned = clean_html(content._content, lang)
        content._content = cleaned.html
        record.add("content", cleaned)
    if "summary" in content.metadata and content.metadata["summary"]:
        cleaned = clean_html(content.metadata["summary"], lang)
        content.metadata["summary"] = content._summary = cleaned.html
        record.add("summary", cleaned)
    if getattr(content, "title", None):
        cleaned = clean_title(str(content.title), lang)
        if cleaned.html != content.title and _slug_from_title(content):
            content.slug = slugify(
                html.unescape(cleaned.html),
                regex_subs=content.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                preserve_case=content.settings.get("SLUGIFY_PRESERVE_CASE", False),
                use_unicode=content.settings.get("SLUGIFY_USE_UNICODE", False),
            )
        content.title = cleaned.html
        if "title" in content.metadata:
            content.metadata["title"] = cleaned.html
        record.add("title", cleaned)
    setattr(content, RECORD, record)


def _slug_from_title(content: Content) -> bool:
    """Pelican made the slug from the raw title: make it again from the clean one."""
    return "slug" not in content.metadata and content.settings.get("SLUGIFY_SOURCE") == "title"


def _all_contents(generators: list[Any]) -> list[Content]:
    seen: dict[int, Content] = {}
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, None) or []:
                seen.setdefault(id(content), content)
    return list(seen.values())


def report(generators: list[Any]) -> None:
    """Log every change and warning, print the summary line, fail a strict build."""
    records = sorted(
        (r for c in _all_contents(generators) if (r := getattr(c, RECORD, None))),
        key=lambda r: r.path,
    )
    for record in records:
        for name, before, after in record.changes:
            logger.info("%s: %s: %r -> %r", record.path, name, before, after)
        for note in record.notes:
            logger.debug("%s: %s", record.path, note)
        for warning in record.warnings:
            logger.warning("%s: %s", record.path, warning)
    warnings = sum(len(r.warnings) for r in records)
    console.print(
        f"clean_markup: {sum(r.fragments for r in records)} fragment(s) removed, "
        f"{sum(1 for r in records if r.changes)} of {len(records)} article(s)/page(s) touched, "
        f"{warnings} warning(s).",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    settings = generators[0].settings if generators else {}
    if warnings and settings.get(SETTING_FATAL, False):
        raise CleanMarkupError(
            f"{warnings} clean_markup warning(s), listed above, and {SETTING_FATAL} is on"
        )


def register() -> None:
    signals.content_object_init.connect(clean_content)
    signals.all_generators_finalized.connect(report)
