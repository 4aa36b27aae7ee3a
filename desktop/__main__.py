"""``python -m desktop`` behaves like the ``coalition-atlas`` command."""

import sys

from desktop.cli import main

sys.exit(main())
