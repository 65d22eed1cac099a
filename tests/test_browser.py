"""The built site in a real browser (Debian's Chromium driven by Playwright), for every page type.

axe-core, the Nu HTML Checker and Lighthouse come from node_modules (`npm ci`); Chromium from
Debian. Locally a missing tool skips its tests with the reason; with CI set it fails them.
Screenshots and reports are written to test-artifacts/ (not committed).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests import budget as article_budget
from tests.browser import (
    ARTICLE,
    ARTIFACTS,
    AXE_JS,
    CHROMIUM,
    CHROMIUM_FLAGS,
    LIGHTHOUSE_CLI,
    PAGES,
    VNU_JAR,
    require,
    serve,
    tool,
)
from tests.sitecheck import html_pages

SCHEMES = ["light", "dark"]
# Screenshots at a phone's and a desktop's viewport; 320 px is the narrowest phone (and 1280 px
# at 400% zoom), 640 px is a 1280 px window at 200% zoom. Nothing may scroll sideways at any.
SCREENSHOT_VIEWPORTS = [(390, 844), (1280, 800)]
OVERFLOW_WIDTHS = [320, 390, 640, 1280]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def open_page(browser, url: str, scheme: str = "light", width: int = 1280, height: int = 800):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_no_violations(browser, site: Path, kind: str, scheme: str) -> None:
    require(AXE_JS.is_file(), f"{AXE_JS} is missing (npm ci)")
    context, page = open_page(browser, (site / PAGES[kind]).as_uri(), scheme)
    page.add_script_tag(path=str(AXE_JS))
    # WCAG A, AA and the best practices, plus AAA contrast (7:1 for text) that axe leaves off.
    results = page.evaluate(
        "() => axe.run(document, {rules: {'color-contrast-enhanced': {enabled: true}}})"
    )
    context.close()
    assert results["passes"], "axe ran no check"
    problems = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in results["violations"]
    ]
    assert not problems, "\n".join(problems)


def test_nu_html_checker_finds_no_errors(site: Path) -> None:
    require(VNU_JAR.is_file(), f"{VNU_JAR} is missing (npm ci)")
    require(tool("java") is not None, "java is missing (apt-get install default-jre-headless)")
    pages = html_pages(site)
    assert len(pages) >= len(PAGES)
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(unquote(urlsplit(m.get('url', '')).path)).relative_to(site)}:"
        f"{m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_from_file_url_is_styled_and_every_link_works(browser, site: Path, kind: str) -> None:
    requested: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    page.goto((site / PAGES[kind]).as_uri(), wait_until="load")
    # The stylesheet applied: its custom properties and the serif stack reach the page.
    style = page.evaluate(
        """() => ({
            bg: getComputedStyle(document.documentElement).getPropertyValue('--bg').trim(),
            font: getComputedStyle(document.body).fontFamily,
            nav: getComputedStyle(document.querySelector('.site-nav ul')).display,
        })"""
    )
    assert style["bg"] == "#fdfcf9", style
    assert "Charter" in style["font"], style
    assert style["nav"] == "flex", style
    links = page.evaluate(
        "() => [...document.querySelectorAll('a[href], link[href]')].map(a => a.href)"
    )
    ids = set(page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)"))
    context.close()
    assert all(url.startswith("file://") for url in requested), requested
    broken = []
    for url in links:
        parts = urlsplit(url)
        if parts.scheme != "file":
            continue
        target = Path(unquote(parts.path))
        if not target.is_file():
            broken.append(url)
        elif parts.fragment and target == site / PAGES[kind] and parts.fragment not in ids:
            broken.append(url)
    assert len(links) >= 10
    assert not broken, broken


@pytest.mark.parametrize("kind", list(PAGES))
def test_screenshots_and_nothing_scrolls_sideways(
    browser, site: Path, artifacts: Path, kind: str
) -> None:
    url = (site / PAGES[kind]).as_uri()
    overflowing = []
    for scheme in SCHEMES:
        for width in OVERFLOW_WIDTHS:
            height = dict(SCREENSHOT_VIEWPORTS).get(width, 800)
            context, page = open_page(browser, url, scheme, width, height)
            sideways = page.evaluate(
                """() => {
                    const width = document.documentElement.clientWidth;
                    const wide = [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > width + 0.5)
                        .map(e => e.tagName.toLowerCase() + '.' + e.className);
                    return {scroll: document.documentElement.scrollWidth, width, wide};
                }"""
            )
            if (width, height) in SCREENSHOT_VIEWPORTS:
                page.screenshot(path=str(artifacts / f"{kind}-{width}x{height}-{scheme}.png"))
            context.close()
            if sideways["scroll"] > sideways["width"] or sideways["wide"]:
                overflowing.append((scheme, width, sideways))
    assert not overflowing, overflowing
    for width, height in SCREENSHOT_VIEWPORTS:
        for scheme in SCHEMES:
            assert (artifacts / f"{kind}-{width}x{height}-{scheme}.png").stat().st_size > 1000


def test_dark_mode_changes_the_colours(browser, site: Path) -> None:
    colours = {}
    for scheme in SCHEMES:
        context, page = open_page(browser, (site / ARTICLE).as_uri(), scheme)
        colours[scheme] = page.evaluate(
            "() => [getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.body).color]"
        )
        context.close()
    assert colours["light"] == ["rgb(253, 252, 249)", "rgb(27, 26, 23)"]
    assert colours["dark"] == ["rgb(21, 20, 15)", "rgb(237, 235, 229)"]


def test_article_body_is_set_for_long_reading(browser, site: Path) -> None:
    """60 to 75 characters a line, a serif face and generous leading, on a desktop screen."""
    context, page = open_page(browser, (site / ARTICLE).as_uri())
    figures = page.evaluate(
        """() => {
            const p = [...document.querySelectorAll('.article-body > p')]
                .sort((a, b) => b.textContent.length - a.textContent.length)[0];
            const text = p.firstChild, lines = new Map(), range = document.createRange();
            for (let i = 0; i < text.length; i++) {
                range.setStart(text, i); range.setEnd(text, i + 1);
                const top = Math.round(range.getBoundingClientRect().top);
                lines.set(top, (lines.get(top) || 0) + 1);
            }
            const counts = [...lines.values()].slice(0, -1);
            const style = getComputedStyle(p);
            return {counts, family: style.fontFamily,
                    leading: parseFloat(style.lineHeight) / parseFloat(style.fontSize)};
        }"""
    )
    context.close()
    assert figures["counts"], figures
    for count in figures["counts"]:
        assert 60 <= count <= 75, figures
    assert figures["family"].startswith("Charter") and figures["family"].endswith("serif")
    assert figures["leading"] >= 1.5, figures


def test_print_keeps_the_source_box_and_prints_full_urls(browser, site: Path) -> None:
    context, page = open_page(browser, (site / ARTICLE).as_uri())
    page.emulate_media(media="print")
    printed = page.evaluate(
        """() => ({
            nav: getComputedStyle(document.querySelector('.site-nav')).display,
            source: getComputedStyle(document.querySelector('.source-box')).display,
            url: getComputedStyle(document.querySelector('.source-box a[href^="http"]'),
                                  '::after').content,
        })"""
    )
    context.close()
    assert printed["nav"] == "none"
    assert printed["source"] == "block"
    assert "https://thetimeshub.in/" in printed["url"]


def test_keyboard_focus_is_visible_and_motion_respects_the_setting(browser, site: Path) -> None:
    context, page = open_page(browser, (site / ARTICLE).as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const e = document.activeElement, s = getComputedStyle(e);
            const r = e.getBoundingClientRect();
            return {text: e.textContent, outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                    visible: r.left >= 0 && r.top >= 0 && r.width > 0};
        }"""
    )
    scroll = page.evaluate("() => getComputedStyle(document.documentElement).scrollBehavior")
    page.emulate_media(reduced_motion="reduce")
    reduced = page.evaluate("() => getComputedStyle(document.documentElement).scrollBehavior")
    context.close()
    assert focused == {"text": "Skip to content", "outline": "solid", "width": 3, "visible": True}
    assert (scroll, reduced) == ("smooth", "auto")


def test_article_reads_the_same_without_javascript(browser, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / ARTICLE).as_uri())
    h1_visible = page.locator("h1").is_visible()
    body_height = page.locator(".article-body").bounding_box()["height"]
    executable = page.locator("script:not([type='application/ld+json'])").count()
    context.close()
    assert h1_visible and body_height > 1000
    assert executable == 0


def test_article_page_meets_its_budget(browser, site: Path, artifacts: Path) -> None:
    figures = article_budget.measure(browser, site)
    report = figures.report()
    (artifacts / "budget.txt").write_text(report + "\n", encoding="utf-8")
    print(report)
    assert figures.html_css_bytes <= article_budget.MAX_HTML_CSS_BYTES, report
    assert len(figures.requests) <= article_budget.MAX_REQUESTS, report
    assert len(figures.hosts) == 1 and next(iter(figures.hosts)).startswith("127.0.0.1:"), report
    assert figures.scripts == 0, report


@pytest.mark.parametrize("kind", ["index", "article"])
def test_lighthouse_scores_100(site: Path, artifacts: Path, tmp_path: Path, kind: str) -> None:
    require(LIGHTHOUSE_CLI.is_file(), f"{LIGHTHOUSE_CLI} is missing (npm ci)")
    require(tool("node") is not None, "node is missing")
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    report_path = artifacts / f"lighthouse-{kind}.json"
    flags = " ".join([*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"])
    with serve(site) as base:
        result = subprocess.run(
            [
                "node",
                str(LIGHTHOUSE_CLI),
                base + PAGES[kind],
                "--quiet",
                "--output=json",
                f"--output-path={report_path}",
                "--only-categories=performance,accessibility,best-practices,seo",
                f"--chrome-flags={flags}",
            ],
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    scores = {name: category["score"] for name, category in report["categories"].items()}
    (artifacts / f"lighthouse-{kind}.txt").write_text(f"{scores}\n", encoding="utf-8")
    failing = [
        f"{audit_id}: {report['audits'][audit_id]['title']}"
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] and (audit_id := ref["id"])
        if report["audits"][audit_id]["score"] not in (None, 1)
    ]
    assert scores == {
        "performance": 1,
        "accessibility": 1,
        "best-practices": 1,
        "seo": 1,
    }, (scores, failing)
