"""Editing one nation: its details, one of its contributions, one entry of its history."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
)

from desktop.model.dataset import (
    CONTRIBUTION_KIND_LABELS,
    CONTRIBUTION_KINDS,
    Contribution,
    Dataset,
    HistoryEntry,
    Nation,
)
from desktop.model.dates import PartialDate
from desktop.ui.editforms import DateField, Form, category_combo, confidence_combo
from desktop.ui.editsources import SourcePicker
from desktop.ui.translation import tr


class NationDialog(Form):
    """A nation's role, summary, confidence and sources."""

    def __init__(self, dataset: Dataset, nation: Nation, name: str, parent=None) -> None:
        super().__init__(tr("Edit {name}", name=name), parent)
        self.role = QLineEdit(nation.role or "", self)
        self.summary = QPlainTextEdit(nation.summary or "", self)
        self.summary.setMinimumHeight(140)
        self.confidence = confidence_combo(nation.confidence, self)
        self.sources = SourcePicker(dataset, nation.sources, self)
        self.form.addRow(tr("Role"), self.role)
        self.form.addRow(tr("Stated position"), self.summary)
        self.form.addRow(tr("Confidence"), self.confidence)
        self.form.addRow(tr("Sources"), self.sources)
        self.setMinimumWidth(640)

    def fields(self) -> dict:
        """The edited fields, ready for ``update_nation``."""
        return {
            "role": self.role.text(),
            "summary": self.summary.toPlainText(),
            "confidence": self.confidence.currentData(),
            "sources": self.sources.chosen(),
        }


class ContributionDialog(Form):
    """One contribution: kind, text, date, confidence, note and sources."""

    def __init__(self, dataset: Dataset, contribution: Contribution | None, parent=None) -> None:
        super().__init__(
            tr("Edit contribution") if contribution else tr("Add contribution"), parent
        )
        c = contribution or Contribution("troops", "")
        self.kind = QComboBox(self)
        for kind in CONTRIBUTION_KINDS:
            self.kind.addItem(CONTRIBUTION_KIND_LABELS[kind], kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(c.kind)))
        self.text = QPlainTextEdit(c.text, self)
        self.text.setMinimumHeight(90)
        self.date = DateField(c.date, parent=self)
        self.confidence = confidence_combo(c.confidence, self)
        self.note = QLineEdit(c.note or "", self)
        self.sources = SourcePicker(dataset, c.sources, self)
        for label, widget in (
            (tr("Kind"), self.kind),
            (tr("What was said"), self.text),
            (tr("Date"), self.date),
            (tr("Confidence"), self.confidence),
            (tr("Note"), self.note),
            (tr("Sources"), self.sources),
        ):
            self.form.addRow(label, widget)
        self.setMinimumWidth(640)

    def problem(self) -> str | None:
        if not self.text.toPlainText().strip():
            return tr("Say what the nation offered.")
        return self.date.problem()

    def contribution(self) -> Contribution:
        """The contribution as entered."""
        return Contribution(
            self.kind.currentData(),
            self.text.toPlainText().strip(),
            self.sources.chosen(),
            self.date.value(),
            self.confidence.currentData(),
            self.note.text().strip() or None,
        )


class HistoryDialog(Form):
    """A dated change of category, with its note and sources."""

    def __init__(
        self, dataset: Dataset, entry: HistoryEntry | None, default_day: PartialDate, parent=None
    ) -> None:
        super().__init__(tr("Edit history entry") if entry else tr("Record a dated change"), parent)
        e = entry or HistoryEntry(default_day, dataset.categories[0].id)
        self.date = DateField(e.date, required=True, parent=self)
        self.category = category_combo(dataset, e.category, self)
        self.note = QLineEdit(e.note or "", self)
        self.sources = SourcePicker(dataset, e.sources, self)
        for label, widget in (
            (tr("Date"), self.date),
            (tr("Category"), self.category),
            (tr("Note"), self.note),
            (tr("Sources"), self.sources),
        ):
            self.form.addRow(label, widget)
        self.setMinimumWidth(600)

    def problem(self) -> str | None:
        return self.date.problem()

    def entry(self) -> HistoryEntry:
        """The entry as entered."""
        return HistoryEntry(
            self.date.value(),
            self.category.currentData(),
            self.note.text().strip() or None,
            self.sources.chosen(),
        )
