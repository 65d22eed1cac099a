"""`make bench-search` still runs and prints its tables (its figures are never asserted)."""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks import search_bench
from newsroom.synthetic import WORDS, write_site


def test_the_index_table_adds_up_and_the_share_of_the_build_is_a_ratio(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    write_site(content, 5, "realistic")
    search_bench.build(tmp_path, content, site)
    parts = search_bench.index_table(site).by("part")
    whole = parts.pop("whole index")
    assert set(parts) == {"table of contents", "key files", "word files", "article files"}
    assert all(
        row["files"] > 0 and row["bytes"] >= row["largest file"] > 0 for row in parts.values()
    )
    assert parts["article files"]["files"] == 5  # one per article
    assert whole["bytes"] >= sum(row["bytes"] for row in parts.values())
    assert 0 < whole["share of output"] < 1
    share = search_bench.share_of_build(tmp_path, content, 1, instructions=False).by("builds")
    for row in share.values():
        assert row["median"] == row["min"] > 0 and row["each pair"] == (row["median"],)


def test_zipf_rewrite_changes_the_prose_and_keeps_the_markup(tmp_path: Path) -> None:
    write_site(tmp_path / "content", 3, "realistic")
    before = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.md")}
    words = tmp_path / "words.txt"
    words.write_text("alpha\nbravo\ncharlie\ndelta\necho\nfoxtrot\nNotLower\nx1\n")
    vocabulary = search_bench.zipf_rewrite(tmp_path / "content", words)
    assert sorted(vocabulary) == ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    generated = {word.lower() for word in WORDS}
    for path in tmp_path.rglob("*.md"):
        text, old = path.read_text(encoding="utf-8"), before[path.name]
        assert text.splitlines()[1:9] == old.splitlines()[1:9]  # date, author, agency... kept
        assert "{: .credit }" in text and text.count("<figure") == old.count("<figure")
        title = re.findall(r"[A-Za-z]+", text.splitlines()[0].removeprefix("Title: "))
        assert any(word.lower() in vocabulary for word in title)
        assert not [word for word in title if word.lower() in generated - set(vocabulary)]
