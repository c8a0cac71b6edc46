"""A live pass with the encoder sized to the window: it hears real speech as well, and
every other transcription keeps faster-whisper's own 30 s padding."""

from __future__ import annotations

import threading

import numpy as np

from carevoice.audio.decode import decode_audio
from carevoice.engine.agreement import words_text
from carevoice.engine.live_pass import decode_window
from carevoice.engine.transcriber import TranscribeOptions
from tests.speech import LONG_SENTENCES, MAX_LIVE_WER, espeak, word_error_rate

SAID = " ".join(LONG_SENTENCES[:2])


def test_a_sized_encoder_hears_the_window_and_leaves_other_passes_padded(shared_pool, tmp_path):
    import faster_whisper.transcribe as library

    audio = decode_audio(espeak(SAID, tmp_path / "two.wav")).samples
    options = TranscribeOptions(language="en")
    frames_seen: list[int] = []
    done = threading.Event()
    with shared_pool.lease("tiny.en", "cpu", "int8") as loaded:

        def sized_pass():
            try:
                heard.append(decode_window(loaded.model, audio, 0.0, options, "en", 1, None, 3.0))
            finally:
                done.set()

        heard: list = []
        worker = threading.Thread(target=sized_pass)
        worker.start()
        # Meanwhile, on this thread, the library pads as it always does.
        while not done.is_set():
            frames_seen.append(library.pad_or_trim(np.zeros((80, 500), np.float32)).shape[-1])
        worker.join()
        padded = decode_window(loaded.model, audio, 0.0, options, "en", 1, None)
    assert heard, "the sized pass failed"
    sized_text = words_text(heard[0].words)
    assert word_error_rate(SAID, sized_text) <= MAX_LIVE_WER, sized_text
    assert word_error_rate(SAID, words_text(padded.words)) <= MAX_LIVE_WER
    assert frames_seen and set(frames_seen) == {3000}, "another thread's padding changed"
    assert library.pad_or_trim(np.zeros((80, 500), np.float32)).shape[-1] == 3000
    # The words' times still fall inside the window (the timestamps follow the audio).
    assert 0.0 <= heard[0].words[0].start_s < heard[0].words[-1].end_s <= audio.size / 16000 + 0.5


def test_the_sized_pass_gives_the_encoder_the_window_and_three_seconds(
    shared_pool, tmp_path, monkeypatch
):
    import faster_whisper.transcribe as library

    audio = decode_audio(espeak(LONG_SENTENCES[0], tmp_path / "one.wav")).samples
    options = TranscribeOptions(language="en")
    with shared_pool.lease("tiny.en", "cpu", "int8") as loaded:
        decode_window(loaded.model, audio, 0.0, options, "en", 1, None, 3.0)  # installs it
        installed = library.pad_or_trim
        given: list[int] = []

        def recording(array, *args, **kwargs):
            out = installed(array, *args, **kwargs)
            given.append(out.shape[-1])
            return out

        recording.carevoice_sizing = True  # type: ignore[attr-defined]
        monkeypatch.setattr(library, "pad_or_trim", recording)
        decode_window(loaded.model, audio, 0.0, options, "en", 1, None, 3.0)
        sized = list(given)
        given.clear()
        decode_window(loaded.model, audio, 0.0, options, "en", 1, None)
    frames = -(-audio.size // 160)  # 10 ms mel frames
    assert sized and all(abs(n - (frames + 300)) <= 2 for n in sized), (sized, frames)
    assert given and set(given) == {3000}, "without sizing, the library's 30 s"
