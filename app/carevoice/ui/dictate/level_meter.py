"""A microphone level meter: how loud the latest audio was, with the peak marked."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from carevoice.audio.levels import SILENCE_DBFS, Level

FLOOR_DBFS = -60.0  # the meter's left edge: quieter than this reads as nothing
# Speech from a well-set microphone sits between these; louder risks clipping.
GOOD_FROM_DBFS = -40.0
LOUD_FROM_DBFS = -6.0
QUIET_COLOR = QColor("#9e9e9e")
GOOD_COLOR = QColor("#43a047")
LOUD_COLOR = QColor("#e53935")


class LevelMeter(QWidget):
    """A horizontal bar from FLOOR_DBFS to 0 dBFS: the loudness (RMS) filled, the peak
    as a tick. Fed by the Dictate place's timer with the levels read since the last tick;
    levels_shown(list) passes them on (the floating indicator's meter follows this one).
    """

    levels_shown = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rms_dbfs = SILENCE_DBFS
        self.peak_dbfs = SILENCE_DBFS
        self.loudest_dbfs = SILENCE_DBFS  # since reset(): did the meter ever move?
        self.blocks_seen = 0  # levels shown since reset()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Microphone level"))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(240, 14)

    def reset(self) -> None:
        self.rms_dbfs = self.peak_dbfs = self.loudest_dbfs = SILENCE_DBFS
        self.blocks_seen = 0
        self.update()

    def show_levels(self, levels: list[Level]) -> None:
        """The loudest of the blocks since the last call, so a short sound is not missed."""
        if not levels:
            return
        self.rms_dbfs = max(level.rms_dbfs for level in levels)
        self.peak_dbfs = max(level.peak_dbfs for level in levels)
        self.loudest_dbfs = max(self.loudest_dbfs, self.rms_dbfs)
        self.blocks_seen += len(levels)
        self.setAccessibleDescription(f"{self.rms_dbfs:.0f} dBFS")
        self.update()
        self.levels_shown.emit(levels)

    @staticmethod
    def fraction(dbfs: float) -> float:
        """Where `dbfs` lies on the meter, 0..1."""
        return min(1.0, max(0.0, (dbfs - FLOOR_DBFS) / -FLOOR_DBFS))

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(area, 3, 3)
        if self.rms_dbfs < GOOD_FROM_DBFS:
            color = QUIET_COLOR
        elif self.peak_dbfs >= LOUD_FROM_DBFS:
            color = LOUD_COLOR
        else:
            color = GOOD_COLOR
        inner = area.adjusted(2, 2, -2, -2)
        filled = QRectF(inner)
        filled.setWidth(inner.width() * self.fraction(self.rms_dbfs))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRect(filled)
        if self.peak_dbfs > FLOOR_DBFS:
            x = inner.left() + inner.width() * self.fraction(self.peak_dbfs)
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            painter.drawLine(int(x), int(inner.top()), int(x), int(inner.bottom()))
