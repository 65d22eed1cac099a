"""Find the source line a warning is about, so an editor can go straight to it.

The cleaning sees rendered HTML, not the Markdown, so the line is found by searching the
source for what the warning names: the element, the attribute, the URL scheme or the kept text.
"""

from __future__ import annotations

import re

_NEEDLES = (
    (re.compile(r"removed the <(\w+)> element"), lambda m: "<" + m[1]),
    (re.compile(r"removed the ([\w+.-]+:) URL"), lambda m: m[1]),
    (re.compile(r"with a link to it: (\S+)$"), lambda m: m[1]),
    (re.compile(r"event attribute ([\w-]+)="), lambda m: m[1] + "="),
    (re.compile(r"unsure it is a fragment: '(.+)'$"), lambda m: max(m[1].split("…"), key=len)),
    (re.compile(r"may be the rest of its title: check '(.+)'$"), lambda m: _words(m[1])),
    (re.compile(r"may be words of the text: check '(.+)'$"), lambda m: _longest_piece(m[1])),
)
# What separates the pieces of a tag: its value may be escaped in the source (`&quot;`).
TAG_PUNCTUATION = re.compile(r"[\s\"'“”‘’=<>/…]+")


def _words(snippet: str) -> str:
    """The longest run of the snippet's words before its link remnant, as the source has them."""
    before = max(snippet.split("…"), key=len)
    return before.split("href=")[0].rstrip("\"”'’ ")


def _longest_piece(tag: str) -> str:
    """The longest name or value of a tag: the source has it as written, escaped or not."""
    return max(TAG_PUNCTUATION.split(tag), key=len)


def needle(warning: str) -> str | None:
    """The text to look for in the source, for a warning clean_markup gives."""
    for pattern, make in _NEEDLES:
        match = pattern.search(warning)
        if match:
            return make(match).strip() or None
    return None


def source_line(source: str, warning: str, start: int = 1) -> int | None:
    """The first line, from `start` on, of the source text where the warning's subject stands."""
    wanted = needle(warning)
    if not wanted:
        return None
    wanted = " ".join(wanted.split()).casefold()
    for number, line in enumerate(source.splitlines()[start - 1 :], start=start):
        if wanted in " ".join(line.split()).casefold():
            return number
    return None
