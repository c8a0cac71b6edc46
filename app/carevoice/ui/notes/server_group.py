"""Settings › Notes server: keep the notes in the file on this computer or on a PostgreSQL server.

The choice is `notes.location`'s (notes-server.json, an address without a password); a
password typed here goes into the private libpq password file (0600), never into a
settings file. Applied when the dialog's OK is pressed, and only once the server answers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from carevoice.notes import location
from carevoice.notes.location import SSL_MODES, ServerLocation
from carevoice.notes.records import NotesError

LOCAL, SERVER = "local", "server"


class NotesServerGroup(QGroupBox):
    """Where the notes are kept: the server's host (or socket folder), port, database,
    user, TLS and password fields show only for a server. Emits no signals."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Notes server"), parent)
        form = QFormLayout(self)
        self.where_combo = QComboBox(objectName="notesWhereCombo")
        self.where_combo.addItem(self.tr("This computer (a private file)"), LOCAL)
        self.where_combo.addItem(self.tr("A PostgreSQL server shared by workstations"), SERVER)
        form.addRow(self.tr("Keep &notes on:"), self.where_combo)
        self.host_edit = QLineEdit(objectName="notesHostEdit")
        self.host_edit.setPlaceholderText(self.tr("care-server, or a socket folder such as /run"))
        self.port_spin = QSpinBox(objectName="notesPortSpin")
        self.port_spin.setRange(0, 65535)
        self.port_spin.setSpecialValueText(self.tr("Default (5432)"))  # shown for 0
        self.database_edit = QLineEdit("carevoice", objectName="notesDatabaseEdit")
        self.user_edit = QLineEdit(objectName="notesUserEdit")
        self.sslmode_combo = QComboBox(objectName="notesSslCombo")
        labels = {
            "prefer": self.tr("Encrypt when the server offers it (prefer)"),
            "require": self.tr("Always encrypt (require)"),
            "verify-full": self.tr("Encrypt and check the server's certificate (verify-full)"),
        }
        for mode in SSL_MODES:
            self.sslmode_combo.addItem(labels.get(mode, mode), mode)
        self.password_edit = QLineEdit(objectName="notesPasswordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Unchanged (kept in a private file)"))
        self._server_rows = [
            (self.tr("Server (&host):"), self.host_edit),
            (self.tr("&Port:"), self.port_spin),
            (self.tr("&Database:"), self.database_edit),
            (self.tr("&User:"), self.user_edit),
            (self.tr("&Encryption:"), self.sslmode_combo),
            (self.tr("Pass&word:"), self.password_edit),
        ]
        for label, widget in self._server_rows:
            form.addRow(label, widget)
        self.message = QLabel(objectName="notesServerMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        form.addRow(self.message)
        self._form = form
        self._shown: ServerLocation | None = None
        self.where_combo.currentIndexChanged.connect(self._update_rows)
        self.show_location()

    def show_location(self) -> None:
        """Show where the notes are kept now (a setting that cannot be read: the file)."""
        try:
            url = location.configured()
            self._shown = location.parse(url)[0] if url else None
        except NotesError as exc:
            self._shown = None
            self._say(str(exc))
        shown = self._shown
        self.where_combo.setCurrentIndex(self.where_combo.findData(SERVER if shown else LOCAL))
        if shown is not None:
            self.host_edit.setText(shown.host)
            self.port_spin.setValue(shown.port or 0)
            self.database_edit.setText(shown.database)
            self.user_edit.setText(shown.user)
            self.sslmode_combo.setCurrentIndex(self.sslmode_combo.findData(shown.sslmode))
        else:
            self.sslmode_combo.setCurrentIndex(
                self.sslmode_combo.findData(location.DEFAULT_SSLMODE)
            )
        self._update_rows()

    def chosen(self) -> ServerLocation | None:
        """The server the fields name (None: the file on this computer)."""
        if self.where_combo.currentData() != SERVER:
            return None
        return ServerLocation(
            host=self.host_edit.text().strip(),
            port=self.port_spin.value() or None,
            database=self.database_edit.text().strip(),
            user=self.user_edit.text().strip(),
            sslmode=self.sslmode_combo.currentData(),
            options=self._shown.options if self._shown is not None else (),
        )

    def apply(self) -> bool | None:
        """Use what the fields say from now on. True: the notes moved; False: unchanged;
        None: the server did not answer or the fields are incomplete, and nothing was
        changed (the reason is shown under the fields)."""
        chosen = self.chosen()
        password = self.password_edit.text()
        if chosen == self._shown and not password:
            return False
        if chosen is None:
            location.configure(None)
            self._shown = None
            return True
        if not chosen.host or not chosen.database:
            self._say(self.tr("Give the server's host (or socket folder) and the database."))
            return None
        from carevoice.notes.store import NoteStore

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if password:  # libpq reads it from the private file, as for the command line
                location.store_password(chosen, password)
            with NoteStore(chosen.url) as store:  # it answers, and has its tables
                store.count_notes()
            location.configure(chosen.url)
        except (NotesError, OSError) as exc:
            self._say(self.tr("The notes stay where they were. {reason}").format(reason=str(exc)))
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.password_edit.clear()
        self._shown = chosen
        self._say("")
        return True

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _update_rows(self) -> None:
        server = self.where_combo.currentData() == SERVER
        for _label, widget in self._server_rows:
            self._form.setRowVisible(widget, server)
