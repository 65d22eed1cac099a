import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.contents import Article, Page
from pelican.readers import METADATA_PROCESSORS, MarkdownReader
from pelican.settings import read_settings

from newsroom.plugins.source_checks.rules import (
    SLUG_REGEX_SUBSTITUTIONS,
    shorten_slug,
    slug_problem,
)
from newsroom.plugins.source_checks.source_checks import (
    CONTROL_CATEGORIES,
    CONTROL_CHARACTER,
    KNOWN_FIELDS,
    SLUG_SETTINGS,
    check_source,
    derived_slug,
    metadata_entries,
    read_content_problems,
    read_metadata,
)

ARTICLE_FIELDS = ("title", "date")
DATE = datetime(2022, 11, 24, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def project_settings() -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"))


def messages(data: bytes, path: str = "a.md", kind: str = "article") -> list[str]:
    required = ARTICLE_FIELDS if kind == "article" else ("title",)
    return [str(problem) for problem in check_source(path, data, required, kind=kind)]


def article(*lines: str) -> bytes:
    return ("Title: T\nDate: 2022-11-24\n" + "".join(f"{line}\n" for line in lines)).encode()


def test_a_good_source_has_no_problem() -> None:
    assert messages("Title: Été\nDate: 2022-11-24\n\nTexte accentué.\n".encode()) == []


def test_every_field_of_the_readme_example_is_accepted() -> None:
    source = article(
        "Modified: 2022-11-25 10:00",
        "Author: Didier Lauras",
        "Agency: AFP",
        "Source: https://thetimeshub.in/internal-dissent/12267/",
        "Source_name: thetimeshub.in",
        "Translated: yes",
        "Category: World",
        "Tags: CSTO, Russia, Armenia",
        "Slug: internal-dissent",
        "Lang: en",
        "Status: hidden",
        "Template: article",
        "Summary: The standfirst.",
        "",
        "Text.",
    )
    assert messages(source) == []


def test_metadata_stops_at_the_first_blank_line() -> None:
    metadata = read_metadata("Title: T\nDate: 2022-11-24\n\nNote: not metadata\n")
    assert sorted(metadata) == ["date", "title"]
    assert metadata["date"] == (2, "2022-11-24")


def test_missing_and_empty_fields_are_named() -> None:
    assert messages(b"Date: 2022-11-24\n\nText\n") == [
        "a.md:1: the Title: line is missing in the metadata"
    ]
    assert messages(b"Title:\nDate: 2022-11-24\n\nText\n") == [
        "a.md:1: the Title: line is empty in the metadata"
    ]


def test_bad_dates_name_their_line() -> None:
    problems = messages(b"Title: T\nDate: 2022-11-24\nModified: yesterday-ish\n\nText\n")
    assert len(problems) == 1 and problems[0].startswith("a.md:3: Modified: 'yesterday-ish'")


def test_bytes_that_are_not_utf8_name_line_and_column() -> None:
    assert messages(b"Title: T\nDate: 2022-11-24\n\nab\x92cd\n") == [
        "a.md:4: not valid UTF-8 (byte 0x92 at column 3); save the file as UTF-8"
    ]


def test_empty_and_blank_files() -> None:
    assert messages(b"") == ["a.md:1: the file is empty"]
    assert messages(b" \n\n") == ["a.md:1: the file is empty"]


@pytest.mark.parametrize(
    "value",
    ["2022-11-24 10:30", "2022-11-24T10:30:59", "2024-02-29", "2022-11-24T10:30+01:00"],
)
def test_iso_dates_are_accepted(value: str) -> None:
    assert messages(f"Title: T\nDate: {value}\n\nText\n".encode()) == []


@pytest.mark.parametrize(
    "value",
    [
        "2022-13-45",
        "2022-02-30",
        "2022-11-24 24:30",
        "2023-02-29",
        "24 November 2022",  # Pelican's dateutil reads these; the site wants ISO only
        "2022/11/24",
        "11/24/2022",
        "2022-11-24_10:30",
        "Nov 24 2022",
    ],
)
def test_every_date_that_is_not_iso_is_refused_with_the_way_to_write_it(value: str) -> None:
    (problem,) = messages(f"Title: T\nDate: {value}\n\nText\n".encode())
    assert problem.startswith(f"a.md:2: Date: {value!r} is not a valid date: it ")
    assert "YYYY-MM-DD" in problem


# Each: a metadata line, and what the problem on line 3 says.
FIELD_CASES = {
    "slug with a quote": (
        'Slug: story" onfocus="alert(document.domain)" autofocus="',
        "Slug: 'story\" onfocus",
        "lower-case letters a-z and digits, words joined by single hyphens",
    ),
    "slug with a path": ("Slug: ../pages/about", "Slug: '../pages/about' is not a plain slug", ""),
    "slug in capitals": ("Slug: Story", "Slug: 'Story' is not a plain slug", ""),
    "slug too long": ("Slug: " + "a" * 201, "Slug: the slug is 201 characters long", ""),
    "language with a quote": ('Lang: en" onload="alert(1)', "Lang: 'en\" onload", "en, fr, pt-BR"),
    "language in capitals": ("Lang: EN", "Lang: 'EN' is not a language tag", ""),
    "empty language": ("Lang:", "Lang: '' is not a language tag", ""),
    "url": ('URL: " onmouseover="alert(1)', "URL: every address and file name is made", "Slug:"),
    "save_as": ("Save_as: ../../index.html", "Save_as: every address", "remove the line"),
    "template of another kind": ("Template: index", "Template: 'index' is not a template", ""),
    "template path": (
        "Template: ../../base",
        "Template: '../../base' is not a template of this theme",
        "article.html",
    ),
    "status": ("Status: secret", "Status: 'secret' is not a status", "published, hidden, draft"),
    "unknown field": ("Settings: x", "Settings: is not a field of this site", "Source_name"),
    "timezone": ("Timezone: ../../etc/passwd", "Timezone: is not a field", ""),
    "control character": ("Author: Jean\x00Dupont", "Author: has the control character U+0000", ""),
    "line separator": ("Summary: a\x85b", "Summary: has the control character U+0085", ""),
    "tag without letters": ("Tags: Russia, ***", "Tags: the tag '***' gives an empty slug", ""),
    "tags by semicolon": ("Tags: a; $$$", "Tags: the tag '$$$' gives an empty slug", ""),
    "category": ("Category: ¿?", "Category: the category '¿?' gives an empty slug", ""),
    "author": ("Author: ...", "Author: the author '...' gives an empty slug", ""),
    "authors": ("Authors: Ana Lima, !!", "Authors: the author '!!' gives an empty slug", ""),
}


@pytest.mark.parametrize("case", sorted(FIELD_CASES))
def test_each_field_rule_names_the_line_and_says_how_to_write_it(case: str) -> None:
    line, start, advice = FIELD_CASES[case]
    (problem,) = messages(article(line, "", "Text."))
    assert problem.startswith(f"a.md:3: {start}"), problem
    assert advice in problem


def test_a_template_of_the_right_kind_is_accepted() -> None:
    assert messages(b"Title: T\nTemplate: page\n\nText\n", kind="page") == []
    assert messages(article("Template: article", "", "Text")) == []
    assert messages(article("Template: page", "", "Text"))  # not for an article


def test_status_is_read_as_pelican_reads_it() -> None:
    assert messages(article("Status: Draft", "", "Text")) == []  # Pelican lower-cases it


def test_a_title_that_gives_an_empty_slug_is_refused_unless_a_slug_is_given() -> None:
    (problem,) = messages(b"Title: !!! ???\nDate: 2022-11-24\n\nText\n")
    assert problem.startswith("a.md:1: Title: the title '!!! ???' gives an empty slug")
    assert problem.endswith("or give a Slug: line")
    assert messages(b"Title: !!! ???\nDate: 2022-11-24\nSlug: exclamations\n\nText\n") == []
    assert messages(b"Title: !!! ???\nDate: 2022-11-24\nSlug:\n\nText\n")  # dropped if empty


def test_a_field_given_twice_or_on_two_lines_is_refused() -> None:
    assert messages(article("Slug: good", "Slug: x\"'", "", "Text")) == [
        "a.md:4: Slug: is given again (first on line 3): write each field once"
    ]
    (problem,) = messages(article("Slug: good", '    "><script>alert(1)</script>', "", "Text"))
    assert problem.startswith("a.md:4: this indented line continues Slug:")


def test_every_problem_of_a_file_is_listed_in_line_order() -> None:
    source = b"Title: T\nDate: 2022-13-45\nLang: EN\nURL: x\nSlug: A B\n\nText\n"
    assert [problem.split(":")[1] for problem in messages(source)] == ["2", "3", "4", "5"]


def test_a_non_markdown_name_is_checked_as_markdown_too() -> None:
    """`make import` checks a text that starts with `Title:` whatever its name."""
    assert messages(b"Title: T\nDate: 2022-13-45\n\nText\n", path="a.txt")


# --- the metadata block, read as Pelican's Markdown reader reads it --------------------------

TRICKY_BLOCKS = {
    "unicode line breaks": "Title: T\x85Slug: x\u2028y\nDate: 2022-11-24\n\nText\n",
    "carriage returns": "Title: T\rSlug: evil\r\nDate: 2022-11-24\n\nText\n",
    "indented key": "Title: T\n   Slug: evil\nDate: 2022-11-24\n\nText\n",
    "tab continuation": "Title: T\n\tmore\nDate: 2022-11-24\n\nText\n",
    "yaml fences": "---\nTitle: T\nSlug: s\n---\nDate: 2022-11-24\n\nText\n",
    "body without a blank line": "Title: T\nText right away\nSlug: s\n",
    "spaces-only line": "Title: T\n   \nSlug: s\n\nText\n",
    "form feed": "Title: T\x0cSlug: s\nDate: 2022-11-24\n\nText\n",
}


MARKDOWN = markdown.Markdown(extensions=["markdown.extensions.extra", "markdown.extensions.meta"])


def markdown_meta(text: str) -> dict[str, list[str]]:
    MARKDOWN.reset().convert(text)
    return MARKDOWN.Meta


def entries_by_key(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for entry in metadata_entries(text):
        found.setdefault(entry.key, []).append(entry.value)
    return found


@pytest.mark.parametrize("case", sorted(TRICKY_BLOCKS))
def test_the_block_is_read_as_python_markdown_reads_it(case: str) -> None:
    text = TRICKY_BLOCKS[case]
    assert entries_by_key(text) == markdown_meta(text)


def test_line_numbers_count_lines_as_an_editor_shows_them() -> None:
    entries = metadata_entries("Title: T\r\nDate: 2022-11-24\r\nSlug: s\r\n\r\nText\r\n")
    assert [(entry.key, entry.line) for entry in entries] == [
        ("title", 1),
        ("date", 2),
        ("slug", 3),
    ]
    entries = metadata_entries("---\nTitle: T\n    more\n")
    assert [(entry.line, entry.continued) for entry in entries] == [(2, False), (3, True)]


METADATA_LINE = st.one_of(
    st.builds(
        "{}{}:{}{}".format,
        st.sampled_from(["", " ", "   ", "    ", "\t"]),
        st.sampled_from(["Title", "slug", "Lang", "X-y", "a_b", "Bad key"]),
        st.sampled_from(["", " ", "\t"]),
        st.text(alphabet="ab \t\"<>'\r\x85\x0c\u2028-.", max_size=8),
    ),
    st.sampled_from(["", "   ", "---", "...", "text", "    indented", "\ttabbed"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(METADATA_LINE, max_size=6), st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_block_is_read_as_python_markdown_reads_it(lines: list[str], newline: str) -> None:
    text = newline.join(lines) + newline + newline + "Body\n"
    if not text.strip():
        return
    assert entries_by_key(text) == markdown_meta(text)


# --- derived slugs ------------------------------------------------------------------------


def unbounded_slug(text: str) -> str:
    """The slug substitutions without the two that shorten it."""
    from pelican.utils import slugify

    return slugify(text, regex_subs=SLUG_REGEX_SUBSTITUTIONS[:3])


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("ab-_ .'$é日Ω<>&;\t\n")),
            st.characters(codec="utf-8"),
        ),
        max_size=260,
    )
)
def test_a_derived_slug_follows_the_rule_and_is_shortened_as_shorten_slug_does(text: str) -> None:
    slug = derived_slug(text, SLUG_SETTINGS)
    assert slug == "" or slug_problem(slug) is None, slug
    assert slug == shorten_slug(unbounded_slug(text))


def test_long_titles_are_cut_at_a_word_boundary() -> None:
    words = " ".join(["word"] * 60)  # 299 characters
    slug = derived_slug(words, SLUG_SETTINGS)
    assert len(slug) == 199 and slug.endswith("-word") and not slug.endswith("-")
    assert derived_slug("x" * 300, SLUG_SETTINGS) == "x" * 200


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("US$ bonds", "us-bonds"),
        ("snake_case_tag", "snake-case-tag"),
        ("__init__", "init"),
        ("C++ / C#", "c-c"),
        ("Ünïcödé Straße", "unicode-strasse"),
        ("<b>Bold</b> move", "bold-move"),
        ("../../etc/passwd", "etcpasswd"),
        ('" onfocus="alert(1)', "onfocusalert1"),
        ("Putin's war", "putins-war"),
        ("  -- spaced --  ", "spaced"),
    ],
)
def test_hostile_names_give_plain_slugs_with_the_project_settings(
    project_settings: dict, name: str, slug: str
) -> None:
    from pelican.urlwrappers import Author, Category, Tag

    for wrapper in (Tag, Category, Author):
        assert wrapper(name, project_settings).slug == slug
    assert derived_slug(name, project_settings, "TAG") == slug


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Zl", "Zp"])))
def test_the_predicted_title_slug_is_the_one_pelican_makes(
    project_settings: dict, title: str
) -> None:
    title = title.strip()
    if not title:
        return
    made = Article("", metadata={"title": title, "date": DATE}, settings=project_settings)
    assert made.slug == derived_slug(title, project_settings)
    source = f"Title: {title}\nDate: 2022-11-24\n\nText\n".encode()
    refused = any("gives an empty slug" in message for message in messages(source))
    assert refused == (made.slug == "")


def test_what_pelican_read_is_checked_again(project_settings: dict, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("Title: T\nSlug: fine\nTags: a, b\n\nText\n", encoding="utf-8")
    content, metadata = MarkdownReader(project_settings).read(str(path))
    page = Page(content, metadata=metadata, settings=project_settings, source_path=str(path))
    assert read_content_problems(page) == []
    page.slug = 'x" onfocus="y'  # as a reader or a plugin that derives it differently might
    page.lang = "en<"
    assert [problem.split(",")[0] for problem in read_content_problems(page)] == [
        "the slug Pelican made",
        "the language Pelican read",
    ]


def test_known_fields_are_lower_case_keys() -> None:
    assert all(field == field.lower() for field in KNOWN_FIELDS)


def test_names_are_split_only_where_pelican_splits_them(project_settings: dict) -> None:
    """Tags: and Authors: are lists (by ; or ,); Author: and Category: are one name each."""
    meta = '<meta http-equiv="refresh" content="0;url=x">'  # a ';' inside one tag
    assert messages(article(f"Author: {meta}", "", "Text"))  # one name, with no slug
    assert messages(article(f"Category: {meta}", "", "Text"))
    assert messages(article("Tags: a; b, c", "", "Text")) == []
    assert messages(article("Author: Doe, Jane", "", "Text")) == []


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["tags", "author", "authors", "category"]),
    st.text(alphabet=st.sampled_from(list("ab ;,<>/=\"'_-$é&#1")), min_size=1, max_size=14),
)
def test_refused_names_are_those_pelican_gives_an_empty_slug(
    project_settings: dict, key: str, value: str
) -> None:
    value = value.strip()
    if not value:
        return
    processed = METADATA_PROCESSORS[key](value, project_settings)
    names = processed if isinstance(processed, list) else [processed]
    names = [name for name in names if hasattr(name, "slug")]
    pelican_empty = any(name.slug == "" for name in names)
    refused = any("gives an empty slug" in m for m in messages(article(f"{key}: {value}")))
    assert refused == pelican_empty, [name.name for name in names]


def test_the_control_character_class_is_the_unicode_categories() -> None:
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        expected = unicodedata.category(character) in CONTROL_CATEGORIES
        assert bool(CONTROL_CHARACTER.fullmatch(character)) == expected, hex(code)
