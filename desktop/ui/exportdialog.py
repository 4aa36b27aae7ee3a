"""File > Export…: the export options with a live preview; Ctrl+E repeats the last export.

The dialog only gathers an ``ExportJob``; ``desktop.ui.exportrun`` writes it off the GUI
thread with ``desktop.render.export``, the code path the command line uses, and every
image (preview included) is drawn by ``compose``. The one thing the command line has no
word for is "the view the window shows": ``MapWidget.current_view`` frames it for any map
rectangle, as Edit > Copy map does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import (
    QDate,
    QObject,
    QRectF,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.geo.language import LANGUAGES
from desktop.io.tables import COLUMNS
from desktop.model.asof import change_days, dated_span
from desktop.model.colourvision import clashes
from desktop.model.countries import Gazetteer
from desktop.model.dataset import Dataset
from desktop.model.dates import PartialDate
from desktop.paths import data_root
from desktop.render.compose import compose
from desktop.render.encoder import ffmpeg_problem
from desktop.render.export import (
    IMAGE_FORMATS,
    PRESETS,
    ExportError,
    ExportOptions,
    composition,
    format_for,
    styled_for,
    ui_scale,
)
from desktop.render.options import ANIMATION_FORMATS, MAX_SIDE, VIEWS
from desktop.ui.dayedit import DayEdit
from desktop.ui.exportrun import (
    ExportJob,
    ViewFor,
    run_export,
    show_status,
)
from desktop.ui.richtext import clash_warning
from desktop.ui.state import AtlasState
from desktop.ui.translation import N_, message_text, ntr, tr

FORMAT_LABELS = {
    "png": N_("PNG image"),
    "svg": N_("SVG vector image"),
    "pdf": N_("PDF (map and sources)"),
    "pptx": N_("PowerPoint slide (editable shapes)"),
    "html": N_("HTML interactive map"),
    "geojson": N_("GeoJSON for GIS"),
    "csv": N_("CSV table of nations"),
    "mp4": N_("MP4 video of the timeline"),
    "webm": N_("WebM video of the timeline"),
    "gif": N_("GIF animation of the timeline"),
    "webp": N_("WebP animation of the timeline"),
}
FILE_FILTERS = {
    "png": N_("PNG images (*.png)"),
    "svg": N_("SVG images (*.svg)"),
    "pdf": N_("PDF documents (*.pdf)"),
    "pptx": N_("PowerPoint presentations (*.pptx)"),
    "html": N_("Web pages (*.html *.htm)"),
    "geojson": N_("GeoJSON (*.geojson *.json)"),
    "csv": N_("CSV tables (*.csv)"),
    "mp4": N_("MP4 videos (*.mp4)"),
    "webm": N_("WebM videos (*.webm)"),
    "gif": N_("GIF animations (*.gif)"),
    "webp": N_("WebP animations (*.webp)"),
}
STEP_LABELS = {
    "change": N_("Each dated change or event"),
    "month": N_("Each month"),
    "year": N_("Each year"),
}
STEP_WORDS = {
    "change": N_("each dated change or event"),
    "month": N_("each month"),
    "year": N_("each year"),
}
"""The steps as a sentence says them (the labels above start a line)."""
PRESET_LABELS = {
    "slide": N_("Slide"),
    "4k": N_("4K"),
    "square": N_("Square"),
    "a4": N_("A4 landscape"),
}
CUSTOM = "custom"
VIEW_LABELS = {
    "current": N_("Current view of the window"),
    "world": N_("World"),
    "europe": N_("Europe"),
    "fit": N_("Fit to listed nations"),
}
TILES = {"": N_("None (works offline)"), "OpenStreetMap": N_("OpenStreetMap (needs internet)")}
MAP_FORMATS = (*IMAGE_FORMATS, "pptx", "html", *ANIMATION_FORMATS)
"""Formats that draw a map (a preview of the framing); the others are tables."""
PREVIEW_DELAY_MS = 120
"""The preview follows edits after this pause, so typing a title stays smooth."""
SETTINGS_GROUP = "export"


# -- the preview ----------------------------------------------------------------------------
def render_preview(
    dataset: Dataset,
    gazetteer: Gazetteer,
    options: ExportOptions,
    view_for: ViewFor | str,
    box: QSize,
    ratio: float = 1.0,
) -> QImage:
    """The composed page of ``options``, shrunk to fit ``box``: the export's own layout
    (laid out at full size, then scaled), so the preview shows exactly its proportions."""
    width, height = options.pixel_size()
    factor = min(box.width() / width, box.height() / height)
    image = QImage(
        max(1, round(width * factor * ratio)),
        max(1, round(height * factor * ratio)),
        QImage.Format.Format_RGB32,
    )
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    # The image's device pixel ratio is applied by the painter: scale to logical pixels.
    painter.scale(factor, factor)
    compose(
        painter,
        QRectF(0, 0, width, height),
        composition(dataset, gazetteer, options),
        view_for,
        ui_scale=ui_scale(width, height),
    )
    painter.end()
    return image


class Preview(QFrame):
    """The page as it will be exported, or a description of a table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.text = ""
        self.setMinimumSize(460, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("Export preview"))
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self.setAutoFillBackground(True)

    MARGIN = 12

    def page_box(self) -> QSize:
        """The room a page has inside the frame."""
        return QSize(
            max(1, self.width() - 2 * self.MARGIN), max(1, self.height() - 2 * self.MARGIN)
        )

    def show_image(self, image: QImage) -> None:
        self.image, self.text = image, ""
        self.update()

    def show_text(self, text: str) -> None:
        self.image, self.text = None, text
        self.update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        if self.image is not None:
            ratio = self.image.devicePixelRatio()
            w, h = self.image.width() / ratio, self.image.height() / ratio
            x, y = (self.width() - w) / 2, (self.height() - h) / 2
            shadow = QColor(0, 0, 0, 60)
            painter.fillRect(QRectF(x + 2, y + 3, w, h), shadow)
            painter.drawImage(QRectF(x, y, w, h), self.image)
        elif self.text:
            page = QRectF(self.rect()).adjusted(
                self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN
            )
            painter.fillRect(page, self.palette().color(QPalette.ColorRole.Base))
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text)))
            painter.drawText(
                page.adjusted(16, 16, -16, -16),
                int(
                    Qt.AlignmentFlag.AlignLeft
                    | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap
                ),
                self.text,
            )
        painter.end()


# -- the dialog -----------------------------------------------------------------------------
def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _extension(fmt: str) -> str:
    return "." + fmt


class ExportDialog(QDialog):
    """Choose what to export and where, watching a preview of the page."""

    def __init__(
        self,
        state: AtlasState,
        map_widget,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        path: str | Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.map_widget = map_widget
        self.settings = settings
        self.setWindowTitle(tr("Export"))
        self.setObjectName("ExportDialog")
        dataset = state.dataset
        assert dataset is not None
        self._preset_chosen = False
        """The user picked a size: a change of format no longer picks one for them."""
        self._auto_preset = False
        self._following_path = False

        self.format = QComboBox(self)
        for fmt, label in FORMAT_LABELS.items():
            self.format.addItem(tr(label), fmt)
        self.preset = QComboBox(self)
        for key, label in PRESET_LABELS.items():
            w, h = PRESETS[key]
            self.preset.addItem(f"{tr(label)} — {w} × {h}", key)
        self.preset.addItem(tr("Custom size"), CUSTOM)
        self.width_box, self.height_box = QSpinBox(self), QSpinBox(self)
        for box, name in (
            (self.width_box, tr("Width in pixels")),
            (self.height_box, tr("Height in pixels")),
        ):
            box.setRange(200, MAX_SIDE)
            box.setSuffix(" px")
            box.setAccessibleName(name)
        self.view = QComboBox(self)
        for key, label in VIEW_LABELS.items():
            self.view.addItem(tr(label), key)
        # The export's language: the window's unless chosen here (the command line's
        # default is English, so scripts give the same output everywhere).
        self.language = QComboBox(self)
        for code, own_name in LANGUAGES.items():
            self.language.addItem(own_name, code)
        self.language.setCurrentIndex(self.language.findData(state.language))
        self.language.setToolTip(tr("The language of the export's country names, dates and words"))
        own = dataset.text_in(state.language)
        self.title = QLineEdit(own.title, self)
        self.subtitle = QLineEdit(own.subtitle or "", self)
        self.subtitle.setPlaceholderText(tr("No subtitle"))
        self.highlight = QComboBox(self)
        self.highlight.addItem(tr("None"), None)
        for name, code in sorted((state.name(n.iso3), n.iso3) for n in dataset.nations):
            self.highlight.addItem(f"{name} ({code})", code)
        self.highlight.setToolTip(tr("Point one nation out with a labelled callout"))
        self.day = DayEdit(self)
        span = dated_span(dataset)
        if span is not None:
            self.day.setDateRange(_qdate(span[0]), _qdate(span[1]))
        # The day viewed at its precision: a month viewed is exported as that month.
        self.window_day = state.viewed or dataset.as_of
        self.day.setValue(self.window_day)
        self.day.setToolTip(tr("Positions as they stood on this day; the caption states it"))
        self.theme = QComboBox(self)
        self.theme.addItem(tr("Light"), "light")
        self.theme.addItem(tr("Dark"), "dark")
        self.pattern = QCheckBox(tr("Hatch the &categories (for greyscale print)"), self)
        self.labels = QCheckBox(tr("&Name the listed nations"), self)
        self.slide_per_date = QCheckBox(tr("One slide for &each change of position"), self)
        self.timeline = QCheckBox(tr("Date slider and play button (HTML)"), self)
        self.timeline.setToolTip(
            tr("The page's map, legend counts and panels follow a slider over the dated entries")
        )
        self.step = QComboBox(self)
        for key, label in STEP_LABELS.items():
            self.step.addItem(tr(label), key)
        self.step.setToolTip(tr("Animations: a frame for each of these, up to the As of day"))
        self.tiles = QComboBox(self)
        for key, label in TILES.items():
            self.tiles.addItem(tr(label), key)
        self.path = QLineEdit(self)
        self.path.setMinimumWidth(280)
        self.browse = QPushButton(tr("Br&owse…"), self)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.colour_warning = QLabel(self)
        self.colour_warning.setWordWrap(True)
        self.colour_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.colour_warning.setAccessibleName(tr("Colour vision warning"))
        self.colour_warning.hide()

        self.preview = Preview(self)
        self.caption = QLabel(self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the dataset's title
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Export"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        size_row = QHBoxLayout()
        size_row.setContentsMargins(0, 0, 0, 0)
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×", self))
        size_row.addWidget(self.height_box)
        size_row.addStretch(1)
        file_row = QHBoxLayout()
        file_row.setContentsMargins(0, 0, 0, 0)
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("&Format:"), self.format)
        form.addRow(tr("&Size:"), self.preset)
        form.addRow(self._label(tr("Pi&xels:"), self.width_box), size_row)
        form.addRow(tr("&View:"), self.view)
        form.addRow(self._rule())
        form.addRow(tr("&Title:"), self.title)
        form.addRow(tr("S&ubtitle:"), self.subtitle)
        form.addRow(tr("&As of:"), self.day)
        form.addRow(tr("&Highlight:"), self.highlight)
        form.addRow(tr("Lan&guage:"), self.language)
        form.addRow(self._rule())
        form.addRow(tr("T&heme:"), self.theme)
        form.addRow("", self.pattern)
        form.addRow("", self.labels)
        form.addRow("", self.slide_per_date)
        form.addRow(tr("Fra&mes:"), self.step)
        form.addRow(tr("&Basemap:"), self.tiles)
        form.addRow("", self.timeline)
        form.addRow(self._rule())
        form.addRow(self._label(tr("Fi&le:"), self.path), file_row)
        form.addRow("", self.error)
        form.addRow("", self.colour_warning)
        left = QWidget(self)
        left.setLayout(form)
        left.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.caption)
        columns = QHBoxLayout()
        columns.addWidget(left, 0, Qt.AlignmentFlag.AlignTop)
        columns.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(columns, 1)
        outer.addWidget(self.buttons)

        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self._restore(path)

        self.format.currentIndexChanged.connect(self._format_changed)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self._language_shown = self.current_language()
        self.language.currentIndexChanged.connect(self._language_changed)
        self.path.textChanged.connect(self._path_edited)
        self.browse.clicked.connect(self.choose_path)
        for combo in (self.view, self.highlight, self.theme, self.tiles, self.step):
            combo.currentIndexChanged.connect(self.schedule_preview)
        for box in (self.width_box, self.height_box):
            box.valueChanged.connect(self.schedule_preview)
        for line in (self.title, self.subtitle):
            line.textChanged.connect(self.schedule_preview)
        for check in (self.pattern, self.labels, self.slide_per_date):
            check.toggled.connect(self.schedule_preview)
        self.day.dateChanged.connect(self.schedule_preview)
        self._update_enabled()
        self.resize(self.sizeHint().expandedTo(QSize(1000, 540)))

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _rule(self) -> QFrame:
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        return line

    # -- reading the fields -----------------------------------------------------------------
    def current_format(self) -> str:
        return self.format.currentData()

    def current_language(self) -> str:
        """The export's language code (``desktop.geo.language.LANGUAGES``)."""
        return self.language.currentData()

    def _day_chosen(self) -> dt.date | PartialDate:
        """The day field's value: a whole day as a date, a month or year as typed."""
        value = self.day.value()
        return value.start if value.precision == "day" else value

    def options(self) -> ExportOptions:
        """The options the fields say (not yet checked)."""
        dataset = self.state.dataset
        fmt = self.current_format()
        preset = self.preset.currentData()
        view = self.view.currentData()
        title = self.title.text()
        subtitle = self.subtitle.text()
        lang = self.current_language()
        # A title left as the dataset's own (in the export's language) follows the dataset.
        own = dataset.text_in(lang)
        return ExportOptions(
            format=fmt,
            view=self._view_key(view),
            preset=None if preset == CUSTOM else preset,
            size=(self.width_box.value(), self.height_box.value()) if preset == CUSTOM else None,
            title=None if title == own.title else title,
            subtitle=None if subtitle == (own.subtitle or "") else subtitle,
            highlight=self.highlight.currentData(),
            theme=self.theme.currentData(),
            pattern=self.pattern.isChecked(),
            labels=self.labels.isChecked(),
            label_all=self.map_widget.label_all,
            label_codes=tuple(sorted(self.map_widget.forced_labels)),
            tiles=(self.tiles.currentData() or None) if fmt == "html" else None,
            day=self._day_chosen(),
            slide_per_date=fmt == "pptx" and self.slide_per_date.isChecked(),
            step=self.step.currentData() if fmt in ANIMATION_FORMATS else "change",
            timeline=self.timeline.isChecked(),
            lang=lang,
        )

    def _view_key(self, view: str) -> str:
        """The options' view: the window's current projection passes as its preset, or as
        "fit" when it was fitted to the listed nations."""
        if view != "current":
            return view
        key = self.map_widget.current_view().view.projection
        return key if key in VIEWS else "fit"

    def view_for(self) -> ViewFor | None:
        """The framing when it is the window's current view (None: the options' preset)."""
        return self.map_widget.current_view() if self.view.currentData() == "current" else None

    def job(self) -> ExportJob:
        """What OK exports, as Ctrl+E will repeat it."""
        return ExportJob(
            path=Path(self.path.text().strip()).expanduser(),
            options=self.options(),
            current_view=self.view.currentData() == "current",
            follow_day=self.day.value() == self.window_day,
        )

    # -- reacting to the fields -------------------------------------------------------------
    def _format_changed(self) -> None:
        fmt = self.current_format()
        if not self._preset_chosen:
            # PDF's natural page is A4; the others a slide, until the user picks a size.
            default = "a4" if fmt == "pdf" else "slide"
            self._auto_preset = True
            try:
                self.preset.setCurrentIndex(self.preset.findData(default))
            finally:
                self._auto_preset = False
        if not self._following_path:
            text = self.path.text().strip()
            if text:
                current = Path(text)
                try:
                    same = format_for(current) == fmt
                except ExportError:
                    same = False
                if not same:
                    self.path.setText(str(current.with_suffix(_extension(fmt))))
        self._update_enabled()
        self.schedule_preview()

    def _language_changed(self) -> None:
        # A title or subtitle not edited follows the dataset's text in the new language.
        dataset = self.state.dataset
        before, after = (
            dataset.text_in(self._language_shown),
            dataset.text_in(self.current_language()),
        )
        self._language_shown = self.current_language()
        if self.title.text() == before.title:
            self.title.setText(after.title)
        if self.subtitle.text() == (before.subtitle or ""):
            self.subtitle.setText(after.subtitle or "")
        self.schedule_preview()

    def _preset_changed(self) -> None:
        if not self._auto_preset:
            self._preset_chosen = True
        key = self.preset.currentData()
        if key != CUSTOM:
            for box, value in zip((self.width_box, self.height_box), PRESETS[key], strict=True):
                box.blockSignals(True)
                box.setValue(value)
                box.blockSignals(False)
        self._update_enabled()
        self.schedule_preview()

    def _path_edited(self, text: str) -> None:
        try:
            fmt = format_for(text.strip())
        except ExportError:
            return
        if fmt != self.current_format():
            self._following_path = True
            try:
                self.format.setCurrentIndex(self.format.findData(fmt))
            finally:
                self._following_path = False

    def _update_enabled(self) -> None:
        fmt = self.current_format()
        # An animation's frames are composed images.
        image = fmt in IMAGE_FORMATS or fmt in ANIMATION_FORMATS
        drawn = fmt in MAP_FORMATS
        custom = self.preset.currentData() == CUSTOM
        self.preset.setEnabled(image)
        self.width_box.setEnabled(image and custom)
        self.height_box.setEnabled(image and custom)
        # A slide takes the picture's options; its size is the slide's.
        for widget in (self.view, self.highlight, self.theme, self.pattern, self.labels):
            widget.setEnabled(image or fmt == "pptx")
        # The page has a dark theme too; the other picture options are for fixed images.
        self.theme.setEnabled(image or fmt in ("pptx", "html"))
        self.slide_per_date.setEnabled(fmt == "pptx")
        self.title.setEnabled(drawn)
        self.subtitle.setEnabled(drawn)
        self.tiles.setEnabled(fmt == "html")
        self.step.setEnabled(fmt in ANIMATION_FORMATS)
        self.timeline.setEnabled(fmt == "html")

    def schedule_preview(self, *_: object) -> None:
        """Redraw the preview once the edits pause."""
        self.error.hide()
        self._preview_timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.update_preview()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._preview_timer.start()

    def update_preview(self) -> None:
        """Draw the preview now (or describe a table)."""
        self._preview_timer.stop()
        self.caption.setText(self.describe())
        fmt = self.current_format()
        options = self.options()
        self._check_colours(options)
        if fmt not in MAP_FORMATS:
            self.preview.show_text(self.table_text(options))
            return
        view_for: ViewFor | str = self.view_for() or options.view
        if fmt == "html":
            # The interactive map opens on the whole world; of the style options only the
            # theme applies.
            options = ExportOptions(
                format="png",
                title=options.title,
                subtitle=options.subtitle,
                day=options.day,
                theme=options.theme,
                lang=options.lang,
            )
            view_for = "world"
        try:
            # An animation previews its last frame: the As of day.
            options = replace(options, format="png", slide_per_date=False, step="change").checked()
        except ExportError as error:
            self.preview.show_text(message_text(error.args[0] if error.args else error))
            return
        image = render_preview(
            self.state.dataset,
            self.state.gazetteer,
            options,
            view_for,
            self.preview.page_box(),
            self.devicePixelRatioF(),
        )
        self.preview.show_image(image)

    def _check_colours(self, options: ExportOptions) -> None:
        """Warn when the map's classes look alike to colour-blind readers (unless hatched)."""
        found = []
        if options.format in MAP_FORMATS and not options.pattern:
            legend = styled_for(self.state.dataset, self.state.gazetteer, options).legend
            found = clashes((row.label, row.color) for row in legend)
        self.colour_warning.setText("\n".join(clash_warning(c) for c in found))
        self.colour_warning.setVisible(bool(found))

    def describe(self) -> str:
        """The line under the preview: what the file will be."""
        fmt = self.current_format()
        options = self.options()
        w, h = options.pixel_size()
        if fmt == "png":
            return tr("PNG image, {w} × {h} pixels.", w=w, h=h)
        if fmt == "svg":
            return tr(
                "SVG vector image, {w} × {h}; every country a path, text kept as text.", w=w, h=h
            )
        if fmt == "pdf":
            if options.preset == "a4":
                return tr("PDF: the map on an A4 landscape page, then a list of the sources.")
            return tr("PDF: the map on a {w} × {h} page, then a list of the sources.", w=w, h=h)
        if fmt == "pptx":
            text = tr(
                "PowerPoint: a 16:9 slide whose countries, legend and titles are shapes and "
                "text you can recolour and restyle; the notes list the sources."
            )
            if options.slide_per_date:
                count = max(len(change_days(self.state.dataset)), 1)
                text += " " + ntr(
                    "{n} slide, one for each change.", "{n} slides, one for each change.", count
                )
            return text
        if fmt == "html":
            text = tr(
                "Interactive map, works offline: one HTML file to open in any browser, "
                "framed on the whole world; click a country for its details, or use the "
                "keyboard: Tab to the map, arrow keys, Enter."
            )
            if options.tiles:
                text += " " + tr(
                    "OpenStreetMap tiles under the countries need an internet connection."
                )
            return text
        if fmt in ANIMATION_FORMATS:
            return self.describe_animation(options)
        if fmt == "geojson":
            return tr("GeoJSON (longitude/latitude) for QGIS and other GIS tools.")
        return tr("CSV table, UTF-8 with a header row, for spreadsheets.")

    def describe_animation(self, options: ExportOptions) -> str:
        """What an animated timeline will hold: its frames and how long it runs."""
        from desktop.model.asof import timeline_days
        from desktop.render.motion import HOLD_SECONDS, STEP_SECONDS

        w, h = options.pixel_size()
        count = len(timeline_days(self.state.dataset, options.step, options.day))
        seconds = (count - 1) * STEP_SECONDS + HOLD_SECONDS
        kind = {
            "mp4": N_("MP4 video (H.264)"),
            "webm": N_("WebM video (VP9)"),
            "gif": N_("GIF animation"),
            "webp": N_("WebP animation"),
        }[options.format]
        frames = ntr(
            "{kind}, {w} × {h}: {n} frame, {step} up to the As of day, each with its date and "
            "counts, changed nations outlined; {seconds} s, the last frame held.",
            "{kind}, {w} × {h}: {n} frames, {step} up to the As of day, each with its date and "
            "counts, changed nations outlined; {seconds} s, the last frame held.",
            count,
            kind=tr(kind),
            w=w,
            h=h,
            step=tr(STEP_WORDS[options.step]),
            seconds=f"{seconds:.0f}",
        )
        text = frames + " " + tr("The preview shows the last frame.")
        missing = ffmpeg_problem(options.format)
        return f"{text}\n\n{message_text(missing)}" if missing else text

    def table_text(self, options: ExportOptions) -> str:
        """What a GeoJSON or CSV file holds, for the preview's place."""
        dataset = self.state.dataset
        styled = styled_for(dataset, self.state.gazetteer, options)
        categories = [row for row in styled.legend if row.category is not None]
        listed = ", ".join(f"{row.count} {row.label.lower()}" for row in categories)
        unlisted = next(row for row in styled.legend if row.category is None)
        day = self.state.date_text(styled.day)
        if options.format == "geojson":
            return (
                tr(
                    "GeoJSON: one feature per piece of the map ({units}), with its outline and "
                    "the properties iso3, name, category, category_label, color, part_of, "
                    "follows, counted, role and summary as of {day}.",
                    units=len(styled.units),
                    day=day,
                )
                + "\n\n"
                + tr(
                    "States per category on that day: {listed}; {unlisted}: {count}.",
                    listed=listed,
                    unlisted=unlisted.label,
                    count=unlisted.count,
                )
            )
        return (
            ntr(
                "CSV: one row per listed nation ({n} row) as of {day}, with the columns {columns}.",
                "CSV: one row per listed nation ({n} rows) as of {day}, with the columns "
                "{columns}.",
                len(dataset.nations),
                day=day,
                columns=", ".join(COLUMNS),
            )
            + "\n\n"
            + tr("States per category on that day: {listed}.", listed=listed)
        )

    # -- the file ---------------------------------------------------------------------------
    def choose_path(self) -> None:
        """Browse…: pick the file; the format follows its extension."""
        fmt = self.current_format()
        shown = {f: tr(text) for f, text in FILE_FILTERS.items()}
        filters = [shown[fmt], *(shown[f] for f in shown if f != fmt)]
        path, chosen = QFileDialog.getSaveFileName(
            self, tr("Export to"), self.path.text(), ";;".join(filters)
        )
        if not path:
            return
        if not Path(path).suffix:
            chosen_fmt = next((f for f, text in shown.items() if text == chosen), fmt)
            path += _extension(chosen_fmt)
        self.path.setText(path)
        self._path_edited(path)

    def accept(self) -> None:
        """Export only options that can work; otherwise say why and stay open."""
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            # Grow to fit the message rather than clip it.
            self.resize(self.size().expandedTo(self.sizeHint()))
            return
        self._save()
        super().accept()

    def problem(self) -> str | None:
        """Why OK cannot export now, or None."""
        text = self.path.text().strip()
        if not text:
            return tr("Choose a file to export to.")
        path = Path(text).expanduser()
        try:
            if format_for(path) != self.current_format():
                return tr(
                    "{name} does not end in {extension}: change the name or the format.",
                    name=path.name,
                    extension=_extension(self.current_format()),
                )
        except ExportError:
            return tr(
                "Add an extension to {name}, e.g. {extension}.",
                name=path.name,
                extension=_extension(self.current_format()),
            )
        try:
            self.options().checked()
        except ExportError as error:
            text = message_text(error.args[0] if error.args else error, self.state)
            return text[:1].upper() + text[1:] + "."
        if ffmpeg_problem(self.current_format()):
            # The note under the preview says how to install FFmpeg.
            return tr(
                "No FFmpeg for MP4 and WebM: see the note under the preview, or choose GIF or WebP."
            )
        folder = path.parent
        if not folder.is_dir():
            return tr("The folder {folder} does not exist.", folder=folder)
        if path.is_dir():
            return tr("{path} is a folder.", path=path)
        return None

    # -- settings ---------------------------------------------------------------------------
    def _value(self, key: str, default, kind=str):
        return self.settings.value(f"{SETTINGS_GROUP}/{key}", default, type=kind)

    def _restore(self, path: str | Path | None) -> None:
        def pick(combo: QComboBox, value) -> None:
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)

        fmt = self._value("format", "png")
        pick(self.format, fmt if fmt in FORMAT_LABELS else "png")
        preset = self._value("preset", "")
        self._preset_chosen = bool(preset)
        pick(self.preset, preset or ("a4" if self.current_format() == "pdf" else "slide"))
        self.width_box.setValue(self._value("width", 1600, int))
        self.height_box.setValue(self._value("height", 1000, int))
        if self.preset.currentData() != CUSTOM:
            w, h = PRESETS[self.preset.currentData()]
            self.width_box.setValue(w)
            self.height_box.setValue(h)
        # The window's preset frames a page well; "current view" keeps the window's
        # proportions, which on a slide leaves wide margins, so it is a choice, not the default.
        pick(self.view, self._value("view", self.map_widget.preset))
        pick(self.theme, self._value("theme", "light"))
        self.pattern.setChecked(self._value("pattern", False, bool))
        self.slide_per_date.setChecked(self._value("slide_per_date", False, bool))
        self.labels.setChecked(self._value("labels", bool(self.map_widget.labels), bool))
        pick(self.tiles, self._value("tiles", ""))
        pick(self.step, self._value("step", "change"))
        self.timeline.setChecked(self._value("timeline", True, bool))
        if path is None:
            folder = self._value("folder", "")
            if not folder or not Path(folder).is_dir():
                # The dataset's own folder (unless it is the app's, as for the bundled
                # dataset), else Documents, else home: one that exists.
                loaded = self.state.loaded
                own = loaded.path.parent.resolve() if loaded is not None and loaded.path else None
                if own is not None and own.is_relative_to(data_root().resolve()):
                    own = None
                candidates = [
                    str(own or ""),
                    QStandardPaths.writableLocation(
                        QStandardPaths.StandardLocation.DocumentsLocation
                    ),
                ]
                folder = next((c for c in candidates if c and Path(c).is_dir()), str(Path.home()))
            loaded = self.state.loaded
            stem = loaded.path.stem if loaded is not None and loaded.path else "coalition-atlas"
            path = Path(folder or Path.home()) / (stem + _extension(self.current_format()))
        self.path.setText(str(path))

    def _save(self) -> None:
        values = {
            "format": self.current_format(),
            "preset": self.preset.currentData() if self._preset_chosen else "",
            "width": self.width_box.value(),
            "height": self.height_box.value(),
            "view": self.view.currentData(),
            "theme": self.theme.currentData(),
            "pattern": self.pattern.isChecked(),
            "slide_per_date": self.slide_per_date.isChecked(),
            "labels": self.labels.isChecked(),
            "tiles": self.tiles.currentData(),
            "step": self.step.currentData(),
            "timeline": self.timeline.isChecked(),
            "folder": str(Path(self.path.text().strip()).expanduser().parent),
        }
        for key, value in values.items():
            self.settings.setValue(f"{SETTINGS_GROUP}/{key}", value)


# -- for the main window --------------------------------------------------------------------
class ExportController(QObject):
    """File > Export… and Ctrl+E for the main window: keeps the last export to repeat it."""

    exported = Signal(str)
    """A file was written (its path)."""
    lastChanged = Signal(str)
    """The text for the repeat action, naming what it will export."""

    def __init__(self, window: QWidget, state: AtlasState, map_widget, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.state = state
        self.map_widget = map_widget
        self.settings = settings
        self.last: ExportJob | None = None
        self.dialog: ExportDialog | None = None

    def export_dialog(self) -> ExportDialog | None:
        """File > Export…: open the dialog (window-modal, not blocking); OK exports."""
        if self.state.dataset is None:
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        path = self.last.path if self.last is not None else None
        dialog = ExportDialog(self.state, self.map_widget, self.settings, self.window, path=path)
        # accepted, then finished: the export runs (hidden dialog, modal progress) and only
        # then is the dialog let go. Not WA_DeleteOnClose: the export's event loop would
        # delete the dialog while it is still telling it was accepted.
        dialog.accepted.connect(lambda: self._run(dialog.job()))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: ExportDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def repeat_last(self) -> bool:
        """Ctrl+E: the last export again, same file and options, from the data shown now.
        With none yet, open the dialog."""
        if self.last is None or self.state.dataset is None:
            self.export_dialog()
            return False
        return self._run(self.last)

    def repeat_text(self) -> str:
        """The repeat action's text."""
        if self.last is None:
            return tr("Repeat &Last Export")
        return tr("Repeat &Last Export ({name})", name=self.last.path.name)

    def _run(self, job: ExportJob) -> bool:
        options, view_for = job.resolved(self.state, self.map_widget)
        self.last = job
        self.lastChanged.emit(self.repeat_text())
        notes: list[str] = []
        if not run_export(self.window, self.state, job.path, options, view_for, notes):
            return False
        size = job.path.stat().st_size
        told = "".join(f"; {note}" for note in notes)
        size_text = f"{size:,}"
        shown = tr("Exported {name} ({size} bytes)", name=job.path.name, size=size_text)
        show_status(self.window, shown + told)
        self.exported.emit(str(job.path))
        return True
