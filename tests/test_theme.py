"""The theme's HTML: escaping, the plain-text contract and its stock fallback, head metadata,
the front page, lists and indexes, the article page's parts, 404 and paging.

Behaviour is checked on sites the tests build themselves (tests/fixtures); what must hold for
every article of the real site loops over whatever content/ holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, nodes

from tests.conftest import PUBLISHED_SITEURL
from tests.fixtures import CASES, hostile, write_cases, write_hostile
from tests.payloads import PAYLOADS, active_markup
from tests.sitecheck import (
    Built,
    build_site,
    check_archives,
    html_pages,
    plain_summary,
    plain_title,
    resolve_file_url,
    seen,
    soup,
    text_of,
    tree_bytes,
)

THEME = Path(__file__).resolve().parent.parent / "theme" / "templates"
CANONICAL = 'https://example.org/"><script>alert(1)</script>'
# The feeds are on only so that the theme prints its feed links (the offline build has none).
FEEDS = {
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "TAG_FEED_ATOM": "feeds/tag-{slug}.atom.xml",
    "TAG_FEED_RSS": "feeds/tag-{slug}.rss.xml",
}
PELICAN_JINJA = {"trim_blocks": True, "lstrip_blocks": True, "extensions": []}
LONG_HEADLINE = (
    "Internal dissent in the regional security alliance puts distance between the capital "
    "and its closest partners as leaders leave the summit without a joint statement"
)


def json_ld(page) -> dict:  # type: ignore[no-untyped-def]
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def meta(page, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        tag["content"]
        for tag in page.find_all("meta")
        if tag.get("property") == key or tag.get("name") == key
    ]


def case(cases: Built, title: str):  # type: ignore[no-untyped-def]
    """The article of the cases site with this title, and its page."""
    article = next(a for a in cases.articles if plain_title(a) == title)
    return article, soup(cases.output / article.save_as)


# --- Escaping ---------------------------------------------------------------------------------


def _escaped(node: nodes.Node, macros: set[str], safe: set[str]) -> bool:
    """Whether a printed expression is escaped: |e or |tojson, a literal, a macro (its own
    output is escaped), a block, a name set from one of these, or the content body (HTML)."""
    if isinstance(node, nodes.Const):
        return True
    if isinstance(node, nodes.Filter):
        if node.name in ("e", "escape", "tojson"):
            return True
        return (
            node.name == "safe"
            and isinstance(node.node, nodes.Getattr)
            and node.node.attr == "content"
            and isinstance(node.node.node, nodes.Name)
            and node.node.node.name in ("article", "page")
        )
    if isinstance(node, nodes.CondExpr):
        return _escaped(node.expr1, macros, safe) and (
            node.expr2 is None or _escaped(node.expr2, macros, safe)
        )
    if isinstance(node, nodes.Call):
        called = node.node
        if isinstance(called, nodes.Name):
            return called.name in macros
        return isinstance(called, nodes.Getattr) and getattr(called.node, "name", "") == "self"
    return isinstance(node, nodes.Name) and node.name in safe


def unescaped_outputs(source: str) -> list[str]:
    """`line: expression` for every value a template prints without escaping it."""
    tree = Environment().parse(source)
    macros = {macro.name for macro in tree.find_all(nodes.Macro)}
    for imported in tree.find_all(nodes.FromImport):
        macros |= {name if isinstance(name, str) else name[1] for name in imported.names}
    safe: set[str] = set()
    for assign in tree.find_all(nodes.Assign):
        if isinstance(assign.target, nodes.Name) and _escaped(assign.node, macros, safe):
            safe.add(assign.target.name)
    found = []
    for output in tree.find_all(nodes.Output):
        for node in output.nodes:
            if not isinstance(node, nodes.TemplateData) and not _escaped(node, macros, safe):
                found.append(f"{node.lineno}: {source.splitlines()[node.lineno - 1].strip()}")
    return found


def test_every_value_a_template_prints_is_escaped() -> None:
    assert unescaped_outputs('<a href="{{ SITEURL }}/{{ article.url }}">') != []  # can fail
    assert unescaped_outputs('<a href="{{ SITEURL|e }}/{{ article.url|e }}">') == []
    problems = {
        template.name: found
        for template in sorted(THEME.glob("*.html"))
        if (found := unescaped_outputs(template.read_text(encoding="utf-8")))
    }
    assert not problems, problems


def build_hostile(root: Path, plain: bool, **settings: object) -> Built:
    content = write_hostile(root / "content", len(PAYLOADS))
    return build_site(
        root / "output",
        content=content,
        plugins=[hostile],
        strict=False,
        HOSTILE_PLAIN=plain,
        SITENAME=PAYLOADS[0],
        SITESUBTITLE=PAYLOADS[1],
        PAGES_HOSTING_SITEURL=CANONICAL,
        **FEEDS,
        **settings,
    )


@pytest.fixture(scope="module", params=[True, False], ids=["plain-attributes", "stock-pelican"])
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Every payload in every field the theme prints: with the cleaning plugin's plain_*
    attributes, and without them (stock Pelican, where the theme strips and escapes)."""
    return build_hostile(tmp_path_factory.mktemp("hostile"), plain=request.param)


def test_hostile_values_in_every_field_leave_nothing_active(hostile_site: Built) -> None:
    pages = html_pages(hostile_site.output)
    assert len(pages) > 4 * len(PAYLOADS)  # articles, tags, authors, sections, lists
    found = {
        page.name: problems
        for page in pages
        if (problems := active_markup(page.read_text(encoding="utf-8"), own_host="example.org"))
    }
    assert not found, found
    # The values are there, as text: escaped, not dropped.
    shown = " ".join(seen(soup(page).find("main")) for page in pages[:40])
    assert "<script>alert(1)</script>" in shown or '" onfocus="alert(1)" autofocus="' in shown


def test_with_autoescape_on_the_theme_renders_the_same_bytes(
    hostile_site: Built, tmp_path: Path
) -> None:
    """Autoescape escapes whatever a template prints unescaped: with hostile values in every
    field, the same bytes with it on and off mean the theme escapes every value itself."""
    plain = hasattr(hostile_site.articles[0], "plain_title")
    again = build_hostile(tmp_path, plain, JINJA_ENVIRONMENT={**PELICAN_JINJA, "autoescape": True})
    assert tree_bytes(again.output) == tree_bytes(hostile_site.output)


# --- The theme alone, with stock Pelican ------------------------------------------------------


def test_the_real_content_builds_with_stock_pelican(built: Built, tmp_path: Path) -> None:
    """PLUGINS = []: no cleaning, no reading time, no plain_* attributes. The theme still
    renders every page, with the titles and summaries as plain text."""
    stock = build_site(tmp_path / "stock", plugins=[])
    assert stock.messages() == []
    extras = {Path("search.html")}  # the offline_search plugin's page
    assert sorted(p.relative_to(stock.output) for p in html_pages(stock.output)) == sorted(
        p.relative_to(built.output) for p in html_pages(built.output) if p.name != "search.html"
    )
    assert extras <= {p.relative_to(built.output) for p in html_pages(built.output)}
    for article in stock.articles:
        page = soup(stock.output / article.save_as)
        assert seen(page.find("h1")) == text_of(article.title)
        standfirst = seen(page.select_one(".article-header .standfirst"))
        assert standfirst == text_of(article.metadata.get("summary", ""))
        assert not page.find(class_="reading-time")  # a plugin's extra, optional


# --- Head metadata, for every article of the real site -----------------------------------------


def test_json_ld_describes_each_article(built: Built) -> None:
    assert built.articles
    for article in built.articles:
        page = soup(built.output / article.save_as)
        data = json_ld(page)
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] == seen(page.find("h1"))
        assert data["description"] == meta(page, "description")[0]
        assert data["datePublished"] == article.date.isoformat()
        modified = getattr(article, "modified", None) or article.date
        assert data["dateModified"] == modified.isoformat()
        assert data["author"] == [{"@type": "Person", "name": a.name} for a in article.authors]
        assert data["publisher"] == {"@type": "Organization", "name": built.settings["SITENAME"]}
        assert data["inLanguage"] == article.lang
        assert data["keywords"] == [tag.name for tag in getattr(article, "tags", [])]
        assert data["articleSection"] == article.category.name
        source = getattr(article, "source", "")
        assert data.get("isBasedOn") == (source if source.startswith("http") else None)
        agency = getattr(article, "agency", None)
        assert data.get("creditText") == agency
        # Without a published address there is no absolute URL to give.
        assert "mainEntityOfPage" not in data and "url" not in data


def test_open_graph_describes_each_article(built: Built) -> None:
    for article in built.articles:
        page = soup(built.output / article.save_as)
        assert page.find("html")["lang"] == article.lang
        assert meta(page, "og:type") == ["article"]
        assert meta(page, "og:title") == [plain_title(article)]
        assert meta(page, "article:published_time") == [article.date.isoformat()]
        assert meta(page, "article:author") == [a.name for a in article.authors]
        assert meta(page, "article:section") == [article.category.name]
        assert meta(page, "article:tag") == [t.name for t in getattr(article, "tags", [])]
        assert meta(page, "twitter:card") == ["summary"]
        assert not page.find("link", rel="canonical") and not meta(page, "og:url")


@pytest.mark.parametrize("name", ["built", "cases"])
def test_every_page_has_a_unique_title_and_description(
    request: pytest.FixtureRequest, name: str
) -> None:
    site: Built = request.getfixturevalue(name)
    titles: dict[str, list[str]] = {}
    descriptions: dict[str, list[str]] = {}
    for path in html_pages(site.output):
        page = soup(path)
        titles.setdefault(page.title.string, []).append(path.name)
        description = meta(page, "description")
        assert len(description) == 1 and description[0].strip(), path
        descriptions.setdefault(description[0], []).append(path.name)
    assert all(len(names) == 1 for names in titles.values()), titles
    assert all(len(names) == 1 for names in descriptions.values()), descriptions


def policy(page: BeautifulSoup) -> dict[str, list[str]]:
    """A page's Content-Security-Policy, directive by directive."""
    metas = page.find_all("meta", attrs={"http-equiv": True})
    assert [m["http-equiv"] for m in metas] == ["Content-Security-Policy"], metas
    found: dict[str, list[str]] = {}
    for directive in metas[0]["content"].split(";"):
        name, *sources = directive.split()
        assert name not in found, name  # a browser would ignore the second
        found[name] = sources
    return found


@pytest.mark.parametrize("name", ["built", "published", "cases"])
def test_every_page_states_its_content_security_policy_before_anything_it_governs(
    request: pytest.FixtureRequest, name: str
) -> None:
    """Nothing but 'none' and 'self' (no other host, scheme or unsafe-*), no script but on the
    search page, and the <meta> right after the charset, before the first link or script.
    (tests/test_browser.py and test_search_browser.py prove it in Chromium.)"""
    site: Built = request.getfixturevalue(name)
    pages = html_pages(site.output)
    assert site.output / "search.html" in pages and site.output / "404.html" in pages
    for path in pages:
        page = soup(path)
        found = policy(page)
        scripts = ["'self'"] if path == site.output / "search.html" else ["'none'"]
        assert found == {
            "default-src": ["'none'"],
            "script-src": scripts,
            "style-src": ["'self'"],
            "img-src": ["'self'"],
            "connect-src": ["'self'"],
            "form-action": ["'self'"],
            "base-uri": ["'none'"],
            "object-src": ["'none'"],
        }, path
        first, second = page.head.find_all(True, recursive=False)[:2]
        assert first.get("charset") == "utf-8", path
        assert second.get("http-equiv") == "Content-Security-Policy", path
        assert not page.find_all(style=True) and not page.find("style"), path
        assert [s.get("type") for s in page.find_all("script") if not s.get("src")] in (
            [],
            ["application/ld+json"],
        ), path


def test_published_build_has_canonical_urls(published: Built) -> None:
    for article in published.articles:
        page = soup(published.output / article.save_as)
        url = f"{PUBLISHED_SITEURL}/{article.save_as}"
        assert page.find("link", rel="canonical")["href"] == url
        assert meta(page, "og:url") == [url]
        data = json_ld(page)
        assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
        assert data["url"] == url and data["publisher"]["url"] == f"{PUBLISHED_SITEURL}/"
    index = soup(published.output / "index.html").find("link", rel="canonical")
    assert index["href"] == f"{PUBLISHED_SITEURL}/index.html"


def test_published_404_links_absolutely_from_any_depth(published: Built) -> None:
    page = soup(published.output / "404.html")
    stylesheet = page.find("link", rel="stylesheet")["href"]
    assert stylesheet == f"{PUBLISHED_SITEURL}/theme/css/site.css"
    hrefs = [tag["href"] for tag in page.find_all(["a", "link"], href=True)]
    assert len(hrefs) >= 8
    assert all(h.startswith(PUBLISHED_SITEURL + "/") or h == "#main" for h in hrefs), hrefs
    assert meta(page, "robots") == ["noindex"] and not page.find("link", rel="canonical")


def test_local_404_links_relatively(site: Path) -> None:
    page = soup(site / "404.html")
    assert page.find("h1").get_text() == "Page not found"
    assert page.find("link", rel="stylesheet")["href"] == "./theme/css/site.css"
    assert page.find("a", string="Read the latest articles")["href"] == "./index.html"


def test_dateline_gives_reading_time_and_word_count(built: Built) -> None:
    from newsroom.plugins.reading_time import reading_minutes, word_count

    for article in built.articles:
        page = soup(built.output / article.save_as)
        body = str(page.find(class_="article-body"))
        words = word_count(body)
        assert page.find(class_="word-count").get_text() == f"{words:,} words"
        assert page.find(class_="reading-time").get_text() == f"{reading_minutes(body)} min read"


# --- The article page (cases) ------------------------------------------------------------------


def test_standfirst_comes_only_from_a_summary(cases: Built) -> None:
    """Without a Summary there is no standfirst: Pelican's automatic summary is the opening of
    the body, which the page shows right below. The description still says what it is about."""
    article, page = case(cases, "Port strike ends after three weeks")
    assert "summary" not in article.metadata
    lead = seen(page.select_one(".article-body > p"))
    assert not page.select(".standfirst")
    assert seen(page.find("main")).count(lead) == 1
    assert meta(page, "description")[0][:40] == lead[:40]
    listed = [
        item
        for item in soup(cases.output / "index.html").select(".story")
        if seen(item.find("h2")) == "Port strike ends after three weeks"
    ]
    assert len(listed) == 1 and not listed[0].select(".standfirst")
    with_summary, page = case(
        cases, "Farmers in the Ebro valley count the cost of a second dry spring"
    )
    assert seen(page.select_one(".article-header .standfirst")) == plain_summary(with_summary)


def test_source_box_names_the_original_language_and_not_the_byline(cases: Built) -> None:
    _, page = case(cases, "Farmers in the Ebro valley count the cost of a second dry spring")
    box = page.find(class_="source-box")
    rows = {seen(dt): seen(dt.find_next_sibling("dd")) for dt in box.find_all("dt")}
    assert rows == {
        "Agency": "EFE",
        "Taken from": "example.com",  # no Source_name: the host, without www.
        "Language": "English, translated from Spanish",
    }
    assert "Ana Gómez" not in seen(box)  # the byline is above, once
    link = box.find("a", href=re.compile("^https://www.example.com/"))
    assert seen(link) == "example.com"
    _, page = case(cases, "Port strike ends after three weeks")
    rows = {seen(dt): seen(dt.find_next_sibling("dd")) for dt in page.select(".source-box dt")}
    assert rows == {"Taken from": "news.example.org", "Language": "English"}
    _, page = case(cases, LONG_HEADLINE)
    box = page.find(class_="source-box")
    rows = {seen(dt): seen(dt.find_next_sibling("dd")) for dt in box.find_all("dt")}
    assert rows == {
        "Agency": "AFP",
        "Taken from": "agency.example.net",
        "Language": "English, a translation (the original language is not recorded)",
    }
    assert "Marie Dupont" not in seen(box)


def test_articles_link_to_previous_and_next(cases: Built) -> None:
    articles = cases.articles
    for index in (0, len(articles) // 2, len(articles) - 1):
        page = soup(cases.output / articles[index].save_as)
        nav = page.find("nav", class_="article-nav")
        older = nav.find("a", rel="prev")
        newer = nav.find("a", rel="next")
        path = cases.output / articles[index].save_as
        if index + 1 < len(articles):
            assert (
                resolve_file_url(path, older["href"])
                == (cases.output / articles[index + 1].save_as).resolve()
            )
        else:
            assert older is None
        if index > 0:
            assert seen(newer) == plain_title(articles[index - 1])
        else:
            assert newer is None


# --- Lists --------------------------------------------------------------------------------------


def test_front_page_leads_with_the_featured_story_then_a_compact_list(cases: Built) -> None:
    page = soup(cases.output / "index.html")
    stories = page.select(".article-list > li")
    assert "lead" in stories[0]["class"]
    assert seen(stories[0].find("h2")) == (
        "Farmers in the Ebro valley count the cost of a second dry spring"
    )
    assert len(stories) == 10 and not any("lead" in s["class"] for s in stories[1:])
    titles = [seen(s.find("h2")) for s in stories]
    assert len(set(titles)) == 10  # the lead is not listed again on its page
    assert titles[1] == plain_title(cases.articles[0])  # then the newest, in order
    # The second page has no lead.
    assert not soup(cases.output / "index.page2.html").select(".lead")


def test_without_a_featured_story_the_newest_leads(built: Built) -> None:
    page = soup(built.output / "index.html")
    featured = [a for a in built.articles[:10] if getattr(a, "featured", "") == "yes"]
    expected = featured[0] if featured else built.articles[0]
    assert seen(page.select_one(".lead h2")) == plain_title(expected)


def test_list_items_show_section_byline_date_and_at_most_three_tags(cases: Built) -> None:
    by_title = {plain_title(a): a for a in cases.articles}
    items = soup(cases.output / "index.page2.html").select(".story")
    assert len(items) == 10
    for item in items:
        article = by_title[seen(item.find("h2"))]
        assert seen(item.find(class_="kicker")) == article.category.name
        assert item.find("time")["datetime"] == article.date.isoformat()
        assert all(author.name in seen(item.find(class_="byline")) for author in article.authors)
        tags = [seen(a) for a in item.select(".tags a")]
        assert tags == [tag.name for tag in article.tags[:3]]
        assert seen(item.find(class_="standfirst")) == plain_summary(article)


def test_pager_says_where_you_are_and_links_first_and_last(cases: Built) -> None:
    pages = len(cases.articles) // 10
    assert pages == 5
    middle_path = cases.output / "index.page3.html"
    middle = soup(middle_path)
    pager = middle.find("nav", class_="pager")
    assert "Page 3 of 5" in seen(pager)
    assert "page 3 of 5" in seen(middle.find("h1"))
    links = {seen(a).split(" articles")[0].strip("«‹›» "): a["href"] for a in pager.find_all("a")}
    assert links == {
        "Newest": "./index.html",
        "Newer": "./index.page2.html",
        "Older": "./index.page4.html",
        "Oldest": "./index.page5.html",
    }
    for href in links.values():
        assert resolve_file_url(middle_path, href).is_file()
    first = soup(cases.output / "index.html").find("nav", class_="pager")
    assert "Page 1 of 5" in seen(first) and not first.find("a", rel="prev")
    last = soup(cases.output / "index.page5.html").find("nav", class_="pager")
    assert "Page 5 of 5" in seen(last) and not last.find("a", rel="next")
    # A tag with more than ten articles is paged the same way.
    tag, articles = max(cases.terms("tags"), key=lambda pair: len(pair[1]))
    tag_page = soup(cases.output / tag.save_as)
    if len(articles) > 10:
        assert f"Page 1 of {(len(articles) + 9) // 10}" in seen(tag_page.find(class_="pager"))


def test_archives_group_by_year_and_month_with_counts(cases: Built) -> None:
    page = soup(cases.output / "archives.html")
    years = [int(h["id"].split("-")[1]) for h in page.select(".archive-year > h2")]
    assert years == sorted({a.date.year for a in cases.articles}, reverse=True)
    assert seen(page.find(id="year-2023")) == "2023 3 articles"
    months = page.find(id="year-2023").find_next_sibling("ul").select("li")
    assert [seen(li) for li in months] == ["March 2 articles", "February 1 article"]
    month_path = resolve_file_url(cases.output / "archives.html", months[0].find("a")["href"])
    march = soup(month_path)
    assert seen(march.find("h1")) == "March 2023"
    assert [seen(a) for a in march.select(".archive a")] == [
        "Port strike ends after three weeks",
        "Farmers in the Ebro valley count the cost of a second dry spring",
    ]
    jump = [a["href"] for a in page.select("nav.initials a")]
    assert jump == [f"#year-{year}" for year in years]


def test_without_month_pages_the_archives_list_every_article(tmp_path: Path) -> None:
    """Pelican's default has no month pages: the archives page then lists every article,
    grouped by year and month itself."""
    content = write_cases(tmp_path / "content", synthetic=2)
    stock = build_site(tmp_path / "output", content=content, MONTH_ARCHIVE_SAVE_AS="")
    page = soup(stock.output / "archives.html")
    assert not page.select(".archive-months")
    assert seen(page.find(id="month-2023-03")) == "March 2023 2 articles"
    assert (
        len(page.select(".archive li")) == len(stock.articles) == len(list(CASES.glob("*.md"))) + 2
    )
    assert check_archives(stock) == []


def test_indexes_count_articles_and_group_many_terms_by_initial(cases: Built) -> None:
    tags = cases.terms("tags")
    assert len(tags) > 24
    page = soup(cases.output / "tags.html")
    initials = [a["href"] for a in page.select("nav.initials a")]
    groups = page.select("section.term-group")
    assert initials == [f"#{g['aria-labelledby']}" for g in groups]
    assert sum(len(g.select(".term-list li")) for g in groups) == len(tags)
    for group in groups:
        names = [seen(li.find("a")) for li in group.select(".term-list li")]
        assert all(n[0].upper() == seen(group.find("h2")) or not n[0].isalpha() for n in names)
    # Few sections: one plain list, no initials to jump to.
    sections = soup(cases.output / "categories.html")
    assert not sections.select("nav.initials")
    assert len(sections.select(".term-list li")) == len(cases.terms("categories"))


def test_the_offline_build_has_no_feeds_and_links_none(built: Built) -> None:
    """A feed reader polls an address; a folder opened from file:// has none (ids would be
    tag:None,... and links relative). The published build has the feeds: tests/test_site.py."""
    assert not (built.output / "feeds").exists()
    for path in html_pages(built.output):
        page = soup(path)
        assert not page.find("link", type=re.compile("(atom|rss)")), path
        assert not page.find("a", href=re.compile(r"\.xml$")), path


def test_templates_render_without_the_reading_time_plugin_filters() -> None:
    """The plugin's filters are optional: a template that names them still compiles."""
    from jinja2 import FileSystemLoader

    environment = Environment(loader=FileSystemLoader(str(THEME)), **PELICAN_JINJA)
    for template in THEME.glob("*.html"):
        environment.get_template(template.name)
