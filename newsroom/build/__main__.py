import sys

from newsroom.build.cli import main

# Guarded: the build's worker processes (pool.py) import this module under another name.
if __name__ == "__main__":
    sys.exit(main())
