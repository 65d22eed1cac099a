"""The benchmark cannot rot: its synthetic sites, and each of its sections run on a few articles,
the figures it returns checked as numbers (how they relate, never how fast: speed is what the
benchmark prints, not what a test checks)."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from benchmarks import bench, incremental_bench
from benchmarks.bench import cleaning_plugin_state, project_settings
from benchmarks.big_source import big_article, measure
from benchmarks.instructions import Cost, instruction_tables, parse_instructions, split_cost
from benchmarks.report import Section, Table, pairs
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


def test_a_table_keeps_its_numbers_and_prints_them_as_markdown() -> None:
    table = Table.of("build", ("median s", "{:.2f}"), ("per pair", pairs), "verdict")
    table.add("ours", 1.23456, (1.0, 1.25), None)
    table.notes.append("A note.")
    assert table.by("build")["ours"]["median s"] == 1.23456
    assert Section("Builds", ["Intro.", table]).render().splitlines() == [
        "## Builds",
        "",
        "Intro.",
        "",
        "| build | median s | per pair | verdict |",
        "|---|---:|---|---|",
        "| ours | 1.23 | 1.000 1.250 | - |",
        "",
        "A note.",
    ]
    with pytest.raises(ValueError):
        table.add("too few")


def test_cold_builds_give_each_builds_figures_and_the_ratios_of_the_same_rounds(
    tmp_path: Path,
) -> None:
    cleaning = cleaning_plugin_state(project_settings())
    cold, ratios = bench.cold_builds(tmp_path, [3], 1, True, cleaning)
    builds = {(row["N"], row["mix"], row["build"]): row for row in cold.records()}
    assert {(3, "realistic", "ours"), (3, "worst", "ours")} <= set(builds)
    plain = builds[(3, "realistic", bench.PLAIN.label)]
    for row in builds.values():
        assert 0 < row["min s"] <= row["median s"] <= row["max s"]
        assert row["peak RSS MB"] > 10 and row["output MB"] > 0
        assert row["files"] > 3 and row["runs"] == 1  # three articles and the pages around them
    by_name = {str(name).split(":")[0]: row for name, row in ratios.by("ratio").items()}
    whole = by_name["whole build, realistic"]
    ours = builds[(3, "realistic", "ours")]
    assert whole["median"] == pytest.approx(ours["median s"] / plain["median s"])
    assert whole["per pair"] == (whole["median"],) and whole["target"] == bench.TARGET_WHOLE_BUILD
    for mix in ("realistic", "worst"):
        row = next(row for name, row in by_name.items() if name.startswith(f"cleaning cost, {mix}"))
        if cleaning:
            assert row["median"] is None
        else:
            assert row["median"] > 0 and row["verdict"] in (
                "met",
                f"MISSED by {row['median'] / row['target']:.2f}x",
            )


def test_incremental_builds_are_timed_and_end_equal_to_a_cold_build(tmp_path: Path) -> None:
    times, checks = incremental_bench.timed(
        tmp_path, [3], 1, bench.run_child, bench.plain_pelican_command(tmp_path)
    )
    rows = times.by("build")
    assert set(rows) == set(incremental_bench.LABELS.values())
    cold = rows[incremental_bench.LABELS["cold"]]
    assert cold["ratio to cold (median)"] == 1.0
    for row in rows.values():
        assert row["N"] == 3 and row["rounds"] == 1 and row["median s"] > 0
        assert row["ratio to cold (median)"] == pytest.approx(row["median s"] / cold["median s"])
        assert row["target"] is None  # targets are for 5,000 articles
        assert 20 < row["peak MB (max)"] < 2000  # the build's own process, in MB (not KiB)
    assert checks.records() == [
        {"N": 3, "files differing from a cold build": 0, "build cache MB": checks.rows[0][2]}
    ]
    assert checks.rows[0][2] > 0


def test_warm_rebuilds_give_their_ratios_and_match_a_cold_build(tmp_path: Path) -> None:
    warm = bench.warm_rebuilds(tmp_path, 3, 1).by("ratio")
    assert set(warm) == {"warm, nothing changed / cold", "warm, one article changed / cold"}
    for row in warm.values():
        assert row["median"] > 0 and row["files differing from cold"] == 0


def test_the_article_page_weighs_what_its_files_weigh(tmp_path: Path) -> None:
    weight = bench.weight_section(tmp_path, project_settings())
    page = next(row for row in weight.records() if ARTICLE_SLUG in row["page"])
    built = tmp_path / "output-project" / page["page"]
    assert page["HTML bytes"] == built.stat().st_size > 5000  # the whole article is there
    assert page["CSS bytes"] > 0 and page["HTML+CSS"] == page["HTML bytes"] + page["CSS bytes"]
    assert page["requests"] >= 2 and page["external"] == 0 and page["missing"] == 0


def test_the_paragraph_table_times_each_size() -> None:
    table = bench.paragraph_section((50, 100))
    assert table.by("fragment groups in one paragraph").keys() == {50, 100}
    for row in table.records():
        assert row["seconds"] > 0
        assert row["microseconds per group"] == pytest.approx(
            1e6 * row["seconds"] / row["fragment groups in one paragraph"]
        )


def test_the_profile_shows_both_orders(tmp_path: Path) -> None:
    parts = bench.profile_section(tmp_path, 3, 5)
    assert [part.split(" (")[0] for part in parts[1:]] == [
        "Sorted by cumulative",
        "Sorted by tottime",
    ]


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
    costs, ratios = instruction_tables(
        {
            "ours": Cost(1.2e9, 40e6),
            "noclean": Cost(1.0e9, 38.5e6),
            "plain": Cost(0.9e9, 35e6),
        },
        {"ours": "ours", "noclean": "ours without clean_markup", "plain": "plain"},
        [50, 300],
    )
    assert costs.by("build")["ours"]["per article (M instr.)"] == 40e6
    table = {
        str(name).split(":")[0]: row for name, row in ratios.by("ratio (instructions)").items()
    }
    assert table["cleaning per article"]["value"] == pytest.approx(40 / 38.5)
    assert table["cleaning per article"]["verdict"] == "met"
    assert table["clean_markup start-up"]["value"] == pytest.approx(0.2e9)
    assert table["whole build per article"]["value"] == pytest.approx(40 / 35)
    assert table["whole build per article"]["verdict"] == "MISSED by 1.04x"
    assert "| 0.200 G |" in ratios.render() and "| 1.039x |" in ratios.render()


def test_the_mixed_corpus_has_every_shape_in_every_article() -> None:
    texts = [article_text(i, "mixed") for i in range(60)]
    assert all(3 <= count <= 6 for _slug, _text, count in texts)
    bodies = "".join(body(text) for _slug, text, _count in texts)
    for shape in ("< /b>", " b>", "</b>", "&lt;/b&gt;", "<b ", "</ b>"):
        assert shape in bodies, shape


def test_big_source_makes_exact_sizes_and_prints_its_table() -> None:

    for shape in ("paragraphs", "lines"):
        data = big_article(20_000, shape)
        assert (
            len(data) == 20_000
            and data.startswith(b"Title: ")
            and not check_source("long-read.md", data, ("title", "date"))
        )
    table = measure([0.01], 1)
    rows = table.records()
    assert [row["shape"] for row in rows] == ["paragraphs", "lines"]
    for row in rows:
        assert row["MB"] == 0.01 and 0 < row["min s"] <= row["median s"]
        assert row["progress line"] == "no"  # 10 kB: no progress line
