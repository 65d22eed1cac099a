"""A saved web page brings its photos along: what the browser saved in the page's `_files`
folder becomes the article's photos, with alt text, caption and credit; nothing else is taken."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsroom.synthetic import camera_jpeg
from tests.sitecheck import ROOT, build, soup
from tests.test_import import run

PAGE = """<!DOCTYPE html><html><head><title>Ports reopen after the storm</title>
<meta name="author" content="Ana Silva">
<meta property="article:published_time" content="2023-01-02T10:00:00Z"></head>
<body><main><article><h1>Ports reopen after the storm</h1>
<p>The three ports on the coast reopened on Monday, two days after the storm closed them, the
harbour authority said in a statement.</p>
<figure><img src="story_files/quay.jpg" alt="Dock workers return to the quay">
<figcaption>Dock workers on the quay on Monday. Photo: João Lima/Reuters</figcaption></figure>
<p>Ships waiting offshore began to enter the harbour in the afternoon, and the first
containers were unloaded before nightfall.</p>
<figure><img src="https://cdn.other.example/crane.jpg" alt="A crane"></figure>
<p>The authority said the damage to the cranes was lighter than feared and that all of them
would work again by the end of the week.</p>
<figure><img src="../outside.jpg" alt="A file beside the folder"></figure>
<p>Fishermen, who had kept their boats in the river mouth during the storm, went back to sea
on Tuesday morning.</p>
</article></main></body></html>"""
SLUG = "ports-reopen-after-the-storm"


def saved_page(tmp_path: Path) -> Path:
    folder = tmp_path / "saved" / "inner"
    (folder / "story_files").mkdir(parents=True)
    (folder / "story_files" / "quay.jpg").write_bytes(camera_jpeg(1600, 1000))
    (folder.parent / "outside.jpg").write_bytes(camera_jpeg(400, 300))
    page = folder / "story.html"
    page.write_text(PAGE, encoding="utf-8")
    return page


def test_a_saved_page_brings_its_photo_with_caption_and_credit(capsys, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    code, out, err = run(capsys, saved_page(tmp_path), "--articles", content / "articles")
    assert code == 0, err
    assert "https://cdn.other.example/crane.jpg" in out and "../outside.jpg" in out  # left out
    copied = content / "images" / SLUG / "quay.jpg"
    assert copied.read_bytes() == (tmp_path / "saved/inner/story_files/quay.jpg").read_bytes()
    text = (content / "articles" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert (
        f"![Dock workers return to the quay]({{static}}/images/{SLUG}/quay.jpg "
        '"Dock workers on the quay on Monday.|João Lima/Reuters")'
    ) in text
    output = tmp_path / "output"
    result = build(output, content)
    assert result.returncode == 0, result.stdout + result.stderr
    figure = soup(output / "articles" / f"{SLUG}.html").select_one("figure.photo")
    assert figure.img["alt"] == "Dock workers return to the quay"
    assert figure.figcaption.get_text(" ", strip=True) == (
        "Dock workers on the quay on Monday. João Lima/Reuters"
    )
    assert not list(output.rglob("quay.jpg")) and not list(output.rglob("outside*"))


def test_a_dry_run_copies_no_photo(capsys, tmp_path: Path) -> None:
    articles = tmp_path / "content" / "articles"
    code, out, err = run(capsys, saved_page(tmp_path), "--articles", articles, "--dry-run")
    assert code == 0, err
    assert "{static}/images/" in out and not (tmp_path / "content" / "images").exists()
