"""`python -m newsroom.build`: one command, one process, whose cyclic collector runs every
50,000 allocations and not at exit (why: docs/ARCHITECTURE.md, "Incremental builds")."""

import gc
import sys

from newsroom.build.cli import main

if __name__ == "__main__":
    gc.set_threshold(50_000, 10, 10)
    status = main()
    gc.freeze()
    sys.exit(status)
