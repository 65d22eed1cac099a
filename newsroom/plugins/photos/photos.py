"""Photos in articles: an editor's camera files in content/images/, published light, sharp on
every screen, offline, and without what the camera wrote into them.

Written the Pelican way: in the text, a paragraph that is only an image,
`![What the photo shows]({static}/images/crowd.jpg "Caption|Credit")`, becomes a figure with
its caption and credit (the title, split at `|`); a lead photo is chosen in the metadata
(`Photo: images/crowd.jpg`, `Photo_alt:`, `Photo_caption:`, `Photo_credit:`) and shown under
the headline (first in the text), small in lists, and as og:image and JSON-LD image
(`article.lead_photo`).

The files in content/images/ are never copied (STATIC_PATHS leaves them out): each is read
through the sources' gate, made upright, stripped and resized (derive.py), and only those
derivatives are written, named by the photo's digest (images/crowd-<digest>-800.webp), so a
page links sizes the browser picks from (srcset) in WebP with a JPEG fallback, and width and
height keep the text from jumping. The derivatives are kept in the build's memo by the
photo's bytes: an unchanged photo is not resized again.

A missing photo, a file that is not one, a damaged or huge one, a photo without alt text:
each a `file:line` problem, every one listed before anything is written.

Settings, with their defaults here: PHOTOS_PATH ("images"), PHOTOS_MAX_BYTES (25,000,000).
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import chain
from typing import Any
from urllib.parse import urljoin

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

from newsroom.plugins.memo import memoised
from newsroom.plugins.output import write_output
from newsroom.plugins.source_checks.files import Refused, max_bytes, read_source
from newsroom.plugins.source_checks.problems import Problem, SourceError, stop_on
from newsroom.plugins.source_checks.source_checks import read_metadata

from .derive import Derived, PhotoProblem, derive, digest

FOLDER = "images"
# What a camera or a phone writes; a drawing (.svg) or an animation (.gif) is left to Pelican.
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
MAX_BYTES = 25_000_000
# The reading column is at most about 44rem wide (58ch); below that the photo spans the screen.
SIZES = "(min-width: 48rem) 44rem, calc(100vw - 2rem)"
# An image, and the paragraph around it when it is the paragraph's only content (a figure),
# as Python-Markdown writes `![alt](src "title")`.
IMAGE = re.compile(r"(?P<open><p>\s*)?(?P<image><img\b[^>]*>)(?P<close>\s*</p>)?")
PUBLISHED_NAME = re.compile(
    r"(?:\.\./)*images/[\w.-]+-[0-9a-f]{16}-(?:\d+|16x9|4x3|1x1)\.(?:jpg|webp)"
)


class _Attributes(HTMLParser):
    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self.feed(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = {name: value or "" for name, value in attrs}


@dataclass(frozen=True)
class Photo:
    """One photo as a page shows it: the derivatives' names, and what it says of itself."""

    base: str  # images/crowd-<digest>
    derived: Derived
    alt: str
    caption: str = ""
    credit: str = ""

    @property
    def width(self) -> int:
        return self.derived.variants[-1].width

    @property
    def height(self) -> int:
        return self.derived.variants[-1].height

    def name(self, width: int | str, kind: str) -> str:
        return f"{self.base}-{width}.{kind}"

    def files(self) -> Iterator[tuple[str, bytes]]:
        for variant in self.derived.variants:
            yield self.name(variant.width, "jpg"), variant.jpeg
            yield self.name(variant.width, "webp"), variant.webp
        for crop, data in self.derived.crops.items():
            yield self.name(crop, "jpg"), data

    @property
    def largest(self) -> str:
        return self.name(self.width, "jpg")

    @property
    def fallback(self) -> str:
        """For a browser that reads no srcset: the size a phone would pick."""
        variants = self.derived.variants
        return self.name(variants[min(1, len(variants) - 1)].width, "jpg")

    @property
    def small(self) -> str:
        return self.name(self.derived.variants[0].width, "jpg")

    @property
    def crops(self) -> list[str]:
        return [self.name(crop, "jpg") for crop in self.derived.crops] or [self.largest]

    def srcset(self, kind: str, prefix: str = "") -> str:
        return ", ".join(
            f"{prefix}{self.name(v.width, kind)} {v.width}w" for v in self.derived.variants
        )

    def picture(self, prefix: str, lead: bool = False, sizes: str = SIZES) -> str:
        """<picture>: WebP sizes, then the JPEG ones for a browser without WebP."""
        e = html.escape
        loading = 'fetchpriority="high"' if lead else 'loading="lazy"'
        return (
            f'<picture><source type="image/webp" srcset="{e(self.srcset("webp", prefix))}" '
            f'sizes="{sizes}"><img src="{e(prefix + self.fallback)}" '
            f'srcset="{e(self.srcset("jpg", prefix))}" sizes="{sizes}" width="{self.width}" '
            f'height="{self.height}" alt="{e(self.alt)}" {loading} decoding="async"></picture>'
        )

    def figure(self, prefix: str, lead: bool = False) -> str:
        e = html.escape
        said = e(self.caption) + (
            f' <span class="photo-credit">{e(self.credit)}</span>' if self.credit else ""
        )
        caption = f"<figcaption>{said}</figcaption>" if said else ""
        kind = "photo lead" if lead else "photo"
        return f'<figure class="{kind}">{self.picture(prefix, lead)}{caption}</figure>'


class Photos:
    """The photos of one build: each source read and derived once, its files written once."""

    def __init__(self, generator: Generator) -> None:
        settings = generator.settings
        self.settings = settings
        self.content = os.path.realpath(generator.path)
        self.folder = settings.get("PHOTOS_PATH", FOLDER)
        self.limit = int(settings.get("PHOTOS_MAX_BYTES", MAX_BYTES))
        self.output = generator.output_path
        self.made: dict[str, Photo | str] = {}  # a source's path: its photo, or its problem
        self.written: set[str] = set()

    def photo(self, relative: str, alt: str, caption: str, credit: str) -> Photo | str:
        """The photo at `relative` (inside the content folder), or what is wrong with it."""
        path = posixpath.normpath(relative)
        if not path.startswith(f"{self.folder}/") or path.startswith("../"):
            return f"{relative!r} is not in {self.folder}/: put photos in content/{self.folder}/"
        if not alt.strip():
            return (
                f"the photo {path} has no alt text: say what it shows, for readers who cannot "
                "see it"
            )
        if path not in self.made:
            self.made[path] = self._derived(path)
        made = self.made[path]
        if isinstance(made, str):
            return made
        return Photo(made.base, made.derived, alt.strip(), caption.strip(), credit.strip())

    def _derived(self, path: str) -> Photo | str:
        full = os.path.join(self.content, *path.split("/"))
        try:
            data = read_source(full, self.limit, inside=self.content)
        except Refused as refusal:
            return f"the photo {path}: {refusal} (photos go in content/{self.folder}/)"
        try:
            key = digest(data).encode()  # of the bytes and the recipe
            derived = memoised(self.settings, "photos", key, lambda: derive(data))
        except PhotoProblem as problem:
            return f"the photo {path}: {problem}"
        stem = re.sub(r"[^a-z0-9]+", "-", posixpath.basename(path).rsplit(".", 1)[0].lower())
        base = f"{self.folder}/{stem.strip('-') or 'photo'}-{derived.digest}"
        photo = Photo(base, derived, "-")
        for name, data_out in photo.files():
            if name not in self.written:
                write_output(self.settings, self.output, name, data_out)
                self.written.add(name)
        return photo


def _line(source: str, needle: str) -> int:
    """The first line of the source that holds `needle` (0 when none does)."""
    for number, line in enumerate(source.splitlines(), 1):
        if needle and needle in line:
            return number
    return 0


def _source_text(content: Any) -> str:
    """The source's text, to find a line in (read through the sources' gate, as every source)."""
    try:
        data = read_source(content.source_path, max_bytes(getattr(content, "settings", None)))
    except (Refused, OSError):
        return ""
    return data.decode("utf-8", errors="replace")


def _prefix(content: Any) -> str:
    """From the page to the site's root: `../` for articles/x.html."""
    folder = posixpath.dirname(getattr(content, "url", "") or "")
    return "../" * len([part for part in folder.split("/") if part])


def _linked(src: str, content: Any) -> str | None:
    """The content-relative path a `{static}` image names, or None for another kind of link."""
    for mark in ("{static}", "|static|"):
        if src.startswith(mark):
            target = src[len(mark) :]
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.join(getattr(content, "relative_dir", ""), target)
    return None


def add_photos(photos: Photos, content: Any) -> list[Problem]:
    """The content's lead photo and the figures of its text; the problems of both."""
    problems: list[Problem] = []
    source = None
    metadata = getattr(content, "metadata", {})
    content.lead_photo = None
    if metadata.get("photo"):
        made = photos.photo(
            str(metadata["photo"]),
            str(metadata.get("photo_alt", "")),
            str(metadata.get("photo_caption", "")),
            str(metadata.get("photo_credit", "")),
        )
        if isinstance(made, str):
            source = source or _source_text(content)
            lines = read_metadata(source)
            problems.append(Problem(content.source_path, lines.get("photo", (1, ""))[0], made))
        else:
            content.lead_photo = made
    body = content._content or ""
    prefix = _prefix(content)

    def replace(match: re.Match[str]) -> str:
        lone = bool(match["open"] and match["close"])
        attributes = _Attributes(match["image"]).found
        relative = _linked(attributes.get("src", ""), content)
        if relative is None or not relative.lower().endswith(PHOTO_SUFFIXES):
            return match.group(0)
        caption, _, credit = attributes.get("title", "").partition("|")
        made = photos.photo(relative, attributes.get("alt", ""), caption, credit)
        if isinstance(made, str):
            nonlocal source
            source = source or _source_text(content)
            where = _line(source, attributes.get("src", "")) or _line(source, relative) or 1
            problems.append(Problem(content.source_path, where, made))
            return match.group(0)
        if lone:
            return made.figure(prefix)
        return (match["open"] or "") + made.picture(prefix) + (match["close"] or "")

    if "static" in body:
        body = IMAGE.sub(replace, body)
    if content.lead_photo is not None:  # under the headline, first of the text
        body = content.lead_photo.figure(prefix, lead=True) + "\n" + body
    content._content = body
    return problems


def _contents(generator: Generator) -> Iterable[Any]:
    if isinstance(generator, ArticlesGenerator):
        return chain(
            generator.articles,
            generator.translations,
            generator.hidden_articles,
            generator.hidden_translations,
        )
    if isinstance(generator, PagesGenerator):
        return chain(generator.pages, generator.translations, generator.hidden_pages)
    return ()


def publish_photos(generator: Generator) -> None:
    """`article_generator_finalized`, `page_generator_finalized`: every photo of every page."""
    photos = generator.context.setdefault("_photos_of_this_build", Photos(generator))
    problems: list[Problem] = []
    for content in _contents(generator):
        problems += add_photos(photos, content)
        problems += _raw_links(photos, content)
    # Pelican copies each file a page links with {static}: never a camera's file.
    links = generator.context.get("static_links", set())
    links -= {link for link in links if _is_photo(photos, link)}
    stop_on(problems, SourceError, "photos")


def _is_photo(photos: Photos, link: str) -> bool:
    return link.startswith(f"{photos.folder}/") and link.lower().endswith(PHOTO_SUFFIXES)


def _raw_links(photos: Photos, content: Any) -> list[Problem]:
    """A link to a photo's file itself (not shown as a photo) would publish the camera's file."""
    problems = []
    for link in sorted(content.get_static_links()):
        if _is_photo(photos, link) and not isinstance(photos.made.get(link), str):
            where = _line(_source_text(content), link) or 1
            problems.append(
                Problem(
                    content.source_path,
                    where,
                    f"links to the file {link} itself, which would publish the camera's file "
                    "(its GPS position too): show it as a photo, ![what it shows]({static}/"
                    f"{link})",
                )
            )
    return problems


def absolute_in_feeds(context: dict[str, Any], feed: Any) -> None:
    """`feed_generated`: a photo's address made absolute in each entry (relative to its page
    in the site, it would be read relative to the feed)."""
    for item in feed.items:
        link = item.get("link") or ""
        for key in ("description", "content"):
            if item.get(key):
                item[key] = PUBLISHED_NAME.sub(
                    lambda m, link=link: urljoin(link, m.group(0)), item[key]
                )


def register() -> None:
    signals.article_generator_finalized.connect(publish_photos)
    signals.page_generator_finalized.connect(publish_photos)
    signals.feed_generated.connect(absolute_in_feeds)
