"""What the browser tests share: where the tools are, a static server on 127.0.0.1, and one
page of each type of a built site, whatever it holds."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.sitecheck import ROOT, Built, resolve_file_url, serve_with, soup

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
ARTIFACTS = ROOT / "test-artifacts"
# Every page's Content-Security-Policy (theme/templates/base.html), one <meta> in its <head>.
CSP_META = 'meta[http-equiv="Content-Security-Policy"]'
# Heard by a script Playwright adds to every document before the page's own, which the
# policy does not govern: the page cannot hide a violation from it.
LISTEN_FOR_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) =>
    window.reportViolation(`${e.violatedDirective} refused ${e.blockedURI || "?"} in ${
        e.sourceFile || e.documentURI}:${e.lineNumber}`));"""


def page_types(built: Built) -> dict[str, str]:
    """One page of each type the theme renders, taken from whatever the site holds: the
    newest article, the busiest tag, section and author, the second page of a list..."""
    settings = built.settings
    kinds = {
        "index": settings["INDEX_SAVE_AS"],
        "article": built.articles[0].save_as,
        "tags": settings["TAGS_SAVE_AS"],
        "categories": settings["CATEGORIES_SAVE_AS"],
        "authors": settings["AUTHORS_SAVE_AS"],
        "archives": settings["ARCHIVES_SAVE_AS"],
        "404": "404.html",
    }
    for kind, name in (("tags", "tag"), ("categories", "category"), ("authors", "author")):
        term, _ = max(built.terms(kind), key=lambda pair: len(pair[1]))
        kinds[name] = term.save_as
    for page in built.pages:
        kinds[f"page-{page.slug}"] = page.save_as
    corrected = [a for a in built.articles if getattr(a, "corrections", None)]
    if corrected:
        kinds["article-corrected"] = corrected[0].save_as
    photographed = [a for a in built.articles if getattr(a, "lead_photo", None)]
    if photographed:
        kinds["article-photo"] = photographed[0].save_as
    if (built.output / "corrections.html").is_file():
        kinds["corrections"] = "corrections.html"
    archives = built.output / settings["ARCHIVES_SAVE_AS"]
    month = soup(archives).select_one(".archive-months a[href]")
    if month is not None:
        kinds["month"] = (
            resolve_file_url(archives, month["href"]).relative_to(built.output.resolve()).as_posix()
        )
    index = built.output / settings["INDEX_SAVE_AS"]
    following = soup(index).select_one('.pager a[rel="next"]')
    if following is not None:
        second = resolve_file_url(index, following["href"])
        kinds["index-2"] = second.relative_to(built.output.resolve()).as_posix()
    return kinds


def typical_article(built: Built) -> str:
    """The article page of median size: the budget is for a wire story of typical length."""
    sizes = sorted((built.output / a.save_as).stat().st_size for a in built.articles)
    median = statistics.median_low(sizes)
    return next(
        a.save_as for a in built.articles if (built.output / a.save_as).stat().st_size == median
    )


def watch_policy(context: Any, violations: list[str]) -> None:
    """Every Content-Security-Policy violation in the context's pages goes into `violations`
    (the `securitypolicyviolation` events; Chromium also logs each as a console error)."""
    context.expose_function("reportViolation", lambda text: violations.append(text))
    context.add_init_script(LISTEN_FOR_VIOLATIONS)


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
