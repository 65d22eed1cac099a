"""Helpers for the build-safety tests: small source folders, and the build command run as
`make html` runs it (`python -m newsroom.build`), in its own process."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from tests.sitecheck import ROOT

# A command given a few small sources ends in seconds: one still running after this has hung
# (on a FIFO, say), and one that needs more memory than this is reading without end.
HANG_SECONDS = 120
MEMORY_BYTES = 4 * 1024**3

GOOD = "Title: {title}\nDate: {date}\n{extra}\nIts text.\n"


def article(title: str, date: str = "2022-11-24", **metadata: str) -> str:
    extra = "".join(f"{key.capitalize()}: {value}\n" for key, value in metadata.items())
    return GOOD.format(title=title, date=date, extra=extra)


def content_folder(root: Path, articles: dict[str, str], pages: bool = True) -> Path:
    """A content folder with these articles (file name -> text) and the project's pages."""
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    if pages:
        shutil.copytree(ROOT / "content" / "pages", content / "pages")
    else:
        (content / "pages").mkdir()
    for name, text in articles.items():
        (content / "articles" / name).write_text(text, encoding="utf-8")
    return content


def build_command(content: Path, output: Path, *extra: str, command: str = "html") -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsroom.build",
        command,
        "--content",
        str(content),
        "--output",
        str(output),
        "-s",
        str(ROOT / "pelicanconf.py"),
        "-e",
        "CLEAN_MARKUP_FATAL_WARNINGS=true",
        *extra,
    ]


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1", **(extra or {})}


def run_build(
    content: Path, output: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        build_command(content, output, *extra),
        cwd=ROOT,
        env=environment(env),
        capture_output=True,
        text=True,
        check=False,
    )


def interruptible() -> None:
    """In the child: Ctrl-C (SIGINT) as a terminal gives it, whatever the test runner's
    disposition (a shell's `make test &` starts every process with SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_build(
    content: Path, output: Path, *extra: str, command: str = "html"
) -> subprocess.Popen[str]:
    """A build running in the background, stopped by Ctrl-C as from a terminal."""
    return subprocess.Popen(
        build_command(content, output, *extra, command=command),
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=interruptible,
    )


def beside(output: Path) -> list[str]:
    """What the build keeps beside an output folder (its lock) and what it left there."""
    prefix = "." + output.name.lstrip(".") + "."
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(prefix))


def error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("error: ")]


def files(root: Path, pattern: str = "*") -> Iterable[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(pattern) if p.is_file())


def run_bounded(
    command: Sequence[str], *, env: dict[str, str] | None = None, seconds: float = HANG_SECONDS
) -> subprocess.CompletedProcess[str]:
    """Run a command given hostile files: a hang fails the test (the command and every process
    it started are killed) rather than stall the suite, and a read without end fails on its
    memory cap rather than exhaust the machine's."""

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))

    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=cap_memory,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            pytest.fail(f"{' '.join(command)} still running after {seconds} s:\n{stdout}{stderr}")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
