"""Incremental builds: cold, nothing changed, one article edited, added, deleted, at each size.

Every build is `python -m newsroom.build html` in a fresh process (what `make html` runs), into
an output folder of its own with the build cache beside it (newsroom/build/incremental.py):

- *Pelican alone*: `python -m pelican` with the project's settings, an empty output folder and
  no cache: what `make html` cost before builds were incremental;
- *cold*: `--full` after the output folder and its cache are removed (one process: helper
  processes did not pay on 2 cores, docs/BENCHMARK.md);
- *nothing changed*, *one edit* (a sentence added to the middle article), *one add* (a new
  article), *one delete* (the article the round added): incremental builds on top of the
  previous one.

Each round runs every kind once, in that order (A B C ... A B C ...); the table gives the
median and the minimum of the rounds, wall time and CPU time (user + system of the build and
its child processes). After the last round the incremental output is compared, byte for
byte, with a cold build of the same sources. Instruction counts (cachegrind, one build each)
give the small ratios exactly: one edit and nothing changed against a cold build, and the
cold build against Pelican alone, at one size.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks import instructions
from benchmarks.report import Table
from newsroom.synthetic import SEED, Article, article_text, touch_article, write_site

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("pelican", "cold", "unchanged", "edit", "add", "delete")
LABELS = {
    "pelican": "Pelican alone (before: no cache, every page)",
    "cold": "cold (FULL=1)",
    "unchanged": "nothing changed",
    "edit": "one article edited",
    "add": "one article added",
    "delete": "one article deleted",
}
# The targets at 5,000 articles, in seconds (wall).
TARGETS_AT_5000 = {"unchanged": 0.5, "edit": 5.0, "add": 5.0, "delete": 5.0}

RunChild = Callable[[list[str], Path, Path], tuple[float, float, int]]


def build_command(content: Path, output: Path, *options: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsroom.build",
        "html",
        "--content",
        str(content),
        "--output",
        str(output),
        *options,
    ]


def remove_build(output: Path) -> None:
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(output.parent / f".{output.name}.cache", ignore_errors=True)


class Site:
    """A synthetic site and the builds of it that one round runs."""

    def __init__(
        self,
        work: Path,
        count: int,
        run_child: RunChild,
        pelican: Callable[[Path, Path], list[str]],
    ) -> None:
        self.work = work
        self.content = work / f"content-incremental-{count}"
        self.articles = write_site(self.content, count, "realistic", extra_content=ROOT / "content")
        self.output = work / f"incremental-{count}"
        self.cold_output = work / f"cold-{count}"
        self.plain_output = work / f"pelican-{count}"
        self.run_child = run_child
        self.pelican = pelican
        self.revision = 0
        self.added = 0
        remove_build(self.output)

    def run(self, kind: str) -> tuple[float, float, int]:
        log = self.work / f"incremental-{kind}.log"
        if kind == "pelican":
            shutil.rmtree(self.plain_output, ignore_errors=True)
            command = self.pelican(self.content, self.plain_output)
        elif kind == "cold":
            remove_build(self.output)
            command = build_command(self.content, self.output, "--full")
        else:
            if kind == "edit":
                self.revision += 1
                touch_article(self.articles[len(self.articles) // 2], self.revision)
            elif kind == "add":
                self.added_path = self.add_article().path
            elif kind == "delete":
                self.added_path.unlink()
            command = build_command(self.content, self.output)
        seconds, cpu, peak = self.run_child(command, log, ROOT)
        if kind != "pelican":
            said = log.read_text(encoding="utf-8", errors="replace")
            expected = {
                "unchanged": "up to date",
                "edit": "incremental build",
                "add": "incremental build",
                "delete": "incremental build",
            }
            if kind in expected and expected[kind] not in said:
                raise RuntimeError(
                    f"{kind}: the build did not say {expected[kind]!r}:\n{said[-2000:]}"
                )
        return seconds, cpu, peak

    def add_article(self) -> Article:
        self.added += 1
        slug, text, fragments = article_text(
            len(self.articles) + 100_000 + self.added, "realistic", SEED
        )
        path = self.content / "articles" / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        return Article(path, slug, fragments)

    def differing_from_cold(self) -> list[str]:
        """The files in which the incremental output differs from a cold build of the same."""
        from benchmarks.bench import tree_differences

        remove_build(self.cold_output)
        self.run_child(
            build_command(self.content, self.cold_output, "--full"),
            self.work / "cold-check.log",
            ROOT,
        )
        return tree_differences(self.cold_output, self.output)

    def cache_bytes(self) -> int:
        cache = self.output.parent / f".{self.output.name}.cache"
        return sum(path.stat().st_size for path in cache.rglob("*") if path.is_file())


def timed(
    work: Path,
    sizes: list[int],
    runs: int,
    run_child: RunChild,
    pelican: Callable[[Path, Path], list[str]],
) -> tuple[Table, Table]:
    """The builds' times at each size; then, after the rounds, the output against a cold build."""
    table = Table.of(
        "N",
        "build",
        "rounds",
        ("median s", "{:.2f}"),
        ("min s", "{:.2f}"),
        ("CPU median s", "{:.2f}"),
        ("peak MB (max)", "{:.0f}"),
        ("ratio to cold (median)", "{:.3f}"),
        ("target", "<= {:g} s"),
        "verdict",
    )
    checks = Table.of("N", "files differing from a cold build", ("build cache MB", "{:.1f}"))
    for count in sizes:
        site = Site(work, count, run_child, pelican)
        times: dict[str, list[tuple[float, float, int]]] = {kind: [] for kind in KINDS}
        for _ in range(runs):
            for kind in KINDS:
                times[kind].append(site.run(kind))
        cold = statistics.median(seconds for seconds, _cpu, _peak in times["cold"])
        for kind in KINDS:
            wall, cpu, peaks = zip(*times[kind], strict=True)
            median = statistics.median(wall)
            target = TARGETS_AT_5000.get(kind) if count == 5000 else None
            said = target and ("met" if median <= target else "MISSED")
            table.add(
                count,
                LABELS[kind],
                len(wall),
                median,
                min(wall),
                statistics.median(cpu),
                max(peaks) / 1024,  # ru_maxrss is in KiB
                median / cold,
                target,
                said,
            )
        checks.add(count, len(site.differing_from_cold()), site.cache_bytes() / 1e6)
    return table, checks


def instruction_counts(
    work: Path, count: int, pelican: Callable[[Path, Path], list[str]]
) -> list[Table | str]:
    """One build of each kind under cachegrind."""
    missing = instructions.valgrind_missing()
    if missing:
        return [f"Instruction counts skipped: {missing}."]
    counted: dict[str, int] = {}

    def count_this(kind: str, command: list[str]) -> None:
        log = work / f"instructions-incremental-{kind}.log"
        counted[kind] = instructions.count_instructions(command, ROOT, log)

    site = Site(work, count, lambda *a: (0.0, 0.0, 0), pelican)
    shutil.rmtree(site.plain_output, ignore_errors=True)
    count_this("pelican", pelican(site.content, site.plain_output))
    remove_build(site.output)
    count_this("cold", build_command(site.content, site.output, "--full"))
    count_this("unchanged", build_command(site.content, site.output))
    touch_article(site.articles[len(site.articles) // 2], 1)
    count_this("edit", build_command(site.content, site.output))
    added = site.add_article()
    count_this("add", build_command(site.content, site.output))
    added.path.unlink()
    count_this("delete", build_command(site.content, site.output))
    table = Table.of(
        "build", ("instructions", lambda value: f"{value / 1e9:.2f} G"), ("ratio to cold", "{:.3f}")
    )
    for kind, value in counted.items():
        table.add(LABELS[kind], value, value / counted["cold"])
    intro = f"N={count}, realistic; valgrind --tool=cachegrind --cache-sim=no, one build each."
    return [intro, table]
