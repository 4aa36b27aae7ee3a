"""The yardstick for the HTML export, as a whole process: ``GeoDataFrame.explore()`` on the
same 1:50m boundaries, coloured by the bundled dataset's categories, written to a file.

    python tests/benchmarks/explore_page.py OUT.html
"""

import sys
from pathlib import Path

import geopandas

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from desktop.io import load_dataset  # noqa: E402 - after the path is set
from desktop.model.asof import snapshot  # noqa: E402
from desktop.paths import bundled_dataset  # noqa: E402

dataset = load_dataset(bundled_dataset()).dataset
frame = geopandas.read_file(REPO / "geodata" / "countries-50m.geojson")
frame = frame[frame["iso3"] != "ATA"]
snap = snapshot(dataset)
labels = {c.id: c.label for c in dataset.categories}
frame["category"] = [
    labels.get(snap.category_of(c) or "", "No stated position") for c in frame["iso3"]
]
explored = frame.explore(
    column="category", categorical=True, tooltip=["name", "category"], tiles=None
)
explored.save(sys.argv[1])
