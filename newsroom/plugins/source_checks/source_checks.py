"""Refuse to build from a source file that would become a broken, missing or unsafe page.

Left alone, Pelican skips such a file with a long traceback, or without --fatal builds the
site without it; and it takes a slug, a URL or a language from a source as written, into
file names and into every link to the page. This check runs before Pelican reads anything
and names the file and the line of every problem at once, so an editor can fix them all in
one go. It reads the metadata block the way Pelican's Markdown reader does (Python-Markdown's
meta extension), so what it checks is what Pelican will use.

Every file is listed and opened through the gate (`source_checks.files`): a FIFO, a device, a
link out of the content folder or into a loop, a file over SOURCE_CHECKS_MAX_BYTES is a
problem like any other, found without reading it, and named before Pelican walks a folder.

What a field may hold is one rule per field (`FIELD_RULES`); the value rules themselves
(slug, language, date) are shared with `make import` in `source_checks.rules`.
After Pelican has read the sources, a second look (`check_read_contents`) makes sure every
slug and language it ended up with, derived ones included, still follows those rules.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator
from pelican.readers import ensure_metadata_list
from pelican.utils import slugify

from newsroom.paths import shown
from newsroom.plugins.memo import memoised

from .files import Refused, check_path, list_files, max_bytes, read_source
from .nesting import nesting_problems
from .problems import Problem, SourceError, stop_on
from .rules import (
    SLUG_REGEX_SUBSTITUTIONS,
    correction_problem,
    date_problem,
    lang_problem,
    slug_problem,
)

# The only source format of the site: one reader, one set of rules to check.
SOURCE_EXTENSION = ".md"
# Python-Markdown expands tabs to this width before its meta extension reads the block.
TAB_LENGTH = 4
# What a derived slug is made with when no Pelican settings are at hand (`make import`): the
# project's own settings (pelicanconf.py) use the same values.
SLUG_SETTINGS: Mapping[str, Any] = {
    "SLUG_REGEX_SUBSTITUTIONS": SLUG_REGEX_SUBSTITUTIONS,
    "TAG_REGEX_SUBSTITUTIONS": SLUG_REGEX_SUBSTITUTIONS,
    "CATEGORY_REGEX_SUBSTITUTIONS": SLUG_REGEX_SUBSTITUTIONS,
    "AUTHOR_REGEX_SUBSTITUTIONS": SLUG_REGEX_SUBSTITUTIONS,
    "SLUGIFY_SOURCE": "title",
    "SLUGIFY_PRESERVE_CASE": False,
    "SLUGIFY_USE_UNICODE": False,
}
# The theme has one template for each kind of page; another name would render the wrong page.
THEME_TEMPLATES = {"article": ("article",), "page": ("page",)}
STATUSES = ("published", "hidden", "draft")
# Pelican writes these to attributes of the page, whatever their name: an unknown field is at
# best a typo and at worst an attribute Pelican relies on (`Settings:`, `Timezone:`...).
KNOWN_FIELDS = (
    "title",
    "date",
    "modified",
    "correction",
    "author",
    "authors",
    "agency",
    "source",
    "source_name",
    "translated",
    "category",
    "tags",
    "slug",
    "lang",
    "original_lang",
    "featured",
    "photo",
    "photo_alt",
    "photo_caption",
    "photo_credit",
    "summary",
    "status",
    "template",
    "url",
    "save_as",
)
# A lead photo (newsroom.plugins.photos): a file of content/images/, named plainly.
PHOTO = re.compile(r"images/(?:[\w-][\w.-]*/)*[\w-][\w.-]*\.(?:jpe?g|png|webp)", re.ASCII | re.I)
# A field given on several lines, each a value of its own (Pelican reads them as a list).
REPEATABLE = ("correction",)
# Pelican drops these when empty (or the required-field check names them); an empty Lang:,
# Modified:, Template: or URL: it would use as it is.
MAY_BE_EMPTY = ("title", "date", "slug", "status", "tags", "category", "author", "authors")
# Invisible characters that end or split a line for some programs but not for Markdown: the
# Unicode categories Cc, Zl and Zp (test_source_checks checks this class against them).
CONTROL_CATEGORIES = ("Cc", "Zl", "Zp")
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Entry:
    """One line of the metadata block: `Key: value`, or an indented line continuing the key."""

    key: str
    line: int
    value: str
    continued: bool = False


@dataclass(frozen=True)
class Source:
    """What a field rule may need besides the value."""

    kind: str  # "article" or "page"
    settings: Mapping[str, Any]
    published: str | None = None  # the Date: line's value, when there is one


def _decode(path: str, data: bytes) -> tuple[str | None, Problem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        return None, Problem(
            path,
            line,
            f"not valid UTF-8 (byte 0x{byte:02x} at column {column}); save the file as UTF-8",
        )


def _markdown_lines(text: str) -> list[str]:
    """The lines as Python-Markdown's meta extension gets them (NormalizeWhitespace, which runs
    before it): split on \\n, \\r and \\r\\n only, tabs expanded, blank lines emptied."""
    text = text.replace("\x02", "").replace("\x03", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    text = text.expandtabs(TAB_LENGTH)
    text = re.sub(r"(?<=\n) +\n", "\n", text)
    return text.split("\n")


def metadata_entries(text: str) -> list[Entry]:
    """The metadata block at the top of a file, line by line, as Pelican's Markdown reader
    reads it: each entry is one value Pelican will see for its key (in lower case)."""
    if not text.strip():
        return []
    lines = _markdown_lines(text)
    entries: list[Entry] = []
    number = 0
    if lines and BEGIN_RE.match(lines[0]):
        number = 1
    key = None
    for line in lines[number:]:
        number += 1
        if line.strip() == "" or END_RE.match(line):
            break
        if match := META_RE.match(line):
            key = match["key"].lower().strip()
            entries.append(Entry(key, number, match["value"].strip()))
        elif key and (more := META_MORE_RE.match(line)):
            entries.append(Entry(key, number, more["value"].strip(), continued=True))
        else:
            break  # the body began without a blank line
    return entries


def read_metadata(text: str) -> dict[str, tuple[int, str]]:
    """The metadata block at the top of a file: lower-case key -> (line, value), first value."""
    return _first_values(metadata_entries(text))


def _first_values(entries: list[Entry]) -> dict[str, tuple[int, str]]:
    metadata: dict[str, tuple[int, str]] = {}
    for entry in entries:
        metadata.setdefault(entry.key, (entry.line, entry.value))
    return metadata


def derived_slug(text: str, settings: Mapping[str, Any], kind: str = "SLUG") -> str:
    """The slug Pelican makes of a title (kind SLUG), tag, category or author name."""
    substitutions = settings.get(
        f"{kind}_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    )
    return _slugify(
        text,
        tuple(map(tuple, substitutions)),
        settings.get("SLUGIFY_PRESERVE_CASE", False),
        settings.get("SLUGIFY_USE_UNICODE", False),
    )


@functools.lru_cache(maxsize=4096)
def _slugify(
    text: str, substitutions: tuple[tuple[str, str], ...], preserve_case: bool, unicode: bool
) -> str:
    """Pelican's slugify, once per distinct name: the same tags recur in article after article."""
    return slugify(text, regex_subs=substitutions, preserve_case=preserve_case, use_unicode=unicode)


def _derived_slug_problem(what: str, text: str, source: Source, kind: str) -> str | None:
    slug = derived_slug(text, source.settings, kind)
    if not slug:
        return (
            f"{what} {text!r} gives an empty slug (nothing is left once punctuation and "
            "symbols are dropped), so its page would have no name: put letters or digits in it"
        )
    if problem := slug_problem(slug):
        return f"{what} {text!r} gives the slug {slug!r}, which is not a plain slug: {problem}"
    return None


def _names_problem(
    what: str, kind: str, *, is_list: bool = False
) -> Callable[[str, Source], str | None]:
    """Every name (each of a list, split as Pelican splits Tags: and Authors:) must give a
    page name of its own."""

    def problem(value: str, source: Source) -> str | None:
        names = ensure_metadata_list(value) if is_list else [value]
        for name in names:
            if found := _derived_slug_problem(what, name, source, kind):
                return found
        return None

    return problem


def _date_problem(value: str, source: Source) -> str | None:
    if problem := date_problem(value):
        return f"{value!r} is not a valid date: it {problem.removeprefix(f'{value!r} ')}"
    return None


def _correction_problem(value: str, source: Source) -> str | None:
    if source.kind != "article":
        return "only an article shows corrections: remove the line, or correct the page's text"
    if problem := correction_problem(value, source.published):
        return problem
    return None


def _photo_problem(value: str, source: Source) -> str | None:
    if source.kind != "article":
        return "only an article has a lead photo: put the photo in the page's text"
    if PHOTO.fullmatch(value):
        return None
    return (
        f"{value!r} is not a photo of content/images/: write images/name.jpg (letters, digits, "
        ". _ - and sub-folders; .jpg, .jpeg, .png or .webp)"
    )


def _status_problem(value: str, source: Source) -> str | None:
    if value.lower() in STATUSES:
        return None
    return f"{value!r} is not a status of this site: use one of {', '.join(STATUSES)}"


def _template_problem(value: str, source: Source) -> str | None:
    allowed = THEME_TEMPLATES[source.kind]
    if value in allowed:
        return None
    return (
        f"{value!r} is not a template of this theme for {source.kind}s: remove the line "
        f"({source.kind}s use {allowed[0]}.html)"
    )


def _address_is_derived(value: str, source: Source) -> str | None:
    return (
        "every address and file name is made from the slug, so a source does not set its "
        "own: remove the line (give a Slug: instead)"
    )


def _yes_or_no_problem(value: str, source: Source) -> str | None:
    if value.lower() in ("yes", "no"):
        return None
    return f"{value!r} is neither yes nor no: write yes (or leave the line out)"


FIELD_RULES: dict[str, Callable[[str, Source], str | None]] = {
    "date": _date_problem,
    "modified": _date_problem,
    "correction": _correction_problem,
    "photo": _photo_problem,
    "slug": lambda value, source: slug_problem(value),
    "lang": lambda value, source: lang_problem(value),
    "original_lang": lambda value, source: lang_problem(value),
    "featured": _yes_or_no_problem,
    "status": _status_problem,
    "template": _template_problem,
    "url": _address_is_derived,
    "save_as": _address_is_derived,
    "tags": _names_problem("the tag", "TAG", is_list=True),
    "category": _names_problem("the category", "CATEGORY"),
    "author": _names_problem("the author", "AUTHOR"),
    "authors": _names_problem("the author", "AUTHOR", is_list=True),
}


def field_name(key: str) -> str:
    """A metadata key as the README writes it (Title, Source_name, URL)."""
    return {"url": "URL"}.get(key, key.capitalize())


def _control_character(value: str) -> str | None:
    found = CONTROL_CHARACTER.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def _field_problems(path: str, entries: list[Entry], source: Source) -> list[Problem]:
    """Each field once, on one line, known to the site, with a value its rule accepts."""
    problems = []
    first: dict[str, Entry] = {}
    for entry in entries:
        name = field_name(entry.key)
        if entry.continued:
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"this indented line continues {name}:, and Pelican would read the two "
                    "lines as a list: write each field on one line",
                )
            )
            continue
        if entry.key in first and entry.key not in REPEATABLE:
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"{name}: is given again (first on line {first[entry.key].line}): "
                    "write each field once",
                )
            )
            continue
        first.setdefault(entry.key, entry)
        if entry.key not in KNOWN_FIELDS:
            known = ", ".join(field_name(field) for field in KNOWN_FIELDS)
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"{name}: is not a field of this site (misspelt?): use {known}",
                )
            )
            continue
        if control := _control_character(entry.value):
            problems.append(
                Problem(path, entry.line, f"{name}: has the control character {control}: remove it")
            )
            continue
        rule = FIELD_RULES.get(entry.key)
        if not rule or (not entry.value and entry.key in MAY_BE_EMPTY):
            continue
        if problem := rule(entry.value, source):
            problems.append(Problem(path, entry.line, f"{name}: {problem}"))
    return problems


def _title_slug_problem(path: str, entries: list[Entry], source: Source) -> list[Problem]:
    """Without a Slug: line, Pelican makes the slug from the title (or from the file name)."""
    fields = {entry.key: entry for entry in entries if not entry.continued}
    if "slug" in fields and fields["slug"].value:  # Pelican drops an empty one
        return []
    if source.settings.get("SLUGIFY_SOURCE", "title") == "basename":
        name = os.path.splitext(os.path.basename(path))[0]
        if problem := _derived_slug_problem("the file name", name, source, "SLUG"):
            return [Problem(path, 1, f"{problem}; or give a Slug: line")]
        return []
    title = fields.get("title")
    if title and title.value:
        if problem := _derived_slug_problem("the title", title.value, source, "SLUG"):
            return [Problem(path, title.line, f"Title: {problem}; or give a Slug: line")]
    return []


def check_source(
    path: str,
    data: bytes,
    required: Iterable[str],
    *,
    kind: str = "article",
    settings: Mapping[str, Any] | None = None,
) -> list[Problem]:
    """Problems that would make this Markdown source a broken or unsafe page, or no page."""
    text, problem = _decode(path, data)
    if problem:
        return [problem]
    assert text is not None
    if not text.strip():
        return [Problem(path, 1, "the file is empty")]
    entries = metadata_entries(text)
    metadata = _first_values(entries)
    published = metadata.get("date", (0, None))[1]
    source = Source(kind, settings if settings is not None else SLUG_SETTINGS, published)
    problems = nesting_problems(path, text)
    for field in required:
        line, value = metadata.get(field, (1, ""))
        if not value:
            where = "is empty" if field in metadata else "is missing"
            problems.append(
                Problem(path, line, f"the {field.capitalize()}: line {where} in the metadata")
            )
    problems += _field_problems(path, entries, source)
    if metadata.get("photo", (0, ""))[1] and not metadata.get("photo_alt", (0, ""))[1]:
        problems.append(
            Problem(
                path,
                metadata["photo"][0],
                "Photo: has no Photo_alt: line: say what the photo shows, for readers who "
                "cannot see it",
            )
        )
    problems += _title_slug_problem(path, entries, source)
    return sorted(problems, key=lambda problem: problem.line)


def _required_fields(kind: str, settings: Mapping[str, Any]) -> tuple[str, ...]:
    if kind == "article" and not settings.get("DEFAULT_DATE"):
        return ("title", "date")
    return ("title",)


def _source_paths(generator: Generator, kind: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Every file in the article (or page, or static) folders, whatever its extension: a file
    in another format is not read, and must be said so rather than silently left out of the
    site. And the folders the walk must not enter (files.list_files)."""
    settings = generator.settings
    files, refused = list_files(
        generator.path,
        settings[f"{kind.upper()}_PATHS"],
        settings["IGNORE_FILES"],
        settings[f"{kind.upper()}_EXCLUDES"],
    )
    if kind == "static":
        return files, refused
    static = tuple(os.path.join(path, "") for path in settings.get("STATIC_PATHS", []) if path)
    return [path for path in files if not path.startswith(static)], refused


def _format_problem(path: str) -> Problem:
    return Problem(
        path,
        1,
        f"only Markdown sources ({SOURCE_EXTENSION}) are built, so this file would be left "
        "out of the site: write it as a Markdown article (make import RAW=<file> turns a "
        "text or a saved page into one), or move it out of the content folder",
    )


def check_generator_sources(generator: Generator) -> None:
    """Check every article and page source before the first is read (the articles generator
    starts first, before Pelican walks a folder or opens a file); raise one error listing the
    problems of all of them. Static files are only checked to be files inside the folder."""
    if not isinstance(generator, ArticlesGenerator):
        return
    problems: list[Problem] = []
    limit = max_bytes(generator.settings)
    for kind in ("article", "page", "static"):
        required = _required_fields(kind, generator.settings)
        files, refused = _source_paths(generator, kind)
        problems += [
            Problem(shown(os.path.join(generator.path, folder)), 1, why) for folder, why in refused
        ]
        for relative in files:
            full = os.path.join(generator.path, relative)
            name = shown(full)
            try:
                if kind == "static":
                    check_path(full, inside=generator.path)
                elif not relative.endswith(SOURCE_EXTENSION):
                    problems.append(_format_problem(name))
                else:
                    data = read_source(full, limit, inside=generator.path)
                    problems += _checked(name, data, required, kind, generator.settings)
            except Refused as refusal:
                problems.append(Problem(name, 1, str(refusal)))
    stop_on(problems, SourceError, "sources")


def _checked(
    path: str, data: bytes, required: tuple[str, ...], kind: str, settings: Mapping[str, Any]
) -> list[Problem]:
    """`check_source`, kept between builds when newsroom.build gives a memo (BUILD_MEMO): the
    problems of a file follow from its bytes, its path, its kind and the settings alone."""
    key = repr((path, kind, required)).encode() + b"\0" + hashlib.sha256(data).digest()
    return memoised(
        settings,
        "source_checks",
        key,
        lambda: check_source(path, data, required, kind=kind, settings=settings),
    )


def read_content_problems(content: Any) -> list[str]:
    """What in a page as Pelican read it would make an unsafe address or file name."""
    problems = []
    if problem := slug_problem(str(getattr(content, "slug", "") or "")):
        problems.append(f"the slug Pelican made, {problem}")
    if problem := lang_problem(str(getattr(content, "lang", "") or "")):
        problems.append(f"the language Pelican read, {problem}")
    names = [*(getattr(content, "tags", None) or []), *(getattr(content, "authors", None) or [])]
    if category := getattr(content, "category", None):
        names.append(category)
    for name in names:
        if problem := slug_problem(name.slug):
            problems.append(
                f"the {type(name).__name__.lower()} {name.name!r} has a slug that {problem}"
            )
    return problems


def check_read_contents(generator: Generator) -> None:
    """After reading, before writing: every slug (derived ones too, and the cleaning plugin's
    from a cleaned title) and language that goes into a file name or link follows the rules.

    The check before reading predicts these; this one sees what Pelican made, so a reader or
    plugin that derives a value differently cannot slip an unsafe one into the site."""
    problems = []
    # Pelican's own record of every source it read (articles, pages, drafts, translations).
    for content in (generator.context.get("generated_content") or {}).values():
        for message in read_content_problems(content):
            problems.append(Problem(shown(content.source_path or "?"), 1, message))
    stop_on(problems, SourceError, "sources")


def register() -> None:
    signals.article_generator_init.connect(check_generator_sources)
    signals.article_generator_finalized.connect(check_read_contents)
    signals.page_generator_finalized.connect(check_read_contents)
