"""The legend: each category's colour and live count; a click highlights its members."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.model.dataset import NO_POSITION_LABEL
from desktop.render.theme import theme_for_window
from desktop.ui.state import AtlasState


def swatch(color: str, size: int = 14, edge: str = "#7f7f7f") -> QIcon:
    """A small square of ``color`` with a thin edge (so pale colours still show)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor(edge))
    painter.setBrush(QColor(color))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


class LegendRow(QAbstractButton):
    """One category: swatch, label and a right-aligned count; checkable to highlight members."""

    def __init__(self, category_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category_id = category_id
        self.color = "#000000"
        self.count = 0
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_category(self, label: str, color: str, count: int) -> None:
        """Show a category's colour, label and count."""
        self.setText(label)
        self.color, self.count = color, count
        noun = "country" if count == 1 else "countries"
        self.setToolTip(f"{count} {noun}: click to highlight them on the map")
        self.setAccessibleName(f"{label}: {count}")
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self.text()) + 90, metrics.height() + 10)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        palette = self.palette()
        rect = self.rect()
        if self.isChecked() or self.underMouse() or self.hasFocus():
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlphaF(0.28 if self.isChecked() else 0.12)
            painter.fillRect(rect, fill)
        side = min(14, rect.height() - 6)
        square = QRect(6, (rect.height() - side) // 2, side, side)
        painter.setPen(QColor("#7f7f7f"))
        painter.setBrush(QColor(self.color))
        painter.drawRect(square)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        text_rect = rect.adjusted(square.right() + 8, 0, -8, 0)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.text()
        )
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, str(self.count)
        )
        painter.end()

    def enterEvent(self, event) -> None:
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:
        self.update()
        super().leaveEvent(event)


class Legend(QWidget):
    """Categories with live counts, plus "No stated position"."""

    def __init__(self, state: AtlasState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[LegendRow] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(6, 6, 6, 6)
        self.layout_.setSpacing(2)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setEnabled(False)
        for signal in (
            state.datasetReplaced,
            state.contentChanged,
            state.dayChanged,
            state.highlightChanged,
        ):
            signal.connect(self.refresh)
        self.refresh()

    def counts(self) -> dict[str | None, int]:
        """The counts shown, by category id (None: no stated position)."""
        return self.state.counts()

    def refresh(self, *_: object) -> None:
        """Rebuild rows for the dataset's categories and the day's counts."""
        dataset = self.state.dataset
        wanted: list[tuple[str | None, str, str]] = []
        if dataset:
            wanted = [(c.id, c.label, c.color) for c in dataset.categories]
            land = theme_for_window(self.palette().window().color()).land
            wanted.append((None, NO_POSITION_LABEL, land))
        if [r.category_id for r in self.rows] != [w[0] for w in wanted]:
            for row in self.rows:
                self.layout_.removeWidget(row)
                row.deleteLater()
            self.rows = []
            self.layout_.removeWidget(self.note)
            for category_id, _, _ in wanted:
                row = LegendRow(category_id, self)
                row.clicked.connect(lambda checked, r=row: self._clicked(r, checked))
                self.layout_.addWidget(row)
                self.rows.append(row)
            self.layout_.addWidget(self.note)
            self.layout_.addStretch(1)
        counts = self.counts()
        for row, (category_id, label, color) in zip(self.rows, wanted, strict=True):
            row.show_category(label, color, counts.get(category_id, 0))
            row.blockSignals(True)
            row.setChecked(self.state.highlight_label == f"legend:{category_id}")
            row.blockSignals(False)
        self.note.setText("Click a category to highlight its members." if dataset else "")

    def row(self, category_id: str | None) -> LegendRow:
        """The row of a category (None: no stated position)."""
        return next(r for r in self.rows if r.category_id == category_id)

    def _clicked(self, row: LegendRow, checked: bool) -> None:
        if checked:
            self.state.highlight(self.state.members(row.category_id), f"legend:{row.category_id}")
        else:
            self.state.highlight(frozenset())
