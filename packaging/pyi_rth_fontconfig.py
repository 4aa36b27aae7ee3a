"""PyInstaller runtime hook: let fontconfig find the fonts bundled with the app (Linux).

Qt draws text with the fonts fontconfig lists; on a machine without any it draws empty
boxes. The bundle carries DejaVu Sans and a fonts.conf that adds it to the system's own
configuration. A FONTCONFIG_FILE the user set is left alone.
"""

import os
import sys

_conf = os.path.join(getattr(sys, "_MEIPASS", ""), "fonts", "fonts.conf")
if sys.platform.startswith("linux") and "FONTCONFIG_FILE" not in os.environ:
    if os.path.isfile(_conf):
        os.environ["FONTCONFIG_FILE"] = _conf
