"""Clean and sanitise the HTML that Markdown rendered: content, summary and title.

Order matters. First the tags that are not markup are turned back into the text they were
(a stray `</b>` that closes nothing, `C++ <vector>`), so the sanitiser does not swallow
them; then nh3 (a maintained sanitiser) removes anything dangerous; then, only when a cheap
search says there may be something to do, Beautiful Soup walks the text outside code and
the fragments are removed there; a last nh3 pass gives the canonical, idempotent output.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field

import nh3
from bs4 import BeautifulSoup, NavigableString

from .fragments import (
    FRAGMENT_NAMES,
    MAYBE_GAP,
    TextResult,
    clean_text,
    gap_rules,
)

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS)
GLOBAL_ATTRIBUTES = {"class", "id", "lang", "dir", "title"}
ALLOWED_ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "td": {*nh3.ALLOWED_ATTRIBUTES["td"], "style"},  # Markdown tables align with style
    "th": {*nh3.ALLOWED_ATTRIBUTES["th"], "style"},
    "time": {"datetime"},
    "li": {"value"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
STYLE_PROPERTIES = {"text-align"}
CONTENT_DROPPED_WITH_TAG = {"script", "style", "template"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "cite"}

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

TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]*)((?:\s[^<>]*?)?)(/?)>")
ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


# A bare tag, or a start tag with nothing but a plain class (`<p class="credit">`, as
# Markdown's attr_list writes them): nh3 gives either back exactly as it is.
BARE_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)( class="[A-Za-z0-9_-]+(?: [A-Za-z0-9_-]+)*")?>')


def is_plainly_safe(source: str) -> bool:
    """Cheap proof that the sanitiser has nothing to do: only bare, allowed, balanced tags.

    Markdown prose renders to `<p>`, `<h2>`, `<em>`... without attributes, a caption or a
    credit line with a class. Anything else (another attribute, a comment, an unknown or
    unbalanced tag) goes through `prepare` and nh3.
    """
    tags = BARE_TAG.findall(source)
    if len(tags) != source.count("<"):
        return False
    stack: list[str] = []
    for closing, name, class_attribute in tags:
        if name not in ALLOWED_TAGS or (closing and class_attribute):
            return False
        if name in VOID_ELEMENTS:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


@dataclass
class Cleaned:
    html: str
    fragments: list[str] = field(default_factory=list)
    gaps: list[tuple[str, str]] = field(default_factory=list)  # (before, after) snippets
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # harmless markup the sanitiser dropped


@functools.cache
def _cleaner(tags: frozenset[str]) -> nh3.Cleaner:
    """Built once: handing nh3 its settings costs more than cleaning a short article."""
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags=CONTENT_DROPPED_WITH_TAG,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        filter_style_properties=STYLE_PROPERTIES,
        strip_comments=True,
    )


def sanitise(fragment: str, tags: frozenset[str] = ALLOWED_TAGS) -> str:
    return _cleaner(tags).clean(fragment)


def _check_attributes(name: str, attributes: str, report: Cleaned) -> None:
    allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(name, set())
    for match in ATTRIBUTE.finditer(attributes):
        attribute = match[1].lower()
        value = html.unescape((match[2] or "").strip("\"'"))
        if attribute.startswith("on"):
            report.warnings.append(f"removed the event attribute {attribute}= of <{name}>")
        elif attribute in URL_ATTRIBUTES and (scheme := SCHEME.match(value)):
            if scheme[1].lower() not in URL_SCHEMES:
                report.warnings.append(
                    f"removed the {scheme[1].lower()}: URL in {attribute}= of <{name}>"
                )
        elif attribute not in allowed:
            report.notes.append(f"dropped the attribute {attribute}= of <{name}>")


def _escape(tag: str) -> str:
    return html.escape(tag, quote=False)


def prepare(source: str, report: Cleaned, *, plain_text: bool = False) -> str:
    """Turn tags that are not markup back into text, and note what the sanitiser will drop.

    A tag named like no HTML element is text (`C++ <vector>`). A tag of an element that
    closes nothing or is never closed is a stray fragment. In plain text (a title), every
    tag of an element is one.
    """
    tokens = list(TAG.finditer(source))
    if not tokens:
        return source
    as_text: set[int] = set()
    stack: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        closing, name = token[1] == "/", token[2].lower()
        if name not in STANDARD_ELEMENTS:
            as_text.add(index)
            continue
        if name not in ALLOWED_TAGS:
            if name in FRAGMENT_NAMES and plain_text and name not in CONTENT_DROPPED_WITH_TAG:
                as_text.add(index)
            elif not closing:
                report.warnings.append(f"removed the <{name}> element")
            continue
        if plain_text:
            as_text.add(index)
            continue
        if not closing:
            _check_attributes(name, token[3], report)
        if name in VOID_ELEMENTS or token[4]:
            continue
        if not closing:
            stack.append((name, index))
        elif any(open_name == name for open_name, _ in stack):
            while stack:
                open_name, open_index = stack.pop()
                if open_name == name:
                    break
                if open_name in FRAGMENT_NAMES:
                    as_text.add(open_index)  # never closed
        elif name in FRAGMENT_NAMES:
            as_text.add(index)  # closes nothing
    as_text.update(open_index for open_name, open_index in stack if open_name in FRAGMENT_NAMES)
    if not as_text:
        return source
    pieces, position = [], 0
    for index in sorted(as_text):
        token = tokens[index]
        pieces += [source[position : token.start()], _escape(token.group())]
        position = token.end()
    pieces.append(source[position:])
    return "".join(pieces)


def _in_code(node: NavigableString) -> bool:
    return any(parent.name in CODE_ELEMENTS for parent in node.parents)


def _clean_text_nodes(soup: BeautifulSoup, lang: str | None, report: Cleaned) -> bool:
    """Clean every text node outside code in place; say whether any changed."""
    changed = False
    # The same nodes, in the same order, as find_all(string=True), at a fraction of the cost.
    for node in [node for node in soup.descendants if type(node) is NavigableString]:
        if _in_code(node):
            continue
        result: TextResult = clean_text(str(node), lang)
        report.warnings.extend(f"kept, unsure it is a fragment: {w!r}" for w in result.warnings)
        if result.text != node:
            report.fragments.extend(result.fragments)
            report.gaps.append((str(node), result.text))
            node.replace_with(NavigableString(result.text))
            changed = True
    return changed


# A tag as it appears in sanitised HTML, where a quoted attribute value may hold a `>`.
HTML_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
# Text that reads `&lt;`, `&#60;`... once parsed: a fragment escaped twice.
ESCAPED_FRAGMENT = re.compile(r"&amp;(?i:lt|gt|#0*6[02]|#x0*3[ce]);")
# Entities that Beautiful Soup and the sanitiser read alike; any other `&` is worth a parse.
PLAIN_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|nbsp);)")
# An `&` that ends no reference (`&copy`): how it reads depends on what follows, maybe the
# next block.
OPEN_ENTITY = re.compile(r"&(?![#\w]+;)")
# What a Beautiful Soup round trip changes in a block and the sanitiser would not undo:
# whitespace between tags (collapsed, except in <pre>) and closing tags of void elements.
SOUP_SENSITIVE = re.compile(rf"<pre[\s>]|</(?:{'|'.join(VOID_ELEMENTS)})[\s>]", re.IGNORECASE)
WHITESPACE_BETWEEN_TAGS = re.compile(r">[ \t\n\f\r]+<")


def _collapse(whitespace: str) -> str:
    return "\n" if "\n" in whitespace else " "


def _as_soup_writes(block: str) -> str:
    """The block as a Beautiful Soup round trip writes it, without parsing it when possible."""
    if not block.startswith("<"):  # text between blocks: one piece of text, maybe blank
        return _collapse(block) if block.strip(" \t\n\f\r") == "" else block
    if SOUP_SENSITIVE.search(block):
        return BeautifulSoup(block, "html.parser").decode(formatter="minimal")
    return WHITESPACE_BETWEEN_TAGS.sub(lambda run: f">{_collapse(run[0])}<", block)


def top_level_blocks(sanitised: str) -> list[str] | None:
    """Split balanced HTML into its top-level elements and the text between them.

    None when the HTML is not plainly balanced (a `<` that starts no tag, a closing tag that
    does not match) or holds an unterminated reference: then the whole document is parsed
    at once, as one block.
    """
    if "&" in sanitised and OPEN_ENTITY.search(sanitised):
        return None
    blocks: list[str] = []
    stack: list[str] = []
    start = count = 0
    for tag in HTML_TAG.finditer(sanitised):
        count += 1
        name = tag[2].lower()
        if name in VOID_ELEMENTS:
            if not stack:
                blocks += [sanitised[start : tag.start()], tag[0]]
                start = tag.end()
        elif not tag[1]:
            if not stack:
                blocks.append(sanitised[start : tag.start()])
                start = tag.start()
            stack.append(name)
        elif not stack or stack.pop() != name:
            return None
        elif not stack:
            blocks.append(sanitised[start : tag.end()])
            start = tag.end()
    if stack or count != sanitised.count("<"):
        return None
    blocks.append(sanitised[start:])
    return [block for block in blocks if block]


def needs_text_pass(block: str, lang: str | None) -> bool:
    """Cheap and sound: False only when no text node could hold a fragment or a gap.

    It reads the HTML as the sanitiser or `is_plainly_safe` left it: a `<` in text is
    `&lt;`, a `>` in text is `&gt;` or the one `>` that closes no tag, and any other
    reference (`&#44;`, `&eacute;`) may hide anything, so it counts as work to do.
    """
    if "&" in block and (
        "&lt;" in block
        or "&gt;" in block
        or PLAIN_ENTITY.search(block)
        or ESCAPED_FRAGMENT.search(block)
    ):
        return True
    if block.count(">") != block.count("<"):
        return True
    return MAYBE_GAP[gap_rules(lang)].search(block) is not None


def clean_blocks(sanitised: str, lang: str | None, report: Cleaned) -> str:
    """Parse with Beautiful Soup only the top-level blocks whose text may need cleaning.

    A paragraph parses in a fraction of the time of a whole article, and the blocks that
    need it are parsed together, in one go. When anything
    changed, every parsed block is written back from its tree and the whole document goes
    through the sanitiser once more, for one canonical, idempotent output: the same output
    as one parse of the whole document would give.
    """
    if not needs_text_pass(sanitised, lang):
        return sanitised
    blocks = top_level_blocks(sanitised)
    if blocks is None:
        soup = BeautifulSoup(sanitised, "html.parser")
        if not _clean_text_nodes(soup, lang, report):
            return sanitised
        return sanitise(soup.decode(formatter="minimal"))
    parsed = [index for index, block in enumerate(blocks) if needs_text_pass(block, lang)]
    # An element is one node of the soup; text goes in a div, or two would run together.
    soup = BeautifulSoup(
        "".join(blocks[i] if blocks[i][0] == "<" else f"<div>{blocks[i]}</div>" for i in parsed),
        "html.parser",
    )
    if not _clean_text_nodes(soup, lang, report):
        return sanitised
    for index, node in zip(parsed, soup.contents, strict=True):
        if blocks[index][0] == "<":
            blocks[index] = node.decode(formatter="minimal")
        else:
            blocks[index] = node.decode_contents(formatter="minimal")
    for index in set(range(len(blocks))) - set(parsed):
        blocks[index] = _as_soup_writes(blocks[index])
    return sanitise("".join(blocks))


def sanitise_html(source: str) -> Cleaned:
    """First half of `clean_html`: stray tags turned back into text, dangerous markup out."""
    report = Cleaned(source)
    report.html = source if is_plainly_safe(source) else sanitise(prepare(source, report))
    return report


def clean_sanitised(report: Cleaned, lang: str | None = None) -> Cleaned:
    """Second half of `clean_html`: fragments out of the text, gaps repaired."""
    report.html = clean_blocks(report.html, lang, report)
    return report


def clean_html(source: str, lang: str | None = None) -> Cleaned:
    """Content or summary HTML: stray fragments out, dangerous markup out, real markup kept."""
    return clean_sanitised(sanitise_html(source), lang)


def clean_title(title: str, lang: str | None = None) -> Cleaned:
    """A title is plain text: any tag in it is a fragment. Returned escaped, ready for HTML."""
    report = Cleaned(title)
    if "<" in title or ">" in title or "&" in title:
        sanitised = sanitise(prepare(title, report, plain_text=True), tags=frozenset())
        text = html.unescape(sanitised)
    else:
        text = title
    result = clean_text(text, lang)
    report.warnings.extend(f"kept, unsure it is a fragment: {w!r}" for w in result.warnings)
    if result.text != text:
        report.fragments.extend(result.fragments)
        report.gaps.append((text, result.text))
    report.html = html.escape(result.text, quote=False)
    return report
