"""What every check reports: a problem of a source, as `file:line: what is wrong and how to
write it`, and the error that stops the build once all of them are listed."""

from __future__ import annotations

import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)


class SourceError(Exception):
    """A source file cannot be built into a correct page."""


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def stop_on(problems: list[Problem], error: type[SourceError], where: str) -> None:
    """Log every problem, then stop the build with `error` if there was any."""
    for problem in problems:
        try:
            logger.error("%s", problem)
        except RuntimeError:
            pass  # raised by `--fatal errors`; the build stops below, once every problem is listed
    if problems:
        raise error(f"{len(problems)} problem(s) in the {where}, listed above")
