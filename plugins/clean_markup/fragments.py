"""Remove literal fragments of HTML tags from plain text, and repair the gap they leave.

Scraping and machine translation leave pieces of tags in the prose (`CTO < /b>provides`,
`told AFP b>.`). This module works on text only (one text node of a page at a time), so
real markup, code and attributes are never in reach. A fragment is only removed when it
names a real HTML element; anything else that merely looks like markup (`a < b`, `I <3 NY`,
`C++ <vector>`) is kept, and a shape that could be either is kept with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Elements whose tags turn up as debris in web text: inline and block alike.
FRAGMENT_NAMES = frozenset(
    """a abbr acronym address article aside b bdi bdo big blink blockquote body br button
    caption center cite code col colgroup dd del details dfn div dl dt em embed fieldset
    figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img
    input ins kbd label li main mark marquee nav nobr object ol p pre q s samp script section
    small span strike strong style sub summary sup table tbody td tfoot th thead time title
    tr tt u ul var wbr""".split()
)
_NAMES = "|".join(sorted(FRAGMENT_NAMES, key=lambda name: (-len(name), name)))
LT = r"(?:<|&lt;|&\#0*60;|&\#x0*3c;)"
GT = r"(?:>|&gt;|&\#0*62;|&\#x0*3e;)"
_VALUE = r"""(?:"[^"<>]*"|'[^'<>]*'|&quot;.*?&quot;|[^\s"'<>=`&]+)"""
_ATTRS = rf"(?:\s+[\w:.-]+\s*=\s*{_VALUE})*"

# A whole tag: <b>, </b>, < /b>, < b >, </ b>, <br/>, <a href="...">, &lt;/b&gt;.
COMPLETE = re.compile(
    rf"{LT}[ \t]*/?[ \t]*(?P<name>{_NAMES})(?![\w:-]){_ATTRS}[ \t]*/?[ \t]*{GT}", re.IGNORECASE
)
# A closing half after a space, at the start, or glued to the next word: `AFP b>.`, `/b>x`.
DANGLING_CLOSE = re.compile(rf"(?<![\w/<;&:-])/?(?P<name>{_NAMES}){GT}", re.IGNORECASE)
# `/b>` glued to the end of a word: words do not hold a slash before `>`.
GLUED_SLASH_CLOSE = re.compile(rf"(?<=\w)/(?P<name>{_NAMES}){GT}", re.IGNORECASE)
# `b>` glued to the end of a word: `AFPb>` (removed only when one tag name fits).
GLUED_CLOSE = re.compile(rf"(?<=[^\W\d_])(?P<name>{_NAMES}){GT}", re.IGNORECASE)
# An opening half before a word: `<b provides`, `</b provides`, `<bprovides`.
DANGLING_OPEN = re.compile(rf"{LT}/?(?P<name>{_NAMES})(?:(?=[ \t]+\w)|(?=[^\W\d_]))", re.IGNORECASE)
# Operands of a comparison around a shape: `i> 0`, `a <b and`, `x <b`.
_MATH_AFTER = re.compile(r"[ \t]*[\d=<>+\-*/]")
_MATH_BEFORE = re.compile(r"(?:^|\s)[\w.]{1}[ \t]*$|\d[ \t]*$")
LT_ANY = re.compile(LT, re.IGNORECASE)
GT_ANY = re.compile(GT, re.IGNORECASE)
LONGEST_NAME = max(map(len, FRAGMENT_NAMES))
# Anything that could be a fragment at all: a cheap test before the full search.
MAYBE_FRAGMENT = re.compile(rf"{LT}|{GT}", re.IGNORECASE)

_SPACE = "[ \\t\\r\\n]"
_AFTER_PUNCT = r"(?=[\s\"'”’»)\]]|$)"
# Gap repairs: no space before , . ; : ! ? (French keeps it before : ; ! ?), before a
# closing bracket or quote, nor after an opening one (French keeps it inside « »).
_GAPS = {
    "default": [
        re.compile(rf"{_SPACE}+(?=[,.;:!?]{_AFTER_PUNCT})"),
        re.compile(rf"{_SPACE}+(?=[)\]”»])"),
        re.compile(rf"(?<=[(\[“«]){_SPACE}+"),
    ],
    "fr": [
        re.compile(rf"{_SPACE}+(?=[,.]{_AFTER_PUNCT})"),
        re.compile(rf"{_SPACE}+(?=[)\]”])"),
        re.compile(rf"(?<=[(\[“]){_SPACE}+"),
    ],
}


def _maybe_gap(closers: str, openers: str) -> re.Pattern[str]:
    """`{_SPACE}[closers]|[openers]{_SPACE}`, written to start at the rare punctuation
    rather than at every space: the same matches, several times faster to search."""
    return re.compile(
        rf"[{closers}{openers}](?:(?<={_SPACE}[{closers}])|(?={_SPACE})(?<=[{openers}]))"
    )


MAYBE_GAP = {
    "default": _maybe_gap(r",.;:!?)\]”»", r"(\[“«"),
    "fr": _maybe_gap(r",.)\]”", r"(\[“"),
}


def maybe_fragment(text: str) -> bool:
    """`MAYBE_FRAGMENT.search(text)`, answered by `in` when there is no `&` to look at."""
    if "<" in text or ">" in text:
        return True
    return "&" in text and MAYBE_FRAGMENT.search(text) is not None


def gap_rules(lang: str | None) -> str:
    return "fr" if (lang or "").lower().split("-")[0].split("_")[0] == "fr" else "default"


@dataclass
class TextResult:
    text: str
    fragments: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _is_ambiguous_glued(match: re.Match[str]) -> bool:
    """`sub>` glued to a word may be `sub>`, or `b>` after `su`: the word is unknowable."""
    name = match["name"].lower()
    return any(name.endswith(other) for other in FRAGMENT_NAMES if other != name)


def _find(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Spans of fragments to remove, and warnings for shapes kept because they are doubtful."""
    spans: list[tuple[int, int]] = []
    warnings: list[str] = []

    def taken(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in spans)

    # Every shape starts at a `<` or ends at a `>`: try the patterns only there, not at
    # every character of the text (the name alternations are slow to scan with).
    opens = [m.start() for m in LT_ANY.finditer(text)]
    closes = [m.span() for m in GT_ANY.finditer(text)]
    spans.extend(m.span() for s in opens if (m := COMPLETE.match(text, s)))

    def candidates(pattern: re.Pattern[str]) -> list[re.Match[str]]:
        if pattern is DANGLING_OPEN:
            return [m for s in opens if (m := pattern.match(text, s))]
        found = []
        for start, end in closes:
            match = pattern.search(text, max(0, start - LONGEST_NAME - 1), end)
            if match and match.end() == end:
                found.append(match)
        return found

    for pattern in (GLUED_SLASH_CLOSE, DANGLING_CLOSE, GLUED_CLOSE, DANGLING_OPEN):
        for match in candidates(pattern):
            start, end = match.span()
            if taken(start, end):
                continue
            doubtful = False
            if pattern is DANGLING_CLOSE and not match.group().startswith("/"):
                doubtful = bool(_MATH_AFTER.match(text, end))
            elif pattern is GLUED_CLOSE:
                doubtful = _is_ambiguous_glued(match)
            elif pattern is DANGLING_OPEN:
                doubtful = bool(_MATH_BEFORE.search(text, 0, start))
            if doubtful:
                warnings.append(_snippet(text, start, end))
            else:
                spans.append((start, end))
    spans.sort()
    return spans, warnings


def _snippet(text: str, start: int, end: int, width: int = 30) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    return (
        ("…" if left else "")
        + " ".join(text[left:right].split())
        + ("…" if right < len(text) else "")
    )


def _glues_words(left: str, right: str) -> bool:
    return bool(left) and bool(right) and left[-1].isalnum() and right[0].isalnum()


def repair_gaps(text: str, lang: str | None) -> str:
    rules = gap_rules(lang)
    if not MAYBE_GAP[rules].search(text):
        return text
    for pattern in _GAPS[rules]:
        text = pattern.sub("", text)
    return text


def clean_text(text: str, lang: str | None = None) -> TextResult:
    """Remove tag fragments from one piece of text and repair the spacing."""
    result = TextResult(text)
    if maybe_fragment(text):
        spans, result.warnings = _find(text)
        out, position = "", 0
        for start, end in spans:
            result.fragments.append(text[start:end])
            out += text[position:start]
            position = end
            rest = text[end:]
            if out[-1:] in (" ", "\t") and rest[:1] in (" ", "\t"):
                position += len(rest) - len(rest.lstrip(" \t"))  # no double space
            elif _glues_words(out, rest):
                out += " "  # `CTO</b>provides` was two words
        text = out + text[position:]
    result.text = repair_gaps(text, lang)
    return result
