"""The first article, as built: the fragments are gone everywhere and every word is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sitecheck import ARTICLE_SLUG, ROOT, Built, build, raw_article_paragraphs, soup, words

ARTICLE = f"articles/{ARTICLE_SLUG}.html"
SOURCE = ROOT / "content" / "articles" / f"{ARTICLE_SLUG}.md"
SOURCE_URL = (
    "https://thetimeshub.in/internal-dissent-in-the-military-alliance-led-by-russia-"
    "puts-distance-between-putin-and-his-closest-countries/12267/"
)
# These tests are about the first article's own text; an archive without it skips them.
pytestmark = pytest.mark.skipif(not SOURCE.is_file(), reason=f"{SOURCE.name} is not in content/")
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


def test_no_fragment_is_left_in_any_output_file(site: Path, published: Built) -> None:
    files = [
        p
        for root in (site, published.output)
        for p in root.rglob("*")
        if p.suffix in (".html", ".xml")
    ]
    assert len(files) > 20  # pages, and the published build's feeds and sitemap
    for path in files:
        match = FRAGMENT.search(path.read_text(encoding="utf-8"))
        assert match is None, (path.relative_to(site), match)


def test_meta_description_and_feeds_are_clean(site: Path, published: Built) -> None:
    page = soup(site / ARTICLE)
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("An article by the CSTO provides that")
    feed = (published.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "the CTO provides that" in feed and "told AFP." in feed


def test_article_shows_its_title_author_agency_date_and_source(site: Path) -> None:
    page = soup(site / ARTICLE)
    assert page.find("h1").get_text(strip=True) == (
        "Internal dissent in the military alliance led by Russia puts distance between Putin "
        "and his closest countries"
    )
    byline = page.find(class_="byline").get_text(" ", strip=True)
    assert "Didier Lauras" in byline and "AFP" in byline
    assert page.select_one(".dateline time")["datetime"].startswith("2022-11-24")
    assert page.find("a", href=SOURCE_URL).get_text() == "thetimeshub.in"


def test_photo_captions_are_captions_and_the_credit_a_credit(site: Path) -> None:
    page = soup(site / ARTICLE)
    captions = [c.get_text(strip=True) for c in page.select("figure figcaption")]
    assert len(captions) == 2
    assert captions[0].startswith("The president of Russia")
    assert captions[1].startswith("Belarusian dictator Alexander Lukashenko")
    credit = page.find(class_="credit")
    assert credit is not None and credit.get_text(strip=True) == "(With information from AFP)"


def test_page_furniture_stays_out_of_the_article(site: Path) -> None:
    text = soup(site / ARTICLE).find("main").get_text(" ")
    for furniture in ("Spread the love", "Continue reading"):
        assert furniture not in text


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
    # The summary line counts every source; its figures grow with the archive.
    summary = re.search(
        r"clean_markup: (\d+) fragment\(s\) removed, (\d+) of (\d+) article\(s\)/page\(s\) "
        r"touched, 0 warning\(s\)\.",
        log,
    )
    assert summary is not None, log
    sources = list((ROOT / "content").rglob("*.md"))
    assert int(summary[3]) == len(sources) and int(summary[2]) >= 1 and int(summary[1]) >= 3
    changes = [line for line in log.splitlines() if f"{ARTICLE_SLUG}.md: content:" in line]
    assert len(changes) == 7
    assert any("told AFP b>.' -> " in line and "told AFP.'" in line for line in changes)
