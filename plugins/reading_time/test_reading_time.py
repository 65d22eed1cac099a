from plugins.reading_time import reading_minutes, word_count


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
