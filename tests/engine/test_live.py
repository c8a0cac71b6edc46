"""Live transcription: settled words never change, silence is skipped, the tail is quick.

The policy is tested on scripted hypotheses; the transcriber with the real tiny.en model
on espeak-ng speech, fed as if it were arriving, and then end to end: speech played into
the virtual microphone, recorded through PortAudio and transcribed while it plays.
"""

from __future__ import annotations

import shutil
import threading
import time

import numpy as np
import pytest

from carevoice.audio.decode import decode_audio
from carevoice.audio.recorder import StopKind
from carevoice.engine.dictation import Dictation, retranscribe
from carevoice.engine.live import LiveTranscriber, LiveUpdate
from carevoice.engine.transcriber import TranscribeOptions
from carevoice.engine.transcript import Word, segments_from_words
from tests.audio.pulse import (
    VirtualMicrophone,
    environment,
    private_runtime_dir,
    virtual_microphone_or_skip,
    wait_until,
)
from tests.speech import ENGLISH_NOTE, MAX_LIVE_WER, word_error_rate

# tiny.en on espeak-ng speech gets 0.0-0.15 of this note wrong read as a file; live, each
# pass hears less context, so allow more.
TINY = TranscribeOptions(model="tiny.en", language="en")
RATE = 16000


def words(*spec: tuple[str, float]) -> list[Word]:
    """Words a third of a second long starting at the given times."""
    return [Word(start, start + 0.3, f" {text}", 0.9) for text, start in spec]


# --- settled words into segments ------------------------------------------------------


def test_segments_break_at_sentence_ends_and_pauses_not_at_mister():
    spoken = words(("Mr.", 0.0), ("Brown", 0.4), ("slept.", 0.8), ("He", 1.2), ("ate", 1.6))
    spoken += words(("Later", 3.5), ("tea", 3.9))  # after a two-second pause
    segments = segments_from_words(spoken)
    assert [s.text.strip() for s in segments] == ["Mr. Brown slept.", "He ate", "Later tea"]
    assert [s.index for s in segments] == [0, 1, 2]
    assert (segments[2].start_s, segments[2].end_s) == (3.5, pytest.approx(4.2))
    assert [w.text for w in segments[0].words] == [" Mr.", " Brown", " slept."]


# --- the transcriber with the real model, fed as if live -----------------------------


def feed_as_if_live(live: LiveTranscriber, audio: np.ndarray, chunk_s: float = 0.5) -> None:
    """Chunks as a recorder delivers them, each processed before the next arrives (a
    computer fast enough to keep up), so the passes do not depend on this machine's speed."""
    step = round(chunk_s * RATE)
    for start in range(0, audio.size, step):
        live.feed(audio[start : start + step])
        assert live.wait_idle(60)


def check_never_changed(updates: list[LiveUpdate], final_text: str) -> None:
    settled = ""
    for update in updates:
        assert update.settled.startswith(settled), "settled text changed"
        assert update.settled == " ".join(p for p in (settled, update.new_settled) if p)
        settled = update.settled
    assert final_text.startswith(settled)


def test_live_text_settles_without_changing_and_ends_as_the_whole_note(note_audio, shared_pool):
    updates: list[LiveUpdate] = []
    live = LiveTranscriber(TINY, shared_pool, on_update=updates.append).start()
    assert live.ready.wait(60)
    feed_as_if_live(live, note_audio)
    before_finish = list(updates)
    transcript = live.finish()
    assert updates[-1].final and updates[-1].settled == transcript.text
    check_never_changed(updates, transcript.text)
    assert len(before_finish[-1].settled.split()) >= 10, "little settled while speaking"
    assert word_error_rate(ENGLISH_NOTE, transcript.text) <= MAX_LIVE_WER, transcript.text
    assert (transcript.model, transcript.language, transcript.device) == ("tiny.en", "en", "cpu")
    assert transcript.duration_s == pytest.approx(note_audio.size / RATE)
    starts = [w.start_s for s in transcript.segments for w in s.words]
    assert starts == sorted(starts) and starts[0] >= 0 and starts[-1] < transcript.duration_s
    assert all(s.start_s <= s.end_s for s in transcript.segments)
    settled_words = live.settled_words
    assert [s.word for s in settled_words] == [w for s in transcript.segments for w in s.words]
    assert all(s.arrived_at is not None and s.settled_at >= s.arrived_at for s in settled_words)


def test_a_pause_settles_the_sentence_so_stop_has_nothing_left(note_audio, shared_pool):
    live = LiveTranscriber(TINY, shared_pool).start()
    feed_as_if_live(live, np.concatenate([note_audio, np.zeros(RATE, np.float32)]))
    assert live.latest.tentative == "" and live.latest.settled
    passes = live.passes
    transcript = live.finish()
    assert live.passes == passes, "stop transcribed again what was already settled"
    assert transcript.text == live.latest.settled


def test_stop_in_mid_sentence_transcribes_only_the_tail(note_audio, shared_pool):
    live = LiveTranscriber(TINY, shared_pool).start()
    feed_as_if_live(live, note_audio[: 6 * RATE])  # cut off while speaking
    settled_before = live.latest.settled
    passes = live.passes
    transcript = live.finish()
    assert live.passes == passes + 1
    assert transcript.text.startswith(settled_before)
    assert len(transcript.text) > len(settled_before)
    print(f"\nthe final pass heard {live.pass_audio_s[-1]:.2f} s of 6 s")
    assert live.pass_audio_s[-1] < 6.0 - 1.0  # the unsettled tail, not the whole dictation


def test_the_vocabulary_spells_medication_right_in_live_text(shared_pool, tmp_path):
    """Measured: tiny.en hears espeak-ng's "Donepezil" as "don't reveal" unless primed;
    live passes get the same glossary prompt as files (the unprimed guess differs by CPU,
    so only the primed spelling is asserted)."""
    from tests.speech import espeak

    sentence = "The nurse gave Donepezil to the resident after breakfast."
    audio = decode_audio(espeak(sentence, tmp_path / "donepezil.wav")).samples
    texts = {}
    for vocabulary in ((), ("Donepezil",)):
        options = TranscribeOptions(model="tiny.en", language="en", vocabulary=vocabulary)
        live = LiveTranscriber(options, shared_pool).start()
        feed_as_if_live(live, np.concatenate([audio, np.zeros(RATE, np.float32)]))
        texts[vocabulary] = live.finish().text
    assert "Donepezil" in texts[("Donepezil",)], texts
    assert word_error_rate(sentence, texts[("Donepezil",)]) <= MAX_LIVE_WER, texts


def test_silence_is_never_transcribed(shared_pool):
    live = LiveTranscriber(TINY, shared_pool).start()
    rng = np.random.default_rng(3)
    room_noise = (rng.standard_normal(5 * RATE) * 0.003).astype(np.float32)  # about -50 dBFS
    feed_as_if_live(live, room_noise)
    transcript = live.finish()
    assert live.passes == 0
    assert transcript.segments == [] and transcript.text == ""


# --- end to end: the virtual microphone -------------------------------------------------


@pytest.fixture(scope="module")
def vmic():
    with virtual_microphone_or_skip() as mic:
        yield mic


def carevoice_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("carevoice-")]


class Watcher:
    """Collects a dictation's updates with their times, and its result."""

    def __init__(self) -> None:
        self.updates: list[tuple[float, LiveUpdate]] = []
        self.finished = threading.Event()
        self.result = None

    def on_update(self, update: LiveUpdate) -> None:
        self.updates.append((time.monotonic(), update))

    def on_finished(self, result) -> None:
        self.result = result
        self.finished.set()


def test_dictation_through_the_microphone(vmic, speech, shared_pool, tmp_path):
    watcher = Watcher()
    dictation = Dictation(
        shared_pool, TINY, on_update=watcher.on_update, on_finished=watcher.on_finished
    )
    dictation.start()
    assert dictation.live.ready.wait(60)
    player = vmic.play(speech["en"])
    player.wait(30)
    # Stop as a person would: right after the last word.
    stop_pressed = time.monotonic()
    passes_before_stop = dictation.live.passes
    result = dictation.stop()
    assert watcher.finished.is_set() and watcher.result is result
    transcript = result.transcript
    assert word_error_rate(ENGLISH_NOTE, transcript.text) <= MAX_LIVE_WER, transcript.text
    live_before_stop = [u for t, u in watcher.updates if t < stop_pressed and u.settled]
    assert live_before_stop, "no text settled while speaking"
    check_never_changed([u for _, u in watcher.updates], transcript.text)
    # The time it takes is in benchmarks/dictation_latency.py (a loaded CI machine made a
    # time bound here fail once); this catches a stop that transcribes everything again:
    # at most the pass already running and one over the unsettled tail.
    assert dictation.live.passes <= passes_before_stop + 2
    assert result.stop_to_final_s > 0
    assert result.stopped_reason == "" and result.error == ""
    assert transcript.source == str(result.recording.path)
    assert result.recording.duration_s > 7.5
    wait_until(lambda: not carevoice_threads(), 5, "the dictation's threads to end")
    # Afterwards, the whole recording again with the larger model.
    better = retranscribe(result.recording.path, shared_pool, model="base", language="en")
    assert better.model == "base"
    assert word_error_rate(ENGLISH_NOTE, better.text) <= 0.2, better.text


def test_a_microphone_lost_mid_dictation_keeps_and_transcribes_what_was_said(
    vmic, speech, shared_pool
):
    runtime_dir = private_runtime_dir()
    own = VirtualMicrophone(runtime_dir)
    try:
        own.start()
        with environment(runtime_dir):
            own.wait_until_audio_flows()
            watcher = Watcher()
            dictation = Dictation(shared_pool, TINY, on_finished=watcher.on_finished)
            dictation.start()
            player = own.play(speech["en"])
            recorder = dictation.recorder
            wait_until(lambda: recorder.elapsed_s >= 4.0, 15, "four seconds of speech")
            own.stop()
            assert watcher.finished.wait(30), "the dictation did not end by itself"
            player.kill()
    finally:
        own.stop()
        shutil.rmtree(runtime_dir, ignore_errors=True)
    result = watcher.result
    assert result.recording.stop_kind is StopKind.DEVICE_LOST
    assert "stopped working" in result.stopped_reason
    assert result.stopped_reason in result.transcript.warnings
    # About the first half of the note was said before the microphone went away.
    said = result.transcript.text.lower()
    # Where the microphone died varies with timing; any of the first words will do.
    assert any(word in said for word in ("resident", "morning", "medication")), said


# --- no first word lost (issue #13.3) ----------------------------------------------------

BLOOD_PRESSURE = "Blood pressure was normal and she slept well."


@pytest.fixture(scope="module")
def known_sentences(tmp_path_factory) -> dict[str, tuple]:
    from tests.speech import REAL_ENGLISH_TEXT, espeak, real_speech

    folder = tmp_path_factory.mktemp("sentences")
    return {
        "espeak": (espeak(BLOOD_PRESSURE, folder / "bp.wav"), BLOOD_PRESSURE),
        "real": (real_speech("english"), REAL_ENGLISH_TEXT),
    }


def check_every_word_once_in_order(reference: str, pieces: list[str], final: str) -> None:
    """The pieces of settled text, appended as a view or the command line does, are the
    final text; it starts with the sentence's first word and doubles no word."""
    from tests.speech import normalise

    assert " ".join(p for p in pieces if p) == final, (pieces, final)
    said, heard = normalise(reference).split(), normalise(final).split()
    assert heard[:1] == said[:1], f"the first word is lost: {final!r}"
    doubled = [a for a, b in zip(heard, heard[1:], strict=False) if a == b]
    assert not doubled, f"doubled words {doubled}: {final!r}"
    assert word_error_rate(reference, final) <= MAX_LIVE_WER, final


@pytest.mark.parametrize("sentence", ["espeak", "real"])
@pytest.mark.parametrize("delay_ms", [0, 150])
def test_speech_starting_as_dictation_starts_keeps_its_first_word(
    vmic, shared_pool, known_sentences, sentence, delay_ms
):
    """Speech that starts as the key goes down (0 ms) or 150 ms after it: before the fix
    the engine's checks ran before the microphone opened, and "Blood pressure ..." came
    out as "pressure ..." (3 of 3). Speech from before the key press: the pre-roll."""
    wav, reference = known_sentences[sentence]
    watcher = Watcher()
    dictation = Dictation(shared_pool, TINY, on_update=watcher.on_update)
    if delay_ms == 0:
        player = vmic.play(wav)  # paplay starts as the key goes down
        dictation.start()
    else:
        dictation.start()
        time.sleep(delay_ms / 1000)  # the scenario itself: the speaker starts later
        player = vmic.play(wav)
    player.wait(30)
    assert dictation.live.ready.wait(60)
    dictation.live.wait_idle(30)
    result = dictation.stop()
    assert result.transcript is not None, result.error
    pieces = [u.new_settled for _, u in watcher.updates]
    check_every_word_once_in_order(reference, pieces, result.transcript.text)


def test_a_missing_model_closes_the_microphone_and_leaves_no_recording(vmic, shared_pool, tmp_path):
    from carevoice.audio.recorder import RecorderState
    from carevoice.engine.models import ModelNotFoundError

    options = TranscribeOptions(model="no-such-model", language="en")
    dictation = Dictation(shared_pool, options, folder=tmp_path)
    with pytest.raises(ModelNotFoundError):
        dictation.start()
    assert dictation.recorder.state is RecorderState.STOPPED
    assert list(tmp_path.iterdir()) == []


def test_with_the_microphone_armed_speech_from_before_the_key_press_keeps_its_first_word(
    vmic, shared_pool, known_sentences
):
    from carevoice.audio.preroll import ArmedMicrophone

    wav, reference = known_sentences["espeak"]
    armed = ArmedMicrophone()
    armed.arm()
    try:
        watcher = Watcher()
        dictation = Dictation(shared_pool, TINY, on_update=watcher.on_update, armed=armed)
        player = vmic.play(wav)
        time.sleep(0.3)  # the scenario: paplay's start, then ~150 ms of speech before the press
        dictation.start()
        player.wait(30)
        assert dictation.live.ready.wait(60)
        dictation.live.wait_idle(30)
        result = dictation.stop()
    finally:
        armed.disarm()
    assert result.transcript is not None, result.error
    pieces = [u.new_settled for _, u in watcher.updates]
    check_every_word_once_in_order(reference, pieces, result.transcript.text)
