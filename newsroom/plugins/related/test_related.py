"""Related stories: the most tags shared, then the newer, then the slug; never the article
itself, a draft or a hidden article; the same choice whatever order the files were read in."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from newsroom.plugins.related.related import related_articles
from newsroom.synthetic import write_site
from tests.sitecheck import build, soup


def story(slug: str, day: int, *tags: str) -> SimpleNamespace:
    return SimpleNamespace(
        slug=slug,
        date=datetime(2022, 11, day, tzinfo=UTC),
        tags=[SimpleNamespace(slug=tag) for tag in tags],
    )


def chosen(articles: list[SimpleNamespace]) -> dict[str, list[str]]:
    related = related_articles(articles)
    return {articles[i].slug: [other.slug for other in found] for i, found in related.items()}


def test_most_shared_tags_first_then_newer_then_slug() -> None:
    articles = [
        story("a", 1, "russia", "nato", "belarus"),
        story("b", 2, "russia", "nato"),
        story("c", 3, "russia"),
        story("d", 3, "russia"),
        story("e", 9, "weather"),
        story("f", 4, "russia", "nato", "belarus"),
    ]
    got = chosen(articles)
    assert got["a"] == ["f", "b", "c"]  # 3 shared, 2 shared, then 1 shared: c and d same day
    assert got["b"] == ["f", "a", "c"]  # f and a share 2: f is newer
    assert got["e"] == []  # shares no tag
    assert all(slug not in found for slug, found in got.items())
    assert all(len(found) <= 3 for found in got.values())


def counted_pairs(articles: list[SimpleNamespace], count: int = 3) -> dict[str, list[str]]:
    """The plain way: count the tags each pair shares, sort, take the first three."""
    chosen = {}
    for article in articles:
        tags = {tag.slug for tag in article.tags}
        shared = {
            other.slug: len(tags & {tag.slug for tag in other.tags})
            for other in articles
            if other is not article
        }
        by_slug = {other.slug: other for other in articles}
        best = sorted(
            (slug for slug, number in shared.items() if number),
            key=lambda slug: (-shared[slug], -by_slug[slug].date.timestamp(), slug),
        )
        chosen[article.slug] = best[:count]
    return chosen


@given(
    st.lists(
        st.tuples(st.integers(1, 6), st.sets(st.sampled_from("abcdefghij"), max_size=7)),
        max_size=40,
    )
)
def test_the_bit_sets_choose_what_counting_pairs_chooses(drawn: list) -> None:
    articles = [story(f"s{n}", day, *tags) for n, (day, tags) in enumerate(drawn)]
    assert chosen(articles) == counted_pairs(articles)


def test_the_choice_does_not_depend_on_the_order_of_reading() -> None:
    rng = random.Random(4)
    tags = ["russia", "nato", "belarus", "armenia", "trade", "energy"]
    articles = [story(f"s{n}", 1 + n % 5, *rng.sample(tags, rng.randint(0, 3))) for n in range(60)]
    expected = chosen(articles)
    for _ in range(5):
        rng.shuffle(articles)
        assert chosen(articles) == expected


def test_drafts_and_hidden_articles_are_never_related(tmp_path: Path) -> None:
    content = tmp_path / "content"
    written = write_site(content, 8, "realistic")
    statuses = {written[0].slug: "draft", written[1].slug: "hidden"}
    for article in written:  # every article shares every tag with every other
        head, body = article.path.read_text(encoding="utf-8").split("\n\n", 1)
        lines = [line for line in head.splitlines() if not line.startswith("Tags:")]
        lines.append("Tags: Russia, NATO")
        if article.slug in statuses:
            lines.append(f"Status: {statuses[article.slug]}")
        article.path.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
    output = tmp_path / "output"
    result = build(output, content)
    assert result.returncode == 0, result.stdout + result.stderr
    hidden = {f"{written[0].slug}.html", f"{written[1].slug}.html"}
    pages = sorted((output / "articles").glob("*.html"))
    assert len(pages) == 7  # the hidden one is written, the draft is not
    for page in pages:
        links = [a["href"].rsplit("/", 1)[-1] for a in soup(page).select(".related a")]
        if page.name in hidden:
            assert links == []  # off the list: no related stories of its own
            continue
        assert len(links) == 3 and page.name not in links and not hidden & set(links)
    shutil.rmtree(output)
