"""Each tag once per article: tags that differ only in case or accents are one tag.

Pelican compares tags by slug, so `Tags: Covid, covid, CÓVID` gives one tag page, but the
article carries all three and that page listed it three times. When the article is made,
a tag whose slug an earlier tag of the same article already has is dropped, keeping the
first spelling. (Derived slugs fit a file name without help: the slug settings in
pelicanconf.py, from `source_checks.rules`, shorten them at a word boundary.)
"""

from __future__ import annotations

from collections.abc import Iterable

from pelican import signals
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper


def merged_tags(tags: Iterable[URLWrapper]) -> list[URLWrapper]:
    """Each tag once, in the order given, the first spelling kept (same slug, same tag)."""
    seen: dict[str, URLWrapper] = {}
    for tag in tags:
        seen.setdefault(tag.slug, tag)
    return list(seen.values())


def merge_tags(content: Content) -> None:
    tags = getattr(content, "tags", None)
    if not tags:
        return
    content.tags = merged_tags(tags)
    if "tags" in content.metadata:
        content.metadata["tags"] = content.tags


def register() -> None:
    signals.content_object_init.connect(merge_tags)
