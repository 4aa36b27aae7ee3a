"""PyInstaller runtime hook: let fontconfig find the fonts bundled with the app (Linux).

Qt draws text with the fonts fontconfig lists; on a machine without any it draws empty
boxes, and few machines have Arabic and CJK fonts. The bundle carries DejaVu Sans, Noto Sans
Arabic UI and Noto Sans CJK (desktop.render.fonts) and a fonts.conf that adds them to the
system's own configuration. A FONTCONFIG_FILE the user set is left alone (the app then
loads the bundled files itself).
"""

import os
import sys

_conf = os.path.join(getattr(sys, "_MEIPASS", ""), "fonts", "fonts.conf")
if sys.platform.startswith("linux") and "FONTCONFIG_FILE" not in os.environ:
    if os.path.isfile(_conf):
        os.environ["FONTCONFIG_FILE"] = _conf
