"""Helpers the tests share: building a site, reading it back as a browser would, and the
checks of a built site that hold for whatever its content folder holds."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit
from weakref import ref as weak_reference

from bs4 import BeautifulSoup
from markupsafe import Markup

from newsroom.build.folders import MARKER

ROOT = Path(__file__).resolve().parent.parent
RAW_ARTICLE = ROOT / "raw" / "000_3ae21a45b85fb992.txt"
ARTICLE_SLUG = (
    "internal-dissent-in-the-military-alliance-led-by-russia-puts-distance-"
    "between-putin-and-his-closest-countries"
)
# Attributes through which a page makes the browser fetch or follow something.
URL_ATTRIBUTES = ("href", "src", "srcset", "poster", "data", "action")


def build(
    output: Path,
    content: Path | None = None,
    settings: str = "pelicanconf.py",
    env: dict[str, str] | None = None,
    strict: bool | None = None,
    extra: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run Pelican the way `make html` does, into `output`. `strict` True or False sets
    CLEAN_MARKUP_FATAL_WARNINGS; None leaves it to the plugin (strict when CI is set).
    `extra` is more options; settings given there with `-e` join the strict one (Pelican keeps
    only the last `-e` it is given)."""
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content or ROOT / "content"),
        "-o",
        str(output),
        "-s",
        str(ROOT / settings),
        "--fatal",
        "errors",
    ]
    overrides = [] if strict is None else [f"CLEAN_MARKUP_FATAL_WARNINGS={str(strict).lower()}"]
    rest = list(extra or [])
    while "-e" in rest:  # `-e KEY=VALUE...`: every value up to the next option
        start = rest.index("-e")
        end = next((i for i in range(start + 1, len(rest)) if rest[i].startswith("-")), len(rest))
        overrides += rest[start + 1 : end]
        del rest[start:end]
    command += (["-e", *overrides] if overrides else []) + rest
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        command, cwd=ROOT, env=full_env, capture_output=True, text=True, check=False
    )


# --- Building in the test process -------------------------------------------------------------


class BuildFailed(AssertionError):
    pass


@dataclass
class Built:
    """A site built in this process: where it went, what Pelican made of the sources, the log."""

    output: Path
    content: Path
    settings: dict[str, Any]
    generators: list[Any] = field(default_factory=list)
    records: list[logging.LogRecord] = field(default_factory=list)

    def _generator(self, name: str) -> Any:
        return next(g for g in self.generators if type(g).__name__ == name)

    @property
    def articles(self) -> list[Any]:
        """The published articles, newest first, as every list shows them."""
        return list(self._generator("ArticlesGenerator").articles)

    @property
    def pages(self) -> list[Any]:
        return list(self._generator("PagesGenerator").pages)

    def terms(self, kind: str) -> list[tuple[Any, list[Any]]]:
        """(term, its articles) for kind "tags", "categories" or "authors"."""
        terms = getattr(self._generator("ArticlesGenerator"), kind)
        return list(terms.items()) if isinstance(terms, dict) else list(terms)

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _pelican_signals() -> list[Any]:
    from blinker import Signal
    from pelican.plugins import signals

    return [value for value in vars(signals).values() if isinstance(value, Signal)]


def _receivers(signal: Any) -> list[Any]:
    found = []
    for receiver in signal.receivers.values():
        target = receiver() if isinstance(receiver, weak_reference) else receiver
        if target is not None:
            found.append(target)
    return found


@contextmanager
def isolated_signals() -> Iterator[None]:
    """Pelican's signals live in a module: a plugin registered by one build stays connected for
    the next one in the same process. Inside this block no receiver from outside is connected,
    and those connected inside are gone after it, so each build has exactly its own plugins."""
    signals = _pelican_signals()
    before = {id(signal): _receivers(signal) for signal in signals}
    for signal in signals:
        for receiver in before[id(signal)]:
            signal.disconnect(receiver)
    try:
        yield
    finally:
        for signal in signals:
            for receiver in _receivers(signal):
                signal.disconnect(receiver)
            for receiver in before[id(signal)]:
                signal.connect(receiver)


def build_site(
    output: Path,
    content: Path | None = None,
    settings_file: Path | str = "pelicanconf.py",
    env: dict[str, str] | None = None,
    plugins: list[str | ModuleType] | None = None,
    strict: bool = True,
    log_level: int = logging.WARNING,
    **overrides: Any,
) -> Built:
    """Build with Pelican in this process (no interpreter to start), as `make html` would.

    `settings_file` is read as Pelican reads it (relative to the project unless absolute);
    `overrides` replace settings, `plugins` replaces PLUGINS. An error in the log fails the
    build, as `--fatal errors` does; `strict` makes cleaning warnings fatal, as CI does.
    """
    from pelican import Pelican, signals
    from pelican.settings import read_settings

    settings_path = Path(settings_file)
    if not settings_path.is_absolute():
        settings_path = ROOT / settings_path
    project = settings_path.parent
    override = {"OUTPUT_PATH": str(output), **overrides}
    override["PATH"] = str(content or project / "content")
    if strict:
        override["CLEAN_MARKUP_FATAL_WARNINGS"] = True
    if plugins is not None:
        override["PLUGINS"] = plugins
    saved_env = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    saved_cwd = os.getcwd()
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    root = logging.getLogger()
    saved_level = root.level
    root.addHandler(handler)
    root.setLevel(log_level)
    built = Built(output, Path(override["PATH"]), {})
    try:
        os.chdir(project)  # publishconf.py imports pelicanconf.py from its folder (os.curdir)
        with isolated_signals():
            settings = read_settings(str(settings_path), override=override)
            built.settings = settings
            signals.all_generators_finalized.connect(_keep_generators(built))
            Pelican(settings).run()
    except Exception as error:
        raise BuildFailed(f"the build of {built.content} failed: {error!r}") from error
    finally:
        os.chdir(saved_cwd)
        root.removeHandler(handler)
        root.setLevel(saved_level)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    built.records = records
    errors = built.messages(logging.ERROR)
    if errors:
        raise BuildFailed("errors in the build:\n" + "\n".join(errors))
    return built


def _keep_generators(built: Built) -> Any:
    def keep(generators: list[Any]) -> None:
        built.generators = list(generators)

    built._keep = keep  # type: ignore[attr-defined]  # the signal only holds a weak reference
    return keep


# --- Reading pages ------------------------------------------------------------------------------


@contextmanager
def serve_with(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve with `handler` on 127.0.0.1 (a free port) while the block runs; yields the origin."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_urls(page: BeautifulSoup) -> list[str]:
    """Every URL in a page that a browser would fetch or follow."""
    urls = []
    for element in page.find_all(True):
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if not value:
                continue
            if attribute == "srcset":
                urls.extend(part.strip().split()[0] for part in value.split(",") if part.strip())
            else:
                urls.append(value)
    return urls


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def resolve_file_url(page_path: Path, url: str) -> Path | None:
    """Where a browser that opened `page_path` from file:// goes for `url` (None: same page)."""
    target, _fragment = urldefrag(url)
    if not target:
        return None
    parts = urlsplit(target)
    return (page_path.parent / unquote(parts.path)).resolve()


TAG_FRAGMENT = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*\s*>|\b/?[A-Za-z][A-Za-z0-9]*>")
WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> list[str]:
    """The words of a text, ignoring stray tag fragments and all spacing and punctuation."""
    return WORD.findall(TAG_FRAGMENT.sub(" ", text))


def raw_article_paragraphs() -> list[str]:
    """The first article's own paragraphs in its raw scraped file, without the page furniture."""
    lines = [line.strip() for line in RAW_ARTICLE.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    title = lines[0]
    furniture = {title, "Spread the love", "By", "Didier Lauras", "Continue reading:"}
    return [line for line in lines if line not in furniture]


def tree_bytes(root: Path) -> dict[str, bytes]:
    """The site's files by path. The marker the build command puts in every folder it swaps in
    (newsroom/build/folders.py) is left out: Pelican run directly writes none, and the output
    folder tests check it."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.relative_to(root).as_posix() != MARKER
    }


def text_of(value: Any) -> str:
    """Plain text as a reader sees it: tags gone, entities decoded, spaces collapsed."""
    return " ".join(Markup(str(value)).striptags().split())


def seen(element: Any) -> str:
    """The text of a parsed element as a reader sees it, spaces collapsed."""
    return " ".join(element.get_text(" ").split()) if element is not None else ""


# --- What every article's page and every list must show, for any content ----------------------


def plain_title(content: Any) -> str:
    return text_of(getattr(content, "plain_title", None) or content.title)


def plain_summary(content: Any) -> str:
    """The article's own Summary as plain text ("" without one): never the automatic one."""
    if hasattr(content, "plain_summary"):
        return text_of(content.plain_summary)
    return text_of(content.metadata.get("summary") or "")


def output_file(built: Built, url: str) -> Path:
    return built.output / unquote(url)


def check_article_pages(built: Built) -> list[str]:
    """Each article's page shows its own title, standfirst (only from its Summary), authors,
    date, source and every tag, each tag linking to a page that names it."""
    problems = []
    for article in built.articles:
        path = output_file(built, article.save_as)
        if not path.is_file():
            problems.append(f"{article.source_path}: no page at {article.save_as}")
            continue
        page = soup(path)
        where = article.save_as
        if page.find("html").get("lang") != article.lang:
            problems.append(f"{where}: lang {page.find('html').get('lang')!r}")
        if seen(page.find("h1")) != plain_title(article):
            problems.append(f"{where}: h1 {seen(page.find('h1'))!r} != {plain_title(article)!r}")
        header = page.find(class_="article-header")
        standfirst = seen(header.find(class_="standfirst")) if header else ""
        if standfirst != plain_summary(article):
            problems.append(f"{where}: standfirst {standfirst!r} is not the article's Summary")
        byline = seen(page.find(class_="byline"))
        for author in getattr(article, "authors", []):
            if author.name not in byline:
                problems.append(f"{where}: byline {byline!r} lacks {author.name!r}")
        times = [t.get("datetime") for t in page.select(".dateline time")]
        if not times or times[0] != article.date.isoformat():
            problems.append(f"{where}: dateline {times} for {article.date.isoformat()}")
        source = getattr(article, "source", "")
        if source.startswith(("https://", "http://")) and not page.find("a", href=source):
            problems.append(f"{where}: no link to its source {source}")
        footer = page.find(class_="article-footer")
        tag_links = {seen(a): a["href"] for a in (footer.select(".tags a[href]") if footer else [])}
        for tag in getattr(article, "tags", []):
            href = tag_links.get(tag.name)
            target = resolve_file_url(path, href) if href else None
            if target is None or not target.is_file():
                problems.append(f"{where}: tag {tag.name!r} not linked to its page")
            elif tag.name not in seen(soup(target).find("h1")):
                problems.append(f"{where}: tag link {href} leads to a page not about it")
        lead = seen(page.select_one(".article-body > p"))
        body = page.find(class_="article-body")
        if lead and body is not None:
            body.extract()
            if lead in seen(page.find("main")):
                problems.append(f"{where}: the lead paragraph shows again outside the text")
    return problems


def listed_urls(built: Built, first_page: str) -> list[str]:
    """The article URLs a paginated list shows, following its next links to the last page."""
    urls: list[str] = []
    path: Path | None = output_file(built, first_page)
    visited = set()
    while path is not None and path not in visited:
        visited.add(path)
        page = soup(path)
        for heading in page.select(".article-list .story h2 a[href]"):
            target = resolve_file_url(path, heading["href"])
            urls.append(target.relative_to(built.output.resolve()).as_posix() if target else "")
        following = page.select_one('.pager a[rel="next"]')
        path = resolve_file_url(path, following["href"]) if following else None
    return urls


def check_lists(built: Built) -> list[str]:
    """The front page, and each tag, section and author page, list exactly their articles,
    newest first, across all their pages; the indexes name each term with its count."""
    problems = []
    expected = [a.url for a in built.articles]
    index = built.settings.get("INDEX_SAVE_AS", "index.html")
    shown = listed_urls(built, index)
    if sorted(shown) != sorted(expected):
        problems.append(f"{index}: lists {len(shown)} articles of {len(expected)}")
    for kind, index_page in (
        ("tags", "TAGS_SAVE_AS"),
        ("categories", "CATEGORIES_SAVE_AS"),
        ("authors", "AUTHORS_SAVE_AS"),
    ):
        index_path = output_file(built, built.settings[index_page])
        entries = {
            seen(item.find("a")): seen(item.find(class_="count"))
            for item in soup(index_path).select(".term-list li")
        }
        for term, articles in built.terms(kind):
            if not entries.get(term.name, "").startswith(f"{len(articles):,} "):
                problems.append(f"{index_path.name}: {term.name!r} not listed with its count")
            shown = listed_urls(built, term.save_as)
            wanted = [a.url for a in sorted(articles, key=lambda a: a.date, reverse=True)]
            if shown != wanted:
                problems.append(f"{term.save_as}: lists {shown} instead of {wanted}")
    return problems


def check_archives(built: Built) -> list[str]:
    """The archives reach every article once, by year and month (on month pages when the
    settings make them), each year with its count."""
    problems = []
    path = output_file(built, built.settings["ARCHIVES_SAVE_AS"])
    page = soup(path)
    listings = [(path, page)]
    for month in page.select(".archive-months a[href]"):
        target = resolve_file_url(path, month["href"])
        if target is None or not target.is_file():
            problems.append(f"{path.name}: month link {month['href']} leads nowhere")
            continue
        month_page = soup(target)
        count = len(month_page.select(".archive li"))
        if not seen(month.find_parent("li")).endswith(
            f"{count:,} article{'' if count == 1 else 's'}"
        ):
            problems.append(f"{path.name}: {seen(month)} does not count its {count} articles")
        listings.append((target, month_page))
    linked = [
        resolve_file_url(where, a["href"]).relative_to(built.output.resolve()).as_posix()
        for where, listing in listings
        for a in listing.select(".archive a[href]")
    ]
    if sorted(linked) != sorted(a.url for a in built.articles):
        problems.append(f"{path.name}: reaches {len(linked)} of {len(built.articles)} articles")
    years: dict[int, int] = {}
    for article in built.articles:
        years[article.date.year] = years.get(article.date.year, 0) + 1
    for year, count in years.items():
        heading = page.find(id=f"year-{year}")
        if heading is None or f"{count:,} article" not in seen(heading):
            problems.append(f"{path.name}: {year} not headed with its {count} articles")
    return problems


def check_links(site: Path) -> list[str]:
    """Every internal link of every page names a file that exists, from file:// too."""
    broken = []
    for page_path in html_pages(site):
        for url in page_urls(soup(page_path)):
            if is_external(url):
                continue
            if url.startswith("/"):
                broken.append(f"{page_path.relative_to(site)}: root-absolute {url}")
                continue
            target = resolve_file_url(page_path, url)
            if target is not None and not target.is_file():
                broken.append(f"{page_path.relative_to(site)}: {url}")
    return broken


def check_site(built: Built) -> list[str]:
    """Everything above, for a built site whatever its content."""
    return (
        check_article_pages(built)
        + check_lists(built)
        + check_archives(built)
        + check_links(built.output)
    )
