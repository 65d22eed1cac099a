"""Pelican glue: clean every article and page as it is read, report once per build.

On `content_object_init`, before anything reads the content, the body is sanitised
(dangerous markup out, so Pelican never sees it, not even for its static links) and the
title and summary are cleaned (the slug, which groups translations, comes from the clean
title). The text of the bodies is cleaned once a generator has read them all, before
anything renders them (pages, summaries, feeds): in one batch the cleaning code stays warm,
where between two Markdown conversions it ran at half speed. What was done is stored on the
content object itself: with Pelican's content cache the object comes back pickled, already
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

from .locate import source_line
from .sanitize import Cleaned, clean_html, clean_sanitised, clean_title, sanitise_html

logger = logging.getLogger(__name__)

SETTING_FATAL = "CLEAN_MARKUP_FATAL_WARNINGS"
RECORD = "clean_markup_record"
PENDING = "clean_markup_pending"  # sanitised body and cleaned fields, text pass to come
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
    "draft_translations",
)


class CleanMarkupError(Exception):
    """Warnings remained and the settings make them fatal."""


@dataclass
class Record:
    path: str
    source: str | None = None  # the file's full path, to find the line of a warning
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
    """Sanitise the body, clean summary and title; the body's text waits for `clean_bodies`."""
    if not isinstance(content, (Article, Page)) or hasattr(content, RECORD):
        return
    if hasattr(content, PENDING):
        return
    body = sanitise_html(content._content) if content._content else None
    if body:
        content._content = body.html
    fields: list[tuple[str, Cleaned]] = []
    lang = getattr(content, "lang", None)
    if "summary" in content.metadata and content.metadata["summary"]:
        cleaned = clean_html(content.metadata["summary"], lang)
        content.metadata["summary"] = content._summary = cleaned.html
        fields.append(("summary", cleaned))
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
        fields.append(("title", cleaned))
    setattr(content, PENDING, (body, fields))


def clean_body(content: Content) -> None:
    """The text pass over a sanitised body, then the record of everything done."""
    body, fields = getattr(content, PENDING)
    record = Record(content.relative_source_path or content.source_path or "?", content.source_path)
    if body:
        cleaned = clean_sanitised(body, getattr(content, "lang", None))
        content._content = cleaned.html
        record.add("content", cleaned)
    for name, cleaned in fields:
        record.add(name, cleaned)
    delattr(content, PENDING)
    setattr(content, RECORD, record)


def clean_bodies(generator: Any) -> None:
    """Every body a generator read, in one batch, before anything renders one."""
    for content in _all_contents([generator]):
        if hasattr(content, PENDING):
            clean_body(content)


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
    for content in _all_contents(generators):  # a body no generator signal reached
        if hasattr(content, PENDING):
            clean_body(content)
    records = sorted(
        (r for c in _all_contents(generators) if (r := getattr(c, RECORD, None))),
        key=lambda r: r.path,
    )
    for record in records:
        for name, before, after in record.changes:
            logger.info("%s: %s: %r -> %r", record.path, name, before, after)
        for note in record.notes:
            logger.debug("%s: %s", record.path, note)
        for where, warning in _located(record):
            logger.warning("%s: %s", where, warning)
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


def _located(record: Record) -> list[tuple[str, str]]:
    """Each warning with `path:line` where the line can be found in the source, else `path`."""
    if not record.warnings:
        return []
    try:
        with open(record.source or "", encoding="utf-8-sig") as handle:
            source = handle.read()
    except OSError:
        source = ""
    lines = source.splitlines()
    # The body starts after the metadata block; title and summary warnings are about the block.
    body = next((n for n, line in enumerate(lines, start=1) if not line.strip()), 0) + 1
    located: list[tuple[str, str]] = []
    last: dict[str, int] = {}
    for warning in record.warnings:
        first = body if warning.startswith("content:") else 1
        # Repeated warnings point at successive occurrences, not all at the first one.
        line = source_line(source, warning, start=max(first, last.get(warning, 0) + 1))
        if line:
            last[warning] = line
        located.append((f"{record.path}:{line}" if line else record.path, warning))
    return located


def register() -> None:
    signals.content_object_init.connect(clean_content)
    signals.article_generator_pretaxonomy.connect(clean_bodies)
    signals.page_generator_finalized.connect(clean_bodies)
    signals.all_generators_finalized.connect(report)
