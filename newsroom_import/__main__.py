import sys

from newsroom_import.cli import main

sys.exit(main())
