"""`make import` takes MODIFIED= and CORRECTION=: checked like every value, written as the build
reads them, and an article replaced with FORCE=1 keeps the corrections already published."""

from __future__ import annotations

from pathlib import Path

from tests.sitecheck import ARTICLE_SLUG, RAW_ARTICLE, ROOT
from tests.test_import import run

COMMITTED = ROOT / "content" / "articles" / f"{ARTICLE_SLUG}.md"
FIX = "2022-11-25 An earlier version misnamed the Armenian prime minister."


def corrections(article: Path) -> list[str]:
    head = article.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return [line for line in head.splitlines() if line.startswith(("Correction:", "Modified:"))]


def test_a_raw_text_imported_with_an_update_and_a_correction(capsys, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    code, out, err = run(
        capsys, RAW_ARTICLE, "--articles", articles, "--date", "2022-11-24",
        "--modified", "2022-11-25 09:30", "--correction", FIX,
    )  # fmt: skip
    assert code == 0, err
    assert corrections(articles / f"{ARTICLE_SLUG}.md") == [
        "Modified: 2022-11-25 09:30",
        f"Correction: {FIX}",
    ]


def test_a_markdown_article_gets_its_correction_and_a_replacement_keeps_it(
    capsys, tmp_path: Path
) -> None:
    articles = tmp_path / "articles"
    code, _out, err = run(capsys, COMMITTED, "--articles", articles, "--correction", FIX)
    assert code == 0, err
    written = articles / f"{ARTICLE_SLUG}.md"
    assert corrections(written) == [f"Correction: {FIX}"]
    later = "2022-11-28 The photo caption gave the wrong city."
    code, out, err = run(
        capsys, RAW_ARTICLE, "--articles", articles, "--date", "2022-11-24", "--force",
        "--correction", later,
    )  # fmt: skip
    assert code == 0, err
    assert corrections(written) == [f"Correction: {later}", f"Correction: {FIX}"]


def test_a_bad_correction_or_update_is_refused_and_nothing_written(capsys, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    for options, says in (
        (["--correction", "2022-11-20 Before the story."], "before the article's date"),
        (["--correction", "2022-11-26"], "says nothing"),
        (["--correction", "yesterday We erred."], "does not start with a date"),
        (["--modified", "26/11/2022"], "--modified: '26/11/2022' is not a date"),
    ):
        code, _out, err = run(
            capsys, RAW_ARTICLE, "--articles", articles, "--date", "2022-11-24", *options
        )
        assert code != 0 and says in err and "nothing written" in err, err
        assert not articles.exists() or not list(articles.glob("*.md"))
