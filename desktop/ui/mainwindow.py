"""The main window: the map in the middle, docks around it, menus, toolbar and status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QToolBar,
    QWidget,
)

from desktop.geo.language import LANGUAGES, check_language
from desktop.io.dataset_file import LoadedDataset, load_dataset
from desktop.io.errors import DatasetError
from desktop.paths import bundled_dataset
from desktop.render.compose import Composition, compose
from desktop.render.mapdraw import Overlay
from desktop.ui.about import AboutDialog
from desktop.ui.appearance import APPEARANCES, LABELS, apply_appearance
from desktop.ui.changes import ChangesPanel
from desktop.ui.dialogs import ProblemsDialog
from desktop.ui.document import DocumentController
from desktop.ui.editactions import EditActions
from desktop.ui.eventspanel import EventsPanel
from desktop.ui.exportdialog import ExportController
from desktop.ui.guide import GuideWindow
from desktop.ui.legend import Legend
from desktop.ui.mapwidget import MapWidget
from desktop.ui.nationpanel import NationPanel
from desktop.ui.nationstable import NationsTable
from desktop.ui.richtext import plain_tip
from desktop.ui.search import SearchBox
from desktop.ui.state import AtlasState
from desktop.ui.timeline import TimelineBar
from desktop.ui.translation import N_, Texts, apply_language, ntr, system_language, tr
from desktop.ui.translation import SETTINGS_KEY as LANGUAGE_KEY

MAX_RECENT = 8
SETTINGS_VERSION = 1
DATASET_FILTER = N_("Coalition Atlas datasets (*.yaml *.yml);;All files (*)")


class MainWindow(QMainWindow):
    """Coalition Atlas's window."""

    firstPaint = Signal()
    """The map has been painted for the first time (start-up measurements use it)."""

    def __init__(self, state: AtlasState, settings: QSettings | None = None) -> None:
        super().__init__()
        self.state = state
        self.settings = settings or QSettings()
        self.texts = Texts()
        """The window's own words, set again when the language changes."""
        self.problems_dialog: ProblemsDialog | None = None
        self.guide: GuideWindow | None = None
        self.persist = True
        """Save geometry, layout and view on close (off for measurement runs)."""
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.setObjectName("MainWindow")

        self.map = MapWidget(state, self)
        self.setCentralWidget(self.map)
        self.nation_panel = NationPanel(state)
        self.nations = NationsTable(state)
        self.legend = Legend(state)
        self.events = EventsPanel(state)
        self.search = SearchBox(state)
        self.timeline = TimelineBar(state)
        self.changes = ChangesPanel(state)
        self.docks: dict[str, QDockWidget] = {}
        self._add_dock("legend", N_("Legend"), self.legend, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("nations", N_("Nations"), self.nations, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock(
            "nation", N_("Nation"), self.nation_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self._add_dock(
            "events",
            N_("Organisations and events"),
            self.events,
            Qt.DockWidgetArea.RightDockWidgetArea,
        )
        self.tabifyDockWidget(self.docks["nation"], self.docks["events"])
        # Changes sits with Nations: selecting a nation raises the Nation dock, which would
        # hide the list one is clicking through.
        self._add_dock("changes", N_("Changes"), self.changes, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.docks["nations"], self.docks["changes"])
        self.docks["nations"].raise_()
        self.docks["nation"].raise_()
        self.resizeDocks(
            [self.docks["legend"], self.docks["nation"]], [390, 340], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.docks["legend"], self.docks["nations"]], [170, 600], Qt.Orientation.Vertical
        )
        self.timeline_bar = QToolBar(self)
        self.texts.bind(self.timeline_bar.setWindowTitle, N_("Timeline"))
        self.timeline_bar.setObjectName("toolbar-timeline")
        self.timeline_bar.setMovable(False)
        self.timeline_bar.addWidget(self.timeline)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.timeline_bar)
        self.default_state = self.saveState(SETTINGS_VERSION)

        self.as_of_label = QLabel(self)
        # Names the map could not place stay in view (hover messages come and go).
        self.unplaced_label = QLabel(self)
        self.unplaced_label.setObjectName("unplaced-labels")
        self.unplaced_label.hide()
        self.statusBar().addPermanentWidget(self.unplaced_label)
        self.statusBar().addPermanentWidget(self.as_of_label)
        self.map.unplacedChanged.connect(self._show_unplaced)
        self.nation_panel.editable = True
        self.document = DocumentController(state, self)
        self.document.modifiedChanged.connect(self.setWindowModified)
        self.document.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        # Stays in the status bar for as long as recovery copies fail, not four seconds.
        self.protection_label = QLabel(self)
        self.texts.bind(self.protection_label.setText, N_("Crash protection off"))
        self._protection_why = ""
        self.protection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.protection_label.setStyleSheet("color: #b00020; font-weight: bold")
        self.protection_label.hide()
        self.statusBar().addPermanentWidget(self.protection_label)
        self.document.protectionChanged.connect(self._protection_changed)
        self._build_actions()
        self.edits = EditActions(self)
        self._build_menus()
        self._build_toolbar()

        state.datasetReplaced.connect(self._dataset_replaced)
        state.dayChanged.connect(self._update_status)
        state.hoverChanged.connect(self._hovered)
        state.selectionChanged.connect(self._selected)
        state.compareChanged.connect(self._compare_changed)
        state.languageChanged.connect(self.retranslate)
        self.search.chosen.connect(self.go_to)
        self.search.dismissed.connect(self.map.setFocus)
        self.map.activated.connect(self.open_nation_panel)
        self._first_paint_seen = False
        self.map.rendered.connect(self._rendered)
        self._name_qt_controls()

    # -- construction -------------------------------------------------------------------------
    def _add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(self)
        self.texts.bind(dock.setWindowTitle, title)
        dock.setObjectName(f"dock-{key}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        self.docks[key] = dock

    def _action(
        self, text, slot, shortcut=None, *, checkable=False, tip: str | None = None
    ) -> QAction:
        """An action of the window's; ``text`` and ``tip`` are English messages (or a
        callable giving the text), shown in the window's language."""
        action = QAction(self)
        self.texts.bind(action.setText, text)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        action.setCheckable(checkable)
        if tip:
            self.texts.bind(action.setStatusTip, tip)
            self.texts.bind(action.setToolTip, tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.act_new = self._action(
            N_("&New"), self.new_dataset, keys.New, tip=N_("Start a new dataset")
        )
        self.act_open = self._action(
            N_("&Open…"), self.choose_file, keys.Open, tip=N_("Open a dataset file")
        )
        self.act_save = self._action(N_("&Save"), self.save, keys.Save, tip=N_("Save the dataset"))
        self.act_save_as = self._action(N_("Save &As…"), self.save_as, QKeySequence("Ctrl+Shift+S"))
        self.act_import = self._action(
            N_("&Import spreadsheet…"), self.import_sheet, QKeySequence("Ctrl+I"),
            tip=N_("Add nations from a CSV, XLSX or ODS sheet, or make a dataset of it"),
        )  # fmt: skip
        self.act_reload = self._action(
            N_("Reloa&d"), self.reload, [QKeySequence("Ctrl+R"), QKeySequence("F5")]
        )
        self.exports = ExportController(self, self.state, self.map, self.settings)
        self.act_export = self._action(
            N_("&Export…"), self.exports.export_dialog, QKeySequence("Ctrl+Shift+E"),
            tip=N_("Export the map as PNG, SVG, PDF or HTML, or the data as GeoJSON or CSV"),
        )  # fmt: skip
        self.act_export_again = self._action(
            self.exports.repeat_text, self.exports.repeat_last, QKeySequence("Ctrl+E"),
            tip=N_("Export again to the same file with the same options, from what is shown now"),
        )  # fmt: skip
        self.exports.lastChanged.connect(self.act_export_again.setText)
        self.act_quit = self._action(N_("&Quit"), self.close, keys.Quit)
        self.act_copy = self._action(
            N_("&Copy map"), self.copy_map, QKeySequence("Ctrl+Shift+C"),
            tip=N_("Copy the current view with its legend as an image"),
        )  # fmt: skip
        self.act_world = self._action(
            N_("&World"), lambda: self.map.set_preset("world"), QKeySequence("Ctrl+1")
        )
        self.act_europe = self._action(
            N_("&Europe"), lambda: self.map.set_preset("europe"), QKeySequence("Ctrl+2")
        )
        self.act_fit = self._action(
            N_("&Fit to listed nations"), self.map.fit_listed, QKeySequence("Ctrl+3")
        )
        self.act_zoom_in = self._action(
            N_("Zoom &in"), self.map.zoom_in, [keys.ZoomIn, QKeySequence("Ctrl+=")]
        )
        self.act_zoom_out = self._action(N_("Zoom &out"), self.map.zoom_out, keys.ZoomOut)
        self.act_home = self._action(N_("&Reset view"), self.map.reset_view, QKeySequence("Ctrl+0"))
        self.act_labels = self._action(
            N_("Show la&bels"), self.map.set_labels, QKeySequence("Ctrl+L"), checkable=True
        )
        self.act_label_all = self._action(
            N_("Label every &country"), self.map.set_label_all, checkable=True,
            tip=N_("Name every country in view, listed or not"),
        )  # fmt: skip
        self.act_search = self._action(N_("&Find country…"), self.focus_search, keys.Find)
        # The window's palette: the system's (dark and high-contrast ones included) or the
        # app's own light or dark one; the map follows it.
        self.appearance_group = QActionGroup(self)
        self.act_appearance: dict[str, QAction] = {}
        for key in APPEARANCES:
            action = self._action(
                LABELS[key], lambda _=False, key=key: self.set_appearance(key), checkable=True
            )
            self.appearance_group.addAction(action)
            self.act_appearance[key] = action
        self.act_appearance["system"].setChecked(True)
        # Each language by its own name, so a reader finds theirs whatever is shown now.
        self.language_group = QActionGroup(self)
        self.act_language: dict[str, QAction] = {}
        for code, own_name in LANGUAGES.items():
            action = self._action(
                # A callable text: shown as it is, never translated.
                lambda own_name=own_name: own_name,
                lambda _=False, code=code: self.set_language(code),
                checkable=True,
            )
            self.language_group.addAction(action)
            self.act_language[code] = action
        self.act_language[self.state.language].setChecked(True)
        self.act_layout = self._action(N_("Restore &default layout"), self.restore_layout)
        self.act_guide = self._action(N_("&User guide"), self.show_guide, keys.HelpContents)
        self.act_about = self._action(N_("&About Coalition Atlas"), self.about)

    def _show_unplaced(self, names: list[str]) -> None:
        if not names:
            self.unplaced_label.hide()
            return
        if len(names) > 8:
            text = ntr(
                "No room for labels: {names} and {n} more",
                "No room for labels: {names} and {n} more",
                len(names) - 8,
                names=", ".join(names[:8]),
            )
        else:
            text = tr("No room for labels: {names}", names=", ".join(names))
        self.unplaced_label.setText(text)
        self.unplaced_label.setToolTip(", ".join(names))
        self.unplaced_label.show()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = self._menu(bar, N_("&File"))
        self.file_menu.addAction(self.act_new)
        self.file_menu.addAction(self.act_open)
        self.recent_menu = self._menu(self.file_menu, N_("Open &Recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addAction(self.act_reload)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_save)
        self.file_menu.addAction(self.act_save_as)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_import)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_export)
        self.file_menu.addAction(self.act_export_again)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.edit_menu = self._menu(bar, N_("&Edit"))
        self.edit_menu.aboutToShow.connect(self._fill_edit_menu)
        self.view_menu = self._menu(bar, N_("&View"))
        for action in (self.act_world, self.act_europe, self.act_fit):
            self.view_menu.addAction(action)
        self.theme_menu = self._menu(self.view_menu, N_("T&heme"))
        for action in self.act_appearance.values():
            self.theme_menu.addAction(action)
        self.language_menu = self._menu(self.view_menu, N_("&Language"))
        for action in self.act_language.values():
            self.language_menu.addAction(action)
        self.view_menu.addSeparator()
        for action in (
            self.act_zoom_in, self.act_zoom_out, self.act_home, self.act_labels, self.act_label_all
        ):  # fmt: skip
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.timeline_menu = self._menu(self.view_menu, N_("&Timeline"))
        self.timeline_menu.addAction(self.timeline_bar.toggleViewAction())
        self.timeline_menu.addSeparator()
        for action in self.timeline.actions_for_menu():
            self.timeline_menu.addAction(action)
        self.panels_menu = self._menu(self.view_menu, N_("&Panels"))
        for dock in self.docks.values():
            self.panels_menu.addAction(dock.toggleViewAction())
        self.view_menu.addAction(self.act_layout)
        self.help_menu = self._menu(bar, N_("&Help"))
        self.help_menu.addAction(self.act_guide)
        self.help_menu.addAction(self.act_about)

    def _menu(self, parent, title: str):
        menu = parent.addMenu("")
        self.texts.bind(menu.setTitle, title)
        return menu

    def _fill_edit_menu(self) -> None:
        # Built when shown: the editing actions are created after the menus.
        menu, edits = self.edit_menu, self.edits
        menu.clear()
        for action in (edits.undo, edits.redo):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.act_copy)
        menu.addAction(self.act_search)
        menu.addSeparator()
        for action in (
            edits.edit_nation,
            edits.add_contribution,
            edits.record_change,
            edits.remove_nation,
        ):
            menu.addAction(action)
        menu.addMenu(edits.paint_menu)
        menu.addSeparator()
        for action in (
            edits.sources,
            edits.categories,
            edits.properties,
            edits.add_event,
            edits.add_organisation,
        ):
            menu.addAction(action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self)
        self.texts.bind(toolbar.setWindowTitle, N_("Map"))
        toolbar.setObjectName("toolbar-map")
        toolbar.setMovable(False)
        for action in (self.act_world, self.act_europe, self.act_fit):
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in (self.act_zoom_out, self.act_zoom_in, self.act_labels):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addWidget(self.search)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    # -- opening files ------------------------------------------------------------------------
    def open_path(self, path: str | Path) -> bool:
        """Open a dataset; on any problem show them all and keep the current one.

        Unsaved changes are offered for saving first."""
        if not self.document.maybe_save(
            N_("{name} has unsaved changes. Save them before you open another file?")
        ):
            return False
        try:
            loaded = load_dataset(path)
        except DatasetError as error:
            self.show_problems(error, str(path))
            return False
        self.show_loaded(loaded)
        self.remember(loaded.path)
        return True

    def show_loaded(self, loaded: LoadedDataset) -> None:
        """Show a dataset that was read successfully."""
        self.state.set_loaded(loaded)

    def show_problems(self, error: DatasetError, name: str) -> ProblemsDialog:
        """Tell the user why a file was not opened (non-blocking; the view is unchanged)."""
        kept = None
        if self.state.loaded is not None:
            kept = f"{self.state.dataset.title} ({self.state.loaded.name})"
        self.problems_dialog = ProblemsDialog(error, Path(name).name, kept, self, self.state)
        self.problems_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.problems_dialog.open()
        return self.problems_dialog

    def choose_file(self) -> None:
        """File > Open: pick a dataset file."""
        start = (
            str(self.state.loaded.path.parent)
            if self.state.loaded and self.state.loaded.path
            else ""
        )
        path, _ = QFileDialog.getOpenFileName(self, tr("Open dataset"), start, tr(DATASET_FILTER))
        if path:
            self.open_path(path)

    def reload(self) -> None:
        """Read the open file again from disk (asks about unsaved changes first)."""
        self.document.reload()

    def new_dataset(self) -> None:
        """File > New."""
        self.document.new()

    def save(self) -> bool:
        """File > Save."""
        return self.document.save()

    def save_as(self) -> bool:
        """File > Save As…"""
        return self.document.save_as()

    def import_sheet(self) -> bool:
        """File > Import spreadsheet…"""
        return self.document.import_sheet()

    def remember(self, path: Path | None) -> None:
        """Put a file at the top of Open Recent."""
        if path is None:
            return
        recent = [p for p in self.recent_files() if p != str(path.resolve())]
        self.settings.setValue("recentFiles", [str(path.resolve()), *recent][:MAX_RECENT])

    def recent_files(self) -> list[str]:
        """Recently opened files, newest first."""
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(plain_tip(path))
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction(tr("No recent files")).setEnabled(False)

    def dragEnterEvent(self, event) -> None:
        if any(
            url.toLocalFile().lower().endswith((".yaml", ".yml")) for url in event.mimeData().urls()
        ):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            path = url.toLocalFile()
            if path.lower().endswith((".yaml", ".yml")):
                event.acceptProposedAction()
                self.open_path(path)
                return

    # -- reacting to the state ----------------------------------------------------------------
    def _dataset_replaced(self) -> None:
        self.update_title()
        self._update_status()

    def update_title(self) -> None:
        """``Dataset title — file.yaml[*]``: the title bar names what is open."""
        loaded = self.state.loaded
        if loaded is None:
            self.setWindowTitle("Coalition Atlas")
            return
        self.setWindowTitle(f"{loaded.dataset.title} — {loaded.name}[*]")

    def _update_status(self) -> None:
        if self.state.day:
            self.as_of_label.setText(self.state.styled().as_of)

    def _hovered(self, code: str | None) -> None:
        if code is None:
            self.statusBar().clearMessage()
            return
        self.statusBar().showMessage(self.map.tooltip_text(code).replace("\n", " · "))

    def _selected(self, code: str | None) -> None:
        if code and self.docks["nation"].isVisible() is False:
            self.docks["nation"].show()
        if code:
            self.docks["nation"].raise_()

    def _compare_changed(self) -> None:
        # "Changes since" turned on: bring its list forward.
        if self.state.compare_day is not None:
            self.docks["changes"].show()
            self.docks["changes"].raise_()

    def _name_qt_controls(self) -> None:
        """Accessible names for the controls Qt adds by itself (a line edit's clear button,
        a toolbar's overflow button, a table's corner button, a combo box's list), which
        a screen reader would otherwise announce as an unnamed button."""
        internal = {
            "qt_toolbar_ext_button": N_("More tools"),
            "qt_menubar_ext_button": N_("More menus"),
            "qt_tableview_cornerbutton": N_("Select all"),
        }
        named = "atlasNamed"  # named here: named again in another language
        for button in self.findChildren(QAbstractButton):
            if button.accessibleName() and not button.property(named):
                continue
            if button.objectName() in internal:
                button.setAccessibleName(tr(internal[button.objectName()]))
            elif isinstance(button.parent(), QLineEdit):
                field = button.parent().accessibleName()
                button.setAccessibleName(tr("Clear {field}", field=field) if field else tr("Clear"))
            else:
                continue
            button.setProperty(named, True)
        for combo in self.findChildren(QComboBox):
            view = combo.view()
            if not view.accessibleName() or view.property(named):
                name = combo.accessibleName()
                view.setAccessibleName(tr("{name} choices", name=name) if name else tr("Choices"))
                view.setProperty(named, True)

    def set_appearance(self, key: str) -> None:
        """Use the system's palette, or the app's light or dark one (View > Theme); kept
        for the next run."""
        key = apply_appearance(key)
        self.act_appearance[key].setChecked(True)
        self.settings.setValue("appearance", key)

    def set_language(self, lang: str, *, remember: bool = True) -> None:
        """Show the window in another language at once (View > Language): names, dates and
        words; Arabic lays the window out right to left. Kept for the next run unless
        ``remember`` is off (the language followed from the system is not stored)."""
        lang = apply_language(lang)
        self.act_language[lang].setChecked(True)
        if remember:
            self.settings.setValue(LANGUAGE_KEY, lang)
        self.state.set_language(lang)

    def retranslate(self) -> None:
        """Every word of the window again, in the language just installed (the panels
        follow the state's ``languageChanged`` themselves)."""
        self.texts.retranslate()
        if self.guide is not None:
            self.guide.texts.retranslate()
        self._name_qt_controls()
        self._protection_changed(self._protection_why)
        self._update_status()

    def open_nation_panel(self, code: str) -> None:
        """Show the Nation panel for ``code`` and move the keyboard focus into it (Enter on
        the map), so a screen reader reads the details."""
        if self.state.selected != code:
            self.state.select(code)
        dock = self.docks["nation"]
        dock.show()
        dock.raise_()
        self.nation_panel.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def _rendered(self, ms: float) -> None:
        if not self._first_paint_seen:
            self._first_paint_seen = True
            self.firstPaint.emit()

    def go_to(self, code: str) -> None:
        """Select a country and frame it (search)."""
        self.state.select(code)
        self.map.frame_country(code)
        self.map.setFocus()

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search field."""
        self.search.setFocus()
        self.search.selectAll()

    # -- images -------------------------------------------------------------------------------
    def map_image(self, scale: float = 2.0) -> QImage:
        """The current view as a composed image with title, legend and credits."""
        state = self.state
        width, height = self.map.width(), self.map.height()
        header, footer = 110, 60
        image = QImage(
            round(width * scale),
            round((height + header + footer) * scale),
            QImage.Format.Format_ARGB32,
        )
        image.setDevicePixelRatio(scale)
        comp = Composition(
            dataset=state.dataset,
            styled=state.styled(),
            labels=self.map.label_choice(),
            overlay=Overlay(
                selected=state.selected,
                highlighted=state.highlighted,
                outlined=state.changed_codes(),
            ),
        )
        painter = QPainter(image)
        frame = QRectF(0, 0, width, height + header + footer)
        compose(painter, frame, comp, self.map.current_view())
        painter.end()
        return image

    def copy_map(self) -> QImage:
        """Edit > Copy map: the current view with its legend, on the clipboard."""
        image = self.map_image()
        QGuiApplication.clipboard().setImage(image)
        self.statusBar().showMessage(tr("Map copied to the clipboard"), 3000)
        return image

    # -- settings -----------------------------------------------------------------------------
    def restore_settings(self) -> None:
        """Window geometry, dock layout, last view and labels from the previous run."""
        geometry = self.settings.value("geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            screen = QGuiApplication.primaryScreen().availableGeometry()
            self.resize(QSize(int(screen.width() * 0.92), int(screen.height() * 0.9)))
        layout = self.settings.value("windowState")
        if not (isinstance(layout, QByteArray) and self.restoreState(layout, SETTINGS_VERSION)):
            # First run: docks in proportion to the window, so a laptop screen keeps room
            # for the map (the defaults suit 1920 px).
            width = self.width()
            left = min(390, max(260, int(width * 0.22)))
            right = min(340, max(240, int(width * 0.19)))
            self.resizeDocks(
                [self.docks["legend"], self.docks["nation"]],
                [left, right],
                Qt.Orientation.Horizontal,
            )
        try:
            lang = check_language(str(self.settings.value(LANGUAGE_KEY) or system_language()))
        except ValueError:
            lang = system_language()  # a setting from a newer version, or edited by hand
        self.set_language(lang, remember=False)
        saved = self.settings.value("appearance", "system")
        if saved != "system":
            self.set_appearance(str(saved))
        self.act_labels.setChecked(self.settings.value("labels", False, type=bool))
        self.map.set_labels(self.act_labels.isChecked())
        view = self.settings.value("view")
        if isinstance(view, dict):
            # After show(): the map needs its real size to place a saved view.
            QTimer.singleShot(0, lambda: self.map.restore_view_state(view))

    def save_settings(self) -> None:
        """Keep geometry, dock layout, view and labels for the next run."""
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState(SETTINGS_VERSION))
        self.settings.setValue("view", self.map.view_state())
        self.settings.setValue("labels", self.act_labels.isChecked())
        self.settings.sync()

    def restore_layout(self) -> None:
        """View > Restore default layout: every dock back in its place."""
        self.restoreState(self.default_state, SETTINGS_VERSION)
        for dock in self.docks.values():
            dock.show()
        self.timeline_bar.show()
        self.docks["nation"].raise_()
        self.docks["nations"].raise_()

    def _protection_changed(self, why: str) -> None:
        self._protection_why = why
        self.protection_label.setToolTip(
            plain_tip(tr("Unsaved changes cannot be copied for recovery: {why}", why=why))
        )
        self.protection_label.setVisible(bool(why))

    def closeEvent(self, event) -> None:
        if self.document.busy:
            # A save or recovery copy is being written: close once it is on disk.
            self.document.close_when_done = True
            self.statusBar().showMessage(tr("Closing once the file is written…"))
            event.ignore()
            return
        if not self.document.maybe_save(
            N_("{name} has unsaved changes. Save them before you close?")
        ):
            event.ignore()
            return
        self.document.remove_recovery()
        if self.persist:
            self.save_settings()
        super().closeEvent(event)

    def about(self) -> AboutDialog:
        """Help > About: version, licences of the bundled components, data attributions."""
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_guide(self) -> GuideWindow:
        """Help > User guide: one guide window, raised if already open."""
        if self.guide is None:
            self.guide = GuideWindow(self)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()
        return self.guide


def open_initial(window: MainWindow, path: str | None) -> None:
    """Open ``path``, or the bundled dataset; a bad ``path`` leaves the bundled one showing."""
    if path is None:
        window.show_loaded(load_dataset(bundled_dataset()))
        return
    try:
        loaded = load_dataset(path)
    except DatasetError as error:
        window.show_loaded(load_dataset(bundled_dataset()))
        window.show_problems(error, path)
        return
    window.show_loaded(loaded)
    window.remember(loaded.path)
