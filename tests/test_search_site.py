"""Search in the site built from content/: one page with a script, an index of every article."""

from __future__ import annotations

import json
from pathlib import Path

from newsroom.plugins.offline_search.index import CALLBACK
from newsroom.plugins.offline_search.text import STEMMERS
from tests.sitecheck import html_pages, soup


def read_part(site: Path, name: str) -> dict:
    text = (site / "search" / f"{name}.js").read_text(encoding="utf-8")
    prefix = f"{CALLBACK}({json.dumps(name)},"
    assert text.startswith(prefix) and text.endswith(");\n")
    return json.loads(text[len(prefix) : -3])


def used_stemmers(site: Path) -> set[str]:
    languages = read_part(site, "index")["languages"]
    return {STEMMERS[lang] for lang in languages if lang}


def test_no_page_but_the_search_page_has_a_script(site: Path) -> None:
    for path in html_pages(site):
        scripts = soup(path).find_all("script")
        code = [s for s in scripts if s.get("type") != "application/ld+json"]
        if path.relative_to(site).as_posix() != "search.html":
            assert not code, path
            continue
        sources = [s.get("src") for s in code]
        assert sources[:2] == ["./theme/js/search.js", "./search/index.js"], sources
        for script, source in zip(code, sources, strict=True):
            assert script.has_attr("defer") and not script.string, script
            assert source.startswith(("./theme/", "./search/")) and (site / source).is_file()
        stemmers = sorted(source.rsplit("/", 1)[1].split("-")[0] for source in sources[2:])
        assert stemmers == sorted(f"{lang}" for lang in used_stemmers(site))


def test_every_listed_article_is_in_the_index_under_its_headline(site: Path) -> None:
    meta = read_part(site, "index")
    docs = [read_part(site, f"d/{number}") for number in range(meta["documents"])]
    indexed = {(site / doc["url"]).resolve(): doc["title"] for doc in docs}
    listed = sorted((site / "articles").glob("*.html"))
    assert listed and len(indexed) >= len(listed)
    for page in listed:
        assert indexed[page] == soup(page).find("h1").get_text(strip=True)
