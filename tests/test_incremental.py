"""Incremental builds give the same bytes as cold ones.

After every step of random edit sequences (articles added, edited, retitled, redated,
retagged, moved to another section or author, renamed, deleted; drafts added and published;
the About page and the theme's templates edited), the output folder an incremental build
leaves is compared byte for byte with a cold build of the same sources. Then the parts that
have their own ways to go wrong: a build killed with SIGKILL, pages of removed articles, a
build with nothing to do, an output folder edited by hand, and warnings whose cleaning came
from the cache.

Every build runs as `make html` does (`python -m newsroom.build html`, its own process), with
the cleaning's warnings fatal as in CI.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from newsroom.build.folders import MARKER
from newsroom.synthetic import AUTHORS, CATEGORIES, PLACES, TAGS, WORDS
from tests.buildsite import build_command, environment, run_build, start_build
from tests.incremental_site import (
    SOURCE_KINDS,
    TEMPLATE,
    Edit,
    Site,
    build,
    build_line,
    cold_tree,
    difference,
    metadata,
    read,
    set_metadata,
    source_bytes,
    tree,
)
from tests.sitecheck import ROOT

DEEP = os.environ.get("HYPOTHESIS_PROFILE") == "deep"
# Each step costs two builds (seconds each), so the sizes are the profile's, not Hypothesis's
# example counts: the default profile keeps `make test` within its minutes.
ARTICLES = 200 if DEEP else 40
# Hypothesis starts from the simplest sequence (one added article a step): the default
# profile's other two are drawn at random (the same two every run).
SEQUENCES = 10 if DEEP else 3
MIN_STEPS, MAX_STEPS = (2, 6) if DEEP else (2, 2)

# --- what an edit writes ------------------------------------------------------------------------

sentences = st.lists(st.sampled_from([*WORDS, *PLACES]), min_size=3, max_size=10).map(
    lambda words: " ".join(words).capitalize() + "."
)
titles = sentences.map(lambda text: text.rstrip("."))
picks = st.integers(0, 10**6)
dates = st.one_of(
    picks,  # the date of another article
    st.datetimes(min_value=datetime(2019, 6, 1), max_value=datetime(2021, 6, 30)),
)
slugs = st.from_regex(r"[a-z][a-z0-9]{0,11}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
VALUES = {
    "add": st.none(),
    "correction": st.one_of(st.just(""), sentences),  # "" removes every correction
    "body": st.one_of(st.just(""), sentences),  # "" cuts a paragraph
    "title": titles,
    "date": dates,
    "tags": st.lists(st.sampled_from([*TAGS, "Local news"]), max_size=5, unique=True),
    "category": st.sampled_from([*CATEGORIES, "Opinion"]),
    "author": st.sampled_from([*AUTHORS, "Inés Ortega"]),
    "slug": slugs,
    "delete": st.none(),
    "draft": st.none(),
    "publish": st.none(),
    "about": sentences,
    TEMPLATE: st.one_of(titles, st.integers(0, 100)),  # a number: a template that reads more
}
assert set(VALUES) == {*SOURCE_KINDS, TEMPLATE}
edits = st.one_of(*(st.builds(Edit, st.just(kind), picks, value) for kind, value in VALUES.items()))
# A step is what an editor changes between two builds: one file, or a few.
steps = st.lists(edits, min_size=1, max_size=3)

# Every kind of edit, so that each is proven at least once whatever Hypothesis draws.
EVERY_KIND = [
    [
        Edit("add"),
        Edit("body", 5, "A corrected sentence about Minsk."),
        Edit("title", 7, "Talks resume in Yerevan"),
        Edit("tags", 9, ["NATO", "Local news"]),
        Edit("date", 3, 8),
        Edit("correction", 5, "An earlier version misnamed the minister."),
    ],
    [
        Edit("date", 11, datetime(2020, 3, 4, 5, 6)),
        Edit("category", 13, "Opinion"),
        Edit("author", 2, "Inés Ortega"),
        Edit("draft"),
        Edit("body", 8, ""),
    ],
    [
        Edit("slug", 4, "renamed"),
        Edit("delete", 6),
        Edit("publish", 0),
        Edit("about", 0, "A new paragraph about the newsroom."),
        Edit("tags", 1, []),
        Edit("correction", 5, ""),
    ],
    [Edit(TEMPLATE, 1, "Edition of the day")],
    # Templates that read more (each of READS, incremental_site.py), then source edits that
    # change what they read.
    [Edit(TEMPLATE, 0, 0), Edit(TEMPLATE, 1, 1), Edit(TEMPLATE, 2, 2), Edit(TEMPLATE, 3, 3)],
    [Edit("add"), Edit("title", 0, "A new first title"), Edit("tags", 2, ["Zebra crossings"])],
    [Edit(TEMPLATE, 4, 4), Edit(TEMPLATE, 5, 5), Edit(TEMPLATE, 6, 6)],
    [Edit("delete", 1), Edit("date", 4, datetime(2018, 1, 2)), Edit("author", 3, "Ana Zee")],
]


@settings(
    max_examples=SEQUENCES,
    deadline=None,
    database=None,
    derandomize=not DEEP,  # the default run is the same every time
    # A failing sequence is printed whole; shrinking it would take minutes of builds.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(sequence=st.lists(steps, min_size=MIN_STEPS, max_size=MAX_STEPS))
@example(sequence=EVERY_KIND)
def test_after_every_edit_the_incremental_build_equals_a_cold_one(
    sequence: list[list[Edit]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("sequence")
    site = Site(root, ARTICLES)
    output = root / "out"
    build(site.content, output, *site.settings)
    for number, step in enumerate(sequence, 1):
        sources = source_bytes(site.content)
        done = "; ".join(site.apply(edit) for edit in step)
        where = f"after step {number} ({done})"
        # The cold build runs beside the incremental one: they share nothing but the sources.
        with ThreadPoolExecutor(1) as beside:
            reference = beside.submit(cold_tree, site.content, root / "cold", *site.settings)
            line = build_line(build(site.content, output, *site.settings))
            cold = reference.result()
        problem = difference(tree(output), cold)
        assert problem is None, f"{where}: the incremental build differs from a cold one: {problem}"
        if any(edit.kind == TEMPLATE for edit in step):
            assert line.startswith("full build: the theme's templates changed ("), (where, line)
        elif source_bytes(site.content) != sources:
            assert line.startswith("incremental build: source(s) "), (where, line)
        else:
            assert line.startswith("up to date: "), (where, line)


# --- a build killed with SIGKILL ----------------------------------------------------------------


def _staging(output: Path) -> list[Path]:
    return [p for p in output.parent.iterdir() if p.name.startswith(f".{output.name}.new.")]


def _staging_files(output: Path) -> int:
    return sum(len(files) for folder in _staging(output) for _r, _d, files in os.walk(folder))


def _wait_for(condition: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not condition():
        time.sleep(0.01)


# Moments of an incremental build at which it is killed: while Python starts, once its fresh
# folder exists (reading), while it renders, while it carries the unchanged files over.
KILL_MOMENTS: dict[str, Callable[[Path], bool]] = {
    "starting": lambda output: False,
    "reading": lambda output: bool(_staging(output)),
    "rendering": lambda output: _staging_files(output) >= 15,
    "carrying over": lambda output: _staging_files(output) >= 120,
}

# A build killed right after the new folder was swapped in, before its cache recorded it.
KILLED_AFTER_SWAP = """
import os, signal, sys
from newsroom.build.cli import main
from newsroom.build.incremental import IncrementalBuild
IncrementalBuild.after_swap = lambda self: os.kill(os.getpid(), signal.SIGKILL)
sys.exit(main(sys.argv[1:]))
"""


def test_a_killed_incremental_build_leaves_output_whole_and_the_cache_honest(
    tmp_path: Path,
) -> None:
    site = Site(tmp_path, 40)
    output = tmp_path / "out"
    build(site.content, output)
    for number in range(5):  # enough edits for a build that renders for a while
        site.apply(Edit("body", number * 7, f"A correction, number {number}."))
    site.apply(Edit("add"))
    before = tree(output)
    expected = cold_tree(site.content, tmp_path / "cold")
    killed = []
    for moment, reached in KILL_MOMENTS.items():
        process = start_build(site.content, output)
        try:
            if moment == "starting":
                time.sleep(0.3)
            else:
                _wait_for(lambda r=reached, p=process: r(output) or p.poll() is not None)
            finished = process.poll() is not None
            process.send_signal(signal.SIGKILL)
        finally:
            process.wait()
        after = tree(output)
        # Killed before the swap, the old site; after it (the build won the race), the new one.
        assert after == before or after == expected, f"killed while {moment}: output/ is mixed"
        if not finished and process.returncode == -signal.SIGKILL and after == before:
            killed.append(moment)
    assert len(killed) >= 3, f"the build finished before most kills: {killed}"
    if tree(output) == before:  # no kill came too late: the cache still describes output/
        again = build(site.content, output)
        assert build_line(again).startswith("incremental build: source(s) 5 changed, 1 added")
        assert difference(tree(output), expected) is None
    # Killed between the swap and the cache's record of it: the next build cannot trust the
    # record, rebuilds in full and says why.
    site.apply(Edit("title", 3, "Talks resume in Minsk"))
    expected = cold_tree(site.content, tmp_path / "cold")
    command = [sys.executable, "-c", KILLED_AFTER_SWAP, *build_command(site.content, output)[3:]]
    killed_after_swap = subprocess.run(
        command, cwd=ROOT, env=environment(), capture_output=True, text=True, check=False
    )
    assert killed_after_swap.returncode == -signal.SIGKILL, killed_after_swap.stderr
    assert difference(tree(output), expected) is None  # the new site is whole
    site.apply(Edit("tags", 5, ["Energy"]))
    expected = cold_tree(site.content, tmp_path / "cold")
    result = build(site.content, output)
    line = build_line(result)
    assert re.match(r"full build: \S*out/ is not what the last build left there$", line), line
    assert "edited by hand" not in result.stderr  # a build swapped it in: nothing to keep
    assert difference(tree(output), expected) is None
    # And the cache is honest again: the next edit is incremental, and right.
    site.apply(Edit("author", 9, "Inés Ortega"))
    expected = cold_tree(site.content, tmp_path / "cold")
    line = build_line(build(site.content, output))
    assert line.startswith("incremental build: source(s) 1 changed"), line
    assert difference(tree(output), expected) is None


# --- removed articles, builds with nothing to do, output folders edited by hand ----------------


def _mentions(site: dict[str, bytes], text: str) -> list[str]:
    return [name for name, data in site.items() if text.encode() in data or text in name]


def test_a_deleted_or_renamed_article_leaves_nothing_behind(tmp_path: Path) -> None:
    site = Site(tmp_path, 12)
    output = tmp_path / "out"
    gone, renamed = site.articles[4], site.articles[8]
    # The deleted article alone has its tag and its author: their pages must go too.
    gone.write_text(
        set_metadata(set_metadata(read(gone), "Tags", "Lonely tag"), "Author", "Solo Writer"),
        encoding="utf-8",
    )
    build(site.content, output)
    old_slug, old_title = renamed.stem, metadata(read(renamed))["Title"]
    built = tree(output)
    assert _mentions(built, gone.stem) and _mentions(built, old_slug)
    assert "tag/lonely-tag.html" in built and "author/solo-writer.html" in built
    searched = len(list((output / "search" / "d").iterdir()))
    site.apply(Edit("delete", 4))
    site.apply(Edit("slug", 8 - 1, "moved"))  # the list lost one article before it
    line = build_line(build(site.content, output))
    assert line.startswith("incremental build: source(s) 1 added, 2 removed"), line
    after = tree(output)
    assert _mentions(after, gone.stem) == []
    assert "tag/lonely-tag.html" not in after and "author/solo-writer.html" not in after
    assert "Lonely tag" not in str(after) and "Solo Writer" not in str(after)
    assert f"articles/{old_slug}.html" not in after
    assert "articles/moved-1.html" in after
    # The renamed article's old slug is left only in its source's address, on its own page.
    assert _mentions(after, old_slug) == ["articles/moved-1.html"]
    assert len(list((output / "search" / "d").iterdir())) == searched - 1
    assert any(old_title.encode() in data for data in after.values())


def _stats(output: Path) -> dict[str, tuple[int, int]]:
    return {
        path.relative_to(output).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in output.rglob("*")
    }


def test_nothing_changed_nothing_written_and_a_hand_edit_gives_a_full_build(
    tmp_path: Path,
) -> None:
    site = Site(tmp_path, 12)
    output = tmp_path / "out"
    build(site.content, output)
    built, stats, folder = tree(output), _stats(output), output.stat().st_ino
    line = build_line(build(site.content, output))
    assert line.startswith("up to date: nothing changed since the last build of "), line
    assert (_stats(output), output.stat().st_ino, tree(output)) == (stats, folder, built)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")) == [
        ".out.cache",
        ".out.lock",
    ]
    pages = sorted(name for name in built if name.startswith("articles/"))
    hand_edits = {
        f"1 changed ({pages[3]})": lambda: (output / pages[3]).write_bytes(b"<p>edited</p>"),
        "1 added (notes.txt)": lambda: (output / "notes.txt").write_text("mine"),
        "1 removed (index.html: the build writes them again)": lambda: (
            output / "index.html"
        ).unlink(),
    }
    for said, edit in hand_edits.items():
        edit()
        result = build(site.content, output)
        assert f"out/ was edited by hand since the last build: {said}\n" in result.stderr
        line = build_line(result)
        assert re.match(r"full build: \S*out/ is not what the last build left there$", line), line
        assert difference(tree(output), built) is None, said
        # The build after it trusts the folder again.
        assert build_line(build(site.content, output)).startswith("up to date: ")
    kept = sorted((tmp_path / ".out.edits").iterdir())
    assert [tree(folder) for folder in kept] == [
        {pages[3]: b"<p>edited</p>"},
        {"notes.txt": b"mine"},
    ]


def test_every_hand_edit_is_named_and_kept_whatever_the_build(tmp_path: Path) -> None:
    """A full build asked for, or forced by a setting, still names and keeps every edit."""
    site = Site(tmp_path, 12)
    output = tmp_path / "out"
    build(site.content, output)
    built = tree(output)
    pages = sorted(name for name in built if name.startswith("articles/"))
    for number, extra in enumerate([("--full",), ("-e", 'SITESUBTITLE="Another"')]):
        for page in pages[:7]:
            (output / page).write_bytes(b"edited " + page.encode())
        (output / f"google{number}.html").write_text("verification")
        result = build(site.content, output, *extra)
        assert "out/ was edited by hand since the last build: 7 changed (" in result.stderr
        assert " and 2 more); 1 added (google" in result.stderr, result.stderr
        assert "a copy of the files edited or added by hand is kept in " in result.stderr
        assert build_line(result).startswith("full build: ")
    kept = [tree(folder) for folder in sorted((tmp_path / ".out.edits").iterdir())]
    expected = {page: b"edited " + page.encode() for page in pages[:7]}
    assert kept == [expected | {"google0.html": b"verification"}] + [
        expected | {"google1.html": b"verification"}
    ]


# --- warnings whose work came from the cache ------------------------------------------------------

DANGEROUS = """Title: A story with a script
Date: 2022-11-25
Tags: Evil

An article with a <script>alert("body")</script> tag, and an
<img src="a.png" onerror="alert('img')"> image.

Second paragraph told AFP b>. and CTO < /b>provides.
"""


def _warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


def test_warnings_are_printed_by_every_build_that_uses_the_cached_cleaning(
    tmp_path: Path,
) -> None:
    """The cleaning's warnings are not fatal here, so the builds go on and print them."""
    site = Site(tmp_path, 12)
    (site.content / "articles" / "dangerous.md").write_text(DANGEROUS, encoding="utf-8")
    output = tmp_path / "out"
    lenient = ("-e", "CLEAN_MARKUP_FATAL_WARNINGS=false")
    cold = build(site.content, output, "--full", *lenient)
    expected = _warnings(cold)
    where = [warning.split(": ")[1] for warning in expected]
    assert where == ["articles/dangerous.md:5", "articles/dangerous.md:6"], cold.stderr
    # Nothing changed: nothing to build, and the last build's warnings are shown again.
    again = build(site.content, output, *lenient)
    assert build_line(again).startswith("up to date: nothing changed")
    assert _warnings(again) == expected
    # Warnings made fatal: a build that says why it is refused, not "up to date".
    strict = run_build(site.content, output, *lenient, "--fatal", "warnings")
    assert strict.returncode != 0 and build_line(strict) == "incremental build: no source changed"
    assert _warnings(strict) == expected
    site.apply(Edit("body", 2, "A correction."))
    edited = build(site.content, output, *lenient)
    assert build_line(edited).startswith("incremental build: source(s) 1 changed")
    assert _warnings(edited) == expected


# --- one process building again and again, as `make regenerate` does ------------------------

# Builds with one IncrementalBuild, as regenerate does, each time a line arrives on stdin.
REGENERATE_SCRIPT = """
import sys
from newsroom.build.build import build_once, install_log
from newsroom.build.cli import options_from, parse_arguments, say
from newsroom.build.incremental import IncrementalBuild

options = options_from(parse_arguments(sys.argv[1:]))
log = install_log(options)
builder = IncrementalBuild(options, log, say)
for _line in sys.stdin:
    say("built" if build_once(options, log, say, builder) else "failed")
"""


def test_one_process_building_after_each_edit_equals_cold_builds(tmp_path: Path) -> None:
    """Whatever the modules of the build and the plugins keep between two builds in the same
    process must not leak into the next one."""
    site = Site(tmp_path, 40)
    output = tmp_path / "out"
    arguments = build_command(site.content, output, *site.settings)[3:]
    process = subprocess.Popen(
        [sys.executable, "-c", REGENERATE_SCRIPT, *arguments],
        cwd=ROOT,
        env=environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin and process.stderr

    def build_again() -> list[str]:
        process.stdin.write("build\n")
        process.stdin.flush()
        lines = []
        while (line := process.stderr.readline()) not in ("built\n", "failed\n", ""):
            lines.append(line.rstrip("\n"))
        assert line == "built\n", "\n".join(lines)
        return lines

    try:
        build_again()
        for number, step in enumerate(EVERY_KIND, 1):
            done = "; ".join(site.apply(edit) for edit in step)
            lines = build_again()
            kind = "full build: the theme's" if step[0].kind == TEMPLATE else "incremental build: "
            assert any(line.startswith(kind) for line in lines), "\n".join(lines)
            cold = cold_tree(site.content, tmp_path / "cold", *site.settings)
            problem = difference(tree(output), cold)
            assert problem is None, f"after step {number} ({done}): {problem}\n" + "\n".join(lines)
    finally:
        process.stdin.close()
        process.wait(timeout=60)


def test_a_settings_function_changed_only_in_its_defaults_is_a_changed_setting() -> None:
    from newsroom.build import inputs as env

    def make(suffix: str, keyword: str, captured: str) -> object:
        def shout(text: str, end: str = suffix, *, mark: str = keyword) -> str:
            return text + end + mark + captured

        return shout

    same = env.setting_items({"JINJA_FILTERS": {"shout": make("!", "?", "x")}})
    assert same == env.setting_items({"JINJA_FILTERS": {"shout": make("!", "?", "x")}})
    for changed in (make("!!", "?", "x"), make("!", "??", "x"), make("!", "?", "y")):
        assert env.setting_items({"JINJA_FILTERS": {"shout": changed}}) != same


def test_a_recorded_render_writes_what_pelican_alone_writes(tmp_path: Path) -> None:
    """Templates see recording proxies (newsroom/build/reads.py) instead of the values: with
    every way of reading in READS added to the theme, the pages are Pelican's own bytes."""
    site = Site(tmp_path, 30)
    for number in range(7):
        site.apply(Edit(TEMPLATE, number, number))
    output = tmp_path / "out"
    build(site.content, output, *site.settings)
    plain = tmp_path / "plain"
    command = [sys.executable, "-m", "pelican", str(site.content), "-o", str(plain)]
    command += ["-s", str(ROOT / "pelicanconf.py"), *site.settings]  # one -e: the last counts
    result = subprocess.run(
        command, cwd=ROOT, env=environment(), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    built = {name: data for name, data in tree(output).items() if name != MARKER}
    problem = difference(built, tree(plain))
    assert problem is None, problem
