"""A corrected note's text laid back onto the recording's timed segments (no Qt).

A note has one truth, its text as the caregiver left it; the segments keep the timings
of the recording as it was transcribed. Everything timed that is made from a note (SRT,
VTT, JSON, the sentence list) takes its words from the text and its times from the
segments, by this rule:

1. Both are cut into words: runs of non-space characters, and each CJK character on its
   own (Chinese has no spaces between words). Words are compared without case or
   punctuation.
2. The recognised words (each knowing its segment) and the corrected words are aligned
   by a word-level diff (difflib's longest matching blocks).
3. A corrected word that matches a recognised word takes that word's segment. Words that
   replace a run of recognised words are spread in order over that run's segments, in
   proportion. Words inserted where nothing was recognised join the segment of the word
   before them (the first segment, at the very start).
4. A segment's text is the stretch of the corrected text from its first word to its last,
   as written (line breaks become spaces); its start and end times are kept. A segment
   whose words were all deleted is left out. Word timings are kept only where the
   segment's text did not change (they describe the words that were recognised).

Because each word's segment never goes backwards, every segment's words are one
contiguous stretch of the text, and the segments read in order give the whole text.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence

from carevoice.engine.transcript import Segment

# CJK ideographs, kana, Hangul and full-width forms: one word per character.
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_WORD = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+")
_NOT_WORD = re.compile(r"[\W_]+")


def realign(text: str, segments: Sequence[Segment]) -> tuple[Segment, ...]:
    """The segments carrying `text` (a correction of their words), by the rule above."""
    if not segments:
        return ()
    recognised: list[str] = []  # the compared form of each recognised word
    segment_of: list[int] = []  # its segment's position in `segments`
    for position, segment in enumerate(segments):
        for match in _WORD.finditer(segment.text):
            recognised.append(_key(match.group()))
            segment_of.append(position)
    words = list(_WORD.finditer(text))
    corrected = [_key(match.group()) for match in words]
    if not words:
        return ()
    # Nothing recognised (only silence): the whole text is the first segment's.
    owner = _owners(recognised, segment_of, corrected) if recognised else [0] * len(words)

    result: list[Segment] = []
    first = 0
    while first < len(words):
        position = owner[first]
        last = first
        while last + 1 < len(words) and owner[last + 1] == position:
            last += 1
        stretch = text[words[first].start() : words[last].end()]
        result.append(_with_text(segments[position], stretch))
        first = last + 1
    return tuple(result)


def _owners(recognised: list[str], segment_of: list[int], corrected: list[str]) -> list[int]:
    """For each corrected word, the position of the segment it belongs to."""
    owner: list[int] = []
    matcher = difflib.SequenceMatcher(None, recognised, corrected, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            owner += segment_of[i1:i2]
        elif tag == "replace":
            span, count = i2 - i1, j2 - j1
            owner += [segment_of[i1 + (k * span) // count] for k in range(count)]
        elif tag == "insert":
            before = owner[-1] if owner else segment_of[min(i1, len(segment_of) - 1)]
            owner += [before] * (j2 - j1)
        # "delete": recognised words the caregiver removed have nothing to place.
    return owner


def _with_text(segment: Segment, stretch: str) -> Segment:
    stretch = " ".join(stretch.split())
    if stretch == segment.text.strip():
        return segment
    # Whisper's segments start with a space in spaced languages; keep the shape.
    lead = segment.text[: len(segment.text) - len(segment.text.lstrip())]
    return dataclasses.replace(segment, text=lead + stretch, words=())


def _key(word: str) -> str:
    return _NOT_WORD.sub("", word.casefold()) or word
