"""What each output file is made of: the rules an incremental build renders by.

An output file is rendered again when its fingerprint changes, and carried over from the
previous build when it does not. A page's fingerprint is a hash of:

1. its name, its template's name and RELATIVE_URLS (the name gives SITEURL, output_file and
   the relative links);
2. every variable its template can read, found by reading the template: the names Jinja
   reports as undeclared in it and in every template it extends, imports or includes. Each
   such name is looked up in the arguments Pelican's generator gave this page (article,
   tag, articles_page, dates...), then in the shared context (articles, pages, tags,
   period_archives, what a plugin added...). A setting is left out, because every setting is
   part of the output environment (environment.py), and so is every template: changing one
   renders every page. What a template does not name, it cannot read, so it is left out too.
3. each value in full, with two narrowed reads, each promised by the template that relies on
   it (a comment there points here):
   - a paginated list (index, tag, category and author pages) reads its `articles` and
     `dates` only through its own page: `articles_page` is its objects, its number and the
     paginator's count, number of pages and page size (with the names of its pages), not
     the paginator's whole list;
   - article.html reads `articles` only for the article's neighbours (the previous and next
     article), so an article page depends on those two, not on the whole list.
   Every other value counts whole: a content object by every attribute it has (its body,
   title, metadata, dates, tags...; translations by theirs), a list by each of its items.
   Each rule records how many times the templates load the name; a template edited to load
   it any other number of times loses the narrowing (the whole value counts) until the rule
   is checked and its number updated.

An object whose text links to other content with Pelican's {filename}, {static}, {attach} or
{tag}... syntax depends on what it links to; such an object is treated as new in every build
(its pages always render), which is correct at a small cost.

Feeds are fingerprinted the same way: their items (the first FEED_MAX_ITEMS), path, URL, type
and title. A file a plugin writes through the writer's `write_data` is fingerprinted by what
the plugin says it is made of. Everything else (the theme's static files, sitemap.xml...) is
written by its generator in every build.

Jinja filters and globals are code: a plugin's filter must compute from its arguments only. A
value of the shared context is digested once a build, for every page that reads it: a plugin
must not change one in place while the pages are written (Pelican's own are set before).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from jinja2 import Environment, meta, nodes
from jinja2.exceptions import TemplateError
from pelican.contents import Content
from pelican.paginator import Page as PaginatorPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper

from newsroom.plugins.memo import memoised

FORMAT = b"dependencies 1"
# Attributes of a content object that are not what it is: its links to the whole build.
NOT_STATE = frozenset({"_context", "settings", "translations"})
LINK_ATTRIBUTES = "href|src|poster|data|cite|formaction|action|content"


class Unknown(Exception):
    """A value whose state cannot be told from its appearance: its page always renders."""


def _hash(value: Any) -> bytes:
    """A digest of plain data (what `encode` gives). Its repr, not a pickle: a pickle refers
    back to an object it has seen, so two equal values give different bytes when one build
    shares a string where another holds two copies of it."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=20).digest()


def _neighbours(articles: Any, kwargs: dict[str, Any], encode: Callable[[Any], Any]) -> Any:
    """article.html: whether the article is listed, and the articles either side of it."""
    article = kwargs.get("article")
    position = _positions(articles).get(id(article))
    if position is None:
        return ("not listed",)
    newer = articles[position - 1] if position > 0 else None
    older = articles[position + 1] if position + 1 < len(articles) else None
    return ("listed", encode(newer), encode(older))


_POSITIONS: dict[int, tuple[Any, dict[int, int]]] = {}


def _positions(items: list[Any]) -> dict[int, int]:
    known = _POSITIONS.get(id(items))
    if known is None or known[0] is not items or len(known[1]) != len(items):
        _POSITIONS.clear()
        known = (items, {id(item): number for number, item in enumerate(items)})
        _POSITIONS[id(items)] = known
    return known[1]


# A template file's undeclared names, the templates it names (None: named by an expression), and
# how many times it loads each name.
TemplateNames = tuple[frozenset[str], tuple[str | None, ...], tuple[tuple[str, int], ...]]

Narrowing = Callable[[Any, dict[str, Any], Callable[[Any], Any]], Any]
# (template, variable) -> the part of the value the template reads, and how many times the
# template (with what it extends, includes and imports) loads the variable's name as the rule
# was written. A template that loads it any other number of times was changed: the whole value
# counts then, until the rule is checked and the number updated (tests/test_incremental.py
# checks that the theme's templates still get their rules).
NARROWED: dict[tuple[str, str], tuple[Narrowing, int]] = {
    ("article.html", "articles"): (_neighbours, 8),
}
# What Pelican's writer paginates (`articles`, `dates`), and so what a paginated page reads
# through its own page (`articles_page`...), with how many times each paginated template loads
# each name, as above.
PAGINATED_READS: dict[str, dict[str, int]] = {
    "index.html": {"articles": 4, "dates": 0},
    "tag.html": {"articles": 3, "dates": 0},
    "category.html": {"articles": 3, "dates": 0},
    "author.html": {"articles": 3, "dates": 0},
}


class Fingerprints:
    """Fingerprints of the outputs of one build; every object is digested once."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self._objects: dict[int, tuple[Any, bytes]] = {}  # id -> (object, digest)
        self._shallow: dict[int, tuple[Any, bytes]] = {}
        self._context_values: dict[int, tuple[Any, int | None, bytes]] = {}
        self._names: dict[tuple[int, str], tuple[frozenset[str], Counter[str]] | None] = {}
        self._files: dict[tuple[int, str, str], TemplateNames | None] = {}
        links = settings.get("INTRASITE_LINK_REGEX") or r"[{|](?P<what>.*?)[|}]"
        self._link = re.compile(rf"""(?:{LINK_ATTRIBUTES})\s*=\s*["'](?:{links})""")
        self._nonce = os.urandom(16)

    # --- pages --------------------------------------------------------------------------------

    def page(
        self,
        template: Any,
        name: str,
        context: dict[str, Any],
        kwargs: dict[str, Any],
        relative_urls: bool,
        paginated: bool,
    ) -> bytes | None:
        """The fingerprint of one page, or None when it cannot be known (always render)."""
        names = self.template_names(template)
        if names is None:
            return None
        template_name = template.name
        parts: list[Any] = [FORMAT, "page", template_name, name, bool(relative_urls)]
        try:
            for variable in sorted(names):
                if variable in kwargs:
                    if paginated and self.narrowed(template, variable, paginated=True):
                        continue  # read through its page (`articles_page`...)
                    value = kwargs[variable]
                elif variable in context:
                    value = context[variable]
                    if variable in self.settings and value is self.settings[variable]:
                        continue  # a setting: part of the output environment
                else:
                    continue  # undefined on this page
                rule = NARROWED.get((template_name, variable))
                if rule is not None and self.narrowed(template, variable):
                    parts.append((variable, rule[0](value, kwargs, self.encode)))
                elif variable in kwargs:
                    parts.append((variable, self.encode(value)))
                else:
                    parts.append((variable, self._shared(value)))
        except Unknown:
            return None
        return _hash(parts)

    def narrowed(self, template: Any, variable: str, paginated: bool = False) -> bool:
        """Whether the template still reads `variable` as its narrowing rule says."""
        if paginated:
            expected = PAGINATED_READS.get(template.name, {}).get(variable)
        else:
            rule = NARROWED.get((template.name, variable))
            expected = None if rule is None else rule[1]
        return expected is not None and self.loads(template, variable) == expected

    def _shared(self, value: Any) -> Any:
        """A value of the shared context, digested once for all the pages that read it: the
        same lists (every tag with its articles...) are on every page."""
        if type(value) in _PLAIN:
            return self.encode(value)
        size = len(value) if isinstance(value, (list, tuple, dict, set, frozenset)) else None
        known = self._context_values.get(id(value))
        if known is not None and known[0] is value and known[1] == size:
            return known[2]
        digest = _hash(self.encode(value))
        self._context_values[id(value)] = (value, size, digest)
        return digest

    def feed(
        self, path: str, url: str | None, feed_type: str, title: str | None, items: Iterable[Any]
    ) -> bytes | None:
        try:
            encoded = [self.encode(item) for item in items]
        except Unknown:
            return None
        return _hash([FORMAT, "feed", path, url, feed_type, title, encoded])

    def template_names(self, template: Any) -> frozenset[str] | None:
        """Every name the template, or a template it uses, reads from its context; None when
        a template is named by an expression (it could be any) or cannot be read."""
        found = self._template(template)
        return None if found is None else found[0]

    def loads(self, template: Any, name: str) -> int:
        """How many times the template and the templates it uses load `name`."""
        found = self._template(template)
        return -1 if found is None else found[1].get(name, 0)

    def _template(self, template: Any) -> tuple[frozenset[str], Counter[str]] | None:
        environment = getattr(template, "environment", None)
        name = getattr(template, "name", None)
        if environment is None or name is None:
            return None
        key = (id(environment), name)
        if key not in self._names:
            self._names[key] = self._closure(environment, name)
        return self._names[key]

    def _closure(
        self, environment: Environment, name: str
    ) -> tuple[frozenset[str], Counter[str]] | None:
        names: set[str] = set()
        loads: Counter[str] = Counter()
        seen: set[str] = set()
        todo: list[str | None] = [name]
        while todo:
            current = todo.pop()
            if current is None:
                return None
            if current in seen:
                continue
            seen.add(current)
            found = self._file_names(environment, current)
            if found is None:
                return None
            names |= found[0]
            todo.extend(found[1])
            loads.update(dict(found[2]))
        return frozenset(names), loads

    def _file_names(self, environment: Environment, name: str) -> TemplateNames | None:
        """One template file's undeclared names and the templates it names, each file found
        once a build, and kept in the memo by its source (Jinja compiles a template to find its
        undeclared names: a tenth of a second a file)."""
        key = (id(environment), "file", name)
        if key in self._files:
            return self._files[key]
        try:
            source, _filename, _uptodate = environment.loader.get_source(environment, name)
        except (TemplateError, OSError, AttributeError):
            found = None
        else:
            memo_key = name.encode() + b"\0" + source.encode("utf-8", "surrogatepass")
            found = memoised(
                self.settings,
                "template names",
                memo_key,
                lambda: _template_file_names(environment, source),
            )
        self._files[key] = found
        return found

    # --- values -------------------------------------------------------------------------------

    def encode(self, value: Any) -> Any:
        """A value as plain data (tuples, strings, numbers) that is equal in two builds exactly
        when what a template can read from it is equal."""
        kind = type(value)
        if kind in _PLAIN:
            return value
        if isinstance(value, Content):
            return ("content", self.digest(value))
        if isinstance(value, (list, tuple)):
            return (kind.__name__, *[self.encode(item) for item in value])
        if isinstance(value, dict):
            try:
                items = sorted(value.items())
            except TypeError:
                items = sorted(value.items(), key=lambda item: repr(item[0]))
            return ("dict", *[(self.encode(k), self.encode(v)) for k, v in items])
        if isinstance(value, (datetime, date)):
            return (kind.__name__, repr(value))
        if isinstance(value, URLWrapper):
            return (kind.__name__, self._state(value))
        if isinstance(value, PaginatorPage):
            paginator = value.paginator
            return (
                "paginated page",
                value.full_name,
                value.base_url,
                value.number,
                paginator.count,
                paginator.num_pages,
                paginator.per_page,
                paginator.orphans,
                *[self.encode(item) for item in value.object_list],
            )
        if isinstance(value, Paginator):
            return ("paginator", value.name, value.url, value.per_page, value.orphans) + tuple(
                self.encode(item) for item in value.object_list
            )
        if isinstance(value, (set, frozenset)):
            return ("set", *sorted((self.encode(item) for item in value), key=repr))
        if hasattr(value, "__dict__") and not callable(value):
            return (f"{kind.__module__}.{kind.__qualname__}", self._state(value))
        text = repr(value)
        if " at 0x" in text:
            raise Unknown(text)
        return (kind.__name__, text)

    def _state(self, value: Any) -> Any:
        state = {k: v for k, v in vars(value).items() if k not in NOT_STATE}
        return self.encode(state)

    def digest(self, content: Content) -> bytes:
        """A content object: every attribute, its translations' too, and a fresh value in
        each build when it links to other content (what it shows depends on theirs)."""
        known = self._objects.get(id(content))
        if known is not None and known[0] is content:
            return known[1]
        parts = [self._shallow_digest(content)]
        parts += [self._shallow_digest(other) for other in getattr(content, "translations", ())]
        if self._links_elsewhere(content):
            parts.append(self._nonce)
        result = _hash(parts)
        self._objects[id(content)] = (content, result)
        return result

    def _shallow_digest(self, content: Content) -> bytes:
        known = self._shallow.get(id(content))
        if known is not None and known[0] is content:
            return known[1]
        self._shallow[id(content)] = (content, b"being digested")  # a cycle stops here
        result = _hash((type(content).__name__, self._state(content)))
        self._shallow[id(content)] = (content, result)
        return result

    def _links_elsewhere(self, content: Content) -> bool:
        texts = [getattr(content, "_content", None) or ""]
        metadata = getattr(content, "metadata", {}) or {}
        texts += [
            str(metadata[key])
            for key in self.settings.get("FORMATTED_FIELDS", ())
            if key in metadata
        ]
        return any(self._link.search(text) for text in texts if text)


_PLAIN = frozenset({str, int, float, bool, type(None), bytes})


def _template_file_names(environment: Environment, source: str) -> TemplateNames | None:
    try:
        tree = environment.parse(source)
    except TemplateError:
        return None
    loads = Counter(node.name for node in tree.find_all(nodes.Name) if node.ctx == "load")
    return (
        frozenset(meta.find_undeclared_variables(tree)),
        tuple(meta.find_referenced_templates(tree)),
        tuple(sorted(loads.items())),
    )
