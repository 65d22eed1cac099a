"""Cleaning only the blocks that need it gives what one parse of the whole document gives."""

import re

import markdown
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from clean_markup.fragments import MAYBE_GAP
from clean_markup.sanitize import (
    Cleaned,
    _clean_text_nodes,
    clean_html,
    sanitise,
    sanitise_html,
)

PIECES = [
    "word", "Wörd", "Пашинян", " ", "  ", "\n", "\n\n", ",", ".", " ,", "( ", " )", "“ ", " ”",
    "« ", " »", " ;", "</b>", "<b>", "< /b>", "b>", "/b>", "<b ", "<i>", "</i>", "<p>", "</p>",
    "<br>", "</br>", "&lt;/b&gt;", "&amp;lt;b&amp;gt;", "&amp;#60;i&amp;#62;", "&#44;", "&#60;",
    "&lt", "&nbsp;", "\u00a0", "&amp;", "&", "&notit;", "&copy", "&eacute;", "`code </b>`",
    "<code>x </b> y</code>", "\n\n    pre </b> x ,\n\n", "<pre> a  b </pre>", "<kbd>a </b></kbd>",
    "<script>alert(1)</script>", '<img src="x" onerror="y">', '<a href="javascript:x">l</a>',
    '<a href="https://e.org/?a=1&b=2" title="a>b">t</a>', '<span class="x">', "</span>",
    "<div>", "</div>", "\n\n<div>\n\n", "\n</div>\n\n", "<ul>\n\n<li>a , b</li>\n\n</ul>",
    "a < b", "x > y", "C++ <vector>", "<!-- c -->", "<table><tr><td>1 , 2</td></tr></table>",
    "i> 0", "sub>", "<hr>", "\t",
]  # fmt: skip
MARKDOWN = markdown.Markdown(extensions=["markdown.extensions.extra"], output_format="html5")


def whole_document(source: str, lang: str) -> Cleaned:
    """The reference: every text node of the whole sanitised document, in one parse."""
    report = sanitise_html(source)
    soup = BeautifulSoup(report.html, "html.parser")
    if _clean_text_nodes(soup, lang, report):
        report.html = sanitise(soup.decode(formatter="minimal"))
    return report


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.booleans(), st.sampled_from(["en", "fr"]))
def test_blocks_clean_like_the_whole_document(pieces: list[str], render: bool, lang: str) -> None:
    source = "".join(pieces)
    if render:
        source = MARKDOWN.reset().convert(source)
    expected, cleaned = whole_document(source, lang), clean_html(source, lang)
    assert cleaned.html == expected.html
    assert (cleaned.fragments, cleaned.gaps, cleaned.warnings, cleaned.notes) == (
        expected.fragments,
        expected.gaps,
        expected.warnings,
        expected.notes,
    )


PLAIN_GAP = {
    "default": re.compile(r"[ \t\r\n][,.;:!?)\]”»]|[(\[“«][ \t\r\n]"),
    "fr": re.compile(r"[ \t\r\n][,.)\]”]|[(\[“][ \t\r\n]"),
}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\r\n\u00a0,.;:!?)]”»([“«ab<>", max_size=30))
def test_the_fast_gap_search_finds_what_the_plain_one_does(text: str) -> None:
    for rules, plain in PLAIN_GAP.items():
        assert bool(MAYBE_GAP[rules].search(text)) == bool(plain.search(text))
