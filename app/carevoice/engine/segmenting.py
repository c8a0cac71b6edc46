"""Sentence-sized segments, and how long a text is as subtitle lines.

Whisper's batched path gives one segment per VAD chunk (up to 30 s, ~400 characters),
useless as a subtitle, for "hear this sentence" or in a one-line editor. Segments are
cut here on their word timestamps: at every sentence end, and inside a sentence that is
still longer than MAX_SEGMENT_S or two subtitle lines, at the best break before the
limit (clause punctuation, else the longest pause, else the last word that fits).

Subtitle lines follow the common rule: at most MAX_LINES lines of LINE_CHARS characters;
Chinese and Japanese lines count characters and hold CJK_LINE_CHARS (Netflix's rule for
Traditional Chinese is 16).
"""

from __future__ import annotations

import dataclasses

from carevoice.engine.transcript import Segment, Word

MAX_SEGMENT_S = 10.0
LINE_CHARS = 42
CJK_LINE_CHARS = 16
MAX_LINES = 2

_SENTENCE_ENDS = (".", "?", "!", "。", "？", "！", "…")
_CLAUSE_ENDS = (",", ";", ":", "，", "；", "：", "、", "—")
_ABBREVIATIONS = frozenset({"mr.", "mrs.", "ms.", "dr.", "st.", "no.", "vs.", "e.g.", "i.e."})


def is_cjk_char(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x9FFF  # CJK unified ideographs and extension A
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= code <= 0xFF60  # full-width punctuation and forms
        or 0x3000 <= code <= 0x303F  # CJK punctuation (。、「」)
        or 0x20000 <= code <= 0x3134F  # extensions B to G
    )


def is_cjk_text(text: str) -> bool:
    """True when most of the letters in `text` are Chinese or Japanese characters."""
    letters = [ch for ch in text if ch.isalnum() or is_cjk_char(ch)]
    if not letters:
        return False
    return sum(is_cjk_char(ch) for ch in letters) * 2 >= len(letters)


def line_limit(text: str) -> int:
    """Characters one subtitle line of `text` may hold."""
    return CJK_LINE_CHARS if is_cjk_text(text) else LINE_CHARS


def wrap_lines(text: str) -> list[str]:
    """`text` broken into subtitle lines of at most line_limit(text) characters.

    Western text breaks between words; CJK text, which has no spaces, between characters
    (preferring just after punctuation). A single word longer than a line stays whole.
    """
    text = " ".join(text.split())
    if not text:
        return []
    limit = line_limit(text)
    if is_cjk_text(text):
        return _wrap_cjk(text, limit)
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


# A CJK line never starts with these: they close what the line before said.
_NO_LINE_START = "。，、；：？！…」』）》〉．,.;:?!)"


def _wrap_cjk(text: str, limit: int) -> list[str]:
    """Lines of about equal length, broken just after punctuation where there is some
    near the middle, and never with punctuation alone at the start of a line."""
    lines: list[str] = []
    rest = text
    while len(rest) > limit:
        count = -(-len(rest) // limit)  # lines still needed
        target = -(-len(rest) // count)
        candidates = [
            i
            for i in range(max(1, target - limit // 3), limit + 1)
            if rest[i - 1] in _CLAUSE_ENDS + _SENTENCE_ENDS + (" ",)
        ]
        cut = min(candidates, key=lambda i: abs(i - target)) if candidates else target
        while cut < len(rest) and rest[cut] in _NO_LINE_START and cut > 1:
            cut -= 1  # carry the character before it down with it
        lines.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        lines.append(rest)
    return lines


def fits_subtitle(text: str) -> bool:
    """True when `text` fits MAX_LINES subtitle lines."""
    return len(wrap_lines(text)) <= MAX_LINES


def _ends_sentence(text: str) -> bool:
    text = text.strip()
    return text.endswith(_SENTENCE_ENDS) and text.lower() not in _ABBREVIATIONS


def _ends_clause(text: str) -> bool:
    return text.strip().endswith(_CLAUSE_ENDS)


def _join(words: list[Word]) -> str:
    return "".join(w.text for w in words)


def _fits(words: list[Word], max_s: float) -> bool:
    return words[-1].end_s - words[0].start_s <= max_s and fits_subtitle(_join(words))


def _best_break(words: list[Word]) -> int:
    """Where to cut `words` (which overflow): the index of the first word of the second part.

    Clause punctuation in the second half of the run wins, else the longest pause in it,
    else the cut just before the last word.
    """
    half = max(1, len(words) // 2)
    for i in range(len(words) - 1, half - 1, -1):
        if _ends_clause(words[i - 1].text):
            return i
    gaps = [(words[i].start_s - words[i - 1].end_s, i) for i in range(half, len(words))]
    gap, i = max(gaps, default=(0.0, len(words) - 1))
    return i if gap > 0.15 else len(words) - 1


def group_words(words: list[Word], max_s: float = MAX_SEGMENT_S) -> list[list[Word]]:
    """`words` in sentence-sized runs, none over `max_s` nor two subtitle lines (a single
    word longer than that stays whole)."""
    groups: list[list[Word]] = []
    current: list[Word] = []
    for word in words:
        current.append(word)
        while len(current) > 1 and not _fits(current, max_s):
            cut = _best_break(current)
            groups.append(current[:cut])
            current = current[cut:]
        if _ends_sentence(word.text):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def split_segment(segment: Segment, max_s: float = MAX_SEGMENT_S) -> list[Segment]:
    """`segment` cut into sentence-sized segments on its word timestamps.

    A segment without words (word timestamps off) is returned whole: without timings any
    cut would guess. The pieces keep the segment's scores; `index` is the caller's to set.
    """
    words = [w for w in segment.words if w.text.strip()]
    if not words:
        return [segment]
    groups = group_words(words, max_s)
    if len(groups) == 1 and segment.end_s - segment.start_s <= max_s:
        return [segment]
    # The words' own times: a batched chunk's start and end include the silence VAD kept.
    return [
        dataclasses.replace(
            segment,
            start_s=group[0].start_s,
            end_s=group[-1].end_s,
            text=_join(group),
            words=tuple(group),
        )
        for group in groups
    ]
