"""Checks across files: after Pelican has read every source, before it writes anything.

Pelican finds out that two things want the same output file only when it writes the
second one (with half the site written), or not at all: a `Save_as` of index.html makes it
skip the front page without a word, a tag whose name gives no slug is skipped the same
way, and a name too long for the file system stops the build with `OSError`. Here every
file the build will write is planned from what Pelican read, the way its generators and
writer will name them (the same settings, the same Paginator), and every problem is listed
as `file:line` at once, at `all_generators_finalized`, which Pelican sends after reading
and before its first write.
"""

from __future__ import annotations

import os
import posixpath
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from pelican.contents import Content
from pelican.generators import (
    ArticlesGenerator,
    Generator,
    PagesGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper

from .files import MAX_BYTES, Refused, max_bytes, read_source
from .problems import Problem, SourceError, stop_on
from .rules import MAX_SLUG_LENGTH, shorten_slug
from .source_checks import read_metadata

# A file name may hold 255 bytes on the usual file systems (ext4, APFS, NTFS).
MAX_NAME_BYTES = 255


class SiteError(SourceError):
    """The sources, taken together, cannot be built into a correct site."""


@dataclass(frozen=True)
class Claim:
    """One output file and who wants it: a source (and the metadata line to blame) or not."""

    output: str
    what: str
    source: str | None = None
    field: str | None = None


def _paginated(
    settings: dict[str, Any], template: str, name: str, url: str, count: int
) -> list[str]:
    """The files the writer makes for one template: one, or one per page, named by Pelican's
    own Paginator so that the plan follows PAGINATION_PATTERNS exactly."""
    if template not in settings.get("PAGINATED_TEMPLATES", {}) or count == 0:
        return [name]
    per_page = settings["PAGINATED_TEMPLATES"][template] or settings["DEFAULT_PAGINATION"]
    paginator = Paginator(name, url, list(range(count)), settings, per_page)
    return [paginator.page(number).save_as for number in paginator.page_range]


def _contents(generator: Generator, names: Iterable[str]) -> Iterator[Content]:
    for name in names:
        yield from getattr(generator, name, None) or []


ARTICLE_LISTS = ("translations", "articles", "hidden_translations", "hidden_articles")
DRAFT_LISTS = ("drafts_translations", "drafts")
PAGE_LISTS = (
    "translations",
    "pages",
    "hidden_translations",
    "hidden_pages",
    "draft_translations",
    "draft_pages",
)


def _content_claims(content: Content, kind: str) -> list[Claim]:
    field = "save_as" if "save_as" in content.metadata else "slug"
    if field == "slug" and "slug" not in content.metadata:
        field = "title"
    return [Claim(content.save_as, f"the {kind}", content.source_path, field)]


def _taxonomy(
    generator: ArticlesGenerator,
) -> Iterator[tuple[str, str, URLWrapper, list[Content]]]:
    """(template, metadata field, term, articles) for every tag, category and author."""
    for tag, articles in generator.tags.items():
        yield "tag", "tags", tag, articles
    for category, articles in generator.categories:
        yield "category", "category", category, articles
    for author, articles in generator.authors:
        yield "author", "author", author, articles


def _feed_claims(generator: ArticlesGenerator, settings: dict[str, Any]) -> Iterator[Claim]:
    for key in ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS"):
        if settings.get(key):
            yield Claim(settings[key], f"the feed {key}")
    first = _first_sources(generator)
    for template, field, term, _articles in _taxonomy(generator):
        for kind in ("ATOM", "RSS"):
            pattern = settings.get(f"{template.upper()}_FEED_{kind}")
            if pattern:
                source = first.get((field, term.slug))
                output = str(pattern).format(slug=term.slug)
                yield Claim(output, f"the {kind} feed of {template} {term.name!r}", source, field)
    languages = {a.lang for a in chain(generator.articles, generator.translations)}
    for lang in sorted(languages):
        for kind in ("ATOM", "RSS"):
            pattern = settings.get(f"TRANSLATION_FEED_{kind}")
            if pattern:
                yield Claim(str(pattern).format(lang=lang), f"the {kind} feed of {lang!r}")


def _first_sources(generator: ArticlesGenerator) -> dict[tuple[str, str], str]:
    """The first source (by path) naming each tag, category and author: where to point."""
    first: dict[tuple[str, str], str] = {}
    for article in sorted(generator.articles, key=lambda a: a.source_path):
        for tag in getattr(article, "tags", []) or []:
            first.setdefault(("tags", tag.slug), article.source_path)
        if getattr(article, "category", None):
            first.setdefault(("category", article.category.slug), article.source_path)
        for author in getattr(article, "authors", []) or []:
            first.setdefault(("author", author.slug), article.source_path)
    return first


def _article_claims(generator: ArticlesGenerator, settings: dict[str, Any]) -> Iterator[Claim]:
    for content in _contents(generator, ARTICLE_LISTS):
        yield from _content_claims(content, "article")
    for content in _contents(generator, DRAFT_LISTS):
        if content.save_as:
            yield from _content_claims(content, "draft")
    for template in settings["DIRECT_TEMPLATES"]:
        name = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        url = settings.get(f"{template.upper()}_URL", f"{template}.html")
        if name:
            for output in _paginated(settings, template, name, url, len(generator.articles)):
                yield Claim(output, f"the {template} page")
    for archives in generator.period_archives.values():
        for period in archives:
            yield Claim(period["save_as"], f"the archive of {period['period']}")
    first = _first_sources(generator)
    for template, field, term, articles in _taxonomy(generator):
        pages = _paginated(settings, template, term.save_as, term.url, len(articles))
        for number, output in enumerate(pages, start=1):
            page = f", page {number}" if number > 1 else ""
            what = f"the page of {template} {term.name!r}{page}"
            yield Claim(output, what, first.get((field, term.slug)), field)
    yield from _feed_claims(generator, settings)


def _static_claims(generator: StaticGenerator, settings: dict[str, Any]) -> Iterator[Claim]:
    destination = settings["THEME_STATIC_DIR"]
    for path in settings["THEME_STATIC_PATHS"]:
        source = os.path.join(generator.theme, path)
        if os.path.isfile(source):
            yield Claim(posixpath.join(destination, os.path.basename(path)), "a theme file")
        for folder, _dirs, files in os.walk(source):
            for name in files:
                relative = os.path.relpath(os.path.join(folder, name), source)
                output = posixpath.join(destination, relative.replace(os.sep, "/"))
                yield Claim(output, "a theme file")
    for static in getattr(generator, "staticfiles", []):
        yield Claim(static.save_as, f"the static file {static.relative_source_path}")


def planned_outputs(generators: Iterable[Generator]) -> list[Claim]:
    """Every file the generators are about to write, with who wants it."""
    claims: list[Claim] = []
    for generator in generators:
        settings = generator.settings
        if isinstance(generator, ArticlesGenerator):
            claims += _article_claims(generator, settings)
        elif isinstance(generator, PagesGenerator):
            for content in _contents(generator, PAGE_LISTS):
                claims += _content_claims(content, "page")
        elif isinstance(generator, StaticGenerator):
            claims += _static_claims(generator, settings)
        elif isinstance(generator, TemplatePagesGenerator):
            for source, output in settings.get("TEMPLATE_PAGES", {}).items():
                claims.append(Claim(output, f"the template page {source}"))
    return claims


class Locator:
    """`file:line` for a source and one of its metadata fields, each file read once."""

    def __init__(self, content_path: str, limit: int = MAX_BYTES) -> None:
        self.content_path = content_path
        self.limit = limit
        self._metadata: dict[str, dict[str, tuple[int, str]]] = {}

    def shown(self, source: str) -> str:
        relative = os.path.relpath(source)
        return source if relative.startswith("..") else relative

    def line(self, source: str, field: str | None) -> int:
        if source not in self._metadata:
            try:
                data = read_source(source, self.limit, inside=self.content_path)
                self._metadata[source] = read_metadata(data.decode("utf-8-sig"))
            except (Refused, UnicodeDecodeError):
                self._metadata[source] = {}
        metadata = self._metadata[source]
        for name in (field, f"{field}s" if field else None, "slug", "title"):
            if name and name in metadata:
                return metadata[name][0]
        return 1

    def problem(self, claim: Claim, message: str) -> Problem:
        if claim.source is None:
            return Problem("settings", 1, message)
        return Problem(self.shown(claim.source), self.line(claim.source, claim.field), message)


def _outside(output: str) -> bool:
    normal = posixpath.normpath(output.replace(os.sep, "/"))
    return output.startswith("/") or normal == ".." or normal.startswith("../")


def path_problems(claims: list[Claim], locator: Locator) -> list[Problem]:
    """Files outside the folder, names too long, and two claims on one file."""
    problems: list[Problem] = []
    by_output: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if _outside(claim.output):
            problems.append(
                locator.problem(
                    claim,
                    f"{claim.what} would be written outside the output folder ({claim.output})",
                )
            )
            continue
        long = [part for part in claim.output.split("/") if len(part.encode()) > MAX_NAME_BYTES]
        if long:
            problems.append(
                locator.problem(
                    claim,
                    f"{claim.what} would be a file name of {len(long[0].encode())} bytes "
                    f"(the limit is {MAX_NAME_BYTES}): give a slug of at most "
                    f"{MAX_SLUG_LENGTH} characters",
                )
            )
            continue
        by_output[posixpath.normpath(claim.output)].append(claim)
    for output, wanting in sorted(by_output.items()):
        if len(wanting) < 2:
            continue
        for claim in wanting:
            others = [c for c in wanting if c is not claim]
            if claim.source is None and any(c.source for c in others):
                continue  # named by the sources that want its file
            names = " and ".join(_named(other, locator) for other in others)
            here = f"{claim.what} of this file" if claim.source else claim.what
            problems.append(locator.problem(claim, f"{output} is wanted by {here} and by {names}"))
    return problems


def _named(claim: Claim, locator: Locator) -> str:
    if claim.source is None:
        return claim.what
    where = locator.problem(claim, "")
    return f"{claim.what} of {where.path}:{where.line}"


def slug_problems(generators: Iterable[Generator], locator: Locator) -> list[Problem]:
    """Explicit slugs too long for a file name, and names with no letter or digit (Pelican
    would write `articles/.html`, or skip a tag's page without a word)."""
    problems: list[Problem] = []
    for generator in generators:
        lists = ARTICLE_LISTS + DRAFT_LISTS if isinstance(generator, ArticlesGenerator) else ()
        if isinstance(generator, PagesGenerator):
            lists = PAGE_LISTS
        for content in _contents(generator, lists):
            claim = Claim("", "", content.source_path, "title")
            if "slug" in content.metadata and len(content.slug or "") > MAX_SLUG_LENGTH:
                problems.append(
                    locator.problem(
                        Claim("", "", content.source_path, "slug"),
                        f"the Slug is {len(content.slug)} characters long; use at most "
                        f"{MAX_SLUG_LENGTH}, e.g. {shorten_slug(content.slug)!r}",
                    )
                )
            if not content.slug:
                problems.append(
                    locator.problem(
                        claim, f"the title {content.title!r} gives an empty slug: add a Slug"
                    )
                )
            for field, label in (("tags", "tag"), ("category", "category"), ("author", "author")):
                terms = getattr(content, field if field != "author" else "authors", None) or []
                if isinstance(terms, URLWrapper):
                    terms = [terms]
                for term in terms:
                    if not term.slug:
                        problems.append(
                            locator.problem(
                                Claim("", "", content.source_path, field),
                                f"the {label} {term.name!r} gives an empty slug "
                                "(no letter or digit): rename it",
                            )
                        )
    return problems


def site_problems(generators: list[Generator]) -> list[Problem]:
    if not generators:
        return []
    locator = Locator(generators[0].path, max_bytes(generators[0].settings))
    problems = slug_problems(generators, locator)
    problems += path_problems(planned_outputs(generators), locator)
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.path, p.line, p.message))


def check_site(generators: list[Generator]) -> None:
    """List every cross-file problem, then stop the build before its first write."""
    stop_on(site_problems(generators), SiteError, "site")
