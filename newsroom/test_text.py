"""One visible text: the description, the word count and the search index read the same words,
and the regular expression's fast path reads what the parser reads."""

from __future__ import annotations

import html
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsroom.plugins.clean_markup import clean_html
from newsroom.plugins.clean_markup.plain import description
from newsroom.plugins.offline_search.offline_search import document, source
from newsroom.plugins.reading_time.reading_time import WORD, word_count
from newsroom.text import parsed_text, plain_text, visible_text
from tests.payloads import PAYLOADS

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
CAPTIONS = frozenset({"figure"})


def corpus_body(path: Path) -> str:
    """A corpus text as the cleaning gets it: an HTML fragment as it is, a raw text one
    paragraph a line."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines)


BODIES = {
    **{path.name[:3]: corpus_body(path) for path in sorted(CORPUS.glob("[0-9]*_*"))},
    **{f"payload {n}": f"<p>Before {payload} after</p>" for n, payload in enumerate(PAYLOADS)},
}


@pytest.mark.parametrize("name", BODIES)
def test_description_word_count_and_search_see_the_same_words(name: str) -> None:
    cleaned = clean_html(BODIES[name], "en").html
    text = plain_text(cleaned)
    article = SimpleNamespace(
        url="a.html",
        title="A title",
        plain_title="A title",
        plain_summary="",
        metadata={},
        content=cleaned,
        category=SimpleNamespace(name="World"),
        lang="en",
        date=None,
        locale_date="",
    )
    assert document(source(article)).body == text
    assert word_count(cleaned) == len(WORD.findall(text))
    opening = description("", cleaned).removesuffix("…")
    assert plain_text(cleaned, CAPTIONS).startswith(opening)
    assert set(WORD.findall(plain_text(cleaned, CAPTIONS))) <= set(WORD.findall(text))


def test_blocks_stay_apart_inline_tags_join_and_spaces_collapse() -> None:
    assert plain_text("<p>a<em>b</em>c</p><p>d&amp;e&nbsp;f</p>") == "abc d&e\u00a0f"
    assert plain_text('<p title="a > b">kept</p>line<br>break') == "kept line break"
    assert plain_text("<ul><li>one<li>two</ul>three<img alt=x>four") == "one two three four"
    assert plain_text(None) == ""


def test_skipped_elements_and_hidden_ones_give_no_text() -> None:
    source = "<p>Text</p><figure><figcaption>A caption</figcaption></figure><p>more</p>"
    assert plain_text(source, CAPTIONS) == "Text more"
    assert plain_text(source + "<script>var x = 1;</script>") == "Text A caption more"


# Pieces of HTML as articles have them, and the shapes that only the parser reads right.
HTML_PIECES = st.sampled_from(
    [
        "word",
        " ",
        "\n",
        "caf&eacute;",
        "&amp;",
        "&amp",
        "&#x27;",
        "a < b",
        "x>y",
        "<p>",
        "</p>",
        "<br>",
        "<br/>",
        "<em>",
        "</em>",
        "<P CLASS='c'>",
        '<a href="x?a=1&amp;b=2" title="a > b">',
        "</a>",
        '<figure class="photo-unavailable"><figcaption>',
        "</figcaption></figure>",
        "<figure/>",
        "<!-- hidden -->",
        "<script>var x = '<p>';</script>",
        "<style>p{}</style>",
        "<title>t</title>",
        "<img alt='not counted'>",
        "<li>",
        "<",
        "</",
        "<3",
        "<!",
        "<a title='x>",
        "</a title='>'>",
        "<a href=x/>",
        "<p\vclass=x>",
        "'",
        '"',
    ]
)


@given(st.lists(HTML_PIECES, max_size=30).map("".join), st.sampled_from([frozenset(), CAPTIONS]))
@example('</word<a href="x?a=1&amp;b=2" title="a > b">', frozenset())  # an end tag ends at ">"
def test_the_fast_path_finds_the_text_the_parser_finds(source: str, skip: frozenset) -> None:
    assert visible_text(source, skip) == parsed_text(source, skip)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_fast_path_finds_the_parsers_text_in_hostile_html(payload: str) -> None:
    source = f"<p>Before {payload} after</p>"
    assert visible_text(source) == parsed_text(source)
