"""The ``coalition-atlas`` command: open the window, or run one verb and exit.

coalition-atlas [FILE]                 open the map window (on the bundled dataset by default)
coalition-atlas validate FILE...       check dataset files
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from desktop import __version__

VERBS = ("validate",)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _summary(loaded) -> str:
    """``43 nations (participating 35, ...), 120 contributions, 110 sources``."""
    dataset = loaded.dataset
    counts = dataset.counts()
    per_category = ", ".join(f"{category_id} {count}" for category_id, count in counts.items())
    return (
        f"{len(dataset.nations)} nations ({per_category}), "
        f"{dataset.contribution_count()} contributions, {len(dataset.sources)} sources"
    )


def cmd_validate(args: argparse.Namespace) -> int:
    """Check each file; print OK with its counts, or every problem. Exit 1 if any fails."""
    from desktop.io import DatasetError, load_dataset

    status = EXIT_OK
    for name in args.files:
        try:
            loaded = load_dataset(name)
        except DatasetError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            count = len(error.problems)
            print(f"{name}: INVALID: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
            status = EXIT_INVALID
            continue
        print(f"{name}: OK: {_summary(loaded)}")
    return status


def build_parser() -> argparse.ArgumentParser:
    """The verbs' argument parser (the window's own is in ``window_parser``)."""
    parser = argparse.ArgumentParser(
        prog="coalition-atlas",
        description="Map who stands where on a multinational coalition.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'coalition-atlas VERB --help' for a verb's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")

    validate = verbs.add_parser(
        "validate",
        help="check dataset files and print their counts",
        description="Check dataset files. Prints 'FILE: OK: ...' with the counts, or every "
        "problem as FILE:LINE:COLUMN: message. Exit status 0 when all are valid, 1 otherwise.",
        epilog="example: coalition-atlas validate resources/datasets/*.yaml",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="dataset files (.yaml)")
    validate.set_defaults(run=cmd_validate)
    return parser


def window_parser() -> argparse.ArgumentParser:
    """Arguments for opening the window."""
    parser = argparse.ArgumentParser(
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
    if args_list and args_list[0] in VERBS:
        args = build_parser().parse_args(args_list)
        return args.run(args)
    if args_list and args_list[0] in ("-h", "--help"):
        window_parser().print_help()
        print()
        build_parser().print_help()
        return EXIT_OK
    args = window_parser().parse_args(args_list)
    from desktop.app import run_window

    return run_window(args.file, quit_after_first_paint=args.quit_after_first_paint)


if __name__ == "__main__":
    sys.exit(main())
