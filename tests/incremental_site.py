"""Helpers for the incremental-build tests: a synthetic site edited the way editors edit one,
the build run as `make html` runs it, and two output folders compared byte for byte.

An edit is plain data (`Edit`), so that Hypothesis can draw it, print it, and replay it: its
`kind` says what it does, `pick` which article (modulo how many there are), `value` what it
writes. Every edit keeps the sources valid for the source checks (slugs of lower-case letters,
digits and hyphens, ISO dates, known statuses), since a refused build proves nothing here.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newsroom.synthetic import article_text, write_site
from tests.buildsite import run_build
from tests.sitecheck import ROOT

# What a build prints first: how it builds, and why.
BUILD_LINE = re.compile(r"^(full build: |incremental build: |up to date: ).*$", re.MULTILINE)

# Edits to the sources; TEMPLATE edits the site's own copy of the theme.
SOURCE_KINDS = (
    "add",
    "correction",
    "body",
    "title",
    "date",
    "tags",
    "category",
    "author",
    "slug",
    "delete",
    "draft",
    "publish",
    "about",
)
TEMPLATE = "template"
# Template edits that read the context differently: another item of a list, a macro handed a
# list, an include, a variable no template read before, filters. `{n}` is a small number.
READS = (
    "{{{{ articles[{n}].title|e if articles|length > {n} }}}}",  # a tag may have one article
    "{{% macro count(articles) %}}{{{{ articles|length }}}}{{% endmacro %}}{{{{ count(dates) }}}}",
    '{{% include "_extra.html" %}}',
    "{{{{ tags|length }}}} {{{{ (tags|first)[0].name|e }}}}",
    "{{{{ (articles|sort(attribute='slug')|first).title|e }}}}",
    "{{{{ articles|map(attribute='locale_date')|join(', ')|e }}}}",
    "{{{{ (categories|last)[1]|length }}}} {{{{ articles|selectattr('author')|list|length }}}}",
)
# What the include reads.
EXTRA = "<p>{{ (dates|last).title|e }} {{ pages|length }} {{ articles[-1].url|e }}</p>\n"
# Templates an edit may change, and the line after which it writes a visible paragraph.
TEMPLATES = {
    "base.html": "<footer",
    "article.html": "{% block content %}",
    "index.html": "{% block content %}",
    "tag.html": "{% block content %}",
    "period_archives.html": "{% block content %}",
    "page.html": "{% block content %}",
}


@dataclass(frozen=True)
class Edit:
    kind: str
    pick: int = 0
    value: Any = None


def build(content: Path, output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`make html` into `output` (its cache beside it), with strict cleaning, as CI builds."""
    result = run_build(content, output, *extra)
    assert result.returncode == 0, f"the build of {output} failed:\n{result.stdout}{result.stderr}"
    return result


def build_line(result: subprocess.CompletedProcess[str]) -> str:
    """The line saying whether the build was full (and why), incremental or not needed."""
    found = BUILD_LINE.search(result.stderr)
    assert found, f"no build line in:\n{result.stderr}"
    return found.group(0)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its relative path (POSIX), with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def cold_tree(content: Path, folder: Path, *extra: str) -> dict[str, bytes]:
    """A cold build (`--full`, a fresh folder and so a fresh cache) of `content`: its files.
    The folder, its cache and its lock are removed afterwards."""
    if folder.exists():
        shutil.rmtree(folder)
    build(content, folder, "--full", *extra)
    try:
        return tree(folder)
    finally:
        shutil.rmtree(folder)
        for beside in folder.parent.glob(f".{folder.name}.*"):
            if beside.is_dir():
                shutil.rmtree(beside)
            else:
                beside.unlink()


def difference(actual: dict[str, bytes], expected: dict[str, bytes]) -> str | None:
    """The first difference between two trees, readable: missing or extra files, or a diff of
    the first file whose bytes differ. None when they are byte-identical."""
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    if missing or extra:
        return f"missing {missing[:10]} (of {len(missing)}); extra {extra[:10]} (of {len(extra)})"
    for name in sorted(expected):
        if actual[name] == expected[name]:
            continue
        before = expected[name].decode("utf-8", "replace").splitlines()
        after = actual[name].decode("utf-8", "replace").splitlines()
        lines = list(
            difflib.unified_diff(before, after, "cold/" + name, "incremental/" + name, lineterm="")
        )
        others = sum(1 for n in expected if actual[n] != expected[n]) - 1
        shown = "\n".join(line[:300] for line in lines[:60])
        return f"{name} differs ({others} other file(s) too):\n{shown}"
    return None


def source_bytes(content: Path) -> dict[str, bytes]:
    return tree(content)


@dataclass
class Site:
    """A synthetic site in `root/content`, with a copy of the theme in `root/theme` that the
    builds use (THEME), so that a template can be edited without touching the project's."""

    root: Path
    count: int
    articles: list[Path] = field(default_factory=list)
    drafts: list[Path] = field(default_factory=list)
    made: int = 0  # edits that needed a fresh name or index so far

    def __post_init__(self) -> None:
        self.content = self.root / "content"
        self.theme = self.root / "theme"
        written = write_site(self.content, self.count, "realistic", extra_content=ROOT / "content")
        self.articles = [article.path for article in written]
        if self.theme.exists():
            shutil.rmtree(self.theme)
        shutil.copytree(ROOT / "theme", self.theme)

    @property
    def settings(self) -> tuple[str, ...]:
        return ("-e", f"THEME={json.dumps(str(self.theme))}")

    # --- editing ----------------------------------------------------------------------------

    def apply(self, edit: Edit) -> str:
        """Make the edit; returns what was done, for a failure's message."""
        return getattr(self, f"_{edit.kind}")(edit.pick, edit.value)

    def _pick(self, pick: int) -> Path:
        return self.articles[pick % len(self.articles)]

    def _fresh_index(self) -> int:
        self.made += 1
        return self.count + 1000 * self.made

    def _add(self, _pick: int, value: Any) -> str:
        slug, text, _ = article_text(self._fresh_index(), "realistic")
        path = self.content / "articles" / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        self.articles.append(path)
        return f"added {path.name}"

    def _draft(self, _pick: int, value: Any) -> str:
        slug, text, _ = article_text(self._fresh_index(), "realistic")
        path = self.content / "articles" / f"{slug}.md"
        path.write_text(set_metadata(text, "Status", "draft"), encoding="utf-8")
        self.drafts.append(path)
        return f"added the draft {path.name}"

    def _publish(self, pick: int, value: Any) -> str:
        if not self.drafts:
            return "no draft to publish"
        path = self.drafts.pop(pick % len(self.drafts))
        path.write_text(set_metadata(read(path), "Status", None), encoding="utf-8")
        self.articles.append(path)
        return f"published {path.name}"

    def _delete(self, pick: int, value: Any) -> str:
        if len(self.articles) <= 3:
            return "too few articles to delete one"
        path = self._pick(pick)
        self.articles.remove(path)
        path.unlink()
        return f"deleted {path.name}"

    def _body(self, pick: int, value: str) -> str:
        path = self._pick(pick)
        text = read(path)
        paragraphs = text.split("\n\n")
        if value == "" and len(paragraphs) > 3:  # a paragraph cut
            del paragraphs[1 + pick % (len(paragraphs) - 2)]
        else:
            paragraphs.insert(len(paragraphs) - 1, value or "A corrected sentence.")
        path.write_text("\n\n".join(paragraphs), encoding="utf-8")
        return f"edited the body of {path.name}"

    def _correction(self, pick: int, value: str) -> str:
        """A correction added (dated after every date an edit gives), or "" to remove them."""
        path = self._pick(pick)
        head, body = read(path).split("\n\n", 1)
        lines = [line for line in head.splitlines() if value or not line.startswith("Correction:")]
        if value:
            self.made += 1
            lines.append(f"Correction: 2022-01-{1 + self.made % 28:02d} {value}")
        path.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
        return f"{'added a' if value else 'removed every'} correction of {path.name}"

    def _title(self, pick: int, value: str) -> str:
        return self._set(pick, "Title", value)

    def _date(self, pick: int, value: datetime | int) -> str:
        if isinstance(value, int):  # the date of another article: lists must order ties alike
            other = metadata(read(self.articles[value % len(self.articles)]))["Date"]
            return self._set(pick, "Date", other)
        return self._set(pick, "Date", f"{value:%Y-%m-%d %H:%M}")

    def _tags(self, pick: int, value: list[str]) -> str:
        return self._set(pick, "Tags", ", ".join(value) if value else None)

    def _category(self, pick: int, value: str) -> str:
        return self._set(pick, "Category", value)

    def _author(self, pick: int, value: str) -> str:
        return self._set(pick, "Author", value)

    def _slug(self, pick: int, value: str) -> str:
        path = self._pick(pick)
        self.made += 1
        slug = f"{value}-{self.made}"
        renamed = path.with_name(f"{slug}.md")
        renamed.write_text(set_metadata(read(path), "Slug", slug), encoding="utf-8")
        path.unlink()
        self.articles[self.articles.index(path)] = renamed
        return f"renamed {path.name} to {renamed.name}"

    def _about(self, _pick: int, value: str) -> str:
        path = self.content / "pages" / "about.md"
        path.write_text(read(path).rstrip("\n") + f"\n\n{value}\n", encoding="utf-8")
        return "edited the About page"

    def _template(self, pick: int, value: str) -> str:
        """A paragraph: the value as text, or (a number) one of READS."""
        name = sorted(TEMPLATES)[pick % len(TEMPLATES)]
        path = self.theme / "templates" / name
        text = read(path)
        anchor = TEMPLATES[name]
        at = text.index(anchor)
        line_end = text.index("\n", at) + 1 if anchor.startswith("{%") else at
        if isinstance(value, int):
            (self.theme / "templates" / "_extra.html").write_text(EXTRA, encoding="utf-8")
            value = READS[value % len(READS)].format(n=pick % 3)
        paragraph = f'<p class="edition">{value}</p>\n'
        path.write_text(text[:line_end] + paragraph + text[line_end:], encoding="utf-8")
        return f"edited the template {name}: {value}"

    def _set(self, pick: int, key: str, value: str | None) -> str:
        path = self._pick(pick)
        path.write_text(set_metadata(read(path), key, value), encoding="utf-8")
        return f"set {key} of {path.name} to {value!r}"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def metadata(text: str) -> dict[str, str]:
    head = text.split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)


def set_metadata(text: str, key: str, value: str | None) -> str:
    """The source with its `key:` line set to `value` (added when missing, removed for None)."""
    head, body = text.split("\n\n", 1)
    lines = [line for line in head.splitlines() if not line.lower().startswith(key.lower() + ":")]
    if value is not None:
        lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n\n" + body
