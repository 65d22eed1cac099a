"""The real article, as built: the fragments are gone everywhere and every word is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sitecheck import ARTICLE_SLUG, build, raw_article_paragraphs, soup, words

ARTICLE = f"articles/{ARTICLE_SLUG}.html"
# What the fragments of the raw text look like in any output file, escaped or not.
FRAGMENT = re.compile(
    r"(?:<|&lt;|&amp;lt;)\s*/\s*b\s*(?:>|&gt;)|\bb(?:>|&gt;)|&lt;\s*/?\s*b\b", re.IGNORECASE
)


@pytest.mark.parametrize(
    "phrase",
    [
        "the CTO provides that",
        "told AFP.",
        "Armenia and Belarus, are",
        "Russia, Vladimir Putin",
        "“enormous damage",
    ],
)
def test_the_article_reads_clean(site: Path, phrase: str) -> None:
    text = " ".join(soup(site / ARTICLE).find("main").get_text(" ").split())
    text = re.sub(r" ([,.])", r"\1", text)  # get_text(" ") puts a space between elements
    assert phrase in text


def test_no_fragment_is_left_in_any_output_file(site: Path) -> None:
    files = [p for p in site.rglob("*") if p.suffix in (".html", ".xml")]
    assert len(files) > 20
    for path in files:
        match = FRAGMENT.search(path.read_text(encoding="utf-8"))
        assert match is None, (path.relative_to(site), match)


def test_meta_description_and_feeds_are_clean(site: Path) -> None:
    page = soup(site / ARTICLE)
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("An article by the CSTO provides that")
    feed = (site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "the CTO provides that" in feed and "told AFP." in feed


def test_every_word_of_the_raw_paragraphs_is_there_in_order(site: Path) -> None:
    page_words = words(soup(site / ARTICLE).find("main").get_text(" "))
    position = 0
    for paragraph in raw_article_paragraphs():
        for word in words(paragraph):
            position = page_words.index(word, position) + 1


def test_the_build_reports_its_cleaning(tmp_path: Path) -> None:
    result = build(tmp_path / "out", env={"COLUMNS": "1000"}, extra=["-v"])
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    assert (
        "clean_markup: 3 fragment(s) removed, 1 of 2 article(s)/page(s) touched, 0 warning(s)."
    ) in log
    changes = [line for line in log.splitlines() if f"{ARTICLE_SLUG}.md: content:" in line]
    assert len(changes) == 7
    assert any("told AFP b>.' -> " in line and "told AFP.'" in line for line in changes)
