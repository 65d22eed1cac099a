"""Whole builds: danger never reaches any output file; the cache keeps pages and summary right."""

import re
import shutil
from pathlib import Path

import pytest

from tests.sitecheck import ROOT, build, tree_bytes

EVIL = """Title: Breaking <script>alert('title')</script> news </b>today
Date: 2022-11-25
Author: Someone
Summary: A standfirst <img src="x.png" onerror="alert('sum')"> <script>steal()</script> b>.
Tags: Evil

An article with a <script>alert("body")</script> tag, an
<img src="a.png" onerror="alert('img')"> image and a
[link](javascript:alert('link')) plus <a href="JavaScript:alert(2)">another</a>.

Second paragraph told AFP b>. and CTO < /b>provides.
"""
DANGER = re.compile(
    r"<script(?![^>]*application/ld\+json)|onerror|javascript:|alert\(", re.IGNORECASE
)
# The search page's own scripts: its code, its index and its stemmers, all local files.
SEARCH_SCRIPT = re.compile(r'<script src="\./[\w./-]+\.js" defer></script>')


@pytest.fixture(scope="module")
def evil_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("evil") / "content"
    shutil.copytree(ROOT / "content", folder)
    (folder / "articles" / "evil.md").write_text(EVIL, encoding="utf-8")
    return folder


def test_dangerous_markup_reaches_no_output_file(evil_content: Path, tmp_path: Path) -> None:
    result = build(tmp_path / "out", evil_content, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    files = [p for p in (tmp_path / "out").rglob("*") if p.suffix in (".html", ".xml")]
    assert any("evil" in p.name for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.name == "search.html":
            text = SEARCH_SCRIPT.sub("", text)
        assert not DANGER.search(text), (path, DANGER.search(text))
        assert "b&gt;" not in text and "&lt; /b" not in text, path
    page = (tmp_path / "out" / "articles" / "breaking-news-today.html").read_text()
    assert "Breaking news today" in re.sub(r"\s+", " ", page)
    assert "told AFP." in page and "CTO provides" in page
    assert "warning(s)" in result.stdout and "evil.md" in result.stdout + result.stderr


def test_a_strict_build_fails_on_dangerous_markup(evil_content: Path, tmp_path: Path) -> None:
    result = build(tmp_path / "out", evil_content, strict=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "evil.md" in output and "CLEAN_MARKUP_FATAL_WARNINGS" in output
    # Each warning names the line of the source it is about.
    assert "evil.md:1: title: removed the <script> element" in output
    assert "evil.md:4: summary: removed the event attribute onerror= of <img>" in output
    assert "evil.md:7: content: removed the <script> element" in output
    assert "evil.md:9: content: removed the javascript: URL" in output


def test_an_escaped_tag_in_a_summary_or_title_is_a_warning_at_its_line(tmp_path: Path) -> None:
    """Written as text (`&lt;...&gt;`), a tag with attributes is removed with a warning naming
    the file and the field's line, as in the body, so a strict build stops on it."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    (content / "articles" / "escaped.md").write_text(
        f"Title: An escaped {escaped} headline\nDate: 2022-11-25\n"
        f"Summary: A standfirst {escaped} with words.\n\nBody text {escaped} with words.\n",
        encoding="utf-8",
    )
    result = build(tmp_path / "out", content, strict=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    warning = "removed a tag with attributes, whose values may be words of the text"
    for where in ("escaped.md:1: title:", "escaped.md:3: summary:", "escaped.md:5: content:"):
        assert f"{where} {warning}: check '<img src=x onerror=alert(1)>'" in output, output


def test_ci_makes_a_build_strict_unless_the_setting_says_otherwise(
    evil_content: Path, tmp_path: Path
) -> None:
    assert build(tmp_path / "a", evil_content, env={"CI": ""}).returncode == 0
    assert build(tmp_path / "b", evil_content, env={"CI": "true"}).returncode != 0
    assert build(tmp_path / "c", evil_content, env={"CI": "true"}, strict=False).returncode == 0


SUMMARY_LINE = re.compile(r"clean_markup: .*warning\(s\)\.")


def test_warm_cached_rebuild_is_clean_and_counts_the_same(tmp_path: Path) -> None:
    """Pelican's content cache, at either layer, gives the cleaning's report and the site that
    a build without it gives, whatever content/ holds."""
    plain = build(tmp_path / "out-plain", env={}, strict=True)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    summaries, trees = [], []
    for layer in ("generator", "generator", "reader"):
        result = build(
            tmp_path / f"out-{len(trees)}",
            env={},
            strict=True,
            extra=[
                "-e",
                "CACHE_CONTENT=true",
                "LOAD_CONTENT_CACHE=true",
                f'CONTENT_CACHING_LAYER="{layer}"',
                f'CACHE_PATH="{tmp_path / layer}"',
            ],
        )
        assert result.returncode == 0, result.stdout + result.stderr
        summaries.append(SUMMARY_LINE.search(result.stdout)[0])
        trees.append(tree_bytes(tmp_path / f"out-{len(trees)}"))
    assert (tmp_path / "generator").is_dir()
    assert summaries[0] == summaries[1] == summaries[2] == SUMMARY_LINE.search(plain.stdout)[0]
    assert trees[0] == trees[1] == trees[2] == tree_bytes(ROOT / "output")
