"""Pelican's Markdown reader, memoised by the bytes of the file it reads.

Put in place of Pelican's own through the `readers_init` signal, for every extension that
Pelican's MarkdownReader serves. Without a memo in the settings it is Pelican's reader. The
class keeps Pelican's name: Pelican records it, lower-cased, as each page's `reader`.

The bytes are read through the sources' gate (source_checks.files), and a source large enough
to take a while (files.LARGE_BYTES; Python-Markdown's time grows faster than the text) is
named on one line before it is read, so a long build never looks hung.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from typing import Any

from pelican import readers
from pelican.urlwrappers import URLWrapper

from newsroom.plugins.memo import SETTING
from newsroom.plugins.source_checks.files import LARGE_BYTES, max_bytes, megabytes, read_source


def file_key(path: str, settings: Mapping[str, Any]) -> bytes:
    """The path and a digest of the bytes it holds now."""
    data = read_source(path, max_bytes(settings), inside=settings["PATH"])
    return os.fsencode(path) + b"\0" + hashlib.sha256(data).digest()


class MarkdownReader(readers.MarkdownReader):
    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        memo = self.settings.get(SETTING)
        if memo is None:
            return self._read(source_path)
        key = file_key(source_path, self.settings)
        computed: list[bool] = []

        def compute() -> tuple[str, dict[str, Any]]:
            computed.append(True)
            content, metadata = self._read(source_path)
            # Tags', categories' and authors' slugs are made on first use: made now, kept too.
            for value in metadata.values():
                for wrapper in value if isinstance(value, list) else [value]:
                    if isinstance(wrapper, URLWrapper):
                        _ = wrapper.slug
            return content, metadata

        value = memo("markdown", key, compute)
        # Pelican read the file again: edited meanwhile, what it gave belongs to no key.
        if computed and file_key(source_path, self.settings) != key:
            memo.discard("markdown", key)
        return value

    def _read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        size = os.path.getsize(source_path)
        if size >= LARGE_BYTES:
            shown = os.path.relpath(source_path, self.settings["PATH"])
            print(
                f"reading {shown} ({megabytes(size)}): large sources take a while",
                file=sys.stderr,
                flush=True,
            )
        return super().read(source_path)


def use_memoised_reader(instance: readers.Readers) -> None:
    """`readers_init`: the memoised reader wherever Pelican's Markdown reader would serve."""
    for extension, reader in list(instance.reader_classes.items()):
        if reader is readers.MarkdownReader:
            instance.reader_classes[extension] = MarkdownReader
