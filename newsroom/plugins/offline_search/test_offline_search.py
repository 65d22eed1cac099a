"""The plugin in a real build of the search fixture site (tests/search_site)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import pelicanconf
from newsroom.plugins.offline_search.index import CALLBACK
from tests.sitecheck import ROOT, build, html_pages, resolve_file_url, soup, tree_bytes

FIXTURE = ROOT / "tests" / "search_site"


def index_files(site: Path) -> dict[str, object]:
    """Every index file of a built site, by name, read back from its JavaScript call."""
    files = {}
    for path in sorted((site / "search").rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(site / "search").with_suffix("").as_posix()
        prefix = f"{CALLBACK}({json.dumps(name)},"
        assert text.startswith(prefix) and text.endswith(");\n"), path
        files[name] = json.loads(text[len(prefix) : -3])
    return files


def sources() -> list[dict[str, str]]:
    found = []
    for path in sorted(FIXTURE.rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        found.append(dict(re.findall(r"^(\w+): (.*)$", head, re.MULTILINE)))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("search-fixture")
    result = build(output, content=FIXTURE)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def test_every_published_article_is_indexed_with_its_cleaned_text(built: Path) -> None:
    files = index_files(built)
    published = [s for s in sources() if s.get("Status", "published") == "published"]
    assert files["index"]["documents"] == len(published) == 8
    assert files["index"]["languages"] == ["de", "en", "es", "fr", "pt"]
    for number in range(len(published)):
        doc = files[f"d/{number}"]
        page = resolve_file_url(built / "search.html", doc["url"])
        assert page is not None and page.is_file(), doc["url"]
        article = soup(page)
        assert doc["title"] == article.find("h1").get_text(strip=True)
        assert doc["standfirst"] in article.get_text(" ")
        body = " ".join(article.find(class_="article-body").get_text(" ").split())
        assert doc["text"].split(" ")[:5] == body.split(" ")[:5]
        assert doc["lang"] == article.find("html")["lang"]
    dates = [files[f"d/{number}"]["date"] for number in range(len(published))]
    assert dates == sorted(dates)


def test_drafts_and_hidden_articles_are_not_indexed(built: Path) -> None:
    for path in (built / "search").rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert "quokka" not in text and "wombat" not in text, path


def test_every_page_has_the_search_form_in_its_navigation(built: Path) -> None:
    for path in html_pages(built):
        nav = soup(path).find("nav", attrs={"aria-label": "Site"})
        if path.name == "search.html":
            link = nav.find("a", attrs={"aria-current": "page"})
            assert link.get_text() == "Search" and not nav.find("form")
            continue
        form = nav.find("form", attrs={"role": "search"})
        assert form is not None and form["method"] == "get", path
        assert resolve_file_url(path, form["action"]) == (built / "search.html").resolve()
        field = form.find("input", attrs={"name": "q"})
        assert field["type"] == "search"
        assert form.find("label", attrs={"for": field["id"]}), path


def test_search_page_says_what_to_do_without_javascript(built: Path) -> None:
    page = soup(built / "search.html")
    fallback = page.find("noscript")
    assert "needs JavaScript" in fallback.get_text()
    targets = {resolve_file_url(built / "search.html", a["href"]) for a in fallback.find_all("a")}
    assert {(built / "archives.html").resolve(), (built / "tags.html").resolve()} <= targets
    form = page.find("form", id="search-form")
    assert form["method"] == "get" and form.find("input", attrs={"name": "q", "type": "search"})


def test_rebuilding_gives_the_same_index(built: Path, tmp_path: Path) -> None:
    result = build(tmp_path, content=FIXTURE)
    assert result.returncode == 0, result.stderr
    assert tree_bytes(tmp_path / "search") == tree_bytes(built / "search")


def test_without_the_plugin_there_is_no_search(tmp_path: Path) -> None:
    others = [name for name in pelicanconf.PLUGINS if name != "newsroom.plugins.offline_search"]
    result = build(tmp_path, content=FIXTURE, extra=["-e", f"PLUGINS={json.dumps(others)}"])
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "search.html").exists() and not (tmp_path / "search").exists()
    for path in html_pages(tmp_path):
        assert not soup(path).find("form"), path


def test_the_index_folder_must_be_a_plain_name(tmp_path: Path) -> None:
    result = build(tmp_path, content=FIXTURE, extra=["-e", 'OFFLINE_SEARCH_PATH="../outside"'])
    assert result.returncode != 0
    assert "OFFLINE_SEARCH_PATH" in result.stdout + result.stderr
    assert not (tmp_path.parent / "outside").exists()
