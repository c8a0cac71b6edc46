"""The control socket: private, one request a line, and plain words when nobody listens."""

from __future__ import annotations

import stat

import pytest

from carevoice.desktop.control import ControlError, ControlServer, control_dir, send_request


@pytest.fixture
def runtime(tmp_path, monkeypatch):
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def test_requests_reach_the_app_and_the_socket_is_private(runtime):
    seen = []
    server = ControlServer(lambda command, words: seen.append((command, words)) or "ok")
    server.start()
    try:
        assert send_request("toggle", "type") == "ok"
        assert seen == [("toggle", ["type"])]
        assert stat.S_IMODE(server.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(control_dir().stat().st_mode) == 0o700
        with pytest.raises(ControlError, match="unknown request"):
            send_request("format-disk")
        with pytest.raises(ControlError, match="Another Care Voice"):
            ControlServer(lambda c, w: "ok").start()
    finally:
        server.close()
    assert not server.path.exists()
    with pytest.raises(ControlError, match="not running"):
        send_request("toggle")


def test_a_socket_left_by_a_crash_is_replaced(runtime):
    import socket

    path = control_dir() / "control.sock"
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(path))
    stale.close()  # bound, never listening: as after a kill -9
    server = ControlServer(lambda c, w: "fresh")
    server.start()
    try:
        assert send_request("status") == "fresh"
    finally:
        server.close()
