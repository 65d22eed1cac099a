"""`make bench-search` still runs and prints its tables (its figures are never asserted)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import search_bench
from newsroom.synthetic import WORDS, write_site


def test_the_benchmark_prints_the_index_and_its_share_of_the_build(
    capsys: pytest.CaptureFixture[str],
) -> None:
    search_bench.main(["--sizes", "10", "--runs", "1", "--no-browser"])
    printed = capsys.readouterr().out
    assert "## 10 articles" in printed
    for part in ("table of contents", "key files", "word files", "article files"):
        assert re.search(rf"^\| {part} \| \d+ \| [\d,]+ \| [\d,]+ \|$", printed, re.M), part
    assert re.search(r"^\| whole index \| 1\d \| [\d,]+ \| [\d.]+% of output", printed, re.M)
    assert re.search(
        r"^\| wall time, with / without \S*offline_search \| [\d.]+x \|", printed, re.M
    )


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
