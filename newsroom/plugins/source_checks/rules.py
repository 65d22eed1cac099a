"""The shapes a source's values may take: one rule each, shared by the build and `make import`.

A value that becomes a file name, a URL or a date has one right shape. Anything else is
refused with the way to write it, never guessed or repaired: a guessed date or a slug with a
quote in it is how a page ends up wrong, or unsafe, without anyone noticing.

Each `*_problem` function returns None for a good value, else one sentence saying what is
wrong and how to write it; the caller adds the file and line.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
# A file name may hold 255 bytes; the slug leaves room for a language and a page suffix.
MAX_SLUG_LENGTH = 200
SLUG_RULE = (
    "lower-case letters a-z and digits, words joined by single hyphens "
    f"(e.g. russia-ukraine-talks), at most {MAX_SLUG_LENGTH} characters"
)

# A BCP 47 language tag as sites use them: language, optional script, optional region.
LANG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?", re.ASCII)
LANG_RULE = "a language tag such as en, fr, pt-BR or zh-Hant"

ISO_DATE = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?P<offset>Z|[+-]\d{2}:\d{2})?)?",
    re.ASCII,
)
DATE_RULE = "YYYY-MM-DD, optionally followed by HH:MM[:SS] and an offset (2022-11-24 18:30+01:00)"


# Pelican's *_REGEX_SUBSTITUTIONS for slugs it derives (from titles, tags, categories, authors),
# so every one of them follows SLUG: Pelican applies them, in order and ignoring case, to the
# text with tags stripped and transliterated to ASCII, then lower-cases it. Its defaults keep
# `_` and any run of a word's letters, however long.
SLUG_REGEX_SUBSTITUTIONS: list[tuple[str, str]] = [
    # punctuation goes: "Putin's" -> putins, "U.S." -> us, "$" -> nothing
    (r"[^a-z0-9\s_-]+", ""),
    # spaces, underscores and runs of hyphens become one hyphen
    (r"[\s_-]+", "-"),
    (r"^-|-$", ""),
    # too long: cut at the last hyphen that fits, as shorten_slug does
    (rf"^(?=.{{{MAX_SLUG_LENGTH + 1}}})(.{{1,{MAX_SLUG_LENGTH}}})-.*$", r"\1"),
    # one word longer than the limit: cut it
    (rf"^(.{{{MAX_SLUG_LENGTH}}}).+$", r"\1"),
]


def slug_problem(value: str) -> str | None:
    if not SLUG.fullmatch(value):
        return f"{value!r} is not a plain slug: use {SLUG_RULE}"
    if len(value) > MAX_SLUG_LENGTH:
        return f"the slug is {len(value)} characters long: use {SLUG_RULE}"
    return None


def shorten_slug(slug: str, limit: int = MAX_SLUG_LENGTH) -> str:
    """A derived slug cut to `limit` at a word boundary (a hyphen), so no word is cut in two."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rsplit("-", 1)[0]
    return cut if cut and len(cut) <= limit else slug[:limit].rstrip("-")


def lang_problem(value: str) -> str | None:
    if LANG.fullmatch(value):
        return None
    return f"{value!r} is not a language tag: use {LANG_RULE}"


def parse_date(value: str) -> datetime:
    """An ISO 8601 date or date and time; ValueError (saying how to write it) for anything else.

    No guessing: `12/03/2024` could be either month, `March 12` has no year, and a date
    taken from the day of the build would make the output depend on when it was built.
    """
    match = ISO_DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date in the form {DATE_RULE}")
    text = match["date"] + (f"T{match['time']}" if match["time"] else "")
    try:
        date = datetime.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a real date ({error}): use {DATE_RULE}") from None
    if match["offset"] == "Z":
        date = date.replace(tzinfo=UTC)
    elif match["offset"]:
        sign = 1 if match["offset"][0] == "+" else -1
        hours, minutes = int(match["offset"][1:3]), int(match["offset"][4:6])
        if hours > 23 or minutes > 59:
            raise ValueError(f"{value!r} has an offset out of range: use {DATE_RULE}")
        date = date.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))
    return date


def date_problem(value: str) -> str | None:
    try:
        parse_date(value)
    except ValueError as error:
        return str(error)
    return None


CORRECTION_RULE = "YYYY-MM-DD and what was corrected (2022-11-25 An earlier version misnamed ...)"
CORRECTION = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})(?:\s+(?P<text>.*))?", re.ASCII | re.S)


def parse_correction(value: str) -> tuple[date, str]:
    """A `Correction:` value: the day it was made and its text; ValueError for anything else.

    A day, not a time: a newsroom dates a correction note by the day, and the date is checked
    like every date (no guessing, a real day of the calendar)."""
    match = CORRECTION.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} does not start with a date: write {CORRECTION_RULE}")
    try:
        day = date.fromisoformat(match["date"])
    except ValueError as error:
        raise ValueError(f"{match['date']!r} is not a real date ({error})") from None
    text = (match["text"] or "").strip()
    if not text:
        raise ValueError(f"the correction of {day} says nothing: write {CORRECTION_RULE}")
    return day, text


def correction_problem(value: str, published: str | None = None) -> str | None:
    """None for a good correction, made on or after the day `published` (an article's Date)."""
    try:
        day, _text = parse_correction(value)
    except ValueError as error:
        return str(error)
    if published and not date_problem(published) and day < parse_date(published).date():
        return f"the correction is dated {day}, before the article's date {published.strip()}"
    return None
