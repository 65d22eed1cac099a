"""make variables are data: `make import` and `make github` pass every value on exactly as it
was written, and no shell, and not make itself, ever runs anything in it.

The commands make runs are replaced by a stand-in (VENV and PELICAN point at a script that
records its arguments and environment), so each value is compared with what arrives; a canary
file shows that nothing in a value ran. Then the real commands run with the values the
README's users gave (`AUTHOR='Jean "JJ" Dupont'`, `TAGS='US$ bonds'`) and a real `make github`
pushes to a branch, remote and folder whose names are made of shell syntax.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sitecheck import RAW_ARTICLE, ROOT
from tests.test_github_pages import copy_project, git

IMPORT_VARIABLES = (
    "RAW",
    "SOURCE",
    "TAGS",
    "DATE",
    "MODIFIED",
    "CORRECTION",
    "CATEGORY",
    "AUTHOR",
    "AGENCY",
    "SLUG",
    "LANG_CODE",
    "TITLE",
    "SITE",
)
IMPORT_OPTIONS = {
    "SOURCE": "--source",
    "TAGS": "--tags",
    "DATE": "--date",
    "MODIFIED": "--modified",
    "CORRECTION": "--correction",
    "CATEGORY": "--category",
    "AUTHOR": "--author",
    "AGENCY": "--agency",
    "SLUG": "--slug",
    "LANG_CODE": "--lang",
    "TITLE": "--title",
    "SITE": "--site",
}
FLAGS = {"TRANSLATED": "--translated", "FORCE": "--force", "DRY_RUN": "--dry-run"}
GITHUB_VARIABLES = ("GITHUB_PAGES_BRANCH", "GITHUB_PAGES_REMOTE", "GITHUB_PAGES_DIR")
PUBLISH_VARIABLES = ("SITEURL", "CNAME")


def hostile_values(canary: Path) -> list[str]:
    """Quotes, $, backticks, $(...), make's own $(shell ...), spaces, ;, newlines, options."""
    return [
        'Jean "JJ" Dupont',
        "US$ bonds",
        f"Russia, `touch {canary}`",
        f"$(touch {canary})",
        f"$(shell touch {canary})",
        f"'; touch {canary}; echo '",
        f'"; touch {canary}; echo "',
        f"a;touch {canary}",
        f"first line\ntouch {canary}",
        "$$ $HOME ${HOME} $(HOME) %",
        "-x --force --articles=/tmp",
        "back\\slash \\n \\",
        "tab\there, comma, and = sign # not a comment",
    ]


STUB = """#!{python}
import json, os, sys
with open(os.environ["MAKE_VARIABLES_RECORD"], "a", encoding="utf-8") as record:
    record.write(json.dumps({{"argv": sys.argv[1:], "env": dict(os.environ)}}) + "\\n")
"""


@pytest.fixture
def stand_in(tmp_path: Path) -> Path:
    """A VENV whose python and pelican only record how they were called."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for name in ("python", "pelican"):
        script = venv / "bin" / name
        script.write_text(STUB.format(python=sys.executable), encoding="utf-8")
        script.chmod(0o755)
    return venv


def run_make(
    target: str, venv: Path, record: Path, variables: dict[str, str], *, via: str
) -> subprocess.CompletedProcess[str]:
    """make TARGET with the variables on the command line, or in the environment."""
    env = {key: value for key, value in os.environ.items() if key not in variables}
    env["MAKE_VARIABLES_RECORD"] = str(record)
    command = ["make", "--no-print-directory", target, f"VENV={venv}", "STAMP="]
    command.append(f"PELICAN={venv}/bin/pelican")
    if via == "command line":
        command += [f"{name}={value}" for name, value in variables.items()]
    else:
        env |= variables
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def calls(record: Path) -> list[dict]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


def as_written(value: str, via: str) -> str:
    """make drops the spaces that start a command-line assignment (its own syntax)."""
    return value.lstrip(" \t") if via == "command line" else value


@pytest.mark.parametrize("via", ["command line", "environment"])
def test_make_import_passes_every_value_as_it_was_written(
    stand_in: Path, tmp_path: Path, via: str
) -> None:
    canary = tmp_path / "canary"
    for index, value in enumerate(hostile_values(canary)):
        record = tmp_path / f"import-{index}.jsonl"
        variables = {name: f"{name.lower()} {value}" for name in IMPORT_VARIABLES}
        variables |= {name: value for name in FLAGS}
        result = run_make("import", stand_in, record, variables, via=via)
        assert result.returncode == 0, result.stdout + result.stderr
        ((call),) = calls(record)
        argv = call["argv"]
        assert argv[:2] == ["-m", "newsroom.importer"]
        assert argv[-2:] == ["--", as_written(variables["RAW"], via)], argv
        for name, option in IMPORT_OPTIONS.items():
            assert f"{option}={as_written(variables[name], via)}" in argv, (name, argv)
        assert not set(FLAGS.values()) & set(argv), argv  # only FLAG=1 turns a flag on
        assert len(argv) == 2 + len(IMPORT_OPTIONS) + 2
    assert not canary.exists(), "a value was run as a command"


def test_flags_are_on_only_when_set_to_1(stand_in: Path, tmp_path: Path) -> None:
    record = tmp_path / "flags.jsonl"
    variables = {"RAW": "raw/story.txt", **{name: "1" for name in FLAGS}}
    assert run_make("import", stand_in, record, variables, via="command line").returncode == 0
    ((call),) = calls(record)
    assert call["argv"] == ["-m", "newsroom.importer", *FLAGS.values(), "--", "raw/story.txt"]


@pytest.mark.parametrize("via", ["command line", "environment"])
def test_make_html_passes_the_folders_as_written_and_builds_in_full_only_with_full_1(
    stand_in: Path, tmp_path: Path, via: str
) -> None:
    canary = tmp_path / "canary"
    for index, value in enumerate(hostile_values(canary)):
        record = tmp_path / f"html-{index}.jsonl"
        variables = {
            "INPUTDIR": f"content {value}",
            "OUTPUTDIR": f"output {value}",
            "CONFFILE": f"conf {value}",
            "FATAL": f"fatal {value}",
            "FULL": value,
        }
        result = run_make("html", stand_in, record, variables, via=via)
        assert result.returncode == 0, result.stdout + result.stderr
        ((call),) = calls(record)
        argv = call["argv"]
        assert argv[:3] == ["-m", "newsroom.build", "html"], argv
        for option, name in (
            ("--content", "INPUTDIR"),
            ("--output", "OUTPUTDIR"),
            ("-s", "CONFFILE"),
            ("--fatal", "FATAL"),
        ):
            assert argv[argv.index(option) + 1] == as_written(variables[name], via), (name, argv)
        assert "--full" not in argv, argv  # only FULL=1 asks for a cold build
    assert not canary.exists(), "a value was run as a command"
    record = tmp_path / "full.jsonl"
    assert run_make("html", stand_in, record, {"FULL": "1"}, via=via).returncode == 0
    ((call),) = calls(record)
    assert "--full" in call["argv"]


def test_make_import_without_raw_says_how_to_use_it(stand_in: Path, tmp_path: Path) -> None:
    record = tmp_path / "none.jsonl"
    result = run_make("import", stand_in, record, {"TAGS": "x"}, via="command line")
    assert result.returncode == 2 and "usage: make import RAW=" in result.stdout
    assert calls(record) == []


@pytest.mark.parametrize("via", ["command line", "environment"])
def test_make_github_passes_every_value_as_it_was_written(
    stand_in: Path, tmp_path: Path, via: str
) -> None:
    canary = tmp_path / "canary"
    for index, value in enumerate(hostile_values(canary)):
        record = tmp_path / f"github-{index}.jsonl"
        variables = {name: f"{name.lower()} {value}" for name in GITHUB_VARIABLES}
        variables |= {name: f"{name.lower()} {value}" for name in PUBLISH_VARIABLES}
        result = run_make("github", stand_in, record, variables, via=via)
        assert result.returncode == 0, result.stdout + result.stderr
        check, build, push = calls(record)
        assert check["argv"] == ["-m", "newsroom.plugins.pages_hosting.push", "--check"]
        assert push["argv"] == ["-m", "newsroom.plugins.pages_hosting.push"]
        output = as_written(variables["GITHUB_PAGES_DIR"], via)
        assert f"--output={output}" in build["argv"]
        assert build["argv"][build["argv"].index("-s") + 1].endswith("publishconf.py")
        for call in (check, build, push):
            for name, value in variables.items():
                assert call["env"][name] == as_written(value, via), (name, call["argv"])
    assert not canary.exists(), "a value was run as a command"


def test_make_help_does_not_run_the_branch_name(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    branch = f"'; touch {canary}; echo '$(shell touch {canary})"
    result = subprocess.run(
        ["make", "--no-print-directory", "help", f"GITHUB_PAGES_BRANCH={branch}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and branch in result.stdout
    assert not canary.exists()


# --- the real commands --------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """make github commits in the repository it runs in: a copy of the project, not this one."""
    return copy_project(tmp_path_factory.mktemp("project") / "project")


def make_import(*variables: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", "import", f"RAW={RAW_ARTICLE}", "DATE=2022-11-24"]
        + ["DRY_RUN=1", "STAMP=", f"VENV={sys.prefix}", *variables],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_article_gets_the_values_as_they_were_typed(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    article = make_import(
        'AUTHOR=Jean "JJ" Dupont',
        f"TAGS=US$ bonds, `touch {canary}`, $(touch {canary})",
        "AGENCY=A$$P",
    )
    head = article.split("\n\n", 1)[0].splitlines()
    assert 'Author: Jean "JJ" Dupont' in head
    assert f"Tags: US$ bonds, `touch {canary}`, $(touch {canary})" in head
    assert "Agency: A$$P" in head
    assert not canary.exists()
    from_environment = make_import(env={"AUTHOR": "O'Brien $USER", "CATEGORY": "Money & $"})
    assert "Author: O'Brien $USER\n" in from_environment
    assert "Category: Money & $\n" in from_environment


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("GITHUB_PAGES_REMOTE", "--upload-pack=touch {canary}", "is not a remote name"),
        ("GITHUB_PAGES_REMOTE", "ext::sh -c touch% {canary}", "ext:: transport"),
        ("GITHUB_PAGES_BRANCH", "gh-pages\nreset refs/heads/main", "is not a branch name"),
        ("GITHUB_PAGES_BRANCH", "--force", "is not a branch name"),
        ("GITHUB_PAGES_BRANCH", "a..b", "is not a branch name git accepts"),
        ("GITHUB_PAGES_DIR", ".", "which must not be replaced"),
        ("GITHUB_PAGES_DIR", "..", "which must not be replaced"),
        ("GITHUB_PAGES_DIR", "theme", "which the build reads"),
        ("GITHUB_PAGES_DIR", "tests", "holds files no build wrote"),
        ("SITEURL", "https://x.org/$(touch {canary})", "set SITEURL to the site's absolute"),
        ("CNAME", "News.Example.org;touch {canary}", "is not a domain name"),
    ],
)
def test_make_github_refuses_values_git_or_the_build_would_misread(
    project: Path, tmp_path: Path, variable: str, value: str, message: str
) -> None:
    canary = tmp_path / "canary"
    env = {
        **os.environ,
        "SITEURL": "https://news.example.org",
        "CNAME": "",
        "GITHUB_PAGES_DIR": str(tmp_path / "build"),
        variable: value.format(canary=canary),
    }
    result = subprocess.run(
        ["make", "--no-print-directory", "github", "STAMP=", f"VENV={sys.prefix}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert not (tmp_path / "build").exists(), "nothing is built"
    assert not canary.exists()
    assert git(project, "status", "--porcelain") == b""


def test_make_github_pushes_to_names_made_of_shell_syntax(project: Path, tmp_path: Path) -> None:
    """A real push: the branch, the remote's folder and the build folder are all legal names
    full of quotes, $(...) and backticks; each arrives as it is and nothing runs."""
    canary = tmp_path / "canary"
    payload = f"$(touch${{IFS}}{canary})`touch${{IFS}}{canary}`\"'"
    branch = f"pages-{payload};x"
    remote = tmp_path / f"remote {payload}.git"
    folder = tmp_path / f"build {payload} $HOME"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env |= {"GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "tester@example.org"}
    env |= {"CNAME": "", "SITEURL": "https://example.github.io/newsroom"}
    result = subprocess.run(
        ["make", "--no-print-directory", "github", f"VENV={sys.prefix}", "STAMP=",
         f"GITHUB_PAGES_BRANCH={branch}", f"GITHUB_PAGES_REMOTE={remote}",
         f"GITHUB_PAGES_DIR={folder}"],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(remote, "branch", "--format=%(refname:short)").decode().split("\n")[0] == branch
    assert (folder / "index.html").is_file()
    assert git(remote, "show", f"{branch}:index.html").startswith(b"<!doctype html>")
    assert not canary.exists()
    assert git(project, "status", "--porcelain") == b""
