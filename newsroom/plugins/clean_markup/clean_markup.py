"""Pelican glue: each article and page is cleaned as it is read; one report per build.

Two signals. `content_object_init` fires once per article or page, before anything reads it
(its slug, its links, any page or feed): the body, the `Summary` and the title go through the
pipeline there, and the plain-text attributes are set. `all_generators_finalized` comes once
everything is read and nothing written: the report is printed there, and a strict build stops.

What was done is stored on the content object itself (`clean_markup_record`): with Pelican's
content cache the object comes back pickled, already cleaned, and its record still counts in
the summary and still fails a strict build. The report finds every object in the context's
`generated_content`, where Pelican keeps each article and page it read (cached or not) by
source path, for `{filename}` links; so no list of Pelican's internal names is copied here.

Attributes set on every Article and Page, for the theme to print escaped (`|e`):

- `plain_title`: the title as plain text (no tags, entities decoded, not escaped);
- `plain_summary`: the plain text of the article's own `Summary:`, or "" without one;
- `plain_description`: `plain_summary`, else the opening of the cleaned body as plain text
  (captions of photos left out), cut between words to at most 200 characters, with "…".

Settings, with their defaults here:

- `CLEAN_MARKUP_FATAL_WARNINGS`: whether remaining warnings fail the build. Not set (the
  default), it is on when the `CI` environment variable is set and not empty: CI and the
  published build are strict, an editor's `make html` shows the warnings and goes on. This
  is the one place that decides it.
- `BUILD_MEMO` (set by newsroom.build, not by the settings files): a memo of earlier builds.
  Cleaning an article is a function of its text, language and path alone, so its result is
  kept there and set again on the next build that reads the same text (see `clean_content`).
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.log import console
from pelican.readers import MarkdownReader
from pelican.utils import slugify

from newsroom.plugins.memo import memoised
from newsroom.plugins.source_checks.files import Refused, max_bytes, read_source
from newsroom.plugins.source_checks.source_checks import read_metadata

from .locate import source_line
from .pipeline import Cleaned, clean_html, clean_title
from .plain import description, plain_text

logger = logging.getLogger(__name__)

SETTING_FATAL = "CLEAN_MARKUP_FATAL_WARNINGS"
# Set by newsroom.build: a memo of earlier builds' cleaning (see clean_content).
RECORD = "clean_markup_record"


class CleanMarkupError(Exception):
    """Warnings remained and the settings make them fatal."""


@dataclass
class Record:
    """What the cleaning did to one source file: kept with its content object."""

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


def shared_start(one: str, two: str) -> int:
    """How many characters two texts share from their start. Halving the span compares
    slices in C; `os.path.commonprefix` compares one character at a time, in Python."""
    low, high = 0, min(len(one), len(two))
    while low < high:  # one[:low] == two[:low]; they differ at or before `high`
        middle = (low + high + 1) // 2
        if one[low:middle] == two[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def diff_snippet(before: str, after: str, width: int = 25) -> tuple[str, str]:
    """The part of a text that changed, with some context either side."""
    start = shared_start(before, after)
    end = shared_start(before[start:][::-1], after[start:][::-1])
    left = max(0, start - width)

    def cut(text: str) -> str:
        stop = min(len(text), len(text) - end + width)
        return ("…" if left else "") + text[left:stop] + ("…" if stop < len(text) else "")

    return cut(before), cut(after)


@dataclass
class CleanedContent:
    """What cleaning one article or page gives, before it is set on the object: a value of its
    own, so that a build can keep it (BUILD_MEMO) and set it again without cleaning again."""

    body: str | None  # the cleaned body, or None when the source has none
    summary: str | None  # the cleaned `Summary:`, or None without one
    title: str | None  # the cleaned title (escaped text), or None without one
    slug: str | None  # the slug made again from the clean title, or None to keep Pelican's
    plain_title: str
    plain_summary: str
    plain_description: str
    record: Record


def clean_content(content: Content) -> None:
    """Body, summary and title of one article or page through the pipeline; plain texts set.

    With BUILD_MEMO in the settings (newsroom.build sets it), the cleaning of the same text in
    an earlier build is reused: it depends on nothing but the text, its language, its path and
    the settings."""
    if not isinstance(content, (Article, Page)) or hasattr(content, RECORD):
        return
    key = _memo_key(content)
    apply(content, memoised(content.settings, "clean_markup", key, lambda: cleaning(content)))


def _memo_key(content: Content) -> bytes:
    summary = content.metadata.get("summary")
    title = getattr(content, "title", None)
    slugged = _slug_from_title(content)
    inputs = (content.source_path, content.relative_source_path, content.metadata.get("lang"))
    inputs += (getattr(content, "lang", None), slugged, title, summary, content._content)
    return repr(inputs).encode()


def cleaning(content: Content) -> CleanedContent:
    """The cleaning of one article or page, without touching it."""
    record = Record(content.relative_source_path or content.source_path or "?", content.source_path)
    lang = getattr(content, "lang", None)
    body = None
    if content._content:
        cleaned_body = clean_html(content._content, lang)
        body = cleaned_body.html
        record.add("content", cleaned_body)
    summary, plain_summary = _clean_summary(content, lang, record)
    title, slug, plain_title = _clean_title(content, lang, record)
    plain_description = description(plain_summary, body if body is not None else "")
    return CleanedContent(
        body, summary, title, slug, plain_title, plain_summary, plain_description, record
    )


def apply(content: Content, cleaned: CleanedContent) -> None:
    """Set what cleaning gave on the article or page."""
    if cleaned.body is not None:
        content._content = cleaned.body
    if cleaned.summary is not None:
        content.metadata["summary"] = content._summary = cleaned.summary
    if cleaned.slug is not None:
        content.slug = cleaned.slug
    if cleaned.title is not None:
        content.title = cleaned.title
        if "title" in content.metadata:
            content.metadata["title"] = cleaned.title
    content.plain_summary = cleaned.plain_summary
    content.plain_title = cleaned.plain_title
    content.plain_description = cleaned.plain_description
    setattr(content, RECORD, cleaned.record)


def _clean_summary(content: Content, lang: str | None, record: Record) -> tuple[str | None, str]:
    """The article's own `Summary:` cleaned, and its plain text; (None, "") without one."""
    if not content.metadata.get("summary"):
        return None, ""
    summary = clean_html(content.metadata["summary"], lang)
    record.add("summary", summary)
    return summary.html, plain_text(summary.html)


def _clean_title(
    content: Content, lang: str | None, record: Record
) -> tuple[str | None, str | None, str]:
    """The title cleaned (escaped text); the slug made again from it if Pelican made it from
    the raw one; its plain text. (None, None, "") without a title."""
    if not getattr(content, "title", None):
        return None, None, ""
    title = clean_title(str(content.title), lang)
    plain = html.unescape(title.html)
    slug = None
    if title.html != content.title and _slug_from_title(content):
        slug = slugify(
            plain,
            regex_subs=content.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=content.settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=content.settings.get("SLUGIFY_USE_UNICODE", False),
        )
    record.add("title", title)
    return title.html, slug, plain


def _slug_from_title(content: Content) -> bool:
    """Pelican made the slug from the raw title: make it again from the clean one."""
    return "slug" not in content.metadata and content.settings.get("SLUGIFY_SOURCE") == "title"


def fatal_warnings(settings: dict[str, Any]) -> bool:
    """Strict mode: the setting when given, else on in CI (the `CI` variable set)."""
    value = settings.get(SETTING_FATAL)
    if value is None:
        return bool(os.environ.get("CI"))
    return bool(value)


def read_contents(generators: list[Any]) -> Iterable[Content]:
    """Every article and page read in this build, cached or not, each once."""
    context = generators[0].context if generators else {}
    return (c for c in (context.get("generated_content") or {}).values() if c is not None)


def report(generators: list[Any]) -> None:
    """Log every change and warning, print the summary line, fail a strict build."""
    records = sorted(
        (record for c in read_contents(generators) if (record := getattr(c, RECORD, None))),
        key=lambda record: record.path,
    )
    settings = generators[0].settings if generators else {}
    for record in records:
        _log(record, settings)
    console.print(summary_line(records), markup=False, highlight=False, soft_wrap=True)
    warnings = sum(len(record.warnings) for record in records)
    if warnings and fatal_warnings(settings):
        raise CleanMarkupError(
            f"{warnings} clean_markup warning(s), listed above, and {SETTING_FATAL} is on"
        )


def _log(record: Record, settings: dict[str, Any]) -> None:
    for name, before, after in record.changes:
        logger.info("%s: %s: %r -> %r", record.path, name, before, after)
    for note in record.notes:
        logger.debug("%s: %s", record.path, note)
    for where, warning in _located(record, settings):
        logger.warning("%s: %s", where, warning)


def summary_line(records: list[Record]) -> str:
    return (
        f"clean_markup: {sum(record.fragments for record in records)} fragment(s) removed, "
        f"{sum(1 for record in records if record.changes)} of {len(records)} "
        f"article(s)/page(s) touched, {sum(len(record.warnings) for record in records)} "
        "warning(s)."
    )


def _located(record: Record, settings: dict[str, Any]) -> list[tuple[str, str]]:
    """Each warning with `path:line` where the line can be found in the source, else `path`.
    A title's or summary's warning is about its one line of the metadata block."""
    if not record.warnings:
        return []
    source = _source_text(record.source, settings)
    fields = read_metadata(source)
    # The body starts after the metadata block.
    lines = source.splitlines()
    body = next((n for n, line in enumerate(lines, start=1) if not line.strip()), 0) + 1
    located: list[tuple[str, str]] = []
    last: dict[str, int] = {}
    for warning in record.warnings:
        name = warning.split(":", 1)[0]
        if name != "content" and name in fields:
            line: int | None = fields[name][0]
        else:
            first = body if name == "content" else 1
            # Repeated warnings point at successive occurrences, not all at the first one.
            line = source_line(source, warning, start=max(first, last.get(warning, 0) + 1))
            if line:
                last[warning] = line
        located.append((f"{record.path}:{line}" if line else record.path, warning))
    return located


def file_warnings(relative: str, settings: dict[str, Any]) -> list[str]:
    """The warnings a build gives for one Markdown source (`relative` to settings["PATH"]), as
    it logs them (`articles/x.md:5: content: ...`): read by Pelican's Markdown reader and
    cleaned as the build cleans it. `make import` lists them in its report."""
    path = os.path.join(settings["PATH"], relative)
    content, metadata = MarkdownReader(settings).read(path)
    article = Article(content, metadata, settings=settings, source_path=path)
    record = cleaning(article).record
    # Once each, as Pelican's log shows a repeated message once.
    return list(
        dict.fromkeys(f"{where}: {warning}" for where, warning in _located(record, settings))
    )


def _source_text(path: str | None, settings: dict[str, Any]) -> str:
    """The source's text, read through the sources' gate; "" when it cannot be read."""
    try:
        data = read_source(path or "", max_bytes(settings), inside=settings.get("PATH"))
        return data.decode("utf-8-sig")
    except (Refused, UnicodeDecodeError):
        return ""


def register() -> None:
    signals.content_object_init.connect(clean_content)
    signals.all_generators_finalized.connect(report)
