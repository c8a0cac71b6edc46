"""A transcript's segments as a two-column Qt table (time, text) whose text can be edited."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QApplication, QStyle

from carevoice.audio.decode import format_position
from carevoice.engine.transcript import Segment

TIME, TEXT = 0, 1


def time_range(segment: Segment) -> str:
    """A segment's times as the view shows them: "0:01.2 – 0:04.8"."""
    return f"{format_position(segment.start_s)} – {format_position(segment.end_s)}"


def shown_text(segment: Segment) -> str:
    # Whisper starts most segments with a space; it means nothing to a reader.
    return segment.text.strip()


class TranscriptModel(QAbstractTableModel):
    """The segments as rows (time, text); editing the text replaces that Segment.

    Signals:
      edited(int): the text of this row changed
    """

    edited = Signal(int)

    def __init__(self, segments: list[Segment], playable: bool, parent: QObject | None = None):
        super().__init__(parent)
        self.segments = list(segments)
        self._playable = playable

    def set_segments(self, segments: list[Segment]) -> None:
        """Show these segments instead (a note's text was corrected elsewhere)."""
        self.beginResetModel()
        self.segments = list(segments)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent is not None and parent.isValid() else len(self.segments)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Time") if section == TIME else self.tr("Text")
        return None

    def flags(self, index):
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == TEXT else flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        segment = self.segments[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return time_range(segment) if index.column() == TIME else shown_text(segment)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        if index.column() == TIME and self._playable:
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Click to hear this segment")
            if role == Qt.ItemDataRole.DecorationRole:
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != TEXT or not index.isValid():
            return False
        row, text = index.row(), str(value).strip()
        if text == shown_text(self.segments[row]):
            return False
        # Word timings describe the words that were recognised, which are gone now.
        self.segments[row] = dataclasses.replace(self.segments[row], text=text, words=())
        self.dataChanged.emit(index, index)
        self.edited.emit(row)
        return True
