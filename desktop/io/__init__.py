"""Dataset files in and out: YAML round trip, spreadsheet import, errors with line numbers.

No Qt and no geometry library here, so the command line starts fast.
"""

from desktop.io.dataset_file import MAX_FILE_BYTES, LoadedDataset, load_dataset, parse_dataset
from desktop.io.errors import DatasetError, LocatedProblem
from desktop.io.gazetteer import default_gazetteer

__all__ = [
    "MAX_FILE_BYTES",
    "DatasetError",
    "LoadedDataset",
    "LocatedProblem",
    "default_gazetteer",
    "load_dataset",
    "parse_dataset",
]
