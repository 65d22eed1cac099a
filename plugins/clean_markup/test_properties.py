"""Property tests: random prose with random fragments gives back exactly the prose's words."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from clean_markup.fragments import clean_text
from clean_markup.sanitize import clean_html

LETTERS = "abcdefghijklmnopqrstuvwxyzéèàçüöñøåАБВГДежзиклмнԱԲԳաբգ"
word = st.text(alphabet=LETTERS + LETTERS.upper(), min_size=1, max_size=10)
punctuation = st.sampled_from(["", "", "", ",", ".", ";", "!", "?", "—", "\u00a0%"])
NAMES = ["b", "i", "u", "em", "strong", "span", "a", "font", "p", "div", "br", "h2", "li"]
SHAPES = [
    "</{n}>",
    "<{n}>",
    "< /{n}>",
    "< {n} >",
    "</ {n}>",
    "<{N}>",
    '<{n} class="x">',
    "&lt;/{n}&gt;",
]
# Where a fragment may fall: between words, glued after a word, glued before the next one.
PLACES = ["{w} {f} ", "{w}{f} ", "{w} {f}", "{w}{f}"]


@st.composite
def prose(draw: st.DrawFn) -> list[tuple[str, str]]:
    return draw(st.lists(st.tuples(word, punctuation), min_size=1, max_size=30))


def join(words: list[tuple[str, str]]) -> str:
    return " ".join(w + p for w, p in words)


WORD = re.compile(r"[^\W_]+")


@settings(max_examples=300, deadline=None)
@given(prose(), st.data())
def test_random_fragments_leave_exactly_the_words(words, data) -> None:
    pieces = []
    for w, p in words:
        if data.draw(st.booleans()):
            shape = data.draw(st.sampled_from(SHAPES))
            name = data.draw(st.sampled_from(NAMES))
            fragment = shape.format(n=name, N=name.upper())
            place = data.draw(st.sampled_from(PLACES if not p else PLACES[:2]))
            pieces.append(place.format(w=w + p, f=fragment))
        else:
            pieces.append(w + p + " ")
    dirty = "".join(pieces).strip()
    cleaned = clean_text(dirty, "en").text
    assert WORD.findall(cleaned) == WORD.findall(join(words))
    assert "  " not in cleaned
    assert clean_text(cleaned, "en").text == cleaned


@settings(max_examples=200, deadline=None)
@given(prose())
def test_prose_without_fragments_comes_back_unchanged(words) -> None:
    text = join(words)
    assert clean_text(text, "en").text == text
    assert clean_text(text, "fr").text == text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_cleans_idempotently_and_safely(text) -> None:
    once = clean_text(text, "en").text
    assert clean_text(once, "en").text == once
    html = clean_html(text, "en").html
    assert clean_html(html, "en").html == html
    assert "<script" not in html.lower()
