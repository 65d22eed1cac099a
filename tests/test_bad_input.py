"""A broken source stops `make html` with a message that names the file and the line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.sitecheck import ROOT

GOOD = "Title: A good article\nDate: 2022-11-24\nAuthor: Someone\n\nIts text.\n"
CASES = {
    "no-title": (b"Date: 2022-11-24\nAuthor: Someone\n\nText.\n", "no-title.md:1", "Title"),
    "bad-date": (b"Title: T\nDate: 2022-13-45\n\nText.\n", "bad-date.md:2", "not a valid date"),
    "latin-1": (
        b"Title: T\nDate: 2022-11-24\n\nCaf\xe9 au lait.\n",
        "latin-1.md:4",
        "not valid UTF-8",
    ),
    "empty": (b"", "empty.md:1", "empty"),
}


def make_html(content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "html", f"INPUTDIR={content}", f"OUTPUTDIR={output}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "articles").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "pages", folder / "pages")
    (folder / "articles" / "good.md").write_text(GOOD, encoding="utf-8")
    return folder


def test_good_sources_build(content: Path, tmp_path: Path) -> None:
    result = make_html(content, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out" / "articles" / "a-good-article.html").is_file()


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_source_fails_the_build_naming_file_and_line(
    case: str, content: Path, tmp_path: Path
) -> None:
    data, location, message = CASES[case]
    (content / "articles" / f"{case}.md").write_bytes(data)
    result = make_html(content, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert location in output, output
    assert message in output, output


def test_sources_in_another_format_are_named_not_skipped(content: Path, tmp_path: Path) -> None:
    others = ["articles/notes.rst", "articles/page.html", "articles/story.txt", "pages/x.markdown"]
    for name in others:
        (content / name).write_text("Title: T\nDate: 2022-11-24\n\nText.\n", encoding="utf-8")
    result = make_html(content, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for name in others:
        assert f"{name}:1: only Markdown sources (.md) are built" in output, output
    assert not (tmp_path / "out").exists()
