"""``python -m metl_core.check``: the homework checker's command line (and its workers')."""

import sys

from metl_core.check import main

if __name__ == "__main__":
    sys.exit(main())
