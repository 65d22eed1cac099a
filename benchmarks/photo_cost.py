"""What photos add to a build: cold (every photo resized) and incremental (one article edited,
every photo's sizes taken from the memo), per photo.

    python -m benchmarks.photo_cost [--articles 20] [--photos 10] [--runs 3]

Two synthetic sites of the same articles (newsroom/synthetic.py, realistic mix): one without
photos, one where `--photos` of the articles have a lead photo of their own (a 3000x2000 camera
JPEG with EXIF and GPS, tests/fixtures). Each round builds both with `python -m newsroom.build
html`, alternating: cold (`--full`, no cache), then incremental after a sentence is added to
one article. The figures are medians and minima of the rounds; per photo is the difference of
the medians divided by the number of photos.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.bench import run_child
from benchmarks.incremental_bench import build_command, remove_build
from benchmarks.report import Table, median_min
from newsroom.synthetic import camera_jpeg, touch_article, write_site

ROOT = Path(__file__).resolve().parent.parent


def with_photos(content: Path, articles: list, photos: int) -> None:
    (content / "images").mkdir()
    for number, article in enumerate(articles[:photos]):
        (content / "images" / f"photo-{number}.jpg").write_bytes(camera_jpeg(3000 - number, 2000))
        head, body = article.path.read_text(encoding="utf-8").split("\n\n", 1)
        head += f"\nPhoto: images/photo-{number}.jpg\nPhoto_alt: A street in the capital"
        article.path.write_text(f"{head}\n\n{body}", encoding="utf-8")


def measure(articles: int, photos: int, runs: int) -> Table:
    table = Table.of(
        "build",
        ("without photos s (median, min)", "{0[0]:.2f}, {0[1]:.2f}"),
        (f"with {photos} photos s (median, min)", "{0[0]:.2f}, {0[1]:.2f}"),
        ("added per photo s", "{:.3f}"),
    )
    with tempfile.TemporaryDirectory(prefix="photo-cost-") as folder:
        work = Path(folder)
        sites = {}
        for name in ("plain", "photos"):
            content = work / f"content-{name}"
            written = write_site(content, articles, "realistic", extra_content=ROOT / "content")
            if name == "photos":
                with_photos(content, written, photos)
            sites[name] = (content, work / f"output-{name}", written)
        times: dict[tuple[str, str], list[float]] = {}
        for round_number in range(1, runs + 1):
            for name, (content, output, written) in sites.items():
                remove_build(output)
                cold = run_child(build_command(content, output, "--full"), work / "log", ROOT)
                times.setdefault(("cold", name), []).append(cold[0])
                touch_article(written[-1], round_number)
                edit = run_child(build_command(content, output), work / "log", ROOT)
                times.setdefault(("one article edited", name), []).append(edit[0])
        for kind in ("cold", "one article edited"):
            plain, photo = times[(kind, "plain")], times[(kind, "photos")]
            added = (statistics.median(photo) - statistics.median(plain)) / photos
            table.add(kind, median_min(plain), median_min(photo), added)
        shutil.rmtree(work / "output-photos", ignore_errors=True)
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--photos", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(measure(args.articles, args.photos, args.runs).render())


if __name__ == "__main__":
    main()
