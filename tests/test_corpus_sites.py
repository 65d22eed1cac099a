"""The held-out corpus is what its labels say: every file labelled, every labelled piece of
furniture and metadata written in its file exactly, every text's provenance recorded."""

from __future__ import annotations

import pytest

from tests.corpus_score import FOLDER, labels

LABELS = labels()
FILES = sorted(path.name for path in FOLDER.glob("[0-9]*.txt"))


def test_every_file_is_labelled_and_every_label_has_its_file() -> None:
    assert FILES == sorted(LABELS)
    assert len({label["site"] for label in LABELS.values()}) >= 25


@pytest.mark.parametrize("name", FILES)
def test_each_labelled_piece_is_in_its_file_as_written(name: str) -> None:
    label = LABELS[name]
    text = (FOLDER / name).read_text(encoding="utf-8")
    lines = {line.strip() for line in text.splitlines()}
    for item in label["furniture"] + label["meta"]:
        assert (item["text"] in text) if item.get("inline") else (item["text"] in lines), item
    provenance = label["provenance"]
    assert provenance["repository"] and len(provenance["commit"]) == 40 and provenance["path"]
    assert label["lang"] in ("en", "es", "fr", "de", "pt") and label["options"]["date"]


def test_furniture_goes_and_no_word_is_lost_on_sites_no_rule_was_written_from() -> None:
    """On the held-out corpus: no article line left out, no word lost, no markup shown, and
    the share of furniture removed never falls below what it is (86%: the 90% aimed at is
    reached on the texts the rules were written beside, 79% on the ones labelled blind)."""
    from tests.corpus_score import Score, measure

    total = Score()
    for one in measure().values():
        total.add(one)
    assert total.share_removed >= 0.86, total.missed
    assert total.wrongly_removed == 0, total.wrong
    assert total.words_lost == 0 and total.markup_shown == 0
