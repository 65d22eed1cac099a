"""Each article's neighbours in the site's list, computed once on the article.

article.html links the newer and the older story. Found in the template, they cost every page
a search of the whole list, and every page reads the whole list (so an incremental build would
see every article page depend on every article). Set here once, `article.newer` and
`article.older` (None at either end, and for articles the list does not hold: translations,
hidden ones, drafts) are all a page reads. Under stock Pelican (no plugin) the theme finds
them in `articles` itself.
"""

from __future__ import annotations

from itertools import chain

from pelican import signals
from pelican.generators import ArticlesGenerator


def set_neighbours(generator: ArticlesGenerator) -> None:
    listed = generator.articles
    for article in chain(
        generator.translations,
        generator.hidden_articles,
        generator.hidden_translations,
        generator.drafts,
        generator.drafts_translations,
    ):
        article.newer = article.older = None
    for number, article in enumerate(listed):
        article.newer = listed[number - 1] if number > 0 else None
        article.older = listed[number + 1] if number + 1 < len(listed) else None


def register() -> None:
    signals.article_generator_finalized.connect(set_neighbours)
