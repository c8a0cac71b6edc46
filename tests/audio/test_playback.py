"""Playing stretches of a recording: the slice, decoding once, and the real PortAudio path."""

from __future__ import annotations

import sys
import threading
import time
import wave

import numpy as np
import pytest

from carevoice.audio.decode import AudioError, decode_audio, iter_audio_windows
from carevoice.audio.playback import (
    NO_DEVICE_MESSAGE,
    NO_PORTAUDIO_MESSAGE,
    Clip,
    PlaybackError,
    RecordingAudio,
    output_devices,
    play_clip,
    sample_range,
)
from tests.audio import pulse

RATE = 16000


def tone(seconds: float, hz: float = 440.0, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def write_wav(path, samples: np.ndarray):
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((samples * 32767).astype("<i2").tobytes())
    return path


def clip_of(samples: np.ndarray) -> Clip:
    return Clip(samples, RATE, 0, len(samples))


def test_sample_range_rounds_and_stays_inside_the_recording():
    assert sample_range(1.25, 2.5, RATE, 100_000) == (20_000, 40_000)
    assert sample_range(0.00003, 0.00009, RATE, 100) == (0, 1)  # 0.48 and 1.44 samples
    assert sample_range(-1.0, 3.0, RATE, 32_000) == (0, 32_000)
    assert sample_range(5.0, 6.0, RATE, 32_000) == (32_000, 32_000)  # past the end: empty
    assert sample_range(2.0, 1.0, RATE, 64_000) == (32_000, 32_000)  # reversed: empty


def test_a_recording_is_decoded_once_and_sliced_exactly(tmp_path):
    samples = tone(2.5) * np.linspace(0, 1, round(2.5 * RATE), dtype=np.float32)
    path = write_wav(tmp_path / "tone.wav", samples)
    calls = []

    def windows(p, **kwargs):
        calls.append(threading.current_thread().name)
        return iter_audio_windows(p, **kwargs)

    # One-second windows, so clips cross from one window into the next.
    audio = RecordingAudio(path, windows=windows, window_s=1.0)
    assert not audio.loaded
    clips = []
    threads = [
        threading.Thread(target=lambda: clips.append(audio.clip(0.5, 2.25)), name=f"t{i}")
        for i in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and audio.loaded
    whole = decode_audio(path).samples
    assert len(whole) == len(samples)
    for clip in clips:
        assert (clip.start_sample, clip.end_sample, clip.sample_rate) == (8000, 36000, RATE)
        np.testing.assert_array_equal(clip.samples, whole[8000:36000])
        assert clip.duration_s == pytest.approx(1.75)
    for start_s, end_s in [(0, 1), (1, 2), (0.999, 1.001), (2, 9), (0, 9), (3, 4), (1.5, 1.5)]:
        clip = audio.clip(start_s, end_s)
        np.testing.assert_array_equal(clip.samples, whole[clip.start_sample : clip.end_sample])
        assert clip.end_sample - clip.start_sample == len(clip.samples)
    assert len(calls) == 1


def test_decoding_stops_early_when_asked(tmp_path):
    path = write_wav(tmp_path / "long.wav", tone(5.0))
    stop = threading.Event()
    seen = []

    def windows(p, **kwargs):
        source = iter_audio_windows(p, **kwargs)

        class Watched:
            warnings = source.warnings

            def __iter__(self):
                for window in source:
                    seen.append(window[0])
                    stop.set()  # the user stops during the first window
                    yield window

            def close(self):
                source.close()

        return Watched()

    audio = RecordingAudio(path, windows=windows, window_s=1.0)
    assert audio.clip(0.0, 1.0, stop) is None
    assert seen == [0.0] and not audio.loaded
    assert audio.clip(0.0, 1.0) is not None  # a later request decodes it after all


def test_a_missing_recording_is_an_audio_error_each_time(tmp_path):
    audio = RecordingAudio(tmp_path / "gone.wav")
    for _ in range(2):  # a failure is not cached: the file may come back
        with pytest.raises(AudioError, match='"gone.wav" does not exist'):
            audio.clip(0.0, 1.0)


def test_with_no_sound_device_playing_says_so_plainly():
    import sounddevice as sd

    if sd.query_devices():
        pytest.skip("this machine has a sound device; the no-device path needs none")
    assert output_devices() == []
    with pytest.raises(PlaybackError) as failure:
        play_clip(clip_of(tone(0.2)))
    assert failure.value.message == NO_DEVICE_MESSAGE and failure.value.kind == "no-device"
    assert str(failure.value).startswith("No sound output device was found; ")
    # What PortAudio itself said, kept for the log, not shown to the user.
    assert isinstance(failure.value.__cause__, sd.PortAudioError)
    assert "Error querying device -1" in str(failure.value.__cause__)


def test_without_portaudio_playing_says_so_plainly(monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # as if it could not be loaded
    with pytest.raises(PlaybackError) as failure:
        play_clip(clip_of(tone(0.2)))
    assert failure.value.message == NO_PORTAUDIO_MESSAGE
    assert failure.value.kind == "no-portaudio"


@pytest.mark.skipif(bool(pulse.pulseaudio_missing()), reason=pulse.pulseaudio_missing())
def test_sound_reaches_a_real_output_and_stop_silences_it():
    """Through sounddevice, ALSA and a private PulseAudio into a null sink whose monitor is
    recorded: the played tone comes back, and a stop request ends a long clip early."""
    import sounddevice as sd

    with pulse.virtual_microphone():
        assert output_devices()
        heard: list[np.ndarray] = []
        loud = threading.Event()
        quiet_again = threading.Event()  # the tail of what was played has been recorded
        stop_when_heard = threading.Event()
        stop = threading.Event()

        def record(indata, frames, time_info, status):
            heard.append(indata[:, 0].copy())
            if np.abs(indata).max() > 0.25:
                loud.set()
                if stop_when_heard.is_set():
                    stop.set()
            elif loud.is_set():
                quiet_again.set()

        with sd.InputStream(samplerate=RATE, channels=1, dtype="float32", callback=record):
            assert play_clip(clip_of(tone(0.6))) is True
            assert quiet_again.wait(5)
            recorded = np.concatenate(heard)
            assert loud.is_set()
            sounding = np.flatnonzero(np.abs(recorded) > 0.25)
            played = recorded[sounding[0] : sounding[-1]]
            assert len(played) == pytest.approx(0.6 * RATE, abs=RATE // 50)
            spectrum = np.abs(np.fft.rfft(played * np.hanning(len(played))))
            assert np.argmax(spectrum) * RATE / len(played) == pytest.approx(440, abs=5)
            assert np.abs(played).max() == pytest.approx(0.5, abs=0.01)

            # A 20-second clip, stopped as soon as its sound is heard.
            stop_when_heard.set()
            started = time.monotonic()
            assert play_clip(clip_of(tone(20.0, hz=660.0)), stop) is False
            assert time.monotonic() - started < 10


def _image_below_tone_db(out: np.ndarray, rate: int, tone_hz: float, image_hz: float) -> float:
    spectrum = np.abs(np.fft.rfft(out * np.blackman(len(out))))
    freqs = np.fft.rfftfreq(len(out), 1 / rate)

    def peak(hz):
        return spectrum[(freqs > hz - 200) & (freqs < hz + 200)].max()

    return 20 * np.log10(peak(tone_hz) / peak(image_hz))


def test_playback_at_48_khz_leaves_no_audible_image_of_a_tone():
    """A 16 kHz recording on a 48 kHz-only output: linear interpolation (measured) left
    the image of a 5 kHz tone at 11 kHz only 12.5 dB below it; the sinc resampler puts it
    more than 60 dB down, and keeps the tone's level and the clip's length."""
    from carevoice.audio.playback import resample_for_output

    rate = 16000
    tone = (0.5 * np.sin(2 * np.pi * 5000 * np.arange(rate) / rate)).astype(np.float32)
    out = resample_for_output(tone, rate, 48000)
    assert len(out) == 3 * len(tone)
    middle = out[4800:-4800]  # away from the edges
    assert _image_below_tone_db(middle, 48000, 5000, 11000) >= 60
    assert _image_below_tone_db(middle, 48000, 5000, 21000) >= 60
    assert np.sqrt(np.mean(middle**2)) == pytest.approx(0.5 / np.sqrt(2), rel=0.02)
    np.testing.assert_array_equal(resample_for_output(tone, rate, rate), tone)
