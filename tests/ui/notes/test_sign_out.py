"""Signing out after the idle time of the setting: the sign-in dialog comes back, and 0
means never. The timer runs for real,
with a short interval; the test waits on the session's signal, never sleeps."""

from __future__ import annotations

import dataclasses

import pytest

from tests.ui.notes.test_record_place import asked, sign_in, team  # noqa: F401 (fixture)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_the_sign_in_dialog_comes_back_after_the_idle_time(qtbot, window, team):  # noqa: F811
    window.show_place("notes")
    place = window.places["notes"]
    place.store()
    first = sign_in(qtbot, place, "Ana Silva", "2468")
    assert place.record.by().name == "Ana Silva"
    assert not first.isVisible()

    place.set_sign_out_minutes(0.005)  # 300 ms
    with qtbot.waitSignal(place.record.session.sign_in_needed, timeout=5000):
        pass
    assert place.record.by() is None
    again = asked(qtbot, place)
    assert again is not first and again.isVisible()
    assert "Nobody" in place.record.who_label.text()


def test_the_setting_reaches_the_notes_and_zero_means_never(qtbot, window, team):  # noqa: F811
    window.show_place("notes")
    place = window.places["notes"]
    place.store()
    sign_in(qtbot, place, "Ana Silva", "2468")
    assert place.record.session._idle.interval() == 15 * 60_000  # the default
    window.apply_settings(dataclasses.replace(window.settings, sign_out_minutes=0))
    assert not place.record.session._idle.isActive()
    window.apply_settings(dataclasses.replace(window.settings, sign_out_minutes=5))
    assert place.record.session._idle.interval() == 5 * 60_000
    assert place.record.session._idle.isActive()
