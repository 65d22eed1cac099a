from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from pelican.utils import slugify

from normalise_metadata.normalise_metadata import merged_tags, normalise
from source_checks.rules import MAX_SLUG_LENGTH, shorten_slug

SETTINGS = dict(DEFAULT_CONFIG)
SUBSTITUTIONS = SETTINGS["SLUG_REGEX_SUBSTITUTIONS"]


def test_tags_with_one_slug_merge_keeping_the_first_spelling() -> None:
    tags = [Tag(name, SETTINGS) for name in ("Covid", "Ports", "covid", "CÓVID", "Covid ")]
    assert [tag.name for tag in merged_tags(tags)] == ["Covid", "Ports"]


def _content(title: str, tags: list[str], explicit_slug: str | None = None) -> SimpleNamespace:
    metadata = {"title": title, "tags": [Tag(t, SETTINGS) for t in tags]}
    if explicit_slug:
        metadata["slug"] = explicit_slug
    slug = explicit_slug or slugify(title, regex_subs=SUBSTITUTIONS)
    return SimpleNamespace(metadata=metadata, slug=slug, tags=metadata["tags"])


words = st.lists(st.from_regex(r"[A-Za-zÀ-ÿ]{1,14}", fullmatch=True), min_size=1, max_size=60)


@given(words)
def test_a_derived_slug_is_what_make_import_derives(title_words: list[str]) -> None:
    title = " ".join(title_words)
    content = _content(title, [title, "Ports"])
    normalise(content)
    expected = shorten_slug(slugify(title, regex_subs=SUBSTITUTIONS))
    assert content.slug == expected and len(content.slug) <= MAX_SLUG_LENGTH
    assert content.tags[0].slug == expected


def test_an_explicit_slug_is_never_changed() -> None:
    explicit = "-".join(["word"] * 60)
    content = _content("Short", [], explicit_slug=explicit)
    normalise(content)
    assert content.slug == explicit
