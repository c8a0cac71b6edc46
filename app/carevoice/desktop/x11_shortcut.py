"""A global shortcut on X11: a key combination grabbed on the root window (XGrabKey).

The grab works whichever application has the focus, and while Care Voice is minimised.
Press and release are both reported, so the caller can offer hold-to-talk as well as
toggle; X's key auto-repeat (a release and a press with the same timestamp while the key
is held) is recognised and not reported. A combination another application has grabbed
already is refused with `ShortcutTaken`.
"""

from __future__ import annotations

import logging
import select
import threading
from collections.abc import Callable

from Xlib import XK, X, display, error

from carevoice.phrases import Phrase

log = logging.getLogger(__name__)

DEFAULT_KEYS = "Ctrl+Alt+Space"  # no common application or desktop uses it
_MODIFIERS = {
    "ctrl": X.ControlMask,
    "control": X.ControlMask,
    "alt": X.Mod1Mask,
    "shift": X.ShiftMask,
    "super": X.Mod4Mask,
    "meta": X.Mod4Mask,
}
# Caps Lock and Num Lock change the modifier state: grab with each of them too.
_LOCKS = (0, X.LockMask, X.Mod2Mask, X.LockMask | X.Mod2Mask)


class ShortcutError(RuntimeError):
    """The shortcut cannot be used; `message` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ShortcutTaken(ShortcutError):
    """Another application has grabbed this combination."""


def parse_keys(keys: str) -> tuple[int, int]:
    """ "Ctrl+Alt+Space" -> (modifier mask, keysym). Raises ShortcutError."""
    parts = [p.strip() for p in keys.split("+") if p.strip()]
    if not parts:
        raise ShortcutError(Phrase("Choose a key for the shortcut."))
    mask = 0
    for name in parts[:-1]:
        if name.lower() not in _MODIFIERS:
            raise ShortcutError(Phrase('"{name}" is not a modifier key.', name=name))
        mask |= _MODIFIERS[name.lower()]
    key = parts[-1]
    keysym = XK.string_to_keysym(key) or XK.string_to_keysym(key.lower())
    if not keysym and len(key) == 1:
        keysym = XK.string_to_keysym(key.lower())
    if not keysym:
        raise ShortcutError(Phrase('"{key}" is not a key Care Voice knows.', key=key))
    if not mask and not (XK.XK_F1 <= keysym <= XK.XK_F35 or keysym == XK.XK_Pause):
        # A plain letter or Space grabbed everywhere would stop everyone typing it.
        raise ShortcutError(
            Phrase("A shortcut needs Ctrl, Alt, Shift or Super, unless it is a function key.")
        )
    return mask, keysym


class X11Shortcut:
    """Grabs `keys` on the root window and calls on_press()/on_release() on its thread."""

    def __init__(
        self,
        keys: str,
        on_press: Callable[[], None],
        on_release: Callable[[], None] | None = None,
        display_name: str | None = None,
    ):
        self.keys = keys
        self.mask, self.keysym = parse_keys(keys)
        self.on_press = on_press
        self.on_release = on_release
        self.display_name = display_name
        self._display: display.Display | None = None
        self._keycode = 0
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._down = False

    def start(self) -> None:
        """Grab the keys; raises ShortcutTaken or ShortcutError."""
        try:
            d = display.Display(self.display_name)
        except (error.DisplayError, error.ConnectionClosedError, OSError) as exc:
            raise ShortcutError(
                Phrase("Care Voice cannot reach the X display ({reason}).", reason=str(exc))
            ) from None
        keycode = d.keysym_to_keycode(self.keysym)
        if not keycode:
            d.close()
            raise ShortcutError(
                Phrase("The keyboard has no {keys} key.", keys=self.keys)
            )  # fmt: skip
        root = d.screen().root
        catcher = error.CatchError(error.BadAccess)
        for lock in _LOCKS:
            root.grab_key(
                keycode, self.mask | lock, False, X.GrabModeAsync, X.GrabModeAsync,
                onerror=catcher,
            )  # fmt: skip
        d.sync()
        if catcher.get_error():
            for lock in _LOCKS:
                root.ungrab_key(keycode, self.mask | lock)
            d.close()
            raise ShortcutTaken(
                Phrase(
                    "{keys} is already used by another application; choose another shortcut.",
                    keys=self.keys,
                )
            )
        self._display, self._keycode = d, keycode
        self._thread = threading.Thread(target=self._listen, name="carevoice-shortcut", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
        d, self._display = self._display, None
        if d is not None:
            root = d.screen().root
            for lock in _LOCKS:
                root.ungrab_key(self._keycode, self.mask | lock)
            d.sync()
            d.close()

    def _listen(self) -> None:
        d = self._display
        assert d is not None, "start() opens the display before the thread runs"
        pushed_back = None  # an event read ahead while looking for auto-repeat
        while not self._stop.is_set():
            if pushed_back is not None:
                event, pushed_back = pushed_back, None
            else:
                event = self._next_event(d, 0.2)
                if event is None:
                    continue
            if event.type == X.KeyPress and event.detail == self._keycode:
                if not self._down:
                    self._down = True
                    self._call(self.on_press)
            elif event.type == X.KeyRelease and event.detail == self._keycode:
                # A held key repeats as a release and a press with one timestamp.
                following = self._next_event(d, 0.03)
                if (
                    following is not None
                    and following.type == X.KeyPress
                    and following.detail == event.detail
                    and following.time == event.time
                ):
                    continue
                pushed_back = following
                self._down = False
                if self.on_release is not None:
                    self._call(self.on_release)

    @staticmethod
    def _next_event(d, timeout_s: float):
        if not d.pending_events():
            select.select([d.fileno()], [], [], timeout_s)
            if not d.pending_events():
                return None
        return d.next_event()

    def _call(self, callback: Callable[[], None]) -> None:
        try:
            callback()
        except Exception:
            log.exception("the shortcut's listener failed")
