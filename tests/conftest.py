"""The sites the tests read, each built once per session in this process."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsroom.chromium import CHROMIUM, launch
from tests.browser import require
from tests.fixtures import write_cases
from tests.sitecheck import Built, build_site

PUBLISHED_SITEURL = "https://example.org/newsroom"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The site built from content/, with our settings, as `make html` builds it."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site(built: Built) -> Path:
    return built.output


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The site built from content/ with publishconf.py, as `make publish` builds it."""
    return build_site(
        tmp_path_factory.mktemp("published"),
        settings_file="publishconf.py",
        env={"SITEURL": PUBLISHED_SITEURL, "CNAME": ""},
    )


@pytest.fixture(scope="session")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The theme's own cases among 45 synthetic articles (tests/fixtures), our settings."""
    content = write_cases(tmp_path_factory.mktemp("cases-content"))
    return build_site(tmp_path_factory.mktemp("cases"), content=content)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Chromium for every browser test: Playwright's sync API allows one at a time."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Python Playwright is not installed (make install)")
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()
