"""The lines of a scraped text, as the structure reader sees them: one paragraph a line,
numbered as an editor's text editor numbers them, with what their layout says."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsroom.importer.article import PARAGRAPH, Report

ITEM = "item"  # a line of a list (an HTML <li>, or one of several indented lines in a row)
# Characters with no width that scrapers leave inside words ("is\u200b a"): a reader never sees
# them, but they split and join words for search, copy and the build's word count.
ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")
INDENT = re.compile(r"^(?: {4}|\t)")


@dataclass
class Line:
    number: int
    text: str
    hint: str = PARAGRAPH  # HTML and web pages tell headings, captions and list items apart
    indented: bool = False  # the raw line began with four spaces or a tab
    gap: int = 1  # 1 + the blank lines before it: a wider gap sets a standfirst apart
    soft: bool = False  # it followed a single <br>: the same paragraph went on


def collapse(text: str) -> str:
    """Runs of spaces and tabs as one space (a no-break space is a character, and stays)."""
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def raw_lines(text: str, report: Report) -> list[Line]:
    """The non-empty lines of a raw text; zero-width characters removed, and reported."""
    lines: list[Line] = []
    blank = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        visible = ZERO_WIDTH.sub("", raw)
        if visible != raw:
            report.note(number, f"{len(raw) - len(visible)} zero-width character(s) removed")
        # Spaces inside a line stay as scraped: a run of them is where tags were stripped,
        # which tells the build's cleaning that the gaps around it need repair.
        line = visible.strip()
        if not line:
            blank += 1
            continue
        indented = bool(INDENT.match(visible))
        lines.append(Line(number, line, indented=indented, gap=blank + 1))
        blank = 0
    return lines
