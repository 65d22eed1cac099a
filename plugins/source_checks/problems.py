"""What every check reports: a problem of a source, as `file:line: what is wrong and how to
write it`, and the error that stops the build once all of them are listed."""

from __future__ import annotations

from dataclasses import dataclass


class SourceError(Exception):
    """A source file cannot be built into a correct page."""


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
