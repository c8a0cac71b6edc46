"""carevoice.notes.realign: a corrected note's words laid back on the recording's segments."""

from __future__ import annotations

from carevoice.engine.transcript import Segment, Word
from carevoice.notes.realign import realign
from tests.notes.transcripts import make_transcript

SAID = ["Gave Metformin five hundred.", "Blood pressure normal.", "Slept well."]


def texts(segments) -> list[str]:
    return [s.text.strip() for s in segments]


def times(segments) -> list[tuple[float, float]]:
    return [(s.start_s, s.end_s) for s in segments]


def test_an_unchanged_text_gives_the_segments_back_as_they_were():
    segments = make_transcript(SAID, words=True).segments
    assert realign(" ".join(SAID), segments) == tuple(segments)
    # Line breaks and spacing are the caregiver's layout, not a change of words.
    relaid = "Gave Metformin five hundred.\n\nBlood  pressure normal. Slept well."
    assert realign(relaid, segments) == tuple(segments)


def test_a_replaced_word_stays_in_its_segment_with_its_times():
    segments = make_transcript(SAID, words=True).segments
    fixed = realign("Gave Metoprolol 500 mg. Blood pressure normal. Slept well.", segments)
    assert texts(fixed) == ["Gave Metoprolol 500 mg.", "Blood pressure normal.", "Slept well."]
    assert times(fixed) == times(segments)
    assert fixed[0].words == ()  # the recognised words' timings no longer describe it
    assert fixed[1:] == tuple(segments[1:])  # untouched segments keep their word timings
    assert fixed[0].text.startswith(" ")  # Whisper's shape, as the engine gives it


def test_inserted_words_join_the_segment_before_them_and_at_the_start_the_first():
    segments = make_transcript(SAID).segments
    fixed = realign(
        "At 8: Gave Metformin five hundred. Checked: Blood pressure normal. Slept well. Ate well.",
        segments,
    )
    assert texts(fixed) == [
        "At 8: Gave Metformin five hundred. Checked:",
        "Blood pressure normal.",
        "Slept well. Ate well.",
    ]
    assert times(fixed) == times(segments)


def test_a_segment_whose_words_were_all_deleted_is_left_out():
    segments = make_transcript(SAID).segments
    fixed = realign("Gave Metformin five hundred. Slept well.", segments)
    assert texts(fixed) == ["Gave Metformin five hundred.", "Slept well."]
    assert times(fixed) == [times(segments)[0], times(segments)[2]]
    assert realign("", segments) == ()
    assert realign("Typed note.", []) == ()


def test_a_rewritten_stretch_is_spread_over_its_segments_in_order():
    segments = make_transcript(["one two", "three four", "five six"]).segments
    fixed = realign("un deux trois quatre cinq six", segments)
    assert texts(fixed) == ["un deux", "trois quatre", "cinq six"]
    # Reading the segments in order gives the whole text, whatever the edit.
    for text in ("six five four three two one", "one", "one two three four five six seven"):
        assert " ".join(texts(realign(text, segments))) == text


def test_chinese_is_aligned_character_by_character():
    segments = make_transcript(["今天她寫了兩個字給女兒。", "她的血壓正常。"], "zh").segments
    fixed = realign("今天她寫了三個字給女兒。她的血糖正常，睡得好。", segments)
    assert texts(fixed) == ["今天她寫了三個字給女兒。", "她的血糖正常，睡得好。"]
    assert times(fixed) == times(segments)


def test_a_recording_without_words_gives_its_first_segment_the_text():
    silent = (Segment(0, 0.0, 3.0, "", words=(Word(0.0, 1.0, "", 0.1),)),)
    [only] = realign("Typed over the silence.", silent)
    assert (only.start_s, only.end_s, only.text) == (0.0, 3.0, "Typed over the silence.")
