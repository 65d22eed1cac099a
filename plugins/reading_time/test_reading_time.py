from bs4 import BeautifulSoup

from reading_time import reading_minutes, word_count
from reading_time.reading_time import WORD
from tests.sitecheck import ARTICLE_SLUG, ROOT


def test_counts_words_not_markup() -> None:
    html = (
        '<p>Russia’s <a href="x">allies</a> doubt it.</p>'
        "<figure><figcaption>A caption</figcaption></figure>"
    )
    assert word_count(html) == 6


def test_words_split_by_tags_stay_apart() -> None:
    assert word_count("<p>one</p><p>two</p>") == 2


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


def test_agrees_with_a_parser_on_the_real_article() -> None:
    page = BeautifulSoup(
        (ROOT / "output" / "articles" / f"{ARTICLE_SLUG}.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    body = page.find(class_="article-body")
    assert word_count(body.decode_contents()) == len(WORD.findall(body.get_text(" ")))
