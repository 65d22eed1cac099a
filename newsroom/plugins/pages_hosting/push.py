"""`make github`: push a publish build to a branch with ghp-import, values read as data.

The branch, remote and folder come from the environment (GITHUB_PAGES_BRANCH,
GITHUB_PAGES_REMOTE, GITHUB_PAGES_DIR, which the Makefile exports as they were written) and
go to ghp-import as Python values, never through a shell or a command line: ghp-import hands
the remote and branch to `git push` as arguments, where `--upload-pack=...` would be an option
that runs a command, and writes the branch into a `git fast-import` stream, where a newline
would start a command of its own. So they are checked first, with SITEURL and CNAME, before
anything is built (`--check`).

    python -m newsroom.plugins.pages_hosting.push [--check]
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from newsroom.build.atomic import OutputFolder
from newsroom.build.folders import build_folders_problem

from .address import parse_cname, parse_siteurl

MESSAGE = "Publish the site"
CONTROL = {chr(code) for code in (*range(0x20), 0x7F)}


def branch_problem(branch: str) -> str | None:
    """None for a branch name git accepts (git check-ref-format --branch), else why not."""
    if not branch or branch.startswith("-") or CONTROL & set(branch):
        return f"GITHUB_PAGES_BRANCH={branch!r} is not a branch name"
    result = subprocess.run(
        ["git", "check-ref-format", "--branch", branch], capture_output=True, check=False
    )
    if result.returncode != 0:
        return f"GITHUB_PAGES_BRANCH={branch!r} is not a branch name git accepts"
    return None


def remote_problem(remote: str) -> str | None:
    """None for a remote git can push to as a remote (a name, an address or a folder)."""
    if not remote or remote.startswith("-") or CONTROL & set(remote):
        return f"GITHUB_PAGES_REMOTE={remote!r} is not a remote name, address or folder"
    if remote.lower().startswith("ext::"):
        return f"GITHUB_PAGES_REMOTE={remote!r} runs a command (git's ext:: transport)"
    return None


def folder_problem(folder: str, project: Path) -> str | None:
    """The build replaces its folder whole: the build's own folder rule (folders.py), checked
    before anything is built."""
    if not folder or CONTROL & set(folder):
        return f"GITHUB_PAGES_DIR={folder!r} is not a folder name"
    path = Path(folder)
    cache = OutputFolder(path.absolute()).cache_path
    problem = build_folders_problem(path, cache, project / "content", project / "publishconf.py")
    return None if problem is None else f"GITHUB_PAGES_DIR: {problem}"


def problems(environ: Mapping[str, str], project: Path) -> list[str]:
    found = [
        branch_problem(environ.get("GITHUB_PAGES_BRANCH", "")),
        remote_problem(environ.get("GITHUB_PAGES_REMOTE", "")),
        folder_problem(environ.get("GITHUB_PAGES_DIR", ""), project),
    ]
    try:
        parse_cname(environ.get("CNAME", ""), parse_siteurl(environ.get("SITEURL", "")))
    except ValueError as error:
        found.append(str(error))
    return [problem for problem in found if problem]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    environ = os.environ
    found = problems(environ, Path.cwd().resolve())
    for problem in found:
        print(f"make github: {problem}", file=sys.stderr)
    if found:
        return 2
    if args == ["--check"]:
        return 0
    from ghp_import import GhpError, ghp_import

    try:
        ghp_import(
            environ["GITHUB_PAGES_DIR"],
            mesg=MESSAGE,
            branch=environ["GITHUB_PAGES_BRANCH"],
            remote=environ["GITHUB_PAGES_REMOTE"],
            nojekyll=True,
            push=True,
        )
    except (GhpError, subprocess.CalledProcessError) as error:
        print(f"make github: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
