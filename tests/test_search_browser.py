"""The search page in Chromium, from file:// and from a server under a sub-path.

The fixture site (tests/search_site) has articles in English, Spanish, French, German and
Portuguese, a translation, a draft and a hidden article; it is built with small index files so
that every query crosses several of them.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from newsroom.plugins.offline_search.index import script
from newsroom.plugins.offline_search.text import STEMMERS, fold, keys, words
from newsroom.synthetic import NON_ASCII, WORDS
from tests.browser import ARTIFACTS, AXE_JS, require, watch_policy
from tests.pagesserver import pages_handler
from tests.payloads import PAYLOADS, active_markup
from tests.sitecheck import ROOT, build, serve_with

FIXTURE = ROOT / "tests" / "search_site"
PREFIX = "/newsroom/"
STEEL = "articles/steel-tariffs-rise-again-as-exporters-brace-for-a-slower-year.html"
PORTS = "articles/ports-clear-their-backlog-before-the-holidays.html"
COFFEE = "articles/coffee-growers-count-the-cost-of-a-wet-harvest.html"
BOGOTA = "articles/los-vecinos-de-bogota-votan-por-un-nuevo-tranvia-es.html"
ELECTIONS_FR = "articles/elections-municipales-fr.html"
ELECTIONS_EN = "articles/elections-municipales.html"
HAMBURG = "articles/hamburg-baut-mehr-wohnungen-als-geplant-de.html"
LISBOA = "articles/lisboa-prepara-as-eleicoes-autarquicas-com-novas-regras-pt.html"
# Query -> the articles it finds, in order: headline and standfirst matches first, then newest.
QUERIES = {
    "tariff": [STEEL, PORTS, COFFEE],  # "tariffs" in a headline, then in two bodies
    "Tariffs": [STEEL, PORTS, COFFEE],
    "tarif": [STEEL, PORTS, COFFEE],  # the word being typed matches as a prefix
    "bogota": [BOGOTA, COFFEE],  # no accent typed; Spanish and English articles
    "marmalade": [COFFEE],  # a word only in an article's body
    "election": [ELECTIONS_EN, ELECTIONS_FR],  # "elections", "élections": same day, same rank
    "élections": [ELECTIONS_EN, ELECTIONS_FR],
    "haus": [HAMBURG],  # German "Häuser"
    "eleicoes": [LISBOA],  # Portuguese "eleições"
    "tariff bogota": [COFFEE],  # every word must match
    "quokka": [],  # only in a draft
    "wombat": [],  # only in a hidden article
}
# Typed key by key (the others are opened as search.html?q=...): one of each kind.
TYPED = ["tarif", "bogota", "élections", "tariff bogota", "quokka"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("search-site")
    result = build(output, content=FIXTURE, extra=["-e", "OFFLINE_SEARCH_SHARD_BYTES=300"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((output / "search" / "k").iterdir())) > 5  # queries cross files
    return output


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The fixture site under a sub-path, as GitHub Pages serves a project page."""
    with serve_with(pages_handler(site, PREFIX)) as origin:
        yield origin + PREFIX


@dataclass
class Visit:
    page: Any
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@contextmanager
def visit(
    browser: Any, scheme: str = "light", javascript: bool = True, axe: bool = False
) -> Iterator[Visit]:
    """A tab whose problems are every console error, uncaught exception, dialog and violation
    of the page's Content-Security-Policy. axe-core, when asked, comes as Playwright's init
    script: the policy refuses a script tag added to the page, as it should."""
    context = browser.new_context(color_scheme=scheme, java_script_enabled=javascript)
    problems: list[str] = []
    watch_policy(context, problems)
    if axe:
        context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    seen = Visit(page, problems=problems)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda m: seen.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: seen.problems.append(str(error)))
    page.on("dialog", lambda dialog: (seen.problems.append(dialog.message), dialog.dismiss()))
    try:
        yield seen
    finally:
        context.close()


def open_search(seen: Visit, base: str, query: str | None = None) -> None:
    url = base + "search.html" + (f"?q={quote(query)}" if query is not None else "")
    seen.page.goto(url, wait_until="load")
    seen.page.wait_for_function("() => window.newsroomSearch && window.newsroomSearch.done")
    seen.page.evaluate("() => window.newsroomSearch.done")


def results(seen: Visit, base: str) -> list[str]:
    hrefs = seen.page.eval_on_selector_all(
        "#search-results h2 a", "links => links.map(a => a.href)"
    )
    assert all(href.startswith(base) for href in hrefs), hrefs
    return [href[len(base) :] for href in hrefs]


def type_query(seen: Visit, query: str) -> None:
    field_ = seen.page.locator("#search-query")
    field_.fill("")
    field_.press_sequentially(query)
    seen.page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes('“' + q + '”')",
        arg=query,
    )


def base_of(kind: str, site: Path, served: str) -> str:
    return site.as_uri() + "/" if kind == "file" else served


@pytest.mark.parametrize("kind", ["file", "server"])
def test_queries_find_the_expected_articles(browser, site: Path, served: str, kind: str) -> None:
    base = base_of(kind, site, served)
    with visit(browser) as seen:
        for query, expected in QUERIES.items():
            open_search(seen, base, query)
            assert results(seen, base) == expected, f"?q={query}"
            assert seen.page.input_value("#search-query") == query
            if expected:
                assert seen.page.locator("#search-results li:first-child mark").count() >= 1
        open_search(seen, base)
        for query in TYPED if kind == "file" else TYPED[:1]:
            type_query(seen, query)
            assert results(seen, base) == QUERIES[query], f"typed {query}"
    origin = "file://" if kind == "file" else base.split(PREFIX)[0] + PREFIX
    assert all(url.startswith(origin) for url in seen.requests), seen.requests
    assert not seen.problems, seen.problems


# Typed a character at a time, and opened as ?q=: every prefix of each is a query the reader
# may see run. One character (no word yet), accents, several words with one-letter ones among
# them, punctuation or spaces alone, and a pasted sentence past the query's ten words.
ANY_INPUT = [
    "tariff",
    "Élections à Bogotá",
    "a tariff b y",
    "?!…—'\"<>&;",
    "   \u00a0\u3000 ",
    "ß 中 7 ǅ ﬁ",
    " ".join(["Steel tariffs rise again as exporters brace for a slower year in Bogotá."] * 2),
]
# Pasted whole, and as ?q=: a text of some 5,000 characters.
PASTED = " ".join(["Los vecinos de Bogotá votan; tariffs (a), élections: 2023!"] * 85)
# What the status may say: nothing, or how many articles match. Never that search failed.
STATUS = re.compile(
    r"|No article matches “.*”\. Try fewer words, .*|[\d,]+ articles? match(es)? “.*”\.", re.S
)


def status_after(seen: Visit) -> str:
    """The status once the query in the field has run (as the input event's timer runs it)."""
    seen.page.evaluate("() => newsroomSearch.run()")
    return seen.page.inner_text("#search-status")


@pytest.mark.parametrize("kind", ["file", "server"])
def test_no_input_makes_the_search_fail(browser, site: Path, served: str, kind: str) -> None:
    """Every prefix of each input, typed and as ?q=, runs without an error message, a console
    error or an uncaught exception (one letter used to say "Search is not available")."""
    base = base_of(kind, site, served)
    inputs = ANY_INPUT if kind == "file" else ANY_INPUT[:2]
    failed = []
    with visit(browser) as seen:
        open_search(seen, base)
        field_ = seen.page.locator("#search-query")
        for text in inputs:
            field_.fill("")
            for end in range(1, len(text) + 1):
                field_.press_sequentially(text[end - 1])
                assert seen.page.input_value("#search-query") == text[:end]
                if not STATUS.fullmatch(status := status_after(seen)):
                    failed.append((text[:end], status))
        field_.fill(PASTED)
        if not STATUS.fullmatch(status := status_after(seen)):
            failed.append(("pasted", status))
        for text in [*inputs, PASTED]:
            for end in sorted({*range(1, min(len(text), 8) + 1), len(text)}):
                open_search(seen, base, text[:end])
                if not STATUS.fullmatch(status := seen.page.inner_text("#search-status")):
                    failed.append((f"?q={text[:end]}", status))
    assert not failed, failed[:10]
    assert not seen.problems, seen.problems


def test_matches_are_highlighted_and_results_say_when_and_where(browser, site: Path) -> None:
    with visit(browser) as seen:
        open_search(seen, site.as_uri() + "/", "bogota marmalade")
        first = seen.page.locator("#search-results li").first
        marks = first.locator("mark").all_inner_texts()
        assert "Bogotá" in marks and "marmalade" in marks
        assert first.locator(".kicker").inner_text().lower() == "americas"
        assert first.locator("time").get_attribute("datetime").startswith("2023-02-10")
        assert first.locator("time").inner_text() == "10 February 2023"
        assert "1 article matches" in seen.page.inner_text("#search-status")
    assert not seen.problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_in_the_results(browser, site: Path, scheme: str) -> None:
    require(AXE_JS.is_file(), f"{AXE_JS} is missing (npm ci)")
    with visit(browser, scheme, axe=True) as seen:
        open_search(seen, site.as_uri() + "/", "tariff bogota")
        assert seen.page.locator("#search-results mark").count() >= 2
        report = seen.page.evaluate(
            "() => axe.run(document, {rules: {'color-contrast-enhanced': {enabled: true}}})"
        )
    assert report["passes"], "axe ran no check"
    problems = [
        f"{v['id']}: {[node['target'] for node in v['nodes']]}" for v in report["violations"]
    ]
    assert not problems, problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_fit_a_phone_and_a_desktop(browser, site: Path, scheme: str) -> None:
    """Nothing scrolls sideways at 320 to 1280 px; screenshots go to test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    overflowing = []
    for width, height in ((320, 640), (390, 844), (1280, 800)):
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme
        )
        page = context.new_page()
        page.goto(site.as_uri() + "/search.html?q=" + quote("tariff bogota"))
        page.wait_for_function("() => window.newsroomSearch && window.newsroomSearch.done")
        page.evaluate("() => newsroomSearch.done")
        sideways = page.evaluate(
            """() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                    .map(e => e.tagName)]"""
        )
        if width != 320:
            page.screenshot(path=str(ARTIFACTS / f"search-{width}x{height}-{scheme}.png"))
        context.close()
        if sideways[0] > sideways[1] or sideways[2]:
            overflowing.append((width, sideways))
    assert not overflowing, overflowing


def test_keyboard_reaches_the_field_runs_the_query_and_walks_the_results(
    browser, site: Path
) -> None:
    base = site.as_uri() + "/"
    with visit(browser) as seen:
        open_search(seen, base)
        page = seen.page
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.id") == "search-query":
                break
        else:
            pytest.fail("Tab never reached the search field")
        page.keyboard.type("tariff")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelectorAll('#search-results a').length")
        visited = []
        for _ in range(4):
            page.keyboard.press("Tab")
            visited.append(page.evaluate("() => document.activeElement.href || ''"))
        ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert [href[len(base) :] for href in visited if href] == QUERIES["tariff"]
    assert ring == "solid"
    assert not seen.problems


def test_more_results_come_a_page_at_a_time_in_rank_order(browser, tmp_path: Path) -> None:
    from newsroom.synthetic import write_site

    articles = write_site(tmp_path / "content", 25, "realistic")
    result = build(tmp_path / "out", content=tmp_path / "content")
    assert result.returncode == 0, result.stderr
    ranked = []  # (in the headline or standfirst, date, page): the order the reader should get
    for article in articles:
        head = dict(re.findall(r"^(\w+): (.*)$", article.path.read_text(encoding="utf-8"), re.M))
        in_head = "the" in words(head["Title"] + " " + head["Summary"])
        ranked.append((in_head, head["Date"], f"articles/{article.slug}.html"))
    expected = [page for *_, page in sorted(ranked, reverse=True)]
    base = (tmp_path / "out").as_uri() + "/"
    with visit(browser) as seen:
        open_search(seen, base, "the")
        page = seen.page
        assert "25 articles match" in page.inner_text("#search-status")
        assert page.locator("#search-results li").count() == 10
        page.click("#search-more")
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length == 20")
        focused = page.evaluate("() => document.activeElement.href")
        assert focused == page.locator("#search-results li:nth-child(11) a").evaluate("a => a.href")
        page.click("#search-more")
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length == 25")
        assert page.locator("#search-more").is_hidden()
        assert results(seen, base) == expected
    assert any(in_head for in_head, *_ in ranked) and not all(in_head for in_head, *_ in ranked)
    assert not seen.problems


def test_without_javascript_the_page_says_so_and_links_to_the_lists(browser, site: Path) -> None:
    with visit(browser, javascript=False) as seen:
        seen.page.goto(site.as_uri() + "/search.html?q=tariff")
        notice = seen.page.locator(".search-noscript")
        assert notice.is_visible() and "needs JavaScript" in notice.inner_text()
        links = seen.page.eval_on_selector_all(
            "noscript ~ * a, .next-steps a", "a => a.map(e => e.href)"
        )
        targets = {urlsplit(href).path.rsplit("/", 1)[-1] for href in links}
        assert {"archives.html", "tags.html"} <= targets


def test_text_rules_agree_with_the_build(browser, site: Path) -> None:
    """search.js turns text into exactly the words and keys text.py gave the index."""
    texts: dict[str, list[str]] = {lang: [] for lang in STEMMERS}
    for path in sorted((ROOT / "tests" / "corpus").glob("0*")):
        texts[path.name.split("_")[1]].append(path.read_text(encoding="utf-8"))
    for path in sorted(FIXTURE.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        lang = next(line[6:] for line in text.splitlines() if line.startswith("Lang: "))
        texts[lang].append(text)
    texts["en"] += [" ".join(WORDS), *NON_ASCII, "ß æ œ ø ł đ ð þ ı ﬁ ǅ ＡＢＣ İstanbul Ωμέγα 1½"]
    vocabulary = {
        lang: sorted({w for t in found for w in words(t)}) for lang, found in texts.items()
    }
    assert sum(map(len, vocabulary.values())) > 7000
    with visit(browser) as seen:
        open_search(seen, site.as_uri() + "/")
        browser_words = seen.page.evaluate(
            "texts => Object.fromEntries(Object.entries(texts).map(([lang, found]) =>"
            " [lang, found.map(t => newsroomSearch.text.words(t))]))",
            texts,
        )
        browser_keys = seen.page.evaluate(
            "v => Object.fromEntries(Object.entries(v).map(([lang, found]) => [lang, found.map("
            " w => [newsroomSearch.text.fold(w), newsroomSearch.text.keys(w, lang)])]))",
            vocabulary,
        )
    for lang, found in texts.items():
        assert browser_words[lang] == [words(text) for text in found], lang
    for lang, found in vocabulary.items():
        expected = [[fold(word), sorted(keys(word, lang))] for word in found]
        got = [[folded, sorted(stems)] for folded, stems in browser_keys[lang]]
        differences = [(w, e, g) for w, e, g in zip(found, expected, got, strict=True) if e != g]
        assert not differences, differences[:20]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture plus an article with every payload in its title and body."""
    content = tmp_path_factory.mktemp("hostile-content")
    shutil.copytree(FIXTURE, content, dirs_exist_ok=True)
    title = " ".join(" ".join(p.replace("\x00", "").split()) for p in PAYLOADS)  # one line
    body = "\n\n".join(f"Hostile paragraph: {payload}" for payload in PAYLOADS)
    (content / "articles" / "hostile.md").write_text(
        f"Title: Hostile {title}\nDate: 2023-04-01 09:00\nCategory: World\nLang: en\n\n{body}\n",
        encoding="utf-8",
    )
    output = tmp_path_factory.mktemp("hostile-site")
    # The cleaning plugin warns about what it removes: not a strict build.
    result = build(output, content=content, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def shown_markup(seen: Visit) -> tuple[list[str], list[str]]:
    html = seen.page.inner_html("#search-results")
    tags = seen.page.eval_on_selector_all("#search-results *", "e => e.map(x => x.localName)")
    return active_markup(html), sorted(set(tags))


def test_hostile_text_is_shown_as_text(browser, hostile_site: Path) -> None:
    with visit(browser) as seen:
        open_search(seen, hostile_site.as_uri() + "/", "hostile alert")
        headlines = seen.page.locator("#search-results h2").all_inner_texts()
        assert len(headlines) == 1 and headlines[0].startswith("Hostile")
        active, tags = shown_markup(seen)
    assert not active, active
    assert set(tags) <= {"li", "p", "h2", "a", "time", "mark"}, tags
    assert not seen.problems, seen.problems


def read_part(path: Path) -> Any:
    """The data of an index file: `newsroomSearch.put("name",DATA);`."""
    return json.loads(path.read_text(encoding="utf-8").split(",", 1)[1][: -len(");\n")])


def test_an_index_holding_raw_payloads_cannot_inject_markup(
    browser, hostile_site: Path, tmp_path: Path
) -> None:
    """Even text the cleaning never saw (a tampered index file) stays text on the page."""
    site = tmp_path / "site"
    shutil.copytree(hostile_site, site)
    name = f"d/{read_part(site / 'search' / 'index.js')['documents'] - 1}"  # the newest: hostile
    data = read_part(site / "search" / f"{name}.js")
    raw = " hostile ".join(PAYLOADS)
    data.update(
        title=f"Hostile {raw}",
        standfirst=raw,
        text=f"hostile {raw}",
        section=raw,
        when=raw,
        date=raw,
        lang=PAYLOADS[0],
    )
    (site / "search" / f"{name}.js").write_text(script(name, data), encoding="utf-8")
    with visit(browser) as seen:
        open_search(seen, site.as_uri() + "/", "hostile")
        assert seen.page.locator("#search-results li").count() >= 1
        assert "alert(1)" in seen.page.inner_text("#search-results")
        active, tags = shown_markup(seen)
    assert not active, active
    assert set(tags) <= {"li", "p", "h2", "a", "time", "mark"}, tags
    assert not seen.problems, seen.problems
