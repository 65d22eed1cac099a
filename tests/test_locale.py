"""The site's bytes do not depend on the locale of the machine that builds it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.buildsite import environment, run_build
from tests.sitecheck import ROOT, tree_bytes

FRENCH = "fr_FR.UTF-8"


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment whose locale is French: the machine's, or one compiled here."""
    env = {"LC_ALL": FRENCH, "LANG": FRENCH}
    if _month_name(env) == "novembre":
        return env
    folder = tmp_path_factory.mktemp("locales")
    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.fail("localedef is missing: install the C library's locale tools (locales)")
    result = subprocess.run(
        [localedef, "-i", "fr_FR", "-f", "UTF-8", str(folder / FRENCH)],
        capture_output=True,
        text=True,
        check=False,
    )
    env["LOCPATH"] = str(folder)
    assert _month_name(env) == "novembre", (
        "could not make the French locale (apt-get install locales): " + result.stderr
    )
    return env


def _month_name(env: dict[str, str]) -> str:
    script = (
        "import locale, datetime\n"
        "try:\n    locale.setlocale(locale.LC_ALL, '')\n"
        "except locale.Error:\n    print('none'); raise SystemExit\n"
        "print(datetime.date(2022, 11, 24).strftime('%B'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment(env),
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


def test_same_bytes_in_c_and_french_locales(french: dict[str, str], tmp_path: Path) -> None:
    content = ROOT / "content"
    c_build = run_build(content, tmp_path / "c", env={"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
    fr_build = run_build(content, tmp_path / "fr", env=french)
    assert c_build.returncode == 0, c_build.stderr
    assert fr_build.returncode == 0, fr_build.stderr
    c_tree, fr_tree = tree_bytes(tmp_path / "c"), tree_bytes(tmp_path / "fr")
    assert sorted(c_tree) == sorted(fr_tree)
    assert [name for name in c_tree if c_tree[name] != fr_tree[name]] == []
    assert b"November" in b"".join(c_tree.values())


def test_the_machine_locale_would_have_changed_the_dates(
    french: dict[str, str], tmp_path: Path
) -> None:
    """The test above can fail: with Pelican's default (the machine's locale) dates change."""
    result = run_build(ROOT / "content", tmp_path / "fr", "-e", 'LOCALE=[""]', env=french)
    assert result.returncode == 0, result.stderr
    assert b"novembre" in b"".join(tree_bytes(tmp_path / "fr").values())
