"""Instruction counts of whole builds, and how long one paragraph full of fragments takes to clean.

Timings on shared cores swing by +-20% between identical builds; the number of instructions a
build executes, counted by valgrind's cachegrind (`--cache-sim=no`), is the same on every run.
A build of N articles costs `start-up + N x per-article`: two sizes give both, so
per-article = (I(large) - I(small)) / (large - small), start-up = I(small) - small x per-article.
The *mixed* synthetic mix (3 to 6 fragments of every shape in each article) is what the cleaning
is measured on.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.report import Table, verdict

INSTRUCTION_MIX = "mixed"
TARGET_CLEANING_PER_ARTICLE = 1.05
TARGET_WHOLE_BUILD_PER_ARTICLE = 1.10
I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")
PARAGRAPH_SIZES = (5_000, 10_000, 20_000)


@dataclass(frozen=True)
class Cost:
    """What a build costs in instructions: once per build, and for each article."""

    startup: float
    per_article: float


def valgrind_missing() -> str | None:
    """None when valgrind can count instructions here, else why not."""
    if shutil.which("valgrind") is None:
        return "valgrind is not installed (Debian: apt-get install valgrind)"
    return None


def count_instructions(command: Sequence[str], cwd: Path, log: Path) -> int:
    """Instructions executed by `command` (a Python command line), counted by cachegrind."""
    valgrind = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
    ]
    with open(log, "wb") as handle:
        result = subprocess.run(
            [*valgrind, *command], cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, check=False
        )
    text = log.read_text(encoding="utf-8", errors="replace")
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {result.returncode}:\n{text[-3000:]}")
    return parse_instructions(text)


def parse_instructions(valgrind_output: str) -> int:
    """The `I refs` total cachegrind prints at exit."""
    match = I_REFS.search(valgrind_output)
    if match is None:
        raise ValueError("no 'I refs' line in valgrind's output")
    return int(match[1].replace(",", ""))


def split_cost(small: int, small_count: int, large: int, large_count: int) -> Cost:
    """Start-up and per-article cost from the counts of two builds of different sizes."""
    per_article = (large - small) / (large_count - small_count)
    return Cost(startup=small - small_count * per_article, per_article=per_article)


class Instructions(float):
    """A count of instructions (printed in G), told apart from a ratio in the same column."""


def _value(value: object) -> str:
    if isinstance(value, Instructions):
        return f"{value / 1e9:.3f} G"
    return f"{value:.3f}x"


def instruction_tables(
    costs: dict[str, Cost], labels: dict[str, str], sizes: list[int]
) -> tuple[Table, Table]:
    """The costs per build variant, then the ratios the targets are about."""
    small, large = sizes[0], sizes[-1]
    table = Table.of(
        "build",
        ("start-up (G instr.)", lambda value: f"{value / 1e9:.3f}"),
        ("per article (M instr.)", lambda value: f"{value / 1e6:.2f}"),
        f"builds counted: N={small}, N={large}",
    )
    for name, cost in costs.items():
        how = f"per article = (I({large}) - I({small})) / {large - small}"
        table.add(labels[name], cost.startup, cost.per_article, how)
    ratios = Table.of(
        "ratio (instructions)", ("value", _value), ("target", "<= {:.2f}x"), "verdict"
    )
    ours, noclean, plain = costs.get("ours"), costs.get("noclean"), costs.get("plain")
    if ours and noclean:
        ratio = ours.per_article / noclean.per_article
        target = TARGET_CLEANING_PER_ARTICLE
        name = "cleaning per article: ours / ours without clean_markup"
        ratios.add(name, ratio, target, verdict(ratio, target))
        startup = ours.startup - noclean.startup
        name = "clean_markup start-up: ours - ours without clean_markup"
        ratios.add(name, Instructions(startup), None, None)
    if ours and plain:
        ratio = ours.per_article / plain.per_article
        target = TARGET_WHOLE_BUILD_PER_ARTICLE
        name = "whole build per article: ours / plain Pelican + notmyidea"
        ratios.add(name, ratio, target, verdict(ratio, target))
    return table, ratios


def paragraph_of_fragments(groups: int) -> str:
    """One paragraph of `groups` word-and-fragments groups: `word </b> <i>word2 b>. `."""
    return "".join(f"word{index} </b> <i>next{index} b>. " for index in range(groups))


def paragraph_table(clean: Callable[[str], str], sizes: Sequence[int] = PARAGRAPH_SIZES) -> Table:
    """Time to clean one paragraph of N fragment groups: linear means a constant time per group."""
    table = Table.of(
        ("fragment groups in one paragraph", "{:,}"),
        ("characters", "{:,}"),
        ("seconds", "{:.3f}"),
        ("microseconds per group", "{:.1f}"),
    )
    for groups in sizes:
        text = paragraph_of_fragments(groups)
        start = time.perf_counter()
        clean(text)
        seconds = time.perf_counter() - start
        table.add(groups, len(text), seconds, 1e6 * seconds / groups)
    return table
