"""folium and the branca elements the HTML export builds on, imported without pandas.

folium imports pandas whenever it is installed (``folium.utilities``: ``try: import pandas``
... ``except ImportError: pd = None``), only to recognise a DataFrame passed as locations or
data; every folium release up to 1.0.0rc1 does so. This app passes plain lists, and pandas
alone costs more to import than the rest of an HTML export. The app itself does not depend
on pandas, so a packaged app or a plain install has none; where it is installed anyway (a
development environment with geopandas), folium is imported here with pandas marked
unavailable for that one import. A ``None`` entry in ``sys.modules`` is the import system's
documented way to make ``import pandas`` raise ImportError; it is removed straight after,
so pandas stays importable for any later code. When something has already loaded pandas,
folium gets it as usual.
"""

from __future__ import annotations

import sys

_BLOCKED = "pandas"

if _BLOCKED in sys.modules or "folium" in sys.modules:
    import folium
else:
    sys.modules[_BLOCKED] = None  # type: ignore[assignment]
    try:
        import folium
    finally:
        if sys.modules.get(_BLOCKED, 0) is None:
            del sys.modules[_BLOCKED]

from branca.element import Element, MacroElement  # noqa: E402 - after folium, as above

__all__ = ["Element", "MacroElement", "folium"]
