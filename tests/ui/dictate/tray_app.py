"""Care Voice's window in a process of its own, on the X display with a real tray host:
the test suite's QApplication is offscreen, and the tray is only looked for when a
QApplication starts. Does one scenario as a user would (X clicks and keys through
xdotool, the close a window manager sends) and prints what it saw as one JSON line.

    python tray_app.py embedded|close-and-click|shortcut
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from Xlib import X, Xatom, display
from Xlib.protocol import event

from carevoice.ui.app import APP_ID, window_icon
from carevoice.ui.dictate.controls import IDLE
from carevoice.ui.dictate.indicator import COLORS, LISTENING
from carevoice.ui.main_window import MainWindow
from carevoice.ui.runner import JobRunner
from carevoice.ui.settings import AppSettings
from tests.desktop.tray import TRAYER

X_DISPLAY = display.Display()


def wait_for(condition, timeout_s: float, what: str) -> None:
    """Let Qt run until `condition()` holds; AssertionError after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        QTest.qWait(20)


def xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=10)


def windows_under(window) -> list:
    found = []
    for child in window.query_tree().children:
        found.append(child)
        found.extend(windows_under(child))
    return found


def owner_pid(window) -> int | None:
    prop = window.get_full_property(X_DISPLAY.intern_atom("_NET_WM_PID"), Xatom.CARDINAL)
    return int(prop.value[0]) if prop else None


def tray_host_window():
    owner = X_DISPLAY.get_selection_owner(X_DISPLAY.intern_atom("_NET_SYSTEM_TRAY_S0"))
    assert owner not in (0, None), "no tray host owns _NET_SYSTEM_TRAY_S0"
    return owner


def raise_tray_host() -> None:
    """Put trayer's panel above our window, as a window manager keeps a dock on top
    (Xvfb has none: the window, shown where the panel is, would hide the icon)."""
    for top in X_DISPLAY.screen().root.query_tree().children:
        if "trayer" in (top.get_wm_class() or ()):
            top.configure(stack_mode=X.Above)
    X_DISPLAY.sync()


def embedded_icon():
    """Our window docked in the tray host's panel: (the X window, its centre on screen)."""
    root = X_DISPLAY.screen().root
    for top in root.query_tree().children:
        wm_class = top.get_wm_class() or ()
        if "trayer" not in wm_class:
            continue
        for window in windows_under(top):
            if owner_pid(window) == os.getpid():
                geometry = window.get_geometry()
                at = window.translate_coords(root, 0, 0)  # root's origin in the window
                centre = (-at.x + geometry.width // 2, -at.y + geometry.height // 2)
                return window, centre
    return None, None


def icon_colour(window) -> str:
    """The colour on screen at the centre of the icon (the state's dot), read from the
    root window: what the X server shows there, whatever the icon window's visual."""
    geometry = window.get_geometry()
    root = X_DISPLAY.screen().root
    at = window.translate_coords(root, 0, 0)
    x, y = -at.x + geometry.width // 2, -at.y + geometry.height // 2
    pixel = root.get_image(x, y, 1, 1, X.ZPixmap, 0xFFFFFFFF).data
    return QColor(pixel[2], pixel[1], pixel[0]).name()


def mapped(window) -> bool:
    handle = X_DISPLAY.create_resource_object("window", int(window.winId()))
    return handle.get_attributes().map_state == X.IsViewable


def close_as_a_window_manager_does(window) -> None:
    """WM_DELETE_WINDOW, what the window's close button sends."""
    handle = X_DISPLAY.create_resource_object("window", int(window.winId()))
    protocols = X_DISPLAY.intern_atom("WM_PROTOCOLS")
    delete = X_DISPLAY.intern_atom("WM_DELETE_WINDOW")
    message = event.ClientMessage(
        window=handle, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])
    )
    handle.send_event(message)
    X_DISPLAY.flush()


def start(settings: AppSettings) -> MainWindow:
    """As ui/app.py's run_app does, without its logging and translation."""
    app = QApplication([sys.argv[0]])
    app.setApplicationName("Care Voice")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(window_icon())
    window = MainWindow(settings, runner=JobRunner(workers=1))
    window.confirm_close = lambda busy: True
    window.remote.start_shortcut(settings.dictation_shortcut, settings.dictation_shortcut_mode)
    window.show()
    wait_for(lambda: mapped(window), 20, "the window to be shown")
    return window


def docked(window: MainWindow) -> dict:
    tray = window.presence.tray
    assert tray is not None, "a tray host runs, yet Care Voice made no tray icon"
    wait_for(lambda: embedded_icon()[0] is not None, 20, "the icon to dock in trayer")
    icon, centre = embedded_icon()
    raise_tray_host()
    expected = COLORS[window.presence.state]
    wait_for(lambda: icon_colour(icon) == expected, 10, f"the icon to show {expected}")
    return {"icon": icon, "centre": centre, "colour": icon_colour(icon)}


def embedded() -> dict:
    window = start(AppSettings(dictation_preroll=False))
    dock = docked(window)
    tray = window.presence.tray
    geometry = tray.geometry()
    seen = {
        "available": QSystemTrayIcon.isSystemTrayAvailable(),
        "host": tray_host_window().id,
        "icon_parent_is_root": dock["icon"].query_tree().parent == X_DISPLAY.screen().root,
        "session_bus": bool(os.environ.get("DBUS_SESSION_BUS_ADDRESS")),
        "centre": dock["centre"],
        "qt_centre": [geometry.center().x(), geometry.center().y()],
        "colour": dock["colour"],
        "tooltip": tray.toolTip(),
    }
    menu = window.presence.menu
    xdotool("mousemove", *map(str, dock["centre"]), "click", "3")  # the menu button
    wait_for(menu.isVisible, 10, "the tray icon's menu to open")
    seen["menu"] = [action.text() for action in menu.actions()]
    if os.environ.get("CAREVOICE_TRAY_SCREENSHOT"):  # docs/screenshots/tray-host.png
        wait_for(lambda: QTest.qWaitForWindowExposed(menu, 100), 5, "the menu painted")
        area = menu.geometry().united(geometry).adjusted(-160, -8, 8, 8)
        QApplication.primaryScreen().grabWindow(
            0, area.x(), max(area.y(), 0), area.width(), area.height()
        ).save(os.environ["CAREVOICE_TRAY_SCREENSHOT"])
    seen["window_shown_before_quit"] = window.isVisible()
    quit_action = menu.actions()[-1]
    at = menu.mapToGlobal(menu.actionGeometry(quit_action).center())
    wait_for(lambda: menu.actionAt(menu.mapFromGlobal(at)) is quit_action, 5, "the menu laid out")
    xdotool("mousemove", str(at.x()), str(at.y()), "click", "1")
    wait_for(lambda: not window.isVisible(), 10, "Quit to close the window")
    seen["quit_closed_window"] = not window.isVisible()
    QApplication.processEvents()
    seen["icon_left_tray"] = embedded_icon()[0] is None
    return seen


def close_and_click() -> dict:
    window = start(AppSettings(close_to_tray=True, dictation_preroll=False))
    dock = docked(window)
    app = QApplication.instance()
    last_closed = []
    app.lastWindowClosed.connect(lambda: last_closed.append(True))
    close_as_a_window_manager_does(window)
    wait_for(lambda: not mapped(window), 10, "the window to hide on close")
    seen = {
        "hidden": not window.isVisible(),
        "last_window_closed": bool(last_closed),
        "icon_still_docked": embedded_icon()[0] is not None,
        "indicator_shown": window.presence.indicator.isVisible(),
    }
    xdotool("mousemove", *map(str, dock["centre"]), "click", "1")
    wait_for(lambda: mapped(window), 10, "a click on the tray icon to bring the window back")
    seen["shown_again"] = window.isVisible() and not window.isMinimized()
    return seen


def shortcut() -> dict:
    window = start(AppSettings(default_model="tiny.en", language="en", close_to_tray=True))
    dock = docked(window)
    presence = window.presence
    recording = window.dictate_place.recording
    seen = {"armed_colour": dock["colour"], "armed_tooltip": presence.tray.toolTip()}
    close_as_a_window_manager_does(window)
    wait_for(lambda: not mapped(window), 10, "the window to hide into the tray")
    wait_for(lambda: window.remote.shortcut is not None, 10, "the shortcut to be grabbed")
    xdotool("key", "ctrl+alt+space")
    wait_for(lambda: recording.state == "recording", 30, "the shortcut to start a dictation")
    listening = COLORS[LISTENING]
    wait_for(lambda: icon_colour(dock["icon"]) == listening, 10, "the icon to turn red")
    seen |= {
        "window_hidden_while_dictating": not window.isVisible(),
        "listening_tooltip": presence.tray.toolTip(),
        "listening_colour": icon_colour(dock["icon"]),
        "menu_toggle": presence.toggle_action.text(),
    }
    xdotool("key", "ctrl+alt+space")
    wait_for(lambda: recording.state == "idle", 60, "the second press to end the dictation")
    wait_for(lambda: icon_colour(dock["icon"]) != listening, 10, "the icon to leave red")
    seen |= {
        "idle_tooltip": presence.tray.toolTip(),
        "idle_colour": icon_colour(dock["icon"]),
        "still_hidden": not window.isVisible(),
    }
    return seen


def start_tray_host() -> subprocess.Popen:
    host = subprocess.Popen(TRAYER, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: embedded_icon()[0] is not None, 20, "the icon to dock once trayer runs")
    raise_tray_host()
    return host


def stop_tray_host(host: subprocess.Popen) -> None:
    host.terminate()
    host.wait(5)


def tray_comes_and_goes() -> dict:
    """Care Voice starts before the desktop's panel (an autostart race at login); later,
    with the window in the tray, the panel goes (it crashed) and comes back."""
    window = start(AppSettings(close_to_tray=True, dictation_preroll=False))
    indicator = window.presence.indicator
    seen = {"available_at_start": QSystemTrayIcon.isSystemTrayAvailable()}
    host = start_tray_host()
    try:
        icon = embedded_icon()[0]
        wait_for(lambda: icon_colour(icon) == COLORS[IDLE], 10, "the grey dot on screen")
        close_as_a_window_manager_does(window)
        wait_for(lambda: not mapped(window), 10, "the window to hide into the tray")
        seen["indicator_shown_in_tray"] = indicator.isVisible()
        stop_tray_host(host)
        wait_for(indicator.isVisible, 10, "the indicator once the tray has gone")
        seen["indicator_after_tray_went"] = True
        host = start_tray_host()
        wait_for(lambda: not indicator.isVisible(), 10, "the indicator to go with a tray back")
        seen["indicator_after_tray_came_back"] = indicator.isVisible()
    finally:
        stop_tray_host(host)
    return seen


if __name__ == "__main__":
    scenarios = {
        "embedded": embedded,
        "close-and-click": close_and_click,
        "shortcut": shortcut,
        "tray-comes-and-goes": tray_comes_and_goes,
    }
    result = scenarios[sys.argv[1]]()
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # the scenario is over: the X connection and threads go with the process
