"""`care-voice batch --ray ADDRESS` on an existing cluster: two Ray nodes started with
`ray start` (as an administrator would on two machines; here both on this one, each
with one CPU, so two one-CPU actors can only run by using both nodes)."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from tests.speech import ENGLISH_NOTE, espeak, word_error_rate

NOTES = {
    "morning.wav": ENGLISH_NOTE,
    "evening.wav": "Her son visited in the evening and they watched the news together.",
}
STARTED = "Ray runtime started"
START_TIMEOUT_S = 180  # two cores shared with the rest of the suite


def _ray_start(*args: str, env: dict[str, str]) -> subprocess.Popen:
    """`ray start … --block` in its own process group; returns once the node is up."""
    ray = Path(sys.executable).with_name("ray")
    node = subprocess.Popen(
        [str(ray), "start", *args, "--num-cpus=1", "--node-ip-address=127.0.0.1",
         "--object-store-memory=80000000", "--block"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env=env,
    )  # fmt: skip
    up = threading.Event()
    said: list[str] = []

    def read() -> None:
        for line in node.stdout:  # type: ignore[union-attr]
            said.append(line)
            if STARTED in line:
                up.set()
        up.set()  # it ended without starting: the wait below sees that

    threading.Thread(target=read, daemon=True, name="ray start output").start()
    if not up.wait(START_TIMEOUT_S) or node.poll() is not None:
        _stop(node)
        pytest.fail("ray start did not start a node:\n" + "".join(said[-20:]))
    return node


def _stop(node: subprocess.Popen) -> None:
    """--block stops its node's processes when it is told to end."""
    if node.poll() is None:
        os.killpg(node.pid, signal.SIGTERM)
    try:
        node.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(node.pid, signal.SIGKILL)
        node.wait(10)


@pytest.fixture(scope="module")
def cluster():
    # Short, private, and not /tmp/ray: a local `ray.init()` elsewhere must not find it.
    temp_dir = tempfile.mkdtemp(prefix="cv-ray-", dir="/tmp")
    # Ray's token authentication, as a care home's cluster should run: the head makes the
    # token; the second node and Care Voice present it (here from the test's folder, not
    # ~/.ray of whoever runs the tests).
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token",
           "RAY_AUTH_TOKEN_PATH": os.path.join(temp_dir, "auth_token")}  # fmt: skip
    token = Path(temp_dir, "auth_token")
    token.write_text(secrets.token_hex(32))
    token.chmod(0o600)
    port = _free_port()
    head = _ray_start("--head", f"--port={port}", "--disable-usage-stats",
                      "--include-dashboard=false", f"--temp-dir={temp_dir}", env=env)  # fmt: skip
    worker = None
    try:
        worker = _ray_start(f"--address=127.0.0.1:{port}", env=env)
        yield f"127.0.0.1:{port}", env
    finally:
        if worker is not None:
            _stop(worker)
        _stop(head)
        shutil.rmtree(temp_dir, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def batch(cluster, *args: str) -> subprocess.CompletedProcess:
    address, env = cluster
    return subprocess.run(
        [sys.executable, "-m", "carevoice", "batch", *args, "--ray", address],
        capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip


def test_an_archive_is_transcribed_on_both_nodes_of_a_cluster(cluster, tmp_path, speech):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(speech["en"], archive / "morning.wav")
    espeak(NOTES["evening.wav"], archive / "evening.wav")
    out = tmp_path / "out"
    done = batch(cluster, str(archive), "--output-dir", str(out), "--language", "en",
                 "--quiet", "--actors", "2")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 transcribed" in done.stderr
    for name, text in NOTES.items():
        assert word_error_rate(text, (out / name).with_suffix(".txt").read_text()) < 0.35


def test_more_actors_than_the_cluster_holds_are_refused_plainly(cluster, tmp_path, speech):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(speech["en"], archive / "morning.wav")
    refused = batch(cluster, str(archive), "--output-dir", str(tmp_path / "out"),
                    "--actors", "3")  # fmt: skip
    assert refused.returncode == 2
    assert "has 2 CPU(s) in all; 3 actor(s)" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
