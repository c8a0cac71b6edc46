"""The Staff dialog: a manager adds staff, changes a role, disables or enables someone,
and sets a new PIN. The rules (managers only, one active manager at least, PINs as slow
hashes, every change in the audit log) are the store's; this only asks and shows.

Signals:
  changed(): a staff member was added or changed
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carevoice.notes.staff import ROLES
from carevoice.notes.store import NotesError, NoteStore, Staff


class StaffDialog(QDialog):
    changed = Signal()

    def __init__(
        self, store: NoteStore, by: Callable[[], Staff | None], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("staffDialog")
        self.setWindowTitle(self.tr("Staff"))
        self._store = store
        self._by = by
        self._people: list[Staff] = []
        self.table = QTableWidget(0, 3, objectName="staffTable")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("State")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._show_selected)

        # The selected person: role, active, PIN.
        self.role_box = self._roles("staffRole")
        self.role_button = QPushButton(self.tr("Set role"), objectName="setRole")
        self.role_button.clicked.connect(self.set_role)
        self.active_button = QPushButton(self.tr("Disable"), objectName="toggleActive")
        self.active_button.clicked.connect(self.toggle_active)
        self.new_pin = self._pin("newPin")
        self.pin_button = QPushButton(self.tr("Set PIN"), objectName="setPin")
        self.pin_button.clicked.connect(self.set_pin)
        selected = QGroupBox(self.tr("Selected staff member"))
        form = QFormLayout(selected)
        row = QHBoxLayout()
        row.addWidget(self.role_box, 1)
        row.addWidget(self.role_button)
        form.addRow(self.tr("Role:"), row)
        row = QHBoxLayout()
        row.addWidget(self.new_pin, 1)
        row.addWidget(self.pin_button)
        form.addRow(self.tr("New PIN:"), row)
        form.addRow("", self.active_button)

        # Someone new.
        self.add_name = QLineEdit(objectName="addName")
        self.add_role = self._roles("addRole")
        self.add_pin = self._pin("addPin")
        self.add_pin_again = self._pin("addPinAgain")
        self.add_button = QPushButton(self.tr("Add"), objectName="addStaff")
        self.add_button.clicked.connect(self.add)
        adding = QGroupBox(self.tr("Add a staff member"))
        form = QFormLayout(adding)
        form.addRow(self.tr("Name:"), self.add_name)
        form.addRow(self.tr("Role:"), self.add_role)
        form.addRow(self.tr("PIN:"), self.add_pin)
        form.addRow(self.tr("PIN again:"), self.add_pin_again)
        form.addRow("", self.add_button)

        self.message = QLabel(objectName="staffMessage", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(selected)
        layout.addWidget(adding)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(520, 560)
        self.reload()

    def _roles(self, name: str) -> QComboBox:
        box = QComboBox(objectName=name)
        for role in ROLES:
            box.addItem(self._role(role), role)
        return box

    def _pin(self, name: str) -> QLineEdit:
        edit = QLineEdit(objectName=name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _role(self, role: str) -> str:
        return {
            "carer": self.tr("carer"),
            "nurse": self.tr("nurse"),
            "manager": self.tr("manager"),
        }.get(role, role)

    # -- the list ------------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        self._people = self._store.staff(include_inactive=True)
        self.table.setRowCount(len(self._people))
        for row, person in enumerate(self._people):
            state = self.tr("active") if person.active else self.tr("disabled")
            for column, text in enumerate((person.name, self._role(person.role), state)):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if person.id == select:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        if not self._people:  # the first one made is the manager who adds the others
            self.add_role.setCurrentIndex(self.add_role.findData("manager"))
        self._show_selected()

    def selected(self) -> Staff | None:
        rows = self.table.selectionModel().selectedRows()
        return self._people[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        person = self.selected()
        for widget in (self.role_box, self.role_button, self.active_button, self.new_pin):
            widget.setEnabled(person is not None)
        self.pin_button.setEnabled(person is not None)
        if person is not None:
            self.role_box.setCurrentIndex(self.role_box.findData(person.role))
            self.active_button.setText(self.tr("Disable") if person.active else self.tr("Enable"))

    # -- changes -------------------------------------------------------------------------
    def add(self) -> None:
        if self.add_pin.text() != self.add_pin_again.text():
            self.say(self.tr("The two PINs are not the same."))
            return
        try:
            added = self._store.add_staff(
                self.add_name.text(), self.add_role.currentData(), self.add_pin.text(), self._by()
            )
        except NotesError as exc:
            self.say(str(exc))
            return
        for edit in (self.add_name, self.add_pin, self.add_pin_again):
            edit.clear()
        self._done(added, self.tr("{name} was added.").format(name=added.name))

    def set_role(self) -> None:
        self._update(role=self.role_box.currentData())

    def toggle_active(self) -> None:
        person = self.selected()
        if person is not None:
            self._update(active=not person.active)

    def set_pin(self) -> None:
        pin = self.new_pin.text()
        self.new_pin.clear()
        self._update(pin=pin)

    def _update(self, **change) -> None:
        person = self.selected()
        if person is None or person.id is None:
            return
        try:
            changed = self._store.update_staff(person.id, by=self._by(), **change)
        except NotesError as exc:
            self.say(str(exc))
            return
        self._done(changed, self.tr("{name} was changed.").format(name=changed.name))

    def _done(self, person: Staff, text: str) -> None:
        self.reload(select=person.id)
        self.say(text)
        self.changed.emit()

    def say(self, text: str) -> None:
        self.message.setText(text)
