"""Pelican's Markdown reader, memoised by the bytes of the file it reads.

Put in place of Pelican's own through the `readers_init` signal, for every extension that
Pelican's MarkdownReader serves. Without a memo in the settings it is Pelican's reader. The
class keeps Pelican's name: Pelican records it, lower-cased, as each page's `reader`.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from pelican import readers

from newsroom_build.memo import SETTING


def file_key(path: str) -> bytes:
    """The path and a digest of the bytes it holds now."""
    with open(path, "rb") as handle:
        data = handle.read()
    return source_key(path, hashlib.sha256(data).digest())


def source_key(path: str, sha256: bytes) -> bytes:
    """The memo key of a source whose bytes have this SHA-256 digest."""
    return os.fsencode(path) + b"\0" + sha256


class MarkdownReader(readers.MarkdownReader):
    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        memo = self.settings.get(SETTING)
        if memo is None:
            return super().read(source_path)
        key = file_key(source_path)
        value = memo("markdown", key, lambda: super(MarkdownReader, self).read(source_path))
        if file_key(source_path) != key:  # edited while it was read: keep no memo of it
            memo.discard("markdown", key)
        return value


def use_memoised_reader(instance: readers.Readers) -> None:
    """`readers_init`: the memoised reader wherever Pelican's Markdown reader would serve."""
    for extension, reader in list(instance.reader_classes.items()):
        if reader is readers.MarkdownReader:
            instance.reader_classes[extension] = MarkdownReader
