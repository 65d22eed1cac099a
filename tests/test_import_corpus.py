"""The 40 real scraped texts of tests/corpus, imported with `make import`'s code and built into
one site in one Pelican run, checked against what MANIFEST.md says a correct result is.

The expectations are data (tests/corpus_check.py); each test here checks one kind of them for
one file.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from newsroom.importer.cli import main
from tests.corpus_check import (
    EXPECTATIONS,
    Imported,
    build_corpus,
    control_changed,
    corpus_files,
    expected_prose,
    furniture_left,
    group_of,
    normal,
    page_text,
    source_text,
    words_lost,
    wrongly_removed,
)
from tests.corpus_options import CORPUS_OPTIONS
from tests.sitecheck import soup, words

NUMBERS = sorted(EXPECTATIONS)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Imported]:
    """Every corpus text imported, and the 40 built into one site in one Pelican run."""
    imported, _output, _log = build_corpus(tmp_path_factory.mktemp("corpus"))
    return imported


def metadata(markdown: str) -> dict[str, str]:
    head = markdown.split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def loose(text: str) -> str:
    """Text as the expectations quote it: invisible characters and no-break spaces as spaces."""
    return normal(text.replace("\u200b", "").replace("\xa0", " "))


def left_out(item: Imported) -> str:
    return "\n".join(normal(html.unescape(text)) for _line, text, _why in item.report.left_out)


def test_every_corpus_text_has_expectations_and_options() -> None:
    assert sorted(corpus_files()) == NUMBERS == sorted(CORPUS_OPTIONS)
    assert len(NUMBERS) == 40


@pytest.mark.parametrize("number", NUMBERS)
def test_expectations_quote_the_text(number: str) -> None:
    """Every phrase the tests look for is in the source as written (no typo hides a miss)."""
    expect = EXPECTATIONS[number]
    source = loose(source_text(corpus_files()[number]))
    raw = loose(corpus_files()[number].read_text(encoding="utf-8"))
    quoted = [item.text for item in [*expect.furniture, *expect.missed]] + expect.kept
    quoted += expect.captions + expect.unsure + [text for pair in expect.breaks for text in pair]
    for text in quoted:
        assert loose(html.unescape(text)) in source or loose(text) in raw, text


@pytest.mark.parametrize("number", NUMBERS)
def test_furniture_is_left_out_and_reported(corpus: dict[str, Imported], number: str) -> None:
    item, expect = corpus[number], EXPECTATIONS[number]
    assert furniture_left(expect, page_text(item)) == []
    reported = left_out(item)
    for furniture in expect.furniture:
        assert normal(html.unescape(furniture.text)) in reported, furniture.text


@pytest.mark.parametrize("number", NUMBERS)
def test_nothing_but_furniture_is_left_out(corpus: dict[str, Imported], number: str) -> None:
    assert wrongly_removed(EXPECTATIONS[number], corpus[number].report) == []


@pytest.mark.parametrize("number", [n for n in NUMBERS if EXPECTATIONS[n].unsure])
def test_what_may_be_furniture_is_kept_and_reported(
    corpus: dict[str, Imported], number: str
) -> None:
    item = corpus[number]
    unsure = "\n".join(normal(text) for _line, text, _why in item.report.unsure)
    for text in EXPECTATIONS[number].unsure:
        assert normal(text) in unsure, text
        assert normal(text) in page_text(item), text


@pytest.mark.parametrize("number", NUMBERS)
def test_every_prose_word_is_kept_in_order(corpus: dict[str, Imported], number: str) -> None:
    item = corpus[number]
    expected = expected_prose(number, item.path)
    assert len(expected) > 50
    assert words_lost(expected, words(page_text(item))) == []


@pytest.mark.parametrize("number", [n for n in NUMBERS if EXPECTATIONS[n].kept])
def test_traps_and_prose_stay_as_written(corpus: dict[str, Imported], number: str) -> None:
    page = page_text(corpus[number])
    for text in EXPECTATIONS[number].kept + EXPECTATIONS[number].shown:
        assert normal(text) in page, text


@pytest.mark.parametrize("number", NUMBERS)
def test_import_finds_the_structure(corpus: dict[str, Imported], number: str) -> None:
    """Headline, standfirst, byline, agency, captions, crossheads, lists, quotes, credit."""
    item, expect = corpus[number], EXPECTATIONS[number]
    found = metadata(item.markdown)
    for field, value in expect.meta.items():
        assert found.get(field) == value, field
    assert found["Title"] == CORPUS_OPTIONS[number].get("title", found["Title"])
    page = soup(item.page)
    body = page.find(class_="article-body")
    captions = [normal(figure.get_text()) for figure in body.select("figcaption")]
    assert captions == expect.captions
    crossheads = [normal(html.unescape(heading.get_text())) for heading in body.find_all("h2")]
    assert crossheads == [normal(html.unescape(text)) for text in expect.crossheads]
    assert [len(items.find_all("li")) for items in body.find_all("ul")] == expect.lists
    assert len(body.find_all("blockquote")) == expect.quotes
    credit = body.select_one(".credit")
    assert (normal(credit.get_text()) if credit else None) == expect.credit
    paragraphs = [normal(p.get_text()) for p in body.find_all("p")]
    for end, start in expect.breaks:
        assert any(
            a.endswith(end) and b.startswith(start)
            for a, b in zip(paragraphs, paragraphs[1:], strict=False)
        ), (end, start)


@pytest.mark.parametrize("number", NUMBERS)
def test_the_built_page_has_no_debris(corpus: dict[str, Imported], number: str) -> None:
    """Checked on the page the build made: the import keeps debris, the cleaner removes it."""
    page = page_text(corpus[number])
    expect = EXPECTATIONS[number]
    assert [text for text in expect.debris if normal(text) and normal(text) in page] == []
    for text in expect.cleaned:
        assert normal(text) in page, text


@pytest.mark.parametrize("number", [n for n in NUMBERS if group_of(n) == "C"])
def test_controls_come_out_unchanged(corpus: dict[str, Imported], number: str) -> None:
    """A clean text: every line of it is one block of the page, character for character."""
    assert not control_changed(corpus[number])
    assert corpus[number].report.left_out == []


def test_a_folder_imports_every_text_and_reports_each(capsys, tmp_path: Path) -> None:
    """`make import RAW=tests/corpus/`: the texts with a headline are written, those without
    are refused one by one (nothing written for them), and the summary names them."""
    articles = tmp_path / "articles"
    total = 41  # the 40 texts and MANIFEST.md, a Markdown file but no article
    code = main(
        [str(corpus_files()["001"].parent), "--date", "2020-01-01", "--articles", str(articles)]
    )
    out, err = capsys.readouterr()
    assert code == 1
    with_headline = [n for n in NUMBERS if "title" not in CORPUS_OPTIONS[n]]
    written = sorted(articles.glob("*.md"))
    assert len(written) == len(with_headline)
    failed = total - len(with_headline)
    assert f"corpus: {len(with_headline)} of {total} file(s) imported, {failed} failed" in err
    assert "MANIFEST.md:1: a Markdown file without a Title: line" in err
    for number in NUMBERS:
        name = corpus_files()[number].name
        if number in with_headline:
            assert f"{name}: raw text" in out
        else:
            assert f"{name}" in err and "no recognisable title" in err
    assert err.count('give the headline with --title "…"') == 40 - len(with_headline)
    assert out.count("wrote ") == len(with_headline)
