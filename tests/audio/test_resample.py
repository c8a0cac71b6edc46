"""The live resampler: tones keep their frequency and level, nothing aliases, blocks join."""

from __future__ import annotations

import numpy as np
import pytest

from carevoice.audio.resample import Resampler, resample

MIC_RATES = (44100, 48000, 32000, 22050, 8000, 96000)


def tone(hz: float, rate: int, seconds: float = 1.0, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def rms_db(x: np.ndarray) -> float:
    return 20 * np.log10(np.sqrt(np.mean(np.square(x, dtype=np.float64))) + 1e-12)


def dominant_hz(x: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(x.size)))
    return float(np.argmax(spectrum) * rate / x.size)


@pytest.mark.parametrize(
    ("rate", "hz"),
    [
        (rate, hz)
        for rate in MIC_RATES
        for hz in (440.0, 1000.0, 3150.0, 7000.0, 7200.0)
        if hz < rate / 2  # an 8 kHz input holds nothing above 4 kHz
    ],
)
def test_a_tone_keeps_its_frequency_and_level(rate, hz):
    out = resample(tone(hz, rate, seconds=2.0), rate)
    assert out.dtype == np.float32
    assert out.size == -(-2 * rate * 16000 // rate)  # every input sample covered
    middle = out[1600:-1600]  # away from the edges, where the stream starts and ends
    assert dominant_hz(middle, 16000) == pytest.approx(hz, abs=2.0)
    assert rms_db(middle) == pytest.approx(rms_db(tone(hz, rate)), abs=0.1)


@pytest.mark.parametrize("rate", [44100, 48000, 96000])
@pytest.mark.parametrize("hz", [8000.0, 8300.0, 9000.0, 12000.0, 20000.0])
def test_sound_above_8_khz_is_removed_not_folded_back(rate, hz):
    # Without a low-pass filter a 12 kHz tone would come out as a loud 4 kHz one.
    out = resample(tone(hz, rate, seconds=1.0), rate)[800:-800]
    assert rms_db(out) - rms_db(tone(hz, rate)) < -80


@pytest.mark.parametrize("rate", [44100, 48000, 22050])
def test_blocks_of_any_size_join_into_the_same_stream(rate):
    rng = np.random.default_rng(7)
    signal = rng.standard_normal(3 * rate).astype(np.float32) * 0.1
    whole = resample(signal, rate)
    resampler = Resampler(rate)
    pieces, i = [], 0
    for size in rng.integers(1, 3000, size=10_000):
        if i >= signal.size:
            break
        pieces.append(resampler.process(signal[i : i + size]))
        i += size
    pieces.append(resampler.flush())
    joined = np.concatenate(pieces)
    assert joined.size == whole.size
    np.testing.assert_allclose(joined, whole, atol=1e-6)


@pytest.mark.parametrize("rate", [44100, 48000])
def test_a_click_stays_where_it_was_so_word_times_stay_right(rate):
    signal = np.zeros(rate, np.float32)
    signal[rate // 2] = 1.0  # at 0.5 s
    out = resample(signal, rate)
    assert np.argmax(np.abs(out)) == 8000


def test_16_khz_passes_through_unchanged():
    signal = tone(440, 16000)
    resampler = Resampler(16000)
    np.testing.assert_array_equal(resampler.process(signal), signal)
    assert resampler.flush().size == 0


def test_rates_must_be_positive():
    with pytest.raises(ValueError):
        Resampler(0)
