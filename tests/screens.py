"""Screenshots of every page type, to look at: phone and desktop, light and dark.

    .venv/bin/python -m tests.screens [--sizes 20,1000] [--out test-artifacts/screens]

Builds the real site and synthetic sites of each size (newsroom/synthetic.py, with the
theme's test cases among them) with our settings, then takes 390x844 and 1280x800 shots of
each page type in light and dark, and prints the HTML size of the list pages. Nothing here
asserts anything: tests/test_browser.py does; this is for a person to look at the pages.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from newsroom.chromium import launch
from tests.browser import ARTIFACTS, page_types
from tests.fixtures import write_cases
from tests.sitecheck import Built, build_site

VIEWPORTS = ((390, 844), (1280, 800))
SCHEMES = ("light", "dark")


def shoot(built: Built, name: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    kinds = page_types(built)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        for kind, path in kinds.items():
            page.goto((built.output / path).as_uri())
            for width, height in VIEWPORTS:
                page.set_viewport_size({"width": width, "height": height})
                for scheme in SCHEMES:
                    page.emulate_media(color_scheme=scheme)
                    shot = out / f"{name}-{kind}-{width}-{scheme}.png"
                    page.screenshot(path=str(shot))
            size = (built.output / path).stat().st_size
            print(f"{name:>6} {kind:<10} {size:>9,} bytes  {path}")
        browser.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,1000", help="synthetic site sizes")
    parser.add_argument("--out", type=Path, default=ARTIFACTS / "screens")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="screens-") as folder:
        work = Path(folder)
        shoot(build_site(work / "real"), "real", args.out)
        for size in (int(n) for n in args.sizes.split(",")):
            content = write_cases(work / f"content-{size}", synthetic=max(size - 5, 0))
            shoot(build_site(work / f"out-{size}", content=content), str(size), args.out)


if __name__ == "__main__":
    main()
