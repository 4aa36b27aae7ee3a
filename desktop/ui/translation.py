"""The window's language: which one to start in, and switching the application to it.

The language is one of ``desktop.geo.language.LANGUAGES``. Without a saved choice the window
follows the system's: the first of the user's interface languages that the app speaks,
else English. Arabic lays the whole application out right to left.

The window's words go through Qt's translation system, answered from the same gettext
catalogs as the exports (``resources/locale/<lang>/LC_MESSAGES/atlas.po``): one set of
catalogs, whose message ids are the English text. ``tr("Saved {name}", name=...)`` and
``ntr("{n} state", "{n} states", n)`` are the window's calls (``scripts/messages.py``
extracts them, as it does ``self.tr`` and ``QCoreApplication.translate``); look-ups ignore
Qt's context, so a message is translated once wherever it is used. Qt's own words (standard
buttons, file dialogs) come from Qt's ``qtbase_<lang>.qm``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Protocol

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication

from desktop.geo.language import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    Message,
    check_language,
    day_text,
    is_rtl,
    words,
)
from desktop.model.dates import PartialDate
from desktop.model.message import CountryName, Label, Listing, fill

__all__ = [
    "N_",
    "Texts",
    "apply_language",
    "current_language",
    "located_text",
    "message_text",
    "ntr",
    "system_language",
    "tr",
]

SETTINGS_KEY = "language"
"""Where the chosen language is kept in the window's settings."""
CONTEXT = "atlas"
PLURAL_CONTEXT = "atlas-plural"
"""The context of ``ntr``'s look-ups: their English plural rides as Qt's disambiguation."""


def system_language(locale: QLocale | None = None) -> str:
    """The first of the locale's interface languages the app speaks (default: the system
    locale's, which follows LANGUAGE, LC_ALL, LC_MESSAGES and LANG), else English."""
    locale = locale if locale is not None else QLocale.system()
    for name in locale.uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


class CatalogTranslator(QTranslator):
    """Qt's translator over the app's gettext catalog of one language.

    Answers any context by message id (None where the catalog has no translation, so Qt
    asks the next translator and falls back to the English source); ``ntr``'s plural
    look-ups follow the language's plural rules.
    """

    def __init__(self, lang: str, parent=None) -> None:
        super().__init__(parent)
        self.lang = check_language(lang)
        self.words = words(self.lang)

    def translate(self, context, source_text, disambiguation=None, n=-1):
        if context == PLURAL_CONTEXT and disambiguation and n is not None and n >= 0:
            return self.words.lookup_plural(source_text, disambiguation, n)
        return self.words.lookup(source_text)

    def isEmpty(self) -> bool:
        return False

    def language(self) -> str:
        return self.lang


_installed: list[QTranslator] = []


def _qt_translator(lang: str) -> QTranslator | None:
    """Qt's own translations of its standard words (buttons, file dialogs) for ``lang``."""
    if lang == DEFAULT_LANGUAGE:
        return None
    translator = QTranslator(QCoreApplication.instance())
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    # Where the PySide6 wheel (and the packaged app) keeps them, should Qt's own idea of its
    # folder point elsewhere.
    folders.append(str(Path(PySide6.__file__).parent / "Qt" / "translations"))
    for folder in folders:
        if translator.load(f"qtbase_{lang}", folder):
            return translator
    return None


def apply_language(lang: str) -> str:
    """Switch the application to ``lang`` (checked): its translators and its layout
    direction; returns the code. Widgets then show their texts anew (``retranslate``)."""
    lang = check_language(lang)
    app = QCoreApplication.instance()
    if app is not None:
        for old in _installed:
            app.removeTranslator(old)
        _installed.clear()
        # Installed last, asked first: the app's catalog, then Qt's own words.
        for translator in (_qt_translator(lang), CatalogTranslator(lang, app)):
            if translator is not None and app.installTranslator(translator):
                _installed.append(translator)
    direction = Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
    QGuiApplication.setLayoutDirection(direction)
    return lang


def current_language() -> str:
    """The language the application speaks now (``apply_language``'s), English before any."""
    for translator in _installed:
        if isinstance(translator, CatalogTranslator):
            return translator.lang
    return DEFAULT_LANGUAGE


def tr(message: str, /, *, html: bool = False, **fields: object) -> str:
    """A message of the window in its language, its ``{fields}`` filled in after
    translation (so each language places them where its grammar wants them).

    With ``html`` the translated text is escaped for rich text and the fields are put in
    as given: the caller passes them as HTML (escaped, or marked up: ``<b>…</b>``).
    ``message`` is positional only, so a message may have a ``{message}`` field.
    """
    text = QCoreApplication.translate(CONTEXT, message)
    if html:
        text = escape(text, quote=False)
    return fill(text, **fields)


def ntr(singular: str, plural: str, n: int, /, *, html: bool = False, **fields: object) -> str:
    """The form of a counted message for ``n`` in the window's language (``{n}`` and the
    other fields filled in; ``html`` as for ``tr``)."""
    if _installed:
        text = QCoreApplication.translate(PLURAL_CONTEXT, singular, plural, n)
    else:
        text = singular if n == 1 else plural  # no translator yet: English
    if html:
        text = escape(text, quote=False)
    return fill(text, n=n, **fields)


class Namer(Protocol):
    """What names a message's countries and dates as the window does (``AtlasState``)."""

    def name(self, code: str) -> str: ...

    def date_text(self, day: PartialDate) -> str: ...


def message_text(message: object, state: Namer | None = None, *, html: bool = False) -> str:
    """A message from below the window, in the window's language: a model ``Label`` (or a
    geo ``Message``) translated, then its fields filled in: countries and dates named as
    ``state`` names them (without one, dates in the window's language and countries as
    the model gives them), Labels translated too, a ``Listing``'s parts each so. An
    exception says its one argument so (the model raises ValueError(Label(...))).
    Anything else (plain text) is shown as its ``str``. With ``html`` the result is
    escaped for rich text."""
    if isinstance(message, BaseException) and len(message.args) == 1:
        message = message.args[0]  # the model raises with a Label as the only argument
    if not isinstance(message, (Label, Message)):
        return str(_shown(message, state, html))
    fields = {key: _shown(value, state, html) for key, value in message.fields.items()}
    plural = getattr(message, "plural", None)
    if plural is not None:
        n = message.fields["n"]
        fields.pop("n")
        return ntr(message.template, plural, n, html=html, **fields)
    return tr(message.template, html=html, **fields)


def _shown(value: object, state: Namer | None, html: bool) -> object:
    """A message's field (or a Listing's part) as the window says it."""
    if isinstance(value, (Label, Message)):
        return message_text(value, state, html=html)
    if isinstance(value, Listing):
        return value.separator.join(str(_shown(item, state, html)) for item in value.items)
    if isinstance(value, CountryName) and state is not None:
        value = state.name(value.code)
    elif isinstance(value, PartialDate):
        value = state.date_text(value) if state is not None else day_text(value, current_language())
    return escape(str(value), quote=False) if html else value


def located_text(problem: object, state: Namer | None = None) -> str:
    """A located problem (``desktop.io.errors.LocatedProblem``: ``file``, ``line``,
    ``column``, ``warning``, ``message``) as the window lists it: its place as the file
    gives it (``FILE:LINE:COLUMN: ``, never translated), then its message in the window's
    language (``message_text``), a warning's marked as one."""
    message = message_text(problem.message, state)
    if problem.warning:
        message = tr("warning: {message}", message=message)
    place = str(problem.file)
    if problem.line is not None:
        place += f":{problem.line}"
        if problem.column is not None:
            place += f":{problem.column}"
    if is_rtl(current_language()):
        # A left-to-right place at the start of a right-to-left line: isolated (LRI...PDI),
        # it stays one piece at the line's start and the message reads from right to left
        # after it. Without, the Latin path made the whole line left to right, and the
        # message's words came out of order.
        return f"\u2066{place}:\u2069 {message}"
    return f"{place}: {message}"


class Texts:
    """The texts a widget shows, kept as their English messages so that ``retranslate()``
    sets them again in the window's new language.

    ``texts.bind(label.setText, N_("Crash protection off"))`` shows the message now and
    after every change of language (``N_`` marks it for the catalogs); ``fields`` are filled
    in after translation. A callable message (``lambda: tr(...)``) is called anew instead.
    """

    def __init__(self) -> None:
        self._bound: list[tuple[Callable[[str], object], str | Callable[[], str], dict]] = []
        self._runs: list[Callable[[], object]] = []

    def bind(
        self, setter: Callable[[str], object], message: str | Callable[[], str], **fields: object
    ) -> None:
        """Show ``message`` through ``setter`` now and after each change of language."""
        self._bound.append((setter, message, fields))
        setter(self._text(message, fields))

    @staticmethod
    def _text(message: str | Callable[[], str], fields: dict) -> str:
        return message() if callable(message) else tr(message, **fields)

    def run(self, function: Callable[[], object]) -> None:
        """Call ``function`` now and after each change of language (it sets texts itself,
        e.g. a list of column headers through ``tr``)."""
        self._runs.append(function)
        function()

    def retranslate(self) -> None:
        """Set every bound text again, in the current language."""
        for setter, message, fields in self._bound:
            setter(self._text(message, fields))
        for function in self._runs:
            function()
