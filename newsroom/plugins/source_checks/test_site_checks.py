from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pelican.paginator import Paginator
from pelican.settings import read_settings

from newsroom.plugins.source_checks.nesting import MAX_NESTING, nesting_problems
from newsroom.plugins.source_checks.rules import SLUG
from newsroom.plugins.source_checks.site_checks import Claim, Locator, _outside, path_problems

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
slugs = st.from_regex(SLUG, fullmatch=True).filter(lambda s: len(s) <= 40)


def list_files(slug: str, pages: int) -> set[str]:
    """The files of a tag list with `pages` pages, named as Pelican's writer names them."""
    name = SETTINGS["TAG_SAVE_AS"].format(slug=slug)
    url = SETTINGS["TAG_URL"].format(slug=slug)
    per_page = SETTINGS["DEFAULT_PAGINATION"]
    paginator = Paginator(name, url, list(range(pages * per_page)), SETTINGS, per_page)
    return {paginator.page(number).save_as for number in paginator.page_range}


@given(slugs, slugs, st.integers(1, 40), st.integers(1, 40))
def test_no_page_of_one_list_takes_the_name_of_another(a: str, b: str, m: int, n: int) -> None:
    if a != b:
        assert not list_files(a, m) & list_files(b, n)


def test_the_old_pattern_did_collide() -> None:
    """Page 2 of "covid" was tag/covid2.html, the page of tag "covid2"."""
    patterns = [
        (1, "{name}{extension}", "{name}{extension}"),
        (2, "{name}{number}{extension}", "{name}{number}{extension}"),
    ]
    old = read_settings(str(ROOT / "pelicanconf.py"), override={"PAGINATION_PATTERNS": patterns})
    paginator = Paginator("tag/covid.html", "tag/covid.html", list(range(20)), old, 10)
    assert paginator.page(2).save_as == "tag/covid2.html"


def test_shallow_nesting_passes_and_deep_nesting_names_its_first_line() -> None:
    shallow = "\n".join("    " * level + "- item" for level in range(MAX_NESTING)) + "\n"
    assert nesting_problems("a.md", shallow) == []
    deep = "Title: T\n\n" + "\n".join("\t" * level + "- x" for level in range(200))
    (problem,) = nesting_problems("a.md", deep)
    assert problem.line == 3 + MAX_NESTING + 1
    quotes = "> " * (MAX_NESTING + 5) + "deep quote\n"
    assert nesting_problems("a.md", quotes)[0].line == 1


def test_paths_outside_the_folder() -> None:
    assert _outside("../x.html") and _outside("/etc/x") and _outside("a/../../x")
    assert not _outside("a/../x.html") and not _outside("articles/x.html")


def test_two_claims_on_one_file_name_each_other(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("Title: A\nSave_as: index.html\n\nText\n", encoding="utf-8")
    claims = [
        Claim("index.html", "the index page"),
        Claim("index.html", "the page", str(source), "save_as"),
        Claim("articles/b.html", "the article", str(source), "slug"),
    ]
    (problem,) = path_problems(claims, Locator(str(tmp_path)))
    assert problem.line == 2 and problem.path.endswith("a.md")
    assert "index.html is wanted by the page of this file and by the index page" in str(problem)
