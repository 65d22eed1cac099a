"""The text a reader sees in HTML: one function for a page's description, its word count and
the search index, so the three never see different text.

Blocks stay apart (each block element's tags stand for a space, an inline tag's for
nothing); the content of elements a reader never sees (script, style...) is left out, and so
is that of the elements a caller names in `skip` (the description skips photo captions).

It is right for any HTML, cleaned or not: the standard library's parser reads it. The parser
is slow in Python, and an article is almost always plain tags and text, for which a regular
expression finds the same text; anything else (a comment, a script, a `<` that starts no tag)
goes to the parser. test_text proves the two give the same text.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

# Elements that end a run of text: two words either side of one are two words.
BLOCK_ELEMENTS = frozenset(
    """address article aside blockquote br dd details div dl dt figcaption figure footer h1 h2
    h3 h4 h5 h6 header hr img li main nav ol p pre section summary table tbody td tfoot th
    thead tr ul""".split()
)
# Elements whose text a reader never sees on the page.
HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noscript", "head", "title"})
# A start or end tag written plainly (HTML's spaces between attributes, each value quoted or a
# plain word): HTMLParser reads it the same way. Any other `<` (a stray one, a tag whose quotes
# do not pair) stays in the text between the tags this finds, and the parser reads the whole.
_SPACE = r"[ \t\n\r\f]"
_VALUE = rf"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`/]+(?={_SPACE}|>))"""
_ATTRIBUTE = rf"""{_SPACE}+[^\s"'>/=]+(?:{_SPACE}*={_SPACE}*{_VALUE})?"""
TAG = re.compile(rf"<(/)?([a-zA-Z][-.a-zA-Z0-9:_]*)(?(1){_SPACE}*|(?:{_ATTRIBUTE})*{_SPACE}*/?)>")
# What only the parser reads right: comments, declarations, hidden elements' text.
NOT_PLAIN = re.compile(
    r"<[!?]|<(?:script|style|template|noscript|head|title|textarea|xmp|plaintext)[\s/>]",
    re.IGNORECASE,
)
SPACES = re.compile(r"[ \t\n\r\f]+")  # U+00A0 stays: it keeps French : and « » in place
NOTHING: frozenset[str] = frozenset()


class _VisibleText(HTMLParser):
    def __init__(self, skip: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = skip
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, 1)

    def handle_endtag(self, tag: str) -> None:
        self._tag(tag, -1)

    def _tag(self, tag: str, step: int) -> None:
        if tag in HIDDEN_ELEMENTS or tag in self.skip:
            self.hidden = max(0, self.hidden + step)
        if tag in BLOCK_ELEMENTS:
            self.pieces.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(data)


def parsed_text(html: str, skip: frozenset[str] = NOTHING) -> str:
    """The visible text, as the standard library's parser reads the HTML."""
    parser = _VisibleText(skip)
    parser.feed(html)
    parser.close()
    return "".join(parser.pieces)


def visible_text(html: str, skip: frozenset[str] = NOTHING) -> str:
    """`parsed_text`, by a regular expression where the HTML is only tags and text."""
    if NOT_PLAIN.search(html):
        return parsed_text(html, skip)
    pieces: list[str] = []
    position = skipping = 0
    for tag in TAG.finditer(html):
        text = html[position : tag.start()]
        if "<" in text:
            return parsed_text(html, skip)
        if not skipping:
            pieces.append(unescape(text))
        name = tag[2].lower()
        self_closing = not tag[1] and tag[0].endswith("/>")  # a start and an end to the parser
        if name in skip and not self_closing:
            skipping = max(0, skipping + (-1 if tag[1] else 1))
        if name in BLOCK_ELEMENTS:
            pieces.append("  " if self_closing else " ")
        position = tag.end()
    rest = html[position:]
    if "<" in rest:
        return parsed_text(html, skip)
    if not skipping:
        pieces.append(unescape(rest))
    return "".join(pieces)


def plain_text(html: str | None, skip: frozenset[str] = NOTHING) -> str:
    """The visible text on one line: runs of spaces and line ends made one space."""
    return SPACES.sub(" ", visible_text(html or "", skip)).strip()
