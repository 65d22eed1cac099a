"""The benchmark cannot rot: its synthetic sites, and one small end-to-end run of `make bench`.

No timing is asserted: speed is what the benchmark prints, not what a test checks.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from benchmarks.bench import CLEANING_PLUGIN, cleaning_plugin_state, project_settings
from benchmarks.instructions import Cost, instruction_lines, parse_instructions, split_cost
from newsroom.plugins.source_checks.source_checks import check_source
from newsroom.synthetic import article_text, touch_article, write_site
from tests.sitecheck import ARTICLE_SLUG, ROOT, words

FRAGMENT = re.compile(r"<\s*/?\s*[a-z]+\s*>|\b/?[a-z]+>")


def body(text: str) -> str:
    return text.split("\n\n", 1)[1]


def test_articles_are_the_same_for_the_same_seed_and_differ_between_articles() -> None:
    assert article_text(7, "realistic") == article_text(7, "realistic")
    assert article_text(7, "realistic")[1] != article_text(8, "realistic")[1]


@pytest.mark.parametrize("index", range(20))
def test_article_looks_like_the_real_one(index: int) -> None:
    slug, text, _fragments = article_text(index, "realistic")
    header = dict(line.split(": ", 1) for line in text.split("\n\n", 1)[0].splitlines())
    for key in ("Title", "Date", "Author", "Agency", "Source", "Category", "Tags", "Summary"):
        assert header.get(key), key
    assert header["Slug"] == slug
    assert 3 <= len(header["Tags"].split(", ")) <= 5
    paragraphs = [p for p in body(text).split("\n\n") if not p.startswith(("<figure", "##"))]
    assert 14 <= len(paragraphs) <= 17
    assert 650 <= len(words(body(text))) <= 800
    assert check_source(f"{slug}.md", text.encode("utf-8"), ("title", "date")) == []


def test_realistic_mix_has_fragments_in_one_article_in_ten_and_worst_in_every_one() -> None:
    realistic = [article_text(i, "realistic") for i in range(100)]
    worst = [article_text(i, "worst") for i in range(100)]
    assert sum(1 for _slug, _text, count in realistic if count) == 10
    assert all(count >= 3 for _slug, _text, count in worst)
    for _slug, text, count in realistic + worst:
        prose = re.sub(r"<figure.*?</figure>", "", body(text), flags=re.S)
        assert len(FRAGMENT.findall(prose)) == count
    assert any(not text.isascii() for _slug, text, _count in realistic)


def test_fragments_render_as_visible_text_as_in_the_scraped_article() -> None:
    _slug, text, count = article_text(0, "worst")
    html = markdown.markdown(body(text), extensions=["extra"])
    assert html.count("&gt;") >= count  # shown as text, not parsed as tags


def test_write_site_copies_the_pages_and_touch_changes_one_article(tmp_path: Path) -> None:
    articles = write_site(tmp_path / "content", 12, "worst", extra_content=ROOT / "content")
    assert (tmp_path / "content" / "pages" / "about.md").is_file()
    assert len(list((tmp_path / "content" / "articles").glob("*.md"))) == 12
    before = articles[3].path.read_text("utf-8")
    stamp = articles[3].path.stat().st_mtime
    touch_article(articles[3], 1)
    touch_article(articles[3], 2)
    after = articles[3].path.read_text("utf-8")
    assert after.startswith(before.rstrip("\n")) and after.count("Editor's note") == 1
    assert articles[3].path.stat().st_mtime > stamp


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table printed, as rows of cells (header first, separator dropped)."""
    tables: list[list[list[str]]] = []
    previous = False
    for line in text.splitlines():
        is_row = line.startswith("|") and line.endswith("|")
        if is_row and not re.fullmatch(r"\|[-:|]+\|", line):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if not previous:
                tables.append([])
            tables[-1].append(cells)
        previous = is_row
    return tables


def table_with(tables: list[list[list[str]]], first_header: str) -> list[dict[str, str]]:
    for table in tables:
        if table[0][0] == first_header:
            return [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    raise AssertionError(f"no table starting with {first_header!r}")


def test_bench_smoke_run_prints_every_section() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--sizes", "10", "--runs", "1"]
        + ["--sections", "table,ratios,incremental,warm,weight,paragraph"]
        + ["--incremental-sizes", "10", "--incremental-instructions", "0"]
        + ["--profile", "--top", "5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    tables = markdown_tables(result.stdout)

    cold = table_with(tables, "N")
    builds = {(row["N"], row["mix"], row["build"]) for row in cold}
    assert {("10", "realistic", "ours"), ("10", "worst", "ours")} <= builds
    assert ("10", "realistic", "plain Pelican + notmyidea") in builds
    for row in cold:
        low, median, high = (float(row[key]) for key in ("min s", "median s", "max s"))
        assert 0 < low <= median <= high
        assert float(row["peak RSS MB"]) > 10
        assert float(row["output MB"]) > 0 and int(row["files"]) > 10

    ratios = {row["ratio"].split(":")[0]: row for row in table_with(tables, "ratio")}
    assert re.fullmatch(r"\d+\.\d{3}x", ratios["whole build, realistic"]["median"])
    cleaning_off = cleaning_plugin_state(project_settings()) is not None
    for mix in ("realistic", "worst"):
        median = ratios[f"cleaning cost, {mix}"]["median"]
        if cleaning_off:
            assert median == "cannot be measured"
            assert f'"{CLEANING_PLUGIN}" is not in PLUGINS' in result.stdout
        else:
            assert re.fullmatch(r"\d+\.\d{3}x", median), median

    warm = {row["rebuild"]: row for row in table_with(tables, "rebuild")}
    assert set(warm) == {"warm, nothing changed / cold", "warm, one article changed / cold"}
    assert all(re.fullmatch(r"\d+\.\d{3}x", row["median ratio to cold"]) for row in warm.values())
    assert re.search(
        r"nothing changed: identical \(\d+ files.*one article changed: identical", result.stdout
    )

    table = next(table for table in tables if "ratio to cold (median)" in table[0])
    rows = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    incremental = {row["build"]: row for row in rows}
    assert {
        "cold (FULL=1)",
        "nothing changed",
        "one article edited",
        "one article added",
        "one article deleted",
    } <= set(incremental)
    assert float(incremental["cold (FULL=1)"]["ratio to cold (median)"]) == 1.0
    assert "N=10: incremental output after the rounds vs. a cold build: identical" in result.stdout

    weight = table_with(tables, "page")
    page = next(row for row in weight if ARTICLE_SLUG in row["page"])
    assert int(page["HTML bytes"].replace(",", "")) > 5000  # the whole article is there
    assert int(page["CSS bytes"].replace(",", "")) > 0
    assert int(page["requests"].split()[0]) >= 2 and page["external"] == "0"

    paragraph = table_with(tables, "fragment groups in one paragraph")
    assert [row["fragment groups in one paragraph"] for row in paragraph] == [
        "5,000",
        "10,000",
        "20,000",
    ]
    assert all(float(row["seconds"]) > 0 for row in paragraph)

    assert "Sorted by cumulative" in result.stdout and "Sorted by tottime" in result.stdout


CACHEGRIND_OUTPUT = """==123== Cachegrind, a high-precision tracing profiler
==123==
==123== I refs:        1,234,567,890
"""


def test_instruction_counts_give_per_article_and_start_up_cost() -> None:
    assert parse_instructions(CACHEGRIND_OUTPUT) == 1_234_567_890
    with pytest.raises(ValueError):
        parse_instructions("no summary")
    cost = split_cost(small=3_000_000_000, small_count=50, large=13_000_000_000, large_count=300)
    assert cost.per_article == 40_000_000 and cost.startup == 1_000_000_000
    lines = instruction_lines(
        {
            "ours": Cost(1.2e9, 40e6),
            "noclean": Cost(1.0e9, 38e6),
            "plain": Cost(0.9e9, 35e6),
        },
        {"ours": "ours", "noclean": "ours without clean_markup", "plain": "plain"},
        [50, 300],
    )
    table = {
        row["ratio (instructions)"].split(":")[0]: row
        for row in table_with(markdown_tables("\n".join(lines)), "ratio (instructions)")
    }
    assert table["cleaning per article"]["value"] == "1.053x"
    assert "met" in table["cleaning per article"]["target"]
    assert table["clean_markup start-up"]["value"] == "0.200 G"
    assert table["whole build per article"]["value"] == "1.143x"
    assert "MISSED" in table["whole build per article"]["target"]


def test_the_mixed_corpus_has_every_shape_in_every_article() -> None:
    texts = [article_text(i, "mixed") for i in range(60)]
    assert all(3 <= count <= 6 for _slug, _text, count in texts)
    bodies = "".join(body(text) for _slug, text, _count in texts)
    for shape in ("< /b>", " b>", "</b>", "&lt;/b&gt;", "<b ", "</ b>"):
        assert shape in bodies, shape


def test_big_source_makes_exact_sizes_and_prints_its_table() -> None:
    from benchmarks.big_source import big_article

    for shape in ("paragraphs", "lines"):
        data = big_article(20_000, shape)
        assert (
            len(data) == 20_000
            and data.startswith(b"Title: ")
            and not check_source("long-read.md", data, ("title", "date"))
        )
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.big_source", "--sizes", "0.01", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| 0.01 |")]
    assert [row.split(" | ")[1] for row in rows] == ["paragraphs", "lines"]
    assert all(row.endswith("| no |") for row in rows)  # 10 kB: no progress line
