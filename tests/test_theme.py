"""The theme's HTML: head metadata, NewsArticle JSON-LD, the article page's parts, 404, paging."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from reading_time import reading_minutes, word_count
from tests.browser import ARTICLE, PAGES
from tests.sitecheck import ROOT, build, html_pages, soup

SITEURL = "https://example.org/newsroom"
EVIL = '"><script>alert(1)</script></script><!-- & &amp;'
# What a reader sees of it: tags stripped (striptags also turns &amp; into &), then escaped.
SHOWN = Markup(EVIL).striptags()


def json_ld(page) -> dict:  # type: ignore[no-untyped-def]
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def meta(page, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        tag["content"]
        for tag in page.find_all("meta")
        if tag.get("property") == key or tag.get("name") == key
    ]


@pytest.fixture(scope="module")
def article(site: Path):
    return soup(site / ARTICLE)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("published")
    result = build(output, settings="publishconf.py", env={"SITEURL": SITEURL})
    assert result.returncode == 0, result.stderr
    return output


def test_news_article_json_ld(article) -> None:
    data = json_ld(article)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == article.find("h1").get_text(strip=True)
    assert data["description"].startswith("An article by the CSTO provides")
    assert data["datePublished"] == "2022-11-24T00:00:00+00:00"
    assert data["dateModified"] == data["datePublished"]  # no Modified: the date
    assert data["author"] == [{"@type": "Person", "name": "Didier Lauras"}]
    assert data["publisher"] == {"@type": "Organization", "name": "Newsroom"}
    assert data["inLanguage"] == "en"
    assert data["isBasedOn"].startswith("https://thetimeshub.in/internal-dissent")
    assert data["sourceOrganization"] == {"@type": "NewsMediaOrganization", "name": "AFP"}
    assert data["creditText"] == "AFP"
    assert data["articleSection"] == "World"
    assert data["keywords"][:3] == ["CSTO", "Russia", "Armenia"] and len(data["keywords"]) == 8
    # Without a SITEURL there is no absolute address to give.
    assert "mainEntityOfPage" not in data and "url" not in data


def test_open_graph_twitter_and_feeds_in_the_head(article) -> None:
    assert article.find("html")["lang"] == "en"
    assert meta(article, "og:type") == ["article"]
    assert meta(article, "article:published_time") == ["2022-11-24T00:00:00+00:00"]
    assert meta(article, "article:author") == ["Didier Lauras"]
    assert meta(article, "article:section") == ["World"]
    assert len(meta(article, "article:tag")) == 8
    assert meta(article, "twitter:card") == ["summary"]
    assert meta(article, "og:title") == [article.find("h1").get_text(strip=True)]
    feeds = {link["href"] for link in article.find_all("link", rel="alternate")}
    assert {"../feeds/all.atom.xml", "../feeds/all.rss.xml", "../feeds/tag-csto.atom.xml"} <= feeds
    assert not article.find("link", rel="canonical") and not meta(article, "og:url")


def test_every_page_has_a_unique_title_and_description(site: Path) -> None:
    titles, descriptions = {}, {}
    for path in html_pages(site):
        page = soup(path)
        titles.setdefault(page.title.string, []).append(path.name)
        description = meta(page, "description")
        assert len(description) == 1 and description[0].strip(), path
        descriptions.setdefault(description[0], []).append(path.name)
    assert all(len(names) == 1 for names in titles.values()), titles
    # Listing pages of one kind share a pattern but name their term, so they differ too.
    assert all(len(names) == 1 for names in descriptions.values()), descriptions


def test_published_build_has_canonical_urls(published: Path) -> None:
    page = soup(published / ARTICLE)
    url = f"{SITEURL}/{ARTICLE}"
    assert page.find("link", rel="canonical")["href"] == url
    assert meta(page, "og:url") == [url]
    data = json_ld(page)
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["url"] == url and data["publisher"]["url"] == f"{SITEURL}/"
    assert (
        soup(published / "index.html").find("link", rel="canonical")["href"]
        == f"{SITEURL}/index.html"
    )
    assert soup(published / "tag/russia.html").find("link", rel="canonical")["href"] == (
        f"{SITEURL}/tag/russia.html"
    )


def test_published_404_links_absolutely_from_any_depth(published: Path) -> None:
    page = soup(published / "404.html")
    assert page.find("link", rel="stylesheet")["href"] == f"{SITEURL}/theme/css/site.css"
    hrefs = [tag["href"] for tag in page.find_all(["a", "link"], href=True)]
    assert len(hrefs) >= 8
    assert all(h.startswith(SITEURL + "/") or h == "#main" for h in hrefs), hrefs
    assert meta(page, "robots") == ["noindex"] and not page.find("link", rel="canonical")


def test_local_404_links_relatively(site: Path) -> None:
    page = soup(site / "404.html")
    assert page.find("h1").get_text() == "Page not found"
    assert page.find("link", rel="stylesheet")["href"] == "./theme/css/site.css"
    assert page.find("a", string="Read the latest articles")["href"] == "./index.html"


def test_dateline_gives_reading_time_and_word_count(site: Path, article) -> None:
    body = article.find(class_="article-body")
    words = word_count(str(body))
    assert 450 < words < 600  # the article, not the page furniture
    assert article.find(class_="word-count").get_text() == f"{words:,} words"
    assert article.find(class_="reading-time").get_text() == (
        f"{reading_minutes(str(body))} min read"
    )
    assert article.select_one(".dateline time")["datetime"] == "2022-11-24T00:00:00+00:00"


def test_source_box_names_agency_source_translation_and_about(article) -> None:
    box = article.find(class_="source-box")
    text = box.get_text(" ", strip=True)
    assert "AFP" in text and "Didier Lauras" in text
    assert "translation" in text
    source = box.find("a", href=lambda h: h.startswith("https://thetimeshub.in/"))
    assert source.get_text() == "thetimeshub.in"
    assert box.find("a", href="../pages/about.html")


def test_every_page_type_is_built(site: Path) -> None:
    for path in PAGES.values():
        page = soup(site / path)
        assert page.find("main", id="main") and page.find("h1"), path
        assert page.find("a", class_="skip-link")["href"] == "#main"
        assert page.find("nav", attrs={"aria-label": "Site"})


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of 12 articles (two index pages), one with markup in every metadata field."""
    content = tmp_path_factory.mktemp("content")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    (content / "articles").mkdir()
    for day in range(1, 12):
        (content / "articles" / f"a{day:02}.md").write_text(
            f"Title: Article {day:02}\nDate: 2022-11-{day:02}\nAuthor: Someone\nTags: Plain\n"
            f"Summary: Summary {day:02}\n\nText of article {day:02}.\n",
            encoding="utf-8",
        )
    (content / "articles" / "evil.md").write_text(
        f"Title: Evil {EVIL}\nDate: 2022-11-20\nModified: 2022-11-21 10:30\n"
        f"Author: Mallory {EVIL}\nAgency: Agency {EVIL}\nSource: javascript:alert(1)\n"
        f"Source_name: Source {EVIL}\nTags: Tag {EVIL}\nSlug: evil\n"
        f"Summary: Summary {EVIL}\n\nBody text.\n",
        encoding="utf-8",
    )
    output = tmp_path_factory.mktemp("crafted")
    # The evil article makes clean_markup warn (it removes a script): not a strict build.
    result = build(output, content=content, strict=False)
    assert result.returncode == 0, result.stderr
    return output


def test_markup_in_metadata_cannot_break_out(crafted: Path) -> None:
    for path in html_pages(crafted):
        page = soup(path)
        # search.html loads the search's own files (tests/test_search_site.py checks which).
        scripts = [
            s
            for s in page.find_all("script")
            if not (path.name == "search.html" and s.get("src", "").startswith("./"))
        ]
        assert all(s.get("type") == "application/ld+json" for s in scripts), path
        for tag in page.find_all("meta", content=True):
            assert "<script>" not in tag["content"] or EVIL in tag["content"], path
    page = soup(crafted / "articles/evil.html")
    # Title and Summary are sanitised by clean_markup (the script goes, with its text); the
    # other fields reach the theme as they are and are escaped there.
    (description,) = meta(page, "description")
    assert description.startswith('Summary ">') and "alert" not in description
    assert page.find("h1").get_text().startswith('Evil ">')
    assert "alert" not in page.find("h1").get_text()
    assert meta(page, "article:author") == [f"Mallory {SHOWN}"]
    assert meta(page, "article:tag") == [f"Tag {SHOWN}"]
    raw = (crafted / "articles/evil.html").read_text(encoding="utf-8")
    ld_text = raw.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in ld_text and ">" not in ld_text and "&" not in ld_text.replace("\\u0026", "")
    data = json.loads(ld_text)
    assert data["headline"] == page.find("h1").get_text()
    assert data["author"] == [{"@type": "Person", "name": f"Mallory {SHOWN}"}]
    assert data["dateModified"] == "2022-11-21T10:30:00+00:00"
    # A source that is not a web address is shown, never linked.
    assert "isBasedOn" not in data
    assert not page.find("a", href=lambda h: h.startswith("javascript:"))
    assert f"Source {SHOWN}" in page.find(class_="source-box").get_text()


def test_index_is_paginated_past_ten_with_newer_and_older_links(crafted: Path) -> None:
    first, second = soup(crafted / "index.html"), soup(crafted / "index2.html")
    assert len(first.select(".article-list > li")) == 10
    assert len(second.select(".article-list > li")) == 2
    assert first.find("a", rel="next")["href"] == "./index2.html"
    assert second.find("a", rel="prev")["href"] == "./index.html"
    assert "Page 2 of 2" in second.find(class_="pager").get_text()
    assert soup(crafted / "tag/plain.html").find(class_="pager")


def test_articles_link_to_previous_and_next(crafted: Path) -> None:
    middle = soup(crafted / "articles/article-05.html").find("nav", class_="article-nav")
    assert middle.find("a", rel="prev")["href"] == "../articles/article-04.html"
    assert middle.find("a", rel="next")["href"] == "../articles/article-06.html"
    oldest = soup(crafted / "articles/article-01.html").find("nav", class_="article-nav")
    assert not oldest.find("a", rel="prev") and oldest.find("a", rel="next")
