"""A file that already is a Pelican Markdown article: checked like the build checks it, then
copied as it is, so an editor adds every kind of article with the same command.

Its values are as untrusted as any, and the build's own gate (source_checks.check_source)
judges them before anything is written: a Slug that is not a plain slug (`../pages/about`), a
Lang that is not a language tag, a date in any shape but ISO 8601, and the fields that would
let a source choose its own output path or template (URL, Save_as, Template) are refused.
"""

from __future__ import annotations

from newsroom.importer.article import Report
from newsroom.importer.rawtext import ImportProblem
from newsroom.importer.values import derived_slug
from newsroom.plugins.source_checks.source_checks import (
    check_source,
    metadata_entries,
    read_metadata,
)

SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
# Options that fill a metadata field the file leaves out, and the field they fill.
OPTION_FIELDS = {
    "title": "Title",
    "date": "Date",
    "modified": "Modified",
    "source": "Source",
    "tags": "Tags",
    "category": "Category",
    "author": "Author",
    "agency": "Agency",
    "slug": "Slug",
    "lang": "Lang",
}


def is_markdown_article(text: str) -> bool:
    """A metadata block with a Title: line at the very top, as Pelican's Markdown reader wants."""
    return "title" in read_metadata(text)


def _option_text(value: object) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def prepare(path: str, text: str, options: dict[str, object], report: Report) -> tuple[str, str]:
    """The Markdown to write and its slug; raises ImportProblem when the build would refuse it."""
    refuse_problems(path, text, ("title",))
    metadata = read_metadata(text)
    added = []
    for option, field in OPTION_FIELDS.items():
        if not options.get(option):
            continue
        value = _option_text(options[option])
        key = field.lower()
        if key in metadata and metadata[key][1] != value:
            line, present = metadata[key]
            raise ImportProblem(
                f"{path}:{line}: {field}: is {present!r} in the file but {value!r} was given"
            )
        if key not in metadata:
            added.append(f"{field}: {value}")
            report.find(key, None, f"{value} (from --{option}, added)")
    for correction in options.get("corrections") or ():
        added.append(f"Correction: {correction}")
        report.find("correction", None, f"{correction} (from --correction, added)")
    if added:
        text = insert_metadata(text, added)
        metadata = read_metadata(text)
    refuse_problems(path, text, ("title", "date"))
    for key, (line, value) in metadata.items():
        report.find(key, line, value)
    slug = metadata["slug"][1] if "slug" in metadata else derived_slug(metadata["title"][1])
    if not slug:
        raise ImportProblem(
            f"{path}: the title gives an empty slug (it has no letter or digit); "
            "give one with --slug"
        )
    return (text if text.endswith("\n") else text + "\n"), slug


def insert_metadata(text: str, lines: list[str]) -> str:
    """The article with these `Key: value` lines added at the end of its metadata block."""
    rows = text.splitlines(keepends=True)
    block_end = max(line for line, _ in read_metadata(text).values())
    return "".join(rows[:block_end] + [f"{line}\n" for line in lines] + rows[block_end:])


def carried_corrections(old: str, new: str) -> str:
    """`new` with every Correction: line of `old` it lacks: an article replaced by a newer
    version of itself keeps the corrections already published (they stay on the page)."""
    present = {entry.value for entry in metadata_entries(new) if entry.key == "correction"}
    missing = [
        f"Correction: {entry.value}"
        for entry in metadata_entries(old)
        if entry.key == "correction" and entry.value not in present
    ]
    return insert_metadata(new, missing) if missing else new


def refuse_problems(path: str, text: str, required: tuple[str, ...]) -> None:
    problems = check_source(path, text.encode("utf-8"), required)
    if problems:
        raise ImportProblem("; ".join(str(problem) for problem in problems))
