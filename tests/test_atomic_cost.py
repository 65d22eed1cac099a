"""The atomic-output benchmark runs end to end and prints its figures (never timed here)."""

import re
import subprocess
import sys

from tests.sitecheck import ROOT


def test_atomic_cost_benchmark_prints_its_ratio_and_the_swap() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.atomic_cost", "--count", "5", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"newsroom.build / pelican: median \d+\.\d{3}x", result.stdout)
    assert re.search(r"The swap alone .*: median \d+ ms", result.stdout)
    assert result.stdout.count("| pelican") == 1 and result.stdout.count("| newsroom.build") == 1
