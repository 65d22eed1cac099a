"""The command: read a file (or every file of a folder), build the article, check every value,
write it (or show it), and report what was found and left out."""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from newsroom.importer import furniture, htmltext, markdown_article, photos, sites, target, values
from newsroom.importer.article import (
    CAPTION,
    CREDIT,
    HEADING,
    LIST,
    PARAGRAPH,
    PHOTO,
    QUOTE,
    Article,
    Report,
    markdown_syntax_escaped,
)
from newsroom.importer.decoding import decode
from newsroom.importer.lines import Line, raw_lines
from newsroom.importer.rawtext import ImportProblem, parse_lines
from newsroom.importer.values import ValueProblem
from newsroom.importer.webpage import is_saved_page, parse_page
from newsroom.plugins.source_checks.files import (
    MAX_BYTES,
    MAX_BYTES_SETTING,
    Refused,
    max_bytes,
    read_source,
)
from newsroom.plugins.source_checks.rules import correction_problem

DEFAULT_ARTICLES = Path("content/articles")
# The build's settings, in the project the command runs in (as the articles folder).
SETTINGS_FILE = Path("pelicanconf.py")
DEFAULT_LANG = "en"
KINDS = {
    PARAGRAPH: "paragraph",
    CAPTION: "caption",
    HEADING: "crosshead",
    QUOTE: "quote",
    LIST: "list",
    CREDIT: "credit line",
    PHOTO: "photo",
}
# What a folder import reads: raw texts, saved pages and Markdown articles.
BATCH_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".shtml", ".md", ".markdown")
# Options that name one article, and so make no sense for a whole folder.
ONE_ARTICLE_OPTIONS = ("title", "slug", "source")


@functools.cache
def source_limit() -> int:
    """The build's limit on a source (SOURCE_CHECKS_MAX_BYTES in pelicanconf.py, else the
    plugin's default), which the import's file is held to as well: its article is a source."""
    from pelican.settings import get_settings_from_file

    if not SETTINGS_FILE.is_file():
        return MAX_BYTES
    return max_bytes(get_settings_from_file(str(SETTINGS_FILE)))


@functools.cache
def _build_settings() -> dict[str, object]:
    """The build's settings (pelicanconf.py in the project, else Pelican's defaults)."""
    from pelican.settings import read_settings

    return read_settings(str(SETTINGS_FILE) if SETTINGS_FILE.is_file() else None)


def build_warnings(markdown: str, name: str) -> list[str]:
    """The warnings `make html` will give for this article, read and cleaned as the build does,
    with its line numbers and words (`articles/x.md:5: content: ...`)."""
    from newsroom.plugins.clean_markup.clean_markup import file_warnings

    with tempfile.TemporaryDirectory() as content:
        relative = f"articles/{name}"
        Path(content, "articles").mkdir()
        Path(content, relative).write_text(markdown, encoding="utf-8")
        return file_warnings(relative, {**_build_settings(), "PATH": content})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newsroom.importer",
        description=(
            "Turn a raw scraped text, an HTML fragment or a saved web page (.html) into "
            "content/articles/<slug>.md, and print what was found and what was left out (share "
            "widgets, ads, newsletter prompts, links to other articles ...). Given a folder, "
            "import every text and page in it. Nothing is written for a file when something "
            "is wrong with it."
        ),
        epilog=(
            "A raw text has no reliable date: give --date unless the text has a date line "
            '("24 November 2022") or the file name holds one (2022-11-24-....txt). '
            "When a text's first line is not its headline (the scrape began with the first "
            'paragraph), give the headline with --title "…". '
            "A web page's own date, URL and site name are used unless --date/--source are given. "
            "Phrases recognised as page furniture are listed in newsroom/importer/furniture.toml. "
            "The file must be a regular file of at most the build's limit on a source "
            f"({MAX_BYTES_SETTING} in pelicanconf.py, {MAX_BYTES:,} bytes unless raised there)."
        ),
    )
    parser.add_argument(
        "file",
        type=Path,
        help="the raw text (.txt), HTML, saved page (.html) or Markdown article (Title: ... at "
        "the top); or a folder of them",
    )
    parser.add_argument("--title", help="the headline, when the text's first line is not it")
    parser.add_argument("--source", help="URL of the page the text was taken from")
    parser.add_argument("--tags", default="", help='comma-separated tags, e.g. "Russia, CSTO"')
    parser.add_argument("--category", help="the article's category, e.g. World")
    parser.add_argument("--date", help="publication date, YYYY-MM-DD (or YYYY-MM-DD HH:MM)")
    parser.add_argument(
        "--modified", help="when the article was last updated, YYYY-MM-DD HH:MM (shown with it)"
    )
    parser.add_argument(
        "--correction",
        action="append",
        default=[],
        help='a correction, "YYYY-MM-DD what was corrected" (shown at the end of the article '
        "and on the corrections page; an article replaced with --force keeps its corrections)",
    )
    parser.add_argument("--author", help="the author, when the text has no byline")
    parser.add_argument("--agency", help="the news agency, when the text has no credit line")
    parser.add_argument("--translated", action="store_true", help="mark it as a translation")
    parser.add_argument(
        "--lang", help=f"language tag, e.g. en, fr, pt-BR (default: {DEFAULT_LANG})"
    )
    parser.add_argument("--slug", help="the file and page name (default: from the title)")
    parser.add_argument(
        "--site",
        help="the site the texts come from (e.g. lahora.gt): what the import learns of its "
        "furniture is kept in content/furniture/SITE.txt and used for its next texts",
    )
    parser.add_argument(
        "--articles",
        type=Path,
        default=DEFAULT_ARTICLES,
        help=f"folder to write into (default: {DEFAULT_ARTICLES})",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=f"replace an existing article (the old one is kept in <articles>/{target.REPLACED}/)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the Markdown instead of writing it (the report goes to stderr)",
    )
    return parser


def check_options(args: argparse.Namespace) -> dict[str, object]:
    """Every option value that lands in the metadata, checked; raises ValueProblem."""
    checked: dict[str, object] = {}
    for option in ("title", "agency"):
        if getattr(args, option) is not None:
            checked[option] = values.metadata_value(f"--{option}", getattr(args, option))
    if args.category is not None:
        checked["category"] = values.checked_named("--category", args.category)
    if args.author is not None:
        checked["author"] = values.checked_named("--author", args.author)
    if args.tags:
        checked["tags"] = values.checked_tags("--tags", args.tags)
    if args.date is not None:
        checked["date"] = values.checked_date("--date", args.date)
    if args.modified is not None:
        checked["modified"] = values.checked_date("--modified", args.modified)
    if args.correction:
        checked["corrections"] = [
            values.checked_correction("--correction", value) for value in args.correction
        ]
    if args.source is not None:
        checked["source"] = values.checked_source("--source", args.source)
    if args.slug is not None:
        checked["slug"] = values.checked_slug("--slug", args.slug)
    if args.lang is not None:
        checked["lang"] = values.checked_lang("--lang", args.lang)
    if args.site is not None and not sites.SITE.fullmatch(args.site):
        raise ValueProblem(f"--site {args.site!r}: give the site's host, such as lahora.gt")
    return checked


def import_file(
    args: argparse.Namespace,
    path: Path,
    options: dict[str, object],
    report: Report,
    known: dict[str, str] | None = None,
) -> tuple[str, target.Target]:
    """The article's Markdown and where it goes; raises ImportProblem or ValueProblem."""
    try:
        data = read_source(str(path), source_limit())
    except Refused as refusal:
        raise ImportProblem(f"{path}: {refusal}") from None
    text = decode(str(path), data, report)
    if markdown_article.is_markdown_article(text):
        report.kind = "Markdown article (checked, then copied as it is)"
        markdown, slug = markdown_article.prepare(str(path), text, options, report)
        return _with_published_corrections(path, markdown, _target(args, slug, report))
    if path.suffix.lower() in markdown_article.SUFFIXES:
        raise ImportProblem(
            f"{path}:1: a Markdown file without a Title: line at the top; an article written "
            "in Markdown starts with its metadata block (Title:, Date: ...)"
        )
    title = options.get("title")
    if is_saved_page(str(path), text):
        report.kind = "saved web page (trafilatura)"
        article = parse_page(str(path), text, report, title=title)
    else:
        lines, markup = _lines(path, text, report)
        if known is None:
            known = furniture_of_site(args, [text])
        article = parse_lines(lines, report, str(path), title, markup, known)
    if title:
        report.find("title", None, f"{title} (from --title)")
    _apply_options(path, options, article, report)
    _summarise_body(article, report)
    return _with_published_corrections(
        path, article.markdown(), _target(args, article.slug, report)
    )


def _with_published_corrections(
    path: Path, markdown: str, where: target.Target
) -> tuple[str, target.Target]:
    """The article replacing another keeps the corrections published with it, and the result
    is checked as the build will check it (a correction dated before the article, say)."""
    if where.exists and where.path.is_file() and not where.path.is_symlink():
        old = where.path.read_text(encoding="utf-8", errors="replace")
        markdown = markdown_article.carried_corrections(old, markdown)
    markdown_article.refuse_problems(str(path), markdown, ("title", "date"))
    return markdown, where


def furniture_of_site(args: argparse.Namespace, texts: list[str]) -> dict[str, str]:
    """The lines of these texts that are their site's furniture (sites.py), by key, with the
    reason the report gives: they stand in several of them, or in the site's earlier texts."""
    pieces = [text.splitlines() for text in texts]
    if args.site:
        found = sites.furniture_of(args.articles, args.site, pieces)
        where = f"texts of {args.site} imported so far"
    else:
        found = sites.recurring(pieces)
        where = "texts of this folder"
    return {line: f"the site's furniture: in {count} {where}" for line, count in found.items()}


def remember_site(args: argparse.Namespace, texts: list[str]) -> None:
    if args.site and texts and not args.dry_run:
        kept = sites.remember(args.articles, args.site, [text.splitlines() for text in texts])
        print(f"what {args.site}'s texts hold is counted in {kept}")


def _texts(files: list[Path]) -> dict[Path, str]:
    """The files' texts, as lines are told apart (its own import reads each properly)."""
    texts = {}
    for path in files:
        try:
            texts[path] = read_source(str(path), source_limit()).decode("utf-8", "replace")
        except Refused:
            continue  # its own import says why
    return texts


def _lines(path: Path, text: str, report: Report) -> tuple[list[Line], bool]:
    """The text's lines, and whether they were read from HTML."""
    if htmltext.escaped_whole(text):
        report.kind = "raw text: HTML escaped once more (decoded one level, read as paragraphs)"
        return htmltext.html_lines(htmltext.unescape_once(text), report), True
    if htmltext.starts_as_html(text) or path.suffix.lower() in (".html", ".htm", ".xhtml"):
        report.kind = "raw text: an HTML fragment (read as paragraphs)"
        return htmltext.html_lines(text, report), True
    report.kind = "raw text"
    return raw_lines(text, report), False


def _target(args: argparse.Namespace, slug: str, report: Report) -> target.Target:
    where = target.resolve(args.articles, slug)
    if where.exists and not args.force:
        if not args.dry_run:
            raise ImportProblem(
                f"{report.path}: {where.path} already exists "
                "(use --force, or FORCE=1, to replace it; the old file is kept)"
            )
        report.notes.append(f"{where.path} already exists: writing it would need --force")
    return where


def _apply_options(path: Path, options: dict, article: Article, report: Report) -> None:
    if "date" in options:
        article.date = str(options["date"])
        report.find("date", None, f"{article.date} (from --date)")
    elif not article.date and (found := furniture.filename_date(path.name)):
        article.date = found
        report.find("date", None, f"{found} (from the file name)")
    if not article.date:
        raise ImportProblem(
            f"{path}: no date: the text has no date line and the file name none; "
            "give the publication date with --date YYYY-MM-DD (make import ... DATE=YYYY-MM-DD)"
        )
    if "modified" in options:
        article.modified = str(options["modified"])
    for correction in options.get("corrections") or ():
        if problem := correction_problem(correction, article.date):
            raise ValueProblem(f"--correction: {problem}")
        article.corrections.append(correction)
    for what in ("author", "agency"):
        if what in options:
            setattr(article, what, str(options[what]))
            report.find(what, None, f"{options[what]} (from --{what})")
    if "source" in options:
        article.source = str(options["source"])
    if article.source and not article.source_name:
        article.source_name = (urlsplit(article.source).hostname or "").removeprefix("www.")
    article.translated = bool(options.get("translated"))
    article.category = options.get("category")  # type: ignore[assignment]
    article.tags = list(options.get("tags", []))  # type: ignore[call-overload]
    article.lang = str(options.get("lang", DEFAULT_LANG))
    article.slug = str(options.get("slug") or values.derived_slug(article.title))
    if not article.slug:
        raise ImportProblem(
            f"{path}: the title {article.title[:60]!r} gives an empty slug (it has no letter or "
            "digit); give one with --slug"
        )
    photos.place(article, report)
    for what in ("author", "agency"):
        if not getattr(article, what):
            report.find(what, None, f"none found (add it with --{what})")


def _summarise_body(article: Article, report: Report) -> None:
    count = {kind: sum(block.kind == kind for block in article.blocks) for kind in KINDS}
    shown = [kind for kind in KINDS if count[kind] or kind in (PARAGRAPH, CAPTION, HEADING, CREDIT)]
    report.find("body", None, ", ".join(_plural(count[kind], KINDS[kind]) for kind in shown))
    escaped = [
        block
        for block in article.blocks
        if block.kind not in (CAPTION, PHOTO)
        and any(markdown_syntax_escaped(part) for part in block.parts())
    ]
    if escaped:
        lines = ", ".join(str(block.line) for block in escaped[:12])
        more = f" and {len(escaped) - 12} more" if len(escaped) > 12 else ""
        report.find(
            "escaped",
            escaped[0].line,
            f"{escaped[0].text[:40]!r}: characters Markdown would read as syntax (* _ ` [ < & "
            f"or a line start such as 1. or #), escaped to stay text, in {len(escaped)} "
            f"block(s): {report.unit} {lines}{more}",
        )
    if article.summary and markdown_syntax_escaped(article.summary):
        report.find("escaped", None, "in the summary: characters Markdown would read as syntax")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def import_one(
    args: argparse.Namespace,
    path: Path,
    options: dict[str, object],
    taken: set[Path] | None = None,
    known: dict[str, str] | None = None,
) -> bool:
    """Import one file and print its report; False (and nothing written) if it failed."""
    report = Report(path=str(path), kind="")
    try:
        markdown, where = import_file(args, path, options, report, known)
        if taken is not None and where.path in taken:
            raise ImportProblem(
                f"{path}: {where.path.name} was already written by another file of this folder; "
                "give this one its own --slug"
            )
    except (ImportProblem, ValueProblem) as problem:
        for note in report.notes:
            print(f"warning: {note}", file=sys.stderr)
        print(f"error: {problem}; nothing written", file=sys.stderr)
        return False
    report.build_warnings = build_warnings(markdown, where.path.name)
    replacing = where.exists and args.force
    out = sys.stderr if args.dry_run else sys.stdout
    if args.dry_run:
        sys.stdout.write(markdown)
    print(report.render(), file=out)
    if replacing:
        print("\n".join(target.replacement_summary(where, markdown, source_limit())), file=out)
    if args.dry_run:
        print(f"dry run: would write {where.path}", file=out)
        return True
    if replacing:
        kept = target.keep_replaced(where)
        print(f"the replaced article is kept in {kept}", file=out)
    for source, address in report.photos:  # first the photos, then the article that shows them
        print(f"wrote {target.copy_photo(where, source, address)}", file=out)
    target.write(where, markdown)
    if taken is not None:
        taken.add(where.path)
    print(f"wrote {where.path}", file=out)
    return True


def import_folder(args: argparse.Namespace, options: dict[str, object]) -> int:
    """Every text and page in the folder, one report each, then a summary."""
    given = [f"--{name}" for name in ONE_ARTICLE_OPTIONS if name in options]
    if given:
        print(
            f"error: {', '.join(given)} name(s) one article; import the files of a folder one "
            "by one to give them",
            file=sys.stderr,
        )
        return 2
    # Whatever the entry is (a FIFO, a device, a link): the import of each says why it is not
    # a file, rather than the folder's import leaving it out unseen.
    files = sorted(
        path
        for path in args.file.iterdir()
        if not path.is_dir()
        and not path.name.startswith(".")
        and path.suffix.lower() in BATCH_SUFFIXES
    )
    if not files:
        print(f"error: {args.file}: no text, page or Markdown file in it", file=sys.stderr)
        return 1
    failed, taken = [], set()
    texts = _texts(files)
    known = furniture_of_site(args, list(texts.values()))
    for path in files:
        if not import_one(args, path, options, taken, known):
            failed.append(path.name)
        print(file=sys.stderr if args.dry_run else sys.stdout)
    remember_site(args, [text for path, text in texts.items() if path.name not in failed])
    done = len(files) - len(failed)
    summary = f"{args.file}: {done} of {len(files)} file(s) imported"
    if failed:
        summary += f", {len(failed)} failed (nothing written for them): {', '.join(failed)}"
    print(summary, file=sys.stderr if failed or args.dry_run else sys.stdout)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        options = check_options(args)
    except ValueProblem as problem:
        print(f"error: {problem}; nothing written", file=sys.stderr)
        return 1
    options["translated"] = args.translated
    if args.file.is_dir():
        return import_folder(args, options)
    if not import_one(args, args.file, options):
        return 1
    remember_site(args, list(_texts([args.file]).values()))
    return 0
