"""Instructions per article of the whole build, ours against plain Pelican + notmyidea.

    .venv/bin/python -m benchmarks.instructions [--sizes 50,300] [--project DIR]

Timings on shared cores swing by +-20 %; an instruction count does not. Each build runs once
under `valgrind --tool=cachegrind --cache-sim=no` (the same count on every run, about 30x
slower than a plain run) on the synthetic sites of benchmarks/synthetic.py (realistic mix).
The cost of one more article is (I[large] - I[small]) / (large - small): start-up, which every
build pays once, cancels out. `--project` measures another checkout of the project (its
pelicanconf.py, theme and plugins) with this checkout's synthetic sites.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.synthetic import write_site

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("plain", "ours")
I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def settings_text(variant: str, project: Path, content: Path, output: Path) -> str:
    """Plain: Pelican's defaults and notmyidea, no plugin. Ours: the project's pelicanconf."""
    lines = ["import os, sys"]
    if variant == "plain":
        lines += ["THEME = 'notmyidea'", "PLUGINS = []"]
    else:
        lines += [
            f"sys.path.insert(0, {str(project)!r})",
            "from pelicanconf import *  # noqa: F403",
            f"THEME = os.path.join({str(project)!r}, THEME)",
            f"PLUGIN_PATHS = [os.path.join({str(project)!r}, p) for p in PLUGIN_PATHS]",
        ]
    lines += [f"PATH = {str(content)!r}", f"OUTPUT_PATH = {str(output)!r}"]
    return "\n".join(lines) + "\n"


def count_instructions(variant: str, project: Path, size: int, work: Path) -> int:
    """Instructions of one cold build of `size` synthetic articles, start-up included."""
    content = work / f"content-{size}"
    if not content.exists():
        write_site(content, size, "realistic", extra_content=project / "content")
    output = work / f"out-{variant}-{size}"
    settings = work / f"settings-{variant}.py"
    settings.write_text(settings_text(variant, project, content, output), encoding="utf-8")
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output)]
    command += ["-s", str(settings), "--fatal", "errors"]
    env = {**os.environ, "PYTHONHASHSEED": "0", "COLUMNS": "200"}
    # A first run outside valgrind writes the bytecode caches, so every counted run reads them.
    subprocess.run(command, cwd=project, env=env, capture_output=True, check=True)
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
        + command,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{variant} build of {size} failed:\n{result.stderr[-3000:]}")
    return int(I_REFS.findall(result.stderr)[-1].replace(",", ""))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,300", help="two article counts, small,large")
    parser.add_argument("--project", type=Path, default=ROOT, help="checkout to measure")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args(argv)
    small, large = (int(size) for size in args.sizes.split(","))
    project = args.project.resolve()
    per_article = {}
    with tempfile.TemporaryDirectory(prefix="instructions-") as folder:
        work = Path(folder)
        for variant in args.variants.split(","):
            counts = [count_instructions(variant, project, n, work) for n in (small, large)]
            per_article[variant] = (counts[1] - counts[0]) / (large - small)
            print(
                f"{variant:>6}: {counts[0]:,} at {small}, {counts[1]:,} at {large}; "
                f"{per_article[variant] / 1e6:.2f} M instructions per article",
                flush=True,
            )
    if "plain" in per_article and "ours" in per_article:
        ratio = per_article["ours"] / per_article["plain"]
        print(f"ours / plain per article: {ratio:.3f}x (target at most 1.10x)")


if __name__ == "__main__":
    main()
