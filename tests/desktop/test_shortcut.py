"""The X11 global shortcut under a private Xvfb, pressed with xdotool as a person would."""

from __future__ import annotations

import shutil
import subprocess
import threading

import pytest

from carevoice.desktop.x11_shortcut import (
    ShortcutError,
    ShortcutTaken,
    X11Shortcut,
    parse_keys,
)
from tests.desktop.x11 import TargetApp, xvfb


@pytest.fixture(scope="module")
def display():
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is missing (scripts/setup --dev)")
    with xvfb() as name:
        yield name


def xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=10)


def test_press_and_release_arrive_while_another_application_has_the_focus(display, tmp_path):
    target = TargetApp(tmp_path)  # the care-plan system has the focus
    pressed, released = threading.Event(), threading.Event()
    presses = []
    shortcut = X11Shortcut(
        "Ctrl+Alt+Space", on_press=lambda: (presses.append(1), pressed.set()),
        on_release=released.set,
    )  # fmt: skip
    shortcut.start()
    try:
        xdotool("keydown", "ctrl+alt+space")
        assert pressed.wait(5), "the press did not reach Care Voice"
        assert not released.is_set()
        xdotool("keyup", "ctrl+alt+space")
        assert released.wait(5), "the release did not reach Care Voice"
        assert presses == [1]
        assert target.text() == "", "the shortcut must not type into the application"
    finally:
        shortcut.close()
        target.close()


def test_a_combination_taken_by_another_application_is_refused(display):
    first = X11Shortcut("Ctrl+Alt+Space", on_press=lambda: None)  # another client's grab
    first.start()
    try:
        with pytest.raises(ShortcutTaken, match="already used by another application"):
            X11Shortcut("Ctrl+Alt+Space", on_press=lambda: None).start()
    finally:
        first.close()
    again = X11Shortcut("Ctrl+Alt+Space", on_press=lambda: None)
    again.start()  # free again once the first let go
    again.close()


def test_keys_are_read_the_way_people_write_them():
    from Xlib import XK, X

    assert parse_keys("Ctrl+Alt+Space") == (X.ControlMask | X.Mod1Mask, XK.XK_space)
    assert parse_keys("F9") == (0, XK.XK_F9)
    assert parse_keys("super+d") == (X.Mod4Mask, XK.XK_d)
    for bad, why in (
        ("Space", "needs Ctrl"),
        ("Hyper+x", "not a modifier"),
        ("Ctrl+Nope", "not a key"),
    ):
        with pytest.raises(ShortcutError, match=why):
            parse_keys(bad)
