"""A real system tray for desktop tests: `trayer` (an XEmbed tray host) on a private Xvfb.

trayer owns the `_NET_SYSTEM_TRAY_S0` selection while it runs; that is what Qt's xcb
platform looks for (QSystemTrayIcon.isSystemTrayAvailable()) and where it docks its icon
window. Nothing registers org.kde.StatusNotifierWatcher on a session bus here, so Qt takes
the XEmbed route, not the StatusNotifierItem (D-Bus) one.
"""

from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager

import pytest

from tests.audio.pulse import wait_until

SELECTION = "_NET_SYSTEM_TRAY_S0"
# Top right, as wide as its icons, 32 px high; a dock window, not see-through.
TRAYER = ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
          "--height", "32", "--SetDockType", "true", "--transparent", "false"]  # fmt: skip


def selection_owner(display_name: str) -> int:
    """The window that owns the tray selection on `display_name` (0: none)."""
    from Xlib import display

    connection = display.Display(display_name)
    try:
        owner = connection.get_selection_owner(connection.intern_atom(SELECTION))
        return 0 if owner in (0, None) else owner.id
    finally:
        connection.close()


@contextmanager
def tray_host(display_name: str, timeout_s: float = 20.0):
    """Run trayer on `display_name` until the block ends; yields the selection owner."""
    if shutil.which("trayer") is None:
        pytest.skip("no tray host: trayer is missing (scripts/setup --dev)")
    host = subprocess.Popen(
        TRAYER,
        env={"DISPLAY": display_name, "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def owned() -> bool:
            if host.poll() is not None:
                raise AssertionError(f"trayer exited with {host.returncode}: {host.stderr.read()}")
            return selection_owner(display_name) != 0

        wait_until(owned, timeout_s, f"trayer to own {SELECTION}")
        yield selection_owner(display_name)
    finally:
        host.terminate()
        host.wait(5)
