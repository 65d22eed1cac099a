"""The held-out corpus (tests/corpus_sites/): real texts from sites the furniture rules were not
written from, imported and built as an editor would, scored against their labels.

labels.json gives, per file, its site and language, the options `make import` needs (a date, a
title where the text has none), the furniture a reader should not see (each line or glued
piece as written, with its kind; `unsure` ones count either way) and the lines that are the
headline, byline or standfirst. Everything else is article text, whose every word must stay.

    .venv/bin/python -m tests.corpus_score [--by group|site|language] [--details]

No rule was written from these sites: every one of them is "left out" of what the rules were
written from (leave-one-site-out), which is what the scores measure.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsroom.importer import target
from newsroom.importer.article import Report
from newsroom.importer.cli import build_parser, check_options, import_file, remember_site
from tests.corpus_check import Imported, normal, page_blocks, source_text, words_lost
from tests.sitecheck import ROOT, build, words

FOLDER = ROOT / "tests" / "corpus_sites"
# Markup a reader would see as text: a tag, opening or closing, in the page's text.
MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def labels(folder: Path = FOLDER) -> dict[str, dict]:
    return json.loads((folder / "labels.json").read_text(encoding="utf-8"))["files"]


@dataclass
class Score:
    """What one text, or a group of texts, came to."""

    files: int = 0
    furniture: int = 0  # labelled furniture, unsure ones aside
    removed: int = 0
    reported_unsure: int = 0  # kept, but named in the import's report as "may be furniture"
    kept_silently: int = 0
    wrongly_removed: int = 0  # article lines the import left out
    words: int = 0  # article words
    words_lost: int = 0
    markup_shown: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("files", "furniture", "removed", "reported_unsure", "kept_silently"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("wrongly_removed", "words", "words_lost", "markup_shown"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.wrong += other.wrong

    @property
    def share_removed(self) -> float:
        return self.removed / self.furniture if self.furniture else 1.0


def _options(label: dict) -> list[str]:
    """The text's options, and its site: as an editor importing a site's texts one by one,
    the import learns from the earlier ones what recurs (newsroom/importer/sites.py)."""
    given = [part for key, value in label["options"].items() for part in (f"--{key}", value)]
    return [*given, "--site", label["site"]]


def import_texts(names: Iterable[str], folder: Path, articles: Path) -> dict[str, Imported]:
    """Each text imported into `articles` as `make import` would, with its options."""
    parser = build_parser()
    table = labels(folder)
    done = {}
    for name in names:
        path = folder / name
        args = parser.parse_args([str(path), "--articles", str(articles), *_options(table[name])])
        report = Report(path=str(path), kind="")
        markdown, where = import_file(args, path, check_options(args), report)
        target.write(where, markdown)
        with contextlib.redirect_stdout(io.StringIO()):  # "what … is counted in …"
            remember_site(args, [path.read_text(encoding="utf-8")])
        done[name] = Imported(name, path, markdown, report, where.path)
    return done


def build_texts(work: Path, names: list[str], folder: Path = FOLDER) -> dict[str, Imported]:
    content = work / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    imported = import_texts(names, folder, content / "articles")
    output = work / "output"
    result = build(output, content=content, strict=False)
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    table = labels(folder)
    for name, item in imported.items():
        lang = table[name]["lang"]
        suffix = "" if lang == "en" else f"-{lang}"  # ARTICLE_LANG_URL: articles/{slug}-{lang}
        item.page = output / "articles" / f"{item.page.stem}{suffix}.html"
    return imported


def _on_page(item: dict, blocks: list[str]) -> bool:
    """Whether a reader still sees a piece of furniture: a glued piece anywhere; a line as a
    block of its own, or inside one when it is long enough to be told from prose."""
    text = normal(item["text"])
    if item.get("inline") or len(text) >= 25:
        return any(text in block for block in blocks)
    bare = text.rstrip(":.…").casefold()
    return any(block.rstrip(":.…").casefold() == bare for block in blocks)


def score(name: str, label: dict, imported: Imported) -> Score:
    blocks = page_blocks(imported)
    result = Score(files=1)
    unsure_reported = {normal(text) for _line, text, _why in imported.report.unsure}
    for item in label["furniture"]:
        if item["unsure"]:
            continue
        result.furniture += 1
        if not _on_page(item, blocks):
            result.removed += 1
        elif normal(item["text"]) in unsure_reported:
            result.reported_unsure += 1
        else:
            result.kept_silently += 1
            result.missed.append(f"{name}: {item['kind']}: {item['text'][:70]}")
    labelled = [normal(item["text"]) for item in label["furniture"]]
    meta = [normal(item["text"]) for item in label["meta"]]
    for _line, text, why in imported.report.left_out:
        shown = normal(text)
        if why.startswith("repeat of the headline") or shown in meta:
            continue
        if not any(part in shown or shown in part for part in labelled if part):
            result.wrongly_removed += 1
            result.wrong.append(f"{name}: {text[:70]} ({why})")
    expected = "\n".join(normal(line) for line in source_text(imported.path).splitlines())
    # A byline becomes the article's author ("von Falko Looff": Falko Looff): not body words.
    bylines = [normal(item["text"]) for item in label["meta"] if item["kind"] == "byline"]
    for piece in sorted(labelled + bylines, key=len, reverse=True):  # unsure ones either way
        expected = expected.replace(piece, " ") if piece else expected
    expected_words = words(normal(expected))
    lost = words_lost(expected_words, words("\n".join(blocks)))
    result.words, result.words_lost = len(expected_words), len(lost)
    result.markup_shown = sum(len(MARKUP.findall(block)) for block in blocks)
    return result


def measure(folder: Path = FOLDER, names: list[str] | None = None) -> dict[str, Score]:
    """Every text of the folder (or `names`) imported, built once and scored, by file name."""
    table = labels(folder)
    names = names or sorted(table)
    with tempfile.TemporaryDirectory(prefix="newsroom-score-") as work:
        imported = build_texts(Path(work), names, folder)
        return {name: score(name, table[name], imported[name]) for name in names}


def grouped(scores: dict[str, Score], by: str, folder: Path = FOLDER) -> dict[str, Score]:
    table = labels(folder)
    key = {"group": "group", "site": "site", "language": "lang"}[by]
    groups: dict[str, Score] = {}
    for name, one in scores.items():
        groups.setdefault(table[name][key], Score()).add(one)
    return groups


def render(groups: dict[str, Score], by: str) -> str:
    head = (
        f"| {by} | files | furniture | removed | kept, reported unsure | kept silently "
        "| wrongly removed | words | words lost | markup shown |"
    )
    lines = [head, "|---" + "|---:" * 9 + "|"]
    total = Score()
    for name in sorted(groups):
        one = groups[name]
        total.add(one)
        lines.append(_row(name, one))
    lines.append(_row("**all**", total))
    return "\n".join(lines)


def _row(name: str, one: Score) -> str:
    return (
        f"| {name} | {one.files} | {one.furniture} | {one.removed} ({one.share_removed:.0%}) "
        f"| {one.reported_unsure} | {one.kept_silently} | {one.wrongly_removed} | {one.words:,} "
        f"| {one.words_lost} | {one.markup_shown} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=FOLDER)
    parser.add_argument("--by", choices=("group", "site", "language"), default="group")
    parser.add_argument("--details", action="store_true", help="list what was missed or wrong")
    args = parser.parse_args(argv)
    scores = measure(args.folder)
    print(render(grouped(scores, args.by, args.folder), args.by))
    if args.details:
        for one in scores.values():
            for line in one.missed:
                print(f"missed: {line}")
            for line in one.wrong:
                print(f"wrongly removed: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
