"""What the import makes of a text's characters and layout: scraped text stays literal (no
Markdown, HTML or entity in it is interpreted), HTML is read as the paragraphs it shows, and
a headline is never a lede or a widget."""

from __future__ import annotations

import re
import shutil

import markdown
from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st

from newsroom.importer.cli import main
from newsroom.importer.escape import escape_html_text, escape_line
from pelicanconf import MARKDOWN
from tests.payloads import active_markup
from tests.sitecheck import ROOT, build, soup


def render(text: str) -> BeautifulSoup:
    md = markdown.Markdown(
        extensions=list(MARKDOWN["extension_configs"]),
        extension_configs=MARKDOWN["extension_configs"],
        output_format="html5",
    )
    return BeautifulSoup(md.convert(text), "html.parser")


# Characters and strings Markdown, its extensions or HTML give a meaning to.
SYNTAX = st.sampled_from(
    list("\\`*_{}[]()>#+-.!|<>&;:=~^$@/?\"'") + ["&amp;", "&#35;", "&#", "<b>", "</i>",
    "<https://x.y>", "[^1]", "![x](y)", "[t](url)", "{: .x}", "1. ", "- ", "***", "```", "~~~",
    "<!--", "-->", "<?", "&lt;p&gt;", "2*3*4", "_a_", "\\*", "a  b"]
)  # fmt: skip
TEXT = st.lists(
    st.one_of(SYNTAX, st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"])),
    max_size=14,
).map("".join)


@given(TEXT)
@example("&#0")  # no semicolon: Markdown passes it through, a browser decodes it
@example("&copy2023 AT&T")
@example("<\\@<b>")  # an e-mail autolink once its tag is escaped (found by the deep profile)
@example("<1@x.y>")
@example("<<\\@<b>")
def test_a_paragraph_shows_exactly_its_characters(text: str) -> None:
    text = text.strip()
    if not text:
        return
    page = render(f"Before.\n\n{escape_line(text)}\n\nAfter.")
    assert [p.get_text() for p in page.find_all("p")] == ["Before.", text, "After."]
    assert [tag.name for tag in page.find_all(True)] == ["p", "p", "p"]


@given(TEXT)
def test_a_caption_shows_exactly_its_characters(text: str) -> None:
    if not text.strip():  # a caption is a line of the source with words: never a blank one
        return
    figure = f'<figure class="photo-unavailable">\n<figcaption>{escape_html_text(text)}'
    page = render(f"Before.\n\n{figure}</figcaption>\n</figure>\n\nAfter.")
    assert page.find("figcaption").get_text() == text
    assert [tag.name for tag in page.find_all(True)] == ["p", "figure", "figcaption", "p"]


LITERAL = [
    "The tally was clear: 2*3*4 equals 24, the clerk said.",
    "Write [t](https://evil.example) to make a link, the manual says.",
    "The file was called my_file_name_here, with `backticks` around it.",
    "Tom & Jerry &amp; friends met AT&T at the <em>office</em> on 5 May.",
    "A path such as C:\\Users\\*name* stayed on the screen.",
]


def test_scraped_text_stays_literal_on_the_built_page(tmp_path) -> None:
    text = "Ports reopen after the storm\n\nBy Jane Roe\n\n" + "\n\n".join(LITERAL) + "\n"
    raw = tmp_path / "story.txt"
    raw.write_text(text, "utf-8")
    content = tmp_path / "content"
    assert main([str(raw), "--date", "2023-01-02", "--articles", str(content / "articles")]) == 0
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    result = build(tmp_path / "out", content=content, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    body = soup(tmp_path / "out" / "articles" / "ports-reopen-after-the-storm.html").find(
        class_="article-body"
    )
    shown = [p.get_text() for p in body.find_all("p")]
    for line in LITERAL[:3] + LITERAL[4:]:
        assert line in shown
    assert body.find(["em", "a", "code", "strong"]) is None  # no syntax was read
    ampersands = next(p for p in shown if p.startswith("Tom"))
    assert ampersands.startswith("Tom & Jerry &") and "AT&T at the" in ampersands  # no tag


# --- HTML as raw text ----------------------------------------------------------------------


def imported(capsys, tmp_path, name: str, text: str, *options: str) -> tuple[str, str]:
    raw = tmp_path / name
    raw.write_text(text, "utf-8")
    code = main([str(raw), "--date", "2023-01-02", "--articles", str(tmp_path / "a"), *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    (written,) = (tmp_path / "a").glob("*.md")
    return written.read_text("utf-8").split("\n\n", 1)[1], out


def test_html_paragraphs_and_double_breaks_are_paragraphs(capsys, tmp_path) -> None:
    body, out = imported(
        capsys,
        tmp_path,
        "feed.txt",
        "<p>One person was killed, police said.</p><p>No charges were filed. <br /><br />"
        'The <a href="https://x.example/">sergeant</a> said calls came in.<br />'
        "<strong>Mike Padgham</strong><br><em>Scarborough</em></p>"
        "<script>document.title='x'</script><p>Continue reading...</p>",
        "--title",
        "A shooting",
    )
    assert body == (
        "One person was killed, police said.\n\nNo charges were filed.\n\n"
        "The sergeant said calls came in.\n\nMike Padgham\n\nScarborough\n"
    )
    assert "an HTML fragment" in out and "<script> element" in out and "Continue reading" in out


def test_html_escaped_once_as_a_whole_is_decoded_one_level(capsys, tmp_path) -> None:
    text = (
        "\n   &lt;p&gt;The region&apos;s soldiers &amp;amp; its police.&lt;/p&gt;\n"
        "   &lt;p&gt;A &amp;lt;b&amp;gt; stays text, &quot;quoted&quot;.&lt;/p&gt;\n   &lt;p/&gt;\n"
    )
    body, out = imported(capsys, tmp_path, "escaped.txt", text, "--title", "Soldiers")
    assert "escaped once more" in out
    assert body == 'The region\'s soldiers & its police.\n\nA &lt;b> stays text, "quoted".\n'


def test_escaped_html_is_left_alone_unless_the_whole_text_is_escaped(capsys, tmp_path) -> None:
    text = "Ports reopen\n\n&lt;p&gt;Tom & Jerry said &lt;b&gt; is a tag.&lt;/p&gt;\n"
    body, out = imported(capsys, tmp_path, "mixed.txt", text)
    assert "raw text" in out and "escaped once more" not in out
    assert (
        body == "&amp;lt;p&amp;gt;Tom & Jerry said &amp;lt;b&amp;gt; is a tag.&amp;lt;/p&amp;gt;\n"
    )


def test_a_stray_tag_in_prose_does_not_make_a_text_html(capsys, tmp_path) -> None:
    text = "Ports reopen\n\nThe port < /b>reopened on Monday, AFP b>. said.\n\nShips waited.\n"
    body, _out = imported(capsys, tmp_path, "prose.txt", text)
    assert body == "The port < /b>reopened on Monday, AFP b>. said.\n\nShips waited.\n"


# --- saved pages ---------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Ports reopen<script>alert(1)</script></title>
<script>var headline = "Evil";</script></head><body><article>
<h1>Ports <script>document.write("evil")</script>reopen after the storm</h1>
<p>By Jane Roe</p>
<p>The sign said &lt;script&gt;alert(1)&lt;/script&gt; in big letters, the harbour master told
reporters at the port on Monday morning after three days of closure.</p>
<p>More than forty ships were waiting offshore to unload, and officials expected the backlog
to take a week to clear, 2*3*4 days at most.</p>
</article></body></html>"""


def test_a_pages_scripts_never_reach_the_title_or_the_page(capsys, tmp_path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    content = tmp_path / "content"
    code = main([str(page), "--date", "2023-01-02", "--articles", str(content / "articles")])
    out, err = capsys.readouterr()
    assert code == 0, err
    (written,) = (content / "articles").glob("*.md")
    article = written.read_text("utf-8")
    assert article.startswith("Title: Ports reopen after the storm\n")
    assert "evil" not in article.lower()
    assert "&lt;script>alert(1)&lt;/script> in big letters" in article
    assert "2\\*3\\*4 days" in article
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    result = build(tmp_path / "out", content=content, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    built = (tmp_path / "out" / "articles" / f"{written.stem}.html").read_text("utf-8")
    assert active_markup(built) == []
    assert "2*3*4 days at most" in built


# --- headlines -----------------------------------------------------------------------------


def refused(capsys, tmp_path, text: str) -> str:
    raw = tmp_path / "story.txt"
    raw.write_text(text, "utf-8")
    code = main([str(raw), "--date", "2023-01-02", "--articles", str(tmp_path / "a")])
    _out, err = capsys.readouterr()
    assert code == 1 and not (tmp_path / "a").exists()
    return err


LEDE = (
    "The spread of some infections could be reduced by instructing people to take antibiotics "
    "within a day, a new study suggests."
)


def test_a_lede_is_never_the_headline_and_the_refusal_points_to_title(capsys, tmp_path) -> None:
    err = refused(capsys, tmp_path, f"{LEDE}\n\nBut such a strategy could spark a controversy.\n")
    assert "story.txt:1: no recognisable title" in err
    assert "(its lede), not a headline" in err
    assert '--title "…"' in err and 'TITLE="…"' in err


def test_with_title_the_lede_is_the_first_paragraph(capsys, tmp_path) -> None:
    text = f"{LEDE}\n\nBut such a strategy could spark a controversy.\n"
    body, out = imported(capsys, tmp_path, "story.txt", text, "--title", "Antibiotics after sex")
    assert body == f"{LEDE}\n\nBut such a strategy could spark a controversy.\n"
    assert "Antibiotics after sex (from --title)" in out


def test_a_share_count_widget_is_never_the_headline(capsys, tmp_path) -> None:
    widget = "16505 SHARES SHARES FacebookTwitter GooglePinterestDiggLinkedin Reddit PrintTumblr"
    body, out = imported(
        capsys,
        tmp_path,
        "story.txt",
        f"\n\n{widget}\n\nPorts reopen after the storm\n\nThe ports reopened on Monday.\n\n"
        "Ships waited.\n",
    )
    assert re.search(r"title +line 5  Ports reopen after the storm", out)
    assert "line 3  16505 SHARES" in out and "(share widget)" in out
    assert "SHARES" not in body


def test_two_sentences_are_not_a_headline(capsys, tmp_path) -> None:
    err = refused(
        capsys,
        tmp_path,
        "Steinmeier calls for a light in every window. He will hold a memorial after Easter\n\n"
        "The president said so on Friday.\n",
    )
    assert "more than one sentence" in err


def test_a_kicker_above_the_headline_is_left_out(capsys, tmp_path) -> None:
    body, out = imported(
        capsys,
        tmp_path,
        "story.txt",
        "Política\nEl Polo se une al Pacto Histórico\nLa coalición busca presentarse como una "
        "sola fuerza en las elecciones.\nEl Polo anunció este lunes su decisión de unirse al Pacto "
        "Histórico, una coalición de izquierda.\nEn la votación, 315 miembros votaron a favor.\n",
        "--lang",
        "es",
    )
    assert "section label (kicker)" in out and "Política" not in body
    assert re.search(r"title +line 2  El Polo se une al Pacto Histórico", out)
    assert re.search(r"summary +line 3  La coalición busca", out)
