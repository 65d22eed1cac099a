"""What the browser tests share: where the tools are, and a static server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.sitecheck import ARTICLE_SLUG, ROOT, serve_with

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# The flags that work headless as root on these machines (GUIDE.md, "Machine facts").
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
ARTIFACTS = ROOT / "test-artifacts"
ARTICLE = f"articles/{ARTICLE_SLUG}.html"

# One page of every type the theme renders.
PAGES = {
    "index": "index.html",
    "article": ARTICLE,
    "page": "pages/about.html",
    "tags": "tags.html",
    "tag": "tag/russia.html",
    "categories": "categories.html",
    "category": "category/world.html",
    "authors": "authors.html",
    "author": "author/didier-lauras.html",
    "archives": "archives.html",
    "404": "404.html",
}


def require(available: bool, reason: str) -> None:
    """Skip when a tool is missing locally; under CI a missing tool is a failure."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: every browser check must run)")
    pytest.skip(reason)


def tool(name: str) -> str | None:
    return shutil.which(name)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    with serve_with(functools.partial(_QuietHandler, directory=str(root))) as origin:
        yield origin + "/"
