"""Each fragment shape goes, each trap that only looks like markup stays."""

import pytest

from clean_markup.fragments import clean_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the CTO </b>provides", "the CTO provides"),
        ("the CTO <b>provides", "the CTO provides"),
        ("An article by the CTO < /b>provides that", "An article by the CTO provides that"),
        ("the CTO < b >provides", "the CTO provides"),
        ("the CTO </ b>provides", "the CTO provides"),
        ("told AFP b>.", "told AFP."),
        ("told AFP /b>.", "told AFP."),
        ("Armenia and Belarus< /b>, are", "Armenia and Belarus, are"),
        ("Armenia and Belarus/b>, are", "Armenia and Belarus, are"),
        ("told AFPb>.", "told AFP."),
        ("the <bCTO said", "the CTO said"),
        ("the <b CTO said", "the CTO said"),
        ("the CTO</B>provides", "the CTO provides"),
        ("the <STRONG>CTO</STRONG> said", "the CTO said"),
        ('a <a href="https://x.org/?a=1&b=2">link</a> here', "a link here"),
        ('a <span class="x">word</span> here', "a word here"),
        ('a <font face="Arial" size=2>word</font> here', "a word here"),
        ("a &lt;/b&gt; here", "a here"),
        ("a &lt;b&gt;word here", "a word here"),
        ("one<br/>two <br> three", "one two three"),
        ("<p>one</p><div>two</div> <h2>three</h2><li>four", "one two three four"),
        ("<em>a</em> <i>b</i> <u>c</u>", "a b c"),
    ],
)
def test_fragment_shapes_are_removed(text: str, expected: str) -> None:
    assert clean_text(text, "en").text == expected


def test_double_escaped_fragments_are_removed_once_parsed() -> None:
    # `&amp;lt;b&amp;gt;` in the HTML is the text `&lt;b&gt;`.
    assert clean_text("told &lt;b&gt;AFP&lt;/b&gt; so", "en").text == "told AFP so"


@pytest.mark.parametrize(
    "text",
    [
        "if a < b then",
        "x > y",
        "I <3 NY",
        "a -> b => c",
        "5 <10",
        "write to <joe@example.com> today",
        "C++ <vector> in prose",
        "<o:p> is Word's",
        "Wednesday.he assured",
        "version .5 and .NET",
        "wait ... what",
    ],
)
def test_what_only_looks_like_markup_stays(text: str) -> None:
    result = clean_text(text, "en")
    assert result.text == text
    assert not result.fragments


@pytest.mark.parametrize("text", ["for i> 0", "if a <b and c", "the Jacsub> said"])
def test_doubtful_shapes_are_kept_with_a_warning(text: str) -> None:
    result = clean_text(text, "en")
    assert result.text == text
    assert result.warnings and text.split()[1] in result.warnings[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The president of Russia , Vladimir Putin", "The president of Russia, Vladimir Putin"),
        ("this means “ enormous damage ”", "this means “enormous damage”"),
        ("( in brackets ) and [ here ]", "(in brackets) and [here]"),
        ("Really ? Yes ! Note : this ; that .", "Really? Yes! Note: this; that."),
    ],
)
def test_gaps_are_repaired_in_english(text: str, expected: str) -> None:
    assert clean_text(text, "en").text == expected


def test_french_keeps_its_spaces() -> None:
    text = "Il a dit : « non » ; vraiment ? Oui !"
    assert clean_text(text, "fr").text == text
    assert clean_text("Il a dit </b>: « non » , puis", "fr").text == "Il a dit : « non », puis"
    assert clean_text("Il a dit\u00a0: «\u00a0non\u00a0»", "fr-CA").text == (
        "Il a dit\u00a0: «\u00a0non\u00a0»"
    )


def test_unicode_is_kept_as_is() -> None:
    text = "Пашинян </b>заявил — «Երևան» “ok” café\u00a010 km"
    assert clean_text(text, "ru").text == "Пашинян заявил — «Երևան» “ok” café\u00a010 km"


def test_cleaning_is_idempotent() -> None:
    once = clean_text("the CTO < /b>provides , told AFP b>. “ x", "en").text
    assert clean_text(once, "en").text == once
