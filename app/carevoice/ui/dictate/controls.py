"""The Dictate place's recording controls: record and pause, the time recorded, the level."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from carevoice.ui.dictate.level_meter import LevelMeter

IDLE, STARTING, RECORDING, PAUSED, STOPPING = (
    "idle", "starting", "recording", "paused", "stopping"
)  # fmt: skip


def clock(seconds: float) -> str:
    """Elapsed time as the place shows it: 0:07, 12:34, 1:02:03."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def scaled_font(font: QFont, factor: float, bold: bool = False) -> QFont:
    # A font set in pixels reports pointSizeF() -1: scale whichever it has.
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


class RecordControls(QWidget):
    """A row of the big record / stop button, pause, the time recorded and the level meter.

    It shows the dictation's state (IDLE ... STOPPING); the place decides when recording
    may start and connects the buttons' `clicked`.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.record_button = QPushButton(objectName="recordButton")
        self.record_button.setMinimumHeight(56)
        self.record_button.setMinimumWidth(200)
        self.record_button.setFont(scaled_font(self.record_button.font(), 1.4, bold=True))
        self.record_button.setToolTip(
            self.tr("Start or stop recording (F9, anywhere in the window)")
        )
        self.pause_button = QPushButton(objectName="pauseButton")
        self.pause_button.setMinimumHeight(56)
        self.elapsed_label = QLabel(clock(0), objectName="elapsed")
        self.elapsed_label.setFont(scaled_font(self.elapsed_label.font(), 1.6))
        self.elapsed_label.setAccessibleName(self.tr("Time recorded"))
        self.meter = LevelMeter()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)  # lies in the place's layout as if it were one
        row.addWidget(self.record_button)
        row.addWidget(self.pause_button)
        row.addSpacing(12)
        row.addWidget(self.elapsed_label)
        row.addSpacing(12)
        row.addWidget(self.meter, 1)

    def show_state(self, state: str, record_enabled: bool) -> None:
        """The buttons' words for `state`; whether Record / Stop may be pressed now."""
        if state == STOPPING:
            self.record_button.setText(self.tr("Finishing…"))
        elif state != IDLE:
            self.record_button.setText(self.tr("Stop (F9)"))
        else:
            self.record_button.setText(self.tr("Record (F9)"))
        self.record_button.setEnabled(record_enabled)
        self.pause_button.setText(self.tr("Resume") if state == PAUSED else self.tr("Pause"))
        self.pause_button.setEnabled(state in (RECORDING, PAUSED))

    def show_elapsed(self, seconds: float, state: str) -> None:
        text = clock(seconds)
        if state == PAUSED:
            text = self.tr("{time} (paused)").format(time=text)
        self.elapsed_label.setText(text)
