"""Recording through real PortAudio from the virtual microphone (see tests/audio/pulse.py)."""

from __future__ import annotations

import shutil
import stat
import subprocess
import threading
import time
import wave

import numpy as np
import pytest

from carevoice.audio.decode import decode_audio
from carevoice.audio.playback import Clip, play_clip
from carevoice.audio.recorder import (
    SILENCE_DBFS,
    Recorder,
    RecorderState,
    StopKind,
    check_microphone,
)
from carevoice.audio.wavfile import marker_path, recordings_dir
from tests.audio.pulse import (
    VirtualMicrophone,
    environment,
    locate,
    private_runtime_dir,
    virtual_microphone_or_skip,
    wait_until,
    write_tone,
)


@pytest.fixture(scope="module")
def vmic():
    with virtual_microphone_or_skip() as mic:
        yield mic


def header_seconds(path) -> float:
    with wave.open(str(path), "rb") as handle:
        return handle.getnframes() / handle.getframerate()


def record_while_playing(mic, wav, **recorder_options):
    """Record `wav` played into the microphone; returns (result, 16 kHz audio, levels)."""
    heard: list[np.ndarray] = []
    recorder = Recorder(on_audio=heard.append, **recorder_options)
    recorder.start()
    assert recorder.state is RecorderState.RECORDING
    levels = []
    player = mic.play(wav)
    while True:
        levels += recorder.take_levels()
        try:
            player.wait(0.1)
            break
        except subprocess.TimeoutExpired:
            pass
    # What was played is in PortAudio's buffers a moment later.
    played_until = recorder.elapsed_s
    wait_until(lambda: recorder.elapsed_s > played_until + 0.4, 5, "the tail of the sound")
    levels += recorder.take_levels()
    return recorder.stop(), np.concatenate(heard), levels


def test_records_what_is_played_into_the_microphone(vmic, speech):
    result, heard, levels = record_while_playing(vmic, speech["en"])
    assert result.stop_kind is StopKind.USER and result.stopped_reason == ""
    assert result.path.parent == recordings_dir() and not marker_path(result.path).exists()
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert result.sample_rate == 44100  # the device's default rate, not Whisper's
    saved = decode_audio(result.path)
    assert saved.duration_s == pytest.approx(result.duration_s, abs=0.01)
    # The 16 kHz stream handed to the transcriber is the whole recording.
    assert heard.size == pytest.approx(result.duration_s * 16000, abs=2)
    played = decode_audio(speech["en"]).samples
    offset_s, heard_s, correlation = locate(played, heard)
    assert correlation > 0.9, "the recording does not sound like what was played"
    assert heard_s == pytest.approx(played.size / 16000, abs=0.01)  # all of it
    # The meter saw the speech and the silence of the null sink around it.
    assert max(level.peak_dbfs for level in levels) > -20
    assert min(level.rms_dbfs for level in levels) == SILENCE_DBFS
    assert result.overflows == 0


def test_a_crash_would_lose_at_most_a_second(vmic, speech):
    """While recording, the header on disk never lags the recording by a second."""
    recorder = Recorder()
    recorder.start()
    player = vmic.play(speech["en"])
    lags = []
    try:
        while len(lags) < 40:
            elapsed = recorder.elapsed_s  # read before the header: the lag is not flattered
            lags.append(elapsed - header_seconds(recorder.path))
            time.sleep(0.1)  # sampling the file, not waiting for something
    finally:
        player.kill()
        result = recorder.stop()
    assert max(lags) <= 1.0, lags
    assert result.duration_s == pytest.approx(header_seconds(result.path), abs=1e-6)


def test_the_paused_part_is_not_recorded_but_the_meter_still_moves(vmic, tmp_path):
    recorder = Recorder()
    recorder.start()
    wait_until(lambda: recorder.elapsed_s >= 0.5, 5, "half a second of recording")
    recorder.pause()
    assert recorder.state is RecorderState.PAUSED
    paused_at = recorder.elapsed_s
    recorder.take_levels()
    during_pause = []
    player = vmic.play(write_tone(tmp_path / "tone.wav", seconds=1.0))

    def tone_heard_and_over() -> bool:
        during_pause.extend(recorder.take_levels())
        heard = any(level.peak_dbfs > -20 for level in during_pause)
        return heard and player.poll() is not None and recorder.level.peak_dbfs == SILENCE_DBFS

    wait_until(tone_heard_and_over, 10, "the tone to come and go")
    recorder.resume()
    wait_until(lambda: recorder.elapsed_s >= paused_at + 0.5, 5, "recording after the pause")
    result = recorder.stop()
    assert max(level.peak_dbfs for level in during_pause) > -20  # it heard the tone...
    assert result.duration_s < paused_at + 1.4  # ...but did not record it (1 s more if it had)
    assert np.abs(decode_audio(result.path).samples).max() < 1e-3


def test_a_microphone_named_that_is_missing_is_named_in_the_message(vmic):
    recorder = Recorder(device="USB headset")
    with pytest.raises(Exception) as raised:
        recorder.start()
    assert raised.value.kind == "not-found"
    assert '"USB headset"' in raised.value.message and '"default"' in raised.value.message
    assert list(recordings_dir().iterdir()) == []  # no empty recording left behind


def test_the_microphone_check_hears_a_voice_and_hears_silence(vmic, tmp_path):
    # A steady voice-like level; the check starts while the player starts, so the
    # first tenth of a second or so is silence, as when someone starts speaking.
    tone = write_tone(tmp_path / "tone.wav", seconds=3.0, amplitude=0.3)
    player = vmic.play(tone)
    try:
        heard = check_microphone(seconds=2.0)
    finally:
        player.wait(10)
    assert heard.verdict == "ok", heard.message
    assert heard.audio.size == 2 * heard.sample_rate and heard.audio.dtype == np.float32
    assert heard.peak_dbfs == pytest.approx(20 * np.log10(0.3), abs=1.0)
    silent = check_microphone(seconds=0.5)
    assert silent.verdict == "silent" and "heard nothing" in silent.message
    # The UI plays the check back with carevoice.audio.playback; here it goes to the
    # default output, the virtual sink, whose sound the microphone hears again.
    clip = Clip(heard.audio, heard.sample_rate, 0, heard.audio.size)
    player = threading.Thread(target=play_clip, args=(clip,))
    player.start()
    try:
        again = check_microphone(seconds=1.0)
    finally:
        player.join(10)
    assert again.verdict == "ok", again.message


def test_pulseaudio_dying_mid_recording_stops_it_and_keeps_the_audio(vmic, speech):
    # A daemon of its own, so the other tests keep theirs.
    runtime_dir = private_runtime_dir()
    own = VirtualMicrophone(runtime_dir)
    try:
        own.start()
        with environment(runtime_dir):
            own.wait_until_audio_flows()
            told = threading.Event()
            results = []
            recorder = Recorder(on_stopped=lambda r: (results.append(r), told.set()))
            recorder.start()
            player = own.play(speech["en"])
            wait_until(lambda: recorder.elapsed_s >= 2.0, 10, "two seconds of recording")
            own.stop()  # the sound system goes away, as when a USB microphone is pulled
            assert told.wait(10), "the recorder did not notice"
            player.kill()
            result = recorder.stop()
    finally:
        own.stop()
        shutil.rmtree(runtime_dir, ignore_errors=True)
    assert results == [result]
    assert result.stop_kind is StopKind.DEVICE_LOST
    assert "stopped working" in result.stopped_reason and "kept" in result.stopped_reason
    assert recorder.state is RecorderState.STOPPED
    assert result.duration_s >= 2.0
    assert decode_audio(result.path).duration_s == pytest.approx(result.duration_s, abs=0.01)
    assert not marker_path(result.path).exists()


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KiB file system (tmpfs): about three seconds of 44.1 kHz recording."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_full_disk_stops_the_recording_and_keeps_what_fit(vmic, speech, small_disk):
    told = threading.Event()
    recorder = Recorder(folder=small_disk, on_stopped=lambda r: told.set())
    recorder.start()
    player = vmic.play(speech["en"])
    try:
        assert told.wait(20), "the recorder did not stop when the disk filled up"
    finally:
        player.kill()
    result = recorder.stop()
    assert result.stop_kind is StopKind.DISK_FULL
    assert result.stopped_reason.startswith("The disk is full")
    assert str(result.path) in result.stopped_reason
    on_disk = result.path.stat().st_size
    assert 200_000 < on_disk <= 256 * 1024
    assert header_seconds(result.path) == pytest.approx((on_disk - 44) / 2 / 44100, abs=1e-4)
    assert decode_audio(result.path).duration_s == pytest.approx(result.duration_s, abs=0.01)
