"""The microphone kept ready for the dictation shortcut, so the first word is not lost.

While the shortcut (or `care-voice dictate --toggle`) may start a dictation at any
moment, an `ArmedMicrophone` keeps the microphone open with the last half second in
memory (never written anywhere); a dictation started then records from it, pre-roll
first. A setting turns this off (the microphone is then opened only when a dictation
starts, and the first ~50-250 ms said before it is open can be lost).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from carevoice.audio.devices import MicrophoneError
from carevoice.audio.preroll import ArmedMicrophone
from carevoice.ui.i18n import say

log = logging.getLogger(__name__)


class MicrophoneArming(QObject):
    """Arms and disarms the microphone as asked; never while a dictation records from it.

    Signals:
      armed_changed(bool): the microphone is (or is no longer) kept open
      said(str): why it could not be kept ready, in the interface language
    """

    armed_changed = Signal(bool)
    said = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.wanted = False
        self.device: int | str | None = None
        self._microphone: ArmedMicrophone | None = None
        self._lent = False  # a dictation records from it now

    @property
    def armed(self) -> bool:
        return self._microphone is not None and self._microphone.armed

    def want(self, wanted: bool, device: int | str | None = None) -> None:
        """Keep the microphone `device` ready (True) or closed (False); what cannot be
        done now (a dictation runs) is done when it ends."""
        self.wanted, self.device = wanted, device
        self._settle()

    def lend(self, device: int | str | None) -> ArmedMicrophone | None:
        """A dictation starts on `device`: the armed microphone to record from (moved
        there first if it was armed on another one), or None when it is not armed."""
        if self.device != device:
            self.want(self.wanted, device)  # moved: no pre-roll this time
        if not self.armed:
            return None
        self._lent = True
        return self._microphone

    def give_back(self) -> None:
        """The dictation that borrowed it ended (the recorder has taken its stream back)."""
        self._lent = False
        self._settle()

    def close(self) -> None:
        self.wanted = False
        self._lent = False
        self._settle()

    def _settle(self) -> None:
        if self._lent:
            return
        microphone = self._microphone
        if microphone is not None and (not self.wanted or microphone.wanted_device != self.device):
            self._microphone = None
            microphone.disarm()
            self.armed_changed.emit(False)
        if self.wanted and self._microphone is None:
            microphone = ArmedMicrophone(self.device)
            try:
                microphone.arm()
            except MicrophoneError as exc:
                log.info("the microphone could not be kept ready: %s", exc.message)
                self.said.emit(
                    self.tr("The microphone could not be kept ready for the shortcut: {why}")
                    .format(why=say(exc.message))
                )  # fmt: skip
                return
            self._microphone = microphone
            self.armed_changed.emit(True)
