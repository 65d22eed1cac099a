"""A draft (Status: draft) is written nowhere: not in output/, not in the published site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.sitecheck import ROOT, build

SECRET = "Embargoed until Friday"
SOURCES = {
    "articles/published.md": "Title: Out now\nDate: 2022-11-24\n\nPublished text.\n",
    "articles/draft.md": (
        f"Title: {SECRET} article\nDate: 2022-11-25\nStatus: draft\nTags: Secret\n\n{SECRET}.\n"
    ),
    "articles/draft-fr.md": (
        f"Title: {SECRET} brouillon\nDate: 2022-11-25\nStatus: draft\nSlug: embargoed-until-friday"
        f"-article\nLang: fr\n\n{SECRET}.\n"
    ),
    "pages/draft-page.md": f"Title: {SECRET} page\nStatus: draft\n\n{SECRET}.\n",
}


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("content")
    shutil.copytree(ROOT / "content" / "pages", folder / "pages")
    (folder / "articles").mkdir()
    for name, text in SOURCES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("settings", ["pelicanconf.py", "publishconf.py"])
def test_drafts_are_written_nowhere(content: Path, tmp_path: Path, settings: str) -> None:
    env = {"SITEURL": "https://example.github.io/newsroom", "CNAME": ""}
    result = build(tmp_path, content=content, settings=settings, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Processed 1 article, 2 drafts" in result.stdout
    assert "1 draft page" in result.stdout.replace("\n", " ")
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert (tmp_path / "articles" / "out-now.html").is_file()
    assert not (tmp_path / "drafts").exists()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert SECRET not in text and "embargoed" not in text, path
        assert "embargoed" not in path.name and "secret" not in path.name, path
    if settings == "publishconf.py":
        assert "out-now.html" in (tmp_path / "sitemap.xml").read_text(encoding="utf-8")


def test_without_the_setting_pelican_would_write_them(content: Path, tmp_path: Path) -> None:
    """The check above can fail: Pelican's own defaults publish drafts in drafts/."""
    extra = ["-e", 'DRAFT_SAVE_AS="drafts/{slug}.html"']
    result = build(tmp_path, content=content, extra=extra)
    assert result.returncode == 0, result.stdout + result.stderr
    assert SECRET in (tmp_path / "drafts" / "embargoed-until-friday-article.html").read_text()
