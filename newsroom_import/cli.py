"""The command: read a file, build the article, check the options, write it (or show it)."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from newsroom_import import furniture, markdown_article
from newsroom_import.article import (
    CAPTION,
    CREDIT,
    HEADING,
    PARAGRAPH,
    Article,
    Report,
    escape_line,
)
from newsroom_import.decoding import decode
from newsroom_import.rawtext import ImportProblem, lines_of, parse_lines
from newsroom_import.webpage import looks_like_html, parse_page

DEFAULT_ARTICLES = Path("content/articles")
KINDS = {PARAGRAPH: "paragraph", CAPTION: "caption", HEADING: "crosshead", CREDIT: "credit line"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newsroom_import",
        description=(
            "Turn a raw scraped text or a saved web page (.html) into content/articles/<slug>.md, "
            "and print what was found and what was left out (share widgets, repeated headlines, "
            '"Continue reading:" ...). Nothing is written when something is wrong.'
        ),
        epilog=(
            "A raw text has no reliable date: give --date unless the text has a date line "
            '("24 November 2022") or the file name holds one (2022-11-24-....txt). '
            "A web page's own date, URL and site name are used unless --date/--source are given."
        ),
    )
    parser.add_argument(
        "file",
        type=Path,
        help="the raw text (.txt), saved page (.html) or Markdown article (Title: ... at the top)",
    )
    parser.add_argument("--source", help="URL of the page the text was taken from")
    parser.add_argument("--tags", default="", help='comma-separated tags, e.g. "Russia, CSTO"')
    parser.add_argument("--category", help="the article's category, e.g. World")
    parser.add_argument("--date", help="publication date, YYYY-MM-DD (or YYYY-MM-DD HH:MM)")
    parser.add_argument("--author", help="the author, when the text has no byline")
    parser.add_argument("--agency", help="the news agency, when the text has no credit line")
    parser.add_argument("--translated", action="store_true", help="mark it as a translation")
    parser.add_argument("--lang", default="en", help="language code (default: en)")
    parser.add_argument("--slug", help="the file and page name (default: from the title)")
    parser.add_argument(
        "--articles",
        type=Path,
        default=DEFAULT_ARTICLES,
        help=f"folder to write into (default: {DEFAULT_ARTICLES})",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing article")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the Markdown instead of writing it (the report goes to stderr)",
    )
    return parser


def import_file(args: argparse.Namespace, report: Report) -> tuple[str, Path]:
    """The article's Markdown and where it goes; raises ImportProblem on any bad input."""
    path = str(args.file)
    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise ImportProblem(f"{path}: cannot read it: {error.strerror}") from None
    text = decode(path, data, report)
    if markdown_article.is_markdown_article(text):
        report.kind = "Markdown article (checked, then copied as it is)"
        markdown, slug = markdown_article.prepare(path, text, args, report)
        return markdown, _target(args, slug, report)
    if looks_like_html(path, text):
        report.kind = "saved web page (trafilatura)"
        article = parse_page(path, text, report)
    else:
        report.kind = "raw text"
        _note_indented_lines(text, report)
        article = parse_lines(lines_of(text), report, path)
    _apply_options(args, article, report)
    _summarise_body(article, report)
    return article.markdown(), _target(args, article.slug, report)


def _target(args: argparse.Namespace, slug: str, report: Report) -> Path:
    path = str(args.file)
    target = args.articles / f"{slug}.md"
    if target.exists() and not args.force:
        if not args.dry_run:
            raise ImportProblem(
                f"{path}: {target} already exists (use --force, or FORCE=1, to replace it)"
            )
        report.notes.append(f"{target} already exists: writing it would need --force")
    return target


def _apply_options(args: argparse.Namespace, article: Article, report: Report) -> None:
    path = str(args.file)
    if args.date:
        article.date = _checked_date(args.date)
        report.find("date", None, f"{article.date} (from --date)")
    elif not article.date and (found := furniture.filename_date(args.file.name)):
        article.date = found
        report.find("date", None, f"{found} (from the file name)")
    if not article.date:
        raise ImportProblem(
            f"{path}: no date: the text has no date line and the file name none; "
            "give the publication date with --date YYYY-MM-DD (make import ... DATE=YYYY-MM-DD)"
        )
    if args.author:
        article.author = args.author
        report.find("author", None, f"{args.author} (from --author)")
    if args.agency:
        article.agency = args.agency
        report.find("agency", None, f"{args.agency} (from --agency)")
    if args.source:
        if not re.match(r"^https?://[^\s/]+", args.source):
            raise ImportProblem(f"{path}: --source {args.source!r} is not an http(s) URL")
        article.source = args.source
    if article.source and not article.source_name:
        article.source_name = urlsplit(article.source).hostname.removeprefix("www.")
    article.translated = args.translated
    article.category = args.category
    article.tags = [tag.strip() for tag in args.tags.split(",") if tag.strip()]
    article.lang = args.lang
    article.slug = args.slug or slugify(
        article.title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    )
    if not article.slug:
        raise ImportProblem(f"{path}: the title gives an empty slug; give one with --slug")
    for what in ("author", "agency"):
        if not getattr(article, what):
            report.find(what, None, f"none found (add it with --{what})")


def _checked_date(value: str) -> str:
    for form in ("%Y-%m-%d", "%Y-%m-%d %H:%M"):
        try:
            datetime.strptime(value, form)
            return value
        except ValueError:
            continue
    raise ImportProblem(f"--date {value!r} is not a date: write it as YYYY-MM-DD")


def _summarise_body(article: Article, report: Report) -> None:
    count = {kind: sum(block.kind == kind for block in article.blocks) for kind in KINDS}
    report.find("body", None, ", ".join(_plural(count[kind], KINDS[kind]) for kind in KINDS))
    for block in article.blocks:
        if block.kind in (PARAGRAPH, CREDIT, HEADING) and escape_line(block.text) != block.text:
            report.find(
                "escaped",
                block.line,
                f"{block.text[:40]!r}: its first character would be Markdown syntax, "
                "escaped to stay text",
            )
    if article.summary and escape_line(article.summary) != article.summary:
        report.find("escaped", None, "the summary's first character (Markdown syntax)")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _note_indented_lines(text: str, report: Report) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and re.match(r"^(?: {4}|\t)", line):
            report.notes.append(
                f"{report.path}:{number}: indented; the indent is dropped so that the line stays "
                "a paragraph (Markdown would show it as code)"
            )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    report = Report(path=str(args.file), kind="")
    try:
        markdown, target = import_file(args, report)
    except ImportProblem as problem:
        for note in report.notes:
            print(f"warning: {note}", file=sys.stderr)
        print(f"error: {problem}; nothing written", file=sys.stderr)
        return 1
    if args.dry_run:
        sys.stdout.write(markdown)
        print(report.render() + f"\ndry run: would write {target}", file=sys.stderr)
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
    print(report.render() + f"\nwrote {target}")
    return 0
