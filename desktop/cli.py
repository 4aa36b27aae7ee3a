"""The ``coalition-atlas`` command: open the window, or run one verb and exit.

    coalition-atlas [FILE]                      open the map window (bundled dataset by default)
    coalition-atlas validate FILE...            check dataset files
    coalition-atlas export [DATASET] -o OUT     make a PNG, SVG, PDF, HTML, GeoJSON or CSV
    coalition-atlas import SHEET -o OUT.yaml    turn a CSV, XLSX or ODS sheet into a dataset

Exit status: 0 done, 1 an invalid dataset or sheet (its problems are printed), 2 a wrong
command line, file name or option (one line says which).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__

VERBS = ("validate", "export", "import")

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A wrong command line: reported as one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a mistake is one line naming the fix, not a usage block."""

    def error(self, message: str):
        raise UsageError(f"{message} (see '{self.prog} --help')")


FORMAT_NAMES = {
    "png": "PNG",
    "svg": "SVG",
    "pdf": "PDF",
    "pptx": "PowerPoint",
    "html": "HTML",
    "geojson": "GeoJSON",
    "csv": "CSV",
    "mp4": "MP4 video",
    "webm": "WebM video",
    "gif": "GIF animation",
    "webp": "WebP animation",
}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _summary(loaded) -> str:
    """``43 nations (participating 35, ...), 120 contributions, 110 sources``.

    The per-category figures count sovereign states, as every legend does: a listed
    territory that stands with its state adds nothing, a disputed unit never counts.
    """
    from desktop.io.sovereignty import state_totals

    dataset = loaded.dataset
    counts = state_totals(dataset)
    per_category = ", ".join(
        f"{category_id} {count}" for category_id, count in counts.items() if category_id
    )
    return (
        f"{_count(len(dataset.nations), 'nation')} ({per_category}), "
        f"{_count(dataset.contribution_count(), 'contribution')}, {_count(len(dataset.sources), 'source')}"
    )


def _print_problems(error, name: str) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    # A file that could not be read at all (missing, a folder, binary...) is one line; a
    # dataset with problems ends with a count.
    if len(error.problems) == 1 and error.problems[0].column is None:
        return
    count = error.total
    print(f"{name}: INVALID: {count:,} problem{'s' if count != 1 else ''}", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check each file; print OK with its counts, or every problem. Exit 1 if any fails."""
    from desktop.io import DatasetError, load_dataset

    status = EXIT_OK
    for name in args.files:
        try:
            loaded = load_dataset(name)
        except DatasetError as error:
            _print_problems(error, name)
            status = EXIT_INVALID
            continue
        # Warnings do not fail the check: the file loads and saves as it is.
        for warning in loaded.warnings:
            print(warning, file=sys.stderr)
        print(f"{name}: OK: {_summary(loaded)}")
    return status


def _print_shape_warnings(dataset, name: str) -> None:
    from desktop.io.sovereignty import shape_warnings

    for warning in shape_warnings(dataset):
        print(f"{name}: warning: {warning}", file=sys.stderr)


def _day(text: str | None):
    """``--as-of`` as a PartialDate at the precision written, or None."""
    if text is None:
        return None
    from desktop.model.dates import PartialDate

    try:
        # Kept at the precision given: --as-of 2025-05 is captioned "May 2025".
        return PartialDate.parse(text)
    except ValueError as error:
        raise UsageError(f"--as-of: {error}") from None


def cmd_export(args: argparse.Namespace) -> int:
    """Export a dataset; see ``coalition-atlas export --help``.

    Several datasets and several ``--as-of`` dates make a map for each pair, in this one
    process, each to the output pattern with ``{name}`` and ``{date}`` filled in."""
    # No display is needed, and none may exist (servers, CI): draw offscreen.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.io import DatasetError, default_gazetteer, load_dataset
    from desktop.paths import bundled_dataset
    from desktop.render.encoder import VIDEO_FORMATS, ffmpeg_exe
    from desktop.render.options import (
        ExportError,
        ExportOptions,
        format_for,
        parse_size,
    )

    sources = args.dataset or [str(bundled_dataset())]
    days = [_day(text) for text in args.as_of] if args.as_of else [None]
    _check_pattern(args.output, sources, days)
    try:
        fmt = format_for(args.output, args.format)
        size = parse_size(args.size) if args.size else None
        options = ExportOptions(
            format=fmt,
            view=args.view,
            preset=args.preset,
            size=size,
            title=args.title,
            subtitle=args.subtitle,
            theme=args.theme,
            pattern=args.pattern,
            labels=args.labels is not None,
            label_all=args.labels == "all",
            tiles=args.tiles,
            day=days[0],
            slide_per_date=args.slide_per_date,
            step=args.step or "change",
            timeline=not args.no_timeline,
            lang=args.lang,
        ).checked()
        if args.animate and not options.animated:
            raise ExportError(
                "--animate writes a video or an animation: name the output .mp4, .webm, .gif or .webp"
            )
        if fmt in VIDEO_FORMATS:
            # Before any dataset is read or frame drawn: say how to get FFmpeg, or use GIF.
            ffmpeg_exe()
    except ExportError as error:
        raise UsageError(str(error)) from None
    gazetteer = default_gazetteer()
    if args.highlight:
        found = gazetteer.resolve(args.highlight)
        if not found.ok:
            raise UsageError(
                f"--highlight: {args.highlight!r} is not a country code or name the app knows"
            )
        options = _replace(options, highlight=found.code)
    forced = []
    for text in args.label:
        found = gazetteer.resolve(text)
        if not found.ok:
            raise UsageError(f"--label: {text!r} is not a country code or name the app knows")
        forced.append(found.code)
    if forced:
        options = _replace(options, label_codes=tuple(dict.fromkeys(forced)))
    unused = options.ignored()
    if unused:
        verb = "does" if len(unused) == 1 else "do"
        print(
            f"coalition-atlas export: note: {', '.join(unused)} {verb} not apply to {FORMAT_NAMES[fmt]} exports",
            file=sys.stderr,
        )
    status = EXIT_OK
    for source in sources:
        try:
            dataset = load_dataset(source).dataset
        except DatasetError as error:
            # The other datasets are still exported; the exit status says one failed.
            _print_problems(error, source)
            status = EXIT_INVALID
            continue
        for day in days:
            output = _output_name(args.output, source, day or dataset.as_of)
            _export_one(dataset, output, _replace(options, day=day), gazetteer, args)
    return status


def _check_pattern(output: str, sources: list[str], days: list) -> None:
    """UsageError unless every map of the run gets a file of its own."""
    for several, placeholder in ((len(sources) > 1, "{name}"), (len(days) > 1, "{date}")):
        if several and placeholder not in output:
            what = "datasets" if placeholder == "{name}" else "--as-of dates"
            raise UsageError(
                f"several {what}: put {placeholder} in -o so each map gets its own file, "
                f"e.g. -o 'maps/{{name}}-{{date}}.png'"
            )
    if "{name}" in output and len({Path(s).stem for s in sources}) < len(sources):
        raise UsageError("two datasets have the same file name: {name} cannot tell them apart")


def _output_name(pattern: str, source: str, day) -> str:
    """The output pattern with ``{name}`` (the dataset file's name without extension) and
    ``{date}`` (the day as written: 2025-03-02, 2025-03 or 2025) filled in."""
    return pattern.replace("{name}", Path(source).stem).replace("{date}", str(day))


def _export_one(dataset, output: str, options, gazetteer, args) -> None:
    """One map of the run: notes, warnings, the file, its alt text. UsageError when the
    file cannot be written."""
    from desktop.render.options import Cancelled, ExportError

    fmt, day = options.format, options.day
    if day is not None:
        from desktop.model.asof import dated_span

        first, _ = dated_span(dataset) or (None, None)
        if first is not None and day.start < first:
            print(
                f"coalition-atlas export: note: {day} is before the dataset's first dated entry ({first}): no nation has a position yet",
                file=sys.stderr,
            )
        elif day.start > dataset.as_of.start:
            print(
                f"coalition-atlas export: note: {day} is after the dataset's date ({dataset.as_of}): positions are those of {dataset.as_of}",
                file=sys.stderr,
            )

    styled = _styled(dataset, gazetteer, options)
    if fmt in PICTURE_FORMATS and not options.pattern:
        from desktop.model.colourvision import clashes

        for clash in clashes((row.label, row.color) for row in styled.legend):
            print(f"coalition-atlas export: warning: {clash.message()}", file=sys.stderr)

    from desktop.render.dataexport import DATA_FORMATS, export_data

    try:
        notes: list[str] = []
        if fmt in DATA_FORMATS:
            # HTML, GeoJSON and CSV need neither Qt nor a geometry library: not loaded.
            written = export_data(dataset, output, options, gazetteer)
        else:
            written = _export_image(dataset, output, options, gazetteer, notes)
    except ExportError as error:
        raise UsageError(str(error)) from None
    except Cancelled:  # pragma: no cover - the command line has no cancel button
        raise UsageError("cancelled") from None
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
    print(f"{written}: {FORMAT_NAMES[fmt]} written ({written.stat().st_size:,} bytes)")
    if args.alt_text is not None:
        from desktop.geo.describe import map_description

        text = map_description(styled, options.title or dataset.title)
        if args.alt_text == "-":
            print(text)
        else:
            from desktop.io.save import write_bytes_atomic

            described = Path(f"{written}.txt")
            write_bytes_atomic(described, (text + "\n").encode("utf-8"))
            print(f"{described}: alt text written")
    for note in notes:
        print(f"coalition-atlas export: note: {note}", file=sys.stderr)


PICTURE_FORMATS = ("png", "svg", "pdf", "pptx", "html")
"""Formats whose readers tell the categories apart by colour."""


def _styled(dataset, gazetteer, options):
    """The map of the day the export shows, for its warnings and its alt text."""
    from desktop.geo.styled import styled_map
    from desktop.geo.theme import THEMES

    theme = THEMES[options.theme] if options.format != "html" else THEMES["light"]
    return styled_map(
        dataset, gazetteer, options.day, theme=theme, patterns=options.pattern, lang=options.lang
    )


def _export_image(dataset, output: str, options, gazetteer, notes: list[str]) -> Path:
    """PNG, SVG, PDF or PowerPoint: drawn by Qt, which needs an application object alive
    meanwhile. What the user should be told (labels without room) is added to ``notes``."""
    from PySide6.QtGui import QGuiApplication

    from desktop.render.export import export

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 - Qt needs it alive
    return export(dataset, output, options, gazetteer, notes=notes)


def _replace(options, **changes):
    from dataclasses import replace

    return replace(options, **changes)


def cmd_import(args: argparse.Namespace) -> int:
    """Turn a spreadsheet into a dataset file; see ``coalition-atlas import --help``."""
    from desktop.io import DatasetError, default_gazetteer
    from desktop.io.save import save_dataset
    from desktop.io.sheet import BadRows, NothingImported, accept_import, read_sheet

    out = Path(args.output)
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"the output {out.name!r} must be a .yaml file")
    if out.exists() and not args.force:
        raise UsageError(f"{out} exists: choose another name, or add --force to replace it")
    if not (out.parent if str(out.parent) else Path(".")).is_dir():
        raise UsageError(f"cannot write {out}: folder {out.parent} does not exist")
    gazetteer = default_gazetteer()
    try:
        result = read_sheet(
            args.sheet,
            sheet_name=args.sheet_name,
            gazetteer=gazetteer,
            as_of=_day(args.as_of),
        )
    except DatasetError as error:
        _print_problems(error, args.sheet)
        return EXIT_INVALID
    for warning in result.warnings:
        print(dataclasses.replace(warning, warning=True), file=sys.stderr)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    count = len(result.problems)
    if count and args.skip_bad_rows:
        print(f"{args.sheet}: skipped the rows above ({count})", file=sys.stderr)
    try:
        dataset = accept_import(
            result, args.sheet, skip_bad_rows=args.skip_bad_rows, gazetteer=gazetteer
        )
    except BadRows:
        print(
            f"{args.sheet}: {count} row problem{'s' if count != 1 else ''}; nothing was written "
            "(fix the rows, or add --skip-bad-rows to import the others)",
            file=sys.stderr,
        )
        return EXIT_INVALID
    except NothingImported:
        print(f"{args.sheet}: no nation could be imported; nothing was written", file=sys.stderr)
        return EXIT_INVALID
    except DatasetError as error:
        _print_problems(error, args.sheet)
        return EXIT_INVALID
    _print_shape_warnings(dataset, args.sheet)
    if args.title:
        dataset.title = args.title
    try:
        save_dataset(dataset, out, gazetteer=gazetteer)
    except DatasetError as error:
        _print_problems(error, str(out))
        return EXIT_INVALID
    except OSError as error:
        raise UsageError(f"cannot write {out}: {error.strerror or error}") from None
    choose = "" if result.as_of_from == "given" else " (choose another with --as-of)"
    print(
        f"{out}: OK: {len(dataset.nations)} nations from {result.rows_read} rows, "
        f"{result.as_of_note}{choose}"
    )
    return EXIT_OK


EXPORT_EPILOG = """\
examples:
  coalition-atlas export -o coalition.png                       the bundled dataset, 1920x1080
  coalition-atlas export my.yaml -o europe.pdf --view europe    A4 landscape PDF + sources page
  coalition-atlas export -o slide.svg --highlight UKR --theme dark
  coalition-atlas export -o map.png --preset 4k --pattern       hatched for greyscale print
  coalition-atlas export -o briefing.pptx --view europe         editable PowerPoint slide
  coalition-atlas export -o story.pptx --slide-per-date         a slide for each change
  coalition-atlas export --animate -o story.mp4                 the timeline as a 1080p video
  coalition-atlas export --animate -o story.gif --step month    a frame for each month
  coalition-atlas export -o map.html                            interactive, works offline
  coalition-atlas export -o map.html --tiles OpenStreetMap      with an online basemap
  coalition-atlas export -o nations.csv --as-of 2025-03-02      the table as it stood then
  coalition-atlas export -o countries.geojson                   for QGIS and other GIS tools
"""


def build_parser() -> argparse.ArgumentParser:
    """The verbs' argument parser (the window's own is in ``window_parser``)."""
    parser = OneLineParser(
        prog="coalition-atlas",
        description="Map who stands where on a multinational coalition.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'coalition-atlas VERB --help' for a verb's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=OneLineParser)

    validate = verbs.add_parser(
        "validate",
        help="check dataset files and print their counts",
        description="Check dataset files. Prints 'FILE: OK: ...' with the counts, or every "
        "problem as FILE:LINE:COLUMN: message. Exit status 0 when all are valid, 1 otherwise.",
        epilog="example: coalition-atlas validate resources/datasets/*.yaml",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="dataset files (.yaml)")
    validate.set_defaults(run=cmd_validate)

    export = verbs.add_parser(
        "export",
        help="make a PNG, SVG, PDF, HTML, GeoJSON or CSV file",
        description="Export a dataset as an image (PNG, SVG, PDF: title, legend with counts, "
        "as-of date, credits), editable PowerPoint slides (PPTX: every country a shape), "
        "an interactive HTML map that works offline, GeoJSON for GIS "
        "tools, or the nations table as CSV. Needs no display. Exit status 0 when written, 1 "
        "when the dataset is invalid (its problems are printed), 2 for a wrong option or path.",
        epilog=EXPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "dataset",
        nargs="*",
        metavar="DATASET",
        help="dataset files (default: the bundled one); with several, put {name} in OUT",
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="file to write; its extension picks the format; {name} and {date} are replaced by "
        "the dataset file's name and the date shown, e.g. 'maps/{name}-{date}.png'",
    )
    export.add_argument(
        "--format",
        metavar="FMT",
        help="png, svg, pdf, pptx, html, geojson or csv (default: from OUT's extension)",
    )
    export.add_argument(
        "--view",
        default="world",
        metavar="VIEW",
        help="world (Equal Earth), europe (Lambert equal-area) or fit (the listed nations); default world",
    )
    export.add_argument(
        "--preset",
        metavar="P",
        help="slide 1920x1080, 4k 3840x2160, square 1080x1080, a4 (landscape; the PDF default)",
    )
    export.add_argument(
        "--size", metavar="WxH", help="pixel size, e.g. 1600x900 (overrides --preset)"
    )
    export.add_argument("--title", metavar="T", help="title (default: the dataset's)")
    export.add_argument("--subtitle", metavar="S", help="subtitle (default: the dataset's)")
    export.add_argument(
        "--highlight", metavar="ISO3", help="point out one country with a callout, e.g. UKR"
    )
    export.add_argument(
        "--theme", default="light", metavar="THEME", help="light or dark (default light)"
    )
    export.add_argument(
        "--pattern", action="store_true", help="hatch each category for greyscale print"
    )
    export.add_argument(
        "--labels",
        nargs="?",
        const="listed",
        choices=("listed", "all"),
        metavar="all",
        help="name the listed nations on the map; '--labels all' names every country",
    )
    export.add_argument(
        "--label",
        action="append",
        default=[],
        metavar="ISO3",
        help="always name this nation, even where crowded (repeatable: --label LUX --label MLT)",
    )
    export.add_argument(
        "--tiles",
        metavar="NAME",
        help="HTML only: an online basemap, e.g. OpenStreetMap (default: none, fully offline)",
    )
    export.add_argument(
        "--alt-text",
        nargs="?",
        const="",
        metavar="-",
        help="also write a text description of the map (title, date, counts, members of the "
        "small categories) to OUT.txt, or print it with --alt-text -",
    )
    export.add_argument(
        "--slide-per-date",
        action="store_true",
        help="PowerPoint only: one slide for each day a nation's position changed",
    )
    export.add_argument(
        "--no-timeline",
        action="store_true",
        help="HTML only: leave out the date slider (by default there is one when positions "
        "change over time)",
    )
    export.add_argument(
        "--animate",
        action="store_true",
        help="a timeline that moves: .mp4 (H.264), .webm (VP9), .gif or .webp, a frame for each "
        "dated change or event, the last held (implied by those extensions)",
    )
    export.add_argument(
        "--step",
        metavar="STEP",
        help="animations: change (default: each dated change or event), month or year",
    )
    export.add_argument(
        "--as-of",
        metavar="DATE",
        action="append",
        help="show positions as of DATE (YYYY-MM-DD, YYYY-MM or YYYY; default: the dataset's as_of); animations end there; "
        "repeat it for a map of each date, with {date} in OUT",
    )
    export.add_argument(
        "--lang",
        default="en",
        metavar="CODE",
        help="language of country names, dates, legend and credit: en (default), fr, de, uk, "
        "pl, es or ar",
    )
    export.set_defaults(run=cmd_export)

    importer = verbs.add_parser(
        "import",
        help="turn a CSV, XLSX or ODS sheet into a dataset file",
        description="Read a spreadsheet (columns: country, category, and optionally role, summary, "
        "contribution, contribution_kind, source_url, source_title, date) and write a new dataset "
        "file. Rows whose country does not resolve, or resolves ambiguously, are listed with their "
        "row numbers and nothing is written unless --skip-bad-rows is given.",
        epilog="example: coalition-atlas import pledges.xlsx -o pledges.yaml",
    )
    importer.add_argument("sheet", metavar="SHEET", help=".csv, .xlsx or .ods file")
    importer.add_argument(
        "-o", "--output", required=True, metavar="OUT.yaml", help="dataset file to write"
    )
    importer.add_argument(
        "--sheet-name", metavar="NAME", help="the workbook sheet to read (default: the first)"
    )
    importer.add_argument(
        "--title", metavar="T", help="the dataset's title (default: from the file name)"
    )
    importer.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows even when some rows have problems",
    )
    importer.add_argument(
        "--as-of",
        metavar="DATE",
        help="the date the nations' categories are read at, YYYY, YYYY-MM or YYYY-MM-DD "
        "(default: the sheet's latest date)",
    )
    importer.add_argument("--force", action="store_true", help="replace OUT.yaml if it exists")
    importer.set_defaults(run=cmd_import)
    return parser


def window_parser() -> argparse.ArgumentParser:
    """Arguments for opening the window."""
    parser = OneLineParser(
        prog="coalition-atlas",
        description="Open the Coalition Atlas window. Verbs: "
        + ", ".join(VERBS)
        + " (see 'coalition-atlas VERB --help').",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="dataset to open (default: the bundled one)"
    )
    # For start-up measurements and the packaged app's smoke check, not for users.
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``coalition-atlas`` command."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in VERBS:
            args = build_parser().parse_args(args_list)
            return args.run(args)
        if args_list and not args_list[0].startswith("-") and not Path(args_list[0]).exists():
            import difflib

            near = difflib.get_close_matches(args_list[0], VERBS, n=1, cutoff=0.6)
            if near and not Path(args_list[0]).suffix:
                raise UsageError(f"unknown command {args_list[0]!r} (did you mean {near[0]!r}?)")
        if args_list and args_list[0] in ("-h", "--help"):
            window_parser().print_help()
            print()
            build_parser().print_help()
            return EXIT_OK
        args = window_parser().parse_args(args_list)
    except UsageError as error:
        verb = args_list[0] if args_list and args_list[0] in VERBS else None
        message = str(error)
        if verb:
            message = message.replace(
                "'coalition-atlas --help'", f"'coalition-atlas {verb} --help'"
            )
        print(f"coalition-atlas{' ' + verb if verb else ''}: {message}", file=sys.stderr)
        return EXIT_USAGE
    from desktop.app import run_window

    return run_window(args.file, quit_after_first_paint=args.quit_after_first_paint)


if __name__ == "__main__":
    sys.exit(main())
