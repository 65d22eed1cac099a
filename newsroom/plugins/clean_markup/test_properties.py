"""Property tests: random prose, with angle brackets of its own, and random fragments in every
shape and place (in a row, glued to words and to punctuation): the cleaning gives back every
word of the prose, in order, and nothing else.

The number of examples comes from the profile (see conftest.py): `make test-deep` runs more.
"""

import html
import os
import re

from hypothesis import given
from hypothesis import strategies as st

from newsroom.plugins.clean_markup import clean_html
from newsroom.plugins.clean_markup.clean_markup import shared_start
from newsroom.plugins.clean_markup.fragments import (
    GAPS,
    SPACES,
    clean_text,
    gap_rules,
    has_run_of_spaces,
    may_need_repair,
    repair_gaps,
)
from newsroom.plugins.clean_markup.markup import edit_text_nodes, escape_text
from newsroom.plugins.clean_markup.sanitize import sanitise
from newsroom.plugins.clean_markup.test_fragments import ANGLE_BRACKET_PROSE

LETTERS = "abcdefghijklmnopqrstuvwxyzéèàçüöñøåАБВГДежзиклмнԱԲԳաբգ"
word = st.text(alphabet=LETTERS + LETTERS.upper(), min_size=2, max_size=10)
punctuation = st.sampled_from(["", "", "", ",", ".", ";", "!", "?", "—", "\u00a0%"])
# Prose that holds angle brackets itself: generics, comparisons, prompts, placeholders.
ANGLE_PIECES = [
    "Array<String>",
    "List<Integer> x",
    "Map<K, V>",
    "<Sudan>",
    "A>B",
    "A < B > C",
    "q> prompt",
    "<username>",
    "p<0.05",
    "a < b",
    "x > y",
    "I <3 NY",
    "->",
]
NAMES = ["b", "i", "u", "em", "strong", "span", "a", "font", "p", "div", "br", "h2", "li"]
# Whole tags, as scraping leaves them; they may stand anywhere.
WHOLE = [
    "</{n}>",
    "<{n}>",
    "< /{n}>",
    "</ {n}>",
    "</{N}>",
    '<{n} class="x">',
    "<{n} class=“x”>",
    '" href="https://x.org/{n}" target="_blank">',
]
# Halves, and a tag spaced like a comparison (`< b >`): only between two words, where they
# cannot be read as one (`x < b > A` can).
HALVES = [" {n}>{p} ", "/{n}>{p} ", " <{n} ", " < {n} >"]
BARE = ["b", "i", "em", "strong", "span", "p", "div"]
# Where a group of whole tags stands: glued to the word before, to the one after, to both.
PLACES = ["{f} ", " {f}", "{f}", " {f} "]
WORD = re.compile(r"[^\W_]+")


def fragment(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(WHOLE))
    name = draw(st.sampled_from(NAMES))
    return shape.format(n=name, N=name.upper() if len(name) > 1 else name)


@st.composite
def prose_with_fragments(draw: st.DrawFn) -> tuple[str, str]:
    """(the prose, the prose with fragments): tokens are words with punctuation, or pieces of
    prose with angle brackets; between two tokens, nothing, a half tag, or whole tags."""
    tokens = draw(
        st.lists(
            st.one_of(st.tuples(word, punctuation).map("".join), st.sampled_from(ANGLE_PIECES)),
            min_size=1,
            max_size=25,
        )
    )
    dirty = [tokens[0]]
    for left, right in zip(tokens, tokens[1:], strict=False):
        choice = draw(st.integers(0, 3))
        if choice == 0:
            between = " "
        elif choice == 1 and WORD.fullmatch(left) and WORD.fullmatch(right):
            between = draw(st.sampled_from(HALVES)).format(
                n=draw(st.sampled_from(BARE)), p=draw(st.sampled_from(["", ".", ","]))
            )
        else:
            joint = draw(st.sampled_from(["", " "]))
            group = joint.join(fragment(draw) for _ in range(draw(st.integers(1, 3))))
            between = draw(st.sampled_from(PLACES)).format(f=group)
        dirty += [between, right]
    return " ".join(tokens), "".join(dirty)


def words(text: str) -> list[str]:
    return WORD.findall(text)


@given(prose_with_fragments())
def test_every_prose_word_is_kept_in_order_and_no_fragment(case: tuple[str, str]) -> None:
    clean, dirty = case
    cleaned = clean_text(dirty, "en")
    assert words(cleaned.text) == words(clean), (dirty, cleaned.text)
    assert "  " not in cleaned.text
    assert clean_text(cleaned.text, "en").text == cleaned.text


@given(prose_with_fragments(), st.sampled_from(["en", "fr"]), st.integers(0, 2))
def test_the_same_holds_in_html_escaped_once_or_twice(
    case: tuple[str, str], lang: str, times: int
) -> None:
    """Fragments reach the HTML as text (`&lt;/b&gt;`), escaped twice (`&amp;lt;/b&amp;gt;`)
    or as real tags that close nothing."""
    clean, dirty = case
    source = dirty
    for _ in range(times):
        source = html.escape(source, quote=False)
    cleaned = clean_html(f"<p>{source}</p>", lang)
    text = html.unescape(re.sub(r"<[^>]*>", "", cleaned.html))
    if times:
        assert words(text) == words(clean), (source, cleaned.html)
    assert sanitise(cleaned.html) == cleaned.html  # canonical, as nh3 writes it
    assert clean_html(cleaned.html, lang).html == cleaned.html


@given(st.lists(st.tuples(word, punctuation).map("".join), min_size=1, max_size=30))
def test_prose_without_fragments_comes_back_unchanged(tokens: list[str]) -> None:
    text = " ".join(tokens)
    assert clean_text(text, "en").text == text
    assert clean_text(text, "fr").text == text


@given(st.sampled_from(ANGLE_BRACKET_PROSE), st.sampled_from(["", "<p>", "&lt;"]))
def test_angle_bracket_prose_survives_the_whole_pipeline(sentence: str, wrap: str) -> None:
    source = escape_text(sentence) if wrap != "<p>" else f"<p>{escape_text(sentence)}</p>"
    cleaned = clean_html(source, "en")
    assert html.unescape(re.sub(r"</?p>", "", cleaned.html)) == sentence


@given(st.text(max_size=200))
def test_any_text_cleans_idempotently_and_safely(text: str) -> None:
    once = clean_text(text, "en").text
    assert clean_text(once, "en").text == once
    cleaned = clean_html(text, "en").html
    assert clean_html(cleaned, "en").html == cleaned
    assert sanitise(cleaned) == cleaned
    assert "<script" not in cleaned.lower()


@given(
    st.text(alphabet=" \t\r\n\u00a0,.;:!?)]”»([“«„ab<>", max_size=30),
    st.sampled_from(["en", "fr", "de"]),
)
def test_the_quick_gap_search_skips_only_what_needs_no_repair(text: str, lang: str) -> None:
    """`repair_gaps` searches first and skips the substitutions when nothing matches: the
    same result as making them every time. And a text node the pipeline skips (no bracket,
    nothing to repair) is one the whole cleaning leaves as it is."""
    rules = gap_rules(lang)
    plain = SPACES.sub(" ", text)
    for pattern in GAPS[rules]:
        plain = pattern.sub("", plain)
    assert repair_gaps(text, lang) == plain
    if "<" not in text and ">" not in text and not may_need_repair(text, rules):
        assert clean_text(text, lang).text == text


@given(st.text(alphabet=" \t\r\n\u00a0ab", max_size=20))
def test_the_quick_check_for_runs_of_spaces_agrees_with_the_pattern(text: str) -> None:
    assert has_run_of_spaces(text) == (SPACES.search(text) is not None)


@given(st.text(max_size=20), st.text(max_size=20), st.text(max_size=20))
def test_shared_start_is_the_common_prefix(start: str, one: str, two: str) -> None:
    assert shared_start(start + one, start + two) == len(
        os.path.commonprefix([start + one, start + two])
    )


# Edits of a text node: some change it, some undo another's change, some add what is escaped.
TEXT_EDITS = [
    str.upper,
    lambda text: text.replace("a", "<&"),
    lambda text: text.replace("<&", "a"),
    lambda text: text + "\u00a0",
    lambda text: text.strip(),
]


@given(
    st.lists(
        st.sampled_from(
            ["<p>", "</p>", "<code>", "</code>", "<b>", "</b>", "a", " ", "&", "<", "x"]
        ),
        max_size=30,
    ).map("".join),
    st.lists(st.sampled_from(range(len(TEXT_EDITS))), max_size=3),
)
def test_edits_of_text_nodes_at_once_equal_one_edit_after_another(
    source: str, edits: list[int]
) -> None:
    """The pipeline cuts the sanitised HTML at its tags once for all its edits: the same
    HTML as cutting it again for each edit."""
    sanitised = sanitise(source)
    at_once = edit_text_nodes(sanitised, *(TEXT_EDITS[number] for number in edits))
    one_after_another = sanitised
    for number in edits:
        one_after_another = edit_text_nodes(one_after_another, TEXT_EDITS[number])
    assert at_once == one_after_another
