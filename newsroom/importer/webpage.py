"""A saved web page: trafilatura finds the article and its metadata, then the raw-text rules
(byline, furniture, credit) run over the paragraphs it found.

Scripts, styles and other elements a browser never shows as text are removed before
trafilatura reads the page: otherwise a <script> inside the headline joins the title. The text
trafilatura gives back is plain text (its `&lt;script&gt;` is the characters "<script>"), and
the Markdown it becomes is escaped, so it stays text on the page.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

from newsroom.importer.article import HEADING, PARAGRAPH, PHOTO, Article, Report
from newsroom.importer.htmltext import HIDDEN
from newsroom.importer.lines import ITEM, Line, collapse
from newsroom.importer.photos import add_saved_photos
from newsroom.importer.rawtext import ImportProblem, parse_lines

# What only a whole page has: a fragment (an RSS description) is read as raw HTML text instead.
_PAGE_MARKERS = re.compile(r"<(?:!doctype\s+html|html|head|body|title|meta)\b", re.IGNORECASE)


def is_saved_page(path: str, text: str) -> bool:
    return bool(_PAGE_MARKERS.search(text[:20000]))


def without_hidden_elements(html: str) -> str:
    """The page without the elements whose text a browser never shows (scripts, styles...)."""
    try:
        document = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return html
    for element in document.iter(*(tag for tag in HIDDEN if tag not in ("head", "title"))):
        element.drop_tree()
    return etree.tostring(document, encoding="unicode", method="html")


_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


def parse_page(path: str, html: str, report: Report, title: str | None = None) -> Article:
    """The article in a saved page; raises ImportProblem when the page holds none."""
    xml = trafilatura.extract(
        without_hidden_elements(html),
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_formatting=False,
        include_links=False,
        include_images=True,
        deduplicate=False,
    )
    if not xml:
        raise ImportProblem(f"{path}: no article text found in this web page")
    doc = etree.fromstring(xml.encode("utf-8"))
    page_title = collapse(doc.get("title") or "")
    if not (title or page_title):
        raise ImportProblem(
            f"{path}: no recognisable title: the page has no <title>, og:title or <h1>; "
            'give the headline with --title "…"'
        )
    report.unit = "block"
    if not title:
        report.find("title", None, f"{page_title} (from the page's metadata)")
    alts = {graphic.get("src"): graphic.get("alt") or "" for graphic in doc.iter("graphic")}
    lines, graphics = [], []
    for number, (hint, text) in enumerate(_blocks(doc.find("main")), start=1):
        if hint == PHOTO:
            graphics.append((number, text, collapse(alts.get(text, ""))))
        else:
            lines.append(Line(number, text, hint))
    article = parse_lines(lines, report, path, title=title or page_title)
    _metadata(doc, article, report)
    if graphics:
        add_saved_photos(path, html, graphics, article, report)
    return article


def _blocks(main: etree._Element | None):
    """The page's blocks in order: headings, paragraphs, list items, quotes, table rows."""
    if main is None:
        return
    for element in main:
        if element.tag in ("list", "table", "quote") and len(element):
            hint = ITEM if element.tag == "list" else PARAGRAPH
            for child in element.iter("item", "row", "p"):
                text = collapse(" ".join(child.itertext()))
                if text:
                    yield hint, text
            continue
        if element.tag == "graphic":
            if element.get("src"):
                yield PHOTO, element.get("src")
            continue
        text = collapse("".join(element.itertext()))
        if text:
            yield (HEADING if element.tag == "head" else PARAGRAPH), text


def _metadata(doc: etree._Element, article: Article, report: Report) -> None:
    author = collapse(doc.get("author") or "")
    if author and not article.author:
        article.author = author
        report.find("author", None, f"{author} (from the page's metadata)")
    if doc.get("date") and not article.date:
        article.date = doc.get("date")
        report.find("date", None, f"{article.date} (from the page's metadata)")
    url = doc.get("url") or ""
    if re.match(r"https?://[^\s\"'<>]+$", url):
        article.source = url
        report.find("source", None, f"{article.source} (from the page's metadata)")
    if doc.get("sitename"):
        article.source_name = collapse(doc.get("sitename") or "")
        report.find("source name", None, f"{article.source_name} (from the page's metadata)")
    if doc.get("description") and not article.summary:
        article.summary = collapse(doc.get("description", ""))
        report.find("summary", None, f"{article.summary} (the page's description)")
