"""The imported article, what the import noticed on the way, and the Markdown it becomes."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from newsroom.importer.escape import escape_block_start, escape_html_text, escape_line, escape_title

PARAGRAPH, CAPTION, HEADING, CREDIT, QUOTE, LIST, PHOTO = (
    "paragraph", "caption", "heading", "credit", "quote", "list", "photo",
)  # fmt: skip


@dataclass
class Block:
    """One block of the article's body, with the line of the source it came from.

    A quote (an embedded post) and a list keep their parts in `items`; `text` is their first.
    """

    kind: str
    text: str
    line: int | None = None
    items: list[str] = field(default_factory=list)
    soft: bool = False  # a line the source broke with <br> or set after a label: no crosshead

    def parts(self) -> list[str]:
        return self.items or [self.text]

    def markdown(self) -> str:
        if self.kind == PHOTO:  # items: the photo's address in the site, its alt text, credit
            address, alt, credit = self.items
            title = html.escape(f"{self.text}|{credit}" if credit else self.text, quote=True)
            alt = re.sub(r"([\\\[\]])", r"\\\1", html.escape(alt, quote=False))
            return f'![{alt}]({{static}}/{address} "{title}")'
        if self.kind == CAPTION:
            return (
                '<figure class="photo-unavailable">\n'
                f"<figcaption>{escape_html_text(self.text)}</figcaption>\n</figure>"
            )
        if self.kind == HEADING:
            text = escape_line(self.text)
            if text.endswith("#"):  # Markdown would drop closing hashes
                text = text[:-1] + "\\#"
            return f"## {text}"
        if self.kind == CREDIT:
            return f"{escape_line(self.text)}\n{{: .credit }}"
        if self.kind == QUOTE:  # HTML, so that two quotes in a row stay two
            paragraphs = "".join(f"<p>{escape_html_text(part)}</p>\n" for part in self.parts())
            return f"<blockquote>\n{paragraphs}</blockquote>"
        if self.kind == LIST:
            return "\n".join(f"- {escape_line(item)}" for item in self.parts())
        return escape_line(self.text)


@dataclass
class Article:
    title: str
    blocks: list[Block] = field(default_factory=list)
    date: str | None = None
    modified: str | None = None
    corrections: list[str] = field(default_factory=list)
    author: str | None = None
    agency: str | None = None
    source: str | None = None
    source_name: str | None = None
    translated: bool = False
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    slug: str = ""
    lang: str = "en"
    summary: str | None = None

    def metadata(self) -> list[tuple[str, str]]:
        """The metadata lines, in the order the committed articles use.

        Pelican keeps Title as HTML and renders Summary as Markdown, so each is escaped for
        what it is; the other fields are plain text that the theme escapes when it prints them.
        """
        fields = [
            ("Title", escape_title(self.title)),
            ("Date", self.date),
            ("Modified", self.modified),
            *(("Correction", correction) for correction in self.corrections),
            ("Author", self.author),
            ("Agency", self.agency),
            ("Source", self.source),
            ("Source_name", self.source_name),
            ("Translated", "yes" if self.translated else None),
            ("Category", self.category),
            ("Tags", ", ".join(self.tags) if self.tags else None),
            ("Slug", self.slug),
            ("Lang", self.lang),
            ("Summary", escape_line(self.summary) if self.summary else None),
        ]
        return [(key, " ".join(value.split())) for key, value in fields if value]

    def markdown(self) -> str:
        head = "\n".join(f"{key}: {value}" for key, value in self.metadata())
        body = "\n\n".join(block.markdown() for block in self.blocks)
        return f"{head}\n\n{body}\n"


REPORT_ORDER = (
    "title", "date", "author", "agency", "source", "source name", "summary",
    "caption", "photo", "crosshead", "quote", "list", "credit", "body", "escaped",
)  # fmt: skip


@dataclass
class Report:
    """What the import found, what it left out and what it kept but is unsure of."""

    path: str
    kind: str
    found: list[tuple[str, int | None, str]] = field(default_factory=list)
    left_out: list[tuple[int | None, str, str]] = field(default_factory=list)
    unsure: list[tuple[int | None, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # What the build's cleaning will warn about in the article written, in the build's words.
    build_warnings: list[str] = field(default_factory=list)
    unit: str = "line"
    # Photos a saved page brought along: (the file, where it goes in the content folder).
    photos: list[tuple[str, str]] = field(default_factory=list)

    def find(self, what: str, line: int | None, text: str) -> None:
        self.found.append((what, line, text))

    def leave_out(self, line: int | None, text: str, why: str) -> None:
        self.left_out.append((line, text, why))

    def keep_unsure(self, line: int | None, text: str, why: str) -> None:
        self.unsure.append((line, text, why))

    def note(self, line: int | None, text: str) -> None:
        where = f":{line}" if line is not None else ""
        self.notes.append(f"{self.path}{where}: {text}")

    def where(self, line: int | None) -> str:
        return f"{self.unit} {line}" if line is not None else ""

    def render(self) -> str:
        lines = [f"{self.path}: {self.kind}", "found:"]
        width = max((len(what) for what, _, _ in self.found), default=0)
        order = {what: rank for rank, what in enumerate(REPORT_ORDER)}
        for what, line, text in sorted(self.found, key=lambda item: order.get(item[0], 99)):
            lines.append(f"  {what:<{width}}  {self.where(line):>8}  {text}")
        lines.append("left out:" if self.left_out else "left out: nothing")
        for line, text, why in sorted(self.left_out, key=lambda item: item[0] or 0):
            lines.append(f"  {self.where(line):>8}  {_excerpt(text)}  ({why})")
        if self.unsure:
            lines.append("kept, but check it (it may be page furniture):")
            for line, text, why in sorted(self.unsure, key=lambda item: item[0] or 0):
                lines.append(f"  {self.where(line):>8}  {_excerpt(text)}  ({why})")
        lines.extend(f"note: {note}" for note in self.notes)
        if self.build_warnings:
            lines.append("make html will warn (edit the article at these lines, as it says):")
            lines.extend(f"  warning: {warning}" for warning in self.build_warnings)
        return "\n".join(lines)


def _excerpt(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def markdown_syntax_escaped(text: str) -> bool:
    """Whether the import had to escape a character of this text to keep it from being syntax."""
    return escape_line(text) != text.strip() or escape_block_start(text) != text
