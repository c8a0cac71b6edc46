"""Typing dictated text into another application: the interface every desktop's typist keeps.

A `Typist` remembers the window that had the keyboard focus when a dictation started
(`focused_window`), and later types into that window (`type_into`). Routes: key events
(XTest on X11; characters the keyboard map lacks, Chinese included, are typed through a
spare keycode remapped to their keysym) and the clipboard (the text is put on it, the
target gets Ctrl+V, the old clipboard content is put back). "auto" types keys for text
the keyboard map has and pastes the rest, which some applications do not take as keys.
Which typist runs on this desktop: `desktop.typists.make_typist`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from carevoice.phrases import Phrase

ROUTES = ("auto", "keys", "clipboard")


class TypingError(RuntimeError):
    """The text could not be typed; `message` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TargetGone(TypingError):
    """The window to type into closed: the text stays in Care Voice."""


class TypingUnavailable(TypingError):
    """This desktop offers no way to type into other applications (yet)."""


@dataclass(frozen=True)
class Window:
    """A top-level window of another application."""

    id: int
    title: str
    pid: int | None


class Typist(Protocol):
    def focused_window(self) -> Window | None: ...

    def type_into(self, window: Window, text: str, route: str = "auto") -> str:
        """Type `text` into `window`; returns the route used. Raises TargetGone when the
        window is gone, TypingError when it is Care Voice's own."""
        ...


def xwayland_limits(env: Mapping[str, str] | None = None) -> Phrase | None:
    """On a Wayland desktop that also runs XWayland (both WAYLAND_DISPLAY and DISPLAY):
    what typing and the shortcut cannot do there, for the user; None elsewhere. X11 key
    events and key grabs reach only XWayland windows: native Wayland applications get
    no typed text, and the shortcut works only while an XWayland window has the focus."""
    env = os.environ if env is None else env
    wayland = env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland"
    if not (wayland and env.get("DISPLAY")):
        return None
    return Phrase(
        "This is a Wayland desktop: Care Voice can type only into applications that run "
        "through XWayland, and the shortcut works only while one of them has the focus. "
        "Typing into other applications needs X11 or XWayland; for the rest, bind "
        '"care-voice dictate --toggle" to a desktop shortcut and copy the text from Care Voice.'
    )
