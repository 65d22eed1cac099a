"""A file a plugin writes is the last build's file only when that holds the same bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsroom.plugins.output import SETTING, write_output

DATA = b"newsroomSearch.put('d/0', {});\n"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    last, new = tmp_path / "last", tmp_path / "new"
    (last / "search" / "d").mkdir(parents=True)
    new.mkdir()
    (last / "search" / "d" / "0.js").write_bytes(DATA)
    return last, new


def written(folders: tuple[Path, Path], data: bytes = DATA) -> tuple[Path, Path]:
    last, new = folders
    write_output({SETTING: str(last)}, str(new), "search/d/0.js", data)
    return last / "search" / "d" / "0.js", new / "search" / "d" / "0.js"


def test_the_same_bytes_are_the_last_builds_file(folders: tuple[Path, Path]) -> None:
    old, made = written(folders)
    assert made.read_bytes() == DATA
    assert os.path.samefile(old, made)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda old: old.write_bytes(DATA[:-1] + b" "), id="other bytes"),
        pytest.param(lambda old: old.write_bytes(DATA + b"\n"), id="longer"),
        pytest.param(lambda old: old.unlink(), id="none"),
        pytest.param(lambda old: old.chmod(0o755), id="another mode"),
    ],
)
def test_anything_else_is_written_anew(folders: tuple[Path, Path], change: object) -> None:
    old = folders[0] / "search" / "d" / "0.js"
    change(old)  # type: ignore[operator]
    before = old.read_bytes() if old.exists() else None
    old, made = written(folders)
    assert made.read_bytes() == DATA
    assert not (old.exists() and os.path.samefile(old, made))
    assert (old.read_bytes() if old.exists() else None) == before  # the last build untouched


def test_a_link_in_the_last_build_is_not_followed(folders: tuple[Path, Path]) -> None:
    last, _new = folders
    outside = last.parent / "outside.js"
    outside.write_bytes(DATA)
    old = last / "search" / "d" / "0.js"
    old.unlink()
    old.symlink_to(outside)
    _old, made = written(folders)
    assert not made.is_symlink() and made.read_bytes() == DATA
    assert not os.path.samefile(outside, made)


def test_different_bytes_and_plain_pelican_write_the_file(folders: tuple[Path, Path]) -> None:
    old, made = written(folders, b"other")
    assert made.read_bytes() == b"other" and old.read_bytes() == DATA
    made.unlink()
    write_output({}, str(folders[1]), "search/d/0.js", DATA)  # no last build
    assert made.read_bytes() == DATA and not os.path.samefile(old, made)
