"""Shared by every test: the plugins' import path, and the property tests' profiles.

Pelican loads our plugins from plugins/ as top-level packages (PLUGIN_PATHS); the tests and
the import command import them under the same names (`source_checks`, `clean_markup`...).

Property tests run the `default` profile (quick enough for `make test`), or the `deep` one
when HYPOTHESIS_PROFILE=deep (`make test-deep`): twenty times the examples.
"""

import os
import sys
from pathlib import Path

from hypothesis import settings

PLUGINS = str(Path(__file__).resolve().parent / "plugins")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
