"""The one way a source is opened: a regular file, inside the content folder, of a sane size,
judged before a byte of it is read.

Pelican reads whatever its walk of the content folder finds, and so did every other reader of
the sources: a FIFO named `x.md` blocked the build for ever, a link to /dev/zero filled the
memory until the kernel killed the build, a link to /etc/passwd was published (or its lines
quoted in the refusal), and `ln -s . content/articles/loop` sent the walk round until the path
grew too long. Here a path is first judged by its metadata (`stat`, never a read: opening a
device can have effects of its own), then opened without waiting for a writer (O_NONBLOCK)
and judged again by the open file itself, which must be the file judged (so nothing swapped
in between is read), and at most the limit and one byte are read.

`list_files` walks the content folders as Pelican's `Generator.get_files` does, without
entering a folder that lies outside the content folder or holds the link that leads to it.

Every reader of a source goes through here: source_checks, before Pelican reads anything;
newsroom.build's digests of the content folder and its Markdown reader; the line finders of
clean_markup and site_checks; and `make import`, whose RAW file may lie anywhere (an editor's
download: no `inside`), so only the type and size rules apply to it.

Setting, with its default here:

- `SOURCE_CHECKS_MAX_BYTES`: the largest source, in bytes (1,000,000). A larger one is refused,
  with this name in the message, so an editor knows what to raise.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, BinaryIO

MAX_BYTES_SETTING = "SOURCE_CHECKS_MAX_BYTES"
# Some 200 long wire stories, built in about 3 s at worst (docs/BENCHMARK.md): Python-Markdown's
# time grows faster than the text, so a limit keeps every build short.
MAX_BYTES = 1_000_000
# From this size on, reading a source takes long enough to say so before it starts.
LARGE_BYTES = 500_000
# What a path is when it is not a regular file.
KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class Refused(Exception):  # noqa: N818  (the gate's answer, like SourceError)
    """Not a source this build may read; the message says what the path is and what to do."""


def max_bytes(settings: Mapping[str, Any] | None) -> int:
    """The largest source the settings allow."""
    value = (settings or {}).get(MAX_BYTES_SETTING, MAX_BYTES)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"{MAX_BYTES_SETTING} is {value!r}: give a whole number of bytes, such as 2000000"
        )
    return value


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _kind(mode: int) -> str | None:
    """What a path of this mode is, when it is not a regular file; None when it is one."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in KINDS if test(mode)), "a special file")


def _inside(real: str, folder: str) -> bool:
    return real == folder or real.startswith(os.path.join(folder, ""))


def _not_a_file(kind: str) -> Refused:
    return Refused(
        f"{kind}, not a regular file, so nothing was read from it: only a file is a source"
    )


def check_path(path: str, inside: str | None = None) -> os.stat_result:
    """What `path` is, judged from its metadata alone: a regular file (once every link is
    followed, inside the folder `inside` when given), or Refused."""
    try:
        found = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Refused(
                "a symbolic link that leads round in a loop: remove it or point it at a file"
            ) from None
        if error.errno == errno.ENOENT and os.path.islink(path):
            raise Refused(
                f"a symbolic link to {os.readlink(path)}, which does not exist: remove the "
                "link or point it at a file"
            ) from None
        if error.errno == errno.ENOENT:
            raise Refused("does not exist") from None
        raise Refused(f"cannot be read ({error.strerror})") from None
    if inside is not None:
        real = os.path.realpath(path)
        if not _inside(real, os.path.realpath(inside)):
            raise Refused(
                f"a symbolic link to {real}, outside the content folder, so nothing was read "
                "from it: copy the file into the content folder, or remove the link"
            )
    if kind := _kind(found.st_mode):
        raise _not_a_file(kind)
    return found


@contextmanager
def open_source(path: str, inside: str | None = None) -> Iterator[tuple[BinaryIO, int]]:
    """The file open for reading and its size, once `check_path` accepts it; the open file
    must be the one judged (a FIFO or a link swapped in meanwhile is refused, not read)."""
    judged = check_path(path, inside)
    try:
        descriptor = os.open(path, OPEN_FLAGS)
    except OSError as error:
        raise Refused(f"cannot be read ({error.strerror})") from None
    handle = os.fdopen(descriptor, "rb")
    with handle:
        opened = os.fstat(descriptor)
        if (opened.st_dev, opened.st_ino) != (judged.st_dev, judged.st_ino):
            raise Refused("was replaced while it was being read: build again")
        if kind := _kind(opened.st_mode):
            raise _not_a_file(kind)
        yield handle, opened.st_size


def _too_big(size: str, limit: int) -> Refused:
    return Refused(
        f"{size}, more than a source may hold ({limit:,} bytes): split it, or raise "
        f"{MAX_BYTES_SETTING} in pelicanconf.py"
    )


def read_source(path: str, limit: int, inside: str | None = None) -> bytes:
    """The bytes of a source, at most `limit` of them; Refused for anything else."""
    with open_source(path, inside) as (handle, size):
        if size > limit:
            raise _too_big(f"{size:,} bytes", limit)
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew after it was judged
        raise _too_big(f"more than {limit:,} bytes", limit)
    return data


def list_files(
    root: str, paths: Iterable[str], ignores: Iterable[str] = (), excludes: Iterable[str] = ()
) -> tuple[list[str], list[tuple[str, str]]]:
    """The files Pelican's `get_files(paths, excludes, extensions=False)` lists under the
    content folder `root`, relative to it; and the folders it would enter but must not, each
    with why: a link to a folder outside `root`, or to one that holds the link (a loop).

    Like Pelican, it follows links to folders, leaves out names matching IGNORE_FILES and the
    excluded folders; files are listed whatever they are (`check_path` judges them)."""
    ignored = _ignored(ignores)
    real_root = os.path.realpath(root)
    excluded: dict[str, set[str]] = {}
    for exclude in excludes:
        parent, name = os.path.split(os.path.join(root, exclude))
        excluded.setdefault(parent, set()).add(name)
    files: list[str] = []
    refused: list[tuple[str, str]] = []

    def relative(path: str) -> str:
        return os.path.relpath(path, root)

    for path in paths:
        top = os.path.join(root, path) if path else root
        if not os.path.isdir(top):
            if os.path.lexists(top) and not ignored(os.path.basename(top)):
                files.append(relative(top))
            continue
        if problem := _folder_problem(top, real_root, ()):
            refused.append((relative(top), problem))
            continue
        chains = {top: (os.path.realpath(top),)}
        for folder, folders, names in os.walk(top, followlinks=True):
            chain = chains.pop(folder)
            kept = []
            for name in sorted(folders):
                if name in excluded.get(folder, ()) or ignored(name):
                    continue
                full = os.path.join(folder, name)
                if problem := _folder_problem(full, real_root, chain):
                    refused.append((relative(full), problem))
                    continue
                chains[full] = (*chain, os.path.realpath(full))
                kept.append(name)
            folders[:] = kept
            here = relative(folder)  # once a folder: relpath is the walk's slowest call
            files += [os.path.normpath(os.path.join(here, n)) for n in names if not ignored(n)]
    return sorted(files), refused


def _ignored(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Whether a name matches one of IGNORE_FILES' patterns, as `fnmatch` tells (one regular
    expression for them all)."""
    translated = [fnmatch.translate(os.path.normcase(pattern)) for pattern in patterns]
    if not translated:
        return lambda _name: False
    match = re.compile("|".join(translated)).match
    return lambda name: match(os.path.normcase(name)) is not None


def _folder_problem(folder: str, real_root: str, chain: tuple[str, ...]) -> str | None:
    """Why the walk must not enter this folder (a link out of the content folder, or back
    to a folder on the way to it), or None."""
    if not os.path.islink(folder):
        return None  # a real folder: inside its parent, and no loop without a link
    real = os.path.realpath(folder)
    if not _inside(real, real_root):
        return (
            f"a symbolic link to the folder {real}, outside the content folder, so nothing "
            "in it was read: move the sources into the content folder, or remove the link"
        )
    if any(_inside(seen, real) for seen in chain):
        return (
            "a symbolic link to a folder that holds it, so the walk would go round without "
            "end: remove the link"
        )
    return None
