"""Checks on a dataset's meaning: ids that must exist, unique nations, colours, URLs, history.

The file layer checks types and keys; this module checks what only makes sense once the
data is whole, and is also what refuses to save an in-app edit that would not load again.
Every message is a ``Label`` (English text that the window translates), values from the
file quoted as Python writes them (``'nato'``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from desktop.model.asof import category_on
from desktop.model.countries import Gazetteer
from desktop.model.dataset import (
    CONFIDENCE_LEVELS,
    CONTRIBUTION_KINDS,
    MAX_CATEGORIES,
    Dataset,
)
from desktop.model.ids import ID_RULE, is_valid_id
from desktop.model.message import N_, CountryName, Label, Listing
from desktop.model.problems import Path, Problem
from desktop.model.sovereignty import unshaped_warnings

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def is_colour(text: str) -> bool:
    """``#RGB`` or ``#RRGGBB``."""
    return bool(_COLOUR.match(text or ""))


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


# An address of this plain form (an ASCII host name, then printable ASCII without spaces or
# backslashes) passes every check below: a big file's thousands of sources are checked in
# a fifth of the time, and anything else is checked in full.
_PLAIN_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#][!-\[\]-~]*)?")


def url_problem(text: str) -> Label | None:
    """Why ``text`` is not a web address the app will show and open, or None when it is one
    (a ``Label`` to follow the address: "has no host").

    Only absolute http(s) addresses with a host pass, and only when every browser goes to
    the host the address shows: a backslash (which browsers read as ``/``), a user name
    before ``@`` (``https://good.example@evil.example`` goes to evil.example), spaces or
    control characters (which browsers drop) are refused.
    """
    text = text or ""
    if _PLAIN_ADDRESS.fullmatch(text):
        return None
    if _SPACE_OR_CONTROL.search(text.strip()):
        return Label(N_("has a space or a control character inside it"))
    if "\\" in text:
        return Label(
            N_(
                "has a backslash, which browsers read as '/' and so go to another host than it shows"
            )
        )
    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return Label(N_("is not a valid web address"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return Label(N_("is not an http(s) URL"))
    if "@" in parts.netloc:
        host = parts.netloc.rpartition("@")[2]
        return Label(
            N_(
                "has a user name before '@': browsers go to {host}, not to the host it seems"
                " to name; write the address without it"
            ),
            host=repr(host),
        )
    if not parts.hostname:
        return Label(N_("has no host"))
    return None


def is_web_url(text: str) -> bool:
    """An absolute http or https URL with a host: the only links the app will open.

    See ``url_problem`` for what is refused.
    """
    return url_problem(text) is None


MAX_HINTS = 25
"""Searches for "did you mean" made in one check: each costs a scan of every option, so a file
with thousands of misspellings gets hints for the first ones, not a wait."""


class Hints:
    """Budgeted "did you mean" searches: each distinct word once, at most ``limit`` in all."""

    def __init__(self, limit: int = MAX_HINTS) -> None:
        self.left = limit
        self._seen: dict[tuple[str, int], str | None] = {}

    def spend(self) -> bool:
        """True (and one fewer left) while the budget lasts."""
        if self.left <= 0:
            return False
        self.left -= 1
        return True

    def nearest(self, word: str, options: list[str]) -> str | None:
        """The option nearest to ``word``, quoted (``'nato'``), or None (also once spent)."""
        key = (word, id(options))
        if key not in self._seen:
            if not self.spend():
                return None
            import difflib

            match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
            self._seen[key] = repr(match[0]) if match else None
        return self._seen[key]


def validate(dataset: Dataset, gazetteer: Gazetteer | None = None) -> list[Problem]:
    """Every problem with the dataset's content, in document order. Empty when it is sound.

    With a gazetteer, country codes are checked too. "Did you mean" hints are given for
    the first ``MAX_HINTS`` unknown words only.
    """
    problems: list[Problem] = []
    add = problems.append
    hints = Hints()

    # -- categories --------------------------------------------------------------------------
    if not dataset.title or not dataset.title.strip():
        add(Problem(("title",), Label(N_("the title is empty"))))
    if not 1 <= len(dataset.categories) <= MAX_CATEGORIES:
        add(
            Problem(
                ("categories",),
                Label(
                    N_("give 1 to {most} categories, not {n}"),
                    most=MAX_CATEGORIES,
                    n=len(dataset.categories),
                ),
            )
        )
    category_ids: list[str] = []
    for i, category in enumerate(dataset.categories):
        if not is_valid_id(category.id):
            add(
                Problem(
                    ("categories", i, "id"),
                    Label(
                        N_("category id {id} is not an id: {rule}"),
                        id=repr(category.id),
                        rule=ID_RULE,
                    ),
                )
            )
        elif category.id in category_ids:
            add(
                Problem(
                    ("categories", i, "id"),
                    Label(N_("category {id} is defined twice"), id=repr(category.id)),
                )
            )
        category_ids.append(category.id)
        if not (category.label or "").strip():
            add(
                Problem(
                    ("categories", i, "label"),
                    Label(N_("category {id} has an empty label"), id=repr(category.id)),
                )
            )
        if not is_colour(category.color):
            add(
                Problem(
                    ("categories", i, "color"),
                    Label(
                        N_("{colour} is not a colour (use #RRGGBB)"), colour=repr(category.color)
                    ),
                )
            )

    unlisted = dataset.unlisted
    if not (unlisted.label or "").strip():
        add(Problem(("unlisted", "label"), Label(N_("the label of unlisted countries is empty"))))
    elif unlisted.label.strip() in {c.label for c in dataset.categories}:
        add(
            Problem(
                ("unlisted", "label"),
                Label(
                    N_("{label} is already a category's label: a legend would show it twice"),
                    label=repr(unlisted.label),
                ),
            )
        )
    if unlisted.color is not None and not is_colour(unlisted.color):
        add(
            Problem(
                ("unlisted", "color"),
                Label(N_("{colour} is not a colour (use #RRGGBB)"), colour=repr(unlisted.color)),
            )
        )

    # -- sources -----------------------------------------------------------------------------
    for source_id, source in dataset.sources.items():
        if not is_valid_id(source_id):
            add(
                Problem(
                    ("sources", source_id),
                    Label(
                        N_("source id {id} is not an id: {rule}"), id=repr(source_id), rule=ID_RULE
                    ),
                    at_key=True,
                )
            )
        why = url_problem(source.url)
        if why is not None:
            add(
                Problem(
                    ("sources", source_id, "url"),
                    Label(
                        N_("source {id}: {url} {why}"),
                        id=repr(source_id),
                        url=repr(source.url),
                        why=why,
                    ),
                )
            )

    source_ids = list(dataset.sources)

    def check_sources(path: Path, ids: list[str]) -> None:
        for j, source_id in enumerate(ids):
            if source_id not in dataset.sources:
                add(
                    Problem(
                        (*path, j),
                        _maybe(
                            hints.nearest(source_id, source_ids),
                            N_("source {id} is not defined under sources"),
                            N_("source {id} is not defined under sources (did you mean {match}?)"),
                            id=repr(source_id),
                        ),
                    )
                )

    def check_category(path: Path, category_id: str) -> None:
        if category_id not in category_ids:
            add(
                Problem(
                    path,
                    _maybe(
                        hints.nearest(category_id, category_ids),
                        N_("category {id} is not defined"),
                        N_("category {id} is not defined (did you mean {match}?)"),
                        id=repr(category_id),
                    ),
                )
            )

    def check_confidence(path: Path, value: str | None) -> None:
        if value is not None and value not in CONFIDENCE_LEVELS:
            add(
                Problem(
                    path,
                    Label(
                        N_("confidence {value} must be one of {levels}"),
                        value=repr(value),
                        levels=", ".join(CONFIDENCE_LEVELS),
                    ),
                )
            )

    def check_code(path: Path, code: str) -> None:
        if gazetteer is not None and code not in gazetteer:
            near = gazetteer.closest(code) if hints.spend() else ()
            # The closest codes with their names ("ALA Åland Islands, ALB Albania").
            closest = (
                Listing(Listing([c, CountryName(gazetteer.name(c), c)], " ") for c in near)
                if near
                else None
            )
            add(
                Problem(
                    path,
                    _maybe(
                        closest,
                        N_("unknown country code {code}"),
                        N_("unknown country code {code} (closest: {match})"),
                        code=repr(code),
                    ),
                )
            )

    # -- nations -----------------------------------------------------------------------------
    seen: dict[str, int] = {}
    for i, nation in enumerate(dataset.nations):
        base: Path = ("nations", i)
        check_code((*base, "iso3"), nation.iso3)
        if nation.iso3 in seen:
            add(
                Problem(
                    (*base, "iso3"), Label(N_("{code} is listed more than once"), code=nation.iso3)
                )
            )
        else:
            seen[nation.iso3] = i
        check_category((*base, "category"), nation.category)
        check_confidence((*base, "confidence"), nation.confidence)
        check_sources((*base, "sources"), nation.sources)
        for j, contribution in enumerate(nation.contributions):
            cpath: Path = (*base, "contributions", j)
            if contribution.kind not in CONTRIBUTION_KINDS:
                add(
                    Problem(
                        (*cpath, "kind"),
                        _maybe(
                            hints.nearest(contribution.kind, list(CONTRIBUTION_KINDS)),
                            N_("contribution kind {kind} is not one of {kinds}"),
                            N_(
                                "contribution kind {kind} is not one of {kinds}"
                                " (did you mean {match}?)"
                            ),
                            kind=repr(contribution.kind),
                            kinds=", ".join(CONTRIBUTION_KINDS),
                        ),
                    )
                )
            if not (contribution.text or "").strip():
                add(Problem((*cpath, "text"), Label(N_("the contribution's text is empty"))))
            check_confidence((*cpath, "confidence"), contribution.confidence)
            check_sources((*cpath, "sources"), contribution.sources)
        for j, entry in enumerate(nation.history):
            hpath: Path = (*base, "history", j)
            check_category((*hpath, "category"), entry.category)
            check_sources((*hpath, "sources"), entry.sources)
        if nation.history and nation.category in category_ids:
            at = category_on(nation, dataset.as_of)
            if at != nation.category:
                fields = {"code": nation.iso3, "category": repr(nation.category)}
                message = (
                    Label(
                        N_(
                            "{code}: category is {category} but its history gives {said} at as_of {day}"
                        ),
                        said=repr(at),
                        day=dataset.as_of,
                        **fields,
                    )
                    if at
                    else Label(
                        N_(
                            "{code}: category is {category} but its history gives no stated"
                            " position at as_of {day}"
                        ),
                        day=dataset.as_of,
                        **fields,
                    )
                )
                add(Problem((*base, "category"), message))

    # -- organisations and events ------------------------------------------------------------
    for i, organisation in enumerate(dataset.organisations):
        if not (organisation.name or "").strip():
            add(
                Problem(("organisations", i, "name"), Label(N_("the organisation's name is empty")))
            )
        check_sources(("organisations", i, "sources"), organisation.sources)
        for j, statement in enumerate(organisation.statements):
            check_sources(("organisations", i, "statements", j, "sources"), statement.sources)
    for i, event in enumerate(dataset.events):
        if not (event.title or "").strip():
            add(Problem(("events", i, "title"), Label(N_("the event's title is empty"))))
        for j, code in enumerate(event.participants):
            check_code(("events", i, "participants", j), code)
        if event.participant_count is not None and event.participant_count < 0:
            add(
                Problem(
                    ("events", i, "participant_count"),
                    Label(N_("participant_count cannot be negative")),
                )
            )
        check_sources(("events", i, "sources"), event.sources)
    return problems


def advise(dataset: Dataset, gazetteer: Gazetteer | None = None) -> list[Problem]:
    """Warnings: what a reader should look at, though the dataset loads and saves as it is.

    In document order:

    - a nation with no source at all (none on the nation, its contributions or its
      history): a claim the map shows with nothing to back it;
    - a history entry dated before the entry above it: the app goes by the dates, so the
      file does not read in the order the timeline shows;
    - with a gazetteer that knows the map and its sovereignty table, a nation the map has no
      shape for (Gibraltar at 1:50m), saying how the map shows it instead.

    Each is a ``Problem`` addressed like those of ``validate``; an empty list when there is
    nothing to say.
    """
    notes: list[Problem] = []
    for i, nation in enumerate(dataset.nations):
        cited = (
            nation.sources
            or any(c.sources for c in nation.contributions)
            or any(h.sources for h in nation.history)
        )
        if not cited:
            notes.append(
                Problem(
                    ("nations", i, "iso3"),
                    Label(
                        N_(
                            "{code} has no source: add one under sources, to it or to a"
                            " contribution"
                        ),
                        code=nation.iso3,
                    ),
                )
            )
        for j in range(1, len(nation.history)):
            before, entry = nation.history[j - 1], nation.history[j]
            if entry.date.start < before.date.start:
                notes.append(
                    Problem(
                        ("nations", i, "history", j, "date"),
                        Label(
                            N_(
                                "{code}: history entry {day} is listed after {before}; the app"
                                " goes by the dates, so list them in date order"
                            ),
                            code=nation.iso3,
                            day=entry.date,
                            before=before.date,
                        ),
                    )
                )
        if gazetteer is not None and gazetteer.sovereignty is not None:
            for message in unshaped_warnings(
                [nation.iso3], gazetteer.sovereignty, _on_map(gazetteer), gazetteer.name
            ):
                notes.append(Problem(("nations", i, "iso3"), message))
    return notes


def _maybe(match: str | None, plain: str, hinted: str, **fields: object) -> Label:
    """The message with its "did you mean" hint when there is a ``match``, else without."""
    if match is None:
        return Label(plain, **fields)
    return Label(hinted, match=match, **fields)


def _on_map(gazetteer: Gazetteer):
    def on_map(code: str) -> bool:
        country = gazetteer.get(code)
        return country is not None and country.on_map

    return on_map
