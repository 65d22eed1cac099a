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
    Series,
    alternate,
    pair_ratios,
    run_child,
    tree_size,
    write_settings,
)
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="alternating pairs (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsroom-atomic-") as temporary:
        work = Path(temporary)
        content = work / "content"
        write_site(content, args.count, "realistic", extra_content=ROOT / "content")
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
            args.runs,
            {
                "plain": lambda: timed(plain, work / "plain.log"),
                "atomic": lambda: timed(atomic, work / "atomic.log"),
            },
        )
        size, count = tree_size(output)
        swaps = swap_seconds(output, args.runs)
    print_results(args, results, swaps, size, count)
    return 0


def print_results(
    args: argparse.Namespace,
    results: dict[str, Series],
    swaps: list[float],
    size: int,
    count: int,
) -> None:
    plain, atomic = results["plain"], results["atomic"]
    ratios = pair_ratios(atomic, plain)
    cpu = pair_ratios(atomic, plain, cpu=True)
    print(
        f"# Atomic output at N={args.count} ({count} files, {size / 1e6:.1f} MB), {args.runs} pairs"
    )
    print()
    print("| build | median s | min s | CPU median s |")
    print("|---|---:|---:|---:|")
    for name, series in (("pelican (empties output/, writes in it)", plain),
                         ("newsroom.build (fresh folder, swap)", atomic)):  # fmt: skip
        print(
            f"| {name} | {series.median:.2f} | {min(series.seconds):.2f} "
            f"| {series.cpu_median:.2f} |"
        )
    print()
    print(
        f"newsroom.build / pelican: median {statistics.median(ratios):.3f}x "
        f"(pairs {' '.join(f'{r:.3f}' for r in ratios)}), ratio of minima "
        f"{min(atomic.seconds) / min(plain.seconds):.3f}x, CPU median {statistics.median(cpu):.3f}x"
    )
    print(
        f"The swap alone (exchange + removing the old site): median "
        f"{1000 * statistics.median(swaps):.0f} ms, min {1000 * min(swaps):.0f} ms"
    )


if __name__ == "__main__":
    sys.exit(main())
