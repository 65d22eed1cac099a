from types import SimpleNamespace

from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag

from newsroom.plugins.normalise_metadata.normalise_metadata import merge_tags, merged_tags

SETTINGS = dict(DEFAULT_CONFIG)


def test_tags_with_one_slug_merge_keeping_the_first_spelling() -> None:
    tags = [Tag(name, SETTINGS) for name in ("Covid", "Ports", "covid", "CÓVID", "Covid ")]
    assert [tag.name for tag in merged_tags(tags)] == ["Covid", "Ports"]


def test_an_article_keeps_each_tag_once_in_its_metadata_too() -> None:
    tags = [Tag(name, SETTINGS) for name in ("Bogotá", "bogota", "Ports")]
    content = SimpleNamespace(tags=tags, metadata={"tags": tags})
    merge_tags(content)
    assert [tag.name for tag in content.tags] == ["Bogotá", "Ports"]
    assert content.metadata["tags"] == content.tags
