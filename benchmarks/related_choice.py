"""How related stories are chosen on a synthetic site: how many articles get three, fewer, none,
and what the choice costs.

    python -m benchmarks.related_choice [--sizes 1000,5000] [--runs 3]

Each size is a synthetic site (newsroom/synthetic.py, realistic mix) built once with the
project's settings (`python -m newsroom.build html --full`); the counts are read from the
built article pages (what a reader sees). The time is `related_articles` alone, in this process,
on the articles' dates, slugs and tags (median and minimum of --runs).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from benchmarks.report import Table, median_min
from newsroom.plugins.related.related import related_articles
from newsroom.synthetic import write_site

ROOT = Path(__file__).resolve().parent.parent
RELATED_LINK = re.compile(r'<nav class="related".*?</nav>', re.S)


def stand_ins(content: Path) -> list[SimpleNamespace]:
    """Each article's date, slug and tags, as related_articles reads them."""
    articles = []
    for path in sorted((content / "articles").glob("*.md")):
        head = dict(
            line.split(": ", 1) for line in path.read_text("utf-8").split("\n\n")[0].splitlines()
        )
        tags = [SimpleNamespace(slug=t.strip().lower()) for t in head.get("Tags", "").split(",")]
        date = datetime.fromisoformat(head["Date"])
        articles.append(SimpleNamespace(slug=path.stem, date=date, tags=tags))
    return articles


def measure(sizes: list[int], runs: int) -> Table:
    table = Table.of(
        "N",
        "distinct tags",
        "3 related",
        "1 or 2",
        "none",
        ("choice ms (median, min)", "{0[0]:.0f}, {0[1]:.0f}"),
    )
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="related-") as folder:
            content, output = Path(folder) / "content", Path(folder) / "output"
            write_site(content, count, "realistic", extra_content=ROOT / "content")
            command = [sys.executable, "-m", "newsroom.build", "html", "--full"]
            command += ["--content", str(content), "--output", str(output)]
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            shown = Counter()
            for page in (output / "articles").glob("*.html"):
                nav = RELATED_LINK.search(page.read_text("utf-8"))
                shown[nav.group().count("<li>") if nav else 0] += 1
            articles = stand_ins(content)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            related_articles(articles)
            times.append(1000 * (time.perf_counter() - start))
        tags = {tag.slug for article in articles for tag in article.tags}
        table.add(count, len(tags), shown[3], shown[1] + shown[2], shown[0], median_min(times))
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="article counts, e.g. 1000,5000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(measure([int(size) for size in args.sizes.split(",")], args.runs).render())


if __name__ == "__main__":
    main()
