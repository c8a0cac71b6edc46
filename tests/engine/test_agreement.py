"""The settling policy of live text, on scripted hypotheses."""

from __future__ import annotations

from carevoice.engine.agreement import LocalAgreement
from tests.engine.test_live import words


def test_words_settle_once_two_hypotheses_agree():
    policy = LocalAgreement()
    assert policy.update(words(("the", 0.0), ("resident", 0.4))) == []
    settled = policy.update(words(("the", 0.0), ("resident", 0.4), ("took", 0.8)))
    assert [w.text for w in settled] == [" the", " resident"]
    assert [w.text for w in policy.pending] == [" took"]
    # A later hypothesis that disagrees cannot take settled words back.
    policy.update(words(("a", 0.0), ("president", 0.4), ("took", 0.8), ("her", 1.2)))
    assert [w.text for w in policy.settled] == [" the", " resident", " took"]


def test_passes_over_too_little_audio_cannot_settle_a_mishearing():
    # Seen live: the passes over the first second of speech both heard "The man's living"
    # for "The resident took her"; with longer windows the model hears it right.
    policy = LocalAgreement(min_window_s=1.5)
    assert policy.update(words(("The", 0.0), ("man's", 0.4)), 0.5, window_s=0.9) == []
    misheard = words(("The", 0.0), ("man's", 0.4), ("living", 0.8))
    assert policy.update(misheard, horizon_s=1.0, window_s=1.4) == []
    assert [w.text for w in policy.pending] == [" The", " man's", " living"]  # shown
    heard = words(("The", 0.0), ("resident", 0.4), ("took", 0.8), ("her", 1.2))
    assert policy.update(heard, horizon_s=1.5, window_s=1.9) == []  # the first that counts
    settled = policy.update(heard + words(("morning", 1.6)), horizon_s=2.0, window_s=2.4)
    assert [w.text for w in settled] == [" The", " resident", " took", " her"]


def test_agreement_ignores_case_and_punctuation_but_keeps_the_newer_wording():
    policy = LocalAgreement()
    policy.update(words(("breakfast", 1.0), ("she", 1.5)))
    settled = policy.update(words(("Breakfast.", 1.02), ("She", 1.5)))
    assert [w.text for w in settled] == [" Breakfast.", " She"]


def test_settled_words_heard_again_in_an_overlapping_window_are_not_repeated():
    policy = LocalAgreement()
    policy.update(words(("her", 0.0), ("morning", 0.4), ("medication", 0.8)))
    policy.update(words(("her", 0.0), ("morning", 0.4), ("medication", 0.8)))
    assert len(policy.settled) == 3
    # The next window still holds the last words; their times moved a little.
    again = words(("morning", 0.45), ("medication", 0.85), ("and", 1.3), ("ate", 1.6))
    policy.update(again)
    assert [w.text for w in policy.pending] == [" and", " ate"]
    policy.update(again)
    assert [w.text for w in policy.settled][-2:] == [" and", " ate"]


def test_a_word_cut_off_by_the_window_end_waits():
    policy = LocalAgreement()
    policy.update(words(("took", 0.0), ("medicaid", 1.7)))
    settled = policy.update(words(("took", 0.0), ("medicaid", 1.7)), horizon_s=1.6)
    assert [w.text for w in settled] == [" took"]
    assert [w.text for w in policy.pending] == [" medicaid"]


def test_settle_all_takes_the_whole_latest_hypothesis():
    policy = LocalAgreement()
    policy.update(words(("a", 0.0), ("b", 0.4)))
    assert [w.text for w in policy.settle_all()] == [" a", " b"]
    assert policy.pending == []
    settled = policy.settle_all(words(("b", 0.41), ("c", 0.8)))
    assert [w.text for w in settled] == [" c"]
