"""Care Voice outside its window: a tray icon and a small floating indicator that show
whether a dictation is idle, listening or transcribing, with the microphone level, and
whether the microphone is kept ready (armed) for the shortcut."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSystemTrayIcon, QWidget

from carevoice.ui.dictate.controls import IDLE, STOPPING
from carevoice.ui.dictate.level_meter import LevelMeter

if TYPE_CHECKING:
    from carevoice.ui.main_window import MainWindow

ARMED = "armed"
LISTENING = "listening"
TRANSCRIBING = "transcribing"
COLORS = {IDLE: "#9e9e9e", ARMED: "#1e88e5", LISTENING: "#e53935", TRANSCRIBING: "#fb8c00"}


def shown_state(recording_state: str, armed: bool = False) -> str:
    """What the indicator shows for a recording state: idle, armed (not dictating, the
    microphone kept ready), listening or transcribing."""
    if recording_state == IDLE:
        return ARMED if armed else IDLE
    return TRANSCRIBING if recording_state == STOPPING else LISTENING


def state_icon(state: str) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(COLORS[state]))
    painter.drawEllipse(4, 4, 24, 24)
    painter.end()
    return QIcon(pixmap)


def tray_can_appear() -> bool:
    """Whether a tray icon made now can be seen, now or later: where a tray runs, and
    on X11 always, since Qt docks the icon when a tray host appears (at login Care Voice
    may start before the panel, and a panel may restart). Elsewhere (offscreen, say) Qt
    has nothing to watch and warns."""
    return QSystemTrayIcon.isSystemTrayAvailable() or QGuiApplication.platformName() == "xcb"


class FloatingIndicator(QWidget):
    """A small frameless always-on-top window: the state in words and the level meter.
    Double-click (or its menu) shows Care Voice's window."""

    show_window_requested = Signal()

    def __init__(self, menu: QMenu):
        flags = (
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        super().__init__(None, flags)
        self.setObjectName("dictationIndicator")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.menu = menu
        self.dot = QLabel()
        self.label = QLabel()
        self.label.setObjectName("indicatorState")
        self.meter = LevelMeter()
        self.meter.setFixedWidth(120)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.dot)
        layout.addWidget(self.label)
        layout.addWidget(self.meter)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(lambda pos: menu.popup(self.mapToGlobal(pos)))

    def show_state(self, state: str, text: str) -> None:
        self.dot.setPixmap(state_icon(state).pixmap(14, 14))
        self.label.setText(text)
        if state != LISTENING:
            self.meter.reset()
        self.adjustSize()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.show_window_requested.emit()


class DesktopPresence(QObject):
    """The tray icon (where the desktop has a tray) and the floating indicator, both
    following the Dictate place's recording. The floating indicator shows while dictating
    with the window minimised or hidden, and whenever the window is hidden where there is
    no tray (so Care Voice can always be reached). Its menu and the tray's: Start/stop
    dictation, Show window, Quit."""

    def __init__(self, window: MainWindow, parent: QObject | None = None):
        super().__init__(parent)
        self.window_ = window
        self.state = IDLE
        self.in_tray = False  # the window was closed into the tray (hidden, still running)
        recording = window.dictate_place.recording
        self.menu = QMenu()
        self.toggle_action = QAction(self.tr("Start dictation"), self.menu)
        self.toggle_action.triggered.connect(lambda: window.remote.requested.emit("toggle", []))
        show = QAction(self.tr("Show window"), self.menu)
        show.triggered.connect(self.show_window)
        quit_action = QAction(self.tr("Quit"), self.menu)
        quit_action.triggered.connect(self.quit)
        self.menu.addActions([self.toggle_action, show, quit_action])
        self.indicator = FloatingIndicator(self.menu)
        self.indicator.show_window_requested.connect(self.show_window)
        recording.meter.levels_shown.connect(self.indicator.meter.show_levels)
        self.tray: QSystemTrayIcon | None = None
        self._tray_was_shown = False  # what update_visibility last went by
        if tray_can_appear():
            self.tray = QSystemTrayIcon(state_icon(IDLE), self)
            self.tray.setContextMenu(self.menu)
            self.tray.activated.connect(self._on_tray_activated)
            self.tray.show()
            # Qt re-docks the icon when a tray host comes or goes but says nothing of it:
            # look once a second, so that the window closed into a tray that then went
            # (the panel crashed) can still be reached from the floating indicator.
            self._tray_watch = QTimer(self, interval=1000)
            self._tray_watch.timeout.connect(self._check_tray)
            self._tray_watch.start()
        recording.state_changed.connect(self._on_recording_state)
        recording.arming.armed_changed.connect(lambda _armed: self._on_recording_state())
        self._on_recording_state(recording.state)

    def texts(self) -> dict[str, str]:
        return {
            IDLE: self.tr("Care Voice: not dictating"),
            ARMED: self.tr("Care Voice: not dictating; the microphone is kept ready"),
            LISTENING: self.tr("Listening…"),
            TRANSCRIBING: self.tr("Transcribing…"),
        }

    def _on_recording_state(self, recording_state: str | None = None) -> None:
        recording = self.window_.dictate_place.recording
        self.state = shown_state(recording_state or recording.state, recording.arming.armed)
        text = self.texts()[self.state]
        self.indicator.show_state(self.state, text)
        if self.tray is not None:
            self.tray.setIcon(state_icon(self.state))
            self.tray.setToolTip(text)
        self.toggle_action.setText(
            self.tr("Start dictation") if self.state in (IDLE, ARMED) else self.tr("Stop dictation")
        )
        self.update_visibility()

    def window_out_of_sight(self) -> bool:
        return not self.window_.isVisible() or self.window_.isMinimized()

    def update_visibility(self) -> None:
        """Show the floating indicator when it is the only sign of Care Voice that helps."""
        out_of_sight = self.window_out_of_sight()
        dictating = self.state not in (IDLE, ARMED)
        self._tray_was_shown = self.tray_shown()
        wanted = out_of_sight and (dictating or (self.in_tray and not self._tray_was_shown))
        if wanted and not self.indicator.isVisible():
            self.place_indicator()
            self.indicator.show()
        elif not wanted and self.indicator.isVisible():
            self.indicator.hide()

    def tray_shown(self) -> bool:
        """The tray icon is on the desktop now (a tray host runs)."""
        return self.tray is not None and QSystemTrayIcon.isSystemTrayAvailable()

    def _check_tray(self) -> None:
        if self.tray_shown() != self._tray_was_shown:
            self.update_visibility()

    def place_indicator(self) -> None:
        screen = self.window_.screen().availableGeometry()
        self.indicator.adjustSize()
        self.indicator.move(screen.right() - self.indicator.width() - 16, screen.top() + 16)

    def _on_tray_activated(self, reason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_window()

    def show_window(self) -> None:
        self.in_tray = False
        self.window_.showNormal()
        self.window_.raise_()
        self.window_.activateWindow()
        self.update_visibility()

    def hide_to_tray(self) -> None:
        """Closing with "keep in the tray": the window goes, Care Voice keeps running."""
        self.in_tray = True
        self.window_.hide()
        self.update_visibility()

    def quit(self) -> None:
        self.window_.quitting = True
        self.window_.close()

    def close(self) -> None:
        self.indicator.close()
        if self.tray is not None:
            self._tray_watch.stop()
            self.tray.hide()
