"""The frozen app's entry point: the same ``main`` as the ``coalition-atlas`` console script.

PyInstaller needs a script file to start from; the checkout's own entry point is the
``desktop.cli:main`` function, so this file only calls it.
"""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
