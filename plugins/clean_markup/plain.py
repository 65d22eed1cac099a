"""Plain text from cleaned HTML, for the places that show text, not markup: a list's
standfirst, a `<meta>` description, a feed's summary."""

from __future__ import annotations

import html
import re

from .markup import CANONICAL_TAG

# Elements that end a run of text: their tags stand for a space, an inline tag for nothing.
BLOCK_ELEMENTS = frozenset(
    """address article aside blockquote br dd details div dl dt figcaption figure footer h1 h2
    h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead
    tr ul""".split()
)
SPACES = re.compile(r"[ \t\n\r\f]+")  # U+00A0 stays: it keeps French : and « » in place
DESCRIPTION_LENGTH = 200


def plain_text(cleaned_html: str, skip: frozenset[str] = frozenset()) -> str:
    """The text a reader sees, on one line; the content of the `skip` elements left out."""
    pieces: list[str] = []
    position = skipping = 0
    for tag in CANONICAL_TAG.finditer(cleaned_html):
        if not skipping:
            pieces.append(cleaned_html[position : tag.start()])
        if tag[2] in skip:
            skipping = max(0, skipping + (-1 if tag[1] else 1))
        if tag[2] in BLOCK_ELEMENTS:
            pieces.append(" ")
        position = tag.end()
    if not skipping:
        pieces.append(cleaned_html[position:])
    return SPACES.sub(" ", html.unescape("".join(pieces))).strip()


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """At most `limit` characters, cut between words, with "…" when something was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def description(plain_summary: str, body_html: str) -> str:
    """The article's own summary, else the opening of its text (captions of photos left out)."""
    return plain_summary or shorten(plain_text(body_html, skip=frozenset({"figure"})))
