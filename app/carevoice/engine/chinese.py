"""Mandarin in Traditional characters with Taiwan phrasing, whatever script Whisper wrote.

Whisper writes Mandarin in Simplified or Traditional characters as it pleases, often
mixing both in one file. OpenCC's s2twp conversion (characters and Taiwan vocabulary:
软件 → 軟體, 内存 → 記憶體) makes it consistent. Text already in Traditional characters
passes through unchanged, and so do English and digits.
"""

from __future__ import annotations

import dataclasses
import functools

from carevoice.engine.transcript import Segment, Transcript

CONVERSION = "s2twp"


@functools.cache
def _converter():
    # OpenCC 1.4 (the maintained C++ library's own wheel): the same s2twp output as
    # opencc-python-reimplemented on the test sentences, about 30x faster (measured 7 ms
    # against 228 ms for 20 x 2,960 characters). PyInstaller's contrib hook-opencc
    # collects its dictionaries; the self-test converts a sentence to prove they are there.
    from opencc import OpenCC

    return OpenCC(CONVERSION)


def to_traditional(text: str) -> str:
    """`text` in Traditional Chinese, Taiwan phrasing; non-Chinese text is left as is."""
    if not text or not any(_is_cjk(ch) for ch in text):
        return text
    return _converter().convert(text)


def is_mandarin(language: str | None) -> bool:
    """True for Whisper's "zh" (and zh-* tags): the languages the conversion applies to."""
    if not language:
        return False
    return language.lower().split("-")[0].split("_")[0] == "zh"


def postprocess_transcript(transcript: Transcript, traditional: bool) -> Transcript:
    """The transcript as the user wants to read it: for Mandarin with the setting on,
    every segment's and word's text in Traditional characters. Otherwise unchanged.

    Returns a new Transcript; the one passed in is not modified.
    """
    if not traditional or not is_mandarin(transcript.language):
        return transcript
    return dataclasses.replace(
        transcript, segments=[convert_segment(s) for s in transcript.segments]
    )


def convert_segment(segment: Segment) -> Segment:
    """One segment (and its words) in Traditional characters, Taiwan phrasing."""
    words = tuple(dataclasses.replace(w, text=to_traditional(w.text)) for w in segment.words)
    return dataclasses.replace(segment, text=to_traditional(segment.text), words=words)


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3400 <= code <= 0x9FFF  # CJK unified ideographs and extension A
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x3134F  # extensions B to G
    )
