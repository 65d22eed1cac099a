import sys

from newsroom_build.cli import main

sys.exit(main())
