import sys

from newsroom.importer.cli import main

sys.exit(main())
