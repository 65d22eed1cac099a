"""Files a plugin writes itself into the output folder (the search index, photos' sizes).

Creating a file is dear on a slow disk (0.03 to 0.5 ms a file on the benchmark's machine,
a hard link 0.013 ms; docs/BENCHMARK.md), and most of these files are
the same from build to build: one edited article changes one of the search index's 5,000
article files. newsroom.build names the last build's output folder in the setting SETTING
(absent under plain Pelican, and then every file is written); a file whose bytes are the
ones the last build left at the same place is linked from there instead of written again.
The bytes are compared, never assumed, so the output is the same either way.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Mapping
from typing import Any

SETTING = "BUILD_LAST_OUTPUT"


def write_output(settings: Mapping[str, Any], root: str, relative: str, data: bytes) -> None:
    """Put `data` at `root`/`relative` (a path with `/`), making its folders."""
    parts = relative.split("/")
    target = os.path.join(root, *parts)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    last = settings.get(SETTING)
    if last is not None and _linked(os.path.join(last, *parts), target, data):
        return
    with open(target, "wb") as handle:
        handle.write(data)


def _linked(old: str, target: str, data: bytes) -> bool:
    """Link `old` at `target` if it is a regular file holding `data`, as a new file would be."""
    try:
        descriptor = os.open(old, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    with os.fdopen(descriptor, "rb") as file:
        found = os.fstat(descriptor)
        if (
            not stat.S_ISREG(found.st_mode)
            or stat.S_IMODE(found.st_mode) != _new_file_mode()
            or found.st_size != len(data)
            or file.read(len(data) + 1) != data
        ):
            return False
    try:
        os.link(old, target, follow_symlinks=False)
    except OSError:  # another file system, too many links: written instead
        return False
    linked = os.lstat(target)
    if (linked.st_dev, linked.st_ino) == (found.st_dev, found.st_ino):
        return True
    os.unlink(target)  # `old` was replaced since it was read
    return False


@functools.cache
def _new_file_mode() -> int:
    """The mode `open(..., "wb")` gives a new file: a linked one must not differ."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
