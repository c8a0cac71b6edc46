"""The sign-in dialog: who is working, and their PIN. Wrong PINs are refused by the store,
which also makes the person wait after three; the dialog says so in plain words.

Signals:
  signed_in(object): the Staff who signed in
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carevoice.notes.staff import SignInLocked, WrongPin
from carevoice.notes.store import NotesError, NoteStore, Staff


class SignInDialog(QDialog):
    signed_in = Signal(object)

    def __init__(self, store: NoteStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in"))
        self._store = store
        self.staff: Staff | None = None
        self.who = QComboBox(objectName="signInStaff")
        for person in store.staff(include_inactive=False):
            self.who.addItem(f"{person.name} ({self._role(person.role)})", person.name)
        self.pin = QLineEdit(objectName="signInPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="signInMessage", wordWrap=True)
        form = QFormLayout()
        form.addRow(self.tr("Who is working:"), self.who)
        form.addRow(self.tr("PIN:"), self.pin)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.try_sign_in)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Care notes record who wrote them. Who are you?")))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.pin.setFocus()

    def _role(self, role: str) -> str:
        return {
            "carer": self.tr("carer"),
            "nurse": self.tr("nurse"),
            "manager": self.tr("manager"),
        }.get(role, role)

    def try_sign_in(self) -> None:
        name = self.who.currentData()
        if not name:
            return
        try:
            self.staff = self._store.sign_in(name, self.pin.text())
        except SignInLocked as exc:
            self.message.setText(
                self.tr(
                    "Too many wrong PINs: wait %n second(s), then try again.",
                    "",
                    max(1, round(exc.wait_s)),
                )
            )
        except WrongPin as exc:
            text = self.tr("That PIN is not right. Try again.")
            if exc.wait_s:
                text = self.tr(
                    "That PIN is not right. Wait %n second(s), then try again.",
                    "",
                    max(1, round(exc.wait_s)),
                )
            self.message.setText(text)
        except NotesError as exc:
            self.message.setText(str(exc))
        else:
            self.signed_in.emit(self.staff)
            self.accept()
            return
        self.pin.clear()
        self.pin.setFocus()
