"""The photos a saved web page brought along: what a browser saved beside the page, in its
`<name>_files` folder, becomes photos of the article, with their alt text, caption and credit.

Trafilatura says where each photo stands among the paragraphs (`<graphic src alt>`); the
caption is the `<figcaption>` of the `<figure>` around that image in the page itself, and a
credit at its end ("Photo: …", "Foto: …", "Crédit : …") becomes the credit. Only a file inside
the page's `_files` folder is taken, read through the sources' gate and opened by Pillow before
it is kept; a photo from another host, or one without alt text or caption to describe it, is
left out and reported (the build would refuse a photo nobody described).
"""

from __future__ import annotations

import os
import posixpath
import re
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

from newsroom.importer.article import PHOTO, Article, Block, Report
from newsroom.importer.lines import collapse
from newsroom.plugins.photos.derive import PhotoProblem, check_photo
from newsroom.plugins.photos.photos import MAX_BYTES, PHOTO_SUFFIXES
from newsroom.plugins.source_checks.files import Refused, read_source

CREDIT = re.compile(
    r"\s*\(?\b(?:Photo|Photograph|Foto|Fotografía|Crédit(?: photo)?|Bild)\s*:\s*([^()]+?)\)?\s*$",
    re.IGNORECASE,
)


_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def _captions(html: str) -> dict[str, str]:
    """Each image's figcaption in the page, by the image's src as written."""
    try:
        document = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return {}
    found = {}
    for image in document.iter("img"):
        figure = next((a for a in image.iterancestors() if a.tag == "figure"), None)
        caption = figure.find(".//figcaption") if figure is not None else None
        if image.get("src") and caption is not None:
            found[image.get("src")] = collapse(" ".join(caption.itertext()))
    return found


def _saved_file(path: str, src: str) -> str | None:
    """The file a src names, when it lies inside the page's `_files` folder; else None."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None
    relative = posixpath.normpath(unquote(parts.path))
    top = relative.split("/", 1)[0]
    if relative.startswith("../") or not top.endswith("_files") or "/" not in relative:
        return None
    return os.path.join(os.path.dirname(os.path.abspath(path)), *relative.split("/"))


def add_saved_photos(
    path: str,
    html: str,
    graphics: list[tuple[int, str, str]],
    article: Article,
    report: Report,
) -> None:
    """Each photo (line, src, alt) at its place among the blocks; the files in `report.photos`
    (their place in the site is set by `place`, once the article has its slug)."""
    captions = _captions(html)
    for number, src, alt in graphics:
        where = _saved_file(path, src)
        if where is None or not where.lower().endswith(PHOTO_SUFFIXES):
            report.leave_out(number, src, "a photo from another host or not saved with the page")
            continue
        caption = captions.get(src, "")
        credit = ""
        if found := CREDIT.search(caption):
            credit, caption = found.group(1).strip(), caption[: found.start()].strip()
        try:
            data = read_source(where, MAX_BYTES, inside=os.path.dirname(where))
            check_photo(data)
        except (Refused, PhotoProblem, OSError) as problem:
            report.leave_out(number, src, f"not a photo the build can publish: {problem}")
            continue
        if not (alt or caption):
            report.leave_out(number, src, "a photo with no alt text or caption to describe it")
            continue
        name = re.sub(r"[^a-z0-9._-]+", "-", posixpath.basename(where).lower()).lstrip(".-")
        block = Block(PHOTO, caption, number, [name, alt or caption, credit])
        at = sum(1 for existing in article.blocks if (existing.line or 0) < number)
        article.blocks.insert(at, block)
        report.photos.append((where, name))
        report.find(
            "photo", number, f"{name}: {caption or alt}" + (f" ({credit})" if credit else "")
        )


def place(article: Article, report: Report) -> None:
    """The photos' place in the site, images/<slug>/<name>, once the slug is known."""
    folder = f"images/{article.slug}"
    for block in article.blocks:
        if block.kind == PHOTO and "/" not in block.items[0]:
            block.items[0] = f"{folder}/{block.items[0]}"
    report.photos = [
        (where, name if "/" in name else f"{folder}/{name}") for where, name in report.photos
    ]
