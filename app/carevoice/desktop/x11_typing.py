"""Typing into another X11 application: XTest key events, or the clipboard and Ctrl+V.

Key events go through the XTEST extension (python-xlib). A character the keyboard map
has no key for (Chinese, most symbols) is typed by remapping a spare keycode to its
keysym for the moment of the key press, as xdotool does. On the clipboard route
Care Voice owns the clipboard with the text until the target, sent Ctrl+V, has taken it;
then the text that was on the clipboard before is put back, served by `xclip` from a
process of its own so it outlives a `care-voice dictate --type` (text only: an image on
the clipboard is not restored).
"""

from __future__ import annotations

import logging
import select
import shutil
import subprocess
import time

from Xlib import XK, X, Xatom, display, error
from Xlib.ext import xtest
from Xlib.protocol import event as xevent

from carevoice.desktop.typing import TargetGone, TypingError, Window
from carevoice.phrases import Phrase

log = logging.getLogger(__name__)

# After the keyboard map changes, the target must read the new map before the key comes.
_REMAP_SETTLE_S = 0.1
_PASTE_WAIT_S = 3.0  # the target asks for the clipboard within this time of Ctrl+V


def keysym_of(ch: str) -> int:
    """The X keysym for a character (Latin-1 keysyms are their code points)."""
    if ch == "\n":
        return XK.XK_Return
    if ch == "\t":
        return XK.XK_Tab
    if ch == "\b":
        return XK.XK_BackSpace
    code = ord(ch)
    if 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xFF:
        return code
    return 0x01000000 | code


class X11Typist:
    """Types into X11 windows of other processes; never into `own_pid`'s."""

    def __init__(self, own_pid: int, display_name: str | None = None):
        try:
            self.display = display.Display(display_name)
        except (error.DisplayError, error.ConnectionClosedError, OSError) as exc:
            raise TypingError(
                Phrase("Care Voice cannot reach the X display ({reason}).", reason=str(exc))
            ) from None
        if not self.display.has_extension("XTEST"):
            raise TypingError(
                Phrase("The X server has no XTEST extension, so nothing can be typed.")
            )
        self.root = self.display.screen().root
        self.own_pid = own_pid
        self._pid_atom = self.display.intern_atom("_NET_WM_PID")
        self._name_atom = self.display.intern_atom("_NET_WM_NAME")
        self._utf8 = self.display.intern_atom("UTF8_STRING")

    # --- which window ----------------------------------------------------------------

    def focused_window(self) -> Window | None:
        """The top-level window with the keyboard focus, or None (no focus, the root)."""
        focus = self.display.get_input_focus().focus
        if isinstance(focus, int) or focus == self.root:
            return None
        try:
            top = self._toplevel(focus)
        except error.BadWindow:
            return None
        return self._describe(top.id)

    def _toplevel(self, window):
        while True:
            tree = window.query_tree()
            if tree.parent == self.root or tree.parent == 0:
                return window
            window = tree.parent

    def _describe(self, window_id: int) -> Window:
        window = self.display.create_resource_object("window", window_id)
        pid = None
        prop = window.get_full_property(self._pid_atom, X.AnyPropertyType)
        if prop is not None and len(prop.value):
            pid = int(prop.value[0])
        title = ""
        name = window.get_full_property(self._name_atom, self._utf8)
        if name is not None:
            value = name.value
            title = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        else:
            title = str(window.get_wm_name() or "")
        return Window(window_id, title, pid)

    def _alive(self, window_id: int) -> bool:
        try:
            self.display.create_resource_object("window", window_id).get_geometry()
            return True
        except error.BadDrawable:  # BadWindow is a BadDrawable
            return False

    # --- typing ----------------------------------------------------------------------

    def type_into(self, window: Window, text: str, route: str = "auto") -> str:
        if not self._alive(window.id):
            raise TargetGone(
                Phrase(
                    'The window "{title}" closed before the text could be typed; the text '
                    "stays in Care Voice.",
                    title=window.title or str(window.id),
                )
            )
        if window.pid == self.own_pid:
            raise TypingError(Phrase("Care Voice does not type into its own window."))
        if route == "auto":
            route = "keys" if all(self._keycode(keysym_of(c))[0] for c in text) else "clipboard"
        self._focus(window)
        if route == "keys":
            self._type_keys(text)
        elif route == "clipboard":
            erase = len(text) - len(text.lstrip("\b"))  # Backspace is a key, not text
            if erase:
                self._type_keys(text[:erase])
            if text[erase:]:
                self._paste(text[erase:])
        else:
            raise ValueError(f"unknown typing route {route!r}")
        return route

    def _focus(self, window: Window) -> None:
        focused = self.focused_window()
        if focused is not None and focused.id == window.id:
            return
        target = self.display.create_resource_object("window", window.id)
        target.set_input_focus(X.RevertToParent, X.CurrentTime)
        self.display.sync()

    def _keycode(self, keysym: int) -> tuple[int, int]:
        """(keycode, shift level 0/1) of a keysym in the current map; (0, 0) if none."""
        keycode = self.display.keysym_to_keycode(keysym)
        if not keycode:
            return 0, 0
        for level in (0, 1):
            if self.display.keycode_to_keysym(keycode, level) == keysym:
                return keycode, level
        return 0, 0

    def _spare_keycodes(self) -> list[int]:
        first = self.display.display.info.min_keycode
        count = self.display.display.info.max_keycode - first + 1
        mapping = self.display.get_keyboard_mapping(first, count)
        # High keycodes first: the usual spares, away from the keys people press.
        spare = [first + i for i in range(count - 1, -1, -1) if not any(mapping[i])]
        if not spare:
            raise TypingError(Phrase("The keyboard map has no spare key to type this text with."))
        return spare

    def _tap(self, keycode: int, shift: bool) -> None:
        shift_code = self.display.keysym_to_keycode(XK.XK_Shift_L)
        if shift:
            xtest.fake_input(self.display, X.KeyPress, shift_code)
        xtest.fake_input(self.display, X.KeyPress, keycode)
        xtest.fake_input(self.display, X.KeyRelease, keycode)
        if shift:
            xtest.fake_input(self.display, X.KeyRelease, shift_code)
        self.display.sync()

    def _type_keys(self, text: str) -> None:
        """Type `text` as key events. Characters without a key are given spare keycodes,
        as many at once as there are spares, so the target reads the changed map once
        per batch (one remap per character lost whole words when the target was slow to
        read each change)."""
        missing = list(dict.fromkeys(c for c in text if not self._keycode(keysym_of(c))[0]))
        if not missing:
            self._type_known(text, {})
            return
        spares = self._spare_keycodes()
        position = 0
        while position < len(text):
            # The longest stretch of text whose missing characters fit on the spares.
            batch: dict[str, int] = {}
            end = position
            while end < len(text):
                ch = text[end]
                if ch in missing and ch not in batch:
                    if len(batch) == len(spares):
                        break
                    batch[ch] = spares[len(batch)]
                end += 1
            self._remap(batch)
            try:
                self._type_known(text[position:end], batch)
            finally:
                self._remap(batch, clear=True)
            position = end

    def _remap(self, batch: dict[str, int], clear: bool = False) -> None:
        for ch, keycode in batch.items():
            keysym = X.NoSymbol if clear else keysym_of(ch)
            self.display.change_keyboard_mapping(keycode, [(keysym, keysym)])
        self.display.sync()
        if batch and not clear:
            time.sleep(_REMAP_SETTLE_S)  # no event tells when the target has read it

    def _type_known(self, text: str, remapped: dict[str, int]) -> None:
        for ch in text:
            if ch in remapped:
                self._tap(remapped[ch], shift=False)
                continue
            keycode, level = self._keycode(keysym_of(ch))
            self._tap(keycode, shift=level == 1)
        time.sleep(_REMAP_SETTLE_S if remapped else 0)  # read before the map changes back

    def _paste(self, text: str) -> None:
        if shutil.which("xclip") is None:
            raise TypingError(Phrase("Pasting needs xclip (apt-get install xclip)."))
        old = _read_clipboard()
        server = ClipboardServer(text)
        try:
            control = self.display.keysym_to_keycode(XK.XK_Control_L)
            v = self.display.keysym_to_keycode(XK.XK_v)
            xtest.fake_input(self.display, X.KeyPress, control)
            xtest.fake_input(self.display, X.KeyPress, v)
            xtest.fake_input(self.display, X.KeyRelease, v)
            xtest.fake_input(self.display, X.KeyRelease, control)
            self.display.sync()
            if not server.serve_until_taken(_PASTE_WAIT_S):
                log.warning("the target did not take the pasted text in %.0f s", _PASTE_WAIT_S)
        finally:
            server.close()
            if old is not None:
                _write_clipboard(old)


class ClipboardServer:
    """Owns the CLIPBOARD selection with `text` and answers the requests for it."""

    def __init__(self, text: str):
        self.data = text.encode("utf-8")
        self.display = display.Display()
        d = self.display
        self.clipboard = d.intern_atom("CLIPBOARD")
        self.targets = d.intern_atom("TARGETS")
        self.text_targets = {
            d.intern_atom(name)
            for name in ("UTF8_STRING", "STRING", "TEXT", "text/plain;charset=utf-8")
        }
        self.window = d.screen().root.create_window(0, 0, 1, 1, 0, X.CopyFromParent)
        self.window.set_selection_owner(self.clipboard, X.CurrentTime)
        d.sync()
        if d.get_selection_owner(self.clipboard) != self.window:
            raise TypingError(Phrase("The text could not be put on the clipboard."))

    def serve_until_taken(self, timeout_s: float, grace_s: float = 0.3) -> bool:
        """Answer requests until the text was taken (and `grace_s` more, for a second
        ask), or `timeout_s`; whether it was taken."""
        deadline = time.monotonic() + timeout_s
        taken_at: float | None = None
        while True:
            now = time.monotonic()
            if taken_at is not None and now - taken_at >= grace_s:
                return True
            if now >= deadline:
                return taken_at is not None
            if not self.display.pending_events():
                limit = min(deadline, (taken_at or deadline) + grace_s) - now
                select.select([self.display.fileno()], [], [], max(0.0, limit))
                if not self.display.pending_events():
                    continue
            event = self.display.next_event()
            if event.type == X.SelectionRequest and self._answer(event):
                taken_at = taken_at or time.monotonic()

    def _answer(self, request) -> bool:
        """Answer one request; True when it took the text."""
        prop = request.property or request.target
        took = False
        if request.target == self.targets:
            atoms = [self.targets, *self.text_targets]
            request.requestor.change_property(prop, Xatom.ATOM, 32, atoms)
        elif request.target in self.text_targets:
            request.requestor.change_property(prop, request.target, 8, self.data)
            took = True
        else:
            prop = X.NONE
        notify = xevent.SelectionNotify(
            time=request.time, requestor=request.requestor, selection=request.selection,
            target=request.target, property=prop,
        )  # fmt: skip
        request.requestor.send_event(notify)
        self.display.flush()
        return took

    def close(self) -> None:
        self.window.destroy()
        self.display.close()


def _read_clipboard() -> str | None:
    """The clipboard's text, or None when it holds none."""
    result = subprocess.run(
        ["xclip", "-o", "-selection", "clipboard", "-t", "UTF8_STRING"],
        capture_output=True, timeout=5,
    )  # fmt: skip
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def _write_clipboard(text: str) -> None:
    """Put `text` back on the clipboard; xclip serves it from the background."""
    subprocess.run(
        ["xclip", "-selection", "clipboard", "-i"],
        input=text.encode("utf-8"), timeout=5, check=False,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
