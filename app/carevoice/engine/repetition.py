"""Catches Whisper's looping failure (the same text over and over) as segments stream out."""

from __future__ import annotations

import re
import zlib
from dataclasses import replace

from carevoice.engine.transcript import Segment, Word
from carevoice.phrases import Phrase

# Two identical sentences in a row happen in real speech ("Yes. Yes."); a third is a loop.
MAX_IDENTICAL_IN_A_ROW = 2
# A phrase of at least this many words repeated this many times back to back inside one
# segment is a loop, e.g. "I don't know. I don't know. I don't know. I don't know."
PHRASE_MIN_WORDS = 2
PHRASE_MIN_REPEATS = 4


# faster-whisper's own threshold (transcribe(compression_ratio_threshold=2.4)): text that
# gzip shrinks more than this is repeating itself. Its batched path never checks it.
COMPRESSION_RATIO_THRESHOLD = 2.4


def compression_ratio(text: str) -> float:
    """How much zlib shrinks `text`, as faster-whisper measures it."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def is_looping(text: str, ratio: float | None = None) -> bool:
    """True for Whisper's looping failure: text that compresses too well (as faster-whisper
    judges it), or one word said WORD_MIN_REPEATS+ / a phrase PHRASE_MIN_REPEATS+ times
    back to back ("1 1 1 1 1 …")."""
    if ratio is None:
        ratio = compression_ratio(text)
    if ratio > COMPRESSION_RATIO_THRESHOLD:
        return True
    keys = [_normalise(word) for word in text.split()]
    return any(_loop_end(keys, start) is not None for start in range(len(keys)))


def _normalise(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


def _format_time(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def collapse_phrase_loop(text: str) -> tuple[str, int]:
    """Cut a phrase repeated back to back PHRASE_MIN_REPEATS+ times to one copy.

    Returns the new text and how many copies were removed (0 when nothing looped).
    """
    words = text.split()
    n = len(words)
    for size in range(PHRASE_MIN_WORDS, n // PHRASE_MIN_REPEATS + 1):
        for start in range(0, n - size * PHRASE_MIN_REPEATS + 1):
            phrase = [_normalise(w) for w in words[start : start + size]]
            repeats = 1
            pos = start + size
            while pos + size <= n and [_normalise(w) for w in words[pos : pos + size]] == phrase:
                repeats += 1
                pos += size
            if repeats >= PHRASE_MIN_REPEATS:
                kept = words[: start + size] + words[pos:]
                return " ".join(kept), repeats - 1
    return text, 0


class RepetitionGuard:
    """Filters a stream of segments, dropping looped output and saying what it dropped."""

    def __init__(self) -> None:
        self._last_text = ""
        self._same_count = 0
        self._dropped_since: float | None = None
        self._dropped = 0
        self.warnings: list[str] = []

    def accept(self, segment: Segment) -> Segment | None:
        """The segment to keep (possibly shortened), or None when it is a repeat."""
        text, removed = collapse_phrase_loop(segment.text.strip())
        if removed:
            self.warnings.append(
                Phrase(
                    "Repeated words were removed at {time} ({copies} copies of the same "
                    "phrase): Whisper's looping failure.",
                    time=_format_time(segment.start_s),
                    copies=removed,
                )
            )
            segment = replace(segment, text=" " + text)
        normalised = _normalise(segment.text)
        if normalised and normalised == self._last_text:
            self._same_count += 1
        else:
            self._flush()
            self._last_text = normalised
            self._same_count = 1
        if self._same_count > MAX_IDENTICAL_IN_A_ROW:
            if self._dropped_since is None:
                self._dropped_since = segment.start_s
            self._dropped += 1
            self._dropped_until = segment.end_s
            return None
        return segment

    def _flush(self) -> None:
        if self._dropped:
            assert self._dropped_since is not None, "set with the first repeat dropped"
            self.warnings.append(
                Phrase(
                    "The same sentence repeated {times} times between {start} and {end}; "
                    "{dropped} repeats were removed (Whisper's looping failure). Listen to "
                    "that part to check it.",
                    times=self._dropped + MAX_IDENTICAL_IN_A_ROW,
                    start=_format_time(self._dropped_since),
                    end=_format_time(self._dropped_until),
                    dropped=self._dropped,
                )
            )
        self._dropped = 0
        self._dropped_since = None

    def finish(self) -> list[str]:
        self._flush()
        return self.warnings


# In timed words (a live pass's) one word may loop too: Chinese comes out a character
# at a time ("呼呼呼呼呼…" was measured), and real speech doubles or triples a word at most.
WORD_MIN_REPEATS = 5


def drop_word_loops(words: list[Word]) -> list[Word]:
    """The timed words with each back-to-back loop cut to its first copy: a phrase of 2+
    words repeated PHRASE_MIN_REPEATS+ times, or one word WORD_MIN_REPEATS+ times."""
    keys = [_normalise(w.text) for w in words]
    kept: list[Word] = []
    i = 0
    while i < len(words):
        end = _loop_end(keys, i)
        if end is None:
            kept.append(words[i])
            i += 1
        else:
            size, stop = end
            kept += words[i : i + size]
            i = stop
    return kept


def _loop_end(keys: list[str], start: int) -> tuple[int, int] | None:
    """(phrase size, index after the loop) when a loop starts at `start`, else None."""
    for size in range(1, (len(keys) - start) // PHRASE_MIN_REPEATS + 1):
        phrase = keys[start : start + size]
        if not all(phrase):
            continue
        pos = start + size
        repeats = 1
        while keys[pos : pos + size] == phrase:
            repeats += 1
            pos += size
        if repeats >= (WORD_MIN_REPEATS if size == 1 else PHRASE_MIN_REPEATS):
            return size, pos
    return None


def cut_loops_in_text(text: str) -> str:
    """`text` with every back-to-back loop (as drop_word_loops finds them) cut to one copy."""
    tokens = [Word(0.0, 0.0, " " + token, 1.0) for token in text.split()]
    return "".join(w.text for w in drop_word_loops(tokens))


def looped_retried(start_s: float) -> str:
    return Phrase(
        "Whisper repeated itself at {time}; that part was transcribed again at a higher "
        "temperature. Listen to it to check it.",
        time=_format_time(start_s),
    )


def looped_flagged(start_s: float) -> str:
    return Phrase(
        "Whisper repeated itself at {time}, and again when that part was transcribed a "
        "second time; the repeats were cut. Listen to that part to check it.",
        time=_format_time(start_s),
    )
