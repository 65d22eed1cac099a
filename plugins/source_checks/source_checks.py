"""Refuse to build from a source file that would become a broken or missing page.

Left alone, Pelican skips such a file with a long traceback, or without --fatal builds the
site without it. This check runs before Pelican reads anything and names the file and the
line of every problem at once, so an editor can fix them all in one go.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.utils import get_date

logger = logging.getLogger(__name__)

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
METADATA_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
DATE_FIELDS = ("date", "modified")
# The shape nearly every date has; the standard library checks it far faster than dateutil.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?", re.ASCII)


class SourceError(Exception):
    """A source file cannot be built into a correct page."""


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


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


def is_valid_date(value: str) -> bool:
    """Whether Pelican can read this date: a real calendar date in ISO shape is, at once;
    anything else (another format, or 2022-13-45) is left to Pelican's own parser to judge."""
    if ISO_DATE.fullmatch(value):
        try:
            datetime.fromisoformat(value)
            return True
        except ValueError:
            pass
    try:
        get_date(value)
    except ValueError:
        return False
    return True


def read_metadata(text: str) -> dict[str, tuple[int, str]]:
    """The Markdown metadata block at the top of a file: lower-case key -> (line, value)."""
    metadata: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        match = METADATA_LINE.match(line)
        if match:
            metadata[match["key"].lower()] = (number, match["value"].strip())
        elif not line.startswith((" ", "\t")):
            break  # the body began without a blank line; Python-Markdown stops here too
    return metadata


def check_source(path: str, data: bytes, required: Iterable[str]) -> list[Problem]:
    """Problems that would make this file a broken page, or no page at all."""
    text, problem = _decode(path, data)
    if problem:
        return [problem]
    assert text is not None
    if not text.strip():
        return [Problem(path, 1, "the file is empty")]
    if not path.endswith(MARKDOWN_EXTENSIONS):
        return []
    problems = nesting_problems(path, text)
    metadata = read_metadata(text)
    for field in required:
        line, value = metadata.get(field, (1, ""))
        if not value:
            where = "is empty" if field in metadata else "is missing"
            problems.append(
                Problem(path, line, f"the {field.capitalize()}: line {where} in the metadata")
            )
    for field in DATE_FIELDS:
        if field in metadata and metadata[field][1]:
            line, value = metadata[field]
            if not is_valid_date(value.replace("_", " ")):
                problems.append(
                    Problem(
                        path,
                        line,
                        f"{field.capitalize()}: {value!r} is not a valid date "
                        "(write it as YYYY-MM-DD or YYYY-MM-DD HH:MM)",
                    )
                )
    return problems


def nesting_problems(path: str, text: str) -> list[Problem]:
    from .nesting import nesting_problems as deepest_line  # needs Problem, defined here

    return deepest_line(path, text)


def _required_fields(generator: Generator) -> tuple[str, ...]:
    if isinstance(generator, ArticlesGenerator):
        return ("title",) if generator.settings.get("DEFAULT_DATE") else ("title", "date")
    return ("title",)


def _source_paths(generator: Generator) -> list[str]:
    if isinstance(generator, ArticlesGenerator):
        paths, excludes = "ARTICLE_PATHS", "ARTICLE_EXCLUDES"
    elif isinstance(generator, PagesGenerator):
        paths, excludes = "PAGE_PATHS", "PAGE_EXCLUDES"
    else:
        return []
    extensions = tuple(generator.readers.extensions)
    files = generator.get_files(
        generator.settings[paths], exclude=generator.settings[excludes], extensions=extensions
    )
    return sorted(files)


def check_generator_sources(generator: Generator) -> None:
    """Check every source the generator is about to read; raise one error listing them all."""
    required = _required_fields(generator)
    problems: list[Problem] = []
    for relative in _source_paths(generator):
        full = os.path.join(generator.path, relative)
        with open(full, "rb") as handle:
            data = handle.read()
        problems.extend(check_source(_display_path(full), data, required))
    for problem in problems:
        try:
            logger.error("%s", problem)
        except RuntimeError:
            pass  # raised by `--fatal errors`; the build stops below, once every problem is listed
    if problems:
        raise SourceError(f"{len(problems)} problem(s) in the sources, listed above")


def _display_path(path: str) -> str:
    """The path as the editor would type it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def register() -> None:
    signals.article_generator_init.connect(check_generator_sources)
    signals.page_generator_init.connect(check_generator_sources)
