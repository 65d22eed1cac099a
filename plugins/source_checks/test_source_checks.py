import pytest
from pelican.utils import get_date

from source_checks.source_checks import check_source, is_valid_date, read_metadata

ARTICLE_FIELDS = ("title", "date")


def messages(data: bytes, path: str = "a.md") -> list[str]:
    return [str(problem) for problem in check_source(path, data, ARTICLE_FIELDS)]


def test_a_good_source_has_no_problem() -> None:
    assert messages("Title: Été\nDate: 2022-11-24\n\nTexte accentué.\n".encode()) == []


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


def test_non_markdown_sources_only_get_the_encoding_checks() -> None:
    assert messages(b"<html><head><title>T</title></head></html>", path="a.html") == []


@pytest.mark.parametrize(
    "value",
    [
        "2022-11-24",
        "2022-11-24 10:30",
        "2022-11-24T10:30:59",
        "2024-02-29",
        "2023-02-29",
        "2022-13-45",
        "2022-11-31",
        "2022-11-24 25:00",
        "2022-11-24 10:61",
        "24 November 2022",
        "2022/11/24",
        "yesterday-ish",
    ],
)
def test_the_iso_fast_path_judges_dates_as_pelican_does(value: str) -> None:
    try:
        get_date(value)
        pelican_reads_it = True
    except ValueError:
        pelican_reads_it = False
    assert is_valid_date(value) is pelican_reads_it


def test_impossible_iso_dates_are_refused() -> None:
    for value in ("2022-13-45", "2022-02-30", "2022-11-24 24:30"):
        (problem,) = messages(f"Title: T\nDate: {value}\n\nText\n".encode())
        assert f"Date: {value!r} is not a valid date" in problem
