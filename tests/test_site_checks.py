"""Every problem that would break the site is found before the first write, named as
file:line, all in one run; names never collide; derived names always fit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from newsroom.plugins.source_checks.rules import MAX_SLUG_LENGTH, shorten_slug
from tests.buildsite import article, content_folder, error_lines, files, run_build
from tests.sitecheck import resolve_file_url, soup, tree_bytes

NESTED = "\n".join("    " * level + "- item" for level in range(300)) + "\n"
LONG_TITLE = " ".join(["Parliament"] * 30) + " votes"  # slugifies to 330 characters

REFUSED = {
    # case: (files, [(file:line, words of the message)])
    "same slug": (
        {
            "a.md": article("One", Slug="same-story"),
            "b.md": article("Two", Slug="same-story"),
        },
        [("a.md:3", "b.md:3"), ("b.md:3", "a.md:3")],
    ),
    "title slug taken by a slug": (
        {"a.md": article("Same story"), "b.md": article("Other", Slug="same-story")},
        [("a.md:1", "articles/same-story.html"), ("b.md:3", "a.md:1")],
    ),
    # Every address is made from the slug: the gate refuses a Save_as line before Pelican reads
    # anything, whatever it names (the site checks would name the page it replaces).
    "save_as over the front page": (
        {"a.md": article("One", Save_as="index.html")},
        [("a.md:3", "is made from the slug")],
    ),
    "save_as over another article": (
        {"a.md": article("One"), "b.md": article("Two", Save_as="articles/one.html")},
        [("b.md:3", "is made from the slug")],
    ),
    "save_as outside the folder": (
        {"a.md": article("One", Save_as="../../escaped.html")},
        [("a.md:3", "is made from the slug")],
    ),
    "explicit slug too long": (
        {"a.md": article("One", Slug="-".join(["word"] * 50))},
        [("a.md:3", f"at most {MAX_SLUG_LENGTH}")],
    ),
    "title without a letter": (
        {"a.md": article("!!! ???")},
        [("a.md:1", "empty slug")],
    ),
    "tag without a letter": (
        {"a.md": article("One", Tags="Ports, ¿?")},
        [("a.md:3", "empty slug")],
    ),
    "nesting too deep": (
        {"a.md": article("One").replace("Its text.\n", NESTED)},
        [("a.md:65", "nested 61 levels")],
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_each_problem_is_refused_naming_file_and_line(case: str, tmp_path: Path) -> None:
    sources, expected = REFUSED[case]
    content = content_folder(tmp_path, sources)
    output = tmp_path / "out"
    result = run_build(content, output)
    errors = error_lines(result.stderr)
    assert result.returncode == 1, result.stdout + result.stderr
    assert not output.exists()
    assert "Traceback" not in result.stdout + result.stderr
    for location, words in expected:
        assert any(f"articles/{location}:" in line and words in line for line in errors), (
            f"no error at {location} saying {words!r}:\n" + "\n".join(errors)
        )


def test_all_problems_are_listed_in_one_run(tmp_path: Path) -> None:
    """The problems between sources, together (each source's own are listed together before
    Pelican reads anything: newsroom/plugins/source_checks/test_source_checks.py)."""
    sources = {}
    for case in ("same slug", "title slug taken by a slug"):
        for name, text in REFUSED[case][0].items():
            sources[f"{case.replace(' ', '-')}-{name}"] = text
    content = content_folder(tmp_path, sources)
    result = run_build(content, tmp_path / "out")
    errors = error_lines(result.stderr)
    assert result.returncode == 1
    named = {re.match(r"error: \S*/articles/([^:]+):", line)[1] for line in errors[:-1]}
    assert named == set(sources), errors
    assert errors[-1].startswith("error: the build failed (")
    assert errors[-1].endswith(f"nothing written to {tmp_path / 'out'}/")


def test_plain_errors_one_line_each_and_tracebacks_only_in_debug(tmp_path: Path) -> None:
    content = content_folder(tmp_path, {"a.md": article("One", Template="missing-template")})
    plain = run_build(content, tmp_path / "out")
    assert plain.returncode == 1
    assert "Traceback" not in plain.stdout + plain.stderr
    assert error_lines(plain.stderr) == [
        line for line in plain.stderr.splitlines() if line.startswith(("error", " "))
    ]
    debug = run_build(content, tmp_path / "out", "-D")
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr


def test_derived_slugs_are_shortened_at_a_word_boundary_as_make_import_does(
    tmp_path: Path,
) -> None:
    tag = " ".join(["Sanctions"] * 30)
    content = content_folder(tmp_path, {"a.md": article(LONG_TITLE, Tags=f"{tag}, Ports")})
    output = tmp_path / "out"
    result = run_build(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    substitutions = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    title_slug = shorten_slug(slugify(LONG_TITLE, regex_subs=substitutions))
    tag_slug = shorten_slug(slugify(tag, regex_subs=substitutions))
    assert len(title_slug) <= MAX_SLUG_LENGTH and title_slug.endswith("parliament")
    assert (output / "articles" / f"{title_slug}.html").is_file()
    assert (output / "tag" / f"{tag_slug}.html").is_file()


def test_tags_differing_in_case_or_accents_are_one_tag_keeping_the_first_spelling(
    tmp_path: Path,
) -> None:
    content = content_folder(
        tmp_path,
        {
            "a.md": article("One", Tags="Covid, covid, CÓVID, Ports"),
            "b.md": article("Two", date="2022-11-25", Tags="covid"),
        },
    )
    output = tmp_path / "out"
    result = run_build(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(output / "articles" / "one.html")
    tag_links = [a.get_text(strip=True) for a in page.select("main a[href*='tag/']")]
    assert tag_links.count("Covid") == 1 and "covid" not in tag_links and "CÓVID" not in tag_links
    listed = soup(output / "tag" / "covid.html").select("main a[href*='articles/one.html']")
    assert len({a["href"] for a in listed}) == 1
    assert len(listed) == len(soup(output / "tag" / "covid.html").select("main a[href*='two']"))


def _tiny(index: int, **metadata: str) -> str:
    day = f"2020-01-01 {index // 60 % 24:02d}:{index % 60:02d}"
    return article(f"Story {index}", date=f"{day}", Slug=f"story-{index}", **metadata)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 articles whose list names collided with the old pagination: tag "Covid" (11
    articles, 2 pages) beside "Covid2", "Author 1" beside "Author 12", "Topic 4" (150
    articles, 15 pages) beside "Topic 42", section "World 1" beside "World 12"."""
    sources = {}
    for index in range(300):
        tags = ["Topic 4"] if index < 150 else []
        author, category = "Someone", "Other"
        if index < 11:
            tags += ["Covid"]
            author, category = "Author 1", "World 1"
        if index == 11:
            tags += ["Covid2", "Topic 42"]
            author, category = "Author 12", "World 12"
        extra = {"Tags": ", ".join(tags)} if tags else {}
        sources[f"story-{index}.md"] = _tiny(index, Author=author, Category=category, **extra)
    root = tmp_path_factory.mktemp("crowded")
    content = content_folder(root, sources)
    output = root / "out"
    result = run_build(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.mark.parametrize(
    ("first", "paged", "neighbour"),
    [
        ("tag/covid.html", "tag/covid.page2.html", "tag/covid2.html"),
        ("author/author-1.html", "author/author-1.page2.html", "author/author-12.html"),
        ("category/world-1.html", "category/world-1.page2.html", "category/world-12.html"),
        ("tag/topic-4.html", "tag/topic-4.page2.html", "tag/topic-42.html"),
        ("index.html", "index.page2.html", "index.page30.html"),
    ],
)
def test_paginated_lists_and_their_neighbours_all_build_and_link(
    crowded: Path, first: str, paged: str, neighbour: str
) -> None:
    for name in (first, paged, neighbour):
        assert (crowded / name).is_file(), name
    next_link = soup(crowded / first).select_one("a[rel=next]")
    assert resolve_file_url(crowded / first, next_link["href"]) == (crowded / paged).resolve()
    back = soup(crowded / paged).select_one("a[rel=prev]")
    assert resolve_file_url(crowded / paged, back["href"]) == (crowded / first).resolve()
    if not neighbour.startswith("index"):
        listed = soup(crowded / neighbour).select("main a[href*='articles/story-11.html']")
        assert listed, f"{neighbour} lists its own article"


def test_every_page_of_the_topic_list_exists_once(crowded: Path) -> None:
    pages = [name for name in files(crowded / "tag") if name.startswith("topic-4.")]
    assert pages == sorted(["topic-4.html"] + [f"topic-4.page{n}.html" for n in range(2, 16)])
    assert tree_bytes(crowded)["tag/topic-42.html"] != tree_bytes(crowded)["tag/topic-4.html"]
