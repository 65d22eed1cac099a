"""Sources nested deeper than Python-Markdown can parse, found before it tries.

Python-Markdown recurses once per level of nested lists (and indented blocks inside them):
a list nested 250 levels deep stops it with RecursionError, and Pelican reports only that
the file could not be processed. Measured on this project's Markdown settings, lists fail
from 250 levels; the limit below leaves room for Pelican's and the plugins' own stack.
"""

from __future__ import annotations

import re

from .problems import Problem

# Real articles nest a handful of levels: far below this, and far above what any text uses.
MAX_NESTING = 60
INDENT = re.compile(r"[ \t>]*")


def nesting_problems(path: str, text: str) -> list[Problem]:
    """The first line nested deeper than Python-Markdown can parse: indents and `>` quotes."""
    for number, line in enumerate(text.splitlines(), start=1):
        lead = INDENT.match(line)
        if lead is None or len(lead.group()) < MAX_NESTING:
            continue
        columns = 0
        quotes = 0
        for character in lead.group():
            if character == ">":
                quotes += 1
            else:
                columns += 4 - columns % 4 if character == "\t" else 1
        depth = quotes + columns // 4
        if depth > MAX_NESTING:
            return [
                Problem(
                    path,
                    number,
                    f"nested {depth} levels deep (lists, quotes or indented blocks); "
                    f"Markdown can take at most {MAX_NESTING}: flatten it",
                )
            ]
    return []
