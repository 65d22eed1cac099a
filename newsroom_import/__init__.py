"""Turn a raw scraped text or a saved web page into a Markdown article for content/articles/.

Run it as `python -m newsroom_import FILE` or `make import RAW=FILE`; `--help` lists the options.
It checks sources with the build's own plugin code, imported under the name Pelican gives it
(`source_checks`, from plugins/), so there is one copy of each rule.
"""

import sys
from pathlib import Path

_PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)
