"""The site's build command: Pelican in this process, into a fresh folder swapped in whole.

`make html`, `make publish`, `make regenerate`, `make serve` and `make devserver` run
`python -m newsroom_build <command>`; see cli.py for the options, build.py for one build
and atomic.py for the swap and the lock.

It reads the sources through the source_checks plugin's gate (source_checks.files), imported
under the name Pelican gives it, so there is one copy of the rule.
"""

import sys
from pathlib import Path

_PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)
