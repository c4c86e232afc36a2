"""Start pos_loyalty: the desktop app with no arguments, the command line with a command."""

import sys

from pos_loyalty.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
