"""The import command: raw texts and saved pages in, Markdown articles and a report out."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from newsroom.importer.article import escape_line
from newsroom.importer.cli import main
from tests.sitecheck import ARTICLE_SLUG, RAW_ARTICLE, ROOT

COMMITTED = ROOT / "content" / "articles" / f"{ARTICLE_SLUG}.md"
SOURCE = (
    "https://thetimeshub.in/internal-dissent-in-the-military-alliance-led-by-russia-"
    "puts-distance-between-putin-and-his-closest-countries/12267/"
)
TAGS = "CSTO, Russia, Armenia, Azerbaijan, Belarus, Central Asia, Vladimir Putin, Turkey"
EDITOR_FIELDS = ("Source", "Source_name", "Translated", "Category", "Tags")


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def imported(capsys, tmp_path: Path, text: str, *options: str) -> str:
    """Import `text` as a raw file and return the article written."""
    raw = tmp_path / "story.txt"
    raw.write_text(text, encoding="utf-8")
    articles = tmp_path / "articles"
    code, out, err = run(capsys, raw, "--date", "2023-01-02", "--articles", articles, *options)
    assert code == 0, err
    (written,) = articles.glob("*.md")
    return written.read_text(encoding="utf-8")


def metadata(article: str) -> dict[str, str]:
    head = article.split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def body(article: str) -> str:
    return article.split("\n\n", 1)[1]


# --- the shared raw file -------------------------------------------------------------------


def test_shared_raw_file_gives_the_committed_article(capsys, tmp_path: Path) -> None:
    code, _out, err = run(
        capsys,
        RAW_ARTICLE,
        "--date=2022-11-24",
        f"--source={SOURCE}",
        "--translated",
        "--category=World",
        f"--tags={TAGS}",
        f"--articles={tmp_path}",
    )
    assert code == 0, err
    written = tmp_path / f"{ARTICLE_SLUG}.md"
    assert written.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")


def test_without_editor_fields_only_those_lines_differ(capsys, tmp_path: Path) -> None:
    code, _out, err = run(capsys, RAW_ARTICLE, "--date", "2022-11-24", "--articles", tmp_path)
    assert code == 0, err
    committed = COMMITTED.read_text(encoding="utf-8").splitlines()
    expected = [
        line for line in committed if not line.startswith(tuple(f + ":" for f in EDITOR_FIELDS))
    ]
    assert (tmp_path / f"{ARTICLE_SLUG}.md").read_text(encoding="utf-8").splitlines() == expected


def test_report_lists_what_was_found_and_left_out(capsys, tmp_path: Path) -> None:
    code, out, _err = run(capsys, RAW_ARTICLE, "--date", "2022-11-24", "--articles", tmp_path)
    assert code == 0
    found, left_out = out.split("left out:")
    for expected in (
        "title        line 1  Internal dissent",
        "author       line 9  Didier Lauras",
        "agency      line 61  AFP (from the credit line)",
        "summary      line 5  An article by the CSTO",
        "caption     line 13  The president of Russia , Vladimir Putin",
        "caption     line 31  Belarusian dictator",
        "crosshead   line 37  “Dislocation”",
        "credit      line 61  (With information from AFP)",
    ):
        assert expected in found
    assert "line 3  Spread the love  (share widget)" in left_out
    assert "line 11  Internal dissent" in left_out and "line 29  Internal dissent" in left_out
    assert left_out.count("repeat of the headline") == 2
    assert "line 63  Continue reading:  (link to other articles (en))" in left_out
    assert f"wrote {tmp_path / ARTICLE_SLUG}.md" in out


def test_dry_run_prints_the_markdown_and_writes_nothing(capsys, tmp_path: Path) -> None:
    code, out, err = run(
        capsys, RAW_ARTICLE, "--date", "2022-11-24", "--articles", tmp_path, "--dry-run"
    )
    assert code == 0
    assert out.startswith("Title: Internal dissent") and "{: .credit }" in out
    assert "found:" in err and "would write" in err
    assert list(tmp_path.iterdir()) == []


def test_help_and_make_target() -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "newsroom.importer", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for option in ("--source", "--tags", "--date", "--force", "--dry-run"):
        assert option in help_text
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "import",
            f"RAW={RAW_ARTICLE}",
            "DATE=2022-11-24",
            "TAGS=CSTO, Russia",
            "DRY_RUN=1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "MAKEFLAGS": ""},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Title: Internal dissent")
    assert "Tags: CSTO, Russia\n" in result.stdout


# --- furniture, bylines, credits, captions --------------------------------------------------

STORY = """Ports reopen after the storm

{widget}

Shipping resumed on Monday as winds eased along the coast

{byline}

Ports reopen after the storm

Cranes stand idle at the port of Valencia

The main ports on the coast reopened on Monday after three days of closure, the port said.

More than forty ships were waiting offshore to unload their cargo.

{credit}

Continue reading:
"""


def story(**parts: str) -> str:
    defaults = {
        "widget": "Spread the love",
        "byline": "By\n\nJane Roe",
        "credit": "(With information from AFP)",
    }
    return STORY.format(**{**defaults, **parts})


@pytest.mark.parametrize(
    "widget",
    [
        "Spread the love",
        "Share this:",
        "Share this article",
        "Share on Facebook Share on Twitter",
        "Facebook Twitter WhatsApp Telegram Email",
        "Click to share on X (Opens in new window)",
        "0 Shares",
        "Share",
    ],
)
def test_share_widgets_are_left_out(capsys, tmp_path: Path, widget: str) -> None:
    article = imported(capsys, tmp_path, story(widget=widget))
    assert widget not in article
    assert metadata(article)["Summary"].startswith("Shipping resumed")


def test_share_widget_reported_with_its_line(capsys, tmp_path: Path) -> None:
    raw = tmp_path / "story.txt"
    raw.write_text(story(widget="Share this: Facebook X"), encoding="utf-8")
    code, _out, err = run(capsys, raw, "--date", "2023-01-02", "--articles", tmp_path, "--dry-run")
    assert code == 0
    assert "line 3  Share this: Facebook X  (share widget)" in err


@pytest.mark.parametrize(
    ("byline", "author", "agency"),
    [
        ("By\n\nJane Roe", "Jane Roe", "AFP"),
        ("By Jane Roe", "Jane Roe", "AFP"),
        ("By: Jane Roe", "Jane Roe", "AFP"),
        ("By Jane Roe, Reuters", "Jane Roe", "Reuters"),
        ("BY\n\nMaría José de la Fuente", "María José de la Fuente", "AFP"),
    ],
)
def test_bylines(capsys, tmp_path: Path, byline: str, author: str, agency: str) -> None:
    article = imported(capsys, tmp_path, story(byline=byline))
    assert metadata(article)["Author"] == author
    assert metadata(article)["Agency"] == agency
    assert "By" not in body(article) and author not in body(article)


@pytest.mark.parametrize(
    ("credit", "agency"),
    [
        ("(With information from AFP)", "AFP"),
        ("With information from EFE", "EFE"),
        ("(With reporting by Reuters)", "Reuters"),
        ("(With AFP)", "AFP"),
        ("(With AFP and Reuters)", "AFP and Reuters"),
        ("Source: AFP", "AFP"),
        ("(Source: Europa Press)", "Europa Press"),
        ("(AFP)", "AFP"),
    ],
)
def test_credit_lines(capsys, tmp_path: Path, credit: str, agency: str) -> None:
    article = imported(capsys, tmp_path, story(byline="By Jane Roe", credit=credit))
    assert metadata(article)["Agency"] == agency
    assert body(article).endswith(f"{credit}\n{{: .credit }}\n")


def test_a_sentence_with_a_credit_phrase_stays_a_paragraph(capsys, tmp_path: Path) -> None:
    credit = "With information from the port, the ships left at dawn for Genoa and Marseille."
    article = imported(capsys, tmp_path, story(credit=credit))
    assert f"{credit}\n\n" in body(article) or body(article).endswith(f"{credit}\n")
    assert "{: .credit }" not in article and "Agency" not in metadata(article)


def test_captions_after_a_repeated_headline(capsys, tmp_path: Path) -> None:
    text = story().replace(
        "Cranes stand idle at the port of Valencia\n",
        "Cranes stand idle at the port of Valencia\n\nPhoto: José Jordan / AFP\n",
    )
    article = imported(capsys, tmp_path, text)
    for caption in ("Cranes stand idle at the port of Valencia", "Photo: José Jordan / AFP"):
        assert f"<figcaption>{caption}</figcaption>" in article
    assert article.count("Ports reopen after the storm") == 1  # the Title line only
    assert "<figcaption>The main ports" not in article


def test_a_repeated_headline_without_caption_keeps_the_paragraph(capsys, tmp_path: Path) -> None:
    text = story().replace("Cranes stand idle at the port of Valencia\n\n", "")
    long_first = "The main ports on the coast reopened on Monday after three days of closure"
    article = imported(
        capsys,
        tmp_path,
        text.replace("The main ports on the coast", long_first + ", and the ports", 1),
    )
    assert "<figcaption>" not in article


@pytest.mark.parametrize(
    "furniture",
    [
        "Read also: Storm closes ports along the coast",
        "READ MORE: Storm closes ports along the coast",
        "Read more:\n\nStorm closes ports along the coast",
        "See also - Storm closes ports along the coast",
        "Advertisement",
    ],
)
def test_links_to_other_articles_are_left_out(capsys, tmp_path: Path, furniture: str) -> None:
    text = story().replace("More than forty ships", f"{furniture}\n\nMore than forty ships")
    article = imported(capsys, tmp_path, text)
    assert "Storm closes" not in article and "Advertisement" not in article
    assert "More than forty ships were waiting" in article


def test_headlines_listed_after_continue_reading_are_left_out(capsys, tmp_path: Path) -> None:
    text = story() + "\nStorm closes ports along the coast\n\nFerry services resume in the north\n"
    article = imported(capsys, tmp_path, text)
    assert "Storm closes" not in article and "Ferry services" not in article
    assert "Continue reading" not in article


def test_text_after_continue_reading_that_is_article_text_is_kept(capsys, tmp_path: Path) -> None:
    more = "The authority said the backlog would take a week to clear, perhaps longer."
    article = imported(capsys, tmp_path, story() + f"\n{more}\n")
    assert more in article and "Continue reading" not in article


@pytest.mark.parametrize(
    "sentence",
    [
        "By the end of the day, twelve ships had docked.",
        "Read more about the storm in the authority's report, it said.",
        "Share prices of shipping firms rose on Monday.",
        "Facebook and Twitter users posted pictures of the waves.",
        "Continue reading the full statement, the minister told reporters.",
    ],
)
def test_sentences_that_look_like_furniture_are_kept(capsys, tmp_path: Path, sentence: str) -> None:
    text = story().replace("More than forty ships", f"{sentence}\n\nMore than forty ships")
    article = imported(capsys, tmp_path, text)
    assert f"\n\n{sentence}\n\n" in article


def test_body_keeps_fragments_verbatim(capsys, tmp_path: Path) -> None:
    fragment = "An article by the CTO < /b>provides that, told AFP b>. and Belarus< /b>,"
    text = story().replace("More than forty ships", f"{fragment}\n\nMore than forty ships")
    assert f"\n\n{fragment}\n\n" in imported(capsys, tmp_path, text)


def test_date_line_in_the_header_is_the_date(capsys, tmp_path: Path) -> None:
    raw = tmp_path / "story.txt"
    raw.write_text(story(byline="By Jane Roe\n\n24 November 2022"), encoding="utf-8")
    code, out, err = run(capsys, raw, "--articles", tmp_path / "a")
    assert code == 0, err
    article = next((tmp_path / "a").glob("*.md")).read_text(encoding="utf-8")
    assert metadata(article)["Date"] == "2022-11-24"
    assert "24 November 2022" not in body(article)


def test_date_from_the_file_name(capsys, tmp_path: Path) -> None:
    raw = tmp_path / "2021-06-30-ports.txt"
    raw.write_text(story(), encoding="utf-8")
    code, out, err = run(capsys, raw, "--articles", tmp_path / "a")
    assert code == 0, err
    assert "2021-06-30 (from the file name)" in out


def test_crossheads_become_headings_and_are_reported(capsys, tmp_path: Path) -> None:
    text = story().replace("More than forty ships", "A long wait\n\nMore than forty ships")
    article = imported(capsys, tmp_path, text)
    assert "\n\n## A long wait\n\n" in article


def test_without_byline_or_lead_photo_everything_is_body(capsys, tmp_path: Path) -> None:
    text = (
        "Ports reopen after the storm\n\nThe main ports reopened on Monday.\n\n"
        "Forty ships were waiting.\n"
    )
    article = imported(capsys, tmp_path, text)
    assert "Summary" not in metadata(article)
    assert body(article) == "The main ports reopened on Monday.\n\nForty ships were waiting.\n"


# --- Markdown syntax by accident ---------------------------------------------------------

ACCIDENTAL_SYNTAX = [
    "# 1 in the world, the port said.",
    "#MeToo spread to the docks.",
    "1. The first berth opened at dawn.",
    "2022. A year the port will remember.",
    "3) The third point.",
    "- Twelve ships, the officials said.",
    "+ more ships later.",
    "* The number is provisional.",
    "> The quote went on.",
    "---",
    "***",
    "```",
    "~~~ waves ~~~",
    "[1]: the footnote in the report",
    "[^1]: a footnote",
    "*[ILO]: the organisation",
    ": the definition",
    "{: .credit }",
    "The end of the line {: .credit }",
]


def render(text: str) -> BeautifulSoup:
    from pelicanconf import MARKDOWN

    md = markdown.Markdown(
        extensions=list(MARKDOWN["extension_configs"]),
        extension_configs=MARKDOWN["extension_configs"],
        output_format="html5",
    )
    return BeautifulSoup(md.convert(text), "html.parser")


def assert_stays_text(line: str) -> None:
    html = render(f"Before.\n\n{escape_line(line)}\n\nAfter.")
    paragraphs = [p.get_text() for p in html.find_all("p")]
    assert paragraphs == ["Before.", line.strip(), "After."], html
    assert [tag.name for tag in html.find_all(True)] == ["p", "p", "p"]


@pytest.mark.parametrize("line", ACCIDENTAL_SYNTAX)
def test_lines_that_look_like_markdown_stay_text(line: str) -> None:
    assert_stays_text(line)


@given(
    st.sampled_from(["#", "##", "1.", "12)", "-", "+", "*", ">", "[x]:", ":", "```", "~~~", "{"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=30),
)
def test_any_line_with_a_syntax_start_stays_text(start: str, rest: str) -> None:
    assert_stays_text(f"{start} Ships{rest}".strip())


def test_escaped_lines_are_reported(capsys, tmp_path: Path) -> None:
    raw = tmp_path / "story.txt"
    raw.write_text(story().replace("More than forty", "1. More than forty"), encoding="utf-8")
    code, out, _err = run(capsys, raw, "--date", "2023-01-02", "--articles", tmp_path / "a")
    assert code == 0
    assert re.search(r"escaped +line 17  '1\. More than forty", out)
    article = next((tmp_path / "a").glob("*.md")).read_text(encoding="utf-8")
    assert "\n1\\. More than forty ships" in article


def test_indented_lines_are_paragraphs_and_reported(capsys, tmp_path: Path) -> None:
    raw = tmp_path / "story.txt"
    raw.write_text(story().replace("More than forty", "    More than forty"), encoding="utf-8")
    code, out, _err = run(capsys, raw, "--date", "2023-01-02", "--articles", tmp_path / "a")
    assert code == 0
    assert "story.txt:17: indented" in out
    article = next((tmp_path / "a").glob("*.md")).read_text(encoding="utf-8")
    assert "\n\nMore than forty ships" in article
