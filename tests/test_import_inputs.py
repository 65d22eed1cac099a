"""The import command's other inputs: saved web pages, other encodings, and bad files."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from newsroom.importer.cli import main
from tests.sitecheck import RAW_ARTICLE

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ports reopen after the storm | Daily Test</title>
<meta property="og:title" content="Ports reopen after the storm">
<meta property="og:site_name" content="Daily Test">
<meta name="author" content="Jane Roe">
<meta property="og:url" content="https://example.org/news/ports-reopen">
<meta name="description" content="Shipping resumed on Monday as winds eased.">
<meta property="article:published_time" content="2023-03-05T10:00:00Z">
</head><body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article><h1>Ports reopen after the storm</h1>
<p>By Jane Roe</p>
<p>The main ports on the coast reopened on Monday after three days of closure, the harbour
authority said in a statement issued in the morning.</p>
<p>Share this: Facebook Twitter</p>
<h2>Backlog</h2>
<p>More than forty ships were waiting offshore to unload, and officials expected the backlog
to take a week to clear completely.</p>
<p>1. This line starts like a list but is a sentence about the first berth.</p>
<p>(With information from Reuters)</p>
</article><footer>Copyright Daily Test</footer></body></html>
"""


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test: the import works offline."""

    def refuse(*args, **kwargs):
        raise AssertionError("the import tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_saved_page_through_trafilatura(capsys, tmp_path: Path, no_network: None) -> None:
    page = tmp_path / "ports.html"
    page.write_text(PAGE, encoding="utf-8")
    code, out, err = run(capsys, page, "--articles", tmp_path / "a", "--tags", "Ports")
    assert code == 0, err
    article = (tmp_path / "a" / "ports-reopen-after-the-storm.md").read_text(encoding="utf-8")
    head, body = article.split("\n\n", 1)
    assert head.splitlines() == [
        "Title: Ports reopen after the storm",
        "Date: 2023-03-05",
        "Author: Jane Roe",
        "Agency: Reuters",
        "Source: https://example.org/news/ports-reopen",
        "Source_name: Daily Test",
        "Tags: Ports",
        "Slug: ports-reopen-after-the-storm",
        "Lang: en",
        "Summary: Shipping resumed on Monday as winds eased.",
    ]
    assert body == (
        "The main ports on the coast reopened on Monday after three days of closure, the "
        "harbour authority said in a statement issued in the morning.\n\n"
        "## Backlog\n\n"
        "More than forty ships were waiting offshore to unload, and officials expected the "
        "backlog to take a week to clear completely.\n\n"
        "1\\. This line starts like a list but is a sentence about the first berth.\n\n"
        "(With information from Reuters)\n{: .credit }\n"
    )
    assert "saved web page (trafilatura)" in out
    assert "Share this: Facebook Twitter  (share widget)" in out
    assert "Ports reopen after the storm  (repeat of the headline)" in out


def test_options_override_the_page(capsys, tmp_path: Path) -> None:
    page = tmp_path / "ports.htm"
    page.write_text(PAGE, encoding="utf-8")
    source = "https://www.example.com/other"
    code, _out, err = run(
        capsys, page, "--articles", tmp_path, "--date", "2023-03-06", "--source", source
    )
    assert code == 0, err
    article = (tmp_path / "ports-reopen-after-the-storm.md").read_text(encoding="utf-8")
    assert "Date: 2023-03-06\n" in article and f"Source: {source}\n" in article


def test_page_without_title_is_refused(capsys, tmp_path: Path) -> None:
    page = tmp_path / "untitled.html"
    text = "<html><body><article>" + "<p>Some sentence about ships and ports.</p>" * 20
    page.write_text(text + "</article></body></html>", encoding="utf-8")
    code, _out, err = run(capsys, page, "--articles", tmp_path / "a", "--date", "2023-01-01")
    assert code == 1
    assert "untitled.html" in err and ("title" in err or "no article text" in err)
    assert not (tmp_path / "a").exists()


def test_cp1252_text_is_decoded_with_a_warning(capsys, tmp_path: Path) -> None:
    text = RAW_ARTICLE.read_text(encoding="utf-8")
    raw = tmp_path / "cp1252.txt"
    raw.write_bytes(text.encode("cp1252"))
    code, out, err = run(capsys, raw, "--articles", tmp_path / "a", "--date", "2022-11-24")
    assert code == 0, err
    assert "not UTF-8" in out and "decoded as cp1252" in out and "cp1252.txt" in out
    article = next((tmp_path / "a").glob("*.md")).read_text(encoding="utf-8")
    assert "Pashinián denounced that this means “ enormous damage" in article


def test_latin1_text_is_decoded(capsys, tmp_path: Path) -> None:
    raw = tmp_path / "latin.txt"
    text = (
        "Café reopens in Sète\n\nThe café on the quay reopened after the storm, its owner said.\n"
    )
    raw.write_bytes(text.encode("latin-1"))
    code, out, err = run(capsys, raw, "--articles", tmp_path / "a", "--date", "2022-11-24")
    assert code == 0, err
    article = next((tmp_path / "a").glob("*.md")).read_text(encoding="utf-8")
    assert "Title: Café reopens in Sète\n" in article and "The café on the quay" in article
    assert "decoded as cp1252" in out  # cp1252 is latin-1 plus curly quotes and dashes


def test_mojibake_is_repaired_and_reported(capsys, tmp_path: Path) -> None:
    raw = tmp_path / "mojibake.txt"
    text = (
        "Ports reopen after the storm\n\nThe port’s director said it was ‘good news’ — at last.\n"
    )
    raw.write_text(text.encode().decode("cp1252"), encoding="utf-8")
    assert "â€™" in raw.read_text(encoding="utf-8")
    code, out, err = run(capsys, raw, "--articles", tmp_path / "a", "--date", "2022-11-24")
    assert code == 0, err
    article = next((tmp_path / "a").glob("*.md")).read_text(encoding="utf-8")
    assert "The port’s director said it was ‘good news’ — at last." in article
    assert "mojibake.txt:3: repaired mojibake" in out


BAD_INPUTS = {
    "empty.txt": (b"", "empty.txt: the file is empty"),
    "blank.txt": (b"\n  \n\t\n", "blank.txt: the file is empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary.txt:3: this is a binary file"),
    "url.txt": (b"https://example.org/story\n\nText.\n", "url.txt:1: no recognisable title"),
    "paragraph.txt": (
        (("The ports reopened on Monday after three days, " * 8) + "\n\nMore.\n").encode(),
        "paragraph.txt:1: no recognisable title",
    ),
    "only-widgets.txt": (b"Spread the love\n\nShare this:\n", "only-widgets.txt: no recognisable"),
    "title-only.txt": (b"Ports reopen after the storm\n", "title-only.txt: no article text"),
    "bad-date.md": (
        b"Title: Ports\nDate: 2022-13-45\n\nText.\n",
        "bad-date.md:2: Date: '2022-13-45' is not a valid date",
    ),
    "no-title.md": (
        b"Date: 2022-11-24\n\nText.\n",
        "no-title.md:1: a Markdown file without a Title",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_refused_naming_the_file(capsys, tmp_path: Path, name: str) -> None:
    data, message = BAD_INPUTS[name]
    (tmp_path / name).write_bytes(data)
    code, out, err = run(
        capsys, tmp_path / name, "--articles", tmp_path / "a", "--date", "2022-01-02"
    )
    assert code == 1
    assert message in err, err
    assert "nothing written" in err and out == ""
    assert not (tmp_path / "a").exists()


def test_missing_date_is_refused(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, RAW_ARTICLE, "--articles", tmp_path / "a")
    assert code == 1
    assert "000_3ae21a45b85fb992.txt: no date" in err and "--date YYYY-MM-DD" in err
    assert not (tmp_path / "a").exists()


def test_bad_date_option_is_refused(capsys, tmp_path: Path) -> None:
    code, _out, err = run(capsys, RAW_ARTICLE, "--articles", tmp_path / "a", "--date", "24/11/22")
    assert code == 1 and "'24/11/22' is not a date" in err


def test_missing_file_is_refused(capsys, tmp_path: Path) -> None:
    code, _out, err = run(capsys, tmp_path / "nope.txt", "--articles", tmp_path)
    assert code == 1 and "nope.txt: does not exist; nothing written" in err


def test_existing_article_needs_force(capsys, tmp_path: Path) -> None:
    args = (RAW_ARTICLE, "--articles", tmp_path, "--date", "2022-11-24")
    assert run(capsys, *args)[0] == 0
    (target,) = tmp_path.glob("*.md")
    target.write_text("edited by hand\n", encoding="utf-8")
    code, _out, err = run(capsys, *args)
    assert code == 1 and "already exists" in err and "--force" in err and target.name in err
    assert target.read_text(encoding="utf-8") == "edited by hand\n"
    code, out, _err = run(capsys, *args, "--force")
    assert code == 0 and target.read_text(encoding="utf-8").startswith("Title: Internal")


MARKDOWN_ARTICLE = (
    "Title: Ports reopen after the storm\n"
    "Date: 2022-11-24\n"
    "Author: Ana Lima\n"
    "\n"
    "The ports reopened on Monday < /b>after three days.\n"
)


def test_markdown_article_is_checked_and_copied_as_it_is(capsys, tmp_path: Path) -> None:
    source = tmp_path / "ports.md"
    source.write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    code, out, _err = run(capsys, source, "--articles", tmp_path / "a")
    assert code == 0, _err
    target = tmp_path / "a" / "ports-reopen-after-the-storm.md"
    assert target.read_text(encoding="utf-8") == MARKDOWN_ARTICLE
    assert "Markdown article" in out and "Ana Lima" in out


def test_markdown_article_gets_missing_fields_from_options(capsys, tmp_path: Path) -> None:
    source = tmp_path / "ports.md"
    source.write_text(MARKDOWN_ARTICLE.replace("Date: 2022-11-24\n", ""), encoding="utf-8")
    code, out, err = run(
        capsys, source, "--articles", tmp_path, "--date", "2022-11-25", "--tags", "Ports, Storms"
    )
    assert code == 0, err
    written = (tmp_path / "ports-reopen-after-the-storm.md").read_text(encoding="utf-8")
    assert written.startswith(
        "Title: Ports reopen after the storm\nAuthor: Ana Lima\n"
        "Date: 2022-11-25\nTags: Ports, Storms\n\nThe ports"
    )


def test_markdown_article_refuses_an_option_that_contradicts_it(capsys, tmp_path: Path) -> None:
    source = tmp_path / "ports.md"
    source.write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    code, out, err = run(capsys, source, "--articles", tmp_path / "a", "--date", "2023-01-01")
    assert code == 1 and "ports.md:2: Date: is '2022-11-24'" in err and "nothing written" in err
    assert not (tmp_path / "a").exists()
