"""The index files: numbering, posting lists, word expansion, sharding, and safe serialisation."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from newsroom.plugins.memo import SETTING as MEMO
from newsroom.plugins.offline_search.index import (
    CALLBACK,
    Document,
    Vocabulary,
    block,
    build,
    index_files,
    js_order,
    runs,
    script,
)
from newsroom.plugins.offline_search.text import keys
from tests.payloads import PAYLOADS


def doc(
    url: str,
    day: int,
    title: str = "A title",
    body: str = "Some text.",
    standfirst: str = "",
    lang: str = "en",
    tags: tuple[str, ...] = (),
) -> Document:
    return Document(
        url=url,
        title=title,
        standfirst=standfirst,
        body=body,
        tags=tags,
        authors=("Ana Gómez",),
        section="World",
        lang=lang,
        date=datetime(2023, 1, day, tzinfo=UTC),
        when=f"{day} January 2023",
    )


def postings(files: dict[str, object], key: str) -> list[tuple[int, int]]:
    """(article number, 1 if in the headline or standfirst) for a key, decoded as search.js does."""
    meta = files["index"]
    firsts = [js_order(first) for first in meta["keys"]]
    shard = files[f"k/{bisect_right(firsts, js_order(key)) - 1}"]
    found, number = [], -1
    for value in shard.get(key, []):
        number += (value >> 1) + 1
        found.append((number, value & 1))
    return found


def test_articles_are_numbered_oldest_first() -> None:
    files = build([doc("c.html", 3), doc("a.html", 1), doc("b.html", 2)])
    assert [files[f"d/{n}"]["url"] for n in range(3)] == ["a.html", "b.html", "c.html"]
    assert files["index"]["documents"] == 3


def test_a_posting_list_says_where_the_word_is() -> None:
    files = build(
        [
            doc("a.html", 1, title="Tariffs rise"),
            doc("b.html", 2, body="No match here."),
            doc("c.html", 3, body="A new tariff."),
            doc("d.html", 4, standfirst="The tariff again", body="and the tariffs"),
        ]
    )
    assert postings(files, "tariff") == [(0, 1), (2, 0), (3, 1)]


def test_every_field_is_searchable() -> None:
    files = build([doc("a.html", 1, tags=("Steel",))])
    for word in ("steel", "ana", "gomez", "world", "some", "text", "titl"):
        assert postings(files, word) == [(0, word == "titl")], word


def test_each_language_is_stemmed_with_its_own_rules() -> None:
    files = build([doc("es.html", 1, body="Elecciones en Bogotá", lang="es")])
    assert set(keys("elecciones", "es")) <= set(files["k/0"])
    assert postings(files, "bogot") == [(0, 0)]
    assert files["index"]["languages"] == ["es"]


def test_words_lead_to_their_keys_with_their_frequency() -> None:
    files = build([doc("a.html", 1, body="tariffs war"), doc("b.html", 2, body="tariffs")])
    words = files["w/0"]
    assert words["tariffs"] == [2, "tariff"]
    assert words["war"] == 1  # the word is its own only key


def test_big_indexes_are_cut_into_files_in_sorted_order() -> None:
    text = " ".join(f"word{n} zeta{n}" for n in range(300))
    files = build([doc("a.html", 1, body=text), doc("b.html", 2, body=text[:500])], shard_bytes=200)
    firsts = files["index"]["keys"]
    assert len(firsts) > 10
    assert firsts == sorted(firsts, key=js_order)
    for number, first in enumerate(firsts):
        shard = files[f"k/{number}"]
        assert min(shard, key=js_order) == first
        for key in shard:
            assert postings(files, key), key
    assert len(files["index"]["words"]) > 10


def test_the_same_articles_in_any_order_give_the_same_files() -> None:
    docs = [doc(f"{n}.html", n, body=f"text number {n}") for n in range(1, 9)]
    assert build(docs) == build(reversed(docs))


def test_no_text_can_end_the_call_or_the_string() -> None:
    hostile = " ".join(PAYLOADS) + "\u2028\u2029\\\"');alert(1);//"
    text = script("d/0", {"title": hostile})
    prefix = f'{CALLBACK}("d/0",'
    assert text.startswith(prefix) and text.endswith(");\n")
    assert json.loads(text[len(prefix) : -3]) == {"title": hostile}


def test_an_empty_site_has_an_empty_index() -> None:
    files = build([])
    assert files == {
        "index": {"documents": 0, "format": 1, "keys": [], "languages": [], "words": []}
    }


WORDS = ["tariff", "tariffs", "steel", "Bogotá", "elecciones", "war", "the", "a", "x"]
DOCUMENTS = st.lists(
    st.builds(
        doc,
        url=st.sampled_from([f"{n}.html" for n in range(40)]),
        day=st.integers(1, 28),
        title=st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join),
        body=st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
        lang=st.sampled_from(["en", "es"]),
    ),
    max_size=30,
    unique_by=lambda document: document.url,
)


@given(DOCUMENTS, st.lists(st.integers(0, 30)))
def test_an_index_made_of_runs_is_the_index_made_at_once(
    documents: list[Document], cuts: list[int]
) -> None:
    """The shortcut equals the plain path: however the articles are cut into runs."""
    ordered = sorted(documents, key=lambda document: (document.date, document.url))
    vocabulary = Vocabulary()
    analysed = [(document, vocabulary.analyse(document)) for document in ordered]
    bounds = sorted({0, len(analysed), *(cut for cut in cuts if cut < len(analysed))})
    pieces = [block(analysed[start:end]) for start, end in zip(bounds, bounds[1:], strict=False)]
    assert index_files(pieces) == index_files([block(analysed)])


@given(DOCUMENTS, st.integers(0, 29))
def test_deleting_an_article_changes_its_run_alone(documents: list[Document], gone: int) -> None:
    """A run ends where its last article's digest says, so the runs around it keep their keys
    (one run changes, or two become one when the article ended its run)."""
    ordered = sorted(documents, key=lambda document: (document.date, document.url))
    before = {key for key, _run in runs(ordered, size=3)}
    after = {key for key, _run in runs(ordered[:gone] + ordered[gone + 1 :], size=3)}
    assert len(before - after) <= 2 and len(after - before) <= 1
    assert [doc for _key, run in runs(ordered, size=3) for doc in run] == ordered


@given(DOCUMENTS)
def test_with_a_memo_the_index_is_the_one_made_without(documents: list[Document]) -> None:
    """With a build's memo the index is made of runs; without one, of one run: the same files."""
    kept: dict[bytes, object] = {}

    def memo(namespace: str, key: bytes, compute: Callable[[], object]) -> object:
        return kept.setdefault(namespace.encode() + key, compute())

    assert build(documents, settings={MEMO: memo}) == build(documents)
    assert build(documents, settings={MEMO: memo}) == build(documents)  # from the memo
