"""What search costs: index size, bytes and time per query in Chromium, share of the build.

    make bench-search                                   # N = 100, 1000, 5000
    .venv/bin/python -m benchmarks.search_bench --sizes 100,1000 --runs 3
    .venv/bin/python -m benchmarks.search_bench --sizes 1000 --zipf-words /usr/share/dict/words
    .venv/bin/python -m benchmarks.search_bench --stemmer-words /usr/share/dict/french:fr

For each size it writes a synthetic site (newsroom/synthetic.py, realistic mix), builds it
with the project's settings, and prints:

- the index: its files and bytes by kind, and its share of the output;
- per query, opened in Chromium from file:// (one fresh page each): the bytes of every script
  the page loaded (search.js, stemmers, index files), the time from the start of navigation
  (`search.html?q=...`) to the first result on the page and to all ten with their count, and
  `performance.now()` around the same query typed on a page whose index is loaded but none of
  the query's files (median and minimum of --runs);
- at the largest size of at most 1,000 articles, the index's share of the build: builds with
  and without the offline_search plugin, alternating (A B A B ...), the median and minimum of
  the per-pair ratios of wall and CPU time (--instructions adds valgrind instruction counts).

The synthetic articles draw on a vocabulary of some 300 words, so every word is in nearly every
article: the worst case for posting lists, the best for word files. --zipf-words FILE rewrites
each article's words with words of FILE drawn by Zipf's law, as real news text has them.

--stemmer-words FILE:LANG compares the build's stemmer (PyStemmer) with the browser's
(snowball-stemmer.jsx, in Chromium) on every word of FILE, as written and without accents.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.bench import (
    OURS,
    ROOT,
    BuildFailed,
    pelican_command,
    run_child,
    tree_size,
    write_settings,
)
from benchmarks.report import Section, Table, median_min, pairs
from newsroom.synthetic import WORDS, write_site

PLUGIN = "newsroom.plugins.offline_search"
QUERIES = (
    "government",  # in nearly every article
    "bogota",  # a place, typed without its accent
    "elections vote",  # two words, both inflected
    "drou",  # the start of a word being typed
    "president putin sanctions",
)
TARGET_BYTES = 1_000_000
TARGET_MS = 300


def settings_file(work: Path, content: Path, output: Path, search: bool) -> Path:
    path = write_settings(work / f"settings-{int(search)}.py", OURS, content, output)
    if not search:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"PLUGINS = [p for p in PLUGINS if p != {PLUGIN!r}]\n")
    return path


def build(work: Path, content: Path, output: Path, search: bool = True) -> tuple[float, float]:
    """One cold build in its own process: (wall seconds, CPU seconds)."""
    if output.exists():
        shutil.rmtree(output)
    settings = settings_file(work, content, output, search)
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output)]
    command += ["-s", str(settings), "--fatal", "errors"]
    seconds, cpu, _peak = run_child(command, work / f"build-{int(search)}.log", ROOT)
    return seconds, cpu


def zipf_rewrite(content: Path, words_file: Path, seed: int = 1) -> list[str]:
    """Give the articles a real-sized vocabulary: every word of the generator's vocabulary
    becomes a word of FILE drawn by Zipf's law. Returns FILE's words, most frequent first."""
    vocabulary = sorted(
        {w for w in words_file.read_text(encoding="utf-8").split() if w.isalpha() and w.islower()}
    )
    random.Random(seed).shuffle(vocabulary)
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(vocabulary) + 1)))
    generated = {word.lower() for word in WORDS}
    for path in sorted(content.rglob("*.md")):
        rng = random.Random(f"{seed}-{path.name}")

        def draw(match: re.Match[str], rng: random.Random = rng) -> str:
            if match[0].lower() not in generated:
                return match[0]
            word = vocabulary[bisect.bisect(weights, rng.random() * weights[-1])]
            return word.capitalize() if match[0][0].isupper() else word

        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        lines = [
            re.sub(r"[A-Za-z]+", draw, line) if line.startswith(("Title: ", "Summary: ")) else line
            for line in head.splitlines()
        ]
        text = re.sub(r"[A-Za-z]+", draw, body)
        path.write_text("\n".join(lines) + "\n\n" + text, encoding="utf-8")
    return vocabulary


def zipf_queries(vocabulary: list[str]) -> tuple[str, ...]:
    """Queries over the rewritten articles: common, middling and rare words, two words, a prefix."""
    return (
        vocabulary[4],
        vocabulary[99],
        vocabulary[1999],
        f"{vocabulary[9]} {vocabulary[49]}",
        vocabulary[29][:4],
        "bogota",
    )


def index_table(site: Path) -> Table:
    folder = site / "search"
    total, _files = tree_size(site)
    table = Table.of(
        "part", "files", ("bytes", "{:,}"), ("largest file", "{:,}"), ("share of output", "{:.1%}")
    )
    for kind, pattern in (
        ("table of contents", "index.js"),
        ("key files", "k/*.js"),
        ("word files", "w/*.js"),
        ("article files", "d/*.js"),
    ):
        sizes = [path.stat().st_size for path in sorted(folder.glob(pattern))]
        table.add(kind, len(sizes), sum(sizes), max(sizes, default=0), sum(sizes) / total)
    index_bytes, index_files = tree_size(folder)
    table.add("whole index", index_files, index_bytes, None, index_bytes / total)
    table.notes.append(f"The output is {total:,} bytes.")
    return table


def chromium() -> Any:
    from playwright.sync_api import sync_playwright

    from newsroom.chromium import launch

    manager = sync_playwright()
    return manager, launch(manager.start())


def measure_query(browser: Any, site: Path, query: str) -> dict[str, Any]:
    """One query, cold: bytes of the scripts loaded; time to results from navigation; time of
    the query typed on a page that has loaded only its table of contents and stemmers."""
    from urllib.parse import quote, unquote, urlsplit

    figures: dict[str, Any] = {}
    for mode in ("navigation", "typed"):
        context = browser.new_context()
        page = context.new_page()
        loaded: list[str] = []
        page.on("requestfinished", lambda request, loaded=loaded: loaded.append(request.url))
        if mode == "navigation":
            page.goto(f"{site.as_uri()}/search.html?q={quote(query)}")
            page.wait_for_function("() => window.newsroomSearch && window.newsroomSearch.done")
            page.evaluate("() => window.newsroomSearch.done")
            figures["first_results_ms"] = page.evaluate("() => newsroomSearch.timings.first")
            figures["all_results_ms"] = page.evaluate("() => newsroomSearch.timings.results")
            figures["count"] = page.inner_text("#search-status")
            scripts = [url for url in loaded if url.endswith(".js")]
            figures["scripts"] = len(scripts)
            figures["bytes"] = sum(
                Path(unquote(urlsplit(url).path)).stat().st_size for url in scripts
            )
        else:
            page.goto(f"{site.as_uri()}/search.html")
            page.wait_for_function("() => window.newsroomSearch && window.newsroomSearch.ready")
            page.evaluate("() => window.newsroomSearch.ready")
            figures["query_ms"] = page.evaluate(
                """async (q) => {
                    document.getElementById('search-query').value = q;
                    const start = performance.now();
                    await newsroomSearch.run();
                    return performance.now() - start;
                }""",
                query,
            )
        context.close()
    return figures


def query_table(site: Path, runs: int, queries: tuple[str, ...] = QUERIES) -> Table:
    manager, browser = chromium()
    table = Table.of(
        "query",
        "found",
        "scripts",
        ("bytes loaded", "{:,}"),
        f"bytes <= {TARGET_BYTES:,}",
        ("first result ms (median, min)", "{0[0]:.0f}, {0[1]:.0f}"),
        f"first result <= {TARGET_MS} ms",
        ("ten results ms (median, min)", "{0[0]:.0f}, {0[1]:.0f}"),
        ("query ms (median, min)", "{0[0]:.0f}, {0[1]:.0f}"),
    )
    try:
        for query in queries:
            measured = [measure_query(browser, site, query) for _ in range(runs)]
            first = median_min(m["first_results_ms"] for m in measured)
            most = max(m["bytes"] for m in measured)
            table.add(
                query,
                measured[0]["count"].split(" ")[0],
                measured[0]["scripts"],
                most,
                "met" if most <= TARGET_BYTES else "MISSED",
                first,
                "met" if first[0] <= TARGET_MS else "MISSED",
                median_min(m["all_results_ms"] for m in measured),
                median_min(m["query_ms"] for m in measured),
            )
    finally:
        browser.close()
        manager.__exit__(None, None, None)
    return table


def share_of_build(work: Path, content: Path, runs: int, instructions: bool) -> Table:
    """Builds with and without the search plugin in pairs: the ratios, and the seconds."""
    pairs_run = []
    for _ in range(runs):
        with_search = build(work, content, work / "with", search=True)
        without = build(work, content, work / "without", search=False)
        pairs_run.append((with_search, without))
    table = Table.of("builds", ("median", "{:.3f}x"), ("min", "{:.3f}x"), ("each pair", pairs))
    for index, kind in ((0, "wall"), (1, "CPU")):
        ratios = [a[index] / b[index] for a, b in pairs_run]
        name = f"{kind} time, with / without {PLUGIN}"
        table.add(name, *median_min(ratios), tuple(ratios))
    for side, name in ((0, "with"), (1, "without")):
        wall = statistics.median(pair[side][0] for pair in pairs_run)
        cpu = statistics.median(pair[side][1] for pair in pairs_run)
        table.notes.append(f"Seconds {name} the index (medians): wall {wall:.2f}, CPU {cpu:.2f}")
    if instructions:
        counts = {}
        for search in (True, False):
            output = work / f"valgrind-{int(search)}"
            counts[search] = valgrind_instructions(work, content, output, search)
        table.notes.append(
            f"Instructions (valgrind), with / without: {counts[True] / counts[False]:.4f}x "
            f"({counts[True]:,} / {counts[False]:,})"
        )
    return table


def valgrind_instructions(work: Path, content: Path, output: Path, search: bool) -> int:
    if output.exists():
        shutil.rmtree(output)
    settings = settings_file(work, content, output, search)
    report = work / f"cachegrind-{int(search)}.out"
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={report}"]
    command += [sys.executable, *pelican_command(settings, content, output)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    summary = next(line for line in report.read_text().splitlines() if line.startswith("summary:"))
    return int(summary.split()[1])


def _first_five(words: list[str]) -> str:
    return f"{len(words)} {words[:5]}"


def stemmer_agreement(specs: list[str]) -> Table:
    """Every word of each FILE:LANG, stemmed by the build (Python) and the browser (Chromium)."""
    from newsroom.plugins.offline_search.text import STEMMERS, _stemmer, fold

    manager, browser = chromium()
    table = Table.of(
        "file",
        "language",
        ("words", "{:,}"),
        ("differ as written", _first_five),
        ("differ without accents", _first_five),
    )
    try:
        page = browser.new_page()
        for spec in specs:
            path, lang = spec.rsplit(":", 1)
            words = sorted(
                {w.strip().lower() for w in Path(path).read_text(encoding="utf-8").split()}
            )
            page.goto("about:blank")
            name = STEMMERS[lang]
            page.add_script_tag(
                path=str(
                    ROOT / f"theme/static/vendor/snowball-stemmer.jsx/{name}-stemmer.global.min.js"
                )
            )
            stem = _stemmer(lang).stemWord
            for label, sample in (("written", words), ("folded", sorted({fold(w) for w in words}))):
                browser_stems = page.evaluate(
                    f"ws => {{ const s = new {name.capitalize()}Stemmer(); "
                    "return ws.map(w => s.stemWord(w)); }",
                    sample,
                )
                differ = [w for w, b in zip(sample, browser_stems, strict=True) if stem(w) != b]
                if label == "written":
                    written = differ
                else:
                    table.add(path, lang, len(words), written, differ)
    finally:
        browser.close()
        manager.__exit__(None, None, None)
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="article counts, e.g. 100,1000")
    parser.add_argument("--runs", type=int, default=3, help="runs per query and build pairs")
    parser.add_argument("--instructions", action="store_true", help="add valgrind counts")
    parser.add_argument("--zipf-words", type=Path, help="a word list for a real-sized vocabulary")
    parser.add_argument("--stemmer-words", nargs="*", default=[], metavar="FILE:LANG")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    args = parser.parse_args(argv)
    if args.stemmer_words:
        print(stemmer_agreement(args.stemmer_words).render())
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    share_at = max((size for size in sizes if size <= 1000), default=None)
    with tempfile.TemporaryDirectory(prefix="search-bench-") as folder:
        work = Path(folder)
        for count in sizes:
            content = work / "content"
            write_site(content, count, "realistic", extra_content=ROOT / "content")
            note, queries = "", QUERIES
            if args.zipf_words:
                vocabulary = zipf_rewrite(content, args.zipf_words)
                queries = zipf_queries(vocabulary)
                note = f", words drawn by Zipf's law from {len(vocabulary):,} of {args.zipf_words}"
            try:
                build(work, content, work / "site")
            except BuildFailed as error:
                raise SystemExit(str(error)) from None
            section = Section(f"{count} articles{note}", [index_table(work / "site")])
            if not args.no_browser:
                section.parts.append(query_table(work / "site", args.runs, queries))
            if count == share_at:
                section.parts += [
                    f"The index's share of a {count}-article build ({args.runs} pairs):",
                    share_of_build(work, content, args.runs, args.instructions),
                ]
            print("\n" + section.render(), flush=True)


if __name__ == "__main__":
    main()
