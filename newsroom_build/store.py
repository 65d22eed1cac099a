"""The build's cache folder beside the output: one SQLite database, `cache.sqlite3`.

It holds three things, each written in a transaction, so a build killed at any moment (SIGKILL
included) leaves either the old rows or the new ones, never a half-written cache:

- `memo`: results of pure per-source work (a source's checks, its Markdown, its cleaning, its
  search terms), keyed by a hash of everything they were computed from. A row is a fact
  ("these bytes give this HTML") whatever happened to the build that made it, so rows are
  committed as soon as they exist. The whole table belongs to one content environment (the
  settings, the plugins' code, the packages: environment.py) and is emptied when it changes.
- `outputs`: the manifest of the output folder the last finished build left: each file's
  fingerprint (what it was made from: dependencies.py) and its size, mtime and inode, to tell
  whether the folder is still what the build left there.
- `meta`: the environments the manifest and the memo were made in, and the sources they read.

The manifest is committed only after the new output folder was swapped in; a build killed
between the swap and the commit leaves a manifest that no longer matches the folder, which the
next build sees (its files' inodes and mtimes differ) and answers with a full build.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Raise when the layout of the tables or of what they hold changes: an older cache is then
# thrown away rather than misread.
FORMAT = 1
DATABASE = "cache.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS memo (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY, fingerprint BLOB, size INTEGER, mtime_ns INTEGER, inode INTEGER
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class OutputFile:
    """One file of the output folder as the last build left it."""

    fingerprint: bytes | None  # None: made by something that cannot be carried over
    size: int
    mtime_ns: int
    inode: int

    def matches(self, stat: os.stat_result) -> bool:
        return (self.size, self.mtime_ns, self.inode) == (
            stat.st_size,
            stat.st_mtime_ns,
            stat.st_ino,
        )


class Store:
    """The cache database of one output folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.connection = self._open(folder / DATABASE)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(path, isolation_level=None)
            connection.executescript(SCHEMA)
            found = connection.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        except sqlite3.DatabaseError:  # not a database, or a damaged one: start afresh
            with contextlib.suppress(NameError):
                connection.close()
            path.unlink(missing_ok=True)
            connection = sqlite3.connect(path, isolation_level=None)
            connection.executescript(SCHEMA)
            found = None
        # The manifest is rewritten whole each build; a write-ahead log keeps readers fast.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        if found is None or pickle.loads(found[0]) != FORMAT:
            with transaction(connection):
                for table in ("meta", "memo", "outputs"):
                    connection.execute(f"DELETE FROM {table}")
                connection.execute("INSERT INTO meta VALUES ('format', ?)", (pickle.dumps(FORMAT),))
        return connection

    def close(self) -> None:
        self.connection.close()

    # --- meta -------------------------------------------------------------------------------

    def get(self, name: str, default: Any = None) -> Any:
        row = self.connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return default if row is None else pickle.loads(row[0])

    # --- memo -------------------------------------------------------------------------------

    def memo_get(self, key: bytes) -> bytes | None:
        row = self.connection.execute("SELECT value FROM memo WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def memo_has(self, key: bytes) -> bool:
        return (
            self.connection.execute("SELECT 1 FROM memo WHERE key = ?", (key,)).fetchone()
            is not None
        )

    def memo_put(self, rows: Iterable[tuple[bytes, bytes]]) -> None:
        with transaction(self.connection):
            self.connection.executemany("INSERT OR REPLACE INTO memo VALUES (?, ?)", rows)

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

    def reset_memo(self, environment: bytes) -> None:
        """Empty the memo: it was made in another content environment (or a cold build)."""
        with transaction(self.connection):
            self.connection.execute("DELETE FROM memo")
            self._set("memo_environment", environment)

    # --- the manifest -----------------------------------------------------------------------

    def outputs(self) -> dict[str, OutputFile]:
        return {
            path: OutputFile(fingerprint, size, mtime_ns, inode)
            for path, fingerprint, size, mtime_ns, inode in self.connection.execute(
                "SELECT path, fingerprint, size, mtime_ns, inode FROM outputs"
            )
        }

    def save_manifest(self, files: dict[str, OutputFile], meta: dict[str, Any]) -> None:
        """The output folder just swapped in, and what it was built from; all or nothing."""
        with transaction(self.connection):
            self.connection.execute("DELETE FROM outputs")
            self.connection.executemany(
                "INSERT INTO outputs VALUES (?, ?, ?, ?, ?)",
                ((path, f.fingerprint, f.size, f.mtime_ns, f.inode) for path, f in files.items()),
            )
            for name, value in meta.items():
                self._set(name, value)

    def _set(self, name: str, value: Any) -> None:
        self.connection.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, pickle.dumps(value))
        )


@contextlib.contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
