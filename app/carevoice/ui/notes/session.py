"""Who is signed in at this window, and signing them out after an idle time.

In single-user mode (no staff records) nobody signs in and `staff` is None: the store
treats None as the single user. Otherwise the window asks with SignInDialog at start
and again after `idle_minutes` without a key press or click (0: never).

Signals:
  changed(): someone signed in or out
  sign_in_needed(): nobody is signed in now (after the idle time, or "Switch")
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from carevoice.notes.staff import Staff

IDLE_MINUTES = 15


class StaffSession(QObject):
    changed = Signal()
    sign_in_needed = Signal()

    def __init__(self, idle_minutes: float = IDLE_MINUTES, parent: QObject | None = None):
        super().__init__(parent)
        self.staff: Staff | None = None
        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._on_idle)
        self.set_idle_minutes(idle_minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_idle_minutes(self, minutes: float) -> None:
        """The idle time from now on (a fraction of a minute works too); 0: never."""
        self._idle.setInterval(round(max(0.0, minutes) * 60_000))
        if self._idle.interval() == 0:
            self._idle.stop()
        self._restart()

    def sign_in(self, staff: Staff) -> None:
        self.staff = staff
        self._restart()
        self.changed.emit()

    def sign_out(self) -> None:
        if self.staff is None:
            return
        self.staff = None
        self._idle.stop()
        self.changed.emit()
        self.sign_in_needed.emit()

    def _restart(self) -> None:
        if self.staff is not None and self._idle.interval() > 0:
            self._idle.start()

    def _on_idle(self) -> None:
        self.sign_out()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self._restart()
        return False
