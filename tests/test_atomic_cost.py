"""The atomic-output benchmark runs on a few articles and returns consistent figures."""

import pytest

from benchmarks.atomic_cost import measure


def test_atomic_cost_gives_both_builds_their_ratio_and_the_swap() -> None:
    section = measure(3, 1)
    builds, ratios, swap, per_file = section.tables
    rows = list(builds.by("build").values())
    assert [str(name).split(" ")[0] for name in builds.by("build")] == ["pelican", "newsroom.build"]
    plain, atomic = rows
    ratio = ratios.by("ratio")["newsroom.build / pelican"]
    assert ratio["median"] == pytest.approx(atomic["median s"] / plain["median s"])
    assert ratio["per pair"] == (ratio["median"],)
    assert all(value > 0 for value in swap.rows[0][1:])
    costs = per_file.by("each file of the site")
    assert list(costs) == ["written anew into a fresh folder", "hard-linked into a fresh folder"]
    assert all(0 < row["min us"] <= row["median us"] for row in costs.values())
    assert "files" in section.title and "| newsroom.build / pelican |" in section.render()
