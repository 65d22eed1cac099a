"""How long one big source takes to build, up to the limit on a source (SOURCE_CHECKS_MAX_BYTES).

`python -m benchmarks.big_source [--sizes 0.25,0.5,1] [--runs 3]` builds a site of one article
of each size (in MB) with `python -m newsroom.build html --full`, what `make html
FULL=1` runs, in its own process, and prints the median wall time. The article's prose is the
synthetic wire stories' (newsroom/synthetic.py, realistic mix) put end to end, with a link
and an emphasis in each paragraph as a hand-written article has them, in two shapes:
paragraphs apart (as `make import` writes them), and one line each with no blank line between
(a text pasted by hand), which Python-Markdown reads as a single paragraph: its inline processing
grows faster than the text, so that shape is the slowest a source of a given size can be.
It also says whether the build printed its "large sources take a while" line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.report import Table, median_min
from newsroom.synthetic import article_text

ROOT = Path(__file__).resolve().parent.parent
SHAPES = {"paragraphs": "\n\n", "lines": "\n"}
PROGRESS = "large sources take a while"


def big_article(size: int, shape: str) -> bytes:
    """Title, date and synthetic prose, cut to exactly `size` bytes at the end of a line."""
    head = "Title: A very long read\nDate: 2022-11-24\n\n"
    pieces, length, index = [head], len(head), 0
    while length < size:
        body = article_text(index, "realistic")[1].split("\n\n", 1)[1]
        for paragraph in body.split("\n\n"):
            if paragraph.startswith(("<", "#", "(")):
                continue  # figures, crossheads, credit lines: once per article, not per MB
            words = paragraph.split()
            words[3] = f"*{words[3]}*"
            words[7] = f"[{words[7]}](https://news.example/{index}/{len(pieces)})"
            piece = " ".join(words) + SHAPES[shape]
            pieces.append(piece)
            length += len(piece.encode())
        index += 1
    data = "".join(pieces).encode()[:size]
    return data[: data.rfind(b"\n") + 1].ljust(size, b"\n")


def build_seconds(content: Path, output: Path) -> tuple[float, bool]:
    command = [sys.executable, "-m", "newsroom.build", "html", "--full"]
    command += ["--content", str(content), "--output", str(output)]
    command += ["-s", str(ROOT / "pelicanconf.py")]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"the build failed:\n{result.stdout}{result.stderr}")
    return seconds, PROGRESS in result.stderr


def measure(sizes: list[float], runs: int) -> Table:
    """Each size (MB) in each shape, built `runs` times."""
    table = Table.of(
        ("MB", "{:g}"), "shape", ("median s", "{:.2f}"), ("min s", "{:.2f}"), "progress line"
    )
    for megabytes in sizes:
        for shape in SHAPES:
            with tempfile.TemporaryDirectory() as folder:
                content = Path(folder) / "content"
                (content / "articles").mkdir(parents=True)
                (content / "pages").mkdir()
                data = big_article(round(megabytes * 1_000_000), shape)
                (content / "articles" / "long-read.md").write_bytes(data)
                built = [build_seconds(content, Path(folder) / "out") for _ in range(runs)]
            said = all(said for _seconds, said in built)
            table.add(megabytes, shape, *median_min(s for s, _ in built), "yes" if said else "no")
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.big_source", description=__doc__)
    parser.add_argument(
        "--sizes", default="0.25,0.5,1", help="sizes in MB (1 MB = 1,000,000 bytes)"
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(measure([float(size) for size in args.sizes.split(",")], args.runs).render())


if __name__ == "__main__":
    main()
