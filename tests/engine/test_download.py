"""The model-availability check before a download: through the proxy the environment
names (HTTPS_PROXY), as the download goes, and an answer within seconds when offline."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from carevoice.engine.download import DownloadError, download_model, hub_reachable


class RecordingProxy:
    """A local HTTP proxy that records each request line; `answer` is what it sends back
    (None: it accepts the connection and never answers)."""

    def __init__(self, answer: bytes | None):
        self.answer = answer
        self.requests: list[str] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self.server.settimeout(0.1)  # so the thread sees _stop
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            self.requests.append(data.split(b"\r\n", 1)[0].decode())
            if self.answer is None:
                self._held.append(conn)  # silent: the client must give up by itself
                continue
            conn.sendall(self.answer)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.server.close()
        for conn in self._held:
            conn.close()


@pytest.fixture
def proxy_env(monkeypatch):
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_check_goes_through_the_proxy_named_by_https_proxy(proxy_env):
    """Measured before: a raw TCP connect to huggingface.co:443, which a proxied network
    refuses, so the check said offline where the download would have worked."""
    proxy = RecordingProxy(b"HTTP/1.1 200 Connection established\r\n\r\n")
    try:
        proxy_env.setenv("HTTPS_PROXY", proxy.url)
        started = time.monotonic()
        problem = hub_reachable(timeout_s=3)
        assert time.monotonic() - started < 6
    finally:
        proxy.close()
    assert [r.rsplit(" ", 1)[0] for r in proxy.requests] == ["CONNECT huggingface.co:443"]
    # The proxy said yes but is no TLS server: the check ends, naming the proxy.
    assert f"through the proxy {proxy.url}" in problem


def test_a_proxy_that_refuses_is_named_and_no_proxy_is_respected(proxy_env):
    proxy = RecordingProxy(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
    try:
        proxy_env.setenv("https_proxy", proxy.url)
        problem = hub_reachable(timeout_s=3)
        assert [r.rsplit(" ", 1)[0] for r in proxy.requests] == ["CONNECT huggingface.co:443"]
        assert "403" in problem and proxy.url in problem
        proxy_env.setenv("NO_PROXY", "huggingface.co")
        hub_reachable(timeout_s=3)  # straight out (and offline here), not through the proxy
        assert len(proxy.requests) == 1
    finally:
        proxy.close()


def test_a_proxy_that_never_answers_fails_within_the_timeout(proxy_env):
    proxy = RecordingProxy(None)
    try:
        proxy_env.setenv("HTTPS_PROXY", proxy.url)
        started = time.monotonic()
        with pytest.raises(DownloadError, match="did not answer within 2 s through the proxy"):
            download_model("small", timeout_s=2)
        assert time.monotonic() - started < 5
    finally:
        proxy.close()


def test_a_proxy_that_is_not_there_is_said_within_seconds(proxy_env):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
    proxy_env.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    started = time.monotonic()
    problem = hub_reachable(timeout_s=3)
    assert time.monotonic() - started < 3
    assert "cannot be reached through the proxy" in problem and "refused" in problem.lower()
