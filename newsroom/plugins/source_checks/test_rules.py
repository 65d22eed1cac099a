from datetime import UTC, datetime, timedelta

import pytest
from pelican.utils import slugify

from newsroom.plugins.source_checks.rules import (
    MAX_SLUG_LENGTH,
    SLUG_REGEX_SUBSTITUTIONS,
    date_problem,
    lang_problem,
    parse_date,
    shorten_slug,
    slug_problem,
)


@pytest.mark.parametrize("slug", ["a", "russia-ukraine-talks", "g7-2024", "x" * MAX_SLUG_LENGTH])
def test_plain_slugs_pass(slug: str) -> None:
    assert slug_problem(slug) is None


@pytest.mark.parametrize(
    "slug",
    [
        "",
        "Upper",
        "two--hyphens",
        "-leading",
        "trailing-",
        "under_score",
        "../../README",
        "/etc/passwd",
        "a/b",
        "x\x00y",
        'story" onfocus="alert(1)" autofocus="',
        "x><script>alert(1)</script>",
        "café",
        "x" * (MAX_SLUG_LENGTH + 1),
    ],
)
def test_anything_else_is_refused_with_the_rule(slug: str) -> None:
    problem = slug_problem(slug)
    assert problem and "lower-case letters a-z and digits" in problem


def test_shortening_cuts_at_a_hyphen_and_keeps_short_slugs() -> None:
    assert shorten_slug("short-slug") == "short-slug"
    assert shorten_slug("alpha-beta-gamma", 12) == "alpha-beta"
    assert shorten_slug("alpha-beta-gamma", 10) == "alpha-beta"
    assert shorten_slug("abcdefghijkl", 5) == "abcde"  # one long word: cut it, nothing else fits
    long = "-".join(["word"] * 100)
    assert len(shorten_slug(long)) <= MAX_SLUG_LENGTH and slug_problem(shorten_slug(long)) is None


@pytest.mark.parametrize("lang", ["en", "fr", "pt-BR", "zh-Hant", "es-419", "ast"])
def test_language_tags_pass(lang: str) -> None:
    assert lang_problem(lang) is None


@pytest.mark.parametrize("lang", ["", "EN", "english", 'en" onload="x', "en_GB", "e"])
def test_other_languages_are_refused(lang: str) -> None:
    assert "is not a language tag" in (lang_problem(lang) or "")


def test_iso_dates_parse() -> None:
    assert parse_date("2022-11-24") == datetime(2022, 11, 24)
    assert parse_date("2022-11-24 18:30") == datetime(2022, 11, 24, 18, 30)
    assert parse_date("2022-11-24T18:30:05Z") == datetime(2022, 11, 24, 18, 30, 5, tzinfo=UTC)
    assert parse_date("2022-11-24T18:30+01:00").utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    "value",
    [
        "12/03/2024",
        "March 12",
        "2024",
        "24 November 2022",
        "2022/11/24",
        "2022-13-45",
        "2023-02-29",
        "2022-11-24 25:00",
        "2022-11-24+01:00",
        "2022-11-24T10:00+25:00",
        "yesterday",
        "",
    ],
)
def test_every_other_date_shape_is_refused_with_the_way_to_write_it(value: str) -> None:
    assert "YYYY-MM-DD" in (date_problem(value) or "")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Internal dissent in the CSTO", "internal-dissent-in-the-csto"),
        ("US$ bonds", "us-bonds"),
        ("snake_case", "snake-case"),
        ("Putin's war: what's next?", "putins-war-whats-next"),
        ("  --a -- b--  ", "a-b"),
        ("Ça va, l'été ?", "ca-va-lete"),
        ("***", ""),
    ],
)
def test_the_slug_substitutions_give_plain_slugs(text: str, slug: str) -> None:
    assert slugify(text, regex_subs=SLUG_REGEX_SUBSTITUTIONS) == slug
    assert slug == "" or slug_problem(slug) is None


def test_the_slug_substitutions_shorten_as_shorten_slug_does() -> None:
    title = " ".join(f"word{n}" for n in range(60))
    full = slugify(title, regex_subs=SLUG_REGEX_SUBSTITUTIONS[:3])
    assert len(full) > MAX_SLUG_LENGTH
    assert slugify(title, regex_subs=SLUG_REGEX_SUBSTITUTIONS) == shorten_slug(full)
