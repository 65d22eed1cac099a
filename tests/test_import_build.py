"""An imported article builds with the site's settings and reads cleanly."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsroom.importer.cli import main
from tests.buildsite import run_build
from tests.sitecheck import ARTICLE_SLUG, RAW_ARTICLE, ROOT, build, raw_article_paragraphs, soup
from tests.sitecheck import words as words_of
from tests.test_import_inputs import PAGE

TITLE = (
    "Internal dissent in the military alliance led by Russia puts distance between Putin "
    "and his closest countries"
)


def test_imported_articles_build_and_read_cleanly(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    articles = content / "articles"
    page = tmp_path / "ports.html"
    page.write_text(PAGE, encoding="utf-8")
    for args in (
        [str(RAW_ARTICLE), "--date", "2022-11-24", "--tags", "CSTO, Russia"],
        [str(page)],
    ):
        assert main([*args, "--articles", str(articles)]) == 0
    result = build(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stdout + result.stderr

    article = soup(tmp_path / "out" / "articles" / f"{ARTICLE_SLUG}.html")
    main_text = article.find("main").get_text(" ")
    assert article.find("h1").get_text(strip=True) == TITLE
    assert main_text.count(TITLE) == 1
    assert "Didier Lauras" in article.find(class_="byline").get_text()
    assert [fig.get_text(strip=True) for fig in article.select("figure.photo-unavailable")] == [
        "The president of Russia, Vladimir Putin",  # the gap a removed tag left, repaired
        "Belarusian dictator Alexander Lukashenko, Uzbek President Shavkat Mirziyoyev, Russian "
        "President Vladimir Putin and Armenian Prime Minister Nikol Pashinyan",
    ]
    assert article.find("h2", string="“Dislocation”") is not None
    assert article.find(class_="credit").get_text(strip=True) == "(With information from AFP)"
    for furniture in ("Spread the love", "Continue reading"):
        assert furniture not in main_text
    for fragment in ("< /b>", "b>", "</b>"):  # the build cleaned what the import kept verbatim
        assert fragment not in main_text
    page_words = words_of(main_text)
    for paragraph in raw_article_paragraphs():  # every word of the article, in order
        expected = words_of(paragraph)
        assert any(page_words[i : i + len(expected)] == expected for i in range(len(page_words))), (
            paragraph[:60]
        )

    ports = soup(tmp_path / "out" / "articles" / "ports-reopen-after-the-storm.html")
    assert ports.find("h1").get_text(strip=True) == "Ports reopen after the storm"
    assert "Jane Roe" in ports.find(class_="byline").get_text()
    assert ports.find("h2", string="Backlog") is not None
    assert "1. This line starts like a list" in ports.find("main").get_text()
    assert ports.find("main").find("ol") is None


WARNED = """A story an editor must look at

The CTO <img src="x.png" alt="Putin in Minsk"> said it, and the CTO &lt; /b&gt;provides that.

Told AFP b>. Then `a < b` and Vec<T> stay, and <span class="x">words</span> go.

And <svg><circle r="1"/></svg> a drawing.
"""


def test_the_import_lists_the_warnings_the_build_gives_in_the_same_words(
    tmp_path: Path, capsys
) -> None:
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    raw = tmp_path / "story.txt"
    raw.write_text(WARNED, encoding="utf-8")
    assert main([str(raw), "--date", "2023-01-02", "--articles", str(content / "articles")]) == 0
    report = capsys.readouterr().out
    listed = [line.strip() for line in report.splitlines() if line.strip().startswith("warning:")]
    result = run_build(content, tmp_path / "out")  # strict: it stops on them, having said them
    logged = [line for line in result.stderr.splitlines() if line.startswith("warning: articles/")]
    assert len(listed) >= 3 and listed == logged, (report, result.stderr)
