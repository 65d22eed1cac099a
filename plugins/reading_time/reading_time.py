"""Word count and reading time as Jinja filters, so the theme can print them in the dateline.

The words are those a reader sees, found by a parser of our own (the standard library's
HTMLParser): text outside tags, comments, scripts and styles. So the count is right for any
HTML, whether another plugin sanitised it first or not, and for whatever order the plugins
run in: a filter reads the content when the page is rendered, after every plugin had its turn.

The parser is slow in Python (a third of what the plugins cost a build), and an article is
almost always plain tags and text: for such HTML a regular expression finds the same text,
and anything else (a comment, a script, a `<` that starts no tag) goes to the parser.
test_reading_time proves the two give the same text.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

from pelican import signals
from pelican.generators import Generator

# A common figure for adults reading prose on a screen (Brysbaert 2019 finds 238 for
# non-fiction); rounding up means nobody is promised less time than they need.
WORDS_PER_MINUTE = 230
WORD = re.compile(r"\w+(?:['’]\w+)*")
# Elements whose text a reader never sees on the page.
HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noscript", "head", "title"})
# Elements that end a run of text: two words either side of one are two words.
BREAKING_ELEMENTS = frozenset(
    """address article aside blockquote br dd details div dl dt figcaption figure footer h1 h2
    h3 h4 h5 h6 header hr img li main nav ol p pre section summary table tbody td tfoot th
    thead tr ul""".split()
)


class VisibleText(HTMLParser):
    """The text of an HTML fragment as a reader sees it, pieces joined as the page joins them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        elif tag in BREAKING_ELEMENTS:
            self.pieces.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BREAKING_ELEMENTS:
            self.pieces.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(data)


def parsed_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.pieces)


# A start or end tag as HTMLParser reads one: a quoted attribute value may hold a `>`.
TAG = re.compile(r"""<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
# What only the parser reads right: comments, declarations, hidden elements' text.
NOT_PLAIN = re.compile(
    r"<[!?]|<(?:script|style|template|noscript|head|title|textarea|xmp|plaintext)[\s/>]",
    re.IGNORECASE,
)


def visible_text(html: str) -> str:
    """`parsed_text`, by a regular expression where the HTML is only tags and text."""
    if NOT_PLAIN.search(html):
        return parsed_text(html)
    pieces: list[str] = []
    position = 0
    for tag in TAG.finditer(html):
        text = html[position : tag.start()]
        if "<" in text:
            return parsed_text(html)
        pieces.append(unescape(text))
        if tag[2].lower() in BREAKING_ELEMENTS:
            # `<br/>` is a start and an end tag to the parser: a space for each.
            pieces.append("  " if not tag[1] and tag[0].endswith("/>") else " ")
        position = tag.end()
    rest = html[position:]
    if "<" in rest:
        return parsed_text(html)
    pieces.append(unescape(rest))
    return "".join(pieces)


@lru_cache(maxsize=64)
def word_count(html: str | None) -> int:
    """Words a reader sees in an HTML fragment: tags are not words, hyphens join nothing."""
    return len(WORD.findall(visible_text(html or "")))


def reading_minutes(html: str | None, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes to read the fragment, rounded up; 0 only for a text without words."""
    return math.ceil(word_count(html) / words_per_minute)


def add_filters(generator: Generator) -> None:
    generator.env.filters["word_count"] = word_count
    generator.env.filters["reading_minutes"] = reading_minutes


def register() -> None:
    signals.generator_init.connect(add_filters)
