"""The stemmers committed in the theme are the pinned npm package's files, unchanged."""

from __future__ import annotations

import json

from newsroom.plugins.offline_search.vendor import (
    PACKAGE,
    SOURCE,
    TARGET,
    copy,
    note,
    vendored_files,
)
from tests.browser import require
from tests.sitecheck import ROOT


def pinned_version() -> str:
    declared = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    version = declared["devDependencies"][PACKAGE]
    assert locked["packages"][f"node_modules/{PACKAGE}"]["version"] == version
    return version


def test_committed_stemmers_name_their_version_and_licence() -> None:
    assert (TARGET / "README.txt").read_text(encoding="utf-8") == note(pinned_version())
    assert "MIT License" in (TARGET / "LICENSE.md").read_text(encoding="utf-8")
    assert sorted(path.name for path in TARGET.iterdir()) == sorted(
        [*vendored_files(), "README.txt"]
    )


def test_committed_stemmers_are_the_npm_package_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    require(SOURCE.is_dir(), f"{SOURCE} is missing (npm ci)")
    fresh = tmp_path / PACKAGE
    copy(SOURCE, fresh)
    for path in fresh.iterdir():
        assert path.read_bytes() == (TARGET / path.name).read_bytes(), (
            f"{path.name} differs from node_modules: run `make search-vendor` and commit"
        )
