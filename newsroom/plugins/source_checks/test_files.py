"""The gate every source goes through: a regular file inside the content folder, of at most the
limit, judged without reading anything else (a FIFO would block, /dev/zero never ends)."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pelican.generators import Generator
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG

from newsroom.plugins.source_checks import files
from newsroom.plugins.source_checks.files import (
    Refused,
    check_path,
    list_files,
    max_bytes,
    read_source,
)

SECRET = "root:x:0:0:root:/root:/bin/bash\n"


def finishes(action: Callable[[], object], seconds: float = 10) -> object:
    """What `action` gives or raises, or a failure if it blocks (a FIFO opened to be read)."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(action())
        except Exception as error:  # noqa: BLE001  (handed to the test)
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s: it blocked on what it was given"
    return outcome[0]


def refusal(path: Path, limit: int = 1000, inside: Path | None = None) -> str:
    result = finishes(lambda: read_source(str(path), limit, inside=str(inside) if inside else None))
    assert isinstance(result, Refused), result
    return str(result)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "story.md").write_text("Title: T\n\nText.\n", encoding="utf-8")
    (tmp_path / "passwd").write_text(SECRET, encoding="utf-8")
    return folder


def test_a_regular_file_is_read_up_to_the_limit(content: Path) -> None:
    story = content / "articles" / "story.md"
    size = story.stat().st_size
    assert read_source(str(story), size, inside=str(content)) == story.read_bytes()
    message = refusal(story, limit=size - 1)
    assert f"{size:,} bytes" in message and f"{size - 1:,} bytes" in message
    assert "SOURCE_CHECKS_MAX_BYTES" in message


def test_a_fifo_is_refused_without_waiting_for_a_writer(content: Path) -> None:
    fifo = content / "articles" / "pipe.md"
    os.mkfifo(fifo)
    assert refusal(fifo).startswith("a named pipe (FIFO), not a regular file")
    with pytest.raises(Refused, match="FIFO"):
        check_path(str(fifo))


def test_devices_are_refused_without_being_read(content: Path) -> None:
    assert refusal(Path("/dev/zero")).startswith("a character device")
    link = content / "articles" / "zero.md"
    link.symlink_to("/dev/zero")
    assert refusal(link).startswith("a character device")
    assert "outside the content folder" in refusal(link, inside=content)


def test_a_socket_and_a_folder_are_refused(content: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(content / "articles" / "s.md"))
        assert refusal(content / "articles" / "s.md").startswith("a socket")
    assert refusal(content / "articles").startswith("a folder")


def test_a_link_out_of_the_content_folder_is_refused_and_never_quoted(content: Path) -> None:
    link = content / "articles" / "passwd.md"
    link.symlink_to(content.parent / "passwd")
    message = refusal(link, inside=content)
    assert "outside the content folder" in message
    assert "root:" not in message
    # The same file through a linked folder on the way to it.
    (content / "elsewhere").symlink_to(content.parent)
    assert "outside the content folder" in refusal(content / "elsewhere" / "passwd", inside=content)


def test_a_link_inside_the_content_folder_is_followed(content: Path) -> None:
    link = content / "alias.md"
    link.symlink_to(Path("articles") / "story.md")
    assert read_source(str(link), 1000, inside=str(content)).startswith(b"Title: T")


def test_dangling_and_looping_links_are_refused(content: Path) -> None:
    (content / "gone.md").symlink_to("missing.md")
    assert "missing.md, which does not exist" in refusal(content / "gone.md")
    (content / "self.md").symlink_to("self.md")
    assert "loop" in refusal(content / "self.md")


def test_a_file_replaced_after_it_was_judged_is_not_read(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Judged, then opened: the open file must be the judged one (a FIFO swapped in between
    would otherwise be read)."""
    other = os.stat(content.parent / "passwd")
    monkeypatch.setattr(files, "check_path", lambda path, inside=None: other)
    assert "replaced while it was being read" in refusal(content / "articles" / "story.md")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = content / "articles" / "story.md"
    small = os.stat(story)
    with story.open("ab") as handle:
        handle.write(b"x" * 5000)
    monkeypatch.setattr(files.os, "fstat", lambda fd: small)  # the size it had when judged
    assert "more than 1,000 bytes" in refusal(story, limit=1000)


@pytest.mark.parametrize("value", ["1MB", 0, -5, 1.5, True, None])
def test_the_limit_setting_must_be_a_number_of_bytes(value: object) -> None:
    with pytest.raises(ValueError, match="SOURCE_CHECKS_MAX_BYTES"):
        max_bytes({"SOURCE_CHECKS_MAX_BYTES": value})
    assert max_bytes({}) == files.MAX_BYTES
    assert max_bytes({"SOURCE_CHECKS_MAX_BYTES": 5}) == 5


class Lister(Generator):
    """Pelican's own Generator.get_files, with only what it needs."""

    def __init__(self, path: Path) -> None:
        self.settings = {**DEFAULT_CONFIG, "IGNORE_FILES": [".*"]}
        self.path = str(path)
        self.readers = Readers(self.settings)


def test_the_walk_lists_what_pelican_lists(content: Path) -> None:
    articles = content / "articles"
    for name in ("a/b/deep.md", "a/notes.txt", ".hidden/x.md", "a/.swp", "skip/y.md", "z.md"):
        (articles / name).parent.mkdir(parents=True, exist_ok=True)
        (articles / name).write_text("x", encoding="utf-8")
    (content / "shared").mkdir()
    (content / "shared" / "s.md").write_text("x", encoding="utf-8")
    (articles / "linked").symlink_to(content / "shared")  # a linked folder inside: followed
    excludes = ["articles/skip"]
    pelican = Lister(content).get_files(["articles", "shared"], exclude=excludes, extensions=False)
    listed, refused = list_files(str(content), ["articles", "shared"], [".*"], excludes)
    assert listed == sorted(os.path.normpath(path) for path in pelican)
    assert "articles/linked/s.md" in listed and refused == []


@pytest.mark.parametrize("target", [".", "..", "../articles"])
def test_a_link_that_loops_is_one_refused_folder_and_no_phantom_file(
    content: Path, target: str
) -> None:
    (content / "articles" / "loop").symlink_to(target)
    listed, refused = list_files(str(content), ["articles"])
    assert listed == ["articles/story.md"]
    assert [folder for folder, _why in refused] == ["articles/loop"]
    assert "holds it" in refused[0][1]


def test_links_between_two_folders_are_loops(content: Path) -> None:
    (content / "a").mkdir()
    (content / "b").mkdir()
    (content / "a" / "to-b").symlink_to("../b")
    (content / "b" / "to-a").symlink_to("../a")
    listed, refused = list_files(str(content), ["a"])
    assert listed == [] and [folder for folder, _why in refused] == ["a/to-b/to-a"]


def test_a_linked_folder_outside_is_not_entered(content: Path) -> None:
    (content / "articles" / "etc").symlink_to(content.parent)
    listed, refused = list_files(str(content), ["articles"])
    assert listed == ["articles/story.md"]
    assert refused == [("articles/etc", refused[0][1])]
    assert "outside the content folder" in refused[0][1]
