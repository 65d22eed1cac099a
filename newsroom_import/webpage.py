"""A saved web page: trafilatura finds the article and its metadata, then the raw-text rules
(byline, furniture, credit) run over the paragraphs it found."""

from __future__ import annotations

import trafilatura
from lxml import etree

from newsroom_import.article import HEADING, PARAGRAPH, Article, Report
from newsroom_import.rawtext import ImportProblem, Line, parse_lines

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def looks_like_html(path: str, text: str) -> bool:
    start = text.lstrip()[:200].lower()
    return path.lower().endswith(HTML_SUFFIXES) or start.startswith(("<!doctype html", "<html"))


def parse_page(path: str, html: str, report: Report) -> Article:
    """The article in a saved page; raises ImportProblem when the page holds none."""
    xml = trafilatura.extract(
        html,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_formatting=False,
        include_links=False,
        include_images=False,
        deduplicate=False,
    )
    if not xml:
        raise ImportProblem(f"{path}: no article text found in this web page")
    doc = etree.fromstring(xml.encode("utf-8"))
    title = " ".join((doc.get("title") or "").split())
    if not title:
        raise ImportProblem(
            f"{path}: no recognisable title: the page has no <title>, og:title or <h1>"
        )
    report.unit = "block"
    report.find("title", None, f"{title} (from the page's metadata)")
    lines = [
        Line(number, text, HEADING if element.tag == "head" else PARAGRAPH)
        for number, (element, text) in enumerate(_blocks(doc.find("main")), start=1)
    ]
    article = parse_lines(lines, report, path, title=title)
    _metadata(doc, article, report)
    return article


def _blocks(main: etree._Element | None):
    """The page's blocks in order: headings, paragraphs, list items, quotes, table rows."""
    if main is None:
        return
    for element in main:
        if element.tag in ("list", "table", "quote") and len(element):
            children = element.iter("item", "row", "p")
            for child in children:
                text = " ".join(" ".join(child.itertext()).split())
                if text:
                    yield child, text
            continue
        text = " ".join("".join(element.itertext()).split())
        if text and element.tag != "graphic":
            yield element, text


def _metadata(doc: etree._Element, article: Article, report: Report) -> None:
    author = doc.get("author")
    if author and not article.author:
        article.author = author
        report.find("author", None, f"{author} (from the page's metadata)")
    if doc.get("date") and not article.date:
        article.date = doc.get("date")
        report.find("date", None, f"{article.date} (from the page's metadata)")
    if doc.get("url"):
        article.source = doc.get("url")
        report.find("source", None, f"{article.source} (from the page's metadata)")
    if doc.get("sitename"):
        article.source_name = doc.get("sitename")
        report.find("source name", None, f"{article.source_name} (from the page's metadata)")
    if doc.get("description") and not article.summary:
        article.summary = " ".join(doc.get("description", "").split())
        report.find("summary", None, f"{article.summary} (the page's description)")
