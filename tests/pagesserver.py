"""A local stand-in for GitHub Pages, and a crawler that follows a site as a browser would.

The server maps a sub-path (/newsroom/) to a folder, answers a folder with its index.html
(redirecting /newsroom to /newsroom/), and a missing path, at any depth, with the site's
404.html and status 404, as GitHub Pages does for a project page.

`python -m tests.pagesserver` builds the site with publishconf.py, crawls it and prints
every URL the crawl visited, then their count.
"""

from __future__ import annotations

import mimetypes
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import feedparser
from bs4 import BeautifulSoup

from tests.sitecheck import build, page_urls, serve_with

SITEURL = "https://example.github.io/newsroom"
PREFIX = urlsplit(SITEURL).path + "/"  # "/newsroom/"
MAX_REQUESTS = 2000  # the crawl stops by itself, whatever the site links to


def pages_handler(root: Path, prefix: str) -> type[BaseHTTPRequestHandler]:
    root = root.resolve()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.respond(send_body=True)

        def do_HEAD(self) -> None:
            self.respond(send_body=False)

        def respond(self, send_body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            if path + "/" == prefix:
                return self.redirect(prefix)
            target = None
            if path.startswith(prefix):
                candidate = (root / path[len(prefix) :]).resolve()
                if candidate.is_relative_to(root):
                    if candidate.is_dir():
                        if not path.endswith("/"):
                            return self.redirect(path + "/")
                        candidate = candidate / "index.html"
                    if candidate.is_file():
                        target = candidate
            status = 200
            if target is None:
                status, target = 404, root / "404.html"
            body = target.read_bytes() if target.is_file() else b"Not Found"
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def redirect(self, location: str) -> None:
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep test output quiet

    return Handler


@contextmanager
def serve(root: Path, prefix: str = PREFIX) -> Iterator[str]:
    """Serve `root` under `prefix` on 127.0.0.1; yields the site's base URL."""
    with serve_with(pages_handler(root, prefix)) as origin:
        yield origin + prefix


@dataclass
class Response:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


def fetch(url: str) -> Response:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return Response(
                response.url, response.status, response.headers.get_content_type(), response.read()
            )
    except urllib.error.HTTPError as error:
        return Response(url, error.code, error.headers.get_content_type(), error.read())


def localize(url: str, base: str, siteurl: str = SITEURL) -> str | None:
    """The local server's URL for a URL of the hosted site; None for another host's."""
    url = urldefrag(url)[0]
    site = urlsplit(siteurl)
    parts = urlsplit(url)
    local = urlsplit(base)
    if parts.netloc == local.netloc:
        return url
    if parts.netloc == site.netloc and parts.scheme in ("http", "https"):
        return parts._replace(scheme=local.scheme, netloc=local.netloc).geturl()
    return None


def links_in(response: Response) -> list[str]:
    """Absolute URLs that a page or feed points at."""
    if response.content_type == "text/html":
        page = BeautifulSoup(response.body, "html.parser")
        return [urljoin(response.url, url) for url in page_urls(page)]
    if response.content_type in ("application/xml", "text/xml") and b"<sitemapindex" not in (
        response.body
    ):
        feed = feedparser.parse(response.body)
        found = [link.href for link in feed.feed.get("links", [])]
        for entry in feed.entries:
            found.extend(link.href for link in entry.get("links", []))
        return [urljoin(response.url, url) for url in found]
    return []


@dataclass
class Crawl:
    visited: dict[str, int] = field(default_factory=dict)  # URL -> status
    referrers: dict[str, set[str]] = field(default_factory=dict)
    external: set[str] = field(default_factory=set)

    def broken(self) -> dict[str, list[str]]:
        return {
            url: sorted(self.referrers.get(url, ()))
            for url, status in self.visited.items()
            if status != 200
        }


def crawl(start: str, base: str) -> Crawl:
    """Follow every link, stylesheet, image and feed from `start`, within the site."""
    result = Crawl()
    queue = [start]
    while queue and len(result.visited) < MAX_REQUESTS:
        url = queue.pop(0)
        if url in result.visited:
            continue
        response = fetch(url)
        result.visited[url] = response.status
        if response.status != 200:
            continue
        for link in links_in(response):
            local = localize(link, base)
            if local is None:
                result.external.add(link)
                continue
            result.referrers.setdefault(local, set()).add(url)
            if local not in result.visited:
                queue.append(local)
    return result


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        result = build(Path(folder), settings="publishconf.py", env={"SITEURL": SITEURL})
        if result.returncode:
            print(result.stdout + result.stderr, file=sys.stderr)
            return 1
        with serve(Path(folder)) as base:
            crawled = crawl(base, base)
    for url, status in crawled.visited.items():
        print(status, url.replace(base, SITEURL + "/", 1))
    print(f"{len(crawled.visited)} URLs visited, {len(crawled.broken())} broken")
    return 1 if crawled.broken() else 0


if __name__ == "__main__":
    raise SystemExit(main())
