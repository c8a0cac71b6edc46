"""Which resident a new note is about, chosen on purpose: nothing is preselected (or the
resident selected in the Notes place, said so, to confirm), OK waits for a choice, the
list filters as you type, and a new resident can be added here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carevoice.notes.records import Resident


class ResidentPicker(QDialog):
    """The residents to choose from; `add(name)` makes a new one (None if it could not);
    `preselected`, the resident selected in the Notes place, comes chosen, to confirm.

    After exec(), `chosen()` is the resident's number, or None.
    """

    def __init__(
        self,
        residents: list[Resident],
        add: Callable[[str], Resident | None],
        parent: QWidget | None = None,
        preselected: int | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("residentPicker")
        self.setWindowTitle(self.tr("Which resident?"))
        self._add = add
        self.filter_edit = QLineEdit(objectName="residentFilter")
        self.filter_edit.setPlaceholderText(self.tr("Type to find a resident"))
        self.filter_edit.textChanged.connect(self._filter)
        self.list = QListWidget(objectName="residentChoices")
        for resident in residents:
            self._add_item(resident)
        self.list.setCurrentRow(-1)
        self.preselected_label = QLabel(objectName="preselectedResident", wordWrap=True)
        self.preselected_label.hide()
        for row in range(self.list.count()):
            item = self.list.item(row)
            if preselected is not None and item.data(Qt.ItemDataRole.UserRole) == preselected:
                self.list.setCurrentItem(item)
                item.setSelected(True)
                self.preselected_label.setText(
                    self.tr(
                        "{name} is selected in Notes. Check that the note is about them, "
                        "or choose someone else."
                    ).format(name=item.text())
                )
                self.preselected_label.show()
        self.list.itemSelectionChanged.connect(self._update_ok)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.new_button = QPushButton(self.tr("New resident…"), objectName="newResident")
        self.new_button.clicked.connect(self.new_resident)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("This note is about:")))
        layout.addWidget(self.preselected_label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self._update_ok()

    def _add_item(self, resident: Resident) -> QListWidgetItem:
        item = QListWidgetItem(resident.label)
        item.setData(Qt.ItemDataRole.UserRole, resident.id)
        self.list.addItem(item)
        return item

    def chosen(self) -> int | None:
        items = self.list.selectedItems()
        return (
            items[0].data(Qt.ItemDataRole.UserRole) if items and not items[0].isHidden() else None
        )

    def _filter(self, text: str) -> None:
        wanted = text.casefold().strip()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(wanted) and wanted not in item.text().casefold())
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.chosen() is not None)

    def accept(self) -> None:
        if self.chosen() is not None:  # Enter in the filter box chooses nothing by itself
            super().accept()

    def new_resident(self) -> Resident | None:
        """Ask for the new resident's name (the filter's text to start with), add them,
        and choose them."""
        ask = QInputDialog(self)
        ask.setObjectName("newResidentName")
        ask.setWindowTitle(self.tr("New resident"))
        ask.setLabelText(self.tr("Name:"))
        ask.setTextValue(self.filter_edit.text().strip())
        if not ask.exec() or not ask.textValue().strip():
            return None
        resident = self._add(ask.textValue().strip())
        if resident is None:
            return None
        self.filter_edit.clear()
        item = self._add_item(resident)
        self.list.setCurrentItem(item)
        item.setSelected(True)
        self._update_ok()
        return resident
