"""Find the literal fragments of HTML tags in a piece of text, and repair the gaps they leave.

Scraping and machine translation leave pieces of tags in the prose (`CTO < /b>provides`,
`told AFP b>.`, `site” href="https://…" target="_blank">non-small`). This module sees text
only (one text node of a page, entities already decoded), so real markup, code and attribute
values are out of reach. A fragment is removed only when it is plainly a piece of a tag of the
elements of web text, and only when taking it out cuts into no word. Anything else with an
angle bracket is prose: generics (`Array<String>`), comparisons (`A>B`, `A < B > C`), prompts
(`q>`), placeholders (`<username>`). Those that look like a tag are kept with a warning.

Every fragment contains a `<` or a `>`, so only those positions are examined: the work grows
with the length of the text, however many fragments it holds.
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
# A closing half without `<` or `/` (`AFP b>.`) is the weakest evidence: only the names that
# scraping leaves that way count; `q>` is a prompt and `A>B` a comparison.
BARE_CLOSING_NAMES = frozenset("b i u em strong span font p div small sup sub".split())

_NAME = r"[A-Za-z][A-Za-z0-9]*"
_QUOTED = r"""(?:"[^"<>]*["”]|“[^“”<>]*[”"]|”[^”<>]*[”"]|'[^'<>]*'|‘[^‘’<>]*’)"""
# An attribute has a value: `< b x >` is prose (`a < b x > y`), not a tag.
_ATTRIBUTE = rf"""[A-Za-z_:][\w:.-]*[ \t]*=[ \t]*(?:{_QUOTED}|[^\s"'“”‘’<>=`]+)"""
# A whole tag, its spacing as scraping left it: <b>, </b>, < /b>, < b >, </ b>, <br/>,
# <a href="...">, <span class=“x”>.
WHOLE_TAG = re.compile(
    rf"<[ \t]*(?P<slash>/)?[ \t]*(?P<name>{_NAME})(?P<attributes>(?:\s+{_ATTRIBUTE})*)"
    r"[ \t]*(?P<end>/)?[ \t]*>"
)
# An opening half before a word it is not glued to: `the <b provides`, `</b said`.
OPENING_HALF = re.compile(rf"<(?P<slash>/)?(?P<name>{_NAME})(?=[ \t]+\w|[ \t]*$)")
# The word (or name) that ends right before a `>`, and what stands before it.
BEFORE_CLOSE = re.compile(r"(?P<slash>/)?(?P<name>[A-Za-z0-9]+)\Z")
# What is left of an anchor whose start was eaten: `site” href="https://…" target="_blank">`,
# `communications@the-aps.org">`: the tail of a URL or address, a quote, attributes, `>`.
ANCHOR_REMNANT = re.compile(
    rf"""(?:[^\s"”'<>]*(?:@|://|www\.|/)[^\s"”'<>]*["”'’](?:[ \t]+{_ATTRIBUTE})*"""
    rf"""|["”'’]?(?:[ \t]+{_ATTRIBUTE})+)[ \t]*/?>\Z"""
)
QUOTES = "\"”'’"
# Quotes that open and close alike: which one a quote is, its neighbours tell.
STRAIGHT_QUOTES = "\"'"
# The extent of a tag-like shape kept, so that it gets one warning: `<K, V>`, `<joe@x.org>`.
SHAPE = re.compile(r"<[^<>\n]{0,60}>|<\S*")
REMNANT_REACH = 1000  # how far back from a `>` an anchor remnant may start
# An operand of a comparison right after a `>` or before a `<`: `i> 0`, `a <b and`, `A>B`.
# A letter glued to a `>` of its own is the next fragment of a run (`AFP b> b>.`), not one.
_OPERAND_AFTER = re.compile(r"[ \t]*(?:[\d=+\-*/]|[^\W\d_](?![^\W\d_]|>))")
_OPERAND_BEFORE = re.compile(r"(?<![^\s(])[\w.][ \t]*\Z|\d[ \t]*\Z")
OPERAND_REACH = 8  # an operand stands this close before the `<`

_SPACE = "[ \\t\\r\\n]"
_AFTER_PUNCT = r"(?=[\s\"'”’»)\]]|$)"
# Gap repairs: no space before , . ; : ! ? (French keeps it before : ; ! ?), before a
# closing bracket or quote, nor after an opening one (French keeps it inside « »); one
# space where there were several.
GAPS = {
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
    # German and its neighbours open with „ and close with “ (or » and «): quotes are left be.
    "low-quotes": [
        re.compile(rf"{_SPACE}+(?=[,.;:!?]{_AFTER_PUNCT})"),
        re.compile(rf"{_SPACE}+(?=[)\]])"),
        re.compile(rf"(?<=[(\[]){_SPACE}+"),
    ],
}
LOW_QUOTE_LANGUAGES = frozenset("bg cs da de et hr hu is lt lv pl ro sk sl sr".split())
# Words that never end a phrase. A space between one and a comma (`Mr Di Maio and , a member`)
# is where a scraper dropped a linked name: closing it would hide that a word is missing.
LOST_WORD_BEFORE = re.compile(
    r"(?:^|[\s(\[“«„])(?:and|or|nor|of|the|with|between|by|from|to|for|at|"
    r"y|e|o|u|del|los|las|con|entre|et|ou|ni|les|des|du|au|aux|avec|und|oder|der|die|das|"
    r"den|dem|mit|von|zwischen|com|dos|os|as)$",
    re.IGNORECASE,
)
SPACES = re.compile(r"(?<=[^ \t\r\n])[ \t]{2,}")
# A space between a word and the period that ends a paragraph: typography of no language.
FINAL_PERIOD_GAP = re.compile(r"(?<=\w)[ \t]+(?=\.[ \t]*(?:\n|\Z))")


# Where a gap may need repair: a cheap search before the substitutions above.
def _maybe_gap(closers: str, openers: str) -> re.Pattern[str]:
    """`{_SPACE}[closers]|[openers]{_SPACE}`, written to start at the rare punctuation
    rather than at every space: the same matches, several times faster to search."""
    return re.compile(
        rf"[{closers}{openers}](?:(?<={_SPACE}[{closers}])|(?={_SPACE})(?<=[{openers}]))"
    )


# Where a gap may need repair around punctuation: a quick search before the substitutions.
MAYBE_GAP = {
    "default": _maybe_gap(r",.;:!?)\]”»", r"(\[“«"),
    "fr": _maybe_gap(r",.)\]”", r"(\[“"),
    "low-quotes": _maybe_gap(r",.;:!?)\]", r"(\["),
}
# No space is put back before these, nor after the openers.
CLOSERS = ",.;:!?)]}”’»%…"
OPENERS = "([{“‘«¿¡„‚"


def gap_rules(lang: str | None) -> str:
    """Which spacing rules a language follows: French spaces, German quotes, or English."""
    primary = (lang or "").lower().split("-")[0].split("_")[0]
    if primary == "fr":
        return "fr"
    return "low-quotes" if primary in LOW_QUOTE_LANGUAGES else "default"


@dataclass
class TextResult:
    text: str
    fragments: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # tag-like shapes kept
    # Words right before a removed anchor remnant (`site” href=…>`): the rest of its title
    # attribute, or prose? Nothing tells, so they stay, and the editor is asked to look.
    to_check: list[str] = field(default_factory=list)
    # Whole tags removed with their attributes (`<img alt="Putin in Minsk">`): a value may be
    # words of the text, so the editor is asked to look at each.
    with_attributes: list[str] = field(default_factory=list)


def _operand_before(text: str, start: int) -> bool:
    return bool(_OPERAND_BEFORE.search(text, max(0, start - OPERAND_REACH), start))


def _looks_like_a_name(name: str, evidence: bool) -> bool:
    """A fragment's name: a web-text element, lower case unless the shape says tag anyway.

    `<b>` and `<STRONG>` are tags; `<B>`, `< B >` or `<A` alone are as likely a variable or a
    grade. A slash or attributes (`</B>`, `<A href="x">`) are evidence enough.
    """
    lower = name.lower()
    if lower not in FRAGMENT_NAMES:
        return False
    return evidence or name.islower() or (name.isupper() and len(name) > 1)


REMOVE, DOUBT, KEEP = "remove", "doubt", "keep"


def _at_open(text: str, start: int) -> tuple[str, int] | None:
    """What starts at the `<` at `start`: a fragment to remove, a doubtful one, or a whole
    tag-shaped piece of prose (`<Sudan>`); with where it ends."""
    whole = WHOLE_TAG.match(text, start)
    if whole:
        return _whole_tag(text, start, whole), whole.end()
    half = OPENING_HALF.match(text, start)
    if half and half["name"].lower() in FRAGMENT_NAMES:
        return _opening_half(text, start, half), half.end()
    return None


def _whole_tag(text: str, start: int, whole: re.Match[str]) -> str:
    if whole["name"].lower() not in FRAGMENT_NAMES:
        return KEEP
    evidence = bool(whole["slash"] or whole["attributes"] or whole["end"])
    if not _looks_like_a_name(whole["name"], evidence):
        return DOUBT
    # `x < b > y` compares; `the CTO < b >provides` does not: operands are short.
    spaced = text[start + 1] in " \t" and not evidence
    operands = _operand_before(text, start) or _OPERAND_AFTER.match(text, whole.end())
    return DOUBT if spaced and operands else REMOVE


def _opening_half(text: str, start: int, half: re.Match[str]) -> str:
    if not _looks_like_a_name(half["name"], bool(half["slash"])):
        return DOUBT
    return DOUBT if not half["slash"] and _operand_before(text, start) else REMOVE


def _at_close(text: str, end: int, floor: int) -> tuple[str, int] | None:
    """What ends with the `>` at `end - 1` (and starts at or after `floor`): a fragment to
    remove or a doubtful one, with where it starts."""
    if text[end - 2 : end - 1] in QUOTES and end - 2 >= floor:
        remnant = ANCHOR_REMNANT.search(text, max(floor, end - REMNANT_REACH), end)
        if remnant:
            return REMOVE, remnant.start()
    half = BEFORE_CLOSE.search(text, max(floor, end - 40), end - 1)
    if not half or not _is_closing_half(half, text[half.start() - 1 : half.start()], floor):
        return None
    return (DOUBT if _OPERAND_AFTER.match(text, end) else REMOVE), half.start()


def _is_closing_half(half: re.Match[str], before: str, floor: int) -> bool:
    """`/b>` after anything but `<` (a slash is no letter: nothing is cut off a word); a bare
    `b>` only standing alone, after a space, not glued to `AFP` or `o:`."""
    if half.start() <= floor:
        before = ""
    if half["slash"]:
        return _looks_like_a_name(half["name"], True) and before != "<"
    alone = before == "" or before.isspace() or before in OPENERS
    name = half["name"]
    return name.lower() in BARE_CLOSING_NAMES and name.islower() and alone


def find_fragments(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Spans of fragments to remove, in order, and a warning for each tag-like shape kept.

    One pass from left to right over the `<` and `>` of the text; a span never overlaps the
    one before it.
    """
    spans: list[tuple[int, int]] = []
    warnings: list[str] = []
    covered = 0  # the end of the last span: nothing before it is looked at again
    quiet_until = 0  # the end of the last shape warned about: one warning per shape
    for bracket in re.finditer("[<>]", text):
        at = bracket.start()
        if at < covered:
            continue
        verdict, start, end = _examine(text, at, covered)
        if verdict == REMOVE:
            spans.append((start, end))
            covered = end
        elif at >= quiet_until and (verdict == DOUBT or _tag_like(text, at)):
            warnings.append(_snippet(text, start, end))
            quiet_until = end
    return spans, warnings


def _examine(text: str, at: int, covered: int) -> tuple[str | None, int, int]:
    """The verdict on the shape around the bracket at `at`, and where that shape lies."""
    if text[at] == "<":
        found = _at_open(text, at)
        return (found[0], at, found[1]) if found else (None, at, SHAPE.match(text, at).end())
    found = _at_close(text, at + 1, covered)
    return (found[0], found[1], at + 1) if found else (None, at, at + 1)


def _tag_like(text: str, at: int) -> bool:
    """A letter or a slash touches the bracket: `<Sudan`, `A>B`, `q>`, `</`. Not `a < b`."""
    if text[at] == "<":
        return text[at + 1 : at + 2].isalpha() or text[at + 1 : at + 2] == "/"
    return text[at - 1 : at].isalpha()


def _snippet(text: str, start: int, end: int, width: int = 30) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    return (
        ("…" if left else "")
        + " ".join(text[left:right].split())
        + ("…" if right < len(text) else "")
    )


def _separator(written: str, right: str) -> str:
    """What takes a removed fragment's place between the text `written` and the text `right`:
    one space between two words or after sentence punctuation (`vote.</i>Turnout`), nothing
    where a space already stands, before closing punctuation or after an opening one (a
    straight quote opens after a space or nothing, and closes before one)."""
    left = written[-1:]
    if not left or not right or left.isspace() or right[0].isspace():
        return ""
    if right[0] in CLOSERS or left in OPENERS:
        return ""
    if left in STRAIGHT_QUOTES and _opens(written[:-1]):
        return ""
    if right[0] in STRAIGHT_QUOTES and _closes(right[1:]):
        return ""
    return " "


def _opens(before: str) -> bool:
    """A straight quote after `before` opens: nothing, a space or an opener stands before it."""
    return not before or before[-1].isspace() or before[-1] in OPENERS


def _closes(after: str) -> bool:
    """A straight quote before `after` closes: nothing, a space or punctuation follows it."""
    return not after or after[0].isspace() or after[0] in CLOSERS


def remove_fragments(text: str) -> TextResult:
    """Take every fragment out of `text`; the words on either side keep the space they need.

    Fragments in a row go together: the text between two of them that is only spacing does
    not count as a gap of its own.
    """
    result = TextResult(text)
    if "<" not in text and ">" not in text:
        return result
    spans, result.warnings = find_fragments(text)
    if not spans:
        return result
    result.fragments = [text[start:end] for start, end in spans]
    result.to_check = [
        _snippet(text, start, start)
        for start, _end in spans
        if text[start] in QUOTES and text[start - 1 : start].isalnum()
    ]
    result.with_attributes = [
        fragment
        for fragment in result.fragments
        if (whole := WHOLE_TAG.fullmatch(fragment)) and whole["attributes"]
    ]
    starts = [start for start, _end in spans] + [len(text)]
    ends = [0] + [end for _start, end in spans]
    written = text[: starts[0]]
    for end, next_start in zip(ends[1:], starts[1:], strict=True):
        kept = text[end:next_start]
        if written[-1:] in (" ", "\t"):
            kept = kept.lstrip(" \t")  # no double space
            if kept[:1] in STRAIGHT_QUOTES and _closes(kept[1:]):
                written = written.rstrip(" \t")  # `"word < /b>".`: the quote closes the word
        if kept:
            written += _separator(written, kept) + kept
    result.text = written
    return result


def has_run_of_spaces(text: str) -> bool:
    """Whether SPACES is found: a run needs two spaces or a tab, looked for first in C."""
    return ("  " in text or "\t" in text) and SPACES.search(text) is not None


def may_need_repair(text: str, rules: str) -> bool:
    """Cheap and sound: False only when `repair_gaps` would change nothing."""
    return "  " in text or "\t" in text or MAYBE_GAP[rules].search(text) is not None


def repair_gaps(text: str, lang: str | None, rules: str | None = None) -> str:
    """No space before closing punctuation or after an opening one, one space between words."""
    rules = rules or gap_rules(lang)
    if not may_need_repair(text, rules):
        return text
    text = SPACES.sub(" ", text)
    before_punctuation, *others = GAPS[rules]
    text = before_punctuation.sub(_close_unless_a_word_is_lost, text)
    for pattern in others:
        text = pattern.sub("", text)
    return text


def _close_unless_a_word_is_lost(gap: re.Match[str]) -> str:
    before = gap.string[max(0, gap.start() - 12) : gap.start()]
    return gap.group() if LOST_WORD_BEFORE.search(before) else ""


def clean_text(text: str, lang: str | None = None) -> TextResult:
    """Fragments out of one piece of text, then its gaps repaired."""
    result = remove_fragments(text)
    result.text = repair_gaps(result.text, lang)
    return result
