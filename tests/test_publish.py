"""The hosted build (publishconf.py) served the way GitHub Pages serves a project page.

The site is published at https://example.github.io/newsroom/ and served here by a local
stand-in for GitHub Pages under /newsroom/ (tests/pagesserver.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin
from urllib.robotparser import RobotFileParser

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.pagesserver import SITEURL, crawl, fetch, localize, serve
from tests.sitecheck import ROOT, build, html_pages, page_urls, soup, tree_bytes

SITEMAP_XSD = Path(__file__).parent / "schemas" / "sitemap-0.9.xsd"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DEEP_MISSING = "a/b/c/missing.html"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("published")
    result = build(output, settings="publishconf.py", env={"SITEURL": SITEURL, "CNAME": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def base(published: Path) -> Iterator[str]:
    with serve(published) as url:
        yield url


def served_pages(published: Path) -> set[str]:
    """The URL of every HTML page, as published (404.html is served for missing paths)."""
    return {
        f"{SITEURL}/{path.relative_to(published).as_posix()}"
        for path in html_pages(published)
        if path.name != "404.html" or path.parent != published
    }


def test_crawl_from_the_front_page_reaches_every_page_and_nothing_is_broken(
    published: Path, base: str
) -> None:
    result = crawl(base, base)
    assert result.broken() == {}
    reached = {url.replace(base, SITEURL + "/", 1) for url in result.visited}
    reached = {url + "index.html" if url.endswith("/") else url for url in reached}
    assert served_pages(published) <= reached
    feeds = {f"{SITEURL}/{p.relative_to(published).as_posix()}" for p in published.glob("feeds/*")}
    assert feeds <= reached, "every feed is linked from a page"
    assert f"{SITEURL}/theme/css/site.css" in reached
    # Page-to-page links stay relative: the site works under any sub-path.
    index = soup(published / "index.html")
    assert not [a["href"] for a in index.select("main a[href]") if a["href"].startswith("http")]


def test_a_folder_address_is_served_like_github_pages(base: str) -> None:
    assert fetch(base.rstrip("/")).url == base  # /newsroom redirects to /newsroom/
    assert fetch(base).status == 200
    assert fetch(base + "nope.html").status == 404


def test_404_page_works_from_a_deep_missing_path(base: str) -> None:
    deep = base + DEEP_MISSING
    response = fetch(deep)
    assert response.status == 404
    page = BeautifulSoup(response.body, "html.parser")
    assert "not found" in page.find("h1").get_text().lower()
    stylesheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert stylesheets
    urls = page_urls(page)
    assert len(urls) >= 5
    for url in urls:
        if url.startswith("#"):  # the skip link: an anchor in this very page
            assert page.find(id=url[1:]) is not None, url
            continue
        local = localize(urljoin(deep, url), base)
        assert local is not None, url
        assert fetch(local).status == 200, f"{url} from {deep}"
    # The check can fail: a relative stylesheet link would resolve below the missing path.
    assert fetch(urljoin(deep, "theme/css/site.css")).status == 404


def test_canonical_and_og_url_are_absolute(published: Path) -> None:
    pages = [p for p in html_pages(published) if p != published / "404.html"]
    assert len(pages) >= 10
    for path in pages:
        expected = f"{SITEURL}/{path.relative_to(published).as_posix()}"
        page = soup(path)
        canonical = page.select('link[rel="canonical"]')
        assert [link["href"] for link in canonical] == [expected], path
        og_url = page.select('meta[property="og:url"]')
        assert [meta["content"] for meta in og_url] == [expected], path
    # The 404 page is shown at any address: it names none as its own.
    assert not soup(published / "404.html").select('link[rel="canonical"]')


def test_feeds_use_absolute_urls_and_have_their_own_ids(published: Path, base: str) -> None:
    feeds = sorted(published.glob("feeds/*.xml"))
    assert len(feeds) >= 4
    atom_ids = []
    for path in feeds:
        feed_url = f"{SITEURL}/feeds/{path.name}"
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.bozo_exception)
        links = {link.rel: link.href for link in feed.feed.links}
        assert links.get("self") == feed_url
        assert links["alternate"] == f"{SITEURL}/index.html"
        assert feed.entries
        for entry in feed.entries:
            assert entry.link.startswith(SITEURL + "/") and entry.link.endswith(".html")
            assert fetch(localize(entry.link, base)).status == 200
        tree = etree.parse(str(path))
        if path.name.endswith(".atom.xml"):
            atom_ids.append(feed.feed.id)
            assert feed.feed.id == feed_url
        else:
            guids = tree.findall(".//item/guid")
            assert guids and all(g.get("isPermaLink") == "false" for g in guids)
    assert len(set(atom_ids)) == len(atom_ids)


def test_sitemap_is_valid_and_lists_every_page_by_its_file(published: Path, base: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    sitemap = etree.parse(str(published / "sitemap.xml"))
    assert schema.validate(sitemap), schema.error_log
    locs = [loc.text for loc in sitemap.findall(".//sm:url/sm:loc", SITEMAP_NS)]
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(SITEURL + "/") and loc.endswith(".html"), loc
        assert fetch(localize(loc, base)).status == 200, loc
    assert set(locs) == served_pages(published)


def test_sitemap_schema_rejects_a_broken_sitemap() -> None:
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    broken = etree.fromstring(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://example.org/a.html</loc><changefreq>sometimes</changefreq></url>"
        b"</urlset>"
    )
    assert not schema.validate(broken)


def test_robots_txt_names_the_sitemap(published: Path, base: str) -> None:
    robots = RobotFileParser()
    robots.parse((published / "robots.txt").read_text(encoding="utf-8").splitlines())
    assert robots.site_maps() == [f"{SITEURL}/sitemap.xml"]
    assert robots.can_fetch("*", f"{SITEURL}/index.html")
    assert fetch(localize(f"{SITEURL}/sitemap.xml", base)).status == 200


def test_no_cname_unless_asked(published: Path) -> None:
    assert not (published / "CNAME").exists()


def test_custom_domain_writes_cname(tmp_path: Path) -> None:
    env = {"SITEURL": "https://news.example.org", "CNAME": "news.example.org"}
    result = build(tmp_path, settings="publishconf.py", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "CNAME").read_text(encoding="utf-8") == "news.example.org\n"
    canonical = soup(tmp_path / "index.html").select_one('link[rel="canonical"]')["href"]
    assert canonical == "https://news.example.org/index.html"
    assert "Sitemap: https://news.example.org/sitemap.xml" in (tmp_path / "robots.txt").read_text()


def test_cname_that_is_not_the_siteurl_host_is_refused(tmp_path: Path) -> None:
    env = {"SITEURL": "https://example.github.io/newsroom", "CNAME": "news.example.org"}
    result = build(tmp_path / "out", settings="publishconf.py", env=env)
    assert result.returncode != 0
    assert "SITEURL=https://news.example.org" in result.stdout + result.stderr


def test_two_publish_builds_are_byte_identical(published: Path, tmp_path: Path) -> None:
    result = build(tmp_path, settings="publishconf.py", env={"SITEURL": SITEURL, "CNAME": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_bytes(tmp_path) == tree_bytes(published)


@pytest.mark.parametrize("siteurl", [None, "", "example.github.io/newsroom"])
def test_make_publish_without_an_absolute_siteurl_fails_clearly(
    tmp_path: Path, siteurl: str | None
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    if siteurl is not None:
        env["SITEURL"] = siteurl
    output = tmp_path / "out"
    result = subprocess.run(
        ["make", "--no-print-directory", "publish", f"OUTPUTDIR={output}", "STAMP=",
         f"PELICAN={sys.executable} -m pelican"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "set SITEURL to the site's absolute address" in result.stderr
    assert not (output / "index.html").exists()
