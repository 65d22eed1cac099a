"""Copy the browser's stemmers from node_modules into the theme: `make search-vendor`.

The site builds without Node, so the stemmers the search page loads are committed under
theme/static/vendor/; npm pins their version (package.json, package-lock.json) and this copies
the package's own minified browser builds, untouched, with its licence and a note of where
they come from. test_vendor.py checks the committed copies against node_modules.
"""

from __future__ import annotations

import json
from pathlib import Path

from .text import STEMMERS

PACKAGE = "snowball-stemmer.jsx"
ROOT = Path(__file__).resolve().parents[3]  # the project (an editable install)
SOURCE = ROOT / "node_modules" / PACKAGE
TARGET = ROOT / "theme" / "static" / "vendor" / PACKAGE


def vendored_files() -> dict[str, str]:
    """Name in the theme -> path in the npm package."""
    files = {
        f"{algorithm}-stemmer.global.min.js": f"dest/{algorithm}-stemmer.global.min.js"
        for algorithm in sorted(STEMMERS.values())
    }
    files["LICENSE.md"] = "LICENSE.md"
    return files


def note(version: str) -> str:
    return (
        f"{PACKAGE} {version}, from npm (package.json pins it), copied unchanged by\n"
        "`make search-vendor`: the package's minified browser builds of the Snowball stemmers\n"
        "the search page needs, one file per language, each defining a global\n"
        "`<Language>Stemmer`.\n"
        "MIT licence (LICENSE.md); the algorithms are Snowball's (BSD), https://snowballstem.org.\n"
    )


def copy(source: Path = SOURCE, target: Path = TARGET) -> list[Path]:
    if not source.is_dir():
        raise SystemExit(f"{source} is missing: run `npm ci --ignore-scripts` first")
    version = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, origin in vendored_files().items():
        (target / name).write_bytes((source / origin).read_bytes())
        written.append(target / name)
    (target / "README.txt").write_text(note(version), encoding="utf-8")
    written.append(target / "README.txt")
    return written


if __name__ == "__main__":
    for path in copy():
        print(path.relative_to(ROOT))
