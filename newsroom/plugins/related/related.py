"""Up to three related stories for each article, chosen once when the articles are read.

Related means sharing tags: the articles that share the most tags with this one, ties broken by
date (the newer first), then by slug, so the choice never depends on the order the files were
read. Never the article itself, never a draft or a hidden article (only the site's list is
searched), and none that shares no tag. Set on the article (`article.related`), it is all the
page reads: an incremental build then re-renders exactly the pages whose choice changed.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from itertools import chain
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator

RELATED_COUNT = 3


def related_articles(articles: list[Any], count: int = RELATED_COUNT) -> dict[int, list[Any]]:
    """For each article (by position in `articles`), the `count` that share the most tags."""
    order = sorted(
        range(len(articles)), key=lambda i: (-articles[i].date.timestamp(), articles[i].slug)
    )
    rank = {index: position for position, index in enumerate(order)}
    by_tag: dict[str, list[int]] = defaultdict(list)
    for index in order:  # each tag's list in rank order, so a stable sort keeps ties right
        for tag in {tag.slug for tag in getattr(articles[index], "tags", None) or ()}:
            by_tag[tag].append(index)
    chosen: dict[int, list[Any]] = {}
    for index, article in enumerate(articles):
        tags = {tag.slug for tag in getattr(article, "tags", None) or ()}
        shared = Counter(chain.from_iterable(by_tag[tag] for tag in tags))
        shared.pop(index, None)
        best = heapq.nsmallest(count, shared, key=lambda other: (-shared[other], rank[other]))
        chosen[index] = [articles[other] for other in best]
    return chosen


def set_related(generator: ArticlesGenerator) -> None:
    """`article_generator_finalized`: `article.related` on every article (empty off the list)."""
    for article in chain(
        generator.translations,
        generator.hidden_articles,
        generator.hidden_translations,
        generator.drafts,
        generator.drafts_translations,
    ):
        article.related = []
    listed = generator.articles
    for index, related in related_articles(
        listed, generator.settings.get("RELATED_COUNT", RELATED_COUNT)
    ).items():
        listed[index].related = related


def register() -> None:
    signals.article_generator_finalized.connect(set_related)
