from pathlib import Path

import pytest

from tests.sitecheck import build


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the sources, with our settings."""
    output = tmp_path_factory.mktemp("site")
    result = build(output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output
