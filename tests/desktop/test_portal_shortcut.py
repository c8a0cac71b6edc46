"""The Wayland route: the GlobalShortcuts portal, over a real private D-Bus, against the
fake portal in tests/desktop/fake_portal.py (not a real GNOME or KDE desktop)."""

from __future__ import annotations

import queue
import threading
import time

import pytest

from carevoice.desktop.portal_shortcut import PortalShortcut, PortalUnavailable, portal_trigger
from carevoice.desktop.shortcuts import open_global_shortcut
from carevoice.desktop.x11_shortcut import ShortcutError
from tests.desktop.portal import fake_portal, private_bus

KEYS = "Ctrl+Alt+Space"


@pytest.fixture
def bus(monkeypatch):
    with private_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


@pytest.mark.parametrize(
    ("ours", "spec"),
    [
        ("Ctrl+Alt+Space", "CTRL+ALT+space"),
        ("Super+Shift+d", "LOGO+SHIFT+d"),
        ("ctrl+D", "CTRL+d"),
        ("F9", "F9"),
        ("Alt+Return", "ALT+Return"),
    ],
)
def test_our_keys_become_the_shortcuts_spec_trigger(ours, spec):
    assert portal_trigger(ours) == spec


def test_keys_the_x11_route_refuses_are_refused_with_its_message():
    with pytest.raises(ShortcutError, match="needs Ctrl, Alt, Shift or Super"):
        portal_trigger("Space")


def test_press_and_release_reach_the_callbacks_in_order(bus):
    events: queue.Queue[str] = queue.Queue()
    with fake_portal(bus) as portal:
        shortcut = PortalShortcut(
            KEYS, on_press=lambda: events.put("press"), on_release=lambda: events.put("release")
        )
        shortcut.start()
        try:
            assert portal.asked()["trigger"] == "CTRL+ALT+space"
            assert portal.asked()["description"] == "Start or stop dictating"
            portal.press()
            portal.release()
            portal.press()
            got = [events.get(timeout=5) for _ in range(3)]
            assert got == ["press", "release", "press"]
        finally:
            shortcut.close()
        assert portal.asked()["closed"] == 1, "close() closes the portal session"
    assert shortcut._thread is None


def test_a_desktop_without_global_shortcuts_is_said_plainly_and_the_route_falls_back(bus):
    env = {"WAYLAND_DISPLAY": "wayland-0", "DBUS_SESSION_BUS_ADDRESS": bus}
    with fake_portal(bus, "no-shortcuts"):
        with pytest.raises(PortalUnavailable) as raised:
            PortalShortcut(KEYS, on_press=lambda: None).start()
        assert raised.value.message == (
            "This desktop does not offer global shortcuts to applications."
        )
        with pytest.raises(ShortcutError) as fallback:  # no DISPLAY: no XWayland either
            open_global_shortcut(KEYS, lambda: None, env=env)
    said = fallback.value.message
    assert said.startswith("This desktop does not offer global shortcuts")
    assert "only works in the Care Voice window" in said
    assert '"care-voice dictate --toggle --type"' in said


def test_no_portal_on_the_bus_at_all_falls_back_too(bus):
    with pytest.raises(ShortcutError, match="only works in the Care Voice window"):
        open_global_shortcut(KEYS, lambda: None, env={"XDG_SESSION_TYPE": "wayland"})


def test_a_portal_that_never_answers_gives_a_plain_error_within_the_timeout(bus):
    with fake_portal(bus, "silent"):
        started = time.monotonic()
        with pytest.raises(ShortcutError) as raised:
            PortalShortcut(KEYS, on_press=lambda: None, timeout_s=1.0).start()
        waited = time.monotonic() - started
    assert raised.value.message == (
        "The desktop did not answer within 1.0 s when Care Voice asked for the shortcut."
    )
    assert waited < 3.0, waited
    assert not isinstance(raised.value, PortalUnavailable), "it is there: no other route"


def test_a_cancelled_session_is_said_plainly(bus):
    with fake_portal(bus, "cancel"), pytest.raises(ShortcutError) as raised:
        PortalShortcut(KEYS, on_press=lambda: None).start()
    assert raised.value.message == "The shortcut was not set up: it was cancelled on the desktop."


def test_close_leaves_no_thread_running(bus):
    with fake_portal(bus):
        shortcut = PortalShortcut(KEYS, on_press=lambda: None)
        shortcut.start()
        assert any(t.name == "carevoice-portal-shortcut" for t in threading.enumerate())
        shortcut.close()
    assert not any(t.name == "carevoice-portal-shortcut" for t in threading.enumerate())
