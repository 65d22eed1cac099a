"""A broken source stops `make html` with a message that names the file and the line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.buildsite import build_command, error_lines, run_bounded
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


def make_html(content: Path, output: Path, *variables: str) -> subprocess.CompletedProcess[str]:
    """`make html` as an editor runs it; a hang or a read without end fails the test."""
    command = ["make", "--no-print-directory", "html", f"INPUTDIR={content}", f"OUTPUTDIR={output}"]
    return run_bounded([*command, *variables])


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


# --- files that are not sources -------------------------------------------------------------
# Each is named as file:1 and the build stops before Pelican walks a folder or opens a file:
# nothing is read from it (a FIFO would block the build for ever, /dev/zero never ends).


def problem_lines(output: str) -> list[str]:
    """The problems listed, without the last line saying the build failed."""
    return [line for line in error_lines(output) if "the build failed" not in line]


@pytest.mark.parametrize("full", [False, True], ids=["make html", "make html FULL=1"])
def test_a_fifo_is_named_and_the_build_ends(content: Path, tmp_path: Path, full: bool) -> None:
    os.mkfifo(content / "articles" / "pipe.md")
    result = make_html(content, tmp_path / "out", *(["FULL=1"] if full else []))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert problem_lines(output) == [
        f"error: {content}/articles/pipe.md:1: a named pipe (FIFO), not a regular file, so "
        "nothing was read from it: only a file is a source"
    ], output
    assert not (tmp_path / "out").exists()


def test_a_link_to_dev_zero_is_named_without_reading_it(content: Path, tmp_path: Path) -> None:
    (content / "articles" / "zero.md").symlink_to("/dev/zero")
    result = make_html(content, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    (line,) = problem_lines(output)
    assert "articles/zero.md:1: a symbolic link to /dev/zero, outside the content folder" in line


def test_a_link_to_its_own_folder_is_one_problem(content: Path, tmp_path: Path) -> None:
    """`ln -s . content/articles/loop`: one line, not a source for each turn of the loop."""
    (content / "articles" / "loop").symlink_to(".")
    result = make_html(content, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert problem_lines(output) == [
        f"error: {content}/articles/loop:1: a symbolic link to a folder that holds it, so the "
        "walk would go round without end: remove the link"
    ], output


def test_links_inside_the_content_folder_are_sources(content: Path, tmp_path: Path) -> None:
    """A link to a file, or to a folder, that stays in the content folder is followed."""
    (content / "kept").mkdir()
    (content / "kept" / "linked.md").write_text(GOOD.replace("A good", "A linked"), "utf-8")
    (content / "articles" / "linked.md").symlink_to(Path("..") / "kept" / "linked.md")
    (content / "shared" / "world").mkdir(parents=True)
    (content / "shared" / "world" / "w.md").write_text(GOOD.replace("A good", "A world"), "utf-8")
    (content / "articles" / "world").symlink_to(content / "shared" / "world")
    result = make_html(content, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("a-good-article", "a-linked-article", "a-world-article"):
        assert (tmp_path / "out" / "articles" / f"{page}.html").is_file(), page


PARAGRAPH = (
    "The main ports on the coast reopened on Monday after three days of closure, and more "
    "than forty ships that had waited offshore began to unload their cargo, officials said.\n\n"
)


def article_of(size: int, title: str) -> bytes:
    """An article of realistic prose of exactly `size` bytes."""
    head = f"Title: {title}\nDate: 2022-11-24\n\n".encode()
    body = PARAGRAPH.encode() * (size // len(PARAGRAPH) + 1)
    return (head + body)[: size - 1] + b"\n"


def test_a_source_at_the_limit_builds_and_one_byte_over_is_refused(
    content: Path, tmp_path: Path
) -> None:
    """The limit is SOURCE_CHECKS_MAX_BYTES, 1,000,000 bytes by default; the message says how to
    raise it, and raising it takes the file."""
    (content / "articles" / "at.md").write_bytes(article_of(1_000_000, "At the limit"))
    result = make_html(content, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    # Reading it takes a while: the build says so before it starts.
    assert "reading articles/at.md (1.0 MB): large sources take a while" in result.stderr
    (content / "articles" / "over.md").write_bytes(article_of(1_000_001, "Over the limit"))
    result = make_html(content, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert problem_lines(output) == [
        f"error: {content}/articles/over.md:1: 1,000,001 bytes, more than a source "
        "may hold (1,000,000 bytes): split it, or raise SOURCE_CHECKS_MAX_BYTES in pelicanconf.py"
    ], output
    raised = make_html(content, tmp_path / "out", "PELICANOPTS=-e SOURCE_CHECKS_MAX_BYTES=1000001")
    assert raised.returncode == 0, raised.stdout + raised.stderr
    assert (tmp_path / "out" / "articles" / "over-the-limit.html").is_file()


def test_pages_and_static_files_are_judged_before_pelican_copies_or_reads_them(
    content: Path, tmp_path: Path
) -> None:
    """A FIFO among the pages, and among static files (STATIC_PATHS, which Pelican copies as
    they are: a FIFO would block the copy, a link out of content/ would publish its target)."""
    os.mkfifo(content / "pages" / "pipe.md")
    (content / "images").mkdir()
    os.mkfifo(content / "images" / "pipe.png")
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (content / "images" / "passwd.txt").symlink_to(tmp_path / "passwd")
    result = run_bounded(build_command(content, tmp_path / "out", "-e", 'STATIC_PATHS=["images"]'))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert sorted(line.split(": ", 2)[1] for line in problem_lines(output)) == [
        f"{content}/images/passwd.txt:1",
        f"{content}/images/pipe.png:1",
        f"{content}/pages/pipe.md:1",
    ], output
    assert "root:x" not in output and not (tmp_path / "out").exists()
