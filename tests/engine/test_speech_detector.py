"""The speech detector on espeak-ng speech between stretches of silence."""

from __future__ import annotations

import numpy as np
import pytest

from carevoice.engine.speech_detector import SpeechDetector
from tests.engine.test_live import RATE, words


def test_the_speech_detector_hears_speech_and_not_silence(note_audio):
    detector = SpeechDetector()
    silence = np.zeros(2 * RATE, np.float32)
    for piece in np.array_split(np.concatenate([silence, note_audio, silence]), 97):
        detector.feed(piece)  # odd sizes: frames span the joins
    assert not detector.speech_in(0.0, 1.9)
    assert detector.speech_in(2.0, 4.0)
    speech_end = 2.0 + note_audio.size / RATE
    assert detector.speech_end_s == pytest.approx(speech_end, abs=0.5)
    assert not detector.speech_in(speech_end + 0.3, detector.duration_s)
    assert detector.first_speech_s(0.0) == pytest.approx(2.0, abs=0.3)


def test_words_written_into_silence_are_not_words(note_audio):
    # tiny.en with hotwords, stopped half a second after the last word, sometimes adds
    # words the silence did not say; they lie where the detector hears no speech.
    detector = SpeechDetector()
    silence = np.zeros(2 * RATE, np.float32)
    detector.feed(np.concatenate([silence, note_audio, silence]))
    speech_end = detector.speech_end_s
    said = words(("The", 2.05), ("afternoon.", speech_end - 0.35))
    invented = words(("Margaret", 0.5), ("2", speech_end + 0.3), ("O'Brien", speech_end + 1.0))
    heard = sorted(said + invented, key=lambda w: w.start_s)
    assert detector.words_with_speech(heard) == said
