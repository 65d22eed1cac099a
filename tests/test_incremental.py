"""Incremental builds give the same bytes as cold ones.

After every step of random edit sequences (articles added, edited, retitled, redated,
retagged, moved to another section or author, renamed, deleted; drafts added and published;
the About page and the theme's templates edited), the output folder an incremental build
leaves is compared byte for byte with a cold build of the same sources. Then the parts that
have their own ways to go wrong: the worker processes of a cold build, a build killed with
SIGKILL, pages of removed articles, a build with nothing to do, an output folder edited by
hand, and warnings whose cleaning came from the cache.

Every build runs as `make html` does (`python -m newsroom_build html`, its own process), with
the cleaning's warnings fatal as in CI.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import AUTHORS, CATEGORIES, PLACES, TAGS, WORDS
from tests.incremental_site import (
    SOURCE_KINDS,
    TEMPLATE,
    Edit,
    Site,
    build,
    build_line,
    cold_tree,
    difference,
    source_bytes,
    tree,
)

DEEP = os.environ.get("HYPOTHESIS_PROFILE") == "deep"
# Each step costs two builds (seconds each), so the sizes are the profile's, not Hypothesis's
# example counts: the default profile keeps `make test` within its minutes.
ARTICLES = 200 if DEEP else 40
# Hypothesis starts from the simplest sequence (one added article a step): the default
# profile's other two are drawn at random (the same two every run).
SEQUENCES = 10 if DEEP else 3
MIN_STEPS, MAX_STEPS = (2, 6) if DEEP else (2, 2)

# --- what an edit writes ------------------------------------------------------------------------

sentences = st.lists(st.sampled_from([*WORDS, *PLACES]), min_size=3, max_size=10).map(
    lambda words: " ".join(words).capitalize() + "."
)
titles = sentences.map(lambda text: text.rstrip("."))
picks = st.integers(0, 10**6)
dates = st.one_of(
    picks,  # the date of another article
    st.datetimes(min_value=datetime(2019, 6, 1), max_value=datetime(2021, 6, 30)),
)
slugs = st.from_regex(r"[a-z][a-z0-9]{0,11}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
VALUES = {
    "add": st.none(),
    "body": st.one_of(st.just(""), sentences),  # "" cuts a paragraph
    "title": titles,
    "date": dates,
    "tags": st.lists(st.sampled_from([*TAGS, "Local news"]), max_size=5, unique=True),
    "category": st.sampled_from([*CATEGORIES, "Opinion"]),
    "author": st.sampled_from([*AUTHORS, "Inés Ortega"]),
    "slug": slugs,
    "delete": st.none(),
    "draft": st.none(),
    "publish": st.none(),
    "about": sentences,
    TEMPLATE: titles,
}
assert set(VALUES) == {*SOURCE_KINDS, TEMPLATE}
edits = st.one_of(*(st.builds(Edit, st.just(kind), picks, value) for kind, value in VALUES.items()))
# A step is what an editor changes between two builds: one file, or a few.
steps = st.lists(edits, min_size=1, max_size=3)

# Every kind of edit, so that each is proven at least once whatever Hypothesis draws.
EVERY_KIND = [
    [
        Edit("add"),
        Edit("body", 5, "A corrected sentence about Minsk."),
        Edit("title", 7, "Talks resume in Yerevan"),
        Edit("tags", 9, ["NATO", "Local news"]),
        Edit("date", 3, 8),
    ],
    [
        Edit("date", 11, datetime(2020, 3, 4, 5, 6)),
        Edit("category", 13, "Opinion"),
        Edit("author", 2, "Inés Ortega"),
        Edit("draft"),
        Edit("body", 8, ""),
    ],
    [
        Edit("slug", 4, "renamed"),
        Edit("delete", 6),
        Edit("publish", 0),
        Edit("about", 0, "A new paragraph about the newsroom."),
        Edit("tags", 1, []),
    ],
    [Edit(TEMPLATE, 1, "Edition of the day")],
]


@settings(
    max_examples=SEQUENCES,
    deadline=None,
    database=None,
    derandomize=not DEEP,  # the default run is the same every time
    # A failing sequence is printed whole; shrinking it would take minutes of builds.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(sequence=st.lists(steps, min_size=MIN_STEPS, max_size=MAX_STEPS))
@example(sequence=EVERY_KIND)
def test_after_every_edit_the_incremental_build_equals_a_cold_one(
    sequence: list[list[Edit]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("sequence")
    site = Site(root, ARTICLES)
    output = root / "out"
    build(site.content, output, *site.settings)
    for number, step in enumerate(sequence, 1):
        sources = source_bytes(site.content)
        done = "; ".join(site.apply(edit) for edit in step)
        where = f"after step {number} ({done})"
        # The cold build runs beside the incremental one: they share nothing but the sources.
        with ThreadPoolExecutor(1) as beside:
            reference = beside.submit(cold_tree, site.content, root / "cold", *site.settings)
            line = build_line(build(site.content, output, *site.settings))
            cold = reference.result()
        problem = difference(tree(output), cold)
        assert problem is None, f"{where}: the incremental build differs from a cold one: {problem}"
        if any(edit.kind == TEMPLATE for edit in step):
            assert line.startswith("full build: the theme's templates changed ("), (where, line)
        elif source_bytes(site.content) != sources:
            assert line.startswith("incremental build: source(s) "), (where, line)
        else:
            assert line.startswith("up to date: "), (where, line)
