"""Whisper's looping failure, caught in timed words (live passes) and in segment text."""

from __future__ import annotations

from carevoice.engine.repetition import collapse_phrase_loop, drop_word_loops
from carevoice.engine.transcript import Word


def timed(*texts: str) -> list[Word]:
    return [Word(i * 0.3, i * 0.3 + 0.25, text, 0.9) for i, text in enumerate(texts)]


def texts(words: list[Word]) -> list[str]:
    return [w.text.strip() for w in words]


def test_one_character_looping_is_cut_to_one():
    # Measured with the base model on espeak Mandarin in a live pass: 呼 x 26.
    words = timed("護", "士", *["呼"] * 26)
    assert texts(drop_word_loops(words)) == ["護", "士", "呼"]


def test_a_looping_phrase_is_cut_to_its_first_copy_and_what_follows_stays():
    words = timed(" in", " the", *[" of", " the", " episode"] * 6, " Bye.")
    assert texts(drop_word_loops(words)) == ["in", "the", "of", "the", "episode", "Bye."]


def test_real_repetition_in_speech_is_kept():
    for spoken in (
        ("No,", " no,", " no."),  # three times: people do that
        ("謝", "謝", "你"),
        ("very", " very", " very", " very", " good"),  # a single word four times
        ("I", " don't", " know.", " I", " don't", " know.", " I", " don't", " know."),
    ):
        assert texts(drop_word_loops(timed(*spoken))) == [w.strip() for w in spoken]


def test_words_keep_their_times():
    words = timed("a", *["b"] * 7, "c")
    kept = drop_word_loops(words)
    assert kept == [words[0], words[1], words[-1]]


def test_a_phrase_loop_inside_segment_text_collapses():
    text, removed = collapse_phrase_loop("I don't know. I don't know. I don't know. I don't know.")
    assert (text, removed) == ("I don't know.", 3)


def test_is_looping_catches_one_word_over_and_over_and_what_compresses_too_well():
    from carevoice.engine.repetition import compression_ratio, cut_loops_in_text, is_looping

    assert is_looping(" 3 3 1 1 1 1 1 1 1 2 1 1")
    assert is_looping("the end " * 12)  # compresses far better than speech (ratio > 2.4)
    assert compression_ratio("the end " * 12) > 2.4
    assert not is_looping(" Yes, yes. She slept well and asked for tea at breakfast.")
    assert not is_looping(" one two two three")
    assert cut_loops_in_text(" 3 3 1 1 1 1 1 1 1 2") == " 3 3 1 2"
