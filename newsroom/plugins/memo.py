"""The build's memo as a plugin sees it: pure per-source work kept between builds.

newsroom.build puts a memo in the settings under SETTING (newsroom/build/memo.py says what a
key must hold); under plain Pelican there is none and the work is done every time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

SETTING = "BUILD_MEMO"
T = TypeVar("T")


def memoised(
    settings: Mapping[str, Any], namespace: str, key: bytes, compute: Callable[[], T]
) -> T:
    """`compute()`, or what it gave for the same `key` in an earlier build."""
    memo = settings.get(SETTING)
    return compute() if memo is None else memo(namespace, key, compute)
