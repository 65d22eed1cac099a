"""Benchmark the site build: time and memory from 10 to 5,000 articles, what our parts cost.

Run it with `make bench` (or `python -m benchmarks.bench --help`). Every build runs in its
own `python -m pelican` process, timed with time.perf_counter; its peak memory is the child's
ru_maxrss from os.wait4. Builds use the project's own pelicanconf.py, theme and plugins through
a settings file generated in a temporary folder that imports pelicanconf and only moves the
input, output and cache folders there. Ratios come from alternating runs (A B A B ...) in the
same session, and are medians of the per-pair ratios, so a machine that slows down for a while
slows both sides of a pair.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import platform
import pstats
import re
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from benchmarks import incremental_bench, instructions
from benchmarks.report import Column, Section, Table, pairs, verdict
from newsroom.synthetic import SEED, Article, touch_article, write_site

ROOT = Path(__file__).resolve().parent.parent
CLEANING_PLUGIN = "newsroom.plugins.clean_markup"
BASELINE_THEME = "notmyidea"
SECTIONS = (
    "table",
    "ratios",
    "incremental",
    "warm",
    "weight",
    "paragraph",
    "instructions",
    "profile",
)
DEFAULT_SECTIONS = ("table", "ratios", "incremental", "weight", "paragraph", "instructions")
INCREMENTAL_SIZES = "1000,5000"
INCREMENTAL_INSTRUCTION_SIZE = 300
# The cold-build table's mixes; the mixed one is for instruction counts.
TIMED_MIXES = ("realistic", "worst")
INSTRUCTION_SIZES = "50,300"

# The project's targets, printed next to each measured figure.
TARGET_CLEANING = {"realistic": 1.03, "worst": 1.15}
TARGET_WHOLE_BUILD = 1.10
TARGET_WARM_ONE_CHANGED = 0.5
TARGET_PEAK_MB_AT_1000 = 150
TARGET_PAGE_BYTES = 25_000


@dataclass(frozen=True)
class Variant:
    """One way of building the same articles."""

    name: str
    label: str
    cache: bool = False


OURS = Variant("ours", "ours")
NO_CLEANING = Variant("noclean", f"ours without {CLEANING_PLUGIN}")
PLAIN = Variant("plain", f"plain Pelican + {BASELINE_THEME}")
WARM = Variant("warm", "ours, content cache on", cache=True)


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    peak_rss_kib: int
    output_bytes: int
    output_files: int


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> list[float]:
        return [run.seconds for run in self.runs]

    @property
    def cpu_seconds(self) -> list[float]:
        return [run.cpu_seconds for run in self.runs]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)


class BuildFailed(RuntimeError):
    pass


def project_settings() -> dict[str, object]:
    """The project's pelicanconf.py, read the way Pelican reads it (upper-case names only)."""
    namespace = runpy.run_path(str(ROOT / "pelicanconf.py"))
    return {key: value for key, value in namespace.items() if key.isupper()}


def cleaning_plugin_state(settings: dict[str, object]) -> str | None:
    """None when the cleaning plugin is in use, else why its cost cannot be measured."""
    plugins = [getattr(plugin, "__name__", plugin) for plugin in settings.get("PLUGINS") or []]
    if CLEANING_PLUGIN in plugins:
        return None
    return (
        f'"{CLEANING_PLUGIN}" is not in PLUGINS of pelicanconf.py, so the cost of cleaning '
        "cannot be measured"
    )


def write_settings(
    path: Path,
    variant: Variant,
    content: Path,
    output: Path,
    cache: Path | None = None,
) -> Path:
    """A settings file for one variant: ours imports pelicanconf; plain uses Pelican's defaults."""
    lines = [f'"""Benchmark settings: {variant.label}."""', "import os", "import sys", ""]
    if variant.name == PLAIN.name:
        # Plain Pelican: its default settings, its default theme, no plugin; only the folders.
        lines += [f"THEME = {BASELINE_THEME!r}", "PLUGINS = []"]
    else:
        lines += [
            f"_ROOT = {str(ROOT)!r}",
            "import runpy",
            "_project = runpy.run_path(os.path.join(_ROOT, 'pelicanconf.py'))",
            "globals().update((k, v) for k, v in _project.items() if k.isupper())",
            "",
            "# Paths in pelicanconf.py are relative to the project, not to this file.",
            "def _from_root(path):",
            "    return path if os.path.isabs(path) else os.path.join(_ROOT, path)",
            "",
            "if os.path.isdir(_from_root(THEME)):",
            "    THEME = _from_root(THEME)",
        ]
        if variant.name == NO_CLEANING.name:
            lines.append(
                "PLUGINS = [p for p in PLUGINS if getattr(p, '__name__', p) != "
                f"{CLEANING_PLUGIN!r}]"
            )
        if variant.cache:
            if cache is None:
                raise ValueError("a cached build needs a cache folder")
            lines += [
                "CACHE_CONTENT = True",
                "LOAD_CONTENT_CACHE = True",
                f"CACHE_PATH = {str(cache)!r}",
            ]
    lines += [f"PATH = {str(content)!r}", f"OUTPUT_PATH = {str(output)!r}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def tree_size(root: Path) -> tuple[int, int]:
    files = [path for path in root.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def pelican_command(settings: Path, content: Path, output: Path) -> list[str]:
    return [
        "-m",
        "pelican",
        str(content),
        "-o",
        str(output),
        "-s",
        str(settings),
        "--fatal",
        "errors",
    ]


def run_child(command: Sequence[str], log: Path, cwd: Path) -> tuple[float, float, int]:
    """Run a command: its wall time; the CPU time (user + system) and peak RSS (KiB) of that
    child alone. CPU time moves less than wall time when other processes share the cores."""
    env = {**os.environ, "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"}
    with open(log, "wb") as handle:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=handle, stderr=subprocess.STDOUT, cwd=cwd, env=env
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise BuildFailed(f"{' '.join(command)} exited with {process.returncode}:\n{tail}")
    # Linux reports ru_maxrss in KiB.
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def build(
    work: Path, variant: Variant, content: Path, output: Path, cache: Path | None = None
) -> Run:
    """One build in a fresh process. A cold build starts from no output folder."""
    settings = write_settings(work / f"settings-{variant.name}.py", variant, content, output, cache)
    if not variant.cache and output.exists():
        shutil.rmtree(output)
    command = [sys.executable, *pelican_command(settings, content, output)]
    seconds, cpu, peak = run_child(command, work / f"build-{variant.name}.log", work)
    size, files = tree_size(output)
    return Run(seconds, cpu, peak, size, files)


def alternate(rounds: int, builds: dict[str, Callable[[], Run]]) -> dict[str, Series]:
    """Run each build once per round, in the same order every round: A B A B ..."""
    results = {name: Series() for name in builds}
    for _ in range(rounds):
        for name, function in builds.items():
            results[name].runs.append(function())
    return results


def pair_ratios(numerator: Series, denominator: Series, cpu: bool = False) -> list[float]:
    pairs = zip(numerator.runs, denominator.runs, strict=True)
    if cpu:
        return [a.cpu_seconds / b.cpu_seconds for a, b in pairs]
    return [a.seconds / b.seconds for a, b in pairs]


def ratio_table() -> Table:
    return Table.of(
        "ratio",
        ("median", "{:.3f}x"),
        ("per pair", pairs),
        ("CPU median", "{:.3f}x"),
        ("target", "<= {:.2f}x"),
        "verdict",
    )


def add_ratio(
    table: Table, name: str, a: Series, b: Series, target: float | None, *more: object
) -> None:
    """Median of the per-pair wall-time ratios (the target's figure), each pair, and CPU; then
    the table's own further columns."""
    ratios = pair_ratios(a, b)
    median = statistics.median(ratios)
    cpu = statistics.median(pair_ratios(a, b, cpu=True))
    table.add(name, median, tuple(ratios), cpu, target, target and verdict(median, target), *more)


# ---------------------------------------------------------------------------------------------
# Cold builds, and the ratios measured on the same articles


@dataclass
class Row:
    count: int
    mix: str
    variant: Variant
    series: Series


def cold_table(rows: Iterable[Row]) -> Table:
    table = Table.of(
        "N",
        "mix",
        "build",
        "runs",
        ("median s", "{:.2f}"),
        ("min s", "{:.2f}"),
        ("max s", "{:.2f}"),
        ("CPU s", "{:.2f}"),
        ("ms/article", "{:.1f}"),
        ("peak RSS MB", "{:.0f}"),
        ("output MB", "{:.1f}"),
        "files",
    )
    for row in rows:
        seconds = row.series.seconds
        last = row.series.runs[-1]
        median = statistics.median(seconds)
        peak = max(run.peak_rss_kib for run in row.series.runs) * 1024 / 1e6
        table.add(
            row.count,
            row.mix,
            row.variant.label,
            len(seconds),
            median,
            min(seconds),
            max(seconds),
            statistics.median(row.series.cpu_seconds),
            1000 * median / row.count,
            peak,
            last.output_bytes / 1e6,
            last.output_files,
        )
        if row.count == 1000 and row.variant is OURS:
            met = "met" if peak < TARGET_PEAK_MB_AT_1000 else "MISSED"
            table.notes.append(
                f"Peak memory at 1000 articles, {row.mix}: {peak:.0f} MB "
                f"(target < {TARGET_PEAK_MB_AT_1000} MB: {met})"
            )
    return table


def cold_builds(
    work: Path, sizes: list[int], runs: int, with_ratios: bool, cleaning: str | None
) -> tuple[Table, Table]:
    """The table, and at the largest size the ratios from the same alternating rounds."""
    rows: list[Row] = []
    ratios = ratio_table()
    largest = max(sizes)
    for count in sizes:
        for mix in TIMED_MIXES:
            content = work / "content"
            write_site(content, count, mix, extra_content=ROOT / "content")
            variants = [OURS]
            if with_ratios and count == largest:
                if cleaning is None:
                    variants.append(NO_CLEANING)
                if mix == "realistic":
                    variants.append(PLAIN)
            builds = {
                variant.name: (
                    lambda variant=variant, content=content: build(
                        work, variant, content, work / "output"
                    )
                )
                for variant in variants
            }
            results = alternate(runs, builds)
            for variant in variants:
                rows.append(Row(count, mix, variant, results[variant.name]))
            if not with_ratios or count != largest:
                continue
            ours = results[OURS.name]
            if NO_CLEANING.name in results:
                add_ratio(
                    ratios,
                    f"cleaning cost, {mix}: ours / ours without {CLEANING_PLUGIN}",
                    ours,
                    results[NO_CLEANING.name],
                    TARGET_CLEANING[mix],
                )
            else:
                name = f"cleaning cost, {mix}: cannot be measured ({cleaning})"
                ratios.add(name, None, None, None, None, None)
            if PLAIN.name in results:
                add_ratio(
                    ratios,
                    f"whole build, {mix}: ours / plain Pelican + {BASELINE_THEME}",
                    ours,
                    results[PLAIN.name],
                    TARGET_WHOLE_BUILD,
                )
    return cold_table(rows), ratios


# ---------------------------------------------------------------------------------------------
# Warm rebuilds with Pelican's content cache


def warm_rebuilds(work: Path, count: int, runs: int) -> Table:
    """Cold build vs. rebuild with the content cache on: nothing changed, one article changed."""
    content = work / "content"
    articles = write_site(content, count, "realistic", extra_content=ROOT / "content")
    cache = work / "cache"
    cold_output, warm_output = work / "output-cold", work / "output-warm"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(warm_output, ignore_errors=True)
    first = build(work, WARM, content, warm_output, cache)  # fills the cache
    table = ratio_table()
    table.columns += (Column("files differing from cold"),)

    def cold() -> Run:
        return build(work, OURS, content, cold_output)

    def warm() -> Run:
        return build(work, WARM, content, warm_output, cache)

    unchanged = alternate(runs, {"cold": cold, "warm": warm})
    differing = len(tree_differences(cold_output, warm_output))
    name = "warm, nothing changed / cold"
    add_ratio(table, name, unchanged["warm"], unchanged["cold"], None, differing)

    edited: Article = articles[len(articles) // 2]
    revision = iter(range(1, 1_000_000))

    def cold_after_edit() -> Run:
        touch_article(edited, next(revision))
        return cold()

    changed = alternate(runs, {"cold": cold_after_edit, "warm": warm})
    differing = len(tree_differences(cold_output, warm_output))
    add_ratio(
        table,
        "warm, one article changed / cold",
        changed["warm"],
        changed["cold"],
        TARGET_WARM_ONE_CHANGED,
        differing,
    )
    cold_median = statistics.median(unchanged["cold"].seconds + changed["cold"].seconds)
    cold_cpu = statistics.median(unchanged["cold"].cpu_seconds + changed["cold"].cpu_seconds)
    table.notes += [
        f"First build with the cache on (fills it): {first.seconds:.2f} s, "
        f"cache {tree_size(cache)[0] / 1e6:.1f} MB",
        f"Cold median {cold_median:.2f} s (CPU {cold_cpu:.2f} s); warm medians: nothing changed "
        f"{unchanged['warm'].median:.2f} s (CPU {unchanged['warm'].cpu_median:.2f} s), "
        f"one article changed {changed['warm'].median:.2f} s "
        f"(CPU {changed['warm'].cpu_median:.2f} s)",
    ]
    return table


def tree_differences(left: Path, right: Path) -> list[str]:
    """The files that differ between two built sites (missing on one side, or other bytes)."""

    def files(root: Path) -> dict[str, Path]:
        return {str(p.relative_to(root)): p for p in root.rglob("*") if p.is_file()}

    a, b = files(left), files(right)
    differing = sorted(set(a) ^ set(b))
    differing += sorted(
        name for name in set(a) & set(b) if a[name].read_bytes() != b[name].read_bytes()
    )
    return differing


# ---------------------------------------------------------------------------------------------
# Page weight of the real article


def article_pages(output: Path, settings: dict[str, object]) -> list[Path]:
    """The built pages of the project's own articles, found by their slugs."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    substitutions = settings.get(
        "SLUG_REGEX_SUBSTITUTIONS", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    )
    content = ROOT / str(settings.get("PATH", "content"))
    folders = settings.get("ARTICLE_PATHS") or [""]
    pages = []
    for folder in folders:
        for source in sorted((content / folder).rglob("*.md")):
            metadata = dict(
                (match[1].lower(), match[2].strip())
                for match in re.finditer(
                    r"^([A-Za-z_]+):(.*)$", source.read_text("utf-8").split("\n\n")[0], re.M
                )
            )
            slug = metadata.get("slug") or slugify(metadata.get("title", ""), substitutions)
            pages += sorted(p for p in output.rglob(f"{slug}.html") if "feeds" not in p.parts)
    return pages


URL_IN_CSS = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def _fetched_by_css(css_path: Path, seen: set[Path], external: set[str]) -> None:
    for match in URL_IN_CSS.finditer(css_path.read_text("utf-8", errors="replace")):
        url = match[1] or match[2]
        if url.startswith("data:"):
            continue
        if urlsplit(url).scheme or url.startswith("//"):
            external.add(url)
            continue
        target = (css_path.parent / unquote(urldefrag(url)[0])).resolve()
        if target not in seen:
            seen.add(target)
            if target.suffix == ".css" and target.is_file():
                _fetched_by_css(target, seen, external)


def page_weight(page: Path) -> dict[str, object]:
    """What a browser downloads to show the page, and how much of it is HTML and CSS."""
    from bs4 import BeautifulSoup

    html = page.read_bytes()
    soup = BeautifulSoup(html, "html.parser")
    fetched: set[Path] = set()
    external: set[str] = set()
    stylesheets: list[Path] = []
    for element in soup.find_all(["link", "img", "script", "source", "iframe", "video", "audio"]):
        rel = [value.lower() for value in element.get("rel") or []]
        if element.name == "link" and not {"stylesheet", "icon", "preload", "modulepreload"} & set(
            rel
        ):
            continue
        urls = [element.get("href") or element.get("src")]
        if element.get("srcset"):
            urls += [part.split()[0] for part in element["srcset"].split(",") if part.strip()]
        for url in filter(None, urls):
            if urlsplit(url).scheme or url.startswith("//"):
                external.add(url)
                continue
            target = (page.parent / unquote(urldefrag(url)[0])).resolve()
            if target in fetched:
                continue
            fetched.add(target)
            if "stylesheet" in rel:
                stylesheets.append(target)
    for sheet in list(stylesheets):
        if sheet.is_file():
            _fetched_by_css(sheet, fetched, external)
    css_files = [path for path in fetched if path.suffix == ".css" and path.is_file()]
    css = b"".join(path.read_bytes() for path in sorted(css_files))
    html_gzip = len(gzip.compress(html, 9, mtime=0))
    css_gzip = sum(len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in css_files)
    return {
        "html": len(html),
        "css": len(css),
        "css_files": len(css_files),
        "requests": 1 + len(fetched) + len(external),
        "external": len(external),
        "missing": sum(1 for path in fetched if not path.is_file()),
        "gzip": html_gzip + css_gzip,
    }


def weight_section(work: Path, settings: dict[str, object]) -> Table:
    output = work / "output-project"
    content = (ROOT / str(settings.get("PATH", "content"))).resolve()
    build(work, OURS, content, output)
    table = Table.of(
        "page",
        ("HTML bytes", "{:,}"),
        ("CSS bytes", "{:,}"),
        ("HTML+CSS", "{:,}"),
        "requests",
        "missing",
        "external",
        ("gzip HTML+CSS", "{:,}"),
        f"target HTML+CSS <= {TARGET_PAGE_BYTES:,} B",
    )
    for page in article_pages(output, settings):
        weight = page_weight(page)
        total = weight["html"] + weight["css"]
        table.add(
            str(page.relative_to(output)),
            weight["html"],
            weight["css"],
            total,
            weight["requests"],
            weight["missing"],
            weight["external"],
            weight["gzip"],
            verdict(total, TARGET_PAGE_BYTES),
        )
    table.notes.append(
        "requests = the HTML + stylesheets, icons, images, scripts and CSS url()/@import it "
        "loads (missing: of those, not in the output); external = requests to another host."
    )
    if not table.rows:
        table.notes.append("No article page of the project's content was found in the build.")
    return table


# ---------------------------------------------------------------------------------------------
# Profile


def profile_section(work: Path, count: int, top: int) -> list[str]:
    content = work / "content"
    write_site(content, count, "realistic", extra_content=ROOT / "content")
    output = work / "output"
    shutil.rmtree(output, ignore_errors=True)
    settings = write_settings(work / "settings-profile.py", OURS, content, output)
    stats_file = work / "build.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file)]
    command += pelican_command(settings, content, output)
    seconds, _cpu, _peak = run_child(command, work / "profile.log", work)
    parts = [f"cProfile of one cold build of ours, N={count}, realistic ({seconds:.1f} s):"]
    for order in ("cumulative", "tottime"):
        stream = io.StringIO()
        stats = pstats.Stats(str(stats_file), stream=stream)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        text = stream.getvalue()
        text = text[text.find("   ncalls") :] if "   ncalls" in text else text
        parts.append(f"Sorted by {order} (top {top}):\n{text.rstrip()}")
    return parts


# ---------------------------------------------------------------------------------------------


def paragraph_section(sizes: Sequence[int] = instructions.PARAGRAPH_SIZES) -> Table:
    """Cleaning one paragraph full of fragments: its time grows with its length, no faster."""
    import html

    from newsroom.plugins.clean_markup import clean_html

    return instructions.paragraph_table(
        lambda text: clean_html(f"<p>{html.escape(text, quote=False)}</p>", "en").html, sizes
    )


def instructions_section(work: Path, sizes: list[int], cleaning: str | None) -> list[Table | str]:
    """Instructions per article and at start-up, counted by cachegrind, for each variant."""
    missing = instructions.valgrind_missing()
    if missing:
        return [f"Instruction counts skipped: {missing}."]
    variants = [OURS] + ([NO_CLEANING] if cleaning is None else []) + [PLAIN]
    counts: dict[str, dict[int, int]] = {variant.name: {} for variant in variants}
    content = work / "content-instructions"
    for count in sizes:
        write_site(content, count, instructions.INSTRUCTION_MIX, extra_content=ROOT / "content")
        for variant in variants:
            output = work / "output-instructions"
            shutil.rmtree(output, ignore_errors=True)
            settings = write_settings(
                work / f"settings-{variant.name}.py", variant, content, output
            )
            command = [sys.executable, *pelican_command(settings, content, output)]
            log = work / f"instructions-{variant.name}-{count}.log"
            counts[variant.name][count] = instructions.count_instructions(command, work, log)
    small, large = sizes[0], sizes[-1]
    costs = {
        name: instructions.split_cost(by_size[small], small, by_size[large], large)
        for name, by_size in counts.items()
    }
    labels = {variant.name: variant.label for variant in variants}
    intro = (
        f"Mix: {instructions.INSTRUCTION_MIX} (3 to 6 fragments of mixed shapes in every "
        "article); valgrind --tool=cachegrind --cache-sim=no, one build per size and variant."
    )
    return [intro, *instructions.instruction_tables(costs, labels, [small, large])]


def plain_pelican_command(work: Path) -> Callable[[Path, Path], list[str]]:
    """`python -m pelican` with the project's settings: the build before it was incremental."""

    def command(content: Path, output: Path) -> list[str]:
        settings = write_settings(work / "settings-ours.py", OURS, content, output)
        return [sys.executable, *pelican_command(settings, content, output)]

    return command


def incremental_section(work: Path, args: argparse.Namespace) -> list[Table | str]:
    pelican = plain_pelican_command(work)
    parts: list[Table | str] = list(
        incremental_bench.timed(work, args.incremental_sizes, args.runs, run_child, pelican)
    )
    if args.incremental_instructions > 0:
        parts += [
            "### Instruction counts",
            *incremental_bench.instruction_counts(work, args.incremental_instructions, pelican),
        ]
    return parts


def parse_sizes(value: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in value.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {value!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive numbers, e.g. 10,100,1000")
    return sizes


def parse_sections(value: str) -> list[str]:
    sections = [part.strip() for part in value.split(",") if part.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}"
        )
    return sections


def sections_of(
    work: Path,
    args: argparse.Namespace,
    sections: list[str],
    settings: dict[str, object],
    cleaning: str | None,
) -> Iterator[Section]:
    """Each section asked for, measured when its turn comes (so a long run prints as it goes)."""
    largest = max(args.sizes)
    if "table" in sections or "ratios" in sections:
        cold, ratios = cold_builds(work, args.sizes, args.runs, "ratios" in sections, cleaning)
        yield Section("Cold builds (each in a fresh process, empty output folder)", [cold])
        if ratios.rows:
            title = f"Ratios at N={largest} (median of {args.runs} alternating pairs)"
            yield Section(title, [ratios])
    if "incremental" in sections:
        title = f"Incremental builds (`make html`), realistic, {args.runs} alternating round(s)"
        yield Section(title, incremental_section(work, args))
    if "warm" in sections:
        title = f"Warm rebuilds at N={largest}, realistic (content cache on)"
        yield Section(title, [warm_rebuilds(work, largest, args.runs)])
    if "weight" in sections:
        title = "Article page weight (the project's own articles, our settings)"
        yield Section(title, [weight_section(work, settings)])
    if "paragraph" in sections:
        title = "One paragraph full of fragments (clean_html, in this process)"
        yield Section(title, [paragraph_section()])
    if "instructions" in sections:
        sizes = args.instruction_sizes
        title = f"Instruction counts (N={sizes[0]} and N={sizes[-1]})"
        yield Section(title, instructions_section(work, sizes, cleaning))
    if "profile" in sections:
        yield Section(f"Profile at N={largest}", profile_section(work, largest, args.top))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("10,100,1000"),
        help="numbers of synthetic articles (default 10,100,1000; 5000 is an option)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="cold builds per row, and alternating pairs per ratio (default 3)",
    )
    parser.add_argument(
        "--sections",
        type=parse_sections,
        default=list(DEFAULT_SECTIONS),
        help=f"what to measure, from {','.join(SECTIONS)} (default {','.join(DEFAULT_SECTIONS)})",
    )
    parser.add_argument(
        "--instruction-sizes",
        type=parse_sizes,
        default=parse_sizes(INSTRUCTION_SIZES),
        help=f"the two site sizes whose instruction counts give start-up and per-article cost "
        f"(default {INSTRUCTION_SIZES})",
    )
    parser.add_argument(
        "--incremental-sizes",
        type=parse_sizes,
        default=parse_sizes(INCREMENTAL_SIZES),
        help=f"site sizes for the incremental builds (default {INCREMENTAL_SIZES})",
    )
    parser.add_argument(
        "--incremental-instructions",
        type=int,
        default=INCREMENTAL_INSTRUCTION_SIZE,
        metavar="N",
        help="site size for the incremental builds' instruction counts "
        f"(default {INCREMENTAL_INSTRUCTION_SIZE}; 0 skips them)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile one build at the largest size"
    )
    parser.add_argument("--top", type=int, default=25, help="profile entries shown per sort")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if len(args.instruction_sizes) != 2:
        parser.error("--instruction-sizes takes two sizes, e.g. 50,300")
    sections = args.sections + (["profile"] if args.profile else [])

    settings = project_settings()
    cleaning = cleaning_plugin_state(settings)
    import pelican

    started = time.perf_counter()
    print("# Build benchmark")
    print(
        f"Python {platform.python_version()}, Pelican {pelican.__version__}, "
        f"{os.cpu_count()} CPUs, load average at start {os.getloadavg()[0]:.2f}; "
        f"seed {SEED}; sizes {','.join(map(str, args.sizes))}; {args.runs} run(s)"
    )
    print(f"Our plugins: {', '.join(map(str, settings.get('PLUGINS') or [])) or 'none'}")
    print(
        f"Baseline: Pelican {pelican.__version__} default settings, theme {BASELINE_THEME}, "
        "PLUGINS = [], same content folder (only PATH and OUTPUT_PATH set)"
    )
    if cleaning:
        print(f"Note: {cleaning}.")
    sys.stdout.flush()

    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        for section in sections_of(work, args, sections, settings, cleaning):
            print("\n" + section.render(), flush=True)
    print(f"\nTotal benchmark time: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
