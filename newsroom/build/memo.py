"""The memo the build hands to the plugins: pure per-source work, computed once, kept between
builds in the cache (store.py).

A plugin finds it in the setting BUILD_MEMO (absent when Pelican runs without newsroom.build,
and then the plugin computes as usual), through newsroom.plugins.memo:

    value = memoised(settings, "plugin:step", key, compute)

`key` (bytes) must hold every input of `compute` except the settings and the code: the whole
memo belongs to one set of content inputs (settings, code, packages; inputs.py) and is
emptied when that changes. The value must pickle; the settings dict inside it (a tag keeps a
reference to it) is stored as a reference and comes back as the build's own. What `compute`
logs at WARNING or above is kept with the value and logged again whenever the value is reused,
so a warning is never lost to the cache.
"""

from __future__ import annotations

import hashlib
import io
import logging
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from newsroom.build.build import record_message
from newsroom.build.store import Store

T = TypeVar("T")
# What a build keeps of the values it computed before storing them (a cold build of 5,000
# synthetic articles computes 120 MB of them).
KEEP_BYTES = 32_000_000
# A logged message kept with a value: (logger name, level, message as shown).
Logged = tuple[str, int, str]


class _Capture(logging.Handler):
    """Keeps what is logged while a value is computed, as the log would show it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.logged: list[Logged] = []

    def emit(self, record: logging.LogRecord) -> None:
        message, _error = record_message(record)
        self.logged.append((record.name, record.levelno, message))


@contextmanager
def captured() -> Iterator[list[Logged]]:
    handler = _Capture()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.logged
    finally:
        root.removeHandler(handler)


def memo_key(namespace: str, key: bytes) -> bytes:
    return hashlib.blake2b(namespace.encode() + b"\0" + key, digest_size=20).digest()


class Memo:
    """BUILD_MEMO: values by key, from this build (`fresh`) or the store of earlier ones."""

    def __init__(self, settings: dict[str, Any], store: Store | None = None) -> None:
        self.settings = settings
        self.store = store
        self.fresh: dict[bytes, bytes] = {}
        self.used: set[bytes] = set()
        self.pending = 0  # bytes of `fresh`

    def __call__(self, namespace: str, key: bytes, compute: Callable[[], T]) -> T:
        if self.pending > KEEP_BYTES:  # before a new value: the last one may yet be discarded
            self.save()
        digest = memo_key(namespace, key)
        self.used.add(digest)
        blob = self.fresh.get(digest)
        if blob is None and self.store is not None:
            blob = self.store.memo_get(digest)
        if blob is not None:
            value, logged = self.loads(blob)
            for name, level, message in logged:  # logged again whenever the value is reused
                logging.getLogger(name).log(level, "%s", message)
            return value
        with captured() as logged:
            value = compute()
        blob = self.fresh[digest] = self.dumps((value, list(logged)))
        self.pending += len(blob)
        return value

    def discard(self, namespace: str, key: bytes) -> None:
        """Keep no value for this key, the one computed last (its inputs changed meanwhile)."""
        self.fresh.pop(memo_key(namespace, key), None)

    def dumps(self, value: Any) -> bytes:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = lambda obj: "settings" if obj is self.settings else None
        pickler.dump(value)
        return buffer.getvalue()

    def loads(self, blob: bytes) -> Any:
        unpickler = pickle.Unpickler(io.BytesIO(blob))
        unpickler.persistent_load = self._persistent_load
        return unpickler.load()

    def _persistent_load(self, reference: Any) -> Any:
        if reference != "settings":
            raise pickle.UnpicklingError(f"unknown reference {reference!r} in the memo")
        return self.settings

    def save(self) -> None:
        """Store what this build computed (facts about their inputs, whatever the build does)."""
        if self.store is not None and self.fresh:
            self.store.memo_put(self.fresh.items())
            self.fresh.clear()
            self.pending = 0
