"""Tests for carevoice.audio.decode on real media encoded at test time."""

from __future__ import annotations

import os
import random
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from carevoice.audio import decode, media_open
from carevoice.audio.decode import (
    MEDIA_EXTENSIONS,
    AudioError,
    decode_audio,
    format_position,
    iter_audio_windows,
    probe_media,
)

from . import media

RATE = decode.SAMPLE_RATE


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def reference(media_dir):
    """The tone-then-speech signal at any rate, made once per rate."""
    cache: dict[int, np.ndarray] = {}

    def at(rate: int) -> np.ndarray:
        if rate not in cache:
            cache[rate] = media.tone_then_speech(rate, media_dir)
        return cache[rate]

    return at


@pytest.fixture(scope="session")
def encoded(media_dir, reference):
    """Encode the reference signal in a format once; skip when an encoder is missing."""
    cache: dict[str, Path] = {}

    def make(fmt: media.MediaFormat) -> Path:
        missing = fmt.missing_encoders()
        if missing:
            pytest.skip(f"PyAV here has no {', '.join(missing)} encoder")
        if fmt.name not in cache:
            path = media_dir / f"signal-{fmt.name}{fmt.suffix}"
            cache[fmt.name] = media.encode(path, reference(fmt.rate), fmt)
        return cache[fmt.name]

    return make


def by_name(name: str) -> media.MediaFormat:
    return next(f for f in media.FORMATS if f.name == name)


def best_lag(decoded: np.ndarray, expected: np.ndarray, start: int, max_lag: int) -> int:
    """The shift that best lines `decoded` up with `expected` over a stretch after `start`."""
    stretch = expected[start : start + RATE]
    scores = {
        lag: float(np.dot(stretch, decoded[start + lag : start + lag + stretch.size]))
        for lag in range(-max_lag, max_lag + 1)
        if start + lag >= 0 and start + lag + stretch.size <= decoded.size
    }
    return max(scores, key=scores.get)


# --- every format ----------------------------------------------------------


def test_media_extensions_cover_the_test_formats():
    assert {f.suffix for f in media.FORMATS} <= MEDIA_EXTENSIONS
    assert all(ext.startswith(".") and ext == ext.lower() for ext in MEDIA_EXTENSIONS)


@pytest.mark.parametrize("fmt", media.FORMATS, ids=lambda f: f.name)
def test_probe_knows_the_length_before_decoding(fmt, encoded, reference):
    info = probe_media(encoded(fmt))
    expected_s = reference(fmt.rate).size / fmt.rate
    assert info.duration_s == pytest.approx(expected_s, abs=0.1)
    assert info.sample_rate == fmt.rate
    assert info.channels == fmt.channels
    assert info.codec
    assert info.has_video == bool(fmt.video_codec)


@pytest.mark.parametrize("fmt", media.FORMATS, ids=lambda f: f.name)
def test_decode_gives_16k_mono_float32_with_the_tone_and_speech(fmt, encoded, reference):
    decoded = decode_audio(encoded(fmt))
    samples = decoded.samples
    assert decoded.sample_rate == RATE
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert decoded.duration_s == pytest.approx(samples.size / RATE)
    expected = reference(RATE)
    assert decoded.duration_s == pytest.approx(expected.size / RATE, abs=0.1)
    assert decoded.warnings == []

    tone = samples[RATE // 4 : RATE * 7 // 4]  # clear of the edges of the 2 s tone
    spectrum = np.abs(np.fft.rfft(tone))
    peak_hz = np.argmax(spectrum) * RATE / tone.size
    assert peak_hz == pytest.approx(media.TONE_HZ, abs=3)
    # The tone was written at amplitude 0.5 in every channel; mixing down to mono
    # must neither lose it nor lift it by FFmpeg's default +3 dB for twin channels.
    assert np.sqrt(np.mean(tone**2)) == pytest.approx(0.5 / np.sqrt(2), rel=0.05)
    # Lossy codecs overshoot loud speech a little; a +3 dB mix would reach 1.4.
    assert np.abs(samples).max() < 1.1

    # The speech is there and in the right place (ADTS AAC keeps its encoder's
    # 1024-sample priming delay, so allow a few tens of milliseconds).
    speech_start = int(media.TONE_S * RATE) + RATE // 2
    lag = best_lag(samples, expected, speech_start, max_lag=RATE // 20)
    heard = samples[speech_start + lag : speech_start + lag + RATE]
    assert np.corrcoef(heard, expected[speech_start : speech_start + RATE])[0, 1] > 0.95


def test_lossless_decode_matches_the_signal_exactly_in_time(encoded, reference):
    samples = decode_audio(encoded(by_name("flac"))).samples
    expected = reference(RATE)
    assert samples.size == expected.size
    assert best_lag(samples, expected, RATE * 3, max_lag=50) == 0
    # Resampled from 44.1 kHz rather than made at 16 kHz, so not bit-exact.
    assert np.abs(samples - expected).mean() < 0.001


def test_other_sample_rates_on_request(encoded):
    decoded = decode_audio(encoded(by_name("wav")), sample_rate=8000)
    assert decoded.sample_rate == 8000
    assert decoded.duration_s == pytest.approx(decoded.samples.size / 8000)


# --- files that are not usable audio --------------------------------------


def assert_plain(error: AudioError, path: Path, kind: str, words: str) -> None:
    assert error.kind == kind
    assert words in error.message
    assert path.name in error.message
    # Plain words: the name, never the folder it sits in or Python/FFmpeg jargon.
    assert str(path.parent) not in error.message
    assert "Errno" not in error.message and "Traceback" not in error.message
    assert str(error) == error.message


def test_missing_file(tmp_path):
    path = tmp_path / "never-recorded.wav"
    for call in (probe_media, decode_audio, iter_audio_windows):
        with pytest.raises(AudioError) as caught:
            call(path)
        assert_plain(caught.value, path, "missing", "does not exist")


def test_directory(tmp_path):
    path = tmp_path / "recordings.wav"
    path.mkdir()
    with pytest.raises(AudioError) as caught:
        decode_audio(path)
    assert_plain(caught.value, path, "directory", "is a folder")


def test_empty_file(tmp_path):
    path = tmp_path / "nothing.mp3"
    path.write_bytes(b"")
    with pytest.raises(AudioError) as caught:
        decode_audio(path)
    assert_plain(caught.value, path, "empty", "is empty (0 bytes)")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path, encoded):
    path = tmp_path / "locked.wav"
    path.write_bytes(encoded(by_name("wav")).read_bytes())
    path.chmod(0)
    try:
        with pytest.raises(AudioError) as caught:
            decode_audio(path)
    finally:
        path.chmod(0o644)
    assert_plain(caught.value, path, "unreadable", "not allowed to read")


def test_permission_refused_by_ffmpeg(tmp_path, encoded, monkeypatch):
    # Covers the check after our own open(): a file locked between the two
    # (and root, who can read anything, in the test above).
    path = tmp_path / "locked.wav"
    path.write_bytes(encoded(by_name("wav")).read_bytes())

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(media_open.av, "open", refuse)
    with pytest.raises(AudioError) as caught:
        decode_audio(path)
    assert_plain(caught.value, path, "unreadable", "not allowed to read")


def test_text_file_named_wav(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("Visit at 10:00. Patient comfortable.\n" * 40, encoding="utf-8")
    with pytest.raises(AudioError) as caught:
        probe_media(path)
    assert_plain(caught.value, path, "not-media", "is not an audio or video file Care Voice")


def test_junk_bytes_named_mp3(tmp_path):
    path = tmp_path / "junk.mp3"
    path.write_bytes(np.random.default_rng(1).integers(0, 256, 50_000, dtype=np.uint8).tobytes())
    with pytest.raises(AudioError) as caught:
        decode_audio(path)
    assert_plain(caught.value, path, "not-media", "is not an audio or video file Care Voice")


@pytest.mark.parametrize(
    "name, content",
    [
        # Random bytes FFmpeg probes as LRC lyrics (1 in ~300 of random 4 KiB files does);
        # this once made a CI run say "no sound track" for junk.
        ("junk.mp3", random.Random(131).randbytes(4096)),
        ("song.lrc", b"[00:01.00]Good morning, Mrs Nguyen\n[00:04.50]Time for your tablets\n"),
        ("visit.srt", b"1\n00:00:01,000 --> 00:00:03,000\nGood morning\n\n"),
    ],
)
def test_subtitle_and_data_files_are_not_media(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    for read in (probe_media, decode_audio):
        with pytest.raises(AudioError) as caught:
            read(path)
        assert_plain(caught.value, path, "not-media", "is not an audio or video file Care Voice")


def test_video_without_sound(tmp_path):
    if not media.has_encoder("mpeg4"):
        pytest.skip("PyAV here has no mpeg4 encoder")
    path = media.encode_video_without_audio(tmp_path / "screen.mp4")
    info = probe_media(path)
    assert info.has_video and info.codec is None
    assert info.duration_s == pytest.approx(2.0, abs=0.1)
    with pytest.raises(AudioError) as caught:
        decode_audio(path)
    assert_plain(caught.value, path, "no-audio", "has no sound track")
    with pytest.raises(AudioError):
        iter_audio_windows(path)


def test_zero_length_wav(tmp_path):
    path = media.write_wav(tmp_path / "silent.wav", np.zeros(0, np.float32), RATE)
    assert path.stat().st_size == 44  # the header and nothing else
    with pytest.raises(AudioError) as caught:
        decode_audio(path)
    assert_plain(caught.value, path, "silent-empty", "contains no audio (0 seconds)")
    with pytest.raises(AudioError) as caught:
        list(iter_audio_windows(path, window_s=1.0))
    assert caught.value.kind == "silent-empty"


def test_wav_cut_off_after_its_header(tmp_path):
    full = media.write_wav(tmp_path / "full.wav", media.tone(3.0, RATE), RATE)
    path = tmp_path / "cut.wav"
    path.write_bytes(full.read_bytes()[:44])
    with pytest.raises(AudioError) as caught:
        decode_audio(path)
    assert_plain(caught.value, path, "corrupt", "should hold 0:03.0")


@pytest.mark.parametrize("name", ["wav", "mp3", "flac"])
def test_truncated_file_gives_what_it_can_and_says_what_was_lost(name, encoded, tmp_path):
    fmt = by_name(name)
    whole = decode_audio(encoded(fmt))
    path = media.truncate_to_half(encoded(fmt), tmp_path / f"half{fmt.suffix}")
    part = decode_audio(path)
    # Roughly half survives (compressed halves are not exactly half the time).
    assert 0.3 * whole.duration_s < part.duration_s < 0.7 * whole.duration_s
    assert np.allclose(part.samples[RATE : 2 * RATE], whole.samples[RATE : 2 * RATE], atol=0.02)
    (warning,) = part.warnings
    assert path.name in warning
    assert f"decoding stopped at {format_position(part.duration_s)}" in warning
    assert f"of {format_position(whole.duration_s)}" in warning
    assert "could not be read" in warning


def test_truncated_mp4_without_its_index_is_reported_as_damaged(encoded, tmp_path):
    # Our muxer writes the index (moov) at the end, as phones do until they
    # finish recording; without it nothing can be located.
    path = media.truncate_to_half(encoded(by_name("m4a")), tmp_path / "half.m4a")
    with pytest.raises(AudioError) as caught:
        decode_audio(path)
    assert_plain(caught.value, path, "not-media", "may be damaged or incomplete")


@pytest.mark.parametrize("name", ["m4a", "mp3"])
def test_damage_in_the_middle_is_skipped_and_reported(name, encoded, tmp_path):
    fmt = by_name(name)
    source = encoded(fmt)
    data = bytearray(source.read_bytes())
    third = len(data) // 3
    data[third : third + 3000] = np.random.default_rng(2).bytes(3000)
    path = tmp_path / f"scratched{fmt.suffix}"
    path.write_bytes(bytes(data))
    whole = decode_audio(source)
    damaged = decode_audio(path)
    (warning,) = damaged.warnings
    assert "damaged in places" in warning and path.name in warning
    if name == "m4a":
        # MP4 keeps every packet's time in its index, so the lost stretch becomes
        # silence and everything after it stays at its true time.
        assert damaged.samples.size == whole.samples.size
        start = whole.samples.size - 2 * RATE
        assert best_lag(damaged.samples, whole.samples, start, max_lag=RATE // 10) == 0
        tail = slice(start, start + RATE)
        assert np.corrcoef(damaged.samples[tail], whole.samples[tail])[0, 1] > 0.95
    else:
        # MP3 has no timestamps of its own: FFmpeg counts the frames it finds, so
        # what was lost cannot be placed and the rest moves up a little.
        assert damaged.duration_s == pytest.approx(whole.duration_s, abs=0.5)


# --- windows ---------------------------------------------------------------


@pytest.fixture(scope="session")
def three_minutes(media_dir):
    """A 3-minute never-repeating signal in FLAC, MP3 and WebM (mono where speed matters)."""
    files = {}
    for fmt in (
        media.MediaFormat("flac", ".flac", "flac", "flac", rate=44100, channels=2),
        media.MediaFormat("mp3", ".mp3", "mp3", "libmp3lame", rate=22050, channels=1),
        media.MediaFormat("webm", ".webm", "webm", "libopus", channels=1),
    ):
        if not fmt.missing_encoders():
            path = media_dir / f"three-minutes{fmt.suffix}"
            files[fmt.name] = media.encode(path, media.chirp(180.0, fmt.rate), fmt)
    return files


@pytest.mark.parametrize("name", ["flac", "mp3", "webm"])
def test_windows_join_into_the_full_decode(name, three_minutes):
    if name not in three_minutes:
        pytest.skip(f"no {name} encoder")
    path = three_minutes[name]
    full = decode_audio(path).samples
    windows = iter_audio_windows(path, window_s=60.0)
    assert windows.info.duration_s == pytest.approx(180.0, abs=0.1)
    pieces = list(windows)
    assert [offset for offset, _ in pieces] == [0.0, 60.0, 120.0]
    assert all(w.size == 60 * RATE for _, w in pieces[:-1])
    joined = np.concatenate([w for _, w in pieces])
    assert abs(joined.size - full.size) <= 4
    n = min(joined.size, full.size)
    assert np.allclose(joined[:n], full[:n], atol=1e-6)
    assert windows.warnings == []


@pytest.mark.parametrize("name", ["flac", "mp3", "webm"])
def test_decoding_a_window_by_seeking_lines_up(name, three_minutes):
    if name not in three_minutes:
        pytest.skip(f"no {name} encoder")
    path = three_minutes[name]
    full = decode_audio(path).samples
    for start_s in (30.0, 95.55):
        part = decode_audio(path, start_s=start_s, duration_s=20.0)
        assert part.start_s == start_s
        assert part.samples.size == 20 * RATE
        start = round(start_s * RATE)
        expected = full[start : start + part.samples.size]
        if name == "webm":
            # Matroska stores times in whole milliseconds (16 samples at 16 kHz).
            assert abs(best_lag(part.samples, expected, RATE, max_lag=40)) <= 16
        else:
            # Same samples as the full decode, not merely close in time.
            assert np.allclose(part.samples, expected, atol=1e-6)


def test_window_past_the_end_is_empty(three_minutes):
    part = decode_audio(three_minutes["flac"], start_s=500.0, duration_s=60.0)
    assert part.samples.size == 0 and part.warnings == []


def test_windows_of_a_truncated_file_carry_the_warning(encoded, tmp_path):
    path = media.truncate_to_half(encoded(by_name("wav")), tmp_path / "half.wav")
    windows = iter_audio_windows(path, window_s=1.0)
    pieces = list(windows)
    assert sum(w.size for _, w in pieces) == decode_audio(path).samples.size
    (warning,) = windows.warnings
    assert "could not be read" in warning


def test_stopping_early_closes_the_file(three_minutes):
    windows = iter_audio_windows(three_minutes["flac"], window_s=10.0)
    offset, first = next(windows)
    windows.close()
    assert offset == 0.0 and first.size == 10 * RATE
    with pytest.raises(StopIteration):
        next(windows)


def test_windows_keep_memory_bounded(three_minutes):
    # A generous sanity bound, not a benchmark: numpy reports its buffers to
    # tracemalloc, and a 10 s window is 0.64 MB against 11.5 MB for the file.
    path = three_minutes["flac"]
    tracemalloc.start()
    try:
        total = sum(w.size for _, w in iter_audio_windows(path, window_s=10.0))
        _, windowed_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == 180 * RATE
    assert windowed_peak < 4 * 10 * RATE * 4


# --- small pieces ----------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.0, "0:00.0"), (83.44, "1:23.4"), (119.96, "2:00.0"), (3723.4, "1:02:03.4")],
)
def test_format_position(seconds, text):
    assert format_position(seconds) == text
