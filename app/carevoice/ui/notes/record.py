"""The Notes place's team record: who is signed in (and switching), the template for new
notes, a note's history, addenda, the handover view, and the manager's Staff and
Templates dialogs. The rules are in
carevoice.notes (permissions, store); this only asks and shows.

Signals:
  said(str): a line for the status bar
  note_added(int): an addendum was saved (its number)
  staff_changed(): someone signed in or out
  templates_changed(): a manager added or changed a template
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carevoice.notes.permissions import NotAllowed, check_manage
from carevoice.notes.staff import SINGLE_USER
from carevoice.notes.store import NotesError, NoteStore, Staff
from carevoice.ui.notes.handover_view import HandoverDialog
from carevoice.ui.notes.session import StaffSession
from carevoice.ui.notes.sign_in import SignInDialog
from carevoice.ui.notes.staff_dialog import StaffDialog
from carevoice.ui.notes.template_editor import TemplateEditor


class NotesRecord(QObject):
    said = Signal(str)
    note_added = Signal(int)
    staff_changed = Signal()
    templates_changed = Signal()

    def __init__(self, parent: QWidget, store: Callable[[], NoteStore]):
        super().__init__(parent)
        self._parent = parent
        self._store = store
        self.session = StaffSession(parent=self)
        self.session.changed.connect(self._show_who)
        self.session.changed.connect(self.staff_changed)
        self.session.sign_in_needed.connect(self.ask_sign_in)
        self.sign_in_dialog: SignInDialog | None = None
        self.history_dialog: QDialog | None = None
        self.addendum_dialog: QDialog | None = None
        self.handover_dialog: HandoverDialog | None = None
        self._single_user = True  # until the store says otherwise (it opens on first use)
        self.who_label = QLabel(objectName="signedInAs")
        self.switch_button = QPushButton(self.tr("Switch…"), objectName="switchStaff")
        self.switch_button.clicked.connect(self.session.sign_out)
        self.template_box = QComboBox(objectName="noteTemplate")
        self.template_box.setToolTip(self.tr("The template of new notes"))
        self.handover_button = QPushButton(self.tr("Handover…"), objectName="handoverButton")
        self.handover_button.clicked.connect(self.show_handover)
        self.staff_dialog: StaffDialog | None = None
        self.template_editor: TemplateEditor | None = None
        self.staff_button = QPushButton(self.tr("Staff…"), objectName="staffButton")
        self.staff_button.clicked.connect(self.show_staff)
        self.templates_button = QPushButton(self.tr("Templates…"), objectName="templatesButton")
        self.templates_button.clicked.connect(self.show_templates)
        self.session.changed.connect(self._show_manage)
        self._show_who()
        self._show_manage()

    def widgets(self) -> list[QWidget]:
        return [
            self.who_label,
            self.switch_button,
            self.template_box,
            self.handover_button,
            self.staff_button,
            self.templates_button,
        ]

    def by(self) -> Staff | None:
        return self.session.staff

    def template_id(self) -> int | None:
        data = self.template_box.currentData()
        return int(data) if data is not None else None

    def store_opened(self, store: NoteStore) -> None:
        """Fill the templates; ask who is working where staff records are kept."""
        self._single_user = store.single_user
        self._fill_templates(store)
        self._show_who()
        self._show_manage()
        if not store.single_user and self.session.staff is None:
            self.ask_sign_in()

    def _fill_templates(self, store: NoteStore) -> None:
        chosen = self.template_id()
        self.template_box.clear()
        for template in store.templates():
            self.template_box.addItem(self._template_name(template), template.id)
            if template.builtin == "free":  # as before templates: one text, unless chosen
                self.template_box.setCurrentIndex(self.template_box.count() - 1)
        if chosen is not None and self.template_box.findData(chosen) >= 0:
            self.template_box.setCurrentIndex(self.template_box.findData(chosen))

    def _template_name(self, template) -> str:
        names = {"daily-care": self.tr("Daily care note"), "free": self.tr("Free note")}
        return names.get(template.builtin or "", template.name)

    def _show_who(self) -> None:
        staff = self.session.staff
        single = self._single_user
        self.switch_button.setVisible(not single)
        if single:
            self.who_label.setText("")
        elif staff is None:
            self.who_label.setText(self.tr("Nobody signed in"))
        else:
            self.who_label.setText(self.tr("Signed in: {name}").format(name=staff.name))

    # -- managing staff and templates ---------------------------------------------------
    def manage_refusal(self) -> str:
        """Why the signed-in person may not manage staff and templates ("" if they may)."""
        staff = self.session.staff
        if staff is None and not self._single_user:
            return self.tr("Sign in as a manager to change staff and templates.")
        try:
            check_manage(staff or SINGLE_USER, "change staff and templates")
        except NotAllowed:
            return self.tr("Only a manager can change staff and templates.")
        return ""

    def _show_manage(self) -> None:
        refusal = self.manage_refusal()
        for button, tip in (
            (self.staff_button, self.tr("Add staff, change roles, disable, set PINs")),
            (self.templates_button, self.tr("Make and change note templates")),
        ):
            button.setEnabled(not refusal)
            button.setToolTip(refusal or tip)

    def show_staff(self) -> None:
        if self.manage_refusal():
            return
        self.staff_dialog = StaffDialog(self._store(), self.by, self._parent)
        self.staff_dialog.finished.connect(self._after_staff)
        self.staff_dialog.open()

    def _after_staff(self) -> None:
        store = self._store()
        if self._single_user and not store.single_user:
            # The first manager was made: from now on everyone says who they are.
            self.said.emit(self.tr("Staff records are kept from now on: sign in."))
            self.store_opened(store)
        elif self.session.staff is not None:
            # The signed-in person disabled, or changed their own role.
            me = next((s for s in store.staff() if s.id == self.session.staff.id), None)
            if me is None or not me.active:
                self.session.sign_out()
            elif me != self.session.staff:
                self.session.sign_in(me)

    def show_templates(self) -> None:
        if self.manage_refusal():
            return
        self.template_editor = TemplateEditor(
            self._store(), self.by, self._template_name, self._parent
        )
        self.template_editor.changed.connect(self._on_templates_changed)
        self.template_editor.open()

    def _on_templates_changed(self) -> None:
        self._fill_templates(self._store())
        self.templates_changed.emit()

    # -- signing in ----------------------------------------------------------------------
    def ask_sign_in(self) -> None:
        if self.sign_in_dialog is not None and self.sign_in_dialog.isVisible():
            return
        self.sign_in_dialog = SignInDialog(self._store(), self._parent)
        self.sign_in_dialog.signed_in.connect(self.session.sign_in)
        self.sign_in_dialog.open()

    # -- history and addenda -------------------------------------------------------------
    def show_history(self, note_id: int) -> None:
        store = self._store()
        entries = store.history(note_id)
        names = {
            "created": self.tr("created"),
            "edited": self.tr("edited"),
            "signed": self.tr("signed"),
            "addendum": self.tr("addendum"),
            "viewed": self.tr("viewed"),
            "exported": self.tr("exported"),
            "printed": self.tr("printed"),
            "deleted": self.tr("deleted"),
            "flagged": self.tr("flagged"),
        }
        dialog = QDialog(self._parent, objectName="historyDialog")
        dialog.setWindowTitle(self.tr("History of note {number}").format(number=note_id))
        table = QTableWidget(len(entries), 3, objectName="historyTable")
        table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What")])
        for row, entry in enumerate(entries):
            when = datetime.fromtimestamp(entry.at_ms / 1000).strftime("%Y-%m-%d %H:%M")
            what = names.get(entry.action, entry.action)
            if entry.note_id != note_id:
                what += f" ({entry.note_id})"
            for column, value in enumerate((when, entry.staff_name or "-", what)):
                table.setItem(row, column, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        layout.addWidget(buttons)
        dialog.resize(520, 360)
        self.history_dialog = dialog
        dialog.open()
        self.record_action("viewed", [note_id])

    def ask_addendum(self, note_id: int) -> None:
        dialog = QDialog(self._parent, objectName="addendumDialog")
        dialog.setWindowTitle(self.tr("Addendum to note {number}").format(number=note_id))
        text = QPlainTextEdit(objectName="addendumText")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.rejected.connect(dialog.reject)
        buttons.accepted.connect(lambda: self._save_addendum(dialog, note_id, text.toPlainText()))
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(self.tr("A signed note stays as it is; this is added to it.")))
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.addendum_dialog = dialog
        dialog.open()

    def _save_addendum(self, dialog: QDialog, note_id: int, text: str) -> None:
        try:
            added = self._store().add_addendum(note_id, text, by=self.by())
        except NotesError as exc:
            self.said.emit(str(exc))
            return
        dialog.accept()
        self.said.emit(self.tr("Addendum saved as note {number}.").format(number=added.id))
        self.note_added.emit(added.id)

    # -- handover ------------------------------------------------------------------------
    def show_handover(self) -> None:
        self.handover_dialog = HandoverDialog(self._store(), self.by, self._parent)
        self.handover_dialog.open()

    def record_action(self, action: str, note_ids: list[int]) -> None:
        try:
            self._store().record(action, note_ids, by=self.by())
        except NotesError as exc:
            self.said.emit(str(exc))
