"""`make import` takes untrusted values (its options, and a Markdown source's metadata) and
writes files: nothing it is given may inject metadata, leave the articles folder, replace a
file without a way back, or put live markup on a page."""

from __future__ import annotations

import os
from pathlib import Path
from xml.etree import ElementTree

import pytest

from newsroom.importer.cli import main
from newsroom.importer.target import REPLACED
from newsroom.plugins.source_checks.rules import MAX_SLUG_LENGTH, SLUG
from tests.buildsite import run_bounded
from tests.payloads import PAYLOADS, active_markup
from tests.sitecheck import ROOT, build

STORY = (
    "Ports reopen after the storm\n\nBy Jane Roe\n\n"
    "The main ports on the coast reopened on Monday after three days of closure.\n\n"
    "More than forty ships were waiting offshore to unload their cargo.\n"
)


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def story(tmp_path: Path) -> Path:
    raw = tmp_path / "story.txt"
    raw.write_text(STORY, encoding="utf-8")
    return raw


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# --- metadata injection -------------------------------------------------------------------

METADATA_OPTIONS = ("title", "author", "agency", "category", "tags", "source", "slug", "lang")
BREAKING = {
    "a line feed": "Jane\nSlug: ../../README",
    "a carriage return": "Jane\rStatus: draft",
    "a line separator": "Jane\u2028Save_as: ../x.html",
    "a NUL byte": "Jane\x00Roe",
    "an escape character": "Jane\x1b[31mRoe",
    "an undecodable byte": "Jane\udcffRoe",
}


@pytest.mark.parametrize("option", METADATA_OPTIONS)
@pytest.mark.parametrize("what", sorted(BREAKING))
def test_a_value_that_would_break_the_metadata_is_refused(
    capsys, tmp_path: Path, story: Path, option: str, what: str
) -> None:
    articles = tmp_path / "articles"
    args = [story, "--date", "2023-01-02", "--articles", articles, f"--{option}", BREAKING[what]]
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert f"--{option}:" in err and "nothing written" in err
    assert not articles.exists()


def test_values_with_quotes_dollars_and_backticks_are_kept_as_given(
    capsys, tmp_path: Path, story: Path
) -> None:
    """The shell never sees them; the article gets exactly what was given."""
    code, _out, err = run(
        capsys,
        story,
        "--date=2023-01-02",
        f"--articles={tmp_path}",
        '--author=Jean "JJ" Dupont',
        "--tags=US$ bonds, `touch pwned`, $(id)",
        "--category=Ports & Harbours",
    )
    assert code == 0, err
    article = (tmp_path / "ports-reopen-after-the-storm.md").read_text(encoding="utf-8")
    assert 'Author: Jean "JJ" Dupont\n' in article
    assert "Tags: US$ bonds, `touch pwned`, $(id)\n" in article
    assert "Category: Ports & Harbours\n" in article
    assert not (Path.cwd() / "pwned").exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("tags", "Ports, !!!"),
        ("category", "???"),
        ("author", "—"),
        ("title", "   "),
        ("title", "x" * 1001),
    ],
)
def test_a_value_that_names_no_page_is_refused(
    capsys, tmp_path: Path, story: Path, option: str, value: str
) -> None:
    code, _out, err = run(
        capsys, story, "--date", "2023-01-02", "--articles", tmp_path / "a", f"--{option}", value
    )
    assert code == 1 and f"--{option}:" in err and not (tmp_path / "a").exists()


@pytest.mark.parametrize(
    "source",
    [
        "javascript:alert(1)",
        "//evil.example/x",
        "https://example.org/a b",
        'https://example.org/"onmouseover="x',
        "https://user:secret@example.org/",
        "ftp://example.org/story",
        "https://",
    ],
)
def test_a_source_that_is_not_an_http_address_is_refused(
    capsys, tmp_path: Path, story: Path, source: str
) -> None:
    code, _out, err = run(
        capsys, story, "--date", "2023-01-02", "--articles", tmp_path / "a", "--source", source
    )
    assert code == 1 and "--source:" in err and "is not an http(s) URL" in err


# --- dates and language tags ---------------------------------------------------------------


@pytest.mark.parametrize("date", ["24/11/2022", "2024", "March 12", "2022-13-45", "2022-1-2"])
def test_only_iso_dates_are_accepted(capsys, tmp_path: Path, story: Path, date: str) -> None:
    code, _out, err = run(capsys, story, "--date", date, "--articles", tmp_path / "a")
    assert code == 1 and "--date:" in err and "YYYY-MM-DD" in err


def test_an_iso_date_with_time_and_offset_is_written_as_given(
    capsys, tmp_path: Path, story: Path
) -> None:
    code, _out, err = run(capsys, story, "--date", "2022-11-24 18:30+01:00", "--articles", tmp_path)
    assert code == 0, err
    assert "Date: 2022-11-24 18:30+01:00\n" in next(tmp_path.glob("*.md")).read_text("utf-8")


def test_a_date_line_in_the_text_is_written_as_iso_and_reported(capsys, tmp_path: Path) -> None:
    raw = tmp_path / "story.txt"
    raw.write_text(STORY.replace("By Jane Roe\n", "By Jane Roe\n\n8 décembre 2018\n"), "utf-8")
    code, out, err = run(capsys, raw, "--articles", tmp_path / "a", "--lang", "fr")
    assert code == 0, err
    article = next((tmp_path / "a").glob("*.md")).read_text("utf-8")
    assert "Date: 2018-12-08\n" in article and "8 décembre 2018" not in article
    assert "2018-12-08 (read from '8 décembre 2018', written as ISO)" in out


@pytest.mark.parametrize(("lang", "ok"), [("fr", True), ("pt-BR", True), ("english", False)])
def test_language_tags_follow_the_shared_rule(
    capsys, tmp_path: Path, story: Path, lang: str, ok: bool
) -> None:
    code, _out, err = run(
        capsys, story, "--date", "2023-01-02", "--articles", tmp_path, "--lang", lang
    )
    assert (code == 0) == ok, err
    assert ok or "is not a language tag" in err


# --- paths ---------------------------------------------------------------------------------

BAD_SLUGS = [
    "../../README",
    "../pages/about",
    "/etc/passwd",
    "a/b",
    "..",
    ".hidden",
    "x\x00y",
    "Caps",
    "under_score",
    "a" * (MAX_SLUG_LENGTH + 1),
]


@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_a_slug_option_outside_the_rule_is_refused_and_nothing_written(
    capsys, tmp_path: Path, story: Path, slug: str
) -> None:
    before = files_under(tmp_path)
    code, _out, err = run(
        capsys, story, "--date", "2023-01-02", "--articles", tmp_path / "a" / "b", "--slug", slug
    )
    assert code == 1 and "--slug:" in err and "nothing written" in err
    assert files_under(tmp_path) == before


@pytest.mark.parametrize("slug", ["../pages/about", "../../README", "/tmp/x", "A B"])
def test_a_markdown_source_slug_outside_the_rule_is_refused(
    capsys, tmp_path: Path, slug: str
) -> None:
    source = tmp_path / "story.md"
    source.write_text(f"Title: Ports\nDate: 2022-11-24\nSlug: {slug}\n\nText.\n", "utf-8")
    code, _out, err = run(capsys, source, "--articles", tmp_path / "a")
    assert code == 1 and "story.md:3: Slug:" in err and "is not a plain slug" in err
    assert not (tmp_path / "a").exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Save_as: ../index.html", "story.md:3: Save_as: every address and file name is made"),
        ("URL: ../index.html", "story.md:3: URL: every address and file name is made"),
        ("Template: ../../etc/x", "story.md:3: Template: '../../etc/x' is not a template"),
        ('Status: published" onload="x', "story.md:3: Status:"),
        ('Lang: en" onload="x', "story.md:3: Lang:"),
        ("Tags: Ports, <img src=x onerror=alert(1)>", "story.md:3: Tags: the tag '<img src=x"),
        ("Author: ???", "story.md:3: Author: the author '???' gives an empty slug"),
        ("Date: 24 November 2022", "story.md:2: Date: '24 November 2022' is not a valid date"),
    ],
)
def test_a_markdown_source_field_that_chooses_its_output_is_refused(
    capsys, tmp_path: Path, line: str, message: str
) -> None:
    date = "" if line.startswith("Date:") else "Date: 2022-11-24\n"
    text = f"Title: Ports\n{date}{line}\n\nText.\n"
    if line.startswith("Date:"):
        text = f"Title: Ports\n{line}\n\nText.\n"
    source = tmp_path / "story.md"
    source.write_text(text, "utf-8")
    code, _out, err = run(capsys, source, "--articles", tmp_path / "a")
    assert code == 1 and message in err, err
    assert not (tmp_path / "a").exists()


def test_a_long_title_gives_a_slug_cut_at_a_word(capsys, tmp_path: Path) -> None:
    title = " ".join(["Ports_and harbours reopen"] * 30)[:290]
    raw = tmp_path / "story.txt"
    raw.write_text(STORY.replace("Ports reopen after the storm", title), "utf-8")
    code, _out, err = run(
        capsys, raw, "--date", "2023-01-02", "--articles", tmp_path / "a", "--title", title
    )
    assert code == 0, err
    (written,) = (tmp_path / "a").glob("*.md")
    slug = written.stem
    assert SLUG.fullmatch(slug) and len(slug) <= MAX_SLUG_LENGTH
    assert slug.startswith("ports-and-harbours-reopen-") and not slug.endswith("-")
    assert f"Slug: {slug}\n" in written.read_text("utf-8")


def test_a_title_without_letters_needs_a_slug(capsys, tmp_path: Path, story: Path) -> None:
    code, _out, err = run(
        capsys, story, "--date", "2023-01-02", "--articles", tmp_path / "a", "--title", "¿¡…!?"
    )
    assert code == 1 and "gives an empty slug" in err and "--slug" in err


def test_a_symlinked_articles_folder_is_refused(capsys, tmp_path: Path, story: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "articles").symlink_to(elsewhere)
    code, _out, err = run(
        capsys, story, "--date", "2023-01-02", "--articles", tmp_path / "articles"
    )
    assert code == 1 and "is a symbolic link" in err
    assert list(elsewhere.iterdir()) == []


def test_a_symlinked_article_is_never_written_through(capsys, tmp_path: Path, story: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    readme = tmp_path / "README.md"
    readme.write_text("the project's README\n", "utf-8")
    (articles / "ports-reopen-after-the-storm.md").symlink_to(readme)
    code, _out, err = run(capsys, story, "--date", "2023-01-02", "--articles", articles, "--force")
    assert code == 1 and "is a symbolic link" in err
    assert readme.read_text("utf-8") == "the project's README\n"


# --- --force -------------------------------------------------------------------------------


def test_force_shows_what_it_replaces_and_keeps_it(capsys, tmp_path: Path, story: Path) -> None:
    articles = tmp_path / "articles"
    args = [story, "--date", "2023-01-02", "--articles", articles]
    assert run(capsys, *args)[0] == 0
    target = articles / "ports-reopen-after-the-storm.md"
    edited = target.read_text("utf-8").replace("forty ships", "forty-two ships (edited)")
    target.write_text(edited, "utf-8")
    code, out, err = run(capsys, *args, "--force")
    assert code == 0, err
    assert f"replaces {target} ({len(edited.encode())} bytes" in out
    assert "Title: Ports reopen after the storm)" in out
    assert "-More than forty-two ships (edited)" in out and "+More than forty ships" in out
    (kept,) = (articles / REPLACED).glob("ports-reopen-after-the-storm.*.md.bak")
    assert f"the replaced article is kept in {kept}" in out
    assert kept.read_text("utf-8") == edited
    assert "forty-two" not in target.read_text("utf-8")
    assert sorted(path.name for path in articles.iterdir()) == [REPLACED, target.name]


def test_force_dry_run_shows_the_diff_and_writes_nothing(
    capsys, tmp_path: Path, story: Path
) -> None:
    articles = tmp_path / "articles"
    assert run(capsys, story, "--date", "2023-01-02", "--articles", articles)[0] == 0
    before = files_under(tmp_path)
    code, _out, err = run(
        capsys, story, "--date", "2023-01-03", "--articles", articles, "--force", "--dry-run"
    )
    assert code == 0 and "-Date: 2023-01-02" in err and "+Date: 2023-01-03" in err
    assert files_under(tmp_path) == before


def test_the_build_never_reads_a_replaced_article(capsys, tmp_path: Path, story: Path) -> None:
    content = tmp_path / "content"
    articles = content / "articles"
    for date in ("2023-01-02", "2023-01-03"):
        assert run(capsys, story, "--date", date, "--articles", articles, "--force")[0] == 0
    assert list((articles / REPLACED).iterdir())
    result = build(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [path.name for path in (tmp_path / "out" / "articles").glob("*.html")] == [
        "ports-reopen-after-the-storm.html"
    ]


# --- the payload matrix ------------------------------------------------------------------

FREE_TEXT = ("title", "author", "agency", "tags", "category")  # kept, escaped where shown
CHECKED = ("slug", "lang", "date", "source")  # a shape, or refused
# A Markdown source's Summary is Markdown like its body: the build's sanitiser judges both.
MARKDOWN_FIELDS = ("Title", "Author", "Tags", "Category", "Agency", "Source_name")
MARKDOWN_CHECKED = ("Slug", "URL", "Lang", "Source", "Save_as", "Status")


def test_no_payload_in_any_option_or_source_field_reaches_a_page(
    capsys, tmp_path: Path, story: Path
) -> None:
    """Every payload in every option and every metadata field of a Markdown source: the import
    refuses it, or the site built from what it wrote has no live markup in any page or feed."""
    content = tmp_path / "content"
    articles = content / "articles"
    outcomes = {"refused": 0, "written": 0}

    def attempt(*args: str | Path) -> None:
        code, _out, err = run(capsys, *args, "--articles", articles)
        assert code in (0, 1), err
        if code == 1:
            assert "nothing written" in err and "Traceback" not in err
        outcomes["written" if code == 0 else "refused"] += 1

    for number, payload in enumerate(PAYLOADS):
        slug = f"payload-{number}"
        raw = tmp_path / f"{slug}.txt"  # and in the raw text's body, where it stays text
        raw.write_text(STORY.replace("More than", f"{payload}\n\nMore than"), "utf-8")
        options = [f"--{name}={payload}" for name in FREE_TEXT]
        attempt(raw, "--date=2023-01-02", f"--slug={slug}-options", *options)
        for name in CHECKED:
            value = [f"--{name}={payload}"]
            if name != "slug":
                value.append(f"--slug={slug}-{name}")
            if name != "date":
                value.append("--date=2023-01-02")
            attempt(story, *value)
        fields = "".join(f"{field}: {_one_line(payload)}\n" for field in MARKDOWN_FIELDS)
        source = tmp_path / f"{slug}.md"
        source.write_text(f"{fields}Date: 2023-01-02\nSlug: {slug}-md\n\nText.\n", "utf-8")
        attempt(source)
        for field in MARKDOWN_CHECKED:
            source.write_text(
                f"Title: Ports\nDate: 2023-01-02\nSlug: {slug}-{field.lower().replace('_', '-')}\n"
                f"{field}: {_one_line(payload)}\n\nText.\n",
                "utf-8",
            )
            if field == "Slug":
                source.write_text(
                    f"Title: Ports\nDate: 2023-01-02\nSlug: {_one_line(payload)}\n\nText.\n",
                    "utf-8",
                )
            attempt(source)
    fields = len(FREE_TEXT) + len(CHECKED) + len(MARKDOWN_FIELDS) + len(MARKDOWN_CHECKED)
    assert len(PAYLOADS) >= 50 and fields >= 20 and outcomes["written"] > len(PAYLOADS)
    assert outcomes["refused"] >= len(PAYLOADS) * 3  # slug, lang, date at least
    shutil_pages(content)
    result = build(tmp_path / "out", content=content, strict=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    names = [path.name for path in (tmp_path / "out").rglob("*")]
    assert not [name for name in names if name.startswith(("tag-.", ".html"))]  # all named
    found = {}
    for page in sorted((tmp_path / "out").rglob("*")):
        if page.suffix in (".html", ".xml"):
            active = active_markup_in(page)
            if active:
                found[str(page.relative_to(tmp_path / "out"))] = active[:3]
    assert found == {}


def active_markup_in(path: Path) -> list[str]:
    """A page's live markup; for a feed, that of the HTML its entries carry as escaped text
    (Atom's type="html" elements, RSS's description), which a feed reader renders. Names and
    titles are plain text to a reader."""
    text = path.read_text("utf-8")
    if path.suffix != ".xml":
        return active_markup(text)
    carried = [
        node.text
        for node in ElementTree.fromstring(text).iter()
        if node.text and (node.get("type") == "html" or node.tag == "description")
    ]
    return [found for html in carried for found in active_markup(html)]


def test_no_payload_in_a_markdown_sources_body_reaches_a_page(capsys, tmp_path: Path) -> None:
    """A Markdown source's body and Summary are the editor's Markdown: the build sanitises them.
    The import may refuse a source outright (a NUL makes it a binary file), naming it."""
    content = tmp_path / "content"
    imported = 0
    for number, payload in enumerate(PAYLOADS):
        source = tmp_path / f"body-{number}.md"
        head = f"Title: Ports {number}\nDate: 2023-01-02\nSummary: {_one_line(payload)}\n"
        source.write_text(f"{head}\n{payload}\n", "utf-8")
        code, _out, err = run(capsys, source, "--articles", content / "articles")
        if code:
            assert f"body-{number}.md" in err and "nothing written" in err, err
        else:
            imported += 1
    assert imported >= len(PAYLOADS) - 2
    shutil_pages(content)
    result = build(tmp_path / "out", content=content, strict=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    found = [
        finding
        for page in sorted((tmp_path / "out").rglob("*"))
        if page.suffix in (".html", ".xml")
        for finding in active_markup_in(page)
    ]
    assert found == []


def _one_line(payload: str) -> str:
    return " ".join(payload.replace("\x00", " ").split())


def shutil_pages(content: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "content" / "pages", content / "pages")


def test_no_temporary_file_is_left_behind(capsys, tmp_path: Path, story: Path) -> None:
    articles = tmp_path / "articles"
    assert run(capsys, story, "--date", "2023-01-02", "--articles", articles)[0] == 0
    assert [path.name for path in articles.iterdir()] == ["ports-reopen-after-the-storm.md"]
    assert oct(os.stat(articles / "ports-reopen-after-the-storm.md").st_mode)[-3:] == "644"


# --- what RAW may be --------------------------------------------------------------------------
# RAW may lie anywhere (an editor's download), but it must be a regular file of at most the
# build's limit on a source; anything else is one line naming it, found without reading it.

NOT_A_FILE = "not a regular file, so nothing was read from it: only a file is a source"


def make_import(raw: Path) -> tuple[int, str]:
    """`make import RAW=... DRY_RUN=1` as an editor runs it; a hang fails the test."""
    result = run_bounded(
        ["make", "--no-print-directory", "import", f"RAW={raw}", "DATE=2023-01-02", "DRY_RUN=1"]
    )
    return result.returncode, result.stderr


def big_story(path: Path, size: int) -> Path:
    """A raw text of realistic prose, `size` bytes long."""
    path.write_bytes((STORY.encode() * (size // len(STORY) + 1))[:size])
    return path


def a_fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.txt")
    return folder / "pipe.txt"


def a_link_to_dev_zero(folder: Path) -> Path:
    (folder / "zero.txt").symlink_to("/dev/zero")
    return folder / "zero.txt"


NOT_FILES = {
    "a FIFO": (a_fifo, "a named pipe (FIFO)"),
    "/dev/zero": (lambda folder: Path("/dev/zero"), "a character device"),
    "a link to /dev/zero": (a_link_to_dev_zero, "a character device"),
}


@pytest.mark.parametrize("case", sorted(NOT_FILES))
def test_raw_that_is_not_a_file_is_one_line_naming_it(tmp_path: Path, case: str) -> None:
    make, what = NOT_FILES[case]
    raw = make(tmp_path)
    code, err = make_import(raw)
    assert code != 0
    assert err.splitlines()[0] == f"error: {raw}: {what}, {NOT_A_FILE}; nothing written", err


def test_raw_over_the_limit_is_refused_unread_and_a_long_one_is_imported(tmp_path: Path) -> None:
    code, err = make_import(big_story(tmp_path / "over.txt", 1_000_001))
    assert code != 0
    assert (
        f"error: {tmp_path}/over.txt: 1,000,001 bytes, more than a source may hold "
        "(1,000,000 bytes): split it, or raise SOURCE_CHECKS_MAX_BYTES in pelicanconf.py; "
        "nothing written"
    ) in err.splitlines(), err
    code, err = make_import(big_story(tmp_path / "at.txt", 100_000))
    assert code == 0, err


def test_a_folder_names_each_file_it_cannot_import(tmp_path: Path) -> None:
    folder = tmp_path / "scraped"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.html").symlink_to("/dev/zero")
    big_story(folder / "big.txt", 1_000_001)
    code, err = make_import(folder)
    assert code != 0
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {folder}/big.txt: 1,000,001 bytes, more than a source may hold "
        "(1,000,000 bytes): split it, or raise SOURCE_CHECKS_MAX_BYTES in pelicanconf.py; "
        "nothing written",
        f"error: {folder}/pipe.txt: a named pipe (FIFO), {NOT_A_FILE}; nothing written",
        f"error: {folder}/zero.html: a character device, {NOT_A_FILE}; nothing written",
    ], err
    assert (
        f"{folder}: 1 of 4 file(s) imported, 3 failed (nothing written for them): "
        "big.txt, pipe.txt, zero.html"
    ) in err


def test_the_import_follows_the_limit_the_settings_give_the_build(
    capsys, tmp_path: Path, story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SOURCE_CHECKS_MAX_BYTES in pelicanconf.py: what the build reads, the import reads."""
    from newsroom.importer import cli

    settings = tmp_path / "pelicanconf.py"
    settings.write_text("SOURCE_CHECKS_MAX_BYTES = 100\n", encoding="utf-8")
    monkeypatch.setattr(cli, "SETTINGS_FILE", settings)
    cli.source_limit.cache_clear()
    try:
        code, _out, err = run(capsys, story, "--date", "2023-01-02", "--dry-run")
    finally:
        cli.source_limit.cache_clear()
    assert code == 1
    size = story.stat().st_size
    assert f"{story}: {size:,} bytes, more than a source may hold (100 bytes)" in err
