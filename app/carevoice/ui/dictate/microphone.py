"""Choosing the microphone, checking how it sounds, and saying plainly when there is none."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carevoice.audio.devices import NO_MICROPHONE, InputDevice, MicrophoneError, list_microphones
from carevoice.audio.playback import PlaybackError
from carevoice.ui.dictate.workers import MicrophoneCheckTask
from carevoice.ui.i18n import say

log = logging.getLogger(__name__)

CHECK_SECONDS = 3.0


class MicrophonePicker(QWidget):
    """The microphone list (the system's default chosen), a refresh button, the
    microphone check, and the plain message when no microphone can be used.

    PortAudio lists devices once; the list is read when first needed (not at start-up,
    which would load the sound library for nothing), and again on Refresh. Refreshing
    restarts PortAudio, so it is refused while anything records or plays.

    Signals:
      availability_changed(bool): whether a microphone can be recorded from now
      check_started(): the microphone check is listening
      check_finished(object): the check's result (the core's MicrophoneCheck), or None
        when it failed; the playback may still be going
      check_done(): the check and its playback are over
    """

    availability_changed = Signal(bool)
    check_started = Signal()
    check_finished = Signal(object)
    check_done = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.devices: list[InputDevice] = []
        self.problem = ""  # why no microphone can be used, for the user; "" when one can
        self.check_task: MicrophoneCheckTask | None = None
        self._verdict = ""  # what the latest check found, in words
        self._loaded = False
        self._busy = False  # a dictation is using the microphone

        self.combo = QComboBox(objectName="microphone")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(20)
        self.combo.setAccessibleName(self.tr("Microphone"))
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="refreshMicrophones")
        self.refresh_button.setToolTip(
            self.tr("Look for microphones again (one plugged in just now)")
        )
        self.refresh_button.clicked.connect(lambda: self.load_devices(refresh=True))
        self.check_button = QPushButton(
            self.tr("Check the microphone"), objectName="checkMicrophone"
        )
        self.check_button.setToolTip(
            self.tr("Record three seconds, hear how they sound, and play them back")
        )
        self.check_button.clicked.connect(self.start_check)
        self.message = QLabel(objectName="microphoneMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.check_label = QLabel(objectName="microphoneCheck", wordWrap=True)
        self.check_label.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Microphone:"))
        label.setBuddy(self.combo)
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        row.addWidget(self.refresh_button)
        row.addWidget(self.check_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.message)
        column.addWidget(self.check_label)

    # -- the device list ---------------------------------------------------------------
    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.load_devices()

    def load_devices(self, refresh: bool = False) -> list[InputDevice]:
        """List the microphones (PortAudio looks again when `refresh`), keeping the one
        chosen if it is still there, else the system's default."""
        if refresh and (self._busy or self.checking()):
            return self.devices
        self._loaded = True
        wanted = self.combo.currentText() if refresh else ""
        try:
            # By the names people know, the default first (carevoice.audio.devices).
            self.devices = list_microphones(refresh_first=refresh)
            self.problem = "" if self.devices else self.no_microphone_text()
        except MicrophoneError as exc:
            self.devices, self.problem = [], self.explain(exc)
        self.combo.clear()
        for device in self.devices:
            label = say(device.shown_name)
            if device.is_default:
                label = self.tr("{name} (system default)").format(name=label)
            self.combo.addItem(label, device.index)
            self.combo.setItemData(self.combo.count() - 1, device.name, Qt.ItemDataRole.ToolTipRole)
        chosen = self.combo.findText(wanted) if wanted else -1
        if chosen < 0:
            chosen = next((i for i, d in enumerate(self.devices) if d.is_default), 0)
        self.combo.setCurrentIndex(chosen if self.devices else -1)
        self.message.setText(self.problem)
        self.message.setVisible(bool(self.problem))
        self._update_buttons()
        self.availability_changed.emit(self.available())
        return self.devices

    @property
    def loaded(self) -> bool:
        """Whether the microphones were listed yet."""
        return self._loaded

    def available(self) -> bool:
        return bool(self.devices)

    def device(self) -> int | None:
        """The chosen microphone's PortAudio index (None: the system's default)."""
        index = self.combo.currentData()
        return index if isinstance(index, int) else None

    def set_busy(self, busy: bool) -> None:
        """A dictation is using the microphone: no switching, refreshing or checking."""
        self._busy = busy
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self._busy and not self.checking()
        self.combo.setEnabled(idle and self.available())
        self.refresh_button.setEnabled(idle)
        self.check_button.setEnabled(idle and self.available())

    # -- plain words ---------------------------------------------------------------------
    def no_microphone_text(self) -> str:
        return say(NO_MICROPHONE)

    def explain(self, error: BaseException) -> str:
        """A microphone or sound error in the interface language (the core's messages are
        phrases the translation knows, device names filled in)."""
        if isinstance(error, MicrophoneError):
            return say(error.message)
        if isinstance(error, PlaybackError):
            if error.kind == "no-device":
                return self.tr(
                    "The check could not be played back: no sound output device was found."
                )
            return say(error.message)
        return say(getattr(error, "message", None) or str(error))

    def verdict_text(self, check) -> str:
        texts = {
            "silent": self.tr(
                'Care Voice heard nothing from "{name}". Check that the microphone is '
                "switched on and not muted, or choose another one."
            ),
            "loud": self.tr(
                '"{name}" is too loud: the sound is clipped. Turn the input volume down or '
                "move the microphone further away."
            ),
            "quiet": self.tr(
                '"{name}" hears you only faintly. Move closer or turn the input volume up.'
            ),
            "ok": self.tr('"{name}" works: Care Voice hears you clearly.'),
        }
        text = texts.get(check.verdict)
        return text.format(name=check.device) if text else say(check.message)

    # -- the microphone check ------------------------------------------------------------
    def checking(self) -> bool:
        return self.check_task is not None

    def start_check(self) -> bool:
        """Listen for three seconds on a worker thread, say how it sounded, play it back."""
        self.ensure_loaded()
        if self._busy or self.checking() or not self.available():
            return False
        task = MicrophoneCheckTask(self.device(), CHECK_SECONDS, parent=self)
        task.checked.connect(self._on_checked, Qt.ConnectionType.QueuedConnection)
        task.failed.connect(self._on_check_failed, Qt.ConnectionType.QueuedConnection)
        task.finished.connect(self._on_check_done, Qt.ConnectionType.QueuedConnection)
        self.check_task = task
        self._verdict = ""
        self.check_label.setText(self.tr("Listening for three seconds: say something."))
        self.check_label.show()
        self._update_buttons()
        task.start()
        self.check_started.emit()
        return True

    def take_check_levels(self):
        return self.check_task.take_levels() if self.check_task is not None else []

    def _on_checked(self, check) -> None:
        self._verdict = self.verdict_text(check)
        self.check_label.setText(self._verdict + " " + self.tr("Playing it back…"))
        self.check_finished.emit(check)

    def _on_check_failed(self, error) -> None:
        if isinstance(error, PlaybackError):  # it was heard, but cannot be played back
            self._verdict = self._verdict + " " + self.explain(error)
        else:
            self._verdict = self.explain(error)
            self.check_finished.emit(None)
        self.check_label.setText(self._verdict)

    def _on_check_done(self) -> None:
        task, self.check_task = self.check_task, None
        if task is not None:
            task.shutdown()  # its thread is ending: this returns at once
            task.deleteLater()
        self.check_label.setText(self._verdict)
        self._update_buttons()
        self.check_done.emit()

    def shutdown(self) -> None:
        if self.check_task is not None:
            self.check_task.shutdown()
