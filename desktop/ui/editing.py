"""The window's way to change a dataset: every edit is a model Edit on Qt's undo stack.

Widgets never assign model fields: they ask the Editor, which builds the model's Edit
and pushes it as a QUndoCommand, so Edit > Undo names and reverses it, and the map,
legend, table and panels refresh through the dataset's ``changed`` signal. The model
names each edit with a ``Label`` (an English message id and its fields); the undo stack
shows it in the window's language, and again in a new one when the language changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.model import commands
from desktop.model.commands import Edit, EditRefused
from desktop.model.dataset import Dataset
from desktop.ui.state import AtlasState
from desktop.ui.translation import message_text


def edit_text(label: str, state: AtlasState | None = None) -> str:
    """An edit's name in the window's language (``message_text``: a model ``Label``
    translated, its countries and dates named as the window names them)."""
    return message_text(label, state)


class UndoableEdit(QUndoCommand):
    """A model Edit on the undo stack; its text is what Edit > Undo shows, in the window's
    language (``state`` writes dates in it; without one they stay as the model gives them)."""

    def __init__(self, dataset: Dataset, edit: Edit, state: AtlasState | None = None) -> None:
        super().__init__(edit_text(edit.label, state))
        self.dataset = dataset
        self.edit = edit
        self.state = state

    def retranslate(self) -> None:
        """Name the edit again, in the window's language now."""
        self.setText(edit_text(self.edit.label, self.state))

    def redo(self) -> None:
        self.edit.redo(self.dataset)

    def undo(self) -> None:
        self.edit.undo(self.dataset)


def retranslate_stack(stack: QUndoStack) -> None:
    """Name every edit on the stack again in the window's language (the Edit menu's
    Undo and Redo items read their names from it)."""
    for index in range(stack.count()):
        command = stack.command(index)
        if isinstance(command, UndoableEdit):
            command.retranslate()


class Editor(QObject):
    """Turns what the user asked for into undoable edits of the open dataset."""

    refused = Signal(str)
    """An edit could not be made; the text says why, in the window's language."""

    def __init__(self, state: AtlasState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.paint_category: str | None = None
        """While set, clicking a country puts it in this category (paint mode)."""

    @property
    def dataset(self) -> Dataset:
        """The open dataset."""
        assert self.state.dataset is not None
        return self.state.dataset

    def name(self, code: str) -> str:
        """A country's display name, in the window's language."""
        return self.state.name(code)

    def apply(self, build: Callable[[], Edit]) -> bool:
        """Build an edit and push it; False (and ``refused``) when the model says no."""
        if self.state.dataset is None:
            return False
        try:
            edit = build()
        except EditRefused as error:
            # The model's reason is a Label: said in the window's language.
            self.refused.emit(message_text(error.args[0] if error.args else error, self.state))
            return False
        self.state.undo_stack.push(UndoableEdit(self.dataset, edit, self.state))
        return True

    # -- the common edits, named for the menus ------------------------------------------------
    def set_category(self, code: str, category: str) -> bool:
        """Put a country in a category (listing it when it was not)."""
        # The category as the window names it (a dataset's translated label).
        return self.apply(
            lambda: commands.set_category(
                self.dataset,
                code,
                category,
                self.name(code),
                self.dataset.text_in(self.state.language).categories.get(category),
            )
        )

    def remove_nation(self, code: str) -> bool:
        """Take a nation out of the dataset."""
        return self.apply(lambda: commands.remove_nation(self.dataset, code, self.name(code)))

    def update_nation(self, code: str, **fields) -> bool:
        """Change role, summary, confidence, sources or category of a nation."""
        return self.apply(
            lambda: commands.update_nation(self.dataset, code, self.name(code), **fields)
        )

    def paint(self, code: str) -> bool:
        """Paint mode: a click puts the country in the paint category."""
        if self.paint_category is None:
            return False
        nation = self.dataset.nation(code)
        if nation is not None and nation.category == self.paint_category and not nation.history:
            return False
        return self.set_category(code, self.paint_category)

    def apply_with_sources(self, build: Callable[[], Edit], new_sources) -> bool:
        """Like ``apply``, adding the sources created in a dialog in the same undo step."""
        if not new_sources:
            return self.apply(build)

        def combined() -> Edit:
            main = build()
            return commands.merged(
                main.label, main, commands.put_sources(self.dataset, list(new_sources.values()))
            )

        return self.apply(combined)
