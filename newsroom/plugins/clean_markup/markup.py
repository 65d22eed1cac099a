"""Reading HTML as the cleaning needs it: which tags are markup and which are text, and the
text nodes of sanitised HTML, to edit them one by one.

Two readers, for two kinds of HTML. What Markdown rendered may hold anything an author or a
scraper typed (`C++ <vector>`, a `</b>` that closes nothing, `&amp;quot;`), and is read tag
by tag to decide what is markup. What nh3 wrote is canonical (every attribute value in double
quotes, `<`, `>`, `&` and U+00A0 in text escaped), so a regex finds its tags exactly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.entities import html5
from typing import Protocol

from .fragments import FRAGMENT_NAMES
from .sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    CONTENT_DROPPED_WITH_TAG,
    URL_ATTRIBUTES,
    alignment_class,
    keep_attribute,
    other_host,
    url_problem,
)

# Every standard element, so `<vector>` or `<joe@example.com>` can be told from markup.
STANDARD_ELEMENTS = (
    FRAGMENT_NAMES
    | ALLOWED_TAGS
    | frozenset(
        """applet area audio base basefont canvas datalist dialog dir frame frameset image
    keygen link listing map math menu meta meter noembed noframes noscript optgroup option
    output param picture plaintext portal progress search select slot source svg template
    textarea track video xmp""".split()
    )
)
VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
CODE_ELEMENTS = frozenset({"code", "pre", "kbd", "samp"})
# Markup of other languages inside HTML: its elements (`<circle>`, `<mi>`) are markup, not
# text, though no HTML element has their names. The sanitiser drops them and keeps their text.
FOREIGN_ELEMENTS = frozenset({"svg", "math"})

# A tag as a browser reads it: its name runs to a space, a slash or `>` (`<K, V>` is named `k,`).
TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)((?:\s[^<>]*?)?)(/?)>")
ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
# A reference to a character, complete with its semicolon: `&quot;`, `&#233;`, `&#xE9;`.
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A tag as nh3 writes it: attribute values in double quotes may hold a `>`.
CANONICAL_TAG = re.compile(r"""<(/?)([a-z][a-z0-9]*)(?:[^>"]|"[^"]*")*>""")


class Report(Protocol):
    warnings: list[str]
    notes: list[str]


def stray_tags(
    tokens: list[re.Match[str]], names: list[str], foreign: set[int], plain_text: bool
) -> set[int]:
    """Which tags are text, not markup, by their index in `tokens`.

    A tag named like no HTML element is text (`C++ <vector>`). A tag of a web-text element
    that closes nothing or is never closed is a stray fragment. In plain text (a title), every
    such tag is one; the elements whose content goes with them (`<script>`) stay elements, so
    the sanitiser takes their content too. (`names`: each tag's name, lower-cased;
    `foreign`: the tags inside svg or math, from `foreign_tags`.)
    """
    if plain_text:
        return {index for index, name in enumerate(names) if _text_in_a_title(name)}
    unknown = {
        index
        for index, name in enumerate(names)
        if name not in STANDARD_ELEMENTS and index not in foreign
    }
    paired = [index for index, name in enumerate(names) if _pairs(name, tokens[index])]
    return unknown | _unmatched(tokens, names, paired)


def foreign_tags(tokens: list[re.Match[str]], names: list[str]) -> set[int]:
    """The tags inside an <svg> or <math> element, by their index in `tokens`."""
    inside: set[int] = set()
    depth = 0
    for index, name in enumerate(names):
        if name in FOREIGN_ELEMENTS and not tokens[index][4]:
            depth = max(0, depth + (-1 if tokens[index][1] else 1))
        elif depth:
            inside.add(index)
    return inside


def _text_in_a_title(name: str) -> bool:
    unknown = name not in STANDARD_ELEMENTS
    return unknown or (name in FRAGMENT_NAMES and name not in CONTENT_DROPPED_WITH_TAG)


def _pairs(name: str, token: re.Match[str]) -> bool:
    """A tag that opens or closes an element the sanitiser keeps (not a void one)."""
    return name in ALLOWED_TAGS and name not in VOID_ELEMENTS and not token[4]


def _unmatched(tokens: list[re.Match[str]], names: list[str], paired: list[int]) -> set[int]:
    """The tags of web-text elements, among `paired`, that close nothing or are never closed."""
    unmatched: set[int] = set()
    stack: list[int] = []
    for index in paired:
        if tokens[index][1] != "/":
            stack.append(index)
        elif any(names[opened] == names[index] for opened in stack):
            while names[opened := stack.pop()] != names[index]:
                unmatched.add(opened)  # never closed
        else:
            unmatched.add(index)  # closes nothing
    unmatched.update(stack)
    return {index for index in unmatched if names[index] in FRAGMENT_NAMES}


def checked_tag(token: re.Match[str], name: str, report: Report) -> str:
    """The tag (named `name`, lower-cased) as it goes to the sanitiser, and a warning for what
    the sanitiser will remove."""
    if token[1] == "/":
        return token[0]
    if name not in ALLOWED_TAGS:
        report.warnings.append(f"removed the <{name}> element")
        return token[0]
    if not token[3]:
        return token[0]
    attributes: dict[str, str] = {}
    for match in ATTRIBUTE.finditer(token[3]):
        attribute = match[1].lower()
        value = attributes[attribute] = html.unescape((match[2] or "").strip("\"'"))
        if problem := _attribute_problem(name, attribute, value):
            is_warning, text = problem
            (report.warnings if is_warning else report.notes).append(text)
    if name == "img":
        return _image(token[0], attributes.get("src", ""), attributes.get("alt"), report)
    if aligned := alignment_class(name, attributes.get("style", "")):
        return _aligned(name, attributes, aligned)
    return token[0]


def _attribute_problem(name: str, attribute: str, value: str) -> tuple[bool, str] | None:
    """What the sanitiser will drop of an attribute: (whether it is a warning, what)."""
    allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(name, set()) | {"class"}
    if attribute == "style" and alignment_class(name, value):
        return None  # kept, as a class (_aligned)
    if attribute.startswith("on"):
        return True, f"removed the event attribute {attribute}= of <{name}>"
    if attribute in URL_ATTRIBUTES and (scheme := url_problem(value)):
        return True, f"removed the {scheme} URL in {attribute}= of <{name}>"
    if attribute not in allowed or not keep_attribute(name, attribute, value):
        return False, f"dropped the attribute {attribute}= of <{name}>"
    if attribute == "class" and (dropped := set(value.split()) - ALLOWED_CLASSES.get(name, set())):
        return False, f"dropped the class {' '.join(sorted(dropped))} of <{name}>"
    return None


def _image(tag: str, source: str, alt: str | None, report: Report) -> str:
    """An image from another host becomes a plain link to it: nothing is loaded from
    elsewhere, and the reader can still follow it."""
    host = other_host(source)
    if not host or url_problem(source):
        return tag
    report.warnings.append(f"replaced the image from {host} with a link to it: {source}")
    return f'<a href="{html.escape(source)}">{html.escape(alt or source, quote=False)}</a>'


def _aligned(name: str, attributes: dict[str, str], aligned: str) -> str:
    """A table cell aligned by a class instead of its `style`: the pages allow no style
    attribute (their Content-Security-Policy), and the theme styles the class."""
    classes = " ".join([*attributes.get("class", "").split(), aligned])
    kept = {**{k: v for k, v in attributes.items() if k != "style"}, "class": classes}
    return f"<{name}" + "".join(f' {k}="{html.escape(v)}"' for k, v in kept.items()) + ">"


def decode_text(text: str) -> str:
    """Text with every reference decoded, however many times it was escaped (`&amp;quot;` is
    a quote), escaped once again: what the page shows is the character, not its name."""
    if "&" not in text:
        return text
    decoded = html.unescape(text)
    while "&" in decoded and (again := ENTITY.sub(_decode_entity, decoded)) != decoded:
        decoded = again
    return html.escape(decoded, quote=False)


def _decode_entity(match: re.Match[str]) -> str:
    """A whole reference only: `&notanentity;` is not `&not;` followed by `anentity;`."""
    if match[0][1] == "#":
        return html.unescape(match[0])
    return html5.get(match[0][1:], match[0])


def decode_markup(source: str, report: Report, plain_text: bool = False) -> str:
    """Stray tags and tag-shaped words turned back into text, text escaped twice decoded,
    images from other hosts made links; code is left as it is."""
    tokens = list(TAG.finditer(source))
    names = [token[2].lower() for token in tokens]
    # Inside svg or math, the sanitiser's one warning for the element covers its children.
    foreign = foreign_tags(tokens, names)
    as_text = stray_tags(tokens, names, foreign, plain_text)
    pieces: list[str] = []
    position = code = 0
    for index, token in enumerate(tokens):
        text = source[position : token.start()]
        pieces.append(text if code else decode_text(text))
        if index in as_text:
            pieces.append(decode_text(token[0]).replace("<", "&lt;").replace(">", "&gt;"))
        elif index in foreign:
            pieces.append(token[0])
        else:
            pieces.append(checked_tag(token, names[index], report))
            if names[index] in CODE_ELEMENTS:
                code = max(0, code + (-1 if token[1] else 1))
        position = token.end()
    rest = source[position:]
    pieces.append(rest if code else decode_text(rest))
    return "".join(pieces)


def unescape_text(text: str) -> str:
    """A text node of nh3's output as text: it escapes only these four."""
    if "&" not in text:
        return text
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\xa0")
        .replace("&amp;", "&")
    )


def escape_text(text: str) -> str:
    """Text as nh3 writes it, so the edited HTML stays canonical."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\xa0", "&nbsp;")
    )


def edit_text_nodes(sanitised: str, *edits: Callable[[str], str]) -> str:
    """Each of `edits` applied in turn to every text node of sanitised HTML outside code, as
    text (not HTML): an edit has seen every node before the next one starts, and none sees an
    empty one. The HTML is cut at its tags once, whatever the number of edits."""
    pieces: list[str] = []  # text nodes and tags, as written
    texts: dict[int, str] = {}  # the text nodes to edit, as text, by their place in pieces
    position = code = 0

    def add_text(node: str) -> None:
        if node and not code:
            texts[len(pieces)] = unescape_text(node)
        pieces.append(node)

    for tag in CANONICAL_TAG.finditer(sanitised):
        add_text(sanitised[position : tag.start()])
        pieces.append(tag[0])
        if tag[2] in CODE_ELEMENTS:
            code = max(0, code + (-1 if tag[1] else 1))
        position = tag.end()
    add_text(sanitised[position:])
    edited = dict(texts)
    for edit in edits:
        for place, text in edited.items():
            if text:  # emptied by an edit: no node for the next one, as in the HTML it wrote
                edited[place] = edit(text)
    for place, text in edited.items():
        if text != texts[place]:
            pieces[place] = escape_text(text)
    return "".join(pieces)
