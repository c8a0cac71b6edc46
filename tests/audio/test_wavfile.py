"""The crash-safe WAV writer, and finding and repairing what a crash left behind."""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import wave
from pathlib import Path

import numpy as np
import pytest

from carevoice.audio.decode import decode_audio
from carevoice.audio.wavfile import (
    HEADER_BYTES,
    RecordingDamagedError,
    RecordingInUseError,
    WavWriter,
    find_unfinished_recordings,
    marker_path,
    new_recording_path,
    recordings_dir,
    repair,
    wav_header,
)

RATE = 16000
REPO = Path(__file__).resolve().parents[2]


def ramp(seconds: float, rate: int = RATE) -> np.ndarray:
    """Audio whose every sample is different, so lost or moved samples show."""
    n = round(seconds * rate)
    return ((np.arange(n) % 20000) / 20000.0 - 0.5).astype(np.float32)


def read_wav(path: Path) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(str(path), "rb") as handle:
        params = handle.getparams()
        frames = handle.readframes(params.nframes)
    return params, np.frombuffer(frames, "<i2")


def test_a_recording_is_private_marked_while_open_and_plain_wav_after(tmp_path):
    folder = recordings_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    path = new_recording_path()
    assert path.parent == folder and path.suffix == ".wav"
    writer = WavWriter(path, RATE, details={"device": "test mic"})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    marker = json.loads(marker_path(path).read_text())
    assert marker["sample_rate"] == RATE and marker["channels"] == 1
    assert marker["pid"] == os.getpid() and marker["device"] == "test mic"
    assert stat.S_IMODE(marker_path(path).stat().st_mode) == 0o600
    audio = ramp(1.5)
    writer.write(audio[:10000])
    writer.write(audio[10000:])
    writer.close()
    assert not marker_path(path).exists()
    params, pcm = read_wav(path)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, RATE)
    np.testing.assert_array_equal(pcm, np.round(audio * 32767).astype("<i2"))
    assert decode_audio(path).duration_s == pytest.approx(1.5)


def test_the_file_is_a_valid_wav_up_to_the_last_flush_while_recording(tmp_path):
    path = tmp_path / "live.wav"
    writer = WavWriter(path, RATE)
    writer.write(ramp(1.0))
    writer.flush()
    writer.write(ramp(0.3))  # not flushed yet
    params, pcm = read_wav(path)  # a second reader, as after a crash now
    assert params.nframes == RATE == pcm.size
    assert writer.flushed_s == pytest.approx(1.0) and writer.duration_s == pytest.approx(1.3)
    writer.flush()
    assert read_wav(path)[0].nframes == round(1.3 * RATE)
    writer.close()


def test_a_new_recording_never_overwrites_an_old_one(tmp_path):
    path = tmp_path / "taken.wav"
    path.write_bytes(b"an earlier recording")
    with pytest.raises(FileExistsError):
        WavWriter(path, RATE)
    assert path.read_bytes() == b"an earlier recording"
    assert not marker_path(path).exists()
    first = new_recording_path(tmp_path)
    first.touch()
    assert new_recording_path(tmp_path) != first


# --- a crash, for real: a process killed with SIGKILL ------------------------------

_CRASHING_WRITER = textwrap.dedent(
    """
    import sys, numpy as np
    from pathlib import Path
    from carevoice.audio.wavfile import WavWriter
    writer = WavWriter(Path(sys.argv[1]), 16000)
    audio = ((np.arange(16000 * 3) % 20000) / 20000.0 - 0.5).astype(np.float32)
    writer.write(audio[:32000])
    writer.flush()                 # 2 s promised by the header
    writer.write(audio[32000:])    # 1 s more, written but not flushed
    print("ready", flush=True)
    sys.stdin.read()               # wait to be killed
    """
)


def start_crashing_writer(path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'app'}{os.pathsep}{REPO}"}
    child = subprocess.Popen(
        [sys.executable, "-c", _CRASHING_WRITER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout.readline().strip() == "ready"
    return child


def test_kill_9_loses_nothing_the_writer_had_written(tmp_path):
    path = recordings_dir() / "crashed.wav"
    child = start_crashing_writer(path)
    try:
        # While the writer lives, its recording is not offered for repair.
        assert find_unfinished_recordings() == []
        with pytest.raises(RecordingInUseError):
            repair(path)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    [found] = find_unfinished_recordings()
    assert found.path == path and found.sample_rate == RATE and found.channels == 1
    assert found.header_s == pytest.approx(2.0)  # the last flush
    assert found.on_disk_s == pytest.approx(3.0)  # every write reached the kernel
    repaired = repair(path)
    assert repaired.duration_s == pytest.approx(3.0) and repaired.dropped_bytes == 0
    assert not marker_path(path).exists()
    assert find_unfinished_recordings() == []
    _, pcm = read_wav(path)
    np.testing.assert_array_equal(pcm, np.round(ramp(3.0) * 32767).astype("<i2"))
    assert decode_audio(path).duration_s == pytest.approx(3.0)
    assert repair(path).duration_s == pytest.approx(3.0)  # idempotent


def test_repair_drops_a_half_written_sample_at_the_end(tmp_path):
    # What a crash in the middle of writing a 2-byte sample leaves.
    path = tmp_path / "torn.wav"
    audio = np.round(ramp(0.5) * 32767).astype("<i2")
    path.write_bytes(wav_header(RATE, 1, 0) + audio.tobytes() + b"\x01")
    marker_path(path).write_text(json.dumps({"sample_rate": RATE, "channels": 1}))
    [found] = find_unfinished_recordings(tmp_path)
    repaired = repair(found.path)
    assert repaired.dropped_bytes == 1
    params, pcm = read_wav(path)
    assert params.nframes == RATE // 2
    np.testing.assert_array_equal(pcm, audio)


def test_repair_rebuilds_a_header_that_never_reached_the_disk(tmp_path):
    path = tmp_path / "headless.wav"
    audio = np.round(ramp(1.0) * 32767).astype("<i2")
    path.write_bytes(b"\0" * HEADER_BYTES + audio.tobytes())
    marker_path(path).write_text(json.dumps({"sample_rate": RATE, "channels": 1}))
    [found] = find_unfinished_recordings(tmp_path)
    assert found.header_s == 0 and found.on_disk_s == pytest.approx(1.0)
    assert repair(path).duration_s == pytest.approx(1.0)
    params, pcm = read_wav(path)
    assert params.framerate == RATE
    np.testing.assert_array_equal(pcm, audio)


def test_a_file_with_no_header_and_no_marker_is_left_alone(tmp_path):
    path = tmp_path / "mystery.wav"
    path.write_bytes(b"\0" * 1000)
    assert find_unfinished_recordings(tmp_path) == []
    with pytest.raises(RecordingDamagedError):
        repair(path)


def test_a_recording_open_in_this_process_is_in_use(tmp_path):
    path = tmp_path / "open.wav"
    writer = WavWriter(path, RATE)
    try:
        assert find_unfinished_recordings(tmp_path) == []
        with pytest.raises(RecordingInUseError):
            repair(path)
    finally:
        writer.close()


# --- a full disk ----------------------------------------------------------------------


class DiskWithRoomFor(io.FileIO):
    """A real file on which writes past `budget` bytes fail as on a full file system:
    a partial write first, then ENOSPC."""

    def __init__(self, path: Path, budget: int):
        super().__init__(path, "x+")
        os.chmod(path, 0o600)
        self.budget = budget

    def write(self, data) -> int:
        room = self.budget - self.tell()
        if room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.name))
        return super().write(bytes(data)[:room])


def test_a_full_disk_stops_the_writer_and_leaves_a_readable_file(tmp_path):
    path = tmp_path / "full.wav"
    budget = HEADER_BYTES + 20001  # room for 10000.5 samples
    writer = WavWriter(path, RATE, open_file=lambda p: DiskWithRoomFor(p, budget))
    writer.write(ramp(0.5))  # 8000 samples: fits
    writer.flush()
    with pytest.raises(OSError) as raised:
        writer.write(ramp(0.5))
    assert raised.value.errno == errno.ENOSPC
    writer.close()  # the header is set from what reached the file, in whole samples
    assert not marker_path(path).exists()
    params, pcm = read_wav(path)
    assert params.nframes == 10000
    np.testing.assert_array_equal(
        pcm, np.round(np.concatenate([ramp(0.5), ramp(0.5)])[:10000] * 32767).astype("<i2")
    )
