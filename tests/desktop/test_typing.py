"""Typing into another application under a private X server (Xvfb), read back from it."""

from __future__ import annotations

import os

import pytest

from carevoice.desktop.typing import TargetGone, TypingError, TypingUnavailable, xwayland_limits
from carevoice.desktop.typists import make_typist
from tests.desktop.x11 import TargetApp, clipboard, set_clipboard, xvfb


@pytest.fixture(scope="module")
def display():
    with xvfb() as name:
        yield name


@pytest.fixture
def target(display, tmp_path):
    app = TargetApp(tmp_path)
    yield app
    app.close()


def test_keys_arrive_in_the_focused_application(target):
    typist = make_typist()
    window = typist.focused_window()
    assert window is not None and window.title == "Care plan"
    assert window.pid == target.process.pid
    text = "Pulse regular, 72.\nAte well: 3/4 of lunch (soup)!"
    assert typist.type_into(window, text) == "keys"
    assert target.wait_for(text) == text


def test_chinese_arrives_intact_by_keys_and_by_the_clipboard(target):
    typist = make_typist()
    window = typist.focused_window()
    assert window is not None
    text = "血壓正常，早餐吃了一半。"
    assert typist.type_into(window, text) == "clipboard"  # auto: the keyboard map lacks it
    assert target.wait_for(text) == text
    more = "陳太太睡得很好"
    typist.type_into(window, more, route="keys")  # a spare key remapped to each keysym
    assert target.wait_for(text + more) == text + more


def test_the_old_clipboard_comes_back_after_pasting(target):
    set_clipboard("the nurse's own copied text")
    typist = make_typist()
    window = typist.focused_window()
    assert window is not None
    typist.type_into(window, "Slept well.", route="clipboard")
    assert target.wait_for("Slept well.") == "Slept well."
    assert clipboard() == "the nurse's own copied text"


def test_a_closed_window_is_said_and_nothing_is_typed(target):
    typist = make_typist()
    window = typist.focused_window()
    assert window is not None
    target.close()
    with pytest.raises(TargetGone, match="closed"):
        typist.type_into(window, "lost?")


def test_care_voices_own_window_is_never_typed_into(target):
    typist = make_typist(own_pid=target.process.pid)  # as if the target were Care Voice
    window = typist.focused_window()
    assert window is not None
    with pytest.raises(TypingError, match="own window"):
        typist.type_into(window, "oops")
    assert target.text() == ""


def test_without_a_display_it_says_why(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    with pytest.raises(TypingUnavailable, match="Wayland"):
        make_typist()
    monkeypatch.delenv("WAYLAND_DISPLAY")
    with pytest.raises(TypingUnavailable, match="DISPLAY"):
        make_typist()
    assert os.environ.get("DISPLAY") is None


def test_a_wayland_desktop_with_xwayland_says_what_typing_cannot_reach():
    for wayland in ({"WAYLAND_DISPLAY": "wayland-0"}, {"XDG_SESSION_TYPE": "wayland"}):
        said = xwayland_limits({**wayland, "DISPLAY": ":0"})
        assert said is not None and "needs X11 or XWayland" in said, wayland
        assert "only into applications that run through XWayland" in said
    assert xwayland_limits({"DISPLAY": ":0"}) is None, "plain X11: nothing to say"
    assert xwayland_limits({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}) is None
    assert xwayland_limits({"WAYLAND_DISPLAY": "wayland-0"}) is None, "make_typist says it"
