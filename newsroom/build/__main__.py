"""`python -m newsroom.build`: one command, one process.

A build's objects live until it ends (its articles, its pages' records), and CPython's cyclic
collector walks all of them at each full collection and again when the process exits. So it
runs less often here, and not at all on the way out, when the memory goes back to the system
anyway: at 5,000 articles its collections found nothing to free during a build, and took 1.5 s
of an edit's 14 s, 1.1 s more on exit (docs/BENCHMARK.md).
"""

import gc
import sys

from newsroom.build.cli import main

if __name__ == "__main__":
    gc.set_threshold(50_000, 10, 10)
    status = main()
    gc.freeze()
    sys.exit(status)
