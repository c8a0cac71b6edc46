"""The conftest's thread-leak check sees daemon threads too, and lets tqdm's monitor be."""

from __future__ import annotations

import threading

from tests.conftest import _started_during


def test_a_daemon_thread_left_running_is_caught():
    before = set(threading.enumerate())
    release = threading.Event()
    thread = threading.Thread(target=release.wait, name="left-behind", daemon=True)
    thread.start()
    try:
        assert [t.name for t in _started_during(before)] == ["left-behind"]
    finally:
        release.set()
        thread.join()
    assert _started_during(before) == []


def test_tqdms_monitor_is_allowed():
    class TMonitor(threading.Thread):  # tqdm.std's monitor thread class, by name
        pass

    before = set(threading.enumerate())
    release = threading.Event()
    monitor = TMonitor(target=release.wait, daemon=True)
    monitor.start()
    try:
        assert _started_during(before) == []
    finally:
        release.set()
        monitor.join()
