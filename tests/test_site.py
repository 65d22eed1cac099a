"""The built site as a reader sees it, for whatever content/ holds: every article, every tag,
section and author, every feed entry; and the same checks on a copy of the project into
which texts of the real corpus were imported the documented way."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import feedparser
import pytest

from newsroom.importer.cli import main
from tests.conftest import PUBLISHED_SITEURL
from tests.sitecheck import (
    ROOT,
    Built,
    build_site,
    check_archives,
    check_article_pages,
    check_links,
    check_lists,
    check_site,
    html_pages,
    is_external,
    plain_title,
    soup,
    tree_bytes,
)

# Corpus texts with a headline line, imported into a copy of the project: (file, options).
CORPUS_IMPORTS = [
    ("016_en_npr_lung_surgery_toggle_caption.txt", ["--date", "2023-05-02", "--tags", "Health"]),
    (
        "039_pt_folha_joice_control.txt",
        ["--date", "2020-10-28", "--lang", "pt", "--tags", "Brazil, Elections"],
    ),
    ("031_pt_g1_pix_related_links.txt", ["--date", "2020-11-16", "--lang", "pt"]),
    (
        "027_es_elpais_escribidor_paywall.txt",
        ["--date", "2025-04-14 18:30", "--lang", "es", "--category", "Culture"],
    ),
]


def test_every_article_page_shows_its_own_metadata(built: Built) -> None:
    assert built.articles, "content/ holds no article"
    assert check_article_pages(built) == []


def test_every_list_shows_exactly_its_articles(built: Built) -> None:
    assert check_lists(built) == []


def test_archives_list_every_article(built: Built) -> None:
    assert check_archives(built) == []


def test_every_internal_link_resolves_from_file_urls(site: Path) -> None:
    assert check_links(site) == []


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


def test_published_feeds_list_the_newest_articles_with_stable_ids_and_working_links(
    published: Built,
) -> None:
    """What a feed reader needs: entries it can tell apart and recognise again, links it can
    follow. The all-articles feeds hold the newest FEED_MAX_ITEMS; each tag has its own."""
    limit = published.settings["FEED_MAX_ITEMS"]
    newest = [plain_title(a) for a in published.articles[:limit]]
    feeds = {"feeds/all.atom.xml": newest, "feeds/all.rss.xml": newest}
    for tag, articles in published.terms("tags"):
        titles = [plain_title(a) for a in articles[:limit]]
        feeds[published.settings["TAG_FEED_ATOM"].format(slug=tag.slug)] = titles
        feeds[published.settings["TAG_FEED_RSS"].format(slug=tag.slug)] = titles
    ids: dict[str, str] = {}
    for name, titles in feeds.items():
        parsed = feedparser.parse((published.output / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert [entry.title for entry in parsed.entries] == titles, name
        for entry in parsed.entries:
            assert entry.link.startswith(PUBLISHED_SITEURL + "/"), entry.link
            target = published.output / entry.link.removeprefix(PUBLISHED_SITEURL + "/")
            assert target.is_file(), entry.link
            assert re.fullmatch(r"tag:[a-z0-9.-]+\.[a-z]+,\d{4}-\d{2}-\d{2}:/\S+", entry.id), (
                entry.id
            )
            # One id per article, in every feed that lists it.
            assert ids.setdefault(entry.link, entry.id) == entry.id
    assert len(set(ids.values())) == len(ids)


def test_committed_output_is_fresh(site: Path) -> None:
    committed = tree_bytes(ROOT / "output")
    built = tree_bytes(site)
    assert sorted(committed) == sorted(built), "output/ is stale: run `make html` and commit it"
    stale = [name for name in built if committed[name] != built[name]]
    assert not stale, f"output/ is stale in {stale}: run `make html` and commit it"


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = build_site(tmp_path / "again")
    assert tree_bytes(again.output) == tree_bytes(site)


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A copy of the project, with texts of the real corpus imported as an editor would."""
    project = tmp_path_factory.mktemp("project")  # the code is the installed newsroom package
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    # `python -m newsroom.importer FILE OPTIONS` (what `make import` runs), in this process. A slug
    # of its own for each, so an editor's import of the same text does not collide with it.
    for corpus_file, options in CORPUS_IMPORTS:
        arguments = [str(ROOT / "tests" / "corpus" / corpus_file), *options]
        arguments += ["--slug", f"corpus-test-{corpus_file[:3]}"]
        assert main([*arguments, "--articles", str(project / "content" / "articles")]) == 0
    return build_site(project / "output", settings_file=project / "pelicanconf.py")


def test_the_site_checks_hold_after_importing_corpus_texts(grown: Built) -> None:
    before = len(list((ROOT / "content" / "articles").glob("*.md")))
    assert len(grown.articles) == before + len(CORPUS_IMPORTS)
    assert check_site(grown) == []
