"""The Handover view: per resident, what was written since the last shift change (or the
last 12 or 24 hours), flagged items first, drafts listed; print it or save it as PDF.
What is in it is carevoice.notes.handover's; opening, printing and saving are audited.

Signals:
  shown(int): the handover is on screen; how many residents it lists
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from carevoice.notes.handover import Handover, build_handover, last_shift_change
from carevoice.notes.store import NotesError, NoteStore, Staff
from carevoice.ui.i18n import say
from carevoice.ui.notes import handover_pdf


class HandoverDialog(QDialog):
    shown = Signal(int)

    def __init__(
        self, store: NoteStore, by: Callable[[], Staff | None], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("Handover"))
        self._store = store
        self._by = by
        self.handover: Handover | None = None
        self.since_box = QComboBox(objectName="handoverSince")
        self.since_box.addItem(self.tr("Since the last shift change"), "shift")
        self.since_box.addItem(self.tr("Last 12 hours"), 12)
        self.since_box.addItem(self.tr("Last 24 hours"), 24)
        self.since_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.view = QTextBrowser(objectName="handoverText")
        self.print_button = QPushButton(self.tr("Print…"), objectName="handoverPrint")
        self.print_button.clicked.connect(self.print_handover)
        self.pdf_button = QPushButton(self.tr("Save as PDF…"), objectName="handoverPdf")
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.message = QLabel(objectName="handoverMessage", wordWrap=True)
        top = QHBoxLayout()
        top.addWidget(self.since_box, 1)
        top.addWidget(self.print_button)
        top.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.resize(640, 720)
        self.reload()

    def reload(self) -> None:
        now = datetime.now().astimezone()
        choice = self.since_box.currentData()
        since = last_shift_change(now) if choice == "shift" else now - timedelta(hours=choice)
        self.handover = build_handover(self._store, since.timestamp(), now.timestamp())
        self.view.setHtml(handover_pdf.handover_html(self.handover, say))
        self._record("viewed")
        self.shown.emit(len(self.handover.residents))

    def note_ids(self) -> list[int]:
        if self.handover is None:
            return []
        ids = [
            n.id
            for r in self.handover.residents
            for n in (*(i.note for i in r.flagged), *r.signed, *r.drafts)
        ]
        return list(dict.fromkeys(ids))

    def save_pdf(self, path: str | None = None) -> bool:
        if self.handover is None:
            return False
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Save the handover as PDF"), "handover.pdf", "PDF (*.pdf)"
            )
            if not path:
                return False
        try:
            handover_pdf.export_pdf(self.handover, path, say)
        except OSError as exc:
            self.message.setText(str(exc))
            return False
        self._record("exported")
        self.message.setText(self.tr("Saved {path}").format(path=path))
        return True

    def print_handover(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.handover is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        handover_pdf.build_document(self.handover, say).print_(printer)
        self._record("printed")

    def _record(self, action: str) -> None:
        try:
            self._store.record(action, self.note_ids(), by=self._by())
        except NotesError as exc:
            self.message.setText(str(exc))
