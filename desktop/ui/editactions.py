"""The window's editing actions: menus, the map's right-click menu, paint mode, and the
Nation panel's edit links. Every action ends in one undoable edit through the Editor."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox
from shiboken6 import isValid

from desktop.model import commands
from desktop.model.dates import PartialDate
from desktop.ui.editdataset import CategoriesDialog, PropertiesDialog
from desktop.ui.editevents import EventDialog, OrganisationDialog
from desktop.ui.editforms import confirm
from desktop.ui.editing import Editor, retranslate_stack
from desktop.ui.editnation import ContributionDialog, HistoryDialog, NationDialog
from desktop.ui.editsources import SourcesDialog
from desktop.ui.legend import swatch
from desktop.ui.translation import N_, tr


class EditActions(QObject):
    """Editing for a MainWindow: builds its actions and carries them out."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.state = window.state
        self.editor = Editor(window.state, self)
        self.editor.refused.connect(self._refused)
        stack = self.state.undo_stack
        # Not QUndoStack's own actions: their "Undo" prefix is fixed when made, and these
        # follow the window's language.
        self.undo = QAction(window)
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo.triggered.connect(stack.undo)
        self.redo = QAction(window)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        self.redo.triggered.connect(stack.redo)
        for action in (self.undo, self.redo):
            window.addAction(action)
        stack.canUndoChanged.connect(self.undo.setEnabled)
        stack.canRedoChanged.connect(self.redo.setEnabled)
        # The texts come with the signals: a stack being destroyed emits them too, and can
        # no longer be asked.
        self._undo_text, self._redo_text = stack.undoText(), stack.redoText()
        stack.undoTextChanged.connect(self._undo_changed)
        stack.redoTextChanged.connect(self._redo_changed)
        self.state.languageChanged.connect(self._retranslate_undo)
        self.undo.setEnabled(stack.canUndo())
        self.redo.setEnabled(stack.canRedo())
        self._name_undo()
        act = window._action
        self.edit_nation = act(
            N_("&Edit nation…"), self.edit_selected, QKeySequence("Ctrl+Shift+N")
        )
        self.add_contribution = act(N_("Add &contribution…"), lambda: self.contribution(None))
        self.record_change = act(N_("Record a dated &change…"), lambda: self.history(None))
        self.remove_nation = act(N_("Remove nation from dataset"), self.remove_selected)
        self.sources = act(N_("&Sources…"), self.sources_dialog)
        self.categories = act(N_("Ca&tegories…"), self.categories_dialog)
        self.properties = act(N_("Dataset &properties…"), self.properties_dialog)
        self.add_event = act(N_("Add e&vent…"), lambda: self.edit_event(None))
        self.add_organisation = act(N_("Add &organisation…"), lambda: self.edit_organisation(None))
        self.paint_menu = QMenu(window)
        window.texts.bind(self.paint_menu.setTitle, N_("&Paint countries"))
        self.paint_group = QActionGroup(self)
        self.paint_group.setExclusive(True)
        self.paint_menu.aboutToShow.connect(self._fill_paint_menu)
        self.state.selectionChanged.connect(self._update_enabled)
        self.state.datasetReplaced.connect(self._dataset_replaced)
        self.state.contentChanged.connect(self._update_enabled)
        window.nation_panel.action.connect(self.panel_action)
        window.map.contextRequested.connect(self.map_menu)
        window.map.paint_handler = self._paint_click
        window.map.escaped.connect(lambda: self.set_paint(None))
        window.events.contextRequested.connect(self.events_menu)
        self._update_enabled()

    # -- helpers --------------------------------------------------------------------------------
    def _undo_changed(self, text: str) -> None:
        self._undo_text = text
        self._name_undo()

    def _redo_changed(self, text: str) -> None:
        self._redo_text = text
        self._name_undo()

    def _retranslate_undo(self) -> None:
        stack = self.state.undo_stack
        retranslate_stack(stack)
        self._undo_text, self._redo_text = stack.undoText(), stack.redoText()
        self._name_undo()

    def _name_undo(self) -> None:
        if not isValid(self.undo) or not isValid(self.redo):
            return  # the window is being taken down while its undo stack still tells
        undo, redo = self._undo_text, self._redo_text
        self.undo.setText(tr("&Undo {edit}", edit=undo) if undo else tr("&Undo"))
        self.redo.setText(tr("&Redo {edit}", edit=redo) if redo else tr("&Redo"))

    def _refused(self, why: str) -> None:
        self.window.statusBar().showMessage(tr("Not changed: {why}", why=why), 8000)
        box = QMessageBox(QMessageBox.Icon.Information, tr("Not changed"), why, parent=self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _update_enabled(self, *_: object) -> None:
        dataset = self.state.dataset
        listed = bool(dataset and self.state.selected and dataset.nation(self.state.selected))
        for action in (
            self.edit_nation,
            self.add_contribution,
            self.record_change,
            self.remove_nation,
        ):
            action.setEnabled(listed)
        for action in (
            self.sources,
            self.categories,
            self.properties,
            self.add_event,
            self.add_organisation,
        ):
            action.setEnabled(dataset is not None)

    def _dataset_replaced(self) -> None:
        self.set_paint(None)
        self._update_enabled()

    def _code(self) -> str | None:
        code = self.state.selected
        return code if code and self.state.dataset and self.state.dataset.nation(code) else None

    def _name(self, code: str) -> str:
        return self.state.name(code)

    # -- paint mode -----------------------------------------------------------------------------
    def _fill_paint_menu(self) -> None:
        self.paint_menu.clear()
        off = self.paint_menu.addAction(tr("Off (clicks select)"))
        off.setCheckable(True)
        off.setChecked(self.editor.paint_category is None)
        off.triggered.connect(lambda: self.set_paint(None))
        self.paint_group.addAction(off)
        label_of = self.state.styled().label_of
        for category in self.state.dataset.categories if self.state.dataset else []:
            action = self.paint_menu.addAction(swatch(category.color), label_of(category.id))
            action.setCheckable(True)
            action.setChecked(self.editor.paint_category == category.id)
            action.triggered.connect(lambda _=False, c=category.id: self.set_paint(c))
            self.paint_group.addAction(action)

    def set_paint(self, category: str | None) -> None:
        """Paint mode: while a category is chosen, clicking a country puts it there."""
        self.editor.paint_category = category
        map_ = self.window.map
        map_.setCursor(Qt.CursorShape.CrossCursor if category else Qt.CursorShape.ArrowCursor)
        if category and self.state.dataset:
            label = self.state.styled().label_of(category)
            self.window.statusBar().showMessage(
                tr("Painting: click countries to make them {category}. Esc stops.", category=label)
            )
        else:
            self.window.statusBar().clearMessage()

    def _paint_click(self, code: str | None) -> bool:
        if self.editor.paint_category is None:
            return False
        if code:
            self.editor.paint(code)
            self.state.select(code)
        return True

    # -- the map's right-click menu -------------------------------------------------------------
    def map_menu(self, code: str | None, where: QPoint) -> QMenu | None:
        """Right-click on a country: set its category, add or remove it, edit it."""
        dataset = self.state.dataset
        if dataset is None or code is None:
            return None
        self.state.select(code)
        menu = QMenu(self.window)
        name = self._name(code)
        nation = dataset.nation(code)
        title = menu.addAction(name)
        title.setEnabled(False)
        sub = menu.addMenu(tr("Set category") if nation else tr("Add to dataset as"))
        label_of = self.state.styled().label_of
        for category in dataset.categories:
            action = sub.addAction(swatch(category.color), label_of(category.id))
            action.setCheckable(True)
            action.setChecked(bool(nation) and nation.category == category.id)
            action.triggered.connect(
                lambda _=False, c=category.id: self.editor.set_category(code, c)
            )
        if nation:
            menu.addAction(self.edit_nation)
            menu.addAction(self.add_contribution)
            menu.addAction(self.record_change)
            menu.addSeparator()
            menu.addAction(self.remove_nation)
        menu.addSeparator()
        always = menu.addAction(tr("Always &label {name}", name=name))
        always.setCheckable(True)
        always.setChecked(code in self.window.map.forced_labels)
        always.toggled.connect(lambda on: self.window.map.set_forced_label(code, on))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(where)
        return menu

    # -- the events panel's right-click menu ---------------------------------------------------
    def events_menu(self, kind: str, index: int, where: QPoint) -> QMenu | None:
        """Add, edit or remove an event or organisation from the Organisations and events panel."""
        if self.state.dataset is None:
            return None
        menu = QMenu(self.window)
        if kind == "event":
            if index >= 0:
                menu.addAction(tr("Edit event…"), lambda: self.edit_event(index))
                menu.addAction(tr("Remove event"), lambda: self.remove_event(index))
                menu.addSeparator()
            menu.addAction(self.add_event)
        else:
            if index >= 0:
                menu.addAction(tr("Edit organisation…"), lambda: self.edit_organisation(index))
                menu.addAction(tr("Remove organisation"), lambda: self.remove_organisation(index))
                menu.addSeparator()
            menu.addAction(self.add_organisation)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(where)
        return menu

    # -- the Nation panel's links ---------------------------------------------------------------
    def panel_action(self, action: str, index: int) -> None:
        """An edit link in the Nation panel was clicked."""
        code = self.state.selected
        if code is None:
            return
        if action in ("add-as", "set-category"):
            categories = self.state.dataset.categories
            if 0 <= index < len(categories):
                self.editor.set_category(code, categories[index].id)
            return
        handlers = {
            "edit-nation": lambda: self.edit_selected(),
            "add-contribution": lambda: self.contribution(None),
            "edit-contribution": lambda: self.contribution(index),
            "up-contribution": lambda: self._move(code, index, -1),
            "down-contribution": lambda: self._move(code, index, 1),
            "remove-contribution": lambda: self._remove_contribution(code, index),
            "add-history": lambda: self.history(None),
            "edit-history": lambda: self.history(index),
            "remove-history": lambda: self._remove_history(code, index),
            "remove-nation": lambda: self.remove_selected(),
        }
        if action in handlers:
            handlers[action]()

    def _move(self, code: str, index: int, step: int) -> None:
        self.editor.apply(
            lambda: commands.move_contribution(
                self.editor.dataset, code, self._name(code), index, step
            )
        )

    def _remove_contribution(self, code: str, index: int) -> None:
        self.editor.apply(
            lambda: commands.remove_contribution(self.editor.dataset, code, self._name(code), index)
        )

    def _remove_history(self, code: str, index: int) -> None:
        self.editor.apply(
            lambda: commands.remove_history(self.editor.dataset, code, self._name(code), index)
        )

    # -- dialogs ------------------------------------------------------------------------------
    def edit_selected(self) -> None:
        """Edit > Edit nation…: role, stated position, confidence, sources."""
        code = self._code()
        if code is None:
            return
        dialog = NationDialog(
            self.state.dataset, self.state.dataset.nation(code), self._name(code), self.window
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            fields = dialog.fields()
            self.editor.apply_with_sources(
                lambda: commands.update_nation(
                    self.editor.dataset, code, self._name(code), **fields
                ),
                dialog.sources.new_sources,
            )

    def contribution(self, index: int | None) -> None:
        """Add a contribution (``index`` None) or edit the one at ``index``."""
        code = self._code()
        if code is None:
            return
        dataset = self.state.dataset
        nation = dataset.nation(code)
        current = (
            nation.contributions[index]
            if index is not None and index < len(nation.contributions)
            else None
        )
        dialog = ContributionDialog(dataset, current, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        item = dialog.contribution()
        name = self._name(code)

        def build():
            if index is None:
                return commands.add_contribution(self.editor.dataset, code, name, item)
            return commands.replace_contribution(self.editor.dataset, code, name, index, item)

        self.editor.apply_with_sources(build, dialog.sources.new_sources)

    def history(self, index: int | None) -> None:
        """Record a dated change of category (``index`` None) or edit an entry."""
        code = self._code()
        if code is None:
            return
        dataset = self.state.dataset
        nation = dataset.nation(code)
        current = (
            nation.history[index] if index is not None and index < len(nation.history) else None
        )
        dialog = HistoryDialog(dataset, current, PartialDate.from_date(self.state.day), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        entry = dialog.entry()
        name = self._name(code)

        def build():
            if index is None:
                return commands.add_history(self.editor.dataset, code, name, entry)
            return commands.replace_history(self.editor.dataset, code, name, index, entry)

        self.editor.apply_with_sources(build, dialog.sources.new_sources)

    def remove_selected(self) -> None:
        """Remove the selected nation (after asking)."""
        code = self._code()
        if code is None:
            return
        name = self._name(code)
        if confirm(
            self.window,
            tr("Remove nation"),
            tr(
                "Remove {name} and its contributions from the dataset? "
                "(Edit > Undo brings it back.)",
                name=name,
            ),
        ):
            self.editor.remove_nation(code)

    def sources_dialog(self) -> None:
        """Edit > Sources…"""
        dialog = SourcesDialog(self.editor, self.window)
        dialog.exec()

    def categories_dialog(self) -> None:
        """Edit > Categories…"""
        dialog = CategoriesDialog(self.state.dataset, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.editor.apply(
                lambda: commands.set_categories(
                    self.editor.dataset,
                    dialog.categories,
                    dialog.reassign,
                    unlisted=dialog.result_unlisted(),
                )
            )

    def properties_dialog(self) -> None:
        """Edit > Dataset properties…"""
        dialog = PropertiesDialog(self.state.dataset, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            title, subtitle, as_of, notes = dialog.values()
            self.editor.apply(
                lambda: commands.set_properties(self.editor.dataset, title, subtitle, as_of, notes)
            )

    def edit_event(self, index: int | None) -> None:
        """Add an event (``index`` None) or edit the one at ``index``."""
        dataset = self.state.dataset
        current = dataset.events[index] if index is not None else None
        dialog = EventDialog(dataset, current, self.state.gazetteer, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            item = dialog.value()
            self.editor.apply_with_sources(
                lambda: commands.put_event(self.editor.dataset, index, item),
                dialog.sources.new_sources,
            )

    def remove_event(self, index: int) -> None:
        """Remove an event (after asking)."""
        title = self.state.dataset.events[index].title
        if confirm(self.window, tr("Remove event"), tr("Remove the event “{title}”?", title=title)):
            self.editor.apply(lambda: commands.remove_event(self.editor.dataset, index))

    def edit_organisation(self, index: int | None) -> None:
        """Add an organisation (``index`` None) or edit the one at ``index``."""
        dataset = self.state.dataset
        current = dataset.organisations[index] if index is not None else None
        dialog = OrganisationDialog(dataset, current, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            item = dialog.organisation()
            self.editor.apply_with_sources(
                lambda: commands.put_organisation(self.editor.dataset, index, item),
                dialog.sources.new_sources,
            )

    def remove_organisation(self, index: int) -> None:
        """Remove an organisation (after asking)."""
        name = self.state.dataset.organisations[index].name
        if confirm(self.window, tr("Remove organisation"), tr("Remove {name}?", name=name)):
            self.editor.apply(lambda: commands.remove_organisation(self.editor.dataset, index))
