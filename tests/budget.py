"""Prints the article page's budget figures: bytes of HTML and CSS, and the requests it makes.

    .venv/bin/python -m tests.budget [PAGE]      (default: the median-sized article of output/)

The figures come from loading the page in Chromium from a local server, so they count what a
browser really fetches; tests/test_browser.py asserts the same figures against the budget.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from newsroom.chromium import launch
from tests.browser import ROOT, serve

MAX_HTML_CSS_BYTES = 25_000
MAX_REQUESTS = 3


@dataclass
class Budget:
    html_bytes: int = 0
    css_bytes: int = 0
    requests: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)
    scripts: int = 0
    images: dict[str, int] = field(default_factory=dict)  # each photo or icon fetched: bytes

    @property
    def html_css_bytes(self) -> int:
        return self.html_bytes + self.css_bytes

    def report(self) -> str:
        return "\n".join(
            [
                f"article page HTML: {self.html_bytes} bytes",
                f"article page CSS: {self.css_bytes} bytes",
                f"HTML + CSS: {self.html_css_bytes} bytes (budget {MAX_HTML_CSS_BYTES})",
                f"requests: {len(self.requests)} (budget {MAX_REQUESTS}): "
                + ", ".join(urlsplit(url).path for url in self.requests),
                f"hosts: {', '.join(sorted(self.hosts))}",
                f"script requests: {self.scripts}",
            ]
        )


def measure(  # type: ignore[no-untyped-def]
    browser, site: Path, page_path: str, width: int = 1280, scale: int = 1
) -> Budget:
    """Load `page_path` from a local server with a cold cache, in a window `width` CSS pixels
    wide at `scale` device pixels each, and count what it fetches."""
    budget = Budget()
    with serve(site) as base:
        context = browser.new_context(
            viewport={"width": width, "height": 844}, device_scale_factor=scale
        )
        page = context.new_page()

        def on_response(response) -> None:  # type: ignore[no-untyped-def]
            request = response.request
            budget.requests.append(request.url)
            budget.hosts.add(urlsplit(request.url).netloc)
            body = len(response.body()) if response.ok else 0
            if request.resource_type == "document":
                budget.html_bytes += body
            elif request.resource_type == "stylesheet":
                budget.css_bytes += body
            elif request.resource_type == "script":
                budget.scripts += 1
            elif request.resource_type == "image":
                budget.images[request.url] = body

        page.on("response", on_response)
        page.goto(base + page_path, wait_until="load")
        page.wait_for_timeout(300)  # a late favicon request still counts
        context.close()
    return budget


def main() -> None:
    from playwright.sync_api import sync_playwright

    site = ROOT / "output"
    if len(sys.argv) > 1:
        page = sys.argv[1]
    else:
        pages = sorted((site / "articles").glob("*.html"), key=lambda path: path.stat().st_size)
        page = pages[(len(pages) - 1) // 2].relative_to(site).as_posix()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        print(f"{page}\n" + measure(browser, site, page).report())
        browser.close()


if __name__ == "__main__":
    main()
