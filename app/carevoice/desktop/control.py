"""The running app's remote control: `care-voice dictate --toggle` over a Unix socket.

The app listens on `control_socket_path()`, a socket in a folder only this user can open
(0700; the socket itself 0600), so a desktop shortcut bound to `care-voice dictate
--toggle` starts and stops a dictation without the window having the focus (the way on
Wayland, where an application may not grab keys). Nothing listens on the network.

One request per connection: a line such as "toggle" or "toggle type"; one line back.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import stat
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

COMMANDS = ("toggle", "start", "stop", "status")
_MAX_REQUEST = 1024


class ControlError(RuntimeError):
    """The running app could not be reached or refused; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def control_dir() -> Path:
    """This user's private folder for the socket (made 0700; refused if it is not)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path(tempfile.gettempdir()) / f"care-voice-{os.getuid()}"
    folder = base / "care-voice" if runtime else base
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise ControlError(f"{folder} is not a folder of this user; Care Voice will not use it.")
    if stat.S_IMODE(info.st_mode) != 0o700:
        folder.chmod(0o700)
    return folder


def control_socket_path() -> Path:
    return control_dir() / "control.sock"


class ControlServer:
    """Answers requests on the control socket on a thread of its own.

    `on_request(command, args)` runs on that thread and returns the reply line; it must
    hand the work to the GUI thread itself (a queued signal).
    """

    def __init__(self, on_request: Callable[[str, list[str]], str], path: Path | None = None):
        self.on_request = on_request
        self.path = path or control_socket_path()
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._closed = threading.Event()

    def start(self) -> None:
        """Listen; raises ControlError when another Care Voice already does."""
        if self.path.exists():
            try:
                send_request("status", path=self.path, timeout_s=1.0)
            except ControlError:
                self.path.unlink()  # left by a Care Voice that crashed
            else:
                raise ControlError("Another Care Voice is running and listens for --toggle.")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o177)  # the socket is 0600 from its first moment
        try:
            server.bind(str(self.path))
        finally:
            os.umask(old_umask)
        server.listen(4)
        server.settimeout(0.5)
        self._socket = server
        self._thread = threading.Thread(target=self._serve, name="carevoice-control", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._closed.set()
        if self._thread is not None:
            self._thread.join(2.0)
        if self._socket is not None:
            self._socket.close()
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def _serve(self) -> None:
        assert self._socket is not None, "start() binds before the thread runs"
        while not self._closed.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(2.0)
                try:
                    reply = self._answer(_read_line(connection))
                    connection.sendall(reply.encode("utf-8") + b"\n")
                except OSError as exc:
                    log.info("a control request failed: %s", exc)

    def _answer(self, line: str) -> str:
        words = line.split()
        if not words or words[0] not in COMMANDS:
            return f"error unknown request {line[:40]!r}"
        try:
            return self.on_request(words[0], words[1:])
        except Exception as exc:  # a bug in the app's handler must not end the server
            log.exception("control request %r failed", line)
            return f"error {exc}"


def send_request(command: str, *args: str, path: Path | None = None, timeout_s: float = 5.0) -> str:
    """Send one request to the running app; its reply line. Raises ControlError."""
    path = path or control_socket_path()
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(timeout_s)
    try:
        client.connect(str(path))
        client.sendall(" ".join((command, *args)).encode("utf-8") + b"\n")
        reply = _read_line(client)
    except (FileNotFoundError, ConnectionRefusedError):
        raise ControlError(
            "Care Voice is not running (start it first; --toggle talks to the open app)."
        ) from None
    except OSError as exc:
        raise ControlError(f"Care Voice did not answer ({exc}).") from None
    finally:
        client.close()
    if reply.startswith("error"):
        raise ControlError(reply.removeprefix("error").strip())
    return reply


def _read_line(connection: socket.socket) -> str:
    data = b""
    while b"\n" not in data and len(data) < _MAX_REQUEST:
        chunk = connection.recv(256)
        if not chunk:
            break
        data += chunk
    return data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
