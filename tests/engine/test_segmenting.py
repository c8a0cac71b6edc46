"""Sentence-sized segments and subtitle lines (carevoice/engine/segmenting.py)."""

from __future__ import annotations

import pytest

from carevoice.engine.segmenting import (
    CJK_LINE_CHARS,
    LINE_CHARS,
    MAX_SEGMENT_S,
    split_segment,
    wrap_lines,
)
from carevoice.engine.transcript import Segment, Word


def timed_words(text: str, start: float = 0.0, step: float = 0.4, pauses=()) -> tuple:
    """Words of `text` every `step` seconds; `pauses` are indices of words after a 1 s gap."""
    words, t = [], start
    for i, token in enumerate(text.split()):
        if i in pauses:
            t += 1.0
        words.append(Word(t, t + step - 0.1, " " + token, 0.9))
        t += step
    return tuple(words)


def segment_of(text: str, **kwargs) -> Segment:
    words = timed_words(text, **kwargs)
    return Segment(0, words[0].start_s, words[-1].end_s, " " + text, -0.2, 0.01, 1.5, words)


def test_a_chunk_of_sentences_becomes_one_segment_per_sentence():
    chunk = segment_of("She slept well. Mr. Brown asked for tea! Was it hot? Yes.")
    pieces = split_segment(chunk)
    assert [p.text.strip() for p in pieces] == [
        "She slept well.",
        "Mr. Brown asked for tea!",  # "Mr." does not end a sentence
        "Was it hot?",
        "Yes.",
    ]
    assert all(p.words and p.start_s == p.words[0].start_s for p in pieces)
    assert all(p.avg_logprob == chunk.avg_logprob for p in pieces)
    assert [w for p in pieces for w in p.words] == list(chunk.words)


def test_a_long_sentence_is_cut_at_a_comma_within_the_limits():
    text = (
        "The nurse changed the dressing on her left arm this morning before breakfast, "
        "and the wound looks clean and dry with no sign of redness at all today"
    )
    pieces = split_segment(segment_of(text))
    assert len(pieces) >= 2
    assert pieces[0].text.strip().endswith("breakfast,")
    for piece in pieces:
        assert piece.end_s - piece.start_s <= MAX_SEGMENT_S
        assert len(wrap_lines(piece.text)) <= 2


def test_without_punctuation_a_long_run_is_cut_at_the_longest_pause():
    # 0.6 s a word: the run passes 10 s at its 16th word; the pause before the 12th wins.
    text = " ".join(["ok"] * 11 + ["after"] + ["more"] * 10)
    pieces = split_segment(segment_of(text, step=0.6, pauses=(11,)))
    assert pieces[1].text.split()[0] == "after"
    assert all(p.end_s - p.start_s <= MAX_SEGMENT_S for p in pieces)


def test_a_segment_without_words_is_left_whole():
    whole = Segment(0, 0.0, 28.0, " A long chunk. With sentences. But no word timings.")
    assert split_segment(whole) == [whole]


def test_chinese_sentences_split_on_chinese_punctuation():
    words = tuple(
        Word(i * 0.3, i * 0.3 + 0.25, ch, 0.9) for i, ch in enumerate("她睡得很好。早餐吃了粥！")
    )
    segment = Segment(0, 0.0, 4.0, "她睡得很好。早餐吃了粥！", words=words)
    assert [p.text for p in split_segment(segment)] == ["她睡得很好。", "早餐吃了粥！"]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("Short line.", ["Short line."]),
        (
            "The nurse changed the dressing on her left arm and the wound looks clean.",
            ["The nurse changed the dressing on her left", "arm and the wound looks clean."],
        ),
        ("對，這就是我，萬人敬仰的太乙真人。", ["對，這就是我，", "萬人敬仰的太乙真人。"]),
        ("病人今晚睡得很好", ["病人今晚睡得很好"]),
    ],
)
def test_wrap_lines(text, lines):
    assert wrap_lines(text) == lines


def test_cjk_lines_count_characters_and_never_start_with_punctuation():
    text = "病人今晚睡得很好早上吃了一碗粥和一顆蛋下午在花園散步了半小時。"
    lines = wrap_lines(text)
    assert "".join(lines) == text
    assert all(len(line) <= CJK_LINE_CHARS for line in lines)
    assert all(line[0] not in "。，" for line in lines)


def test_western_lines_hold_at_most_42_characters():
    text = " ".join(["resident"] * 30)
    assert all(len(line) <= LINE_CHARS for line in wrap_lines(text))
