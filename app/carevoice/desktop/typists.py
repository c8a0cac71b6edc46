"""Which typist runs on this desktop: the X11 one, or a plain reason why there is none.

Kept apart from `desktop.typing` (the interface) so that a desktop's typist imports the
interface and this factory imports the typists, never the other way round.
"""

from __future__ import annotations

import os
import sys

from carevoice.desktop.typing import TypingUnavailable, Typist
from carevoice.phrases import Phrase


def make_typist(own_pid: int | None = None) -> Typist:
    """The typist for this desktop; raises TypingUnavailable with the reason where none
    is done. `own_pid`: the process whose windows are never typed into (default: this)."""
    own = os.getpid() if own_pid is None else own_pid
    if sys.platform == "win32":
        raise TypingUnavailable(
            Phrase("Typing into other applications is not done on Windows yet; copy the text.")
        )
    if sys.platform == "darwin":
        raise TypingUnavailable(
            Phrase("Typing into other applications is not done on macOS yet; copy the text.")
        )
    if not os.environ.get("DISPLAY"):
        if os.environ.get("WAYLAND_DISPLAY"):
            raise TypingUnavailable(
                Phrase(
                    "Typing into other applications needs X11 (or XWayland windows); "
                    "on this Wayland desktop, copy the text."
                )
            )
        raise TypingUnavailable(Phrase("There is no desktop to type into (DISPLAY is not set)."))
    # Imported here: python-xlib is only needed (and only loaded) where X11 is used.
    from carevoice.desktop.x11_typing import X11Typist

    return X11Typist(own_pid=own)
