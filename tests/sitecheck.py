"""Helpers the tests share: building the site and reading it back as a browser would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
RAW_ARTICLE = ROOT / "raw" / "000_3ae21a45b85fb992.txt"
ARTICLE_SLUG = (
    "internal-dissent-in-the-military-alliance-led-by-russia-puts-distance-"
    "between-putin-and-his-closest-countries"
)
# Attributes through which a page makes the browser fetch or follow something.
URL_ATTRIBUTES = ("href", "src", "srcset", "poster", "data", "action")


def build(
    output: Path,
    content: Path | None = None,
    settings: str = "pelicanconf.py",
    env: dict[str, str] | None = None,
    strict: bool | None = None,
    extra: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run Pelican the way `make html` does, into `output`. `strict` True or False sets
    CLEAN_MARKUP_FATAL_WARNINGS; None leaves it to the plugin (strict when CI is set)."""
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content or ROOT / "content"),
        "-o",
        str(output),
        "-s",
        str(ROOT / settings),
        "--fatal",
        "errors",
    ]
    if strict is not None:
        command += ["-e", f"CLEAN_MARKUP_FATAL_WARNINGS={str(strict).lower()}"]
    command += extra or []
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        command, cwd=ROOT, env=full_env, capture_output=True, text=True, check=False
    )


@contextmanager
def serve_with(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve with `handler` on 127.0.0.1 (a free port) while the block runs; yields the origin."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_urls(page: BeautifulSoup) -> list[str]:
    """Every URL in a page that a browser would fetch or follow."""
    urls = []
    for element in page.find_all(True):
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if not value:
                continue
            if attribute == "srcset":
                urls.extend(part.strip().split()[0] for part in value.split(",") if part.strip())
            else:
                urls.append(value)
    return urls


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def resolve_file_url(page_path: Path, url: str) -> Path | None:
    """Where a browser that opened `page_path` from file:// goes for `url` (None: same page)."""
    target, _fragment = urldefrag(url)
    if not target:
        return None
    parts = urlsplit(target)
    return (page_path.parent / unquote(parts.path)).resolve()


TAG_FRAGMENT = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*\s*>|\b/?[A-Za-z][A-Za-z0-9]*>")
WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> list[str]:
    """The words of a text, ignoring stray tag fragments and all spacing and punctuation."""
    return WORD.findall(TAG_FRAGMENT.sub(" ", text))


def raw_article_paragraphs() -> list[str]:
    """The article's own paragraphs in the raw scraped file, without the page furniture."""
    lines = [line.strip() for line in RAW_ARTICLE.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    title = lines[0]
    furniture = {title, "Spread the love", "By", "Didier Lauras", "Continue reading:"}
    return [line for line in lines if line not in furniture]


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
