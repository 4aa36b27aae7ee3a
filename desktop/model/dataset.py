"""The dataset as plain Python objects: categories, sources, nations, organisations, events.

These objects hold what a dataset file says, already checked. They know nothing of YAML,
Qt or geometry; ``desktop.io`` reads and writes them and ``desktop.model.commands`` changes
them undoably.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from desktop.model.dates import PartialDate
from desktop.model.signals import Signal

FORMAT_NAME = "coalition-atlas"
FORMAT_VERSION = 1

CONTRIBUTION_KINDS: tuple[str, ...] = (
    "troops",
    "air",
    "naval",
    "training",
    "logistics",
    "intelligence",
    "equipment",
    "funding",
    "political",
    "other",
)

CONTRIBUTION_KIND_LABELS: dict[str, str] = {
    "troops": "Troops",
    "air": "Air",
    "naval": "Naval",
    "training": "Training",
    "logistics": "Logistics",
    "intelligence": "Intelligence",
    "equipment": "Equipment",
    "funding": "Funding",
    "political": "Political",
    "other": "Other",
}

CONFIDENCE_LEVELS: tuple[str, ...] = ("high", "medium", "low")

MAX_CATEGORIES = 12

NO_POSITION_LABEL = "No stated position"


@dataclass(slots=True)
class Category:
    """One class of the choropleth: an id the data uses, a label and a colour (``#RRGGBB``)."""

    id: str
    label: str
    color: str


@dataclass(slots=True)
class Unlisted:
    """How the map shows the countries a dataset does not list: one class of its own.

    ``label`` names it in every legend, tooltip and export; ``color`` (``#RRGGBB``) fills it,
    or None for the theme's neutral grey; ``legend`` False leaves it out of legends (the
    countries are still drawn, and still counted in tables and totals).
    """

    label: str = NO_POSITION_LABEL
    color: str | None = None
    legend: bool = True

    def is_default(self) -> bool:
        """True when nothing differs from the unnamed default class."""
        return self == Unlisted()


@dataclass(slots=True)
class Translation:
    """A dataset's own text in another language (``translations: {fr: {...}}``).

    Anything left out falls back to the dataset's own text (``Dataset.text_in``), never to
    a blank. ``categories`` maps a category id to its label in that language.
    """

    title: str | None = None
    subtitle: str | None = None
    notes: str | None = None
    categories: dict[str, str] = field(default_factory=dict)
    unlisted: str | None = None
    """The unlisted class's label in that language."""


# Okabe & Ito's palette: distinguishable with the common forms of colour blindness.
DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("participating", "Participating", "#0072B2"),
    Category("opposing", "Opposing", "#D55E00"),
    Category("undecided", "Undecided", "#E69F00"),
)

# Further colours for categories a user or an import adds, in the order they are handed out.
EXTRA_PALETTE: tuple[str, ...] = (
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#8C510A",
    "#762A83",
    "#1B7837",
    "#B2182B",
    "#4D4D4D",
)


@dataclass(slots=True)
class Source:
    """A published report a claim rests on."""

    id: str
    url: str
    title: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None

    @property
    def host(self) -> str:
        """The URL's host without ``www.``: what panels show when title or publisher is missing."""
        host = urlsplit(self.url).hostname or self.url
        return host.removeprefix("www.")

    def display_title(self) -> str:
        """The title, or the host when the file gives none."""
        return self.title or self.host

    def display_publisher(self) -> str:
        """The publisher, or the host when the file gives none."""
        return self.publisher or self.host


@dataclass(slots=True)
class Contribution:
    """Something a nation said it would do, of one kind, with its sources."""

    kind: str
    text: str
    sources: list[str] = field(default_factory=list)
    date: PartialDate | None = None
    confidence: str | None = None
    note: str | None = None


@dataclass(slots=True)
class HistoryEntry:
    """A dated change of a nation's category."""

    date: PartialDate
    category: str
    note: str | None = None
    sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Nation:
    """A listed country: its category, stated position, contributions and history."""

    iso3: str
    category: str
    role: str | None = None
    summary: str | None = None
    confidence: str | None = None
    sources: list[str] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)


@dataclass(slots=True)
class Statement:
    """A dated statement by or about an organisation."""

    text: str
    date: PartialDate | None = None
    sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Organisation:
    """A body listed in the panels but not on the map (EU, NATO, ...)."""

    name: str
    role: str | None = None
    summary: str | None = None
    sources: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    """A dated meeting or milestone."""

    date: PartialDate
    title: str
    place: str | None = None
    summary: str | None = None
    participants: list[str] = field(default_factory=list)
    participant_count: int | None = None
    note: str | None = None
    sources: list[str] = field(default_factory=list)


class NationList(list):
    """A list of nations that counts its own changes.

    ``Dataset.nation`` keeps a code-to-position index for as long as the list is unchanged:
    a table of 250 nations looks nations up for every cell it paints or sorts, and a scan
    per look-up made that quadratic. Equal to, and usable as, a plain list.
    """

    __slots__ = ("version",)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.version = 0

    def _changed(self) -> None:
        self.version = getattr(self, "version", 0) + 1


def _counting(name: str):
    method = getattr(list, name)

    def changed(self, *args, **kwargs):
        self._changed()
        return method(self, *args, **kwargs)

    changed.__name__ = name
    return changed


for _name in (
    "append",
    "extend",
    "insert",
    "remove",
    "pop",
    "clear",
    "sort",
    "reverse",
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
):
    setattr(NationList, _name, _counting(_name))


@dataclass(eq=False)
class Dataset:
    """A whole dataset file's content.

    ``changed`` is emitted by the edit commands with a short description of what moved, so
    panels and the map can refresh. Equality compares content only (see ``content_equal``).
    """

    title: str
    as_of: PartialDate
    subtitle: str | None = None
    notes: str | None = None
    categories: list[Category] = field(
        default_factory=lambda: [_copy(c) for c in DEFAULT_CATEGORIES]
    )
    sources: dict[str, Source] = field(default_factory=dict)
    nations: list[Nation] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    unlisted: Unlisted = field(default_factory=Unlisted)
    language: str | None = None
    """The language of the dataset's own text (None: English, ``en``)."""
    translations: dict[str, Translation] = field(default_factory=dict)
    """Language code to the dataset's text in that language."""
    format_version: int = FORMAT_VERSION

    def __post_init__(self) -> None:
        self.changed = Signal()

    def __setattr__(self, name: str, value) -> None:
        if name == "nations" and not isinstance(value, NationList):
            value = NationList(value)
        super().__setattr__(name, value)

    # -- look-ups ---------------------------------------------------------------------------
    def text_in(self, lang: str) -> Translation:
        """Title, subtitle, notes, category labels (by id) and the unlisted label in
        ``lang``: the translation's where it gives them, else the dataset's own text.
        ``unlisted`` is None when the dataset keeps the app's default label."""
        own = self.unlisted.label if self.unlisted.label != NO_POSITION_LABEL else None
        given = self.translations.get(lang) if lang != (self.language or "en") else None
        given = given or Translation()
        return Translation(
            title=given.title or self.title,
            subtitle=given.subtitle or self.subtitle,
            notes=given.notes or self.notes,
            categories={c.id: given.categories.get(c.id) or c.label for c in self.categories},
            unlisted=given.unlisted or own,
        )

    def category(self, category_id: str | None) -> Category | None:
        """The category with this id, or None."""
        for category in self.categories:
            if category.id == category_id:
                return category
        return None

    def nation(self, iso3: str) -> Nation | None:
        """The listed nation with this code, or None when it is not listed.

        A dictionary look-up: the index is rebuilt after the nations list changes.
        """
        nations = self.nations
        index = self.__dict__.get("_nation_index")
        # The list itself is held, not its id: a later list could reuse a freed one's id.
        if index is None or index[0] is not nations or index[1] != nations.version:
            positions: dict[str, int] = {}
            for i, nation in enumerate(nations):
                positions.setdefault(nation.iso3, i)  # the first, as a scan would find
            index = (nations, nations.version, positions)
            self.__dict__["_nation_index"] = index
        i = index[2].get(iso3)
        if i is None:
            return None
        nation = nations[i]
        if nation.iso3 != iso3:  # a nation's code was changed in place: scan, as before
            self.__dict__.pop("_nation_index", None)
            return next((n for n in nations if n.iso3 == iso3), None)
        return nation

    def counts(self) -> dict[str, int]:
        """Listed nations per category id at ``as_of`` (every category present, maybe 0)."""
        counts = {category.id: 0 for category in self.categories}
        for nation in self.nations:
            if nation.category in counts:
                counts[nation.category] += 1
        return counts

    def contribution_count(self) -> int:
        """All contributions of all nations."""
        return sum(len(nation.contributions) for nation in self.nations)

    def content_equal(self, other: Dataset) -> bool:
        """True when both hold the same data (signals and identity ignored)."""
        return _content(self) == _content(other)


# -- the file format, declared once ----------------------------------------------------------
FILE_KEYS: dict[type, tuple[str, ...]] = {
    Dataset: (
        "format",
        "title",
        "subtitle",
        "as_of",
        "notes",
        "language",
        "categories",
        "unlisted",
        "sources",
        "nations",
        "organisations",
        "events",
        "translations",
    ),
    Category: ("id", "label", "color"),
    # A translation's language is the key it is filed under in ``translations:``.
    Translation: ("title", "subtitle", "notes", "categories", "unlisted"),
    Unlisted: ("label", "color", "legend"),
    # A source's id is the key it is filed under in ``sources:``, not a key of its own.
    Source: ("title", "publisher", "url", "date"),
    Nation: (
        "iso3",
        "category",
        "role",
        "summary",
        "confidence",
        "sources",
        "contributions",
        "history",
    ),
    Contribution: ("kind", "text", "sources", "date", "confidence", "note"),
    HistoryEntry: ("date", "category", "note", "sources"),
    Organisation: ("name", "role", "summary", "sources", "statements"),
    Statement: ("date", "text", "sources"),
    Event: (
        "date",
        "title",
        "place",
        "summary",
        "participants",
        "participant_count",
        "note",
        "sources",
    ),
}
"""Every entity's keys in a dataset file, in the order a save writes them.

This table and the dataclasses above are the file format's one declaration: each key is the
field of the same name (``format`` stands for ``format_version``), and its type and whether
it is required come from that field. The loader's schema (``desktop.io.schema``), the
loader's builder and the saver are all derived from it, and a test holds the format guide
(``resources/datasets/README.md``) to it.
"""

NESTED: dict[tuple[type, str], type] = {
    (Dataset, "categories"): Category,
    (Dataset, "unlisted"): Unlisted,
    (Dataset, "sources"): Source,
    (Dataset, "nations"): Nation,
    (Dataset, "organisations"): Organisation,
    (Dataset, "events"): Event,
    (Dataset, "translations"): Translation,
    (Nation, "contributions"): Contribution,
    (Nation, "history"): HistoryEntry,
    (Organisation, "statements"): Statement,
}
"""Keys whose value holds other entities: a list of them (``sources`` a mapping by id;
``unlisted`` a single one)."""


def file_values(item: object) -> list[tuple[str, object]]:
    """``(key, value)`` of an entity's plain keys in file order; keys holding other entities
    (``NESTED``) are left to the caller."""
    kind = type(item)
    return [
        (key, f"{FORMAT_NAME}/{item.format_version}" if key == "format" else getattr(item, key))
        for key in FILE_KEYS[kind]
        if (kind, key) not in NESTED
    ]


def _copy(category: Category) -> Category:
    return Category(category.id, category.label, category.color)


def _content(dataset: Dataset) -> tuple:
    return (
        dataset.title,
        dataset.subtitle,
        dataset.notes,
        dataset.as_of,
        dataset.format_version,
        dataset.categories,
        dataset.sources,
        dataset.nations,
        dataset.organisations,
        dataset.events,
        dataset.unlisted,
        dataset.language,
        dataset.translations,
    )
