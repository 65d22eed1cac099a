"""Every value that lands in an article's metadata, checked before anything is written.

A metadata block is one `Key: value` line per field, so a value with a line break in it would
add a field of its own (`--author "Jane\\nSlug: ../../README"`); one with a control character
or an undecodable byte breaks the file. Such a value is refused with the reason, never
repaired. Slugs, language tags and dates follow the rules the build applies
(source_checks.rules), so an article the import writes is one the build accepts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from newsroom.importer.htmltext import visible_text
from newsroom.plugins.source_checks.rules import (
    correction_problem,
    lang_problem,
    parse_date,
    slug_problem,
)
from newsroom.plugins.source_checks.source_checks import SLUG_SETTINGS
from newsroom.plugins.source_checks.source_checks import derived_slug as source_slug

# Line breaks of any kind (str.splitlines splits on all of them), other control characters,
# and the surrogates that stand for undecodable bytes in a command-line argument.
_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
MAX_VALUE = 1000  # characters: a title, a name or a list of tags, not a paragraph
# What a URL never holds unencoded (RFC 3986), and what would break out of an attribute.
_URL_FORBIDDEN = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f]")


class ValueProblem(Exception):
    """An option or metadata value that cannot go into the article; the message says why."""


def metadata_value(option: str, value: str) -> str:
    """The value, trimmed, if it fits on its metadata line; raises ValueProblem otherwise."""
    bad = _BREAKING.search(value)
    if bad:
        raise ValueProblem(
            f"{option}: the value holds {_describe(bad.group())}, which would break the "
            "article's metadata; give it on one line, as plain text"
        )
    value = value.strip()
    if not value:
        raise ValueProblem(f"{option}: the value is empty")
    if len(value) > MAX_VALUE:
        raise ValueProblem(
            f"{option}: the value is {len(value)} characters long (at most {MAX_VALUE})"
        )
    return value


def _describe(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return "an undecodable byte (the argument is not valid text)"
    if char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
        return "a line break"
    return f"a control character (U+{ord(char):04X})"


def derived_slug(text: str) -> str:
    """The slug Pelican would make of a title, a tag or a name, in the project's shape.

    Made of the text a reader sees (the build removes a <style> or <script> with its content,
    where Pelican's slugify keeps the content), with the site's own slug settings (no
    underscores; a long title cut at a word boundary). The result may be empty (a title of
    punctuation only).
    """
    shown = visible_text(text) if "<" in text else text
    return source_slug(shown, SLUG_SETTINGS)


def _checked_by(rule: Callable[[str], str | None], option: str, value: str) -> str:
    """The value as a metadata value, if the build's rule for its field (source_checks.rules)
    has no problem with it."""
    value = metadata_value(option, value)
    problem = rule(value)
    if problem:
        raise ValueProblem(f"{option}: {problem}")
    return value


def checked_slug(option: str, value: str) -> str:
    return _checked_by(slug_problem, option, value)


def checked_lang(option: str, value: str) -> str:
    return _checked_by(lang_problem, option, value)


def checked_date(option: str, value: str) -> str:
    value = metadata_value(option, value)
    try:
        parse_date(value)
    except ValueError as error:
        raise ValueProblem(f"{option}: {error}") from None
    return value


def checked_correction(option: str, value: str) -> str:
    """`YYYY-MM-DD what was corrected` (the day is checked against the article's date later,
    once the article's date is known)."""
    value = metadata_value(option, value)
    if problem := correction_problem(value):
        raise ValueProblem(f"{option}: {problem}")
    return value


def checked_source(option: str, value: str) -> str:
    """An http(s) address with a host, and nothing in it that would need escaping."""
    value = metadata_value(option, value)
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or _URL_FORBIDDEN.search(value)
        or "@" in parts.netloc
    ):
        raise ValueProblem(
            f"{option}: {value!r} is not an http(s) URL (https://host/path, with no spaces, "
            "quotes or user name in it)"
        )
    return value


def checked_named(option: str, value: str) -> str:
    """A value that becomes a page of its own (a tag, a category, an author): it needs a slug."""
    value = metadata_value(option, value)
    if not derived_slug(value):
        raise ValueProblem(
            f"{option}: {value!r} gives its page no name: once tags are dropped (as Pelican "
            "drops them) no letter or digit is left; use words (e.g. Russia, World)"
        )
    return value


def checked_tags(option: str, value: str) -> list[str]:
    value = metadata_value(option, value)
    tags = [tag.strip() for tag in value.split(",") if tag.strip()]
    return [checked_named(option, tag) for tag in tags]
