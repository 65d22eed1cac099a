from types import SimpleNamespace

import pytest
from jinja2 import Environment
from jinja2.filters import do_striptags
from markupsafe import Markup
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from render_memo import striptags
from render_memo.render_memo import RenderOnce, freeze_urls

SAMPLES = [
    "Plain title",
    "Tom &amp; Jerry &lt;b&gt; &quot;quoted&quot;",
    'Evil "><script>alert(1)</script> <!-- c --> end',
    "  spaced\n\tout  ",
    Markup("<em>Main</em> &raquo; About"),
    "",
]


@pytest.mark.parametrize("value", SAMPLES)
def test_same_result_as_jinja(value: str) -> None:
    assert striptags(value) == do_striptags(value)
    assert striptags(value) == do_striptags(value)  # and again, from the cache


def test_other_values_go_to_jinja() -> None:
    class Named:
        def __html__(self) -> str:
            return "<b>bold</b> &amp; more"

    assert striptags(Named()) == "bold & more"
    assert striptags(42) == "42"
    undefined = Environment().undefined()
    assert striptags(undefined) == do_striptags(undefined) == ""


def test_frozen_urls_are_the_urls_pelican_computes() -> None:
    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "articles/{slug}.html"}
    article = Article("text", metadata={"title": "T", "slug": "t"}, settings=settings)
    own = Article(
        "text", metadata={"title": "U", "slug": "u", "url": "own/u.html"}, settings=settings
    )
    freeze_urls(SimpleNamespace(articles=[article, own], translations=[]))
    assert article.override_url == article.url == "articles/t.html"
    assert own.url == "own/u.html"


def test_render_once_renders_each_key_once() -> None:
    env = Environment()
    env.globals["render_once"] = RenderOnce()
    template = env.from_string(
        "{% macro item(x) %}<{{ x }}{{ base }}{{ calls.append(x) or '' }}>{% endmacro %}"
        "{% for x in xs %}{{ render_once(item, x, base) }}{% endfor %}"
    )
    calls: list[int] = []
    assert template.render(xs=[1, 2, 1], base=".", calls=calls) == "<1.><2.><1.>"
    assert template.render(xs=[1], base="..", calls=calls) == "<1..>"
    assert calls == [1, 2, 1]
