"""Transcription jobs with the real bundled models on real (espeak-ng) speech."""

from __future__ import annotations

import re
import subprocess
import threading
import time

import pytest

from carevoice.engine.segmenting import MAX_SEGMENT_S
from carevoice.engine.transcriber import (
    Progress,
    SegmentReady,
    Stage,
    TranscribeOptions,
    TranscriptionJob,
)
from tests.speech import ENGLISH_NOTE, GERMAN_NOTE, SPANISH_NOTE, long_speech, word_error_rate

# espeak-ng's voice is clear: tiny.en and base get all but a word or two of each note.
MAX_WER_TINY = 0.15
MAX_WER_BASE = 0.20


def run_job(path, pool, **options):
    events = []
    job = TranscriptionJob(path, TranscribeOptions(**options), pool)
    transcript = job.run(events.append)
    return transcript, events


def test_tiny_en_transcribes_english_speech_and_streams_segments(speech, shared_pool):
    transcript, events = run_job(speech["en"], shared_pool, model="tiny.en")
    assert word_error_rate(ENGLISH_NOTE, transcript.text) <= MAX_WER_TINY, transcript.text
    assert transcript.language == "en"
    assert (transcript.model, transcript.device, transcript.compute_type) == (
        "tiny.en",
        "cpu",
        "int8",
    )
    stages = [e.name for e in events if isinstance(e, Stage)]
    assert stages == ["decoding", "loading model", "transcribing", "done"]
    streamed = [e.segment for e in events if isinstance(e, SegmentReady)]
    assert streamed == transcript.segments and len(streamed) >= 1
    # Each segment was announced before the job ended, followed by its progress.
    fractions = [e.fraction for e in events if isinstance(e, Progress)]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert transcript.duration_s == pytest.approx(8.0, abs=1.5)
    assert transcript.timings.total_s > 0


@pytest.mark.parametrize(
    ("language", "text"), [("en", ENGLISH_NOTE), ("de", GERMAN_NOTE), ("es", SPANISH_NOTE)]
)
def test_base_detects_the_language_and_transcribes_it(speech, shared_pool, language, text):
    transcript, _ = run_job(speech[language], shared_pool, model="base")
    assert transcript.language == language
    assert transcript.language_probability > 0.8
    assert word_error_rate(text, transcript.text) <= (MAX_WER_BASE if language == "en" else 0.4)


def test_translate_task_gives_english(shared_pool):
    # Real Mandarin, not espeak German: base is unsure of espeak's German, falls back to
    # sampling, and then writes anything from a sentence to a lone "The" on the same CPU.
    # On the real speaker it is steady ("That's right, this is the kind of person I am.").
    from tests.speech import real_speech

    transcript, _ = run_job(real_speech("mandarin"), shared_pool, model="base", task="translate")
    assert transcript.task == "translate"
    print(f"\n{transcript.text!r}")
    words = re.findall(r"[^\W\d_]+", transcript.text)
    assert len(words) >= 4 and all(w.isascii() for w in words), transcript.text
    assert not re.search(r"[\u3400-\u9fff]", transcript.text), "no Chinese left in a translation"


def test_the_pool_loads_a_model_once_for_many_jobs(speech, shared_pool):
    for _ in range(3):
        run_job(speech["en"], shared_pool, model="tiny.en")
    tiny_keys = [k for k in shared_pool.load_counts if k[0].endswith("model")]
    assert tiny_keys and all(shared_pool.load_counts[k] == 1 for k in tiny_keys)


def test_two_jobs_run_at_once_on_one_model(speech, shared_pool):
    results, errors = [], []
    # Both jobs must be transcribing on the shared model at the same moment to pass.
    both_transcribing = threading.Barrier(2, timeout=60)

    def on_event(event):
        if isinstance(event, Stage) and event.name == "transcribing":
            both_transcribing.wait()

    def worker():
        try:
            job = TranscriptionJob(speech["en"], TranscribeOptions(model="tiny.en"), shared_pool)
            results.append(job.run(on_event))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert len(results) == 2 and results[0].text == results[1].text
    assert sum(1 for k in shared_pool.load_counts if k[0].endswith("model")) == 1


def test_cancel_stops_within_one_segment(tmp_path, shared_pool):
    path, _ = long_speech(tmp_path / "long.wav", repeats=1, workdir=tmp_path)
    job = TranscriptionJob(path, TranscribeOptions(model="tiny.en", batch_size=0), shared_pool)
    seen = []

    def on_event(event):
        if isinstance(event, SegmentReady):
            seen.append(event.segment)
            job.cancel()

    transcript = job.run(on_event)
    assert transcript.cancelled
    assert len(seen) == 1 and transcript.segments == seen


def test_vocabulary_is_passed_to_the_model(speech, shared_pool):
    transcript, _ = run_job(
        speech["en"],
        shared_pool,
        model="tiny.en",
        vocabulary=("Metformin", "Mrs. Tan"),
        word_timestamps=True,
    )
    words = [w for s in transcript.segments for w in s.words]
    assert words and all(0 <= w.start_s <= w.end_s <= transcript.duration_s + 0.5 for w in words)


@pytest.mark.slow
def test_a_multi_minute_file_completes_without_looping(tmp_path, shared_pool):
    path, text = long_speech(tmp_path / "long.wav", repeats=4, workdir=tmp_path)
    started = time.perf_counter()
    transcript, _ = run_job(path, shared_pool, model="tiny.en")
    elapsed = time.perf_counter() - started
    assert transcript.duration_s > 150
    assert word_error_rate(text, transcript.text) <= MAX_WER_TINY, transcript.warnings
    assert not transcript.warnings
    # A loop retried at every temperature once ran slower than real time (486 s for
    # 5 min); how fast it is now is benchmarks/transcribe_speed.py's to say.
    print(f"\n{transcript.duration_s:.0f} s of speech in {elapsed:.1f} s")


def test_vocabulary_becomes_a_glossary_prompt_that_fixes_spelling(tmp_path, shared_pool):
    """Measured: tiny.en hears espeak-ng's "Donepezil" as "don't reveal" unless primed
    (what it guesses unprimed differs by CPU, so only the primed spelling is asserted)."""
    from tests.speech import espeak

    sentence = "The nurse gave Donepezil to the resident after breakfast."
    audio = espeak(sentence, tmp_path / "donepezil.wav")
    plain, _ = run_job(audio, shared_pool, model="tiny.en")
    primed, _ = run_job(audio, shared_pool, model="tiny.en", vocabulary=("Donepezil",))
    print(f"\nwithout {plain.text!r}\nwith    {primed.text!r}")
    assert "Donepezil" in primed.text
    assert word_error_rate(sentence, primed.text) <= MAX_WER_TINY, primed.text


RUN_ON_SENTENCE = (
    "the resident walked slowly to the garden with her daughter and they looked at the "
    "roses and the birds near the pond and then they sat on the wooden bench and talked "
    "about the weather and the family and the grandchildren who will visit next week"
)


def test_a_long_recording_comes_out_in_sentences_and_subtitle_sized_cues(tmp_path, shared_pool):
    """Issue #13.4: the batched path once gave one ~27 s segment per VAD chunk."""
    from carevoice.export import parse_srt, parse_vtt, to_srt, to_vtt
    from tests.speech import espeak

    path, text = long_speech(tmp_path / "round.wav", repeats=1, workdir=tmp_path)
    run_on = espeak(RUN_ON_SENTENCE, tmp_path / "run-on.wav")
    joined = tmp_path / "long.wav"
    subprocess.run(["sox", str(path), str(run_on), str(joined)], check=True)

    transcript, _ = run_job(joined, shared_pool, model="tiny.en")
    assert transcript.duration_s > 60
    longest = max(s.end_s - s.start_s for s in transcript.segments)
    assert longest <= MAX_SEGMENT_S + 0.5, [(s.start_s, s.end_s) for s in transcript.segments]
    assert len(transcript.segments) >= 12  # 10 sentences and a run-on one cut in pieces
    reference = f"{text} {RUN_ON_SENTENCE}"
    assert word_error_rate(reference, transcript.text) <= MAX_WER_TINY
    for cues in (parse_srt(to_srt(transcript)), parse_vtt(to_vtt(transcript))):
        for _start, _end, cue in cues:
            lines = cue.split("\n")
            assert len(lines) <= 2 and all(len(line) <= 42 for line in lines), cue


def test_an_english_only_model_on_mandarin_says_so_and_names_the_multilingual_model(
    shared_pool,
):
    """Issue #13.7: tiny.en wrote English-sounding nonsense for Mandarin without a word."""
    from tests.speech import real_speech

    transcript, _ = run_job(real_speech("mandarin"), shared_pool, model="tiny.en")
    assert transcript.suggested_model == "base"
    assert any("understands English only" in w and "zh" in w for w in transcript.warnings)


def test_an_english_only_model_set_to_another_language_says_so(speech, shared_pool):
    transcript, _ = run_job(speech["en"], shared_pool, model="tiny.en", language="de")
    assert transcript.suggested_model == "base"
    assert "the language is set to de" in transcript.warnings[0]


def test_an_english_only_model_on_english_says_nothing(speech, shared_pool):
    transcript, _ = run_job(speech["en"], shared_pool, model="tiny.en")
    assert transcript.suggested_model is None and not transcript.warnings


def test_a_looping_segment_is_transcribed_again_or_flagged_with_a_warning(shared_pool):
    """Issue #13.7: Mandarin came out as "1 1 1 1 …" without a warning. A prompt of digits
    makes tiny.en loop on the real Mandarin recording (measured: " 3 3 1 1 1 1 1 1 1 2 1 1",
    compression ratio 20); the batched path had no temperature fallback to catch it."""
    from carevoice.engine.repetition import is_looping
    from tests.speech import real_speech

    transcript, _ = run_job(
        real_speech("mandarin"),
        shared_pool,
        model="tiny.en",
        language="en",
        initial_prompt=" ".join(["1"] * 20),
    )
    assert not is_looping(transcript.text), transcript.text
    assert any("Whisper repeated itself at 0:00" in w for w in transcript.warnings)
