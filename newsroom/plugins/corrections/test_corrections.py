"""Corrections as a reader and a search engine see them: on the article, newest first; in its
JSON-LD; on the site's corrections page and, published, in its feed; and the article updated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.payloads import PAYLOADS
from tests.sitecheck import ARTICLE_SLUG, ROOT, build, soup

SLUG = ARTICLE_SLUG
FIRST = "An earlier version gave the wrong date for the summit in Yerevan."
SECOND = "An earlier version misspelt the name of the Kazakh foreign minister."


def corrected_site(tmp_path: Path, *lines: str) -> Path:
    """The project's content with these metadata lines added to its article."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    article = content / "articles" / f"{SLUG}.md"
    head, body = article.read_text(encoding="utf-8").split("\n\n", 1)
    article.write_text("\n".join([head, *lines]) + "\n\n" + body, encoding="utf-8")
    return content


def built(tmp_path: Path, content: Path, settings: str = "pelicanconf.py") -> Path:
    output = tmp_path / "output"
    env = {"SITEURL": "https://news.example/site"} if settings == "publishconf.py" else None
    result = build(output, content, settings=settings, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def json_ld(page: Path) -> dict:
    return json.loads(soup(page).find("script", type="application/ld+json").string)


def test_a_corrected_article_shows_its_corrections_newest_first_and_counts_as_updated(
    tmp_path: Path,
) -> None:
    content = corrected_site(
        tmp_path, f"Correction: 2022-11-25 {FIRST}", f"Correction: 2022-11-27 {SECOND}"
    )
    output = built(tmp_path, content)
    page = output / "articles" / f"{SLUG}.html"
    box = soup(page).find(id="corrections")
    items = box.find_all("li")
    assert [item.get_text(" ", strip=True) for item in items] == [
        f"27 November 2022 : {SECOND}",
        f"25 November 2022 : {FIRST}",
    ]
    assert [item["id"] for item in items] == ["correction-2", "correction-1"]
    assert box.find("a", string="Every correction we have made")["href"] == "../corrections.html"
    updated = soup(page).select_one(".dateline .updated")
    assert updated.get_text(" ", strip=True) == "Updated 27 November 2022"  # a day: no time
    data = json_ld(page)
    assert data["dateModified"] == "2022-11-27T00:00:00+00:00"
    assert data["correction"] == [
        {"@type": "CorrectionComment", "datePublished": "2022-11-27", "text": SECOND},
        {"@type": "CorrectionComment", "datePublished": "2022-11-25", "text": FIRST},
    ]
    log = soup(output / "corrections.html").select(".correction-log li")
    assert [item.a["href"] for item in log] == [
        f"./articles/{SLUG}.html#correction-2",
        f"./articles/{SLUG}.html#correction-1",
    ]
    assert [item.p.get_text() for item in log] == [SECOND, FIRST]


def test_an_update_shows_its_time_and_a_later_correction_moves_it(tmp_path: Path) -> None:
    output = built(tmp_path, corrected_site(tmp_path, "Modified: 2022-11-26 14:30"))
    page = output / "articles" / f"{SLUG}.html"
    updated = soup(page).select_one(".dateline .updated")
    assert updated.get_text(" ", strip=True) == "Updated 26 November 2022, 14:30 UTC"
    assert updated.time["datetime"] == "2022-11-26T14:30:00+00:00"
    assert json_ld(page)["dateModified"] == "2022-11-26T14:30:00+00:00"
    assert soup(page).find(id="corrections") is None
    # Lists keep the publication date.
    assert "26 November 2022" not in (output / "index.html").read_text(encoding="utf-8")

    shutil.rmtree(tmp_path / "content")
    shutil.rmtree(output)
    content = corrected_site(
        tmp_path, "Modified: 2022-11-26 14:30", f"Correction: 2022-11-26 {FIRST}"
    )
    page = built(tmp_path, content) / "articles" / f"{SLUG}.html"
    assert json_ld(page)["dateModified"] == "2022-11-26T14:30:00+00:00"  # same day: kept


def test_the_published_site_has_a_corrections_feed(tmp_path: Path) -> None:
    content = corrected_site(
        tmp_path, f"Correction: 2022-11-25 {FIRST}", f"Correction: 2022-11-27 {SECOND}"
    )
    output = built(tmp_path, content, "publishconf.py")
    feed = ElementTree.parse(output / "feeds" / "corrections.atom.xml").getroot()
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", atom)
    assert [entry.find("a:link", atom).get("href") for entry in entries] == [
        f"https://news.example/site/articles/{SLUG}.html#correction-2",
        f"https://news.example/site/articles/{SLUG}.html#correction-1",
    ]
    assert entries[0].find("a:title", atom).text.startswith("Correction: Internal dissent")
    ids = [entry.find("a:id", atom).text for entry in entries]
    assert len(set(ids)) == 2
    page = soup(output / "corrections.html")
    feeds = [link["href"] for link in page.find_all("link", type="application/atom+xml")]
    assert "./feeds/corrections.atom.xml" in feeds


def test_an_uncorrected_site_says_so(tmp_path: Path) -> None:
    output = built(tmp_path, corrected_site(tmp_path))
    page = soup(output / "corrections.html")
    assert "No article has been corrected." in page.get_text()
    assert soup(output / "articles" / f"{SLUG}.html").find(id="corrections") is None


@pytest.mark.parametrize("payload", PAYLOADS[::7])
def test_a_hostile_correction_is_text(tmp_path: Path, payload: str) -> None:
    text = " ".join(payload.split()) or "x"
    output = built(tmp_path, corrected_site(tmp_path, f"Correction: 2022-11-25 {text}"))
    for page in (output / "articles" / f"{SLUG}.html", output / "corrections.html"):
        tree = soup(page)
        shown = tree.select_one("#corrections li, .correction-log p")
        assert text in shown.get_text()
        assert not shown.find_all(lambda tag: tag.name not in ("time", "p", "a"))
    assert json_ld(output / "articles" / f"{SLUG}.html")["correction"][0]["text"] == text


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("Correction: An earlier version erred.", "does not start with a date"),
        ("Correction: 2022-11-23 Too early.", "before the article's date"),
        ("Correction: 2022-11-25", "says nothing"),
        ("Correction: 2022-13-01 No such month.", "is not a real date"),
    ],
)
def test_a_bad_correction_stops_the_build_at_its_line(tmp_path: Path, line: str, says: str) -> None:
    content = corrected_site(tmp_path, line)
    result = build(tmp_path / "output", content, env={"COLUMNS": "1000"})
    assert result.returncode != 0
    source = (content / "articles" / f"{SLUG}.md").read_text(encoding="utf-8")
    number = source.splitlines().index(line) + 1
    assert f"articles/{SLUG}.md:{number}: Correction: " in result.stdout + result.stderr
    assert says in result.stdout + result.stderr
