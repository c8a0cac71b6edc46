"""The Notes place's search: the query and an optional date range, and the list of notes found."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from carevoice.notes.search import SearchHit, query_words, snippet
from carevoice.notes.store import CareNote
from carevoice.ui.dates import date_format, format_seconds

SEARCH_DELAY_MS = 200  # results follow the typing without a query per keystroke
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole
SHOWS_RESIDENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the row names the note's resident


class NotesFilter(QWidget):
    """A search field and "from" / "to" dates, each date used only when ticked.

    Signals:
      changed(): the query or the dates changed (typing settles for SEARCH_DELAY_MS first)
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search_edit = QLineEdit(objectName="notesSearch")
        self.search_edit.setPlaceholderText(self.tr("Search notes"))
        self.search_edit.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())

        today = QDate.currentDate()
        self.from_check = QCheckBox(self.tr("From"), objectName="fromCheck")
        self.from_edit = QDateEdit(today.addDays(-30), objectName="fromDate")
        self.to_check = QCheckBox(self.tr("To"), objectName="toCheck")
        self.to_edit = QDateEdit(today, objectName="toDate")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit, 1)
        for check, edit in ((self.from_check, self.from_edit), (self.to_check, self.to_edit)):
            edit.setDisplayFormat(date_format())  # not "2 12 2026" under C.UTF-8
            edit.setCalendarPopup(True)
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._changed_now)
            edit.dateChanged.connect(lambda _date, check=check: self._date_changed(check))
            layout.addWidget(check)
            layout.addWidget(edit)

    def query(self) -> str:
        return self.search_edit.text().strip()

    def since(self) -> date | None:
        """The first day to include, or None for no lower bound."""
        return self.from_edit.date().toPython() if self.from_check.isChecked() else None

    def until(self) -> date | None:
        """The last day to include (the whole day), or None for no upper bound."""
        return self.to_edit.date().toPython() if self.to_check.isChecked() else None

    def set_range(self, since: date | None, until: date | None) -> None:
        """Tick and set the dates given, untick those that are None; one changed() follows."""
        self.blockSignals(True)
        try:
            for check, edit, day in (
                (self.from_check, self.from_edit, since),
                (self.to_check, self.to_edit, until),
            ):
                if day is not None:
                    edit.setDate(QDate(day.year, day.month, day.day))
                check.setChecked(day is not None)
        finally:
            self.blockSignals(False)
        self._changed_now()

    def clear(self) -> None:
        """No query and no dates, at once (no changed(): the caller refreshes)."""
        self.blockSignals(True)
        try:
            self.search_edit.clear()
            self.from_check.setChecked(False)
            self.to_check.setChecked(False)
        finally:
            self.blockSignals(False)
        self._timer.stop()

    def pending(self) -> bool:
        """True while typing has not yet settled into a search."""
        return self._timer.isActive()

    def _date_changed(self, check: QCheckBox) -> None:
        if check.isChecked():
            self._changed_now()

    def _changed_now(self, *_args) -> None:
        self._timer.stop()
        self.changed.emit()


def when(seconds: float) -> str:
    """A note's time as the user's locale writes it (ISO under the C locale)."""
    return format_seconds(seconds)


class NotesList(QListWidget):
    """Search hits, newest first: the title, then the date and the opening words (or the
    words around the match, for a query); the resident too when all residents are listed.

    Signals:
      note_chosen(int): the user (or select_note) made this note the current one
    """

    note_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notesList")
        # Two lines an item, each cut with "…" at the list's width (no sideways scrolling).
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self.setSpacing(2)
        self.currentItemChanged.connect(self._on_current_changed)

    def show_hits(self, hits: Iterable[SearchHit], with_resident: bool) -> None:
        self._fill(
            (
                h.note_id,
                h.title,
                h.created_s,
                h.resident_name if with_resident else None,
                h.snippet,
                h.status,
            )
            for h in hits
        )

    def update_note(self, note: CareNote, query: str = "") -> None:
        """Show a saved note's new title and text where it is listed."""
        item = self._item_for(note.id)
        if item is not None:
            shows_resident = item.data(SHOWS_RESIDENT_ROLE)
            item.setText(
                self._text(
                    note.display_title,
                    note.created_s,
                    note.resident_name if shows_resident else None,
                    snippet(note.text, query_words(query)),
                    note.status,
                )
            )

    def note_ids(self) -> list[int]:
        return [self.item(row).data(NOTE_ID_ROLE) for row in range(self.count())]

    def titles(self) -> list[str]:
        return [self.item(row).text().split("\n", 1)[0] for row in range(self.count())]

    def current_note_id(self) -> int | None:
        item = self.currentItem()
        return item.data(NOTE_ID_ROLE) if item is not None else None

    def select_note(self, note_id: int | None, quiet: bool = False) -> bool:
        """Make the note current (False if it is not listed); quiet: no note_chosen()."""
        item = self._item_for(note_id) if note_id is not None else None
        self.blockSignals(quiet)
        try:
            self.setCurrentItem(item)  # type: ignore[arg-type]  # None: no current item, as in Qt
            if item is None:
                self.clearSelection()
        finally:
            self.blockSignals(False)
        return item is not None

    def _item_for(self, note_id: int) -> QListWidgetItem | None:
        for row in range(self.count()):
            if self.item(row).data(NOTE_ID_ROLE) == note_id:
                return self.item(row)
        return None

    def _fill(self, rows) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            for note_id, title, created_s, resident, line, status in rows:
                item = QListWidgetItem(self._text(title, created_s, resident, line, status))
                item.setData(NOTE_ID_ROLE, note_id)
                item.setData(SHOWS_RESIDENT_ROLE, resident is not None)
                item.setToolTip(title)
                self.addItem(item)
        finally:
            self.blockSignals(False)

    def _text(
        self, title: str, created_s: float, resident: str | None, line: str, status: str
    ) -> str:
        state = self.tr("Signed") if status == "signed" else self.tr("Draft")
        details = " · ".join(part for part in (state, when(created_s), resident, line) if part)
        return f"{title}\n{details}"

    def _on_current_changed(self, current, _previous) -> None:
        if current is not None:
            self.note_chosen.emit(current.data(NOTE_ID_ROLE))
