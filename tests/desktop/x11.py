"""A private X server (Xvfb) and a real second application to type into, for desktop tests.

The target is a small Tk text window in a process of its own: everything that arrives in
it (keys, pastes) is written to a file the test reads.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.audio.pulse import wait_until

TARGET_APP = Path(__file__).with_name("target_app.py")


def x11_missing() -> str:
    missing = [b for b in ("Xvfb", "xclip") if not shutil.which(b)]
    try:
        import tkinter  # noqa: F401

        import Xlib  # noqa: F401
    except ImportError as exc:
        missing.append(str(exc))
    return ", ".join(missing)


@contextmanager
def xvfb(screen: str = "1024x768x24"):
    """Start Xvfb on a free display; DISPLAY points at it for this process and children.

    `-noreset`: by default an X server resets when its last client leaves, and a client
    connecting during the reset is cut off ("connection reset by peer"): a test that
    closes one connection and opens the next failed so on a loaded machine."""
    missing = x11_missing()
    if missing:
        pytest.skip(f"no private X server: {missing} missing (scripts/setup --dev)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp", "-noreset", "-screen", "0",
         screen],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_fd)
    with os.fdopen(read_fd) as reader:
        number = reader.readline().strip()
    old = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = f":{number}"
    try:
        yield os.environ["DISPLAY"]
    finally:
        server.kill()
        server.wait(5)
        if old is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = old


class TargetApp:
    """The Tk text window: `text()` is what has arrived in it so far."""

    def __init__(self, folder: Path, title: str = "Care plan"):
        self.out = folder / "arrived.txt"
        self.ready = folder / "ready"
        self.process = subprocess.Popen(
            [sys.executable, str(TARGET_APP), str(self.out), str(self.ready), title]
        )
        wait_until(self.ready.exists, 20, "the target application to open")

    def text(self) -> str:
        try:
            return self.out.read_text("utf-8")
        except FileNotFoundError:
            return ""

    def wait_for(self, expected: str, timeout_s: float = 10.0) -> str:
        # On a timeout the caller's assertion shows what did arrive.
        with contextlib.suppress(TimeoutError):
            wait_until(lambda: self.text() == expected, timeout_s, f"{expected!r} to arrive")
        return self.text()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(5)


def set_clipboard(text: str) -> None:
    subprocess.run(["xclip", "-selection", "clipboard", "-i"], input=text.encode(), check=True)


def clipboard() -> str:
    result = subprocess.run(
        ["xclip", "-o", "-selection", "clipboard"], capture_output=True, timeout=5
    )
    return result.stdout.decode("utf-8")
