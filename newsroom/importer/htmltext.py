"""Raw text that is HTML: an RSS description (`<p>…</p><p>…<br /><br />…</p>`), or such HTML
escaped once more (`&lt;p&gt;…&lt;/p&gt;`), read as the paragraphs a browser would show.

Only the paragraph structure is taken from the markup; every other tag gives its text (a
link its words, not its address), and what a browser never shows as text (a <script>, a
<style>) is left out and reported. Entities in the HTML become their characters, as in a
browser; text that the HTML itself escaped (`&amp;lt;b&amp;gt;` shows as `<b>`) stays text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from newsroom.importer.article import CAPTION, HEADING, PARAGRAPH, Report
from newsroom.importer.lines import ITEM, ZERO_WIDTH, Line, collapse

# Elements that end a line of text: a paragraph, a heading, a list item, a line break...
BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 "
    "h6 header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
# Elements whose content a browser never shows as the article's text.
HIDDEN = frozenset(
    "script style noscript template iframe object embed svg math head title button select "
    "option textarea canvas audio video map".split()
)
HINTS = {"figcaption": CAPTION, "li": ITEM} | {f"h{level}": HEADING for level in range(1, 7)}
_BLOCK_START = re.compile(r"\s*<(?:" + "|".join(sorted(BLOCKS)) + r")\b[^<>]*>", re.IGNORECASE)
_ESCAPED_BLOCK_START = re.compile(
    r"\s*&lt;(?:" + "|".join(sorted(BLOCKS)) + r")\b.*?/?&gt;?", re.IGNORECASE
)
_BARE_AMPERSAND = re.compile(r"&(?![#A-Za-z0-9])")
# A no-break space a writer meant: French spacing before : ; ! ? » and after «, or between
# the digits of a number (80 000). Anywhere else, an &nbsp; in HTML is an editor's space.
_TYPOGRAPHIC_NBSP = re.compile(r"(?<=«)\xa0|\xa0(?=[:;!?»%€])|(?<=\d)\xa0(?=\d)")


def starts_as_html(text: str) -> bool:
    """Text that opens with a block of HTML (`<p>`, `<div>`, `<br>`...) is HTML, not prose
    with a stray tag in it (`Belarus< /b>,` stays text for the build's cleaner)."""
    return bool(_BLOCK_START.match(text))


def escaped_whole(text: str) -> bool:
    """HTML escaped once more, as a whole: it opens with an escaped block (`&lt;p&gt;`) and
    holds no markup of its own and no ampersand that is not an entity, so decoding one level
    gives back the HTML and touches nothing else."""
    return (
        bool(_ESCAPED_BLOCK_START.match(text))
        and "<" not in text
        and ">" not in text
        and not _BARE_AMPERSAND.search(text)
    )


def unescape_once(text: str) -> str:
    """One level of entities decoded; the line breaks stay where they were."""
    return html.unescape(text)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.hidden: list[tuple[int, str]] = []  # (line, element) left out
        self._text: list[str] = []
        self._start = 1
        self._hint = PARAGRAPH
        self._soft = False  # the line began after a <br>: the same paragraph goes on
        self._blank = 0  # empty lines since the last line: <br /><br /> is a paragraph break
        self._hiding: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hiding:
            if tag == self._hiding[-1]:
                self._hiding.append(tag)
            return
        if tag in HIDDEN:
            self._hiding.append(tag)
            self.hidden.append((self.getpos()[0], tag))
            return
        if tag in BLOCKS:
            self._end_line(soft_next=tag == "br")
            self._hint = HINTS.get(tag, PARAGRAPH)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS and not self._hiding:
            self._end_line(soft_next=tag == "br")

    def handle_endtag(self, tag: str) -> None:
        if self._hiding:
            if tag == self._hiding[-1]:
                self._hiding.pop()
            return
        if tag in BLOCKS:
            self._end_line(soft_next=False)
            self._hint = PARAGRAPH

    def handle_data(self, data: str) -> None:
        if self._hiding:
            return
        if not "".join(self._text).strip():
            self._start = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self._text.append(data)

    def _end_line(self, soft_next: bool) -> None:
        text = collapse(ZERO_WIDTH.sub("", "".join(self._text)).replace("\n", " ")).strip(" \xa0")
        self._text = []
        if text:
            soft = self._soft and self._blank == 0
            self.lines.append(
                Line(self._start, text, hint=self._hint, soft=soft, gap=self._blank + 1)
            )
            self._blank = 0
        elif self._soft:
            self._blank += 1
        self._soft = soft_next

    def close(self) -> None:
        super().close()
        self._end_line(soft_next=False)


def visible_text(text: str) -> str:
    """What a browser shows of a value that may hold markup: a <script>'s or a <style>'s
    content is not text, a tag's words are."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return " ".join(line.text for line in reader.lines)


def html_lines(text: str, report: Report) -> list[Line]:
    """The lines of text an HTML fragment shows, numbered by the line they start on."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    for line, element in reader.hidden:
        report.leave_out(line, f"<{element}> element", "markup a browser does not show as text")
    spaces = 0
    for line in reader.lines:
        kept = _TYPOGRAPHIC_NBSP.sub("\x00", line.text)
        spaces += kept.count("\xa0")
        line.text = collapse(kept.replace("\xa0", " ")).replace("\x00", "\xa0")
    if spaces:
        report.note(
            None,
            f"{spaces} no-break space(s) (&nbsp;) between words read as spaces; those of "
            "French spacing and of numbers kept",
        )
    return reader.lines
