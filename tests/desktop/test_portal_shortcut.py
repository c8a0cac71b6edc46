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
from tests.audio.pulse import wait_until
from tests.desktop.portal import fake_portal, private_bus

KEYS = "Ctrl+Alt+Space"
THREAD = "carevoice-portal-shortcut"


def bound(shortcut: PortalShortcut) -> ShortcutError | None:
    """Start `shortcut` and wait for its thread to say how the binding went."""
    said: queue.Queue[ShortcutError | None] = queue.Queue()
    shortcut.start(said.put)
    return said.get(timeout=10)


def threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == THREAD]


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
        assert bound(shortcut) is None
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
            PortalShortcut(KEYS, on_press=lambda: None).start(lambda error: None)
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
        shortcut = PortalShortcut(KEYS, on_press=lambda: None, timeout_s=1.0)
        started = time.monotonic()
        error = bound(shortcut)
        waited = time.monotonic() - started
        shortcut.close()
    assert error is not None
    assert error.message == (
        "The desktop did not answer within 1.0 s when Care Voice asked for the shortcut."
    )
    assert waited < 3.0, waited
    assert not isinstance(error, PortalUnavailable), "it is there: no other route"


def test_a_cancelled_session_is_said_plainly(bus):
    with fake_portal(bus, "cancel"):
        shortcut = PortalShortcut(KEYS, on_press=lambda: None)
        error = bound(shortcut)
        shortcut.close()
    assert error is not None
    assert error.message == "The shortcut was not set up: it was cancelled on the desktop."


def test_close_leaves_no_thread_running(bus):
    with fake_portal(bus):
        shortcut = PortalShortcut(KEYS, on_press=lambda: None)
        assert bound(shortcut) is None
        assert threads() == [THREAD]
        shortcut.close()
    assert threads() == []


def test_start_returns_before_the_desktop_answers_and_the_binding_outwaits_the_replies(bus):
    """A desktop asking the user to confirm answers BindShortcuts late: start() does not
    wait for it, and the thread waits longer than for a method reply (timeout_s)."""
    events: queue.Queue[str] = queue.Queue()
    said: queue.Queue[ShortcutError | None] = queue.Queue()
    with fake_portal(bus, "hold") as portal:
        shortcut = PortalShortcut(KEYS, on_press=lambda: events.put("press"), timeout_s=0.3)
        shortcut.start(said.put)
        try:
            assert not portal.asked()["answered"], "start() returned before the answer"
            wait_until(lambda: portal.asked()["trigger"], 5, "BindShortcuts")
            with pytest.raises(queue.Empty):  # three method-reply timeouts: still waiting
                said.get(timeout=1.0)
            portal.answer(0)
            assert said.get(timeout=5) is None
            portal.press()
            assert events.get(timeout=5) == "press"
        finally:
            shortcut.close()


def test_a_refusal_after_the_desktop_held_its_answer_is_said_plainly(bus):
    said: queue.Queue[ShortcutError | None] = queue.Queue()
    with fake_portal(bus, "hold") as portal:
        shortcut = PortalShortcut(KEYS, on_press=lambda: None)
        shortcut.start(said.put)
        portal.answer(2)
        error = said.get(timeout=5)
        shortcut.close()
    assert error is not None
    assert error.message == "The desktop could not set up the shortcut (it answered 2)."
    assert threads() == []


def test_the_binding_wait_has_its_own_timeout(bus):
    with fake_portal(bus, "hold"):
        shortcut = PortalShortcut(KEYS, on_press=lambda: None, binding_timeout_s=0.5)
        error = bound(shortcut)
        shortcut.close()
    assert error is not None
    assert error.message == (
        "The desktop did not answer within 0.5 s when Care Voice asked for the shortcut."
    )


def test_close_while_the_desktop_holds_its_answer_stops_promptly(bus):
    said: queue.Queue[ShortcutError | None] = queue.Queue()
    with fake_portal(bus, "hold") as portal:
        shortcut = PortalShortcut(KEYS, on_press=lambda: None)
        shortcut.start(said.put)
        wait_until(lambda: portal.asked()["trigger"], 5, "BindShortcuts")
        started = time.monotonic()
        shortcut.close()
        took = time.monotonic() - started
        assert portal.asked()["closed"] == 1, "the session it had opened is closed"
    assert took < 1.0, took
    assert threads() == []
    assert said.empty(), "closed before any answer: nothing to say"
