"""`make serve` serves the output folder as it is at each request: a build swapped in while it
runs is what the next request gets, with no restart."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.buildsite import article, build_command, content_folder, environment, run_build
from tests.sitecheck import ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def test_serve_shows_each_new_build_without_a_restart(tmp_path: Path) -> None:
    content = content_folder(tmp_path, {"first.md": article("First story")})
    output = tmp_path / "out"
    assert run_build(content, output).returncode == 0
    port = _free_port()
    server = subprocess.Popen(
        build_command(content, output, "--port", str(port), command="serve"),
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while _status(f"{base}/index.html") != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _status(f"{base}/articles/first-story.html") == 200
        assert _status(f"{base}/articles/second-story.html") == 404
        (content / "articles" / "second.md").write_text(article("Second story"), "utf-8")
        assert run_build(content, output).returncode == 0
        assert _status(f"{base}/articles/second-story.html") == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
