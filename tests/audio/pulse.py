"""A private PulseAudio with a virtual microphone, for tests that record through PortAudio.

What `paplay --device=vmic_sink file.wav` plays comes out of the default source `vmic`,
which sounddevice reaches through ALSA's `default` device (libasound2-plugins routes it to
PulseAudio). The recipe (a null sink, its monitor remapped as the source, a keep-alive
player) is written out below, tested on these machines. `XDG_RUNTIME_DIR` is what points
every client, PortAudio included, at this daemon; it is set for the test process and
inherited by the processes it starts.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import numpy as np
import pytest

SINK = "vmic_sink"
SOURCE = "vmic"
RATE = 16000

_CONFIG = f"""\
load-module module-native-protocol-unix auth-anonymous=1
load-module module-null-sink sink_name={SINK} rate={RATE} channels=1
load-module module-remap-source master={SINK}.monitor source_name={SOURCE}
set-default-sink {SINK}
set-default-source {SOURCE}
"""


def pulseaudio_missing() -> str:
    """Why the virtual microphone cannot run here, or empty when it can."""
    missing = [b for b in ("pulseaudio", "pactl", "pacat", "paplay") if not shutil.which(b)]
    if missing:
        return f"{', '.join(missing)} not installed (scripts/setup --dev installs them)"
    return ""


def reinit_portaudio() -> None:
    """PortAudio reads the sound setup once, at initialisation; make it look again."""
    import sounddevice as sd

    sd._terminate()
    sd._initialize()


class VirtualMicrophone:
    """A running private PulseAudio whose default source hears what is played into SINK."""

    def __init__(self, runtime_dir: Path):
        self.runtime_dir = runtime_dir
        self.env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime_dir)}
        self._keepalive: subprocess.Popen | None = None

    # --- the daemon ---------------------------------------------------------

    def start(self, timeout_s: float = 10.0) -> None:
        config = self.runtime_dir / "vmic.pa"
        config.write_text(_CONFIG)
        subprocess.run(
            ["pulseaudio", "-n", "-F", str(config), "--daemonize=yes",
             "--exit-idle-time=-1", "--disallow-exit"],
            env=self.env, check=True, capture_output=True, timeout=timeout_s,
        )  # fmt: skip
        _wait_for(lambda: self._pactl("info").returncode == 0, timeout_s, "pactl info")
        # Without a client playing, the null sink sleeps and its monitor delivers audio
        # in 2-second bursts: keep it busy with silence.
        self._keepalive = subprocess.Popen(
            ["pacat", "--playback", "-d", SINK, "--latency-msec=20", "--raw",
             f"--rate={RATE}", "--channels=1", "--format=s16le", "/dev/zero"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    @property
    def daemon_pid(self) -> int | None:
        try:
            return int((self.runtime_dir / "pulse" / "pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self) -> None:
        """Kill the keep-alive player and the daemon (also what 'PulseAudio died' means)."""
        if self._keepalive is not None:
            self._keepalive.kill()
            self._keepalive.wait(5)
            self._keepalive = None
        pid = self.daemon_pid
        if pid is not None:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _wait_for(lambda: not _alive(pid), 5.0, f"PulseAudio {pid} to exit")

    def _pactl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10
        )

    # --- using it -----------------------------------------------------------

    def play(self, wav: Path) -> subprocess.Popen:
        """Start playing a file into the microphone; the caller waits on the process."""
        return subprocess.Popen(
            ["paplay", f"--device={SINK}", str(wav)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip

    def wait_until_audio_flows(self, timeout_s: float = 15.0) -> float:
        """Block until PortAudio delivers sound played into the sink; returns seconds waited.

        The first seconds after the daemon starts are lost (see testenv.md); instead of a
        fixed sleep, play a tone and record until it is heard.
        """
        import sounddevice as sd

        started = time.monotonic()
        heard = threading.Event()
        drained = threading.Event()  # silence again after the tone: a test may record

        def callback(indata, frames, time_info, status):
            if np.abs(indata).max() > 0.05:
                heard.set()
            elif heard.is_set():
                drained.set()

        tone = self.runtime_dir / "probe.wav"
        write_tone(tone, seconds=0.5)
        with sd.InputStream(channels=1, dtype="float32", callback=callback):
            while not heard.is_set():
                if time.monotonic() - started > timeout_s:
                    raise TimeoutError("the virtual microphone delivered no sound")
                player = self.play(tone)
                heard.wait(0.7)
                player.wait(5)
            # The probe's tail must not reach the test's recording.
            if not drained.wait(5):
                raise TimeoutError("the virtual microphone never went quiet after the probe")
        return time.monotonic() - started


def write_tone(path: Path, seconds: float, hz: float = 440.0, amplitude: float = 0.5) -> Path:
    import wave

    t = np.arange(round(seconds * RATE)) / RATE
    pcm = (amplitude * np.sin(2 * np.pi * hz * t) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A killed daemon stays a zombie until its parent (init here) reaps it.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def wait_until(condition, timeout_s: float, what: str = "a condition") -> None:
    """Poll `condition` (for states that have no event to wait on) until true or timeout."""
    deadline = time.monotonic() + timeout_s
    delay = 0.01
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


_wait_for = wait_until


@contextmanager
def environment(runtime_dir: Path):
    """XDG_RUNTIME_DIR set for this process and its children, PortAudio re-read; undone after."""
    old = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)
    reinit_portaudio()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("XDG_RUNTIME_DIR", None)
        else:
            os.environ["XDG_RUNTIME_DIR"] = old
        reinit_portaudio()


def private_runtime_dir() -> Path:
    # Short path: PulseAudio's socket path must fit in a sockaddr_un (108 bytes).
    path = Path(tempfile.mkdtemp(prefix="cv-pulse-"))
    path.chmod(0o700)
    return path


@contextmanager
def virtual_microphone():
    """Start the daemon, point this process at it, wait for sound; stop it all afterwards."""
    runtime_dir = private_runtime_dir()
    mic = VirtualMicrophone(runtime_dir)
    try:
        mic.start()
        with environment(runtime_dir):
            mic.wait_until_audio_flows()
            yield mic
    finally:
        mic.stop()
        shutil.rmtree(runtime_dir, ignore_errors=True)


@contextmanager
def virtual_microphone_or_skip():
    """`virtual_microphone()`, or skip the test when PulseAudio is not installed.

    Test modules wrap it in a module-scoped fixture of their own:

        @pytest.fixture(scope="module")
        def mic():
            with virtual_microphone_or_skip() as running:
                yield running
    """
    reason = pulseaudio_missing()
    if reason:
        pytest.skip(f"no virtual microphone: {reason}")
    with virtual_microphone() as mic:
        yield mic


def locate(played: np.ndarray, recorded: np.ndarray) -> tuple[float, float, float]:
    """Where `played` (16 kHz) is heard in `recorded` (16 kHz), by cross-correlation.

    Returns (offset_s: where it starts in the recording, heard_s: how much of it the
    recording holds from there, correlation: -1..1 over that stretch; above 0.9 means
    the same sound, after the two resamplings on the way through PulseAudio).
    """
    size = 1 << int(np.ceil(np.log2(played.size + recorded.size)))
    spectrum = np.fft.rfft(recorded, size) * np.conj(np.fft.rfft(played, size))
    lags = np.fft.irfft(spectrum, size)[: recorded.size]
    offset = int(np.argmax(lags))
    heard = recorded[offset : offset + played.size]
    same = played[: heard.size]
    denominator = np.linalg.norm(heard) * np.linalg.norm(same)
    correlation = float(np.dot(heard, same) / denominator) if denominator else 0.0
    return offset / RATE, heard.size / RATE, correlation
