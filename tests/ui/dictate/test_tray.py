"""Care Voice with a real system tray: trayer (an XEmbed tray host) runs on a private
Xvfb, and Care Voice's window, in a process of its own on that display (tray_app.py), is
used as a user would: its icon docked in the tray, closed into it, brought back with a
click, dictating from the global shortcut while hidden there, its menu.

Qt takes the XEmbed route: no org.kde.StatusNotifierWatcher is on a session bus here, so
QSystemTrayIcon docks an X window of ours into the tray host's (it would talk
StatusNotifierItem over D-Bus on a KDE or GNOME-with-extension desktop)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.audio.pulse import virtual_microphone_or_skip
from tests.desktop.tray import tray_host
from tests.desktop.x11 import xvfb

TRAY_APP = Path(__file__).with_name("tray_app.py")
REPO = TRAY_APP.parents[3]


@pytest.fixture(scope="module")
def tray_display():
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is missing (scripts/setup --dev)")
    with xvfb() as name, tray_host(name):
        yield name


def run_scenario(display: str, scenario: str, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DBUS_"))}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", CAREVOICE_HOME=str(home))
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.dictate.tray_app", scenario],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=90,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_icon_docks_in_the_tray_host_and_its_menu_quits(tray_display, _private_home):
    seen = run_scenario(tray_display, "embedded", _private_home)
    assert seen["available"], "trayer owns the tray selection: Qt must see a tray"
    assert not seen["session_bus"], "no D-Bus session: Qt can only take the XEmbed route"
    assert not seen["icon_parent_is_root"], "our icon window is inside trayer's panel"
    assert abs(seen["centre"][0] - seen["qt_centre"][0]) <= 1, seen  # Qt knows where it is
    assert seen["colour"] == "#9e9e9e", "the idle grey dot is on screen in the tray"
    assert seen["tooltip"] == "Care Voice: not dictating"
    assert seen["menu"] == ["Start dictation", "Show window", "Quit"], "a right-click shows it"
    assert seen["window_shown_before_quit"]
    assert seen["quit_closed_window"], "Quit, clicked in the tray's menu, closes Care Voice"
    assert seen["icon_left_tray"], "and its icon leaves the tray"


def test_closed_into_the_tray_a_click_on_the_icon_brings_it_back(tray_display, _private_home):
    seen = run_scenario(tray_display, "close-and-click", _private_home)
    assert seen["hidden"], "the close button hides the window"
    assert not seen["last_window_closed"], "Qt was not told the last window closed"
    assert seen["icon_still_docked"], "Care Voice stays in the tray"
    assert not seen["indicator_shown"], "with a tray, no floating indicator is needed"
    assert seen["shown_again"], "a left click on the tray icon shows the window again"


@pytest.fixture(scope="module")
def vmic():
    with virtual_microphone_or_skip() as mic:
        yield mic


def test_the_shortcut_dictates_while_the_window_is_in_the_tray(vmic, tray_display, _private_home):
    seen = run_scenario(tray_display, "shortcut", _private_home)
    assert seen["armed_colour"] == "#1e88e5", "the shortcut keeps the microphone ready: blue"
    assert seen["window_hidden_while_dictating"]
    assert seen["listening_tooltip"] == "Listening…"
    assert seen["listening_colour"] == "#e53935", "the tray icon turns red on screen"
    assert seen["menu_toggle"] == "Stop dictation"
    assert seen["idle_tooltip"].startswith("Care Voice: not dictating")
    assert seen["idle_colour"] in ("#1e88e5", "#9e9e9e"), seen
    assert seen["still_hidden"], "the dictation ended without showing the window"


def test_the_icon_follows_a_tray_host_that_starts_late_and_restarts(_private_home):
    """At login Care Voice may start before the panel: the icon docks once it is there,
    and closing into the tray then needs no floating indicator. If the panel goes (it
    crashed) while the window is in the tray, the indicator is the way back, until the
    panel is there again."""
    if not (shutil.which("trayer") and shutil.which("xdotool")):
        pytest.skip("trayer or xdotool is missing (scripts/setup --dev)")
    with xvfb() as display:
        seen = run_scenario(display, "tray-comes-and-goes", _private_home)
    assert not seen["available_at_start"]
    assert not seen["indicator_shown_in_tray"], "the tray icon is there: no indicator"
    assert seen["indicator_after_tray_went"]
    assert not seen["indicator_after_tray_came_back"]
