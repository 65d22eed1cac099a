from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_FLAGS, require
from tests.sitecheck import build


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the sources, with our settings."""
    output = tmp_path_factory.mktemp("site")
    result = build(output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Chromium for every browser test: Playwright's sync API allows one at a time."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Python Playwright is not installed (make install)")
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
