"""The exports that need no Qt: the interactive HTML page, GeoJSON and the CSV table.

The command line writes these without starting Qt or loading a geometry library, so a
scripted export costs little more than reading the dataset; ``export`` routes File >
Export… through the same functions.
"""

from __future__ import annotations

from pathlib import Path

from desktop.geo.styled import StyledMap, styled_map
from desktop.geo.theme import THEMES
from desktop.io.save import write_bytes_atomic
from desktop.model.countries import Gazetteer
from desktop.model.dataset import Dataset
from desktop.model.message import N_, Label
from desktop.render.options import ExportError, ExportOptions

DATA_FORMATS = ("html", "geojson", "csv")
"""Formats written by this module; the others are drawn with Qt (``render.export``)."""


def styled_for(dataset: Dataset, gazetteer: Gazetteer, options: ExportOptions) -> StyledMap:
    """The map of the day these options ask for: the one every format reads."""
    return styled_map(
        dataset,
        gazetteer,
        options.day,
        theme=THEMES[options.theme],
        patterns=options.pattern,
        lang=options.lang,
    )


def csv_text(dataset: Dataset, styled: StyledMap) -> str:
    """The nations table as CSV, as the map of the day shows each nation."""
    from desktop.io.tables import nations_csv

    return nations_csv(
        dataset,
        styled.day,
        names={unit.code: unit.name for unit in styled.units},
        categories={unit.code: unit.category for unit in styled.units},
        labels={row.category: row.label for row in styled.legend},
        part_of={unit.code: unit.part_of for unit in styled.units if unit.part_of},
        counted={unit.code: unit.counted for unit in styled.units},
    )


def data_bytes(dataset: Dataset, gazetteer: Gazetteer, options: ExportOptions) -> bytes:
    """The file's bytes (UTF-8) for an HTML, GeoJSON or CSV export of checked ``options``.

    Raises ValueError for any other format.
    """
    fmt = options.format
    if fmt == "html":
        from desktop.render.htmlmap import html_map

        text = html_map(
            dataset,
            title=options.title,
            subtitle=options.subtitle,
            tiles=options.tiles,
            view=options.view,
            # Hatching is for print; the page names each country's position instead.
            styled=styled_map(
                dataset,
                gazetteer,
                options.day,
                theme=THEMES[options.theme],
                lang=options.lang,
            ),
            gazetteer=gazetteer,
            timeline=options.timeline,
        )
    elif fmt == "geojson":
        from desktop.geo.geojson import countries_geojson

        text = countries_geojson(dataset, styled_for(dataset, gazetteer, options))
    elif fmt == "csv":
        text = csv_text(dataset, styled_for(dataset, gazetteer, options))
    else:
        raise ValueError(f"{fmt!r} is drawn with Qt, not written here")
    return text.encode("utf-8")


def check_target(path: str | Path) -> Path:
    """``path`` as a Path when a file can be written there; ExportError saying why not."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(
            Label(
                N_("cannot write {path}: folder {folder} does not exist"),
                path=str(target),
                folder=str(folder),
            )
        )
    if target.is_dir():
        raise ExportError(Label(N_("cannot write {path}: it is a folder"), path=str(target)))
    return target


def export_data(
    dataset: Dataset, path: str | Path, options: ExportOptions, gazetteer: Gazetteer
) -> Path:
    """Write an HTML, GeoJSON or CSV export to ``path`` atomically.

    Raises ExportError for impossible options or paths, OSError from the disk.
    """
    options = options.checked()
    target = check_target(path)
    write_bytes_atomic(target, data_bytes(dataset, gazetteer, options))
    return target
