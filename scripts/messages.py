"""The app's messages and their catalogs: list, check and update them.

Message ids are found in the code by Babel's extractor (calls of ``gettext``, ``ngettext``
and ``N_``), plus the model's fixed labels (contribution kinds, confidence levels), which
the model keeps free of any translation machinery. Run from the repository's top:

    python scripts/messages.py          # update atlas.pot and add new ids to each .po
    python scripts/messages.py --check  # list what a catalog lacks; exit 1 if any

The .po files are the reviewed translations; they are read as text at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "resources" / "locale"
KEYWORDS = {
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    # The model's counted edit names (desktop/model/commands.py).
    "Nn_": (1, 2),
    # The window (desktop/ui/translation.py): tr(message), ntr(singular, plural, n), and
    # Qt's own self.tr(message) and QCoreApplication.translate(context, message), whose
    # context is not kept: look-ups are by message id alone.
    "tr": None,
    "ntr": (1, 2),
    "translate": (2,),
}
LANGUAGES = ("fr", "de", "uk", "pl", "es", "ar")


def message_ids() -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """Every message id of the app (a tuple for singular/plural) and where it is used."""
    sys.path.insert(0, str(ROOT))
    from desktop.model.dataset import CONFIDENCE_LEVELS, CONTRIBUTION_KIND_LABELS

    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        ROOT / "desktop", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.setdefault(message, []).append((f"desktop/{filename}", line))
    for label in CONTRIBUTION_KIND_LABELS.values():
        found.setdefault(label, []).append(("desktop/model/dataset.py", 0))
    for level in CONFIDENCE_LEVELS:
        found.setdefault(level, []).append(("desktop/model/dataset.py", 0))
    return found


def read_catalog(lang: str) -> Catalog:
    """The reviewed catalog of a language."""
    with (HERE / lang / "LC_MESSAGES" / "atlas.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def missing(lang: str) -> list[str | tuple[str, str]]:
    """Message ids without a complete, non-fuzzy translation in ``lang``."""
    catalog = read_catalog(lang)
    out = []
    for message_id in message_ids():
        key = message_id[0] if isinstance(message_id, tuple) else message_id
        entry = catalog.get(key)
        strings = entry.string if entry is not None else None
        if isinstance(strings, str):
            strings = (strings,)
        if (
            entry is None
            or entry.fuzzy
            or not strings
            or any(not s.strip() for s in strings)
            or (isinstance(message_id, tuple) and len(strings) != catalog.num_plurals)
        ):
            out.append(message_id)
    return out


def update() -> None:
    """Write atlas.pot, and add every new id (untranslated) to each language's .po."""
    template = Catalog(project="Coalition Atlas", domain="atlas")
    for message_id, places in message_ids().items():
        template.add(message_id, locations=places)
    with (HERE / "atlas.pot").open("wb") as handle:
        write_po(handle, template, omit_header=False, width=100)
    for lang in LANGUAGES:
        catalog = read_catalog(lang)
        catalog.update(template, no_fuzzy_matching=True)
        with (HERE / lang / "LC_MESSAGES" / "atlas.po").open("wb") as handle:
            write_po(handle, catalog, width=100, ignore_obsolete=True)


def main(argv: list[str]) -> int:
    if "--check" in argv:
        gaps = {lang: missing(lang) for lang in LANGUAGES}
        for lang, ids in gaps.items():
            for message_id in ids:
                print(f"{lang}: no translation of {message_id!r}")
        return 1 if any(gaps.values()) else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
