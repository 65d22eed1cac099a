"""The built site as a reader sees it: the article, its metadata, the pages and the links."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from tests.sitecheck import (
    ARTICLE_SLUG,
    ROOT,
    build,
    html_pages,
    is_external,
    page_urls,
    raw_article_paragraphs,
    resolve_file_url,
    soup,
    tree_bytes,
    words,
)

ARTICLE = f"articles/{ARTICLE_SLUG}.html"
SOURCE_URL = (
    "https://thetimeshub.in/internal-dissent-in-the-military-alliance-led-by-russia-"
    "puts-distance-between-putin-and-his-closest-countries/12267/"
)


@pytest.fixture(scope="module")
def article(site: Path):
    return soup(site / ARTICLE)


def test_article_shows_title_author_agency_and_date(article) -> None:
    assert article.find("h1").get_text(strip=True) == (
        "Internal dissent in the military alliance led by Russia puts distance between Putin "
        "and his closest countries"
    )
    main = article.find("main")
    text = main.get_text(" ", strip=True)
    assert "Didier Lauras" in text
    assert "AFP" in main.find(class_="byline").get_text()
    time = main.find("time")
    assert time["datetime"].startswith("2022-11-24")
    assert "2022" in time.get_text()


def test_article_links_to_its_source(article) -> None:
    assert article.find("a", href=SOURCE_URL) is not None


def test_article_tags_link_to_existing_tag_pages(site: Path, article) -> None:
    tag_links = [a for a in article.select("main a[href]") if "/tag/" in a["href"]]
    assert len(tag_links) >= 5
    for link in tag_links:
        target = resolve_file_url(site / ARTICLE, link["href"])
        assert target is not None and target.is_file(), link["href"]
        assert link.get_text(strip=True) in soup(target).find("h1").get_text()


def test_every_paragraph_of_the_raw_article_appears_in_order(article) -> None:
    page_words = words(article.find("main").get_text(" "))
    position = 0
    for paragraph in raw_article_paragraphs():
        expected = words(paragraph)
        while page_words[position : position + len(expected)] != expected:
            position += 1
            assert position < len(page_words), f"missing or out of order: {paragraph[:60]!r}"
        position += len(expected)


def test_page_furniture_stays_out_of_the_article(article) -> None:
    text = article.find("main").get_text(" ")
    for furniture in ("Spread the love", "Continue reading"):
        assert furniture not in text
    title = article.find("h1").get_text(strip=True)
    assert text.count(title) == 1


def test_photo_captions_are_captions(article) -> None:
    captions = [c.get_text(strip=True) for c in article.select("figure figcaption")]
    assert len(captions) == 2
    assert captions[0].startswith("The president of Russia")
    assert captions[1].startswith("Belarusian dictator Alexander Lukashenko")


def test_credit_line_is_marked_as_credit(article) -> None:
    credit = article.find(class_="credit")
    assert credit is not None and credit.get_text(strip=True) == "(With information from AFP)"


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "archives.html",
        "tags.html",
        "categories.html",
        "authors.html",
        "category/world.html",
        "author/didier-lauras.html",
        "pages/about.html",
    ],
)
def test_site_pages_exist_and_list_the_article(site: Path, page: str) -> None:
    path = site / page
    assert path.is_file()
    if page != "pages/about.html":
        assert soup(path).find("main").get_text(strip=True)


def test_each_tag_has_a_page_listing_the_article(site: Path) -> None:
    tags = soup(site / "tags.html").select("main a[href]")
    assert len(tags) >= 5
    for link in tags:
        page = resolve_file_url(site / "tags.html", link["href"])
        assert page is not None and page.is_file()
        assert soup(page).find("a", href=re.compile(re.escape(ARTICLE_SLUG)))


def test_every_internal_link_resolves_from_file_urls(site: Path) -> None:
    broken = []
    for page_path in html_pages(site):
        for url in page_urls(soup(page_path)):
            if is_external(url):
                continue
            if url.startswith("/"):
                broken.append(f"{page_path.relative_to(site)}: root-absolute {url}")
                continue
            target = resolve_file_url(page_path, url)
            if target is not None and not target.is_file():
                broken.append(f"{page_path.relative_to(site)}: {url}")
    assert not broken


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for page_path in html_pages(site):
        page = soup(page_path)
        for element in page.find_all(["script", "img", "iframe", "video", "audio", "source"]):
            assert not is_external(element.get("src", "")), (page_path, element)
        for link in page.find_all("link"):
            if set(link.get("rel", [])) & {"stylesheet", "preload", "icon", "prefetch"}:
                assert not is_external(link["href"]), (page_path, link)
        for style in page.find_all("style"):
            assert "url(http" not in style.get_text() and "@import" not in style.get_text()
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
        assert "@import" not in text and "@font-face" not in text, css


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_feeds_parse_and_list_the_article(site: Path, feed: str) -> None:
    parsed = feedparser.parse((site / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == [
        soup(site / ARTICLE).find("h1").get_text(strip=True)
    ]
    link = parsed.entries[0].link
    assert (site / feed).parent.joinpath(link).resolve() == (site / ARTICLE).resolve()


def test_each_tag_has_feeds(site: Path) -> None:
    tag_feeds = sorted((site / "feeds").glob("tag-*.atom.xml"))
    assert len(tag_feeds) >= 5
    for feed in tag_feeds:
        assert not feedparser.parse(feed.read_bytes()).bozo
        assert feed.with_name(feed.name.replace(".atom.", ".rss.")).is_file()


def test_committed_output_is_fresh(site: Path) -> None:
    committed = tree_bytes(ROOT / "output")
    built = tree_bytes(site)
    assert sorted(committed) == sorted(built), "output/ is stale: run `make html` and commit it"
    stale = [name for name in built if committed[name] != built[name]]
    assert not stale, f"output/ is stale in {stale}: run `make html` and commit it"


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    result = build(tmp_path / "again")
    assert result.returncode == 0, result.stderr
    assert tree_bytes(tmp_path / "again") == tree_bytes(site)
