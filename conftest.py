"""Pelican loads our plugins from plugins/ as top-level packages (PLUGIN_PATHS); the tests and
the import command import them under the same names (`source_checks`, `clean_markup`...)."""

import sys
from pathlib import Path

PLUGINS = str(Path(__file__).resolve().parent / "plugins")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)
