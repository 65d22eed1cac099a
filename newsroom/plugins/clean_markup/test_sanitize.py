"""The HTML level: real markup and code stay, strays become text and go, danger goes, and every
warning says what really happened."""

import html
import re

import markdown
import pytest

from newsroom.plugins.clean_markup import clean_html, clean_title
from newsroom.plugins.clean_markup.markup import escape_text
from newsroom.plugins.clean_markup.sanitize import sanitise, url_problem
from newsroom.plugins.clean_markup.test_fragments import ANGLE_BRACKET_PROSE
from tests.payloads import PAYLOADS, active_markup


def render(source: str) -> str:
    return markdown.Markdown(
        extensions=["markdown.extensions.extra"], output_format="html5"
    ).convert(source)


def test_real_markup_stays_elements() -> None:
    cleaned = clean_html(
        render(
            "Some <b>bold</b>, *em*, a [link](https://example.org/) and `<b>` in code.\n\n"
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
            '<figure class="photo-unavailable"><figcaption>A caption</figcaption></figure>\n\n'
            "(With information from AFP)\n{: .credit }\n\n"
            "Note[^1].\n\n[^1]: A footnote.\n"
        ),
        "en",
    )
    assert not cleaned.fragments and not cleaned.warnings
    for kept in (
        "<b>bold</b>",
        "<em>em</em>",
        '<a href="https://example.org/">link</a>',
        "<code>&lt;b&gt;</code>",
        '<td class="align-left">1</td>',
        '<figure class="photo-unavailable"><figcaption>A caption</figcaption></figure>',
        '<p class="credit">(With information from AFP)</p>',
        'href="#fn:1"',
        'id="fn:1"',
    ):
        assert kept in cleaned.html


def test_code_is_never_touched() -> None:
    source = render(
        "`x </b>y &amp;quot;` and\n\n    <b>told AFP b>. ,\n\n<kbd>a </b>b</kbd> <samp>c b>.</samp>"
    )
    cleaned = clean_html(source, "en")
    # The stray </b> in <kbd> is real markup closing nothing: it is shown as the text it was.
    assert cleaned.html == source.replace("<kbd>a </b>b", "<kbd>a &lt;/b&gt;b")
    assert not cleaned.fragments and not cleaned.gaps


def test_stray_real_tags_are_fragments() -> None:
    cleaned = clean_html(render("told AFP</b>. Then <b>bold</b> and <i>open.\n\nNext."), "en")
    assert cleaned.html == "<p>told AFP. Then <b>bold</b> and open.</p>\n<p>Next.</p>"
    assert cleaned.fragments == ["</b>", "<i>"]


def test_tag_shaped_words_stay_text() -> None:
    cleaned = clean_html(render("C++ <vector> and &lt;joe@example.com&gt; here"), "en")
    assert "C++ &lt;vector&gt; and &lt;joe@example.com&gt; here" in cleaned.html
    assert not cleaned.fragments


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("told &amp;quot;AFP&amp;quot; and caf&amp;eacute;", 'told "AFP" and café'),
        ("a&amp;nbsp;b and a &nbsp; literal", "a\u00a0b and a \u00a0 literal"),
        ("the vote.&amp;lt;/i&amp;gt;Turnout", "the vote. Turnout"),
        ("spoke.&amp;lt;span class=&amp;quot;x&amp;quot;&amp;gt;Then", "spoke. Then"),
        ("told &amp;amp;lt;b&amp;amp;gt;AFP so", "told AFP so"),  # escaped three times
        ("AT&amp;T and &amp;notanentity; stay", "AT&T and &notanentity; stay"),
    ],
)
def test_text_escaped_twice_is_read_as_its_characters(source: str, text: str) -> None:
    cleaned = clean_html(f"<p>{source}</p>", "en")
    assert cleaned.html == f"<p>{escape_text(text)}</p>"


def test_internal_links_survive_for_pelican() -> None:
    cleaned = clean_html(
        render("[a]({filename}/other.md) ![i]({static}/i.png) [b](|filename|x.md)")
    )
    assert 'href="{filename}/other.md"' in cleaned.html
    assert 'src="{static}/i.png"' in cleaned.html
    assert 'href="|filename|x.md"' in cleaned.html


@pytest.mark.parametrize(
    ("source", "gone"),
    [
        ("a <script>alert(1)</script> b", ["<script", "alert(1)"]),
        ('<img src="x.png" onerror="alert(1)">', ["onerror", "alert"]),
        ('[x](javascript:alert(1)) <a href=" JaVaScRiPt:alert(2)">y</a>', ["javascript", "alert"]),
        ('<iframe src="https://evil.example/"></iframe>', ["<iframe", "evil"]),
        ('<object data="x.swf"></object><embed src="x.swf">', ["<object", "<embed", "x.swf"]),
        ("<style>body{display:none}</style> text", ["<style", "display"]),
        ('<q cite="javascript:alert(1)">q</q>', ["javascript", "alert"]),
        ('<blockquote cite="vbscript:x">b</blockquote>', ["vbscript"]),
        ('<del cite="data:text/html,x">d</del>', ["data:"]),
    ],
)
def test_dangerous_markup_is_removed_with_a_warning(source: str, gone: list[str]) -> None:
    cleaned = clean_html(render(source), "en")
    for text in gone:
        assert text.lower() not in cleaned.html.lower()
    assert cleaned.warnings


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://x.org/a", None),
        ("http://x.org", None),
        ("mailto:a@x.org", None),
        ("tel:+331", None),
        ("../a.html#b", None),
        ("{filename}/a.md", None),
        ("#fn:1", None),
        ("javascript:alert(1)", "javascript:"),
        (" JaVaScRiPt:alert(1)", "javascript:"),
        ("java\tscript:alert(1)", "javascript:"),
        ("\x01javascript:x", "javascript:"),
        ("vbscript:x", "vbscript:"),
        ("data:text/html,x", "data:"),
        ("file:///etc/passwd", "file:"),
    ],
)
def test_one_rule_for_every_url(url: str, problem: str | None) -> None:
    assert url_problem(url) == problem


@pytest.mark.parametrize("attribute", ["href", "cite"])
@pytest.mark.parametrize(
    "value",
    ["javascript:alert(1)", "&#106;avascript:alert(1)", "java&#9;script:x", "data:x", "https://ok"],
)
def test_a_url_warning_is_true_and_nothing_is_removed_silently(attribute: str, value: str) -> None:
    element = "a" if attribute == "href" else "q"
    cleaned = clean_html(f'<p><{element} {attribute}="{value}">x</{element}></p>', "en")
    kept = f"{attribute}=" in cleaned.html
    warned = any(f"URL in {attribute}=" in warning for warning in cleaned.warnings)
    assert kept != warned, (cleaned.html, cleaned.warnings)
    assert kept == (value == "https://ok")


def test_an_image_from_another_host_becomes_a_link_to_it() -> None:
    cleaned = clean_html(
        '<p>See <img src="https://tracker.example/p.gif" alt="the chart"> and '
        '<img src="//cdn.example/x.png"> and <img src="{static}/ours.png" alt="ours"></p>'
    )
    assert '<a href="https://tracker.example/p.gif">the chart</a>' in cleaned.html
    assert '<a href="//cdn.example/x.png">//cdn.example/x.png</a>' in cleaned.html
    assert '<img src="{static}/ours.png" alt="ours">' in cleaned.html
    assert cleaned.warnings == [
        "replaced the image from tracker.example with a link to it: https://tracker.example/p.gif",
        "replaced the image from cdn.example with a link to it: //cdn.example/x.png",
    ]
    assert active_markup(cleaned.html) == []


def test_ids_and_unknown_classes_from_an_article_are_dropped() -> None:
    cleaned = clean_html(
        '<div id="main" class="site-header"><p class="credit lede" id="x">AFP</p>'
        '<figure class="photo-unavailable credit"><figcaption>c</figcaption></figure></div>'
    )
    assert cleaned.html == (
        '<div><p class="credit">AFP</p><figure class="photo-unavailable">'
        "<figcaption>c</figcaption></figure></div>"
    )
    assert any("id=" in note for note in cleaned.notes)
    assert any("site-header" in note for note in cleaned.notes)


def test_a_table_column_keeps_its_alignment_as_a_class_not_a_style() -> None:
    """The pages allow no style attribute (their Content-Security-Policy): Markdown's aligned
    columns become the classes the theme styles, and any other style is dropped, with a note."""
    cleaned = clean_html(
        render("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |")
        + '<table><tr><td style="TEXT-ALIGN: Right" class="big" title="a&quot;b">5</td>'
        '<td style="text-align: justify">6</td><th style="color: red">7</th></tr></table>'
    )
    assert "style=" not in cleaned.html
    cells = re.findall(r"<(t[dh])([^>]*)>(\w)<", cleaned.html)
    assert cells == [
        ("th", ' class="align-left"', "a"),
        ("th", ' class="align-center"', "b"),
        ("th", ' class="align-right"', "c"),
        ("th", "", "d"),
        ("td", ' class="align-left"', "1"),
        ("td", ' class="align-center"', "2"),
        ("td", ' class="align-right"', "3"),
        ("td", "", "4"),
        ("td", ' class="align-right" title="a&quot;b"', "5"),
        ("td", "", "6"),
        ("th", "", "7"),
    ]
    assert cleaned.notes == [
        "dropped the class big of <td>",
        "dropped the attribute style= of <td>",
        "dropped the attribute style= of <th>",
    ]
    assert clean_html(cleaned.html).html == cleaned.html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_stays_active_in_a_body(payload: str) -> None:
    for source in (payload, render(payload), render(f"Text {payload} more text.")):
        cleaned = clean_html(source, "en")
        assert active_markup(cleaned.html) == [], (source, cleaned.html)
        assert active_markup(f"<div>{cleaned.html}</div>") == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_in_a_title(payload: str) -> None:
    title = clean_title(f"Breaking {payload} news").html
    assert "<" not in title  # plain text: any tag left would be escaped
    assert active_markup(f"<h1>{title}</h1>") == []


def test_titles_are_plain_escaped_text() -> None:
    assert clean_title("Putin < /b>and NATO", "en").html == "Putin and NATO"
    assert clean_title("AT&T <b>wins</b> a < b", "en").html == "AT&amp;T wins a &lt; b"
    assert clean_title("Caf&amp;eacute; &amp;quot;x&amp;quot;").html == 'Café "x"'
    evil = clean_title('Hi <script>alert(1)</script><img src=x onerror="alert(2)">', "en")
    assert "<" not in evil.html and "alert" not in evil.html
    assert evil.warnings


def test_html_cleaning_is_idempotent_and_canonical() -> None:
    source = render("CTO < /b>provides , “ x ” <b>bold</b> a\u00a0b &amp; <script>x</script>")
    once = clean_html(source, "en").html
    assert sanitise(once) == once
    again = clean_html(once, "en")
    assert again.html == once
    assert not again.fragments and not again.gaps and not again.warnings


def test_a_fragment_escaped_twice_is_removed_even_alone() -> None:
    cleaned = clean_html("<p>told &amp;lt;b&amp;gt;AFP&amp;lt;/b&amp;gt; so</p>", "en")
    assert cleaned.html == "<p>told AFP so</p>"
    assert cleaned.fragments == ["<b>", "</b>"]


@pytest.mark.parametrize("sentence", ANGLE_BRACKET_PROSE)
def test_prose_with_angle_brackets_survives_markdown_and_the_pipeline(sentence: str) -> None:
    """Markdown passes `<K, V>` or `<Sudan>` on as raw HTML: decode must make them text again."""
    cleaned = clean_html(render(sentence), "en")
    assert html.unescape(cleaned.html) == f"<p>{sentence}</p>"
    assert not cleaned.fragments


ESCAPED_TAG = "&lt;img src=x onerror=alert(1)&gt;"
CLEANERS = {
    "body": lambda text: clean_html(render(text), "en"),  # a Summary is rendered as a body is
    "title": lambda text: clean_title(text, "en"),
}


@pytest.mark.parametrize(
    ("where", "tag"),
    [
        ("body", ESCAPED_TAG),
        ("body", "&lt;span title=&quot;a quote&quot;&gt;"),
        ("title", ESCAPED_TAG),
        ("title", '<img alt="Putin in Minsk">'),
        ("title", "<span title='a quote'>"),
    ],
)
def test_removing_a_tag_with_attributes_is_a_warning(where: str, tag: str) -> None:
    """Its values may be words of the text (an alt, a title, or a tag written as text on
    purpose), so the removal is never silent; a bare stray tag still goes without a word."""
    cleaned = CLEANERS[where](f"Words {tag} and told AFP</b> more")
    assert "Words and told AFP more" in cleaned.html
    assert cleaned.warnings == [
        "removed a tag with attributes, whose values may be words of the text: "
        f"check {html.unescape(tag)!r}"
    ]


@pytest.mark.parametrize(
    "body",
    [
        '<p>Text <svg viewBox="0 0 2 2"><circle r="1"/><path d="M0 0"/></svg> more</p>',
        "<p>Text <math><mi>x</mi><mo>=</mo><mn>2</mn></math> more</p>",
        "<p>Text <svg><g><rect width='1'/></g></svg> and <svg/> more</p>",
    ],
)
def test_foreign_markup_is_never_printed_as_markup(body: str) -> None:
    cleaned = clean_html(body)
    assert "&lt;" not in cleaned.html and "<circle" not in cleaned.html, cleaned.html
    assert "<svg" not in cleaned.html and "<math" not in cleaned.html
    assert cleaned.html.startswith("<p>Text ") and cleaned.html.endswith("more</p>")
    assert any("removed the <" in warning for warning in cleaned.warnings)


def test_a_text_keeps_its_own_spacing_unless_a_scraper_damaged_it() -> None:
    as_written = "<p>Prices , in euros , rose.</p><p>“ Quoted ” text.</p>"
    assert clean_html(as_written).html == as_written
    # A fragment removed, or spaces run where tags were stripped: the gaps are repaired.
    assert (
        clean_html("<p>Prices , in euros &lt;/b&gt;rose.</p>").html
        == "<p>Prices, in euros rose.</p>"
    )
    assert clean_html("<p>Francia,  Emmanuel Macron , decidió</p>").html == (
        "<p>Francia, Emmanuel Macron, decidió</p>"
    )
    # A space before the period that ends a paragraph is no language's spacing.
    assert clean_html("<p>las autoridades .</p>").html == "<p>las autoridades.</p>"
