"""A folder a command replaces, empties or serves is never one that holds anything else.

Every case runs `make` in a copy of the project, as a user would, and compares the copy
(and the folders around it) file by file before and after: a guard that let one through
would delete what the assertion looks at.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.build.folders import MARKER
from tests.buildsite import article, content_folder, run_build
from tests.incremental_site import build, build_line, cold_tree, difference, tree
from tests.test_github_pages import copy_project

COMMANDS = ("html", "publish", "regenerate", "devserver", "serve", "clean")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("guarded") / "project")


def listing(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under `root` with its size and mtime: what a deletion or a write changes."""
    found = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder, name)
            stat = path.lstat()
            found[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return found


def make(project: Path, command: str, home: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home), "SITEURL": "https://example.org"}
    return subprocess.run(
        ["make", "--no-print-directory", command, "STAMP=", f"VENV={sys.prefix}"]
        + [f"{name}={value}" for name, value in variables.items()],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def refused(project: Path, command: str, folder: str, home: Path, said: str) -> None:
    around = project.parent
    before = listing(around)
    result = make(project, command, home, OUTPUTDIR=folder)
    assert result.returncode != 0, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and said in errors[0], result.stderr
    assert errors[0].endswith("; nothing was done"), errors[0]
    assert listing(around) == before, "something was written or removed"


@pytest.mark.parametrize(
    ("folder", "said"),
    [
        (".", "is the project ("),
        ("", "is the project ("),
        ("..", "holds the project ("),
        ("/", "holds the project ("),
        ("content", "is the content folder ("),
        ("content/articles", "is inside the content folder ("),
        ("theme", "is the theme ("),
        ("theme/new", "is inside the theme ("),
        ("tests", "holds files no build wrote (no .newsroom-site in it)"),
        ("README.md", "is not a folder"),
        ("linked-output", "is a symbolic link"),
        ("HOME", "is your home folder ("),
    ],
)
def test_make_html_refuses_a_folder_that_holds_anything_else(
    project: Path, tmp_path: Path, folder: str, said: str
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "letter.txt").write_text("mine")
    if folder == "linked-output" and not (project / folder).exists():
        (project / folder).symlink_to(project / "output")
    refused(project, "html", str(home) if folder == "HOME" else folder, home, said)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_that_writes_or_serves_the_output_refuses_the_project(
    project: Path, tmp_path: Path, command: str
) -> None:
    refused(project, command, ".", tmp_path, "is the project (")
    refused(project, command, "content", tmp_path, "is the content folder (")


def test_a_cache_folder_holding_anything_else_is_refused(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (tmp_path / ".site.cache").mkdir()
    (tmp_path / ".site.cache" / "notes.txt").write_text("mine")
    refused(project, "html", str(site), tmp_path, "the build's cache folder")
    assert not site.exists()


def test_new_empty_and_built_folders_are_accepted_and_clean_removes_only_them(
    project: Path, tmp_path: Path
) -> None:
    new, empty = tmp_path / "new" / "site", tmp_path / "empty"
    empty.mkdir()
    for folder in (new, empty):
        for _ in range(2):  # the second build replaces a folder a build wrote
            result = make(project, "html", tmp_path, OUTPUTDIR=str(folder))
            assert result.returncode == 0, result.stderr
            assert (folder / MARKER).is_file() and (folder / "index.html").is_file()
    (tmp_path / "keep.txt").write_text("mine")
    result = make(project, "clean", tmp_path, OUTPUTDIR=str(empty))
    assert result.returncode == 0, result.stderr
    assert not empty.exists() and not (tmp_path / ".empty.cache").exists()
    assert (tmp_path / "keep.txt").read_text() == "mine" and new.is_dir()


def test_a_leftover_no_build_wrote_is_left_alone(tmp_path: Path) -> None:
    content = content_folder(tmp_path, {"a.md": article("A story")})
    output = tmp_path / "out"
    mine = tmp_path / ".out.new.notabuild000"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    result = run_build(content, output)
    assert result.returncode == 0, result.stderr
    assert "left .out.new.notabuild000 alone" in result.stderr
    assert (mine / "notes.txt").read_text() == "mine"


# --- a damaged cache ---------------------------------------------------------------------------


def _damage(database: Path, how: str) -> None:
    data = bytearray(database.read_bytes())
    rng = random.Random(how)
    if how == "garbage":
        data = bytearray(rng.randbytes(len(data)))
    elif how == "pages":  # random bytes inside every page but the first: the header survives
        for start in range(4096, len(data), 4096):
            offset = start + rng.randrange(64, 3800)
            data[offset : offset + 200] = rng.randbytes(200)
    elif how == "one value":  # one byte of the manifest (the marker's name): SQLite cannot tell
        data[data.rindex(MARKER.encode()) + 1] ^= 0x20
    database.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["garbage", "pages", "one value"])
@pytest.mark.parametrize("full", [False, True])
def test_a_damaged_cache_is_set_aside_and_the_build_goes_on(
    tmp_path: Path, how: str, full: bool
) -> None:
    articles = {f"a{n}.md": article(f"Story number {n}", Tags="Ports") for n in range(6)}
    content = content_folder(tmp_path, articles)
    output = tmp_path / "out"
    build(content, output)
    cache = tmp_path / ".out.cache"
    database = cache / "cache.sqlite3"
    _damage(database, how)
    (content / "articles" / "a1.md").write_text(article("Story one, edited"), encoding="utf-8")
    result = build(content, output, *(["--full"] if full else []))
    said = [line for line in result.stderr.splitlines() if "could not be read" in line]
    assert len(said) == 1, result.stderr
    assert "it was set aside as cache.sqlite3.damaged and a new one started" in said[0]
    assert (cache / "cache.sqlite3.damaged").is_file()
    assert "Traceback" not in result.stderr
    assert difference(tree(output), cold_tree(content, tmp_path / "cold")) is None
    # The next build starts from the new cache, as after any build.
    assert build_line(build(content, output)).startswith("up to date: ")


def test_a_memo_value_that_fails_its_checksum_is_computed_again(tmp_path: Path) -> None:
    from newsroom.build.store import CHECKSUM_BYTES, Store

    store = Store(tmp_path / "cache")
    store.memo_put([(b"k" * 20, b"a value")])
    store.connection.execute("UPDATE memo SET value = ?", (b"\0" * CHECKSUM_BYTES + b"a value",))
    assert store.memo_get(b"k" * 20) is None
    assert store.damage and "does not match its checksum" in store.damage
    assert (tmp_path / "cache" / "cache.sqlite3.damaged").is_file()
    assert store.memo_get(b"k" * 20) is None  # the new, empty cache


def test_the_memo_stores_what_it_computed_as_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build keeps at most KEEP_BYTES of computed values in memory; the value computed
    last can still be discarded (the reader does when its source changed while read)."""
    from newsroom.build import memo as memo_module
    from newsroom.build.store import Store

    monkeypatch.setattr(memo_module, "KEEP_BYTES", 100)
    store = Store(tmp_path / "cache")
    memo = memo_module.Memo({}, store)
    for number in range(5):
        assert (
            memo("test", b"%d" % number, lambda number=number: "x" * 60 * number)
            == "x" * 60 * number
        )
    assert len(memo.fresh) < 5  # the others are in the store already
    memo.discard("test", b"4")
    memo.save()
    again = memo_module.Memo({}, store)
    for number in range(4):
        assert again("test", b"%d" % number, lambda: "computed again") == "x" * 60 * number
    assert again("test", b"4", lambda: "computed again") == "computed again"
