"""The 40 real scraped texts of tests/corpus, each cleaned as the body of an article in its
language: no debris left, the controls unchanged, every prose word kept in order, and the gaps
that the manifest (tests/corpus/MANIFEST.md) names repaired.

A raw text (`.txt`) reaches the cleaning as Markdown renders an imported text: one paragraph
per line, its characters escaped (`&quot;` in the text is `&amp;quot;` in the HTML). An `.html`
file is an HTML fragment (a feed's description) and is the body as it is.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsroom.plugins.clean_markup import clean_html

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "corpus"
FILES = sorted(path for path in CORPUS.iterdir() if path.suffix in (".txt", ".html"))
CONTROLS = {path.name for path in FILES if "_control" in path.name}
WORD = re.compile(r"\w+(?:['’]\w+)*")
# What must not be left in the text a reader sees: tags and their pieces, entity names, the
# attributes of a half-stripped anchor.
DEBRIS = re.compile(
    r"</?\s*(?:a|b|i|u|p|br|em|strong|span|div|font)\b[^<>]*>|"
    r"&(?:quot|amp|apos|nbsp|lt|gt|eacute|#\d+);|\b(?:href|target|title)=[\"”']",
    re.IGNORECASE,
)
# A fragment the cleaning may remove: a tag (escaped or not), or what is left of one (quotes,
# attributes, `>`).
FRAGMENT_SHAPE = re.compile(r"(?s)<.*>|.*[\"”'’].*>|\S*>")
# 001's two anchors lost their start with part of their title attribute: the attributes go, and
# the words before them stay (they may be prose), each with a warning asking the editor to look.
WORDS_TO_CHECK = {"001": 2}


def language(path: Path) -> str:
    return path.name.split("_")[1]


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines)


def visible_text(document: str) -> str:
    return " ".join(BeautifulSoup(document, "html.parser").get_text(" ").split())


def fully_decoded(text: str) -> str:
    while (decoded := html.unescape(text)) != text:
        text = decoded
    return text


@pytest.fixture(scope="module", params=FILES, ids=lambda path: path.name[:3])
def cleaned(request: pytest.FixtureRequest) -> tuple[Path, str, object]:
    path = request.param
    source = body(path)
    return path, source, clean_html(source, language(path))


def test_no_debris_is_left(cleaned) -> None:
    path, _source, result = cleaned
    text = visible_text(result.html)
    assert not DEBRIS.search(text), (path.name, DEBRIS.search(text))
    checks = [w for w in result.warnings if "may be the rest of its title" in w]
    assert len(checks) == WORDS_TO_CHECK.get(path.name[:3], 0), result.warnings
    assert len(result.warnings) == len(checks), result.warnings


def test_only_fragments_go_and_every_prose_word_stays_in_order(cleaned) -> None:
    path, source, result = cleaned
    assert all(FRAGMENT_SHAPE.fullmatch(fragment) for fragment in result.fragments), (
        result.fragments
    )
    # The text as a reader of the source would see it (tags of a feed's HTML are markup),
    # decoded however many times it was escaped, less the fragments, in order.
    raw = visible_text(source) if path.suffix == ".html" else path.read_text(encoding="utf-8")
    expected = fully_decoded(raw)
    for fragment in result.fragments:
        assert fragment in expected, fragment
        expected = expected.replace(fragment, " ", 1)
    assert WORD.findall(visible_text(result.html)) == WORD.findall(expected)


@pytest.mark.parametrize("path", [p for p in FILES if p.name in CONTROLS], ids=lambda p: p.name)
def test_controls_come_out_unchanged(path: Path) -> None:
    source = body(path)
    result = clean_html(source, language(path))
    assert visible_text(result.html) == visible_text(source)
    assert not result.fragments and not result.gaps and not result.warnings


@pytest.mark.parametrize(
    ("number", "phrases"),
    [
        (
            "001",
            [
                "the progression of Cancer Institute lung cancer site non-small cell lung cancer",
                "Researchers have found Women’s Health Initiative study growing evidence",
            ],
        ),
        ("002", ["please contact the APS Communications Office or 301-634-7314"]),
        (
            "010",
            [
                "El presidente de Francia, Emmanuel Macron, decidió",
                'por los "chalecos amarillos".',
                "sometió a votación la gestión gubernamental, aprobada",
            ],
        ),
        ("029", ["la demora en la respuesta de las autoridades."]),
        ("009", ['plus d\'un millier de "gilets jaunes" ont fêté']),
        ("005", ["widespread than the stereotypes that dominate"]),
        ("021", ["\"A 02h00 du matin j'ai demandé"]),
    ],
)
def test_the_manifest_repairs(number: str, phrases: list[str]) -> None:
    path = next(path for path in FILES if path.name.startswith(number))
    cleaned = clean_html(body(path), language(path)).html
    text = visible_text(cleaned)
    for phrase in phrases:
        assert phrase in text
    assert "&amp;nbsp;" not in cleaned and ("stereotypes&nbsp;that" in cleaned or number != "005")
