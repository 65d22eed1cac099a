"""The HTML level: real markup and code stay, strays become text and go, danger goes."""

import markdown
import pytest

from clean_markup.sanitize import (
    Cleaned,
    clean_html,
    clean_title,
    is_plainly_safe,
    prepare,
    sanitise,
    sanitise_html,
)


def render(source: str) -> str:
    return markdown.Markdown(
        extensions=["markdown.extensions.extra"], output_format="html5"
    ).convert(source)


def test_real_markup_stays_elements() -> None:
    html = render(
        "Some <b>bold</b>, *em*, a [link](https://example.org/) and `<b>` in code.\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        '<figure class="photo-unavailable"><figcaption>A caption</figcaption></figure>\n\n'
        "Note[^1].\n\n[^1]: A footnote.\n"
    )
    cleaned = clean_html(html, "en")
    assert not cleaned.fragments and not cleaned.warnings
    for kept in (
        "<b>bold</b>",
        "<em>em</em>",
        '<a href="https://example.org/">link</a>',
        "<code>&lt;b&gt;</code>",
        '<td style="text-align:left">1</td>',
        '<figure class="photo-unavailable"><figcaption>A caption</figcaption></figure>',
        'href="#fn:1"',
    ):
        assert kept in cleaned.html


def test_code_is_never_touched() -> None:
    html = render("`x </b>y` and\n\n    <b>told AFP b>. ,\n\n<kbd>a </b>b</kbd> <samp>c b>.</samp>")
    cleaned = clean_html(html, "en")
    # The stray </b> in <kbd> is real markup closing nothing: it is shown as the text it was.
    assert cleaned.html == html.replace("<kbd>a </b>b", "<kbd>a &lt;/b&gt;b")
    assert not cleaned.fragments and not cleaned.gaps


def test_stray_real_tags_are_fragments() -> None:
    cleaned = clean_html(render("told AFP</b>. Then <b>bold</b> and <i>open.\n\nNext."), "en")
    assert cleaned.html == "<p>told AFP. Then <b>bold</b> and open.</p>\n<p>Next.</p>"
    assert cleaned.fragments == ["</b>", "<i>"]


def test_tag_shaped_words_stay_text() -> None:
    cleaned = clean_html(render("C++ <vector> and &lt;joe@example.com&gt; here"), "en")
    assert "C++ &lt;vector&gt; and &lt;joe@example.com&gt; here" in cleaned.html


def test_internal_links_survive_for_pelican() -> None:
    html = render("[a]({filename}/other.md) ![i]({static}/i.png) [b](|filename|x.md)")
    cleaned = clean_html(html, "en").html
    assert 'href="{filename}/other.md"' in cleaned
    assert 'src="{static}/i.png"' in cleaned
    assert 'href="|filename|x.md"' in cleaned


@pytest.mark.parametrize(
    ("source", "gone"),
    [
        ("a <script>alert(1)</script> b", ["<script", "alert(1)"]),
        ('<img src="x.png" onerror="alert(1)">', ["onerror", "alert"]),
        ('[x](javascript:alert(1)) <a href=" JaVaScRiPt:alert(2)">y</a>', ["javascript", "alert"]),
        ('<iframe src="https://evil.example/"></iframe>', ["<iframe", "evil"]),
        ('<object data="x.swf"></object><embed src="x.swf">', ["<object", "<embed", "x.swf"]),
        ("<style>body{display:none}</style> text", ["<style", "display"]),
        ('<p style="position:fixed" onclick="x()">t</p>', ["position", "onclick"]),
    ],
)
def test_dangerous_markup_is_removed_with_a_warning(source: str, gone: list[str]) -> None:
    cleaned = clean_html(render(source), "en")
    for text in gone:
        assert text.lower() not in cleaned.html.lower()
    if "style=" not in source:
        assert cleaned.warnings


def test_titles_are_plain_escaped_text() -> None:
    assert clean_title("Putin < /b>and NATO", "en").html == "Putin and NATO"
    assert clean_title("AT&T <b>wins</b> a < b", "en").html == "AT&amp;T wins a &lt; b"
    evil = clean_title('Hi <script>alert(1)</script><img src=x onerror="alert(2)">', "en")
    assert "<" not in evil.html and "alert" not in evil.html
    assert evil.warnings


def test_html_cleaning_is_idempotent() -> None:
    html = render("CTO < /b>provides , “ x ” <b>bold</b> a\u00a0b &amp; <script>x</script>")
    once = clean_html(html, "en").html
    again = clean_html(once, "en")
    assert again.html == once
    assert not again.fragments and not again.gaps and not again.warnings


def test_a_fragment_escaped_twice_is_removed_even_alone() -> None:
    # Nothing else in the article asks for a text pass: the check must still see it.
    cleaned = clean_html("<p>told &amp;lt;b&amp;gt;AFP&amp;lt;/b&amp;gt; so</p>", "en")
    assert cleaned.html == "<p>told AFP so</p>"
    assert cleaned.fragments == ["&lt;b&gt;", "&lt;/b&gt;"]


@pytest.mark.parametrize(
    "source",
    [
        '<p class="credit">AFP</p>',
        '<figure class="photo-unavailable"><figcaption>A caption</figcaption></figure>',
        '<p class="a b-c d_1">x</p><p>y &amp; z</p>',
        '<p class="credit">AFP</p class="x">',
        '<p class="credit" id="x">AFP</p>',
        "<p class='credit'>AFP</p>",
        '<p class="a  b">x</p>',
        '<p class="">x</p>',
        '<p class="x"><script class="y">alert(1)</script></p>',
        '<p class="x">open',
    ],
)
def test_the_fast_path_only_skips_what_nh3_would_keep_as_is(source: str) -> None:
    if is_plainly_safe(source):
        assert sanitise(source) == source
    assert sanitise_html(source).html == sanitise(prepare(source, Cleaned(source)))
