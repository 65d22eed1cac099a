"""Benchmark figures as data: a benchmark returns tables of the numbers it measured, and
Markdown is made from them only to print, so a test checks the numbers, never the text."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from numbers import Number

Format = str | Callable[[object], str]


def pairs(values: Sequence[float]) -> str:
    """Each pair's ratio, in the order the pairs ran."""
    return " ".join(f"{value:.3f}" for value in values)


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else f"MISSED by {value / target:.2f}x"


@dataclass(frozen=True)
class Column:
    name: str
    format: Format = "{}"

    def show(self, value: object) -> str:
        if value is None:
            return "-"
        if callable(self.format):
            return self.format(value)
        return self.format.format(value)


@dataclass
class Table:
    """Rows of raw values (numbers stay numbers); each column knows how it is printed."""

    columns: tuple[Column, ...]
    rows: list[tuple[object, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, *columns: str | tuple[str, Format]) -> Table:
        return cls(tuple(Column(c) if isinstance(c, str) else Column(*c) for c in columns))

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    def add(self, *values: object) -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        self.rows.append(values)

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.names, row, strict=True)) for row in self.rows]

    def by(self, name: str) -> dict[object, dict[str, object]]:
        """The rows keyed by one column's value."""
        return {record[name]: record for record in self.records()}

    def render(self) -> str:
        def numeric(index: int) -> bool:
            values = [row[index] for row in self.rows if row[index] is not None]
            return bool(values) and all(
                isinstance(value, Number) and not isinstance(value, bool) for value in values
            )

        lines = [
            "| " + " | ".join(self.names) + " |",
            "|" + "|".join("---:" if numeric(i) else "---" for i in range(len(self.columns))) + "|",
        ]
        for row in self.rows:
            cells = (column.show(value) for column, value in zip(self.columns, row, strict=True))
            lines.append("| " + " | ".join(cells) + " |")
        if self.notes:
            lines += ["", *self.notes]
        return "\n".join(lines)


@dataclass
class Section:
    """A titled part of a benchmark's report: tables and the sentences between them."""

    title: str
    parts: list[Table | str] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [part for part in self.parts if isinstance(part, Table)]

    def render(self) -> str:
        shown = (part.render() if isinstance(part, Table) else part for part in self.parts)
        return f"## {self.title}\n\n" + "\n\n".join(shown)


def median_min(values: Iterable[float]) -> tuple[float, float]:
    values = list(values)
    return statistics.median(values), min(values)
