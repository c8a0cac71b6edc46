"""A private D-Bus session bus (dbus-daemon) with the fake GlobalShortcuts portal on it.

The bus has no service directories, so nothing on this machine (a real
xdg-desktop-portal) can be started on it: the fake is the only portal there is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection

from tests.desktop.fake_portal import CONTROL, CONTROL_PATH, PORTAL_BUS

FAKE_PORTAL = Path(__file__).with_name("fake_portal.py")
_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@contextmanager
def private_bus():
    """A session bus of our own; yields its address (DBUS_SESSION_BUS_ADDRESS). Its
    folder is a short one: a socket's path may not pass 107 bytes."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is missing (scripts/setup --dev)")
    folder = Path(tempfile.mkdtemp(prefix="bus-"))
    config = folder / "bus.conf"
    config.write_text(_CONFIG.format(socket=folder / "bus"))
    daemon = subprocess.Popen(
        ["dbus-daemon", "--nofork", "--print-address", f"--config-file={config}"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address, "dbus-daemon printed no address"
        yield address
    finally:
        daemon.kill()
        daemon.wait(5)
        if daemon.stdout is not None:
            daemon.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


class FakePortal:
    """The running fake portal, driven over the bus."""

    def __init__(self, address: str, mode: str):
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
        self.process = subprocess.Popen(
            [sys.executable, str(FAKE_PORTAL), mode], env=env, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"
        old = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        try:
            self.conn = open_dbus_connection("SESSION")
        finally:
            if old is None:
                del os.environ["DBUS_SESSION_BUS_ADDRESS"]
            else:
                os.environ["DBUS_SESSION_BUS_ADDRESS"] = old

    def _control(self, method: str, signature: str | None = None, body: tuple = ()):
        address = DBusAddress(CONTROL_PATH, PORTAL_BUS, CONTROL)
        call = new_method_call(address, method, signature, body)
        return self.conn.send_and_get_reply(call, timeout=5).body

    def press(self) -> None:
        self._control("Press")

    def release(self) -> None:
        self._control("Release")

    def answer(self, code: int = 0) -> None:
        """ "hold" mode: send BindShortcuts' Response (0 bound, 1 cancelled, 2 refused)."""
        self._control("Answer", "u", (code,))

    def asked(self) -> dict:
        trigger, description, closed, answered = self._control("Asked")
        return {
            "trigger": trigger, "description": description, "closed": closed,
            "answered": answered,
        }  # fmt: skip

    def close(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.wait(5)
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextmanager
def fake_portal(address: str, mode: str = "ok"):
    portal = FakePortal(address, mode)
    try:
        yield portal
    finally:
        portal.close()
