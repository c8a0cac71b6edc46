"""After a crash: the banner offering to recover an interrupted recording, or to put it aside."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from carevoice.audio.wavfile import UnfinishedRecording
from carevoice.ui.dates import format_moment

log = logging.getLogger(__name__)

DISCARDED_FOLDER = "discarded"


def discard_recording(recording: UnfinishedRecording) -> Path:
    """Move an unfinished recording (and its marker) into the `discarded` folder beside it.

    Never deletes: a recording is health data the user may still want, and a wrong click
    must be undoable by moving the file back. Returns the WAV's new path.
    """
    folder = recording.path.parent / DISCARDED_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / recording.path.name
    counter = 2
    while target.exists():
        target = folder / f"{recording.path.stem}-{counter}{recording.path.suffix}"
        counter += 1
    marker = recording.marker
    recording.path.rename(target)
    if marker.exists():
        marker.rename(target.with_name(target.name + marker.name[len(recording.path.name) :]))
    return target


class RecoveryBanner(QFrame):
    """ "A recording was interrupted (N s, date). Recover and transcribe?", one recording
    at a time, with Recover and Discard.

    Signals:
      recover_requested(object): the UnfinishedRecording to repair and transcribe
      discarded(str): the recording was moved aside, to this path
      failed(str): what went wrong, in plain words
    """

    recover_requested = Signal(object)
    discarded = Signal(str)
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("recoveryBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#recoveryBanner { background: #fff8e1; }")
        self.waiting: list[UnfinishedRecording] = []
        self.label = QLabel(wordWrap=True, objectName="recoveryText")
        self.label.setStyleSheet("color: #3e2723;")
        self.recover_button = QPushButton(self.tr("Recover"), objectName="recoverRecording")
        self.recover_button.setToolTip(self.tr("Save what was recorded and transcribe it"))
        self.recover_button.clicked.connect(self.recover)
        self.discard_button = QPushButton(self.tr("Discard"), objectName="discardRecording")
        self.discard_button.setToolTip(
            self.tr("Move the recording to the 'discarded' folder; nothing is deleted")
        )
        self.discard_button.clicked.connect(self.discard)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.recover_button)
        layout.addWidget(self.discard_button)
        self.hide()

    def offer(self, recordings: list[UnfinishedRecording]) -> None:
        """Offer these recordings, oldest first (replaces what was offered before)."""
        self.waiting = list(recordings)
        self._show_first()

    def current(self) -> UnfinishedRecording | None:
        return self.waiting[0] if self.waiting else None

    def recover(self) -> None:
        recording = self.current()
        if recording is None:
            return
        self.waiting.pop(0)
        self._show_first()
        self.recover_requested.emit(recording)

    def discard(self) -> None:
        recording = self.current()
        if recording is None:
            return
        try:
            moved = discard_recording(recording)
        except OSError as exc:
            log.warning("could not move %s aside: %s", recording.path, exc)
            self.failed.emit(
                self.tr(
                    "The recording could not be moved to the 'discarded' folder ({error})."
                ).format(error=exc.strerror or exc)
            )
            return
        self.waiting.pop(0)
        self._show_first()
        self.discarded.emit(str(moved))

    def _show_first(self) -> None:
        recording = self.current()
        if recording is None:
            self.hide()
            return
        if recording.unsaved:  # the window closed (or Care Voice died) before it was saved
            text = self.tr(
                "A dictation was not saved as a note ({duration}, {date}). Recover and transcribe?"
            )
        else:
            text = self.tr(
                "A recording was interrupted ({duration}, {date}). Recover and transcribe?"
            )
        self.label.setText(
            text.format(
                duration=self.duration_text(recording.on_disk_s), date=self.date_text(recording)
            )
        )
        self.show()

    def duration_text(self, seconds: float) -> str:
        seconds = round(seconds)
        if seconds < 60:
            return self.tr("{seconds} s").format(seconds=seconds)
        return self.tr("{minutes} min {seconds} s").format(
            minutes=seconds // 60, seconds=seconds % 60
        )

    def date_text(self, recording: UnfinishedRecording) -> str:
        started = QDateTime.fromString(recording.started, Qt.DateFormat.ISODate)
        if not started.isValid():  # an old or damaged marker: the file's own time
            started = QDateTime.fromSecsSinceEpoch(int(recording.path.stat().st_mtime))
        return format_moment(started)
