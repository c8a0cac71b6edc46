"""The dialog for a note saved on another workstation while it was being edited here.

Signals:
  chosen(str): KEEP_YOURS, TAKE_THEIRS or KEEP_BOTH (carevoice.notes.conflicts)
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carevoice.notes.conflicts import KEEP_BOTH, KEEP_YOURS, TAKE_THEIRS
from carevoice.notes.records import NoteConflict


class ConflictDialog(QDialog):
    """Says who changed the note and when, shows their text, and asks what to keep.

    Closing it without a choice keeps both: nothing is ever dropped unasked.
    """

    chosen = Signal(str)

    def __init__(self, conflict: NoteConflict, parent: QWidget | None = None):
        super().__init__(parent, objectName="conflictDialog")
        theirs = conflict.theirs
        self.setWindowTitle(self.tr("Note changed on another workstation"))
        who = theirs.updated_by or self.tr("another workstation")
        self.question = QLabel(
            self.tr(
                "“{title}” was changed by {who} at {time} while you were editing it. "
                "Nothing has been overwritten. What should be kept?"
            ).format(title=theirs.display_title, who=who, time=f"{theirs.updated:%H:%M}"),
            wordWrap=True,
            objectName="conflictQuestion",
        )
        self.their_text = QPlainTextEdit(theirs.text, readOnly=True, objectName="theirText")
        buttons = QDialogButtonBox()
        self.keep_yours = QPushButton(self.tr("Keep yours"), objectName="keepYours")
        self.take_theirs = QPushButton(self.tr("Take theirs"), objectName="takeTheirs")
        self.keep_both = QPushButton(self.tr("Keep both"), objectName="keepBoth")
        for button, choice in (
            (self.keep_yours, KEEP_YOURS),
            (self.take_theirs, TAKE_THEIRS),
            (self.keep_both, KEEP_BOTH),
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
        self.keep_both.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(QLabel(self.tr("Their version:")))
        layout.addWidget(self.their_text, 1)
        layout.addWidget(buttons)
        self._done = False

    def _choose(self, choice: str) -> None:
        if not self._done:
            self._done = True
            self.chosen.emit(choice)
        self.accept()

    def reject(self) -> None:  # Escape or the window's close button: lose nothing
        self._choose(KEEP_BOTH)
