"""Search in the site built from content/: one page with a script, an index of every article."""

from __future__ import annotations

import json
from pathlib import Path

from offline_search.index import CALLBACK
from tests.sitecheck import html_pages, resolve_file_url, soup


def read_part(site: Path, name: str) -> dict:
    text = (site / "search" / f"{name}.js").read_text(encoding="utf-8")
    prefix = f"{CALLBACK}({json.dumps(name)},"
    assert text.startswith(prefix) and text.endswith(");\n")
    return json.loads(text[len(prefix) : -3])


def test_no_page_but_the_search_page_has_a_script(site: Path) -> None:
    for path in html_pages(site):
        scripts = soup(path).find_all("script")
        code = [s for s in scripts if s.get("type") != "application/ld+json"]
        if path.relative_to(site).as_posix() == "search.html":
            assert [s.get("src") for s in code] == ["./theme/js/search.js"]
            assert code[0].has_attr("defer") and not code[0].string
            assert (site / "theme" / "js" / "search.js").is_file()
        else:
            assert not code, path


def test_every_listed_article_is_in_the_index_under_its_headline(site: Path) -> None:
    meta = read_part(site, "index")
    docs = [read_part(site, f"d/{number}") for number in range(meta["documents"])]
    indexed = {(site / doc["url"]).resolve(): doc["title"] for doc in docs}
    archives = site / "archives.html"
    listed = [resolve_file_url(archives, a["href"]) for a in soup(archives).select("main li a")]
    assert listed and len(indexed) >= len(listed)
    for page in listed:
        assert indexed[page] == soup(page).find("h1").get_text(strip=True)
