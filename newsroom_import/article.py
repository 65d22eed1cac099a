"""The imported article, what the import noticed on the way, and the Markdown it becomes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PARAGRAPH, CAPTION, HEADING, CREDIT = "paragraph", "caption", "heading", "credit"

# A line of text that Python-Markdown (with `extra`) would read as syntax rather than words,
# and how to keep it words: a backslash where Markdown honours one, an entity where it does not.
_BLOCK_SYNTAX = [
    (re.compile(r"#"), "\\"),  # heading
    (re.compile(r">"), "\\"),  # quote
    (re.compile(r"[-+*](?:\s|$)"), "\\"),  # bullet list
    (re.compile(r"(?:[-*_]\s*){3,}$"), "\\"),  # horizontal rule
    (re.compile(r"\d+[.)](?:\s|$)"), None),  # numbered list: escape the dot after the number
    (re.compile(r"`{3,}"), "\\"),  # fenced code
    (re.compile(r"~{3,}"), "&#126;"),  # fenced code
    (re.compile(r"\["), "\\"),  # link reference, footnote or abbreviation definition
    (re.compile(r"\*\["), "\\"),
    (re.compile(r":"), "&#58;"),  # definition list
    (re.compile(r"\{"), "&#123;"),  # attribute list standing alone
]
_TRAILING_ATTRIBUTES = re.compile(r"\{:?[^{}]*\}\s*$")  # "{: .class }" at the end of a line


def escape_line(text: str) -> str:
    """Keep one line of text as a paragraph of words: escape what Markdown would take as syntax.

    Only the leading character (or a trailing attribute list) is escaped, so the words a reader
    sees are exactly the words of the line.
    """
    text = text.strip()
    for pattern, escape in _BLOCK_SYNTAX:
        match = pattern.match(text)
        if not match:
            continue
        if escape is None:  # "1. " -> "1\. "
            digits = len(match.group().rstrip()) - 1
            text = text[:digits] + "\\" + text[digits:]
        elif escape == "\\":
            text = "\\" + text
        else:
            text = escape + text[1:]
        break
    trailing = _TRAILING_ATTRIBUTES.search(text)
    if trailing and trailing.start() > 0:
        text = text[: trailing.start()] + "\\" + text[trailing.start() :]
    return text


@dataclass
class Block:
    """One block of the article's body, with the line of the source it came from."""

    kind: str
    text: str
    line: int | None = None

    def markdown(self) -> str:
        if self.kind == CAPTION:
            return (
                '<figure class="photo-unavailable">\n'
                f"<figcaption>{self.text}</figcaption>\n</figure>"
            )
        if self.kind == HEADING:
            text = escape_line(self.text)
            if text.endswith("#"):  # Markdown would drop closing hashes
                text = text[:-1] + "\\#"
            return f"## {text}"
        if self.kind == CREDIT:
            return f"{escape_line(self.text)}\n{{: .credit }}"
        return escape_line(self.text)


@dataclass
class Article:
    title: str
    blocks: list[Block] = field(default_factory=list)
    date: str | None = None
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
        """The metadata lines, in the order the committed articles use."""
        fields = [
            ("Title", self.title),
            ("Date", self.date),
            ("Author", self.author),
            ("Agency", self.agency),
            ("Source", self.source),
            ("Source_name", self.source_name),
            ("Translated", "yes" if self.translated else None),
            ("Category", self.category),
            ("Tags", ", ".join(self.tags) if self.tags else None),
            ("Slug", self.slug),
            ("Lang", self.lang),
            # Pelican renders Summary as Markdown, so it is escaped like a paragraph.
            ("Summary", escape_line(self.summary) if self.summary else None),
        ]
        return [(key, " ".join(value.split())) for key, value in fields if value]

    def markdown(self) -> str:
        head = "\n".join(f"{key}: {value}" for key, value in self.metadata())
        body = "\n\n".join(block.markdown() for block in self.blocks)
        return f"{head}\n\n{body}\n"


REPORT_ORDER = (
    "title", "date", "author", "agency", "source", "source name", "summary",
    "caption", "crosshead", "credit", "body", "escaped",
)  # fmt: skip


@dataclass
class Report:
    """What the import found and what it left out, for the editor to check."""

    path: str
    kind: str
    found: list[tuple[str, int | None, str]] = field(default_factory=list)
    left_out: list[tuple[int | None, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit: str = "line"

    def find(self, what: str, line: int | None, text: str) -> None:
        self.found.append((what, line, text))

    def leave_out(self, line: int | None, text: str, why: str) -> None:
        self.left_out.append((line, text, why))

    def where(self, line: int | None) -> str:
        return f"{self.unit} {line}" if line is not None else ""

    def render(self) -> str:
        lines = [f"{self.path}: {self.kind}", "found:"]
        width = max((len(what) for what, _, _ in self.found), default=0)
        order = {what: rank for rank, what in enumerate(REPORT_ORDER)}
        for what, line, text in sorted(self.found, key=lambda item: order.get(item[0], 99)):
            lines.append(f"  {what:<{width}}  {self.where(line):>8}  {text}")
        lines.append("left out:" if self.left_out else "left out: nothing")
        for line, text, why in self.left_out:
            lines.append(f"  {self.where(line):>8}  {text}  ({why})")
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)
