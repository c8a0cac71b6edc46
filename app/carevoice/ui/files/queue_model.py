"""The Files queue as a Qt table model: one row per file, its status and time remaining in words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from carevoice.queue_store import CANCELLED, DONE, FAILED, QUEUED, RUNNING, QueueRow
from carevoice.ui.i18n import say

FILE, DURATION, MODEL, LANGUAGE, STATUS, REMAINING, DEVICE = range(7)
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's id, in every column
_ROOT = QModelIndex()


@dataclass
class LiveState:
    """What a running job is doing now; not saved, it means nothing after a restart."""

    stage: str = ""  # the engine's stage: "decoding", "loading model", "transcribing"
    fraction: float | None = None
    eta_s: float | None = None


class QueueModel(QAbstractTableModel):
    """Rows of the queue (QueueRow, shared with the store) and the live state of running ones.

    The place changes a row's fields, then calls `row_changed(id)` so the view repaints.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[QueueRow] = []
        self._live: dict[str, LiveState] = {}
        self._default_device = ""
        self._headers = (
            self.tr("File"),
            self.tr("Duration"),
            self.tr("Model"),
            self.tr("Language"),
            self.tr("Status"),
            self.tr("Time remaining"),
            self.tr("Device"),
        )

    # -- rows ------------------------------------------------------------------------
    def rows(self) -> list[QueueRow]:
        return list(self._rows)

    def row_by_id(self, row_id: str) -> QueueRow | None:
        position = self.position(row_id)
        return None if position < 0 else self._rows[position]

    def position(self, row_id: str) -> int:
        for position, row in enumerate(self._rows):
            if row.id == row_id:
                return position
        return -1

    def row_at(self, position: int) -> QueueRow | None:
        return self._rows[position] if 0 <= position < len(self._rows) else None

    def add_rows(self, rows: list[QueueRow]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        self._names_changed()

    def remove_row(self, row_id: str) -> None:
        position = self.position(row_id)
        if position < 0:
            return
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        self._live.pop(row_id, None)
        self.endRemoveRows()
        self._names_changed()

    def _names_changed(self) -> None:
        # A row of the same name came or went: the others show (or drop) their folder.
        if self._rows:
            self.dataChanged.emit(self.index(0, FILE), self.index(len(self._rows) - 1, FILE))

    def row_changed(self, row_id: str) -> None:
        position = self.position(row_id)
        if position >= 0:
            self.dataChanged.emit(
                self.index(position, 0), self.index(position, self.columnCount() - 1)
            )

    def live(self, row_id: str) -> LiveState:
        return self._live.setdefault(row_id, LiveState())

    def clear_live(self, row_id: str) -> None:
        self._live.pop(row_id, None)

    def set_default_device(self, text: str) -> None:
        """Shown in the Device column of rows not transcribed yet (the window's decision)."""
        self._default_device = text
        if self._rows:
            self.dataChanged.emit(self.index(0, DEVICE), self.index(len(self._rows) - 1, DEVICE))

    # -- Qt's model interface --------------------------------------------------------
    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == ROW_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (DURATION, REMAINING):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- words -----------------------------------------------------------------------
    def _display(self, row: QueueRow, column: int) -> str:
        if column == FILE:
            return self.file_text(row)
        if column == DURATION:
            return format_duration(row.duration_s)
        if column == MODEL:
            return row.model
        if column == LANGUAGE:
            return row.language or self.tr("detect")
        if column == STATUS:
            return self.status_text(row)
        if column == REMAINING:
            return self.remaining_text(row)
        if column == DEVICE:
            return self.device_text(row)
        return ""

    def file_text(self, row: QueueRow) -> str:
        """The file's name; with its folder when another row has a file of that name."""
        folder = Path(row.path).parent
        others = [Path(r.path).parent for r in self._rows if r.name == row.name and r is not row]
        if not others:
            return row.name
        # The folder's own name tells them apart, unless the folders share that name too.
        shown = folder.name if all(o.name != folder.name for o in others) else str(folder)
        return self.tr("{name} (in {folder})").format(name=row.name, folder=shown)

    def status_text(self, row: QueueRow) -> str:
        if row.status == QUEUED:
            return self.tr("queued")
        if row.status == RUNNING:
            live = self._live.get(row.id) or LiveState()
            if live.stage == "transcribing" or live.fraction is not None:
                percent = round(100 * (live.fraction or 0.0))
                return self.tr("transcribing {percent} %").format(percent=percent)
            if live.stage == "loading model":
                return self.tr("loading model")
            return self.tr("starting")
        if row.status == DONE:
            return self.tr("done")
        if row.status == FAILED:
            return (
                self.tr("failed: {reason}").format(reason=row.error)
                if row.error
                else self.tr("failed")
            )
        if row.status == CANCELLED:
            return self.tr("cancelled")
        return row.status

    def remaining_text(self, row: QueueRow) -> str:
        if row.status != RUNNING:
            return ""
        eta = (self._live.get(row.id) or LiveState()).eta_s
        if eta is None:
            return self.tr("estimating…")
        if eta < 1:
            return self.tr("under a second")
        if eta < 60:
            return self.tr("about {seconds} s").format(seconds=round(eta))
        return self.tr("about {minutes} min").format(minutes=round(eta / 60))

    def device_text(self, row: QueueRow) -> str:
        if row.device:
            name = self.tr("GPU") if row.device == "cuda" else self.tr("CPU")
            return f"{name} · {row.compute_type}" if row.compute_type else name
        return self._default_device if row.active else ""

    def _tooltip(self, row: QueueRow, column: int) -> str | None:
        if column == FILE:
            return row.path
        if column == STATUS and row.status == FAILED and row.error:
            return row.error
        if column == STATUS and row.transcript and row.transcript.get("warnings"):
            return "\n".join(say(w) for w in row.transcript["warnings"])
        return None


def format_duration(seconds: float | None) -> str:
    """Seconds as m:ss or h:mm:ss; "" when unknown."""
    if seconds is None:
        return ""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
