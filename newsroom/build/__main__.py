import sys

from newsroom.build.cli import main

if __name__ == "__main__":
    sys.exit(main())
