import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsroom.plugins.reading_time import reading_minutes, word_count
from newsroom.plugins.reading_time.reading_time import WORD
from tests.payloads import PAYLOADS
from tests.sitecheck import ROOT, build


def test_counts_words_not_markup() -> None:
    html = (
        '<p>Russia’s <a href="x">allies</a> doubt it.</p>'
        "<figure><figcaption>A caption</figcaption></figure>"
    )
    assert word_count(html) == 6


def test_words_split_by_blocks_stay_apart_and_inline_tags_split_nothing() -> None:
    assert word_count("<p>one</p><p>two</p>") == 2
    assert word_count("<p>one<br>two</p>") == 2
    assert word_count("<p>bold<em>ly</em> go</p>") == 2


def test_reading_time_rounds_up() -> None:
    assert reading_minutes("word " * 230) == 1
    assert reading_minutes("word " * 231) == 2
    assert reading_minutes("word " * 10, words_per_minute=5) == 2


def test_empty_text_takes_no_time() -> None:
    assert word_count(None) == 0
    assert reading_minutes("") == 0


def test_entities_and_attributes_are_not_words() -> None:
    html = '<p title="not counted">caf&eacute; &amp; cr&egrave;me</p><br/><img alt="x" src="y">'
    assert word_count(html) == 2


def test_html_nobody_sanitised_counts_only_what_a_reader_sees() -> None:
    html = (
        '<p title="a > b c d">one two</p><!-- three four --><script>var five = 6;</script>'
        "<style>p { seven: 8 }</style><template>nine</template><p>ten</p>"
    )
    assert word_count(html) == 3


# A CDATA section outside SVG is a bogus comment to a browser, and each parser reads it its own way.
@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "<![CDATA[" not in p])
def test_agrees_with_a_browser_like_parser_on_hostile_html(payload: str) -> None:
    html = f"<p>Before {payload} after</p>"
    page = BeautifulSoup(html, "html.parser")
    for hidden in page.find_all(["script", "style", "template", "noscript", "title"]):
        hidden.decompose()
    assert word_count(html) == len(WORD.findall(page.get_text(" ")))


UNCLEANED = """Title: Not cleaned
Date: 2024-01-02
Slug: not-cleaned

One two <span title="x > y">three</span> four.

<!-- five six --> Seven <script>eight = "nine"</script>ten.

Eleven &amp; twelve, &lt;b&gt; thirteen.
"""


def test_the_count_is_right_for_content_nothing_cleaned(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    (content / "articles").mkdir()
    (content / "articles" / "not-cleaned.md").write_text(UNCLEANED, encoding="utf-8")
    result = build(
        tmp_path / "out", content, extra=["-e", 'PLUGINS=["newsroom.plugins.reading_time"]']
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "clean_markup" not in result.stdout
    page = (tmp_path / "out" / "articles" / "not-cleaned.html").read_text(encoding="utf-8")
    # One two three four Seven ten Eleven twelve b thirteen: `<b>` is shown as text.
    assert re.search(r"\b10 words\b", page), re.findall(r"\d+ words", page)


def test_agrees_with_a_parser_on_every_built_article() -> None:
    for path in sorted((ROOT / "output" / "articles").glob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        body = page.find(class_="article-body")
        assert word_count(body.decode_contents()) == len(WORD.findall(body.get_text(" "))), path
