"""Pelican loads our plugins from plugins/ as top-level packages (PLUGIN_PATHS); the tests and
the import command import them under the same names (`source_checks`, `clean_markup`...)."""

import sys
from pathlib import Path

PLUGINS = str(Path(__file__).resolve().parent / "plugins")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)

# Property tests: a small profile in `make test`, a deep one in `make test-deep`
# (HYPOTHESIS_PROFILE=deep). A test's own @settings(max_examples=...) still wins.
import os  # noqa: E402

from hypothesis import settings  # noqa: E402

settings.register_profile("default", deadline=None)
settings.register_profile("deep", deadline=None, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
