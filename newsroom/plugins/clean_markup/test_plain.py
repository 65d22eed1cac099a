"""The plain-text attributes every article and page gets, and the record that survives the
content cache: one content object at a time, as Pelican makes it."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime

import pytest
from pelican.contents import Article, Page, Static
from pelican.settings import DEFAULT_CONFIG

from newsroom.plugins.clean_markup.clean_markup import RECORD, clean_content, fatal_warnings
from newsroom.plugins.clean_markup.plain import shorten

BODY = (
    '<figure class="photo-unavailable"><figcaption>A caption , first</figcaption></figure>\n'
    "<p>Told AFP b>. The <em>CTO</em> &lt; /b&gt;provides that, when one of the member "
    "countries suffers aggression, the rest intervene to defend it, a logic similar to that "
    "established by NATO. However, despite its repeated requests, Armenia did not receive aid "
    "from its allies.</p>"
)


def make(kind: type, metadata: dict[str, object], body: str = BODY) -> Article:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    metadata = {"date": datetime(2022, 11, 24), **metadata}
    return kind(body, metadata=metadata, settings=settings, source_path="articles/x.md")


def test_an_article_with_a_summary() -> None:
    article = make(
        Article,
        {
            "title": "Putin &amp; <b>NATO</b> < /b>talk",
            "summary": "<p>The &amp;quot;standfirst&amp;quot; , <i>here</i> b>.</p>",
        },
    )
    clean_content(article)
    assert article.plain_title == "Putin & NATO talk"
    assert article.title == "Putin &amp; NATO talk"
    assert article.plain_summary == 'The "standfirst", here.'
    assert article.plain_description == article.plain_summary
    assert "b&gt;" not in article.content and "Told AFP." in article.content


def test_without_a_summary_the_description_is_the_opening_of_the_text() -> None:
    page = make(Page, {"title": "About"})
    clean_content(page)
    assert page.plain_summary == ""
    assert page.plain_description.startswith("Told AFP. The CTO provides that, when one")
    assert "caption" not in page.plain_description  # a caption is not the opening
    assert len(page.plain_description) <= 200 and page.plain_description.endswith("…")
    assert page.plain_description[:-1] == page.plain_description[:-1].rstrip()


def test_other_content_is_left_alone() -> None:
    static = make(Static, {"title": "x"}, body="")
    clean_content(static)
    assert not hasattr(static, "plain_title") and not hasattr(static, RECORD)


def test_the_record_survives_pickling_as_in_the_content_cache() -> None:
    article = make(Article, {"title": "A <script>x</script> title"})
    clean_content(article)
    again = pickle.loads(pickle.dumps(article))
    record = getattr(again, RECORD)
    assert record.fragments == 2 and record.warnings == ["title: removed the <script> element"]
    assert again.plain_title == "A title"
    clean_content(again)  # a cached object is not cleaned twice
    assert getattr(again, RECORD).fragments == 2


@pytest.mark.parametrize("text", ["short", "word " * 50, "x" * 250, "a" * 150 + " " + "b" * 100])
def test_shorten_cuts_between_words(text: str) -> None:
    text = text.strip()
    short = shorten(text)
    assert len(short) <= 200
    if len(text) <= 200:
        assert short == text
    else:
        assert short.endswith("…") and text.startswith(short[:-1])
        kept = short[:-1]
        assert text[len(kept)] == " " or " " not in text[:200]


@pytest.mark.parametrize(
    ("setting", "ci", "strict"),
    [(None, "", False), (None, "true", True), (False, "true", False), (True, "", True)],
)
def test_strict_mode_is_decided_here(
    setting: bool | None, ci: str, strict: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", ci)
    settings = {} if setting is None else {"CLEAN_MARKUP_FATAL_WARNINGS": setting}
    assert fatal_warnings(settings) is strict
