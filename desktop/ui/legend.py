"""The legend: each category's colour and live count; a click highlights its members.

With "changes since" on, each row also shows how many countries the category gained or
lost between the compare day and the day viewed.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.ui.state import AtlasState
from desktop.ui.translation import ntr, tr


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


def delta_text(delta: int) -> str:
    """A signed change as the legend shows it: ``+19``, ``−2`` (a true minus) or ``±0``."""
    if delta > 0:
        return f"+{delta}"
    return f"\u2212{-delta}" if delta < 0 else "\u00b10"


class LegendRow(QAbstractButton):
    """One category: swatch, label and a right-aligned count; checkable to highlight members."""

    def __init__(self, category_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category_id = category_id
        self.color = "#000000"
        self.count = 0
        self.delta: int | None = None
        """Gain (+) or loss (−) since the compare day; None when not comparing."""
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_category(
        self,
        label: str,
        color: str,
        count: int,
        delta: int | None = None,
        since: str | None = None,
    ) -> None:
        """Show a category's colour, label and count, and its change ``since`` a day if given."""
        self.setText(label)
        resized = (delta is None) != (self.delta is None)
        self.color, self.count, self.delta = color, count, delta
        # Counts count states, not map pieces.
        if delta is None:
            self.setToolTip(
                ntr(
                    "{n} state: click to highlight it on the map",
                    "{n} states: click to highlight them on the map",
                    count,
                )
            )
            self.setAccessibleName(tr("{label}: {count}", label=label, count=count))
        else:
            if delta > 0:
                change = ntr("{n} more than on {day}", "{n} more than on {day}", delta, day=since)
            elif delta < 0:
                change = ntr(
                    "{n} fewer than on {day}", "{n} fewer than on {day}", -delta, day=since
                )
            else:
                change = tr("as many as on {day}", day=since)
            states = ntr("{n} state", "{n} states", count)
            self.setToolTip(
                tr(
                    "{states}, {change}: click to highlight them on the map",
                    states=states,
                    change=change,
                )
            )
            self.setAccessibleName(
                tr(
                    "{label}: {count}, {change} since {day}",
                    label=label,
                    count=count,
                    change=delta_text(delta),
                    day=since,
                )
            )
        if resized:
            # The change column comes or goes: the dock may need to widen.
            self.updateGeometry()
        self.update()

    def _delta_width(self) -> int:
        # Wide enough for "−999" so counts line up whatever the deltas.
        return self.fontMetrics().horizontalAdvance("\u2212999") + 10

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        extra = self._delta_width() if self.delta is not None else 0
        return QSize(metrics.horizontalAdvance(self.text()) + 90 + extra, metrics.height() + 10)

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
        if self.delta is not None:
            delta_rect = QRect(text_rect)
            delta_rect.setLeft(text_rect.right() - self._delta_width())
            text_rect.setRight(delta_rect.left() - 4)
            muted = palette.color(QPalette.ColorRole.PlaceholderText)
            painter.setPen(
                muted if self.delta == 0 else palette.color(QPalette.ColorRole.WindowText)
            )
            painter.drawText(
                delta_rect,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                delta_text(self.delta),
            )
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
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
            state.compareChanged,
            state.themeChanged,
            state.languageChanged,
        ):
            signal.connect(self.refresh)
        self.refresh()

    def counts(self) -> dict[str | None, int]:
        """The counts shown, by category id (None: no stated position)."""
        return self.state.counts()

    def deltas(self) -> dict[str | None, int] | None:
        """Change per category id since the compare day (None: not comparing).

        The counts count the same states on both days, so the changes sum to zero, but for
        a listed territory that stands apart from its state on one day only.
        """
        state, dataset = self.state, self.state.dataset
        if dataset is None or state.compare_day is None:
            return None
        before = state.styled_on(state.compare_day).counts()
        now = self.counts()
        return {key: now.get(key, 0) - before.get(key, 0) for key in now.keys() | before.keys()}

    def refresh(self, *_: object) -> None:
        """Rebuild rows for the dataset's categories and the day's counts."""
        dataset = self.state.dataset
        styled = self.state.styled()
        legend = styled.shown_legend if dataset else ()
        wanted = [(row.category, row.label, row.color) for row in legend]
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
        deltas = self.deltas()
        since = self.state.date_text(self.state.compare_day) if self.state.compare_day else None
        for row, (category_id, label, color) in zip(self.rows, wanted, strict=True):
            delta = deltas.get(category_id, 0) if deltas is not None else None
            row.show_category(label, color, counts.get(category_id, 0), delta, since)
            row.blockSignals(True)
            row.setChecked(self.state.highlight_label == f"legend:{category_id}")
            row.blockSignals(False)
        if dataset and since:
            note = tr("Gains and losses since {day} beside each count.", day=since)
        else:
            note = tr("Click a category to highlight its members.") if dataset else ""
        if dataset:
            note = "\n".join([*styled.undrawn_notes(), note])
        self.note.setText(note)

    def row(self, category_id: str | None) -> LegendRow:
        """The row of a category (None: no stated position)."""
        return next(r for r in self.rows if r.category_id == category_id)

    def _clicked(self, row: LegendRow, checked: bool) -> None:
        if checked:
            self.state.highlight(self.state.members(row.category_id), f"legend:{row.category_id}")
        else:
            self.state.highlight(frozenset())
