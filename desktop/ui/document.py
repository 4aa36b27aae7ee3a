"""The open file's life: new, save, save as, unsaved-changes guard, recovery, outside changes,
and spreadsheet import.

No work is ever lost: closing, opening or creating with unsaved changes asks first; a
recovery copy is written every minute while there are unsaved changes and offered at the
next start after a crash; a file changed by another program is never silently
overwritten.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.io import recovery
from desktop.io.dataset_file import LoadedDataset, load_dataset, parse_dataset, read_text
from desktop.io.errors import DatasetError
from desktop.io.save import ReadOnlyFile, save_dataset
from desktop.model import commands
from desktop.paths import resource_path
from desktop.ui.editing import UndoableEdit
from desktop.ui.state import AtlasState
from desktop.ui.translation import N_, located_text, message_text, ntr, tr
from desktop.ui.work import run_off_thread

RECOVERY_INTERVAL_MS = 60_000
RECOVERY_RETRY_MS = 10_000
"""While copies fail: how soon the next attempt is made."""
Button = QMessageBox.StandardButton


def recovery_folder() -> Path:
    """Where recovery copies live (see ``desktop.io.recovery.default_folder``)."""
    return recovery.default_folder()


def plain_message_box(
    icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None
) -> QMessageBox:
    """A message box that shows ``text`` as plain text: dataset text is never markup."""
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def _digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


class DocumentController(QObject):
    """Saves, guards and recovers the dataset open in a window."""

    modifiedChanged = Signal(bool)
    message = Signal(str)
    """A short status-bar message."""
    protectionChanged = Signal(str)
    """Why crash protection is off (recovery copies fail), or "" once it works again."""

    def __init__(self, state: AtlasState, window: QWidget) -> None:
        super().__init__(window)
        self.state = state
        self.window = window
        self.recovered = False
        """The open content came from a recovery copy and has not been saved yet."""
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self._disk_digest: str | None = None
        self._outside_prompt = False
        self.recovery_stem = recovery.new_stem()
        """This window's own recovery copy: no other window or process writes or removes it."""
        self.recovery_error: str | None = None
        """Why the last recovery copy could not be written, while that lasts."""
        self.recovery_notice_shown = False
        self.busy = 0
        """Saves, recovery copies or imports running in a worker thread."""
        self.close_when_done = False
        """The window was asked to close while one ran: it closes once they are done."""
        self._recovering = False
        self.recovery_timer = QTimer(self, interval=RECOVERY_INTERVAL_MS)
        self.recovery_timer.timeout.connect(self.write_recovery)
        self.recovery_timer.start()
        state.undo_stack.cleanChanged.connect(self._clean_changed)
        state.datasetReplaced.connect(self._replaced)

    # -- state ------------------------------------------------------------------------------------
    def is_modified(self) -> bool:
        """Unsaved changes exist."""
        return self.recovered or not self.state.undo_stack.isClean()

    def _clean_changed(self, clean: bool) -> None:
        # From the signal's own flag, not the stack: a stack destroyed with unsaved (and
        # discarded) changes still signals, when asking it would fail.
        modified = self.recovered or not clean
        if not modified:
            self.remove_recovery()
        self.modifiedChanged.emit(modified)

    def _replaced(self) -> None:
        self.recovered = False
        paths = self.watcher.files()
        if paths:
            self.watcher.removePaths(paths)
        loaded = self.state.loaded
        if loaded is not None and loaded.path is not None:
            self.watcher.addPath(str(loaded.path))
            self._disk_digest = _digest(loaded.text)
        else:
            self._disk_digest = None
        self.modifiedChanged.emit(self.is_modified())

    @staticmethod
    def ask(parent, title: str, text: str, buttons, default) -> Button:
        """Ask the user in a modal question box (plain text); the button they chose."""
        box = plain_message_box(QMessageBox.Icon.Question, title, text, parent)
        box.setStandardButtons(buttons)
        box.setDefaultButton(default)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return Button(box.exec())

    # -- the unsaved-changes guard --------------------------------------------------------------
    def maybe_save(
        self, question: str = N_("{name} has unsaved changes. Save them before you continue?")
    ) -> bool:
        """Before closing, opening or creating: True when it is safe to go on. ``question``
        is the English message asked (``{name}``: the file's name), shown translated."""
        if self.state.loaded is None or not self.is_modified():
            return True
        answer = self.ask(
            self.window,
            tr("Unsaved changes"),
            tr(question, name=self.state.loaded.name),
            Button.Save | Button.Discard | Button.Cancel,
            Button.Save,
        )
        if answer == Button.Save:
            return self.save()
        if answer == Button.Discard:
            self.remove_recovery()
            return True
        return False

    # -- new, save, save as ---------------------------------------------------------------------
    def new(self) -> bool:
        """File > New: an empty dataset from the template, dated today, not yet on disk."""
        if not self.maybe_save(
            N_("{name} has unsaved changes. Save them before you create a new dataset?")
        ):
            return False
        text = resource_path("datasets", "template.yaml").read_text(encoding="utf-8")
        text = text.replace("as_of: 2026-01-01", f"as_of: {dt.date.today().isoformat()}")
        loaded = parse_dataset(text, "untitled", self.state.gazetteer)
        self.state.set_loaded(loaded)
        return True

    def save(self) -> bool:
        """File > Save: write the open dataset to its file (Save As when it has none)."""
        loaded = self.state.loaded
        if loaded is None:
            return False
        if loaded.path is None:
            return self.save_as()
        return self.save_to(loaded.path)

    def save_as(self) -> bool:
        """File > Save As: choose a file and write the dataset there."""
        loaded = self.state.loaded
        if loaded is None:
            return False
        start = str(loaded.path or Path.home() / "untitled.yaml")
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            tr("Save dataset as"),
            start,
            tr("Coalition Atlas datasets (*.yaml *.yml)"),
        )
        if not path:
            return False
        if not path.lower().endswith((".yaml", ".yml")):
            path += ".yaml"
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Check, then write atomically (keeping FILE.bak); refuse an invalid dataset."""
        loaded = self.state.loaded
        assert loaded is not None
        if path == loaded.path and self._changed_on_disk():
            answer = self.ask(
                self.window,
                tr("File changed on disk"),
                tr(
                    "{name} was changed by another program since you opened it. "
                    "Replace that version with yours?",
                    name=path.name,
                ),
                Button.Save | Button.Cancel,
                Button.Cancel,
            )
            if answer != Button.Save:
                return False
        # The save runs on a copy in a worker thread, so the window keeps painting; an edit
        # made meanwhile stays unsaved. Closing the window waits for the save.
        snapshot = copy.deepcopy(loaded.dataset)
        at = self.state.undo_stack.index()
        try:
            # Merge into the text it came from (a new dataset's template too): comments stay.
            saved = self._off_thread(
                tr("Saving {name}…", name=path.name),
                lambda: save_dataset(snapshot, path, loaded, self.state.gazetteer),
            )
        except DatasetError as error:
            self.show_refusal(error)
            return False
        except ReadOnlyFile:
            answer = self.ask(
                self.window,
                tr("File is read-only"),
                tr(
                    "{path} is read-only, so it was not changed. Save your changes to another "
                    "file instead?",
                    path=path,
                ),
                Button.Save | Button.Cancel,
                Button.Save,
            )
            return answer == Button.Save and self.save_as()
        except OSError as error:
            box = plain_message_box(
                QMessageBox.Icon.Warning,
                tr("Not saved"),
                tr(
                    "{path} could not be written: {reason}",
                    path=path,
                    reason=message_text(error.strerror or error),
                ),
                self.window,
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.last_refusal = box
            box.open()
            return False
        # The same dataset object stays open: only the file it belongs to moves on.
        loaded.text, loaded.path, loaded.document = saved.text, saved.path, None
        self._disk_digest = _digest(saved.text)
        self.recovered = False
        if str(path) not in self.watcher.files():
            if self.watcher.files():
                self.watcher.removePaths(self.watcher.files())
            self.watcher.addPath(str(path))
        if self.state.undo_stack.index() == at:
            self.state.undo_stack.setClean()
            self.remove_recovery()
        self.modifiedChanged.emit(self.is_modified())
        self.message.emit(tr("Saved {name}", name=path.name))
        return True

    def _off_thread(self, label: str, job):
        """``job()`` in a worker thread behind the progress display; closing waits for it."""
        self.busy += 1
        try:
            return run_off_thread(self.window, label, job)
        finally:
            self.busy -= 1
            if not self.busy and self.close_when_done:
                self.close_when_done = False
                QTimer.singleShot(0, self.window.close)

    def show_refusal(self, error: DatasetError) -> None:
        """Why a save was refused: every problem, nothing written."""
        box = plain_message_box(
            QMessageBox.Icon.Warning,
            tr("Not saved"),
            tr("The dataset was not saved: it would not load again."),
            self.window,
        )
        box.setDetailedText("\n".join(located_text(p, self.state) for p in error.problems))
        box.setInformativeText(
            located_text(error.problems[0], self.state) if error.problems else ""
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- outside changes ------------------------------------------------------------------------
    def _changed_on_disk(self) -> bool:
        loaded = self.state.loaded
        if loaded is None or loaded.path is None or self._disk_digest is None:
            return False
        try:
            return _digest(loaded.path.read_bytes()) != self._disk_digest
        except OSError:
            return True

    def _file_changed(self, path: str) -> None:
        # An atomic save elsewhere replaces the file: watch the new one.
        if Path(path).exists() and path not in self.watcher.files():
            self.watcher.addPath(path)
        if not self._changed_on_disk() or self._outside_prompt:
            return
        self._outside_prompt = True
        try:
            name = Path(path).name
            if self.is_modified():
                text = tr(
                    "{name} was changed by another program. You also have unsaved changes. "
                    "Reload it and discard your changes? (Keep yours to decide later: saving "
                    "will ask before replacing the other version.)",
                    name=name,
                )
            else:
                text = tr("{name} was changed by another program. Reload it?", name=name)
            answer = self.ask(
                self.window, tr("File changed on disk"), text, Button.Yes | Button.No, Button.Yes
            )
            if answer == Button.Yes:
                self.reload(force=True)
        finally:
            self._outside_prompt = False

    def reload(self, force: bool = False) -> bool:
        """Read the open file again (asks first about unsaved changes unless ``force``)."""
        loaded = self.state.loaded
        if loaded is None or loaded.path is None:
            return False
        if not force and not self.maybe_save(
            N_("{name} has unsaved changes. Save them before you reload?")
        ):
            return False
        try:
            fresh = load_dataset(loaded.path, self.state.gazetteer)
        except DatasetError as error:
            self.window.show_problems(error, str(loaded.path))
            return False
        self.state.set_loaded(fresh)
        return True

    # -- recovery -------------------------------------------------------------------------------
    def write_recovery(self) -> Path | None:
        """Write this window's recovery copy of unsaved changes (the timer calls this).

        A copy that cannot be written is reported once in a notice and for as long as it
        lasts in the status bar, and retried every ``RECOVERY_RETRY_MS`` until it works.
        """
        loaded = self.state.loaded
        if loaded is None or not self.is_modified() or self._recovering:
            return None
        snapshot = LoadedDataset(copy.deepcopy(loaded.dataset), loaded.text, loaded.path)
        folder, stem, gazetteer = recovery_folder(), self.recovery_stem, self.state.gazetteer

        def job() -> Path:
            text = recovery.recovery_text(snapshot, gazetteer)
            return recovery.write_copy(
                folder, stem, text, original=snapshot.path, title=snapshot.dataset.title
            )

        self._recovering = True
        try:
            written = self._off_thread(tr("Keeping a recovery copy…"), job)
        except Exception as error:  # a timer slot must never raise; any failure is reported
            self._recovery_failed(error)
            return None
        finally:
            self._recovering = False
        if self.recovery_error is not None:
            self.recovery_error = None
            self.recovery_timer.setInterval(RECOVERY_INTERVAL_MS)
            self.protectionChanged.emit("")
            self.message.emit(tr("Crash protection is back on: unsaved changes are being copied"))
        return written

    def _recovery_failed(self, error: Exception) -> None:
        if isinstance(error, OSError) and error.strerror:
            reason = message_text(error.strerror)
        else:
            reason = message_text(error.args[0] if error.args else error)
        where = getattr(error, "filename", None) or recovery_folder()
        self.recovery_error = f"{where}: {reason}"
        self.recovery_timer.setInterval(RECOVERY_RETRY_MS)
        self.protectionChanged.emit(self.recovery_error)
        self.message.emit(
            tr(
                "Crash protection is off: unsaved changes could not be copied ({reason}); retrying",
                reason=self.recovery_error,
            )
        )
        if self.recovery_notice_shown:
            return
        self.recovery_notice_shown = True
        box = plain_message_box(
            QMessageBox.Icon.Warning,
            tr("Crash protection is off"),
            tr(
                "Unsaved changes could not be copied for recovery after a crash, so a crash "
                "now would lose them. The copy is retried every few seconds; save your work to "
                "be safe."
            )
            + f"\n\n{self.recovery_error}",
            self.window,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.recovery_notice = box
        box.open()

    def remove_recovery(self) -> None:
        """Forget this window's recovery copy (saved, discarded or closed cleanly)."""
        recovery.remove_copy(recovery_folder(), self.recovery_stem)

    @staticmethod
    def pending_recoveries() -> list[dict]:
        """Recovery copies left by a run that did not end cleanly, newest first."""
        return recovery.pending(recovery_folder())

    def offer_recovery(self) -> bool:
        """At start-up: offer to restore the newest recovery copy. True when restored."""
        pending = self.pending_recoveries()
        if not pending:
            return False
        newest = pending[0]
        where = newest.get("path") or tr("a new, unsaved dataset")
        answer = self.ask(
            self.window,
            tr("Recover unsaved changes?"),
            tr(
                "Coalition Atlas did not close normally. Unsaved changes to “{title}” "
                "({where}) from {written} were kept. Restore them?",
                title=newest.get("title"),
                where=where,
                written=newest.get("written"),
            ),
            Button.Yes | Button.Discard | Button.Cancel,
            Button.Yes,
        )
        if answer == Button.Discard:
            for key in ("copy", "meta"):
                Path(newest[key]).unlink(missing_ok=True)
            return False
        if answer != Button.Yes:
            return False
        return self.restore(newest)

    def restore(self, recovery: dict) -> bool:
        """Open a recovery copy as unsaved changes to its original file."""
        try:
            text = read_text(recovery["copy"])
            recovered = parse_dataset(text, Path(recovery["copy"]).name, self.state.gazetteer)
        except DatasetError as error:
            self.window.show_problems(error, recovery["copy"])
            return False
        original = Path(recovery["path"]) if recovery.get("path") else None
        base_text = text
        if original is not None and original.exists():
            # Saving merges into the file's own text, so its comments and layout survive.
            with contextlib.suppress(DatasetError):
                base_text = read_text(original)
        loaded = LoadedDataset(recovered.dataset, base_text, original)
        self.state.set_loaded(loaded)
        self.recovered = True
        self.modifiedChanged.emit(True)
        for key in ("copy", "meta"):
            Path(recovery[key]).unlink(missing_ok=True)
        self.write_recovery()
        return True

    # -- import ---------------------------------------------------------------------------------
    def import_sheet(self) -> bool:
        """File > Import…: read a CSV, XLSX or ODS sheet; merge it into the open dataset as one
        undoable step, or make a new dataset file of it.

        Before anything changes the user sees the rows that cannot be imported, then the
        sheet's warnings (unread columns, likely typos...) and the as-of date with the
        question where the nations go."""
        from desktop.io.sheet import NothingImported, accept_import, read_sheet

        path, _ = QFileDialog.getOpenFileName(
            self.window, tr("Import spreadsheet"), "", tr("Spreadsheets (*.csv *.xlsx *.ods)")
        )
        if not path:
            return False
        base = copy.deepcopy(self.state.dataset)
        try:
            result = self._off_thread(
                tr("Reading {name}…", name=Path(path).name),
                lambda: read_sheet(path, gazetteer=self.state.gazetteer, base=base),
            )
        except DatasetError as error:
            self.window.show_problems(error, path)
            return False
        name = Path(path).name
        if result.problems:
            answer = self.ask(
                self.window,
                tr("Rows with problems"),
                ntr(
                    "{n} row of {name} cannot be imported:",
                    "{n} rows of {name} cannot be imported:",
                    len(result.problems),
                    name=name,
                )
                + "\n\n"
                + _listed(result.problems)
                + "\n\n"
                + tr("Import the other rows?"),
                Button.Yes | Button.Cancel,
                Button.Cancel,
            )
            if answer != Button.Yes:
                return False
        merge = False
        if result.dataset.nations:  # nothing to place otherwise: accept_import says so below
            warned = (
                "\n\n"
                + tr("Warnings ({n}):", n=len(result.warnings))
                + "\n"
                + _listed(result.warnings)
                if result.warnings
                else ""
            )
            as_of = getattr(self.state.dataset, "as_of", None)
            answer = self.ask(
                self.window,
                tr("Import"),
                ntr(
                    "Merge the {n} nation of {name} into the open dataset, as of its date "
                    "{day}? (No: make a new dataset file of it, {note}.)",
                    "Merge the {n} nations of {name} into the open dataset, as of its date "
                    "{day}? (No: make a new dataset file of them, {note}.)",
                    len(result.dataset.nations),
                    name=name,
                    day=as_of,
                    note=message_text(result.as_of_note, self.state),
                )
                + warned,
                Button.Yes | Button.No | Button.Cancel,
                Button.Yes,
            )
            if answer == Button.Cancel:
                return False
            merge = answer == Button.Yes
        if not merge:
            # A new dataset has the sheet's own categories, not the open dataset's.
            try:
                result = self._off_thread(
                    tr("Reading {name}…", name=Path(path).name),
                    lambda: read_sheet(path, gazetteer=self.state.gazetteer),
                )
            except DatasetError as error:
                self.window.show_problems(error, path)
                return False
        into = self.state.dataset if merge else None
        try:
            # The user agreed to leave the bad rows out, if there were any.
            dataset = accept_import(
                result, name, skip_bad_rows=True, into=into, gazetteer=self.state.gazetteer
            )
        except NothingImported:
            QMessageBox.information(
                self.window, tr("Nothing imported"), tr("No row of the sheet could be imported.")
            )
            return False
        except DatasetError as error:
            self.show_refusal(error)
            return False
        if into is not None:
            label = commands.Label(N_("Import {name}"), name=name)
            edit = commands.replace_content(into, dataset, label)
            self.state.undo_stack.push(UndoableEdit(into, edit, self.state))
            self.message.emit(
                ntr(
                    "Imported {n} nation from {name}; Edit > Undo takes it back",
                    "Imported {n} nations from {name}; Edit > Undo takes it back",
                    len(result.dataset.nations),
                    name=name,
                )
            )
            return True
        if not self.maybe_save(
            N_("{name} has unsaved changes. Save them before you open the imported dataset?")
        ):
            return False
        target, _ = QFileDialog.getSaveFileName(
            self.window,
            tr("Save the imported dataset as"),
            str(Path(path).with_suffix(".yaml")),
            tr("Coalition Atlas datasets (*.yaml *.yml)"),
        )
        if not target:
            return False
        try:
            self._off_thread(
                tr("Saving {name}…", name=Path(target).name),
                lambda: save_dataset(dataset, target, gazetteer=self.state.gazetteer),
            )
        except DatasetError as error:
            self.show_refusal(error)
            return False
        return self.window.open_path(target)


def _listed(problems, limit: int = 12) -> str:
    """The first ``limit`` problems or warnings, one a line, and an ellipsis for the rest."""
    # The file's name, not its whole path: the dialog says which file it is about.
    lines = [located_text(dataclasses.replace(p, file=Path(p.file).name)) for p in problems[:limit]]
    return "\n".join(lines) + ("\n…" if len(problems) > limit else "")
