"""What building atomically costs: `make html` (newsroom.build) against a plain `pelican` run.

Both rebuild the same synthetic site into an output folder that already holds a build, as an
editor's `make html` does. The plain run empties the folder first (DELETE_OUTPUT_DIRECTORY)
and writes into it; newsroom.build takes a lock, writes into a fresh folder beside it, swaps
the two (renameat2) and removes the old one. Each in its own process, in alternating pairs
(plain, atomic, plain, atomic ...), so a machine that slows down slows both sides of a pair;
the ratio is the median of the per-pair ratios, with the minimum of each side. The swap
itself (exchange + removing the old site) is also timed alone on a copy of the built site.

    python -m benchmarks.atomic_cost [--count 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.bench import (
    OURS,
    Run,
    alternate,
    pair_ratios,
    run_child,
    tree_size,
    write_settings,
)
from benchmarks.report import Section, Table, median_min, pairs
from newsroom.build.atomic import OutputFolder, new_staging, swap_in
from newsroom.synthetic import write_site

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], log: Path) -> Run:
    seconds, cpu, peak = run_child(command, log, ROOT)
    return Run(seconds, cpu, peak, 0, 0)


def swap_seconds(output: Path, rounds: int) -> list[float]:
    """The swap alone: a copy of the site in a fresh folder, exchanged in, the old removed."""
    folder = OutputFolder(output)
    times = []
    for _ in range(rounds):
        staging = new_staging(folder)
        shutil.rmtree(staging)
        shutil.copytree(output, staging)
        start = time.perf_counter()
        swap_in(folder, staging)
        times.append(time.perf_counter() - start)
    return times


def file_costs(site: Path, rounds: int) -> tuple[list[float], list[float]]:
    """Microseconds a file to write each file of `site` anew into a fresh folder, and to
    hard-link it there (what newsroom/plugins/output.py does for a file the last build has)."""
    files = [path for path in sorted(site.rglob("*")) if path.is_file()]
    written, linked = [], []
    for round_number in range(rounds):
        for kind, times in (("written", written), ("linked", linked)):
            target = site.parent / f"{kind}-{round_number}"
            start = time.perf_counter()
            for path in files:
                copy = target / path.relative_to(site)
                copy.parent.mkdir(parents=True, exist_ok=True)
                if kind == "linked":
                    os.link(path, copy)
                else:
                    copy.write_bytes(path.read_bytes())
            times.append(1e6 * (time.perf_counter() - start) / len(files))
            shutil.rmtree(target)
    return written, linked


def measure(count: int, runs: int) -> Section:
    """Both builds in alternating pairs, then the swap alone, on a site of `count` articles."""
    with tempfile.TemporaryDirectory(prefix="newsroom-atomic-") as temporary:
        work = Path(temporary)
        content = work / "content"
        write_site(content, count, "realistic", extra_content=ROOT / "content")
        output = work / "output"
        settings = write_settings(work / "settings.py", OURS, content, output)
        # Pelican writes its own folder: the build command refuses one it did not write.
        plain = [sys.executable, "-m", "pelican", str(content), "-o", str(work / "plain")]
        plain += ["-s", str(settings), "--fatal", "errors"]
        atomic = [sys.executable, "-m", "newsroom.build", "html", "--content", str(content)]
        atomic += ["--output", str(output), "-s", str(settings)]
        timed(atomic, work / "first.log")  # each folder holds a build from here on
        timed(plain, work / "plain-first.log")
        results = alternate(
            runs,
            {
                "plain": lambda: timed(plain, work / "plain.log"),
                "atomic": lambda: timed(atomic, work / "atomic.log"),
            },
        )
        size, files = tree_size(output)
        swaps = swap_seconds(output, runs)
        written, linked = file_costs(output, runs)
    plain_series, atomic_series = results["plain"], results["atomic"]
    builds = Table.of(
        "build", ("median s", "{:.2f}"), ("min s", "{:.2f}"), ("CPU median s", "{:.2f}")
    )
    for name, series in (
        ("pelican (empties output/, writes in it)", plain_series),
        ("newsroom.build (fresh folder, swap)", atomic_series),
    ):
        builds.add(name, series.median, min(series.seconds), series.cpu_median)
    ratios = Table.of(
        "ratio",
        ("median", "{:.3f}x"),
        ("per pair", pairs),
        ("ratio of minima", "{:.3f}x"),
        ("CPU median", "{:.3f}x"),
    )
    wall = pair_ratios(atomic_series, plain_series)
    ratios.add(
        "newsroom.build / pelican",
        statistics.median(wall),
        tuple(wall),
        min(atomic_series.seconds) / min(plain_series.seconds),
        statistics.median(pair_ratios(atomic_series, plain_series, cpu=True)),
    )
    swap = Table.of("step", ("median ms", "{:.0f}"), ("min ms", "{:.0f}"))
    swap.add(
        "the swap alone (exchange + removing the old site)", *(1000 * v for v in median_min(swaps))
    )
    per_file = Table.of("each file of the site", ("median us", "{:.1f}"), ("min us", "{:.1f}"))
    per_file.add("written anew into a fresh folder", *median_min(written))
    per_file.add("hard-linked into a fresh folder", *median_min(linked))
    title = f"Atomic output at N={count} ({files} files, {size / 1e6:.1f} MB), {runs} pairs"
    return Section(title, [builds, ratios, swap, per_file])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="alternating pairs (default 5)")
    args = parser.parse_args(argv)
    print(measure(args.count, args.runs).render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
