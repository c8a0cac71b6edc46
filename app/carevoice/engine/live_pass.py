"""One live pass: a window of a dictation decoded once, quickly, into timed words.

How a pass is made (greedy, one temperature, the glossary and settled text as prompt)
lives here; which window to decode and what of its words may settle is the
LiveTranscriber's business (`live.py`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from carevoice.engine.agreement import join_text
from carevoice.engine.transcriber import SAMPLE_RATE, TranscribeOptions, glossary_prompt
from carevoice.engine.transcript import Word

log = logging.getLogger(__name__)


@dataclass
class LivePass:
    words: list[Word]
    segment_ends: list[tuple[float, float]]  # (last word's end, segment end) per segment
    language: str
    language_probability: float


def live_prompt(options: TranscribeOptions, settled_text: str, max_chars: int) -> str | None:
    """The glossary always leads (as for files: hotwords alone left "Donepezil" as
    "don't reveal"); the latest `max_chars` of settled text follow as context."""
    fixed = join_text(glossary_prompt(options.vocabulary) or "", options.initial_prompt or "")
    return join_text(fixed, settled_text[-max_chars:]) or None


def decode_window(
    model: Any,
    window: np.ndarray,
    offset_s: float,
    options: TranscribeOptions,
    language: str | None,
    beam_size: int,
    prompt: str | None,
) -> LivePass:
    """Decode `window` (16 kHz) with faster-whisper's `model`; times are from the start of
    the dictation (`offset_s` is where the window starts)."""
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
        hotwords=" ".join(options.vocabulary) or None,
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
