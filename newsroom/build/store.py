"""The build's cache folder beside the output: one SQLite database, `cache.sqlite3`.

It holds two tables, each written in transactions, so a build killed at any moment (SIGKILL
included) leaves either the old rows or the new ones, never a half-written cache:

- `memo`: results of pure per-source work (a source's checks, its Markdown, its cleaning, its
  search terms), keyed by a hash of everything they were computed from. A row is a fact
  ("these bytes give this HTML") whatever happened to the build that made it, so rows are
  committed as soon as they exist. The whole table belongs to one set of content inputs (the
  settings, the code, the packages: inputs.py) and is emptied when they change.
- `meta`: the manifest of the output folder the last finished build left (each file's digest,
  size, mtime, ctime and inode, to tell whether the folder is still what the build left
  there), each page's recorded reads (writer.py), the inputs they were made from
  (inputs.py), and the sources they read.

SQLite keeps no checksum of what it stores, so every value carries its own.

A cache that cannot be read (not a database, a damaged one, a value whose checksum fails) is
set aside, renamed `cache.sqlite3.damaged` with its journal files, and replaced by an empty
one: `damage` says why, the build says so on one line, and what the cache would have saved
is computed again. A build never stops on its cache.

The manifest is committed only after the new output folder was swapped in; a build killed
between the swap and the commit leaves a manifest that no longer matches the folder, which the
next build sees (the folder's marker is not the one recorded) and answers with a full build.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from newsroom.build.folders import CACHE_FILES
from newsroom.paths import shown

# Raise when the layout of the tables or of what they hold changes: an older cache is then
# thrown away rather than misread.
FORMAT = 7
DATABASE = CACHE_FILES
DAMAGED = ".damaged"
# SQLite keeps no checksum of what it stores: each memo value carries its own.
CHECKSUM_BYTES = 16
T = TypeVar("T")


class Damaged(Exception):
    """A value read from the cache is not what was written."""


def _checksum(value: bytes) -> bytes:
    return hashlib.blake2b(value, digest_size=CHECKSUM_BYTES).digest()


def _checked(value: bytes) -> bytes:
    """A value as stored: its checksum, then its bytes."""
    return _checksum(value) + value


def _unchecked(row: bytes) -> bytes:
    checksum, value = row[:CHECKSUM_BYTES], row[CHECKSUM_BYTES:]
    if _checksum(value) != checksum:
        raise Damaged("a stored value does not match its checksum")
    return value


def _guarded(default: Callable[[], T]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A Store method that sets the cache aside when it cannot be read, answering `default()`
    (nothing known) instead of failing the build."""

    def decorate(method: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(method)
        def guarded(self: Store, *args: Any) -> T:
            try:
                return method(self, *args)
            except Exception as error:  # SQLite's errors, a text or a pickle that is not one
                self.set_aside(error)
                return default()

        return guarded

    return decorate


SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS memo (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID;
"""


# What changes whenever a file's bytes do: (device, inode, size, mtime, ctime); no tool sets
# a ctime back. The manifest keeps each output file's stamp and digest, by its path.
Stamp = tuple[int, int, int, int, int]
Manifest = dict[str, tuple[Stamp, bytes | None]]


def stamp(stat: os.stat_result) -> Stamp:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


class Store:
    """The cache database of one output folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / DATABASE
        # Why the cache was set aside during this session, until the build has said it.
        self.damage: str | None = None
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self.connection = self._open(self.path)
        except Exception as error:  # not a database, or not one this code wrote
            self._move_aside(error)
            self.connection = self._open(self.path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(path, isolation_level=None)
        try:  # a page holds a memo value whole (a few kB): lookups read one page, not a chain
            connection.execute("PRAGMA page_size = 65536")
            connection.executescript(SCHEMA)
            found = connection.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
            # The manifest is rewritten whole each build; a write-ahead log keeps readers fast.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            if found is None or pickle.loads(_unchecked(found[0])) != FORMAT:
                with transaction(connection):
                    for table in ("meta", "memo"):
                        connection.execute(f"DELETE FROM {table}")
                    format_row = ("format", _checked(pickle.dumps(FORMAT)))
                    connection.execute("INSERT INTO meta VALUES (?, ?)", format_row)
        except BaseException:
            connection.close()
            raise
        return connection

    def _move_aside(self, error: BaseException) -> None:
        """Rename the database and its journal files `*.damaged`, leaving room for a new one."""
        for suffix in ("", "-wal", "-shm"):
            path = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(FileNotFoundError):
                os.replace(path, self.path.with_name(self.path.name + DAMAGED + suffix))
        reason = str(error) or type(error).__name__
        self.damage = (
            f"the build cache {shown(self.path)} could not be read ({reason}): it was set aside as "
            f"{self.path.name}{DAMAGED} and a new one started"
        )

    def set_aside(self, error: BaseException) -> None:
        """The cache cannot be trusted: move it aside and go on with an empty one."""
        with contextlib.suppress(sqlite3.Error):
            self.connection.close()
        self._move_aside(error)
        self.connection = self._open(self.path)

    def close(self) -> None:
        self.connection.close()

    # --- meta -------------------------------------------------------------------------------

    @_guarded(lambda: None)
    def get(self, name: str) -> Any:
        row = self.connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else pickle.loads(_unchecked(row[0]))

    # --- memo -------------------------------------------------------------------------------

    @_guarded(lambda: None)
    def memo_get(self, key: bytes) -> bytes | None:
        row = self.connection.execute("SELECT value FROM memo WHERE key = ?", (key,)).fetchone()
        return None if row is None else _unchecked(row[0])

    @_guarded(lambda: None)
    def memo_put(self, rows: Iterable[tuple[bytes, bytes]]) -> None:
        with transaction(self.connection):
            self.connection.executemany(
                "INSERT OR REPLACE INTO memo VALUES (?, ?)",
                ((key, _checked(value)) for key, value in rows),
            )

    @_guarded(lambda: 0)
    def memo_keep_only(self, keys: Iterable[bytes]) -> int:
        """Forget every memo row not among `keys` (what the last build used); returns how many."""
        with transaction(self.connection):
            self.connection.execute("CREATE TEMP TABLE IF NOT EXISTS used (key BLOB PRIMARY KEY)")
            self.connection.execute("DELETE FROM used")
            self.connection.executemany(
                "INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in keys)
            )
            cursor = self.connection.execute(
                "DELETE FROM memo WHERE key NOT IN (SELECT key FROM used)"
            )
            self.connection.execute("DELETE FROM used")
        return cursor.rowcount

    @_guarded(lambda: None)
    def reset_memo(self, inputs: bytes) -> None:
        """Empty the memo: it was made from other content inputs (or a cold build)."""
        with transaction(self.connection):
            self.connection.execute("DELETE FROM memo")
            self._set("memo_inputs", inputs)

    # --- the manifest -----------------------------------------------------------------------

    @_guarded(dict)
    def outputs(self) -> Manifest:
        return self.get("manifest") or {}

    @_guarded(lambda: None)
    def save_manifest(self, files: Manifest, meta: dict[str, Any]) -> None:
        """The output folder just swapped in, and what it was built from; all or nothing."""
        with transaction(self.connection):
            for name, value in {**meta, "manifest": files}.items():
                self._set(name, value)

    def _set(self, name: str, value: Any) -> None:
        row = (name, _checked(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", row)


def transaction(connection: sqlite3.Connection) -> sqlite3.Connection:
    """A transaction begun, for `with`: the connection commits it, or rolls it back on any
    exception (Ctrl-C included)."""
    connection.execute("BEGIN IMMEDIATE")
    return connection
