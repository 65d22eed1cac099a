"""The description of a page, from its plain text (newsroom.text): a list's standfirst, a
`<meta>` description, a feed's summary."""

from __future__ import annotations

from newsroom.text import plain_text

DESCRIPTION_LENGTH = 200


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
