"""The payload matrix: every attacker's input (tests/payloads.py) in every metadata field, in the
body, in every `make import` option, in a Markdown article imported as it is, and in SITEURL
and CNAME. Each either is refused with a message naming the file (or the setting), or builds a
site in which `active_markup` finds nothing in any page, feed entry or the sitemap.

Building a site per payload would take minutes, so all the sources go into one site, built with
the published settings (canonical URLs, sitemap) and every article in the feeds: a first build
lists every refused file at once (the source checks list all problems), the refused files are
taken out, and a second build must succeed. Cleaning warnings do not stop these builds
(CLEAN_MARKUP_FATAL_WARNINGS off), so that what the sanitiser writes is itself checked.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from pelican.settings import read_settings

from newsroom.importer.cli import build_parser
from newsroom.importer.cli import main as import_main
from tests.buildsite import content_folder, run_bounded
from tests.payloads import PAYLOADS, active_markup
from tests.sitecheck import ROOT, build

SITEURL = "https://example.github.io/newsroom"
OWN_HOST = "example.github.io"
FIELDS = (
    "Title",
    "Summary",
    "Author",
    "Tags",
    "Category",
    "Agency",
    "Source",
    "Source_name",
    "Slug",
    "URL",
    "Lang",
)
# Feeds and the sitemap are read with an HTML parser on purpose: what would a browser run?
pytestmark = pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")
PROBLEM_LINE = re.compile(r"ERROR +(\S+\.md):(\d+): ")
FIRST_DATE = datetime(2022, 1, 1)


@dataclass
class Site:
    """A matrix site: which sources the checks refused (file -> problem lines), the output."""

    content: Path
    output: Path
    refused: dict[str, set[int]] = field(default_factory=dict)
    first_build: str = ""
    entries: dict[str, list[str]] = field(default_factory=dict)  # article URL -> entry HTML


def case_name(field_name: str, index: int) -> str:
    return f"{field_name.lower().replace('_', '-')}-{index:02d}"


def metadata_source(
    field_name: str, index: int, payload: str, number: int, prefix: str = ""
) -> tuple[str, int]:
    """A Markdown article with the payload in one field (or the body); and that field's line."""
    date = FIRST_DATE + timedelta(minutes=number)
    fields = {
        "Title": f"Case {field_name} {index}",
        "Date": date.strftime("%Y-%m-%d %H:%M"),
        "Slug": prefix + case_name(field_name, index),
    }
    body = "Plain text of the article.\n"
    if field_name == "Body":
        body = f"Before the payload.\n\n{payload}\n\nAfter the payload.\n"
    else:
        fields[field_name] = payload
    lines = [f"{key}: {value}" for key, value in fields.items()]
    line = list(fields).index(field_name) + 1 if field_name in fields else len(lines) + 2
    return "\n".join(lines) + "\n\n" + body, line


def refused_files(output: str) -> dict[str, set[int]]:
    refused: dict[str, set[int]] = {}
    for name, line in PROBLEM_LINE.findall(output):
        refused.setdefault(Path(name).name, set()).add(int(line))
    return refused


def feed_entries(output: Path) -> dict[str, list[str]]:
    """Every feed entry's HTML (content and summary, as a feed reader renders them, without
    feedparser's own sanitising), by the article URL it links to. The feeds of all articles
    hold every entry (FEED_MAX_ITEMS off); a tag feed's entries are made the same way."""
    entries: dict[str, list[str]] = {}
    for path in (output / "feeds" / "all.atom.xml", output / "feeds" / "all.rss.xml"):
        feed = feedparser.parse(path.read_bytes(), sanitize_html=False)
        assert not feed.bozo, (path, feed.bozo_exception)
        for entry in feed.entries:
            parts = [content.value for content in entry.get("content", [])]
            parts.append(entry.get("summary", ""))
            if entry.get("title_detail", {}).get("type") == "text/html":
                parts.append(entry.title)
            entries.setdefault(entry.link, []).extend(parts)
    return entries


def build_matrix_site(content: Path, output: Path) -> Site:
    """Build; take out what the checks refused (every one named at once); build again."""
    env = {"SITEURL": SITEURL, "CNAME": ""}
    options = {"settings": "publishconf.py", "env": env, "strict": False}
    extra = ["-e", "FEED_MAX_ITEMS=null"]  # every article in the feeds of all articles
    first = build(output, content=content, extra=extra, **options)
    log = first.stdout + first.stderr
    site = Site(content, output, refused_files(log), log)
    assert bool(site.refused) == (first.returncode != 0), log[-3000:]
    if site.refused:
        for path in content.rglob("*.md"):
            if path.name in site.refused:
                path.unlink()
        second = build(output, content=content, extra=extra, **options)
        assert second.returncode == 0, second.stdout + second.stderr
    site.entries = feed_entries(output)
    return site


def empty_content(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    content = tmp_path_factory.mktemp(name)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    (content / "articles").mkdir()
    return content


# --- metadata fields and body -----------------------------------------------------------------

SOURCE_CASES = [(name, index) for name in (*FIELDS, "Body") for index in range(len(PAYLOADS))]


def field_line(field_name: str, index: int) -> int:
    return metadata_source(field_name, index, PAYLOADS[index], 0)[1]


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Imports]:
    """One site: every payload in every field and in the body, and every article the import
    command wrote from a payload in one of its options."""
    content = empty_content(tmp_path_factory, "matrix-content")
    for number, (field_name, index) in enumerate(SOURCE_CASES):
        text, _line = metadata_source(field_name, index, PAYLOADS[index], number)
        name = f"{case_name(field_name, index)}.md"
        (content / "articles" / name).write_text(text, encoding="utf-8")
    work = tmp_path_factory.mktemp("import") / "work"
    work.mkdir()
    imports = import_option_payloads(work, content / "articles")
    import_markdown_sources(tmp_path_factory.mktemp("markdown"), content / "articles", imports)
    return build_matrix_site(content, tmp_path_factory.mktemp("matrix-site")), imports


@pytest.fixture(scope="module")
def sources_site(matrix: tuple[Site, Imports]) -> Site:
    return matrix[0]


def check_case(site: Site, name: str, field_line: int) -> None:
    """Refused with the field's line named (a payload with a line break may be refused on the
    line it starts), or its page and its feed entries are inert."""
    source = f"{name}.md"
    if source in site.refused:
        assert min(site.refused[source]) >= field_line, (source, site.refused[source])
        return
    page = site.output / "articles" / f"{name}.html"
    assert page.is_file(), f"{source} was neither refused nor built"
    found = active_markup(page.read_text(encoding="utf-8"), own_host=OWN_HOST)
    assert found == [], found
    entries = site.entries.get(f"{SITEURL}/articles/{name}.html")
    assert entries, f"{name} is in no feed"
    for html in entries:
        assert active_markup(html, own_host=OWN_HOST) == [], html


@pytest.mark.parametrize(
    ("field_name", "index"),
    [(f, i) for f, i in SOURCE_CASES if f != "Body"],
    ids=[f"{f}-{i}" for f, i in SOURCE_CASES if f != "Body"],
)
def test_a_payload_in_a_metadata_field_is_refused_or_inert(
    sources_site: Site, field_name: str, index: int
) -> None:
    name = case_name(field_name, index)
    if field_name in ("Slug", "URL", "Lang"):  # every payload is a bad slug, URL or language
        assert f"{name}.md" in sources_site.refused, sources_site.first_build[-2000:]
    check_case(sources_site, name, field_line(field_name, index))


@pytest.mark.parametrize(("field_name", "index"), [("Body", i) for i in range(len(PAYLOADS))])
def test_a_payload_in_the_body_is_refused_or_inert(
    sources_site: Site, field_name: str, index: int
) -> None:
    name = case_name(field_name, index)
    check_case(sources_site, name, field_line(field_name, index))


def case_pages(site: Site, field_names: tuple[str, ...]) -> set[Path]:
    return {
        site.output / "articles" / f"{case_name(f, i)}.html"
        for f in field_names
        for i in range(len(PAYLOADS))
    }


def test_every_other_page_feed_and_the_sitemap_are_inert(sources_site: Site) -> None:
    """Lists, tag, section and author pages, feeds as files and every other feed entry."""
    output = sources_site.output
    own_pages = case_pages(sources_site, (*FIELDS, "Body"))
    checked = 0
    for path in sorted(output.rglob("*")):
        if path.suffix not in (".html", ".xml") or path in own_pages:
            continue
        found = active_markup(path.read_text(encoding="utf-8"), own_host=OWN_HOST)
        assert found == [], (path, found)
        checked += 1
    assert checked > 100 and (output / "sitemap.xml").is_file()
    # The entries of Summary and body cases carry their HTML: checked case by case above.
    own_entries = {
        f"{SITEURL}/articles/{case_name(f, i)}.html"
        for f in ("Summary", "Body")
        for i in range(len(PAYLOADS))
    }
    for url, entries in sources_site.entries.items():
        if url not in own_entries:
            for html in entries:
                assert active_markup(html, own_host=OWN_HOST) == [], (url, html)


def test_every_file_name_is_made_of_plain_slugs(sources_site: Site) -> None:
    """Derived slugs (tags, sections, authors from hostile names) are plain too."""
    plain = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)*", re.ASCII)
    names = {
        part
        for path in sources_site.output.rglob("*")
        if path.relative_to(sources_site.output).parts[0] != "theme"  # the theme's own files
        for part in path.relative_to(sources_site.output).parts
    }
    assert {name for name in names if not plain.fullmatch(name)} <= {"404.html", "CNAME"}
    assert len(list(sources_site.output.glob("tag/*.html"))) > 20


def test_what_is_refused_and_what_is_built(matrix: tuple[Site, Imports]) -> None:
    """The matrix can fail both ways: some of it is refused, most of it is built."""
    site, imports = matrix
    sources = {f"{case_name(f, i)}.md" for f, i in SOURCE_CASES}
    written = {name for _code, names in imports.outcomes.values() for name in names}
    written |= {
        f"md-{case_name(f, i)}.md"
        for (f, i), (_c, _s, changed) in imports.markdown.items()
        if changed
    }
    built = {path.stem + ".md" for path in site.output.glob("articles/*.html")}
    assert set(site.refused) | built == sources | written
    assert not set(site.refused) & built
    refused_sources = set(site.refused) & sources
    assert len(PAYLOADS) * 3 <= len(refused_sources) < len(SOURCE_CASES) // 2


# --- make import options and a Markdown article imported as it is ---------------------------

RAW_TEXT = "Ports reopen after the storm\n\nThe main ports reopened on Monday, officials said.\n"
IMPORT_OPTIONS = ("source", "tags", "date", "category", "author", "agency", "lang", "title")


def import_command_has(option: str) -> bool:
    return any(f"--{option}" in action.option_strings for action in build_parser()._actions)


def import_refuses_a_slug_outside_its_folder(folder: Path) -> bool:
    """Whether `--slug ../x` is refused (the import's own path check) rather than written."""
    (folder / "probe.txt").write_text(RAW_TEXT, encoding="utf-8")
    args = [str(folder / "probe.txt"), "--date", "2022-11-24", "--slug", "../escaped"]
    import_main([*args, "--articles", str(folder / "articles")])
    return not (folder / "escaped.md").exists()


@dataclass
class Imports:
    """What each import run gave: exit code, and the names of the files it wrote."""

    options: list[str]
    work: Path  # the raw file, and a folder for each run to write into
    outcomes: dict[tuple[str, int], tuple[int, set[str]]] = field(default_factory=dict)
    # Markdown articles: (field, index) -> exit code, what it said, whether it changed the text
    markdown: dict[tuple[str, int], tuple[int, str, bool]] = field(default_factory=dict)


def imported(folder: Path, articles: Path, raw: Path, *args: str) -> tuple[int, set[str]]:
    """Import into a folder of its own (`folder`), then move what it wrote into `articles`."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = import_main([str(raw), "--articles", str(folder), *args])
    written = {path.name for path in folder.glob("*")} if folder.exists() else set()
    for name in written:
        (folder / name).rename(articles / name)
    return code, written


def import_markdown_sources(work: Path, site_articles: Path, imports: Imports) -> None:
    """Each source of the metadata and body matrix (with a slug of its own) through the import
    command. A copy, byte for byte, is the source itself, which the matrix builds; an article
    the import changed is added to the site, to be built and checked like the others."""
    articles = work / "articles"
    articles.mkdir()
    for number, (field_name, index) in enumerate(SOURCE_CASES):
        text, _line = metadata_source(field_name, index, PAYLOADS[index], number, prefix="md-")
        source = work / f"md-{case_name(field_name, index)}.md"
        source.write_text(text, encoding="utf-8")
        error = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(error):
            code = import_main([str(source), "--articles", str(articles)])
        written = articles / source.name
        changed = written.exists() and written.read_bytes() != source.read_bytes()
        if changed:
            shutil.copyfile(written, site_articles / written.name)
        imports.markdown[(field_name, index)] = (code, error.getvalue(), changed)


def import_option_payloads(work: Path, articles: Path) -> Imports:
    """Each payload through each option of the import command (`make import` passes them on as
    they are written: tests/test_make_variables.py)."""
    options = [option for option in IMPORT_OPTIONS if import_command_has(option)]
    if import_refuses_a_slug_outside_its_folder(work.parent):
        options.append("slug")
    imports = Imports(options, work)
    raw = work / "raw.txt"
    raw.write_text(RAW_TEXT, encoding="utf-8")
    for number, option in enumerate(options):
        for index, payload in enumerate(PAYLOADS):
            date = (FIRST_DATE + timedelta(days=number, minutes=index)).strftime("%Y-%m-%d %H:%M")
            args = [f"--{option}={payload}"]
            args += [] if option == "date" else ["--date", date]
            args += [] if option == "slug" else ["--slug", case_name(f"import-{option}", index)]
            folder = work / "runs" / f"{option}-{index:02d}"
            imports.outcomes[(option, index)] = imported(folder, articles, raw, *args)
    return imports


def test_a_payload_in_an_import_option_is_refused_or_inert(matrix: tuple[Site, Imports]) -> None:
    site, imports = matrix
    assert {"source", "tags", "date", "category", "author", "agency", "lang"} <= set(
        imports.options
    )
    failures = []
    for (option, index), (code, written) in sorted(imports.outcomes.items()):
        if code != 0:
            assert not written, (option, PAYLOADS[index], written)
            continue
        assert len(written) == 1, (option, PAYLOADS[index], written)
        try:
            check_case(site, written.pop().removesuffix(".md"), 1)
        except AssertionError as error:
            failures.append((option, PAYLOADS[index], str(error)[:300]))
    assert failures == []


def test_the_import_writes_nothing_outside_the_articles_folder(
    matrix: tuple[Site, Imports],
) -> None:
    site, imports = matrix
    outside = [
        path
        for path in site.content.rglob("*")
        if path.is_file() and path.parent.name not in ("articles", "pages")
    ]
    assert outside == []
    left = [path.relative_to(imports.work) for path in imports.work.rglob("*") if path.is_file()]
    assert left == [Path("raw.txt")], "written outside the folder it was given"
    codes = [code for code, _written in imports.outcomes.values()]
    assert codes.count(0) and codes.count(1), "some options are refused, some written"


def test_a_markdown_article_with_a_payload_is_refused_or_builds_safely(
    matrix: tuple[Site, Imports],
) -> None:
    """The import checks a Markdown article as the build does, then copies it: what it takes
    the build takes too; what it changed on the way is built and checked in the matrix site."""
    site, imports = matrix
    failures = []
    for (field_name, index), (code, said, changed) in sorted(imports.markdown.items()):
        name = case_name(field_name, index)
        if code != 0:
            assert f"md-{name}.md" in said and "nothing written" in said, said
        elif changed:
            try:
                check_case(site, f"md-{name}", 1)
            except AssertionError as error:
                failures.append((field_name, PAYLOADS[index], str(error)[:300]))
        else:
            assert f"{name}.md" not in site.refused, (field_name, PAYLOADS[index])
    assert failures == []
    codes = [code for code, _said, _changed in imports.markdown.values()]
    assert codes.count(0) and codes.count(1)


# An environment variable cannot hold a NUL character: the system refuses to set one.
ENVIRONMENT_PAYLOADS = [payload for payload in PAYLOADS if "\x00" not in payload]


def publish_settings(monkeypatch: pytest.MonkeyPatch, siteurl: str, cname: str = "") -> dict:
    monkeypatch.setenv("SITEURL", siteurl)
    monkeypatch.setenv("CNAME", cname)
    return read_settings(str(ROOT / "publishconf.py"))


SITEURL_FORMS = {
    "as the address": "{payload}",
    "after https://": "https://{payload}",
    "in the path": "https://example.github.io/newsroom/{payload}",
    "after the host": "https://example.github.io{payload}",
}


@pytest.mark.parametrize("form", sorted(SITEURL_FORMS))
def test_siteurl_payloads_are_refused(monkeypatch: pytest.MonkeyPatch, form: str) -> None:
    accepted = []
    for payload in ENVIRONMENT_PAYLOADS:
        siteurl = SITEURL_FORMS[form].format(payload=payload)
        try:
            settings = publish_settings(monkeypatch, siteurl)
        except SystemExit as refusal:
            assert "set SITEURL to the site's absolute address" in str(refusal.code)
            continue
        accepted.append((siteurl, settings["PAGES_HOSTING_SITEURL"]))
    assert accepted == []


def test_cname_payloads_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    for payload in ENVIRONMENT_PAYLOADS:
        for cname in (payload, f"news.example.org{payload}", f"{payload}.example.org"):
            with pytest.raises(SystemExit) as refusal:
                publish_settings(monkeypatch, "https://news.example.org", cname)
            assert f"CNAME={cname!r} is not a domain name" in str(refusal.value.code) or (
                "set SITEURL=https://" in str(refusal.value.code)
            )


def test_make_publish_refuses_a_script_in_siteurl_and_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "out"
    canary = tmp_path / "canary"
    for siteurl in (
        'https://"><script>alert(1)</script>',
        f"https://example.org/$(touch {canary})`touch {canary}`",
        "https://example.org/a b?q=1#top",
    ):
        result = subprocess.run(
            ["make", "--no-print-directory", "publish", f"OUTPUTDIR={output}", "STAMP=",
             f"SITEURL={siteurl}", "CNAME="],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode != 0
        assert "set SITEURL to the site's absolute address" in result.stderr
        assert not output.exists() and not canary.exists()


# A file outside the content folder, reached by a link from inside it: an article (it would be
# published and indexed for search) or a system file (its lines quoted in the refusals).
OUTSIDE = {
    "an article": "Title: Leaked memo\nDate: 2022-11-24\n\nCANARY-MEMO text never to publish.\n",
    "a password file": "root:x:0:0:CANARY-ROOT:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/bin/sh\n",
}


@pytest.mark.parametrize("what", sorted(OUTSIDE))
def test_a_link_out_of_the_content_folder_is_refused_and_never_quoted(
    tmp_path: Path, what: str
) -> None:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(OUTSIDE[what], encoding="utf-8")
    content = content_folder(tmp_path, {})
    (content / "articles" / "good.md").write_text(
        "Title: Good\nDate: 2022-11-24\n\nText.\n", encoding="utf-8"
    )
    (content / "articles" / "secret.md").symlink_to(secret)
    output = tmp_path / "out"
    result = run_bounded(
        ["make", "--no-print-directory", "html", f"INPUTDIR={content}", f"OUTPUTDIR={output}"]
    )
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"secret.md:1: a symbolic link to {secret.resolve()}, outside the content folder" in text
    assert "CANARY" not in text and "root:x" not in text and "Leaked" not in text, text
    assert not output.exists()
