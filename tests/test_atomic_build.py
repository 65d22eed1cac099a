"""output/ is the product: a build that fails, is refused, is killed or runs beside another
never leaves it half written. Every case compares output/ byte for byte before and after."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsroom.build.folders import MARKER, MARKER_TEXT
from newsroom.synthetic import touch_article, write_site
from tests.buildsite import (
    article,
    beside,
    content_folder,
    error_lines,
    run_build,
    start_build,
)
from tests.sitecheck import ROOT, tree_bytes

LOCK = ".out.lock"
# What the build keeps beside the output folder: its cache (incremental.py) and its lock.
KEPT = [".out.cache", LOCK]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    """A two-article site, built once: (content, output, the output's bytes)."""
    root = tmp_path_factory.mktemp("small")
    content = content_folder(
        root,
        {
            "first.md": article("First story", Tags="Ports, Trade"),
            "second.md": article("Second story", date="2022-11-25", Tags="Ports"),
        },
    )
    output = root / "out"
    result = run_build(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    return content, output, tree_bytes(output)


def test_a_build_writes_the_site_and_keeps_nothing_but_its_lock_beside_it(small) -> None:
    _content, output, built = small
    assert "articles/first-story.html" in built and "index.html" in built
    assert beside(output) == KEPT


def test_a_deleted_article_disappears(small, tmp_path: Path) -> None:
    content, output, _built = small
    copy = tmp_path / "content"
    shutil.copytree(content, copy)
    (copy / "articles" / "second.md").unlink()
    result = run_build(copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / "articles" / "second-story.html").exists()
    # The same folder rebuilt from fewer sources keeps no stale page either.
    output_copy = tmp_path / "again"
    shutil.copytree(output, output_copy)
    result = run_build(copy, output_copy)
    assert result.returncode == 0, result.stderr
    assert tree_bytes(output_copy) == tree_bytes(tmp_path / "out")


def test_a_refused_build_leaves_output_byte_identical(small, tmp_path: Path) -> None:
    content, output, built = small
    bad = content / "articles" / "dup.md"
    bad.write_text(article("Another", Slug="first-story"), encoding="utf-8")
    try:
        result = run_build(content, output)
    finally:
        bad.unlink()
    assert result.returncode == 1
    assert any("dup.md:" in line for line in error_lines(result.stderr)), result.stderr
    assert tree_bytes(output) == built
    assert beside(output) == KEPT


def test_a_build_failing_while_it_writes_leaves_output_byte_identical(small) -> None:
    """A missing template fails only when Pelican renders the page, after the checks."""
    content, output, built = small
    bad = content / "articles" / "template.md"
    bad.write_text(article("Odd one", Template="no-such-template"), encoding="utf-8")
    try:
        result = run_build(content, output)
    finally:
        bad.unlink()
    assert result.returncode == 1
    assert "no-such-template" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_bytes(output) == built
    assert beside(output) == KEPT


def test_leftovers_of_a_killed_build_are_cleaned_at_the_next_start(small, tmp_path: Path) -> None:
    content, output, built = small
    abandoned = output.parent / ".out.new.0123456789ab"
    (abandoned / "articles").mkdir(parents=True)
    (abandoned / MARKER).write_bytes(MARKER_TEXT)  # the first thing a build writes
    (abandoned / "articles" / "half.html").write_text("<p>half")
    result = run_build(content, output)
    assert result.returncode == 0, result.stderr
    assert "removed .out.new.0123456789ab" in result.stderr
    assert beside(output) == KEPT
    assert tree_bytes(output) == built


def test_an_interrupted_fallback_swap_is_undone(small, tmp_path: Path) -> None:
    """Where the atomic exchange is missing, the swap is two renames; killed between them,
    the old site waits under its old name and comes back at the next start."""
    from newsroom.build.atomic import OLD, OutputFolder, recover

    _content, output, built = small
    site = tmp_path / "site"
    shutil.copytree(output, site)
    folder = OutputFolder(site)
    moved = folder.fresh(OLD)
    os.rename(site, moved)
    half = folder.fresh("new")
    half.mkdir()
    assert not site.exists()
    done = recover(folder)
    assert tree_bytes(site) == built
    assert not moved.exists() and not half.exists()
    assert any("restored" in line for line in done)


EDITED: dict[str, dict[str, bytes]] = {}  # the archive's site after the edit, once built


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    """A 300-article synthetic site, built once, then one article edited (not rebuilt)."""
    root = tmp_path_factory.mktemp("archive")
    content = root / "content"
    articles = write_site(content, 300, "realistic", extra_content=ROOT / "content")
    output = root / "out"
    result = run_build(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    touch_article(articles[150], 1)  # a finished build would now differ from output/
    return content, output, tree_bytes(output)


def _wait_for(condition, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _staging_files(output: Path) -> int:
    fresh = [p for p in output.parent.iterdir() if p.name.startswith(".out.new.")]
    return sum(len(files) for folder in fresh for _root, _dirs, files in os.walk(folder))


def _staging_exists(output: Path) -> bool:
    return any(p.name.startswith(".out.new.") for p in output.parent.iterdir())


# The moments of a build at which it is killed: while Python starts, once its fresh folder
# exists (reading the sources), and while it writes (a few files, most of them).
KILL_MOMENTS = {
    "starting": lambda output: True,
    "reading": _staging_exists,
    "writing": lambda output: _staging_files(output) >= 20,
    "nearly-done": lambda output: _staging_files(output) >= 500,
}


def test_sigkill_at_any_moment_leaves_output_byte_identical(archive) -> None:
    """Each kill leaves output/ as it was, or (when the build won the race and swapped its
    site in before the signal landed) the whole new site: never a mix."""
    content, output, built = archive
    outcomes = []
    for moment, reached in KILL_MOMENTS.items():
        process = start_build(content, output)
        try:
            if moment == "starting":
                time.sleep(0.3)
            else:
                assert _wait_for(lambda r=reached, p=process: r(output) or p.poll() is not None)
            process.send_signal(signal.SIGKILL)
        finally:
            process.wait()
        outcomes.append((moment, process.returncode, tree_bytes(output)))
    # The next build cleans what the killed ones left, and brings the edit in.
    result = run_build(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert beside(output) == KEPT
    EDITED["tree"] = tree_bytes(output)
    assert EDITED["tree"] != built
    for moment, _code, after in outcomes:
        assert after in (built, EDITED["tree"]), f"killed while {moment}: output/ is a mix"
    killed = [m for m, code, after in outcomes if code == -signal.SIGKILL and after == built]
    codes = [(moment, code) for moment, code, _after in outcomes]
    assert len(killed) >= 3, f"the build finished before most kills: {codes}"


def test_ctrl_c_leaves_output_byte_identical_and_nothing_beside_it(archive) -> None:
    content, output, _built = archive
    before = tree_bytes(output)
    # On a loaded machine the build may finish between the look at its folder and the signal:
    # then it is whole (the sources did not change since the last build), and it is tried again.
    for _attempt in range(3):
        process = start_build(content, output, "--full")  # a build with work to interrupt
        try:
            assert _wait_for(lambda p=process: _staging_files(output) >= 20 or p.poll() is not None)
            process.send_signal(signal.SIGINT)
            text, _ = process.communicate(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
        assert tree_bytes(output) == before
        if process.returncode != 0:
            break
    assert process.returncode == 130, text
    assert "interrupted" in text and "Traceback" not in text
    assert beside(output) == KEPT


def test_a_second_build_waits_for_the_first_and_says_so(archive) -> None:
    content, output, _built = archive
    first = start_build(content, output, "--full")  # long enough for the second to wait
    try:
        assert _wait_for(lambda: _staging_exists(output))
        second = start_build(content, output, "--full")
        second_text, _ = second.communicate(timeout=300)
        first_text, _ = first.communicate(timeout=300)
    finally:
        for process in (first,):
            if process.poll() is None:
                process.kill()
    assert first.returncode == 0, first_text
    assert second.returncode == 0, second_text
    assert "waiting: another build of" in second_text
    assert beside(output) == KEPT
    if "tree" not in EDITED:  # run alone: build the reference here
        reference = output.parent / "reference"
        assert run_build(content, reference).returncode == 0
        EDITED["tree"] = tree_bytes(reference)
    assert tree_bytes(output) == EDITED["tree"]


def test_nothing_is_written_before_the_checks(small) -> None:
    """Theme files, feeds, pages: all come after the cross-file checks have passed."""
    content, _output, _built = small
    script = (
        "import json, os, sys\n"
        "from pathlib import Path\n"
        "from pelican import signals\n"
        "from newsroom.build.build import BuildOptions, build_once, install_log\n"
        "seen = []\n"
        "def look(generators):\n"
        "    top = generators[0].output_path\n"
        "    for folder, _dirs, names in os.walk(top):\n"
        "        seen.extend(os.path.relpath(os.path.join(folder, n), top) for n in names)\n"
        "signals.all_generators_finalized.connect(look)\n"
        f"options = BuildOptions(Path({str(content)!r}), Path(sys.argv[1]), "
        f"Path({str(ROOT / 'pelicanconf.py')!r}))\n"
        "result = build_once(options, install_log(options), print)\n"
        "print(json.dumps([result, sorted(set(seen) - {'.newsroom-site'})]))\n"
    )
    output = content.parent / "inprocess"
    result = subprocess.run(
        [sys.executable, "-c", script, str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[true, []]"
    assert (output / "theme").is_dir()


def test_make_html_passes_folders_to_the_build_without_a_shell(tmp_path: Path) -> None:
    """Quotes, backticks and `;` in OUTPUTDIR reach the build as they are; nothing runs."""
    canary = tmp_path / "canary"
    output = tmp_path / f"site \"one\" `touch {canary}` ; 'two'"
    result = subprocess.run(
        ["make", "--no-print-directory", "html", f"OUTPUTDIR={output}", "STAMP="],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (output / "index.html").is_file()
    assert not canary.exists()
