"""One live pass: a window of a dictation decoded once, quickly, into timed words.

How a pass is made (greedy, one temperature, the glossary and settled text as prompt)
lives here; which window to decode and what of its words may settle is the
LiveTranscriber's business (`live.py`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from carevoice.engine.agreement import join_text
from carevoice.engine.transcriber import SAMPLE_RATE, TranscribeOptions
from carevoice.engine.transcript import Word

log = logging.getLogger(__name__)


# faster-whisper 1.2.1 pads every window to Whisper's 30 s (generate_segments calls
# pad_or_trim(segment), 3000 frames) and the encoder's time is that of 30 s whatever the
# window: 86% of a 6 s live pass here. CTranslate2's encoder takes shorter input. A pass
# asked to size it (`encoder_pad_s`) pads the window only that much past its end; every
# other transcription, on any thread, gets the library's own padding.
_sizing = threading.local()
_install_lock = threading.Lock()
FRAMES_PER_S = 100
FULL_FRAMES = 3000


def _install_sizing() -> None:
    """Wrap faster-whisper's pad_or_trim once (faster_whisper is imported lazily: the
    window opens before it loads)."""
    import faster_whisper.transcribe as library

    with _install_lock:
        if getattr(library.pad_or_trim, "carevoice_sizing", False):
            return
        padded = library.pad_or_trim

        def pad_or_trim(array, length: int = FULL_FRAMES, axis: int = -1):
            extra_s = getattr(_sizing, "pad_s", None)
            if extra_s is not None and length == FULL_FRAMES:
                length = min(FULL_FRAMES, array.shape[axis] + round(extra_s * FRAMES_PER_S))
            return padded(array, length=length, axis=axis)

        pad_or_trim.carevoice_sizing = True  # type: ignore[attr-defined]
        library.pad_or_trim = pad_or_trim


@contextlib.contextmanager
def _encoder_sized(pad_s: float | None) -> Iterator[None]:
    if pad_s is None:
        yield
        return
    _install_sizing()
    _sizing.pad_s = pad_s
    try:
        yield
    finally:
        _sizing.pad_s = None


@dataclass
class LivePass:
    words: list[Word]
    segment_ends: list[tuple[float, float]]  # (last word's end, segment end) per segment
    language: str
    language_probability: float


def live_prompt(options: TranscribeOptions, settled_text: str, max_chars: int) -> str | None:
    """The glossary always leads (as for files: hotwords alone left "Donepezil" as
    "don't reveal"); the latest `max_chars` of settled text follow as context."""
    fixed = join_text(options.glossary() or "", options.initial_prompt or "")
    return join_text(fixed, settled_text[-max_chars:]) or None


def decode_window(
    model: Any,
    window: np.ndarray,
    offset_s: float,
    options: TranscribeOptions,
    language: str | None,
    beam_size: int,
    prompt: str | None,
    encoder_pad_s: float | None = None,
) -> LivePass:
    """Decode `window` (16 kHz) with faster-whisper's `model`; times are from the start of
    the dictation (`offset_s` is where the window starts). `encoder_pad_s`: give the
    encoder the window and this much silence after it instead of 30 s (see above)."""
    with _encoder_sized(encoder_pad_s):
        return _decode(model, window, offset_s, options, language, beam_size, prompt)


def _decode(model, window, offset_s, options, language, beam_size, prompt) -> LivePass:
    # The segments are a generator: decoding happens while they are read, in here.
    segments, info = model.transcribe(
        window,
        language=language,
        task=options.task,
        beam_size=beam_size,
        word_timestamps=True,
        vad_filter=False,  # silence is skipped before a pass, not inside it
        # One decode, no retries at higher temperatures: on the pass after stop the
        # retries (low confidence on a short tail is common) cost ~0.3 s of the final
        # text's wait (benchmarks/dictation_latency.py); loops are cut from the words.
        temperature=[0.0],
        condition_on_previous_text=False,
        initial_prompt=prompt,
        hotwords=options.hotwords(),
    )
    words: list[Word] = []
    ends: list[tuple[float, float]] = []
    for segment in segments:
        seg_words = [
            Word(w.start + offset_s, w.end + offset_s, w.word, w.probability)
            for w in (segment.words or ())
            if w.word.strip()
        ]
        if seg_words:
            words += seg_words
            ends.append((seg_words[-1].end_s, segment.end + offset_s))
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "pass @%.2f+%.2fs: [%.2f-%.2f] cr %.2f lp %.2f ns %.2f %s",
                offset_s,
                window.size / SAMPLE_RATE,
                segment.start,
                segment.end,
                segment.compression_ratio,
                segment.avg_logprob,
                segment.no_speech_prob,
                " ".join(
                    f"{w.text.strip()}@{w.start_s:.2f}-{w.end_s:.2f}:{w.probability:.2f}"
                    for w in seg_words
                ),
            )
    return LivePass(words, ends, info.language, info.language_probability)
