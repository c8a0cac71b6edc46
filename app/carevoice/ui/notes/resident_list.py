"""The Notes place's residents: a filterable list, "All residents" on top; add, rename, and
edit a resident's vocabulary."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carevoice.notes.store import NotesError, NoteStore, Resident
from carevoice.ui.notes.vocabulary_dialog import VocabularyDialog

RESIDENT_ID_ROLE = Qt.ItemDataRole.UserRole  # the resident's number; None on "All residents"


class ResidentList(QWidget):
    """Residents by name, with a filter box; the first row, "All residents", selects none.

    The list reads and writes the store it is given as a callable, so the Notes place can
    open the database only when it is first needed.

    Signals:
      resident_changed(object): the selected resident's number, or None for all residents
      residents_changed(): a resident was added or renamed
      message(str): something to tell the user (a resident that could not be saved)
    """

    resident_changed = Signal(object)
    residents_changed = Signal()
    message = Signal(str)

    def __init__(self, store: Callable[[], NoteStore], parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self.filter_edit = QLineEdit(objectName="residentFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter residents"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.list = QListWidget(objectName="residents")
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.add_button = QPushButton(self.tr("Add…"), objectName="addResident")
        self.add_button.setToolTip(self.tr("Add a resident"))
        self.add_button.clicked.connect(lambda: self.add_resident_asking())
        self.rename_button = QPushButton(self.tr("Rename…"), objectName="renameResident")
        self.rename_button.setToolTip(self.tr("Rename the selected resident"))
        self.rename_button.clicked.connect(lambda: self.rename_resident_asking())
        self.rename_button.setEnabled(False)
        self.vocabulary_button = QPushButton(self.tr("Vocabulary…"), objectName="vocabulary")
        self.vocabulary_button.setToolTip(
            self.tr("Names and medications to spell right in the selected resident's notes")
        )
        self.vocabulary_button.clicked.connect(lambda: self.edit_vocabulary())
        self.vocabulary_dialog: VocabularyDialog | None = None

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.vocabulary_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    # -- contents ----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the residents from the store again, keeping the selection."""
        selected = self.selected_id()
        residents = self._store().residents()
        self.list.blockSignals(True)
        try:
            self.list.clear()
            everyone = QListWidgetItem(self.tr("All residents"))
            everyone.setData(RESIDENT_ID_ROLE, None)
            self.list.addItem(everyone)
            for resident in residents:
                item = QListWidgetItem(resident.label)
                item.setData(RESIDENT_ID_ROLE, resident.id)
                self.list.addItem(item)
            self.list.setCurrentItem(self._item_for(selected) or everyone)
        finally:
            self.list.blockSignals(False)
        self._apply_filter(self.filter_edit.text())
        self._update_buttons()

    def resident_ids(self) -> list[int]:
        """The residents listed, in order (hidden by the filter or not)."""
        return [self.list.item(row).data(RESIDENT_ID_ROLE) for row in range(1, self.list.count())]

    def visible_labels(self) -> list[str]:
        """The residents the filter lets through, as shown ("All residents" left out)."""
        return [
            self.list.item(row).text()
            for row in range(1, self.list.count())
            if not self.list.item(row).isHidden()
        ]

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(RESIDENT_ID_ROLE) if item is not None else None

    def select(self, resident_id: int | None) -> None:
        """Select a resident (None: all residents); clears a filter that would hide them."""
        item = self._item_for(resident_id) or self.list.item(0)
        if item is not None and item.isHidden():
            self.filter_edit.clear()
        self.list.setCurrentItem(item)

    def _item_for(self, resident_id: int | None) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(RESIDENT_ID_ROLE) == resident_id:
                return item
        return None

    def _apply_filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        for row in range(1, self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(wanted) and wanted not in item.text().casefold())

    def _on_current_changed(self, current, _previous) -> None:
        resident_id = current.data(RESIDENT_ID_ROLE) if current is not None else None
        self._update_buttons()
        self.resident_changed.emit(resident_id)

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.rename_button.setEnabled(chosen)
        self.vocabulary_button.setEnabled(chosen)

    # -- adding and renaming -----------------------------------------------------------
    def add_resident(self, name: str) -> Resident | None:
        """Add a resident and select them; None (and a message) if the name is unusable."""
        try:
            resident = self._store().add_resident(name)
        except NotesError as exc:
            self.message.emit(str(exc))
            return None
        self.reload()
        self.residents_changed.emit()
        self.select(resident.id)
        return resident

    def rename_resident(self, resident_id: int, name: str) -> Resident | None:
        try:
            resident = self._store().update_resident(resident_id, name=name)
        except NotesError as exc:
            self.message.emit(str(exc))
            return None
        self.reload()
        self.residents_changed.emit()
        return resident

    def add_resident_asking(self) -> Resident | None:
        name = self.ask_name(self.tr("Add a resident"), "")
        return self.add_resident(name) if name is not None else None

    def rename_resident_asking(self) -> Resident | None:
        resident_id = self.selected_id()
        if resident_id is None:
            return None
        current = self._store().get_resident(resident_id).name
        name = self.ask_name(self.tr("Rename resident"), current)
        return self.rename_resident(resident_id, name) if name is not None else None

    # -- vocabulary --------------------------------------------------------------------
    def edit_vocabulary(self) -> VocabularyDialog | None:
        """Open the selected resident's vocabulary (window-modal, without blocking)."""
        resident_id = self.selected_id()
        if resident_id is None:
            return None
        try:
            resident = self._store().get_resident(resident_id)
        except NotesError as exc:
            self.message.emit(str(exc))
            return None
        dialog = VocabularyDialog(self._store(), resident, self)
        dialog.finished.connect(self._vocabulary_closed)
        self.vocabulary_dialog = dialog
        dialog.open()
        return dialog

    def _vocabulary_closed(self) -> None:
        if self.vocabulary_dialog is not None:
            self.vocabulary_dialog.deleteLater()
            self.vocabulary_dialog = None

    def ask_name(self, title: str, current: str) -> str | None:
        """Ask for a resident's name; None when cancelled. Tests replace this."""
        name, ok = QInputDialog.getText(
            self, title, self.tr("Name:"), QLineEdit.EchoMode.Normal, current
        )
        return name if ok else None
