"""Keep scraped text literal in Markdown: the page shows exactly the characters that were scraped.

Python-Markdown (with `extra`) reads some characters as syntax: `2*3*4` would lose its stars
to emphasis, `[t](url)` would become a link, `<b>` a tag, `&amp;` an ampersand. Each function
here escapes only what Markdown would read as syntax in its place, so text that renders the
same either way (`< /b>provides`, `AFP b>.`, `a < b`) is written as it was found, and the
build's cleaner still sees the stray fragments it removes.
"""

from __future__ import annotations

import re

# The characters a backslash escapes in Python-Markdown with `extra` (Markdown.ESCAPED_CHARS).
BACKSLASH_ESCAPABLE = "\\`*_{}[]()>#+-.!|"
# Emphasis, code and link syntax anywhere in a line.
_INLINE = re.compile(r"[`*_\[]")
# A backslash Markdown would consume: one before a character it escapes.
_CONSUMED_BACKSLASH = re.compile(r"\\(?=[" + re.escape(BACKSLASH_ESCAPABLE) + "])")
# What Markdown passes through as HTML: a tag, closing tag, comment, declaration or autolink.
MARKUP_START = re.compile(r"<(?=[A-Za-z/!?])")
# Python-Markdown's e-mail autolink (`<1@x.y>`, `<\@<b>`), read after the tags are escaped.
_AUTOMAIL_START = re.compile(r"<(?=[^<> !]+@[^@<> ]+>)")
# What an HTML parser could read as the start of a character reference. Markdown passes some
# through untouched ("&#0" without its semicolon), which a browser then decodes; in raw HTML
# (a caption) even an incomplete one, such as "&#", throws Markdown's block parser off.
ENTITY_START = re.compile(r"&(?=[#A-Za-z0-9])")

# A line of text that Python-Markdown would read as block syntax rather than words, and how to
# keep it words: a backslash where Markdown honours one, an entity where it does not.
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


def escape_html_text(text: str) -> str:
    """Text inside raw HTML (a caption's <figcaption>): only tags and entities are syntax."""
    return MARKUP_START.sub("&lt;", ENTITY_START.sub("&amp;", text))


def escape_inline(text: str) -> str:
    """Escape what Markdown would read as inline syntax: emphasis, code, links, HTML, entities."""
    text = _CONSUMED_BACKSLASH.sub(r"\\\\", text)
    text = _INLINE.sub(lambda match: "\\" + match.group(), text)
    text = MARKUP_START.sub("&lt;", ENTITY_START.sub("&amp;", text))
    # Each `&lt;` written can complete an autolink for a `<` before it ("<<\@<b>"): again.
    while (escaped := _AUTOMAIL_START.sub("&lt;", text)) != text:
        text = escaped
    return text


def escape_block_start(text: str) -> str:
    """Escape a leading character (or a trailing attribute list) that would make a block."""
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


def escape_line(text: str) -> str:
    """One line of scraped text as one Markdown paragraph that shows exactly these characters."""
    return escape_block_start(escape_inline(text.strip()))


def escape_title(text: str) -> str:
    """A Title: Pelican keeps it as HTML (not Markdown), so only tags and entities are escaped."""
    return escape_html_text(text)
