"""Editing the dataset's timeline events and the organisations it lists."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from desktop.model.dataset import (
    Dataset,
    Event,
    Organisation,
)
from desktop.ui.editforms import DateField, Form
from desktop.ui.editsources import SourcePicker
from desktop.ui.translation import tr


class EventDialog(Form):
    """An event: date, title, place, summary, participants, count, note, sources."""

    def __init__(self, dataset: Dataset, event: Event | None, gazetteer, parent=None) -> None:
        super().__init__(tr("Edit event") if event else tr("Add event"), parent)
        self.gazetteer = gazetteer
        e = event or Event(dataset.as_of, "")
        self.date = DateField(e.date, required=True, parent=self)
        self.title_ = QLineEdit(e.title, self)
        self.place = QLineEdit(e.place or "", self)
        self.summary = QPlainTextEdit(e.summary or "", self)
        self.participants = QLineEdit(
            ", ".join(e.participants), self, placeholderText="GBR, FRA, Türkiye, …"
        )
        self.count = QSpinBox(self)
        self.count.setRange(0, 500)
        self.count.setSpecialValueText(tr("(not given)"))
        self.count.setValue(e.participant_count or 0)
        self.note = QLineEdit(e.note or "", self)
        self.sources = SourcePicker(dataset, e.sources, self)
        for label, widget in (
            (tr("Date"), self.date),
            (tr("Title"), self.title_),
            (tr("Place"), self.place),
            (tr("Summary"), self.summary),
            (tr("Participants"), self.participants),
            (tr("Participant count"), self.count),
            (tr("Note"), self.note),
            (tr("Sources"), self.sources),
        ):
            self.form.addRow(label, widget)
        self.setMinimumWidth(620)

    def codes(self) -> tuple[list[str], list[str]]:
        """Resolved participant codes, and the texts that did not resolve."""
        codes, bad = [], []
        for text in (t.strip() for t in self.participants.text().split(",")):
            if text:
                found = self.gazetteer.resolve(text)
                (codes.append(found.code) if found.ok else bad.append(text))
        return codes, bad

    def problem(self) -> str | None:
        if not self.title_.text().strip():
            return tr("The event needs a title.")
        _, bad = self.codes()
        if bad:
            return tr("Not a country (or ambiguous): {names}", names=", ".join(bad))
        return self.date.problem()

    def value(self) -> Event:
        """The event as entered."""
        return Event(
            self.date.value(),
            self.title_.text().strip(),
            self.place.text().strip() or None,
            self.summary.toPlainText().strip() or None,
            self.codes()[0],
            self.count.value() or None,
            self.note.text().strip() or None,
            self.sources.chosen(),
        )


class OrganisationDialog(Form):
    """An organisation: name, role, summary, sources."""

    def __init__(self, dataset: Dataset, organisation: Organisation | None, parent=None) -> None:
        super().__init__(
            tr("Edit organisation") if organisation else tr("Add organisation"), parent
        )
        o = organisation or Organisation("")
        self.statements = copy.deepcopy(o.statements)
        self.name = QLineEdit(o.name, self)
        self.role = QLineEdit(o.role or "", self)
        self.summary = QPlainTextEdit(o.summary or "", self)
        self.sources = SourcePicker(dataset, o.sources, self)
        for label, widget in (
            (tr("Name"), self.name),
            (tr("Role"), self.role),
            (tr("Summary"), self.summary),
            (tr("Sources"), self.sources),
        ):
            self.form.addRow(label, widget)
        self.setMinimumWidth(600)

    def problem(self) -> str | None:
        return None if self.name.text().strip() else tr("The organisation needs a name.")

    def organisation(self) -> Organisation:
        """The organisation as entered (its dated statements are kept)."""
        return Organisation(
            self.name.text().strip(),
            self.role.text().strip() or None,
            self.summary.toPlainText().strip() or None,
            self.sources.chosen(),
            self.statements,
        )
