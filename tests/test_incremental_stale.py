"""Every way an incremental build was once found to keep a stale page, end to end: after each
change the incremental output must equal a cold build's, byte for byte.

The cases: a template edit that reads another item of a list (or a macro handed the list)
with as many mentions of its name as before; a setting that is an object configured from
outside the settings file (by its options, slots included); a Jinja filter defined in the
settings whose default argument changes, or which calls a function that changes; a package
whose files change at the same version; a hand edit that keeps the page's size and mtime;
and articles linked in a chain longer than Python's recursion limit.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import subprocess
from pathlib import Path

from tests.buildsite import build_command, environment, run_build
from tests.incremental_site import (
    Edit,
    Site,
    build_line,
    difference,
    read,
    set_metadata,
    tree,
)
from tests.sitecheck import ROOT


def _build(site: Site, output: Path, *extra: str, env: dict[str, str] | None = None) -> str:
    result = run_build(site.content, output, *site.settings, *extra, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return build_line(result)


def _same_as_cold(site: Site, output: Path, *extra: str, env: dict[str, str] | None = None) -> None:
    cold = site.root / "cold"
    result = run_build(site.content, cold, *site.settings, "--full", *extra, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    expected = tree(cold)
    subprocess.run(["rm", "-rf", str(cold), str(site.root / ".cold.cache")], check=True)
    problem = difference(tree(output), expected)
    assert problem is None, f"the incremental build differs from a cold one: {problem}"


def _edit_template(site: Site, name: str, replacements: dict[str, str]) -> None:
    path = site.theme / "templates" / name
    text = read(path)
    done = 0
    for old, new in replacements.items():
        done += text.count(old)
        text = text.replace(old, new)
    assert done, f"none of {list(replacements)} in {name}"
    path.write_text(text, encoding="utf-8")


def test_a_template_that_reads_another_item_of_the_list_stays_right(tmp_path: Path) -> None:
    """`newer` made the newest story of all (the same number of mentions of `articles`), then
    an article added: every article page now names it."""
    site = Site(tmp_path, 12)
    output = tmp_path / "out"
    _build(site, output)
    _edit_template(
        site,
        "article.html",
        {
            "articles[i - 1] if i > 0": "articles[0] if i > 0",  # the theme before the plugin
            "set newer, older = article.newer, article.older": (
                "set newer, older = articles[0], article.older"
            ),
        },
    )
    assert _build(site, output).startswith("full build: the theme's templates changed")
    site.apply(Edit("add"))
    assert _build(site, output).startswith("incremental build: source(s) 1 added")
    _same_as_cold(site, output)


def test_a_macro_handed_the_list_stays_right(tmp_path: Path) -> None:
    """A macro whose parameter is called `articles` prints the list's length on every article
    page (and a mention of the list less elsewhere keeps the count of mentions)."""
    site = Site(tmp_path, 12)
    output = tmp_path / "out"
    _build(site, output)
    _edit_template(
        site,
        "article.html",
        {
            "{% block content %}": (
                "{% macro total(articles) %}<p>{{ articles|length }} stories</p>{% endmacro %}"
                "{% block content %}{{ total(articles) }}"
            ),
        },
    )
    _edit_template(
        site,
        "article.html",
        {
            "{%- set older = articles[i + 1] if i + 1 < articles|length else none %}": (
                "{%- set older = none %}"
            )
        },
    )
    _build(site, output)
    site.apply(Edit("add"))
    _build(site, output)
    _same_as_cold(site, output)


SETTINGS = """
import os, sys
sys.path[:0] = [{root!r}, {lib!r}]
from pelicanconf import *  # noqa
from markdown.extensions.toc import TocExtension
from helpers import Slotted, shout
PATH = "content"
THEME = {theme!r}
MARKDOWN = {{
    "extensions": [TocExtension(baselevel=int(os.environ["TOC_LEVEL"]))],
    "extension_configs": {{"markdown.extensions.extra": {{}}}},
    "output_format": "html5",
}}
SITESUBTITLE_MAKER = Slotted(os.environ["SLOT_VALUE"])
JINJA_FILTERS = {{"shout": shout}}
"""
HELPERS = """
class Slotted:
    __slots__ = ("value",)
    def __init__(self, value):
        self.value = value

def decorate(text):
    return text + "{mark}"

def shout(text, suffix="{suffix}"):
    return decorate(text.upper()) + suffix
"""
HEADED = """Title: A story with a heading
Date: 2022-11-26

An opening paragraph.

# A heading

A paragraph under the heading.
"""


def test_settings_changed_through_objects_and_functions_are_seen(tmp_path: Path) -> None:
    """Options of a Markdown extension object and of an object with __slots__, a filter's
    default argument and a function it calls, all from outside the settings file's bytes."""
    site = Site(tmp_path, 6)
    (site.content / "articles" / "headed.md").write_text(HEADED, encoding="utf-8")
    _edit_template(site, "base.html", {"{{ SITENAME|e }}</a>": "{{ SITENAME|shout|e }}</a>"})
    lib = tmp_path / "lib"
    lib.mkdir()
    conf = tmp_path / "conf"
    conf.mkdir()
    settings_file = conf / "settings.py"
    settings_file.write_text(
        SETTINGS.format(root=str(ROOT), lib=str(lib), theme=str(site.theme)), encoding="utf-8"
    )
    output = tmp_path / "out"
    extra = ("-s", str(settings_file))
    steps = [
        ({"TOC_LEVEL": "2", "SLOT_VALUE": "a"}, {"mark": "*", "suffix": "!"}, None),
        ({"TOC_LEVEL": "3", "SLOT_VALUE": "a"}, {"mark": "*", "suffix": "!"}, "MARKDOWN"),
        ({"TOC_LEVEL": "3", "SLOT_VALUE": "b"}, {"mark": "*", "suffix": "!"}, "SUBTITLE_MAKER"),
        ({"TOC_LEVEL": "3", "SLOT_VALUE": "b"}, {"mark": "*", "suffix": "?"}, "JINJA_FILTERS"),
        ({"TOC_LEVEL": "3", "SLOT_VALUE": "b"}, {"mark": "+", "suffix": "?"}, "JINJA_FILTERS"),
    ]
    for env, helpers, changed in steps:
        (lib / "helpers.py").write_text(HELPERS.format(**helpers), encoding="utf-8")
        line = _build(site, output, *extra, env=env)
        if changed is not None:
            assert re.match(rf"full build: a setting changed \(.*{changed}", line), line
        _same_as_cold(site, output, *extra, env=env)
    page = (output / "articles" / "a-story-with-a-heading.html").read_text(encoding="utf-8")
    assert "<h3" in page and "NEWSROOM+?" in page


FAKE_RECORD = "fakepkg/__init__.py,sha256={digest},10\n"


def test_a_package_whose_files_change_at_the_same_version_is_seen(tmp_path: Path) -> None:
    site = Site(tmp_path, 4)
    output = tmp_path / "out"
    packages = tmp_path / "packages"
    info = packages / "fakepkg-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakepkg\nVersion: 1.0\n")
    env = {"PYTHONPATH": str(packages)}
    (info / "RECORD").write_text(FAKE_RECORD.format(digest="a"))
    _build(site, output, env=env)
    (info / "RECORD").write_text(FAKE_RECORD.format(digest="b"))
    line = _build(site, output, env=env)
    assert line.startswith("full build: the installed packages changed (package fakepkg)"), line


def test_a_build_run_from_another_folder_is_up_to_date(tmp_path: Path) -> None:
    """The folder a build runs in is on Python's path, and the project's folder holds its own
    metadata (the egg-info of an editable install): that is no installed package."""
    site = Site(tmp_path, 4)
    output = tmp_path / "out"
    _build(site, output)
    command = build_command(site.content, output, *site.settings)
    result = subprocess.run(
        command, cwd=tmp_path, env=environment(), capture_output=True, text=True, check=False
    )
    assert build_line(result).startswith("up to date"), result.stderr


def test_a_hand_edit_that_keeps_size_and_mtime_is_seen(tmp_path: Path) -> None:
    site = Site(tmp_path, 4)
    output = tmp_path / "out"
    _build(site, output)
    page = output / "index.html"
    before = page.stat()
    data = page.read_bytes()
    page.write_bytes(data.replace(b"Latest", b"LATEST", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = run_build(site.content, output, *site.settings)
    assert "was edited by hand since the last build: 1 changed (index.html)" in result.stderr
    assert build_line(result).endswith("is not what the last build left there")
    _same_as_cold(site, output)
    os.utime(output / "index.html")  # touched, not edited: nothing to keep, nothing to do
    assert _build(site, output).startswith("up to date: ")


CHAIN_PLUGIN = """
from pelican import signals

def link(generator):
    articles = generator.articles
    for number, article in enumerate(articles):
        article.next_in_chain = articles[number + 1] if number + 1 < len(articles) else None

def register():
    signals.article_generator_finalized.connect(link)
"""


def test_articles_linked_in_a_long_chain_build(tmp_path: Path) -> None:
    """Each article holds the next one (as a plugin's related stories would): no walk over
    the content graph may recurse along it."""
    site = Site(tmp_path, 420)
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "chain_link.py").write_text(CHAIN_PLUGIN, encoding="utf-8")
    _edit_template(
        site,
        "article.html",
        {"{% block content %}": "{% block content %}{{ article.next_in_chain.title|e }}"},
    )
    plugins = [*runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"], "chain_link"]
    extra = ("-e", f"PLUGIN_PATHS={json.dumps([str(lib)])}", "-e", f"PLUGINS={json.dumps(plugins)}")
    output = tmp_path / "out"
    _build(site, output, *extra)
    site.apply(Edit("title", 200, "A retitled story in the middle of the chain"))
    assert _build(site, output, *extra).startswith("incremental build: ")
    _same_as_cold(site, output, *extra)


def test_an_article_linking_another_follows_its_new_address(tmp_path: Path) -> None:
    """`{filename}` links resolve when the page is written: the link is part of what the
    page read (its text), so renaming the target renders the linking page again."""
    site = Site(tmp_path, 6)
    target = site.articles[2]
    linking = site.content / "articles" / "linking.md"
    linking.write_text(
        "Title: A story that links another\nDate: 2022-11-27\n\n"
        f"See [the other story]({{filename}}{target.name}).\n",
        encoding="utf-8",
    )
    output = tmp_path / "out"
    _build(site, output)
    target.write_text(set_metadata(read(target), "Slug", "moved-away"), encoding="utf-8")
    assert _build(site, output).startswith("incremental build: ")
    page = (output / "articles" / "a-story-that-links-another.html").read_text(encoding="utf-8")
    assert 'href="../articles/moved-away.html"' in page
    _same_as_cold(site, output)


def test_a_source_edited_keeping_size_and_mtime_is_seen(tmp_path: Path) -> None:
    """A source is read again when its stamp (ctime included) is not the recorded one."""
    site = Site(tmp_path, 4)
    output = tmp_path / "out"
    _build(site, output)
    source = site.articles[1]
    before = source.stat()
    text = read(source)
    title = next(line for line in text.splitlines() if line.startswith("Title: "))
    source.write_text(text.replace(title, title[:7] + title[7:].swapcase(), 1), encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_size == before.st_size
    assert _build(site, output).startswith("incremental build: source(s) 1 changed")
    _same_as_cold(site, output)
