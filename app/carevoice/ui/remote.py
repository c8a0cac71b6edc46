"""`care-voice dictate --toggle` reaching the open window, and the text typed where it goes.

The control socket (`carevoice.desktop.control`) answers on a thread of its own; the
request is passed to the GUI thread as a queued signal. "toggle type" remembers the
window that had the focus when the dictation started and, when it ends, types the text
(spoken commands carried out) into it on a short-lived thread; what happened is said in
the Dictate place.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from carevoice.desktop.control import ControlError, ControlServer
from carevoice.desktop.typing import TypingError, Typist, Window
from carevoice.desktop.typists import make_typist
from carevoice.engine.commands import dictated_text
from carevoice.ui.i18n import say

if TYPE_CHECKING:
    from carevoice.desktop.shortcuts import GlobalShortcut

log = logging.getLogger(__name__)


class RemoteControl(QObject):
    """Serves the control socket for one main window.

    Signals:
      requested(str, object): a request (command, its words), on the GUI thread
      typed(str): what typing the text into the other window came to, for the user
      delivered(object): the Path of a dictation whose text was typed where it went
      shortcut_said(object): what the shortcut's route says (a Phrase), from any thread
    """

    requested = Signal(str, object)
    typed = Signal(str)
    delivered = Signal(object)  # (Path): that dictation's text was typed where it went
    shortcut_said = Signal(object)  # object, not str: a Phrase stays one, to be translated

    def __init__(self, window, parent: QObject | None = None):
        super().__init__(parent)
        self.window_ = window
        self.server: ControlServer | None = None
        self.target: Window | None = None  # where this dictation's text goes
        self.commands = True
        self._state = "idle"  # read by the server thread for "status"
        self._typist: Typist | None = None
        self.shortcut: GlobalShortcut | None = None  # the global shortcut, while it is on
        self.shortcut_wanted = False  # start_shortcut was called: settings changes re-grab
        self.requested.connect(self._on_request, Qt.ConnectionType.QueuedConnection)
        # The portal answers on its thread: said on the GUI thread, in its language.
        self.shortcut_said.connect(self._say, Qt.ConnectionType.QueuedConnection)
        self.typed.connect(window.dictate_place.say, Qt.ConnectionType.QueuedConnection)
        self.delivered.connect(
            window.dictate_place.result.delivered, Qt.ConnectionType.QueuedConnection
        )
        recording = window.dictate_place.recording
        recording.state_changed.connect(self._note_state)
        recording.dictation_result.connect(self._on_result)

    def start(self) -> bool:
        """Listen; False (and logged) when another Care Voice already does."""
        self.server = ControlServer(self._on_request_thread)
        try:
            self.server.start()
        except (ControlError, OSError) as exc:
            log.info("not listening for --toggle: %s", getattr(exc, "message", exc))
            self.server = None
            return False
        return True

    def close(self) -> None:
        self.close_shortcut()
        self.window_.dictate_place.recording.arming.close()
        if self.server is not None:
            self.server.close()
            self.server = None

    def start_shortcut(self, keys: str, mode: str) -> bool:
        """Turn the global shortcut on (the route: desktop.shortcuts): in "toggle" mode a
        press starts or stops; in "hold" mode the dictation lasts while the keys are held.
        The route, or what went wrong (the keys are taken, no route, the desktop said no),
        is said in the Dictate place. True: a route is being set up; the key grab is on
        already, while the portal's answer may come later (the desktop may first ask the
        user), and is said when it does. False: there is no shortcut."""
        self.close_shortcut()
        self.shortcut_wanted = True
        self.update_arming()  # also where the grab fails: --toggle is the way there
        if mode not in ("toggle", "hold"):
            return False
        from carevoice.desktop.shortcuts import open_global_shortcut
        from carevoice.desktop.x11_shortcut import ShortcutError

        def press() -> None:
            self.requested.emit("press", [mode])

        def release() -> None:
            self.requested.emit("release", [mode])

        try:
            self.shortcut = open_global_shortcut(keys, press, release, self.shortcut_said.emit)
        except ShortcutError as exc:
            self.typed.emit(say(exc.message))
            return False
        return True

    def update_arming(self) -> None:
        """Keep the microphone ready (the pre-roll) while the shortcut is on and the
        settings allow it; closed otherwise."""
        settings = self.window_.settings
        place = self.window_.dictate_place
        wanted = (
            self.shortcut_wanted
            and settings.dictation_shortcut_mode != "off"
            and settings.dictation_preroll
        )
        if wanted:
            place.picker.ensure_loaded()  # the microphone chosen there, as a dictation takes it
        place.recording.arming.want(wanted, place.picker.device())

    def close_shortcut(self) -> None:
        shortcut, self.shortcut = self.shortcut, None
        if shortcut is not None:
            shortcut.close()

    def _say(self, text: str) -> None:
        self.typed.emit(say(text))

    def _note_state(self, state: str) -> None:
        self._state = state

    def _on_request_thread(self, command: str, words: list[str]) -> str:
        if command == "status":
            return self._state
        self.requested.emit(command, words)
        return "ok"

    def _on_request(self, command: str, words: list[str]) -> None:
        recording = self.window_.dictate_place.recording
        if command in ("press", "release"):  # the global shortcut: the text is typed
            hold = words == ["hold"]
            if command == "press" and (recording.state == "idle" or not hold):
                commands = self.window_.settings.spoken_commands
                self._on_request("toggle", ["type"] if commands else ["type", "no-commands"])
            elif command == "release" and hold and recording.state != "idle":
                self._on_request("stop", [])
            return
        starting = recording.state == "idle" and command in ("toggle", "start")
        stopping = recording.state != "idle" and command in ("toggle", "stop")
        if starting:
            self.target = self._focused_target() if "type" in words else None
            self.commands = "no-commands" not in words
            self.window_.toggle_dictation()
        elif stopping:
            self.window_.toggle_dictation()

    def _focused_target(self) -> Window | None:
        try:
            self._typist = self._typist or make_typist()
            target = self._typist.focused_window()
        except TypingError as exc:
            self.typed.emit(say(exc.message))
            return None
        if target is None:
            self.typed.emit(self.tr("No window had the keyboard focus; the text stays here."))
        return target

    def _on_result(self, result) -> None:
        target, self.target = self.target, None
        if target is None or result.transcript is None or not result.transcript.segments:
            return
        text = dictated_text(result.transcript, result.utterances, self.commands)
        typist = self._typist
        path = result.recording.path
        threading.Thread(
            target=self._type,
            args=(typist, target, text, path),
            name="carevoice-typing",
            daemon=True,
        ).start()

    def _type(self, typist, target: Window, text: str, path=None) -> None:
        try:
            typist.type_into(target, text)
        except TypingError as exc:
            self.typed.emit(say(exc.message))
            return
        if path is not None:  # the text is in the other window: closing need not ask
            self.delivered.emit(path)
        self.typed.emit(self.tr('Typed into "{title}".').format(title=target.title or target.id))
