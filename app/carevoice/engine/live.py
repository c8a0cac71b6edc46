"""Text while speaking: live transcription of a growing recording.

`LiveTranscriber` takes 16 kHz audio as it arrives (`feed`) and, on its own thread,
transcribes a sliding window of it again and again. A word becomes *settled* once two
consecutive hypotheses agree on it (the LocalAgreement-2 policy of Macháček et al.,
"Turning Whisper into Real-Time Transcription System", 2023, in `agreement.py`); settled
words never change, so a view can append them without flicker. The rest of the latest
hypothesis is the *tentative* tail, which may still change. Settled text is the prompt of
the next pass, and the window starts where the last settled segment ended, so each pass
only re-reads the unsettled speech.

Silence is not transcribed: a voice-activity detector (Silero, the one faster-whisper
ships, in `speech_detector.py`) marks speech in every 32 ms of audio. Windows of silence
are skipped, and when a stretch of speech is followed by `end_silence_s` of silence, the
utterance is over: one pass settles all of it. When the user stops, usually nothing, or
only the last few seconds, are left to transcribe.

The dictation this serves (the recorder, the fallback to the saved file, re-reading it with
a larger model) is in `dictation.py`.
"""

from __future__ import annotations

import bisect
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from carevoice.engine.agreement import LocalAgreement, join_text, words_text
from carevoice.engine.chinese import postprocess_transcript
from carevoice.engine.live_pass import LivePass, decode_window, live_prompt
from carevoice.engine.models import resolve_model
from carevoice.engine.pool import LoadedModel, ModelPool
from carevoice.engine.repetition import drop_word_loops
from carevoice.engine.speech_detector import SpeechDetector
from carevoice.engine.transcriber import (
    SAMPLE_RATE,
    TranscribeOptions,
    TranscriptionError,
    decide_for_job,
    fall_back_from_gpu,
)
from carevoice.engine.transcript import Timings, Transcript, Word, segments_from_words
from carevoice.phrases import Phrase

log = logging.getLogger(__name__)

_LEAD_IN_S = 0.3  # audio kept before speech starts, for the first sound of a word
# A pass that reaches this far past the end of speech heard every word of it (the
# detector marks the end of speech a frame or two late, and whisper wants the whole word).
_HEARD_END_S = 0.2


@dataclass(frozen=True)
class LiveTuning:
    """How eagerly the live transcriber works; the defaults suit tiny.en on 2 CPU cores."""

    step_s: float = 0.5  # new speech needed before another pass
    end_silence_s: float = 0.5  # silence after speech that ends an utterance
    # Windows longer than this start again after the last settled segment: shorter
    # windows decode faster, and the settled text before them becomes the prompt. Cutting
    # sooner costs accuracy (the next words lose their acoustic context).
    trim_after_s: float = 8.0
    max_window_s: float = 15.0  # longer ones are cut at the last settled word
    settle_margin_s: float = 0.4  # words ending this close to the window's end wait
    # Passes over less audio than this only draft: their words show as tentative but do
    # not count towards agreement. Over the first second or so of an utterance tiny.en
    # often mishears ("The rabbit", "The resident doctor"), and about one dictation in
    # 10-15 two such passes agreed ("The man's living to talk" for "The resident took
    # her"), which then settled for good.
    min_window_to_settle_s: float = 1.5
    min_final_window_s: float = 3.0  # the pass after a stop hears at least this much
    beam_size: int = 1  # greedy: each pass is a draft, agreement does the checking
    prompt_chars: int = 200  # of settled text given to the next pass as its prompt
    speech_threshold: float = 0.5  # Silero speech probability
    # None: every pass's encoder hears 30 s (the window padded with silence), as Whisper
    # was trained; a number: the window and that many seconds after it, 2.5x faster per
    # pass here. benchmarks/sized_encoder_accuracy.py measured WER 0.071 against 0.084
    # over 50 windows with 3.0 (1.0 once looped), but it weakens the vocabulary: primed
    # with "Donepezil", "Okonkwo", tiny.en wrote "done the ill", "Akonkwo" with 3-8 s of
    # padding and the right names with 30 s (2026-12-04). Names matter more: off.
    encoder_pad_s: float | None = None


@dataclass(frozen=True)
class LiveUpdate:
    """What the text looks like now. `settled` only ever grows; `tentative` may change."""

    settled: str
    tentative: str
    new_settled: str  # the part of `settled` this update added (append it to a view)
    audio_s: float  # seconds of audio the text covers
    final: bool = False

    @property
    def text(self) -> str:
        return join_text(self.settled, self.tentative)


@dataclass(frozen=True)
class SettledWord:
    """A settled word, when it settled (time.monotonic) and when its audio arrived."""

    word: Word
    settled_at: float
    arrived_at: float | None  # when the audio at the word's end was fed


# --- live transcription -----------------------------------------------------------------


class LiveTranscriber:
    """Transcribes audio while it is recorded; settled words never change.

    Thread-safe: `feed` from the recorder's thread, `finish`/`cancel` from any thread.
    The work runs on one thread of its own, which leases the model from the pool for
    the whole dictation.

    Callback, on that thread: on_update(LiveUpdate) after every pass that changed the
    text, and once more with final=True.
    """

    def __init__(
        self,
        options: TranscribeOptions,
        pool: ModelPool,
        on_update: Callable[[LiveUpdate], None] | None = None,
        tuning: LiveTuning | None = None,
        source_name: str = "dictation",
    ):
        self.options = options
        self.pool = pool
        self.on_update = on_update
        self.tuning = tuning or LiveTuning()
        self.source_name = source_name
        self.ready = threading.Event()  # the model is loaded
        self.done = threading.Event()  # the final transcript is ready (or it failed)
        self.error: BaseException | None = None
        self._warnings: list[str] = []  # for the transcript, e.g. that the GPU failed
        self.transcript: Transcript | None = None
        self.latest = LiveUpdate("", "", "", 0.0)
        self.passes = 0
        self.pass_seconds: list[float] = []  # how long each pass took
        self.pass_audio_s: list[float] = []  # how much audio each pass heard
        self.finish_requested_at: float | None = None
        self.final_at: float | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._finish = threading.Event()
        self._cancel = threading.Event()
        self._incoming: list[np.ndarray] = []
        self._fed = 0  # samples received by feed()
        self._arrivals: list[tuple[int, float]] = []  # (samples fed by then, monotonic)
        self._settled_at: list[float] = []
        self._thread: threading.Thread | None = None
        # Owned by the worker thread:
        self._audio = np.zeros(0, np.float32)  # samples from self._start on
        self._start = 0  # sample index of the window start
        self._total = 0  # samples ingested
        self._last_pass_end = 0  # sample index the latest pass reached
        self._agreement = LocalAgreement(self.tuning.min_window_to_settle_s)
        self._vad: SpeechDetector | None = None
        self._language = options.language
        self._language_probability: float | None = None
        self._timings = Timings()
        self._started = 0.0

    # --- public ------------------------------------------------------------------------

    @property
    def model_name(self) -> str:
        return self.options.model_name()

    def start(self) -> LiveTranscriber:
        """Check the model and device now (raises ModelNotFoundError, TranscriptionError),
        then load the model and start listening on the worker thread."""
        self._decision = decide_for_job(self.pool.gpu, self.options)
        if self._decision.refused:
            raise TranscriptionError(self._decision.summary)
        self._info = resolve_model(self.model_name)
        if self._language is None and self._info.multilingual is False:
            self._language = "en"
        self._started = time.perf_counter()
        self._thread = threading.Thread(target=self._run, name="carevoice-live", daemon=True)
        self._thread.start()
        return self

    def feed(self, samples: np.ndarray) -> None:
        """Add mono float32 16 kHz audio that follows what came before. Cheap; any thread."""
        if samples.size == 0 or self.done.is_set():
            return
        with self._lock:
            self._incoming.append(np.asarray(samples, dtype=np.float32))
            self._fed += samples.size
            self._arrivals.append((self._fed, time.monotonic()))
            self._idle.clear()
        self._wake.set()

    def finish(self, timeout_s: float | None = 60.0) -> Transcript:
        """No more audio: transcribe what is not settled yet and return the Transcript."""
        if self.finish_requested_at is None:
            self.finish_requested_at = time.monotonic()
        self._finish.set()
        self._wake.set()
        if not self.done.wait(timeout_s):
            raise TimeoutError("live transcription did not finish in time")
        if self.error is not None:
            raise self.error
        assert self.transcript is not None
        return self.transcript

    def cancel(self) -> None:
        """Stop without a final pass (the dictation was thrown away)."""
        self._cancel.set()
        self._wake.set()

    def wait_idle(self, timeout_s: float | None = None) -> bool:
        """Wait until everything fed so far is processed (for tests and benchmarks)."""
        return self._idle.wait(timeout_s)

    @property
    def settled_words(self) -> list[SettledWord]:
        with self._lock:
            words = list(self._agreement.settled)
            settled_at = list(self._settled_at)
        return [
            SettledWord(w, at, self.arrival_time(w.end_s))
            for w, at in zip(words, settled_at, strict=False)
        ]

    def utterances(self, pause_s: float = 0.5) -> list[str]:
        """The settled text cut where the speaker paused for `pause_s` or more, as the
        speech detector heard it (Whisper's word times stretch over pauses), for the
        spoken commands (`engine/commands.py`). Call it once the dictation is done."""
        words = [s.word for s in self.settled_words]
        if self._vad is None or not words:
            return [words_text(words)] if words else []
        pieces: list[list[Word]] = [[words[0]]]
        for before, after in zip(words, words[1:], strict=False):
            middle_before = (before.start_s + before.end_s) / 2
            middle_after = (after.start_s + after.end_s) / 2
            if self._vad.longest_silence_s(middle_before, middle_after) >= pause_s:
                pieces.append([])
            pieces[-1].append(after)
        return [words_text(piece) for piece in pieces]

    def arrival_time(self, t_s: float) -> float | None:
        """When (time.monotonic) the audio at `t_s` seconds was fed."""
        sample = round(t_s * SAMPLE_RATE)
        with self._lock:
            i = bisect.bisect_left(self._arrivals, (sample, -1.0))
            return self._arrivals[i][1] if i < len(self._arrivals) else None

    # --- the worker thread -------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._vad = SpeechDetector(self.tuning.speech_threshold)
            while not self._listen_on(self._decision):
                pass  # the GPU failed: the same audio and settled words go on on the CPU
        except BaseException as exc:  # noqa: BLE001 - reported through finish()
            log.exception("live transcription failed")
            self.error = exc
        finally:
            self._idle.set()
            self.done.set()

    def _listen_on(self, decision) -> bool:
        """Transcribe with the model on `decision`'s device until the end; False when the
        GPU failed and the decision moved to the CPU (a refusal in GPU-only mode raises).

        A pass that fails has not changed what is settled, so the next model can take up
        exactly where this one stopped; the recording itself never depended on it.
        """
        try:
            load_started = time.perf_counter()
            with self.pool.lease(self.model_name, decision.device, decision.compute_type) as m:
                self._timings.model_load_s = time.perf_counter() - load_started
                self.ready.set()
                self._listen(m)
            return True
        except Exception as exc:
            fallback = fall_back_from_gpu(self.pool.gpu, exc, decision, self.options)
            if fallback is None:
                raise
            self._decision = fallback.decision
            if self._decision.refused:
                raise TranscriptionError(self._decision.summary) from exc
            self._warnings.append(
                Phrase(
                    "The GPU failed, so this dictation was transcribed on the CPU: {reason}",
                    reason=fallback.reason,
                )
            )
            self._wake.set()  # what came in while the GPU failed is heard at once
            return False

    def _listen(self, m: LoadedModel) -> None:
        while True:
            self._wake.wait()
            if self._cancel.is_set():
                self.transcript = self._build_transcript(cancelled=True)
                return
            self._wake.clear()
            self._ingest()
            if self._finish.is_set():
                self._final(m)
                return
            # A stop pressed during a pass goes straight to the final step.
            while not (self._finish.is_set() or self._cancel.is_set()) and self._step(m):
                self._ingest()
            with self._lock:
                if not self._incoming:
                    self._idle.set()

    @property
    def _detector(self) -> SpeechDetector:
        """The worker thread's speech detector; `_run` makes it before anything uses it
        (on the worker, since loading Silero takes a moment)."""
        assert self._vad is not None, "the speech detector is used before _run made it"
        return self._vad

    def _ingest(self) -> None:
        with self._lock:
            incoming, self._incoming = self._incoming, []
        if not incoming:
            return
        new = np.concatenate(incoming)
        self._audio = np.concatenate([self._audio, new])
        self._total += new.size
        self._detector.feed(new)

    def _seconds(self, sample: int) -> float:
        return sample / SAMPLE_RATE

    def _unsettled_from_s(self) -> float:
        # Speech this close after the last settled word is that word's own tail.
        return max(self._seconds(self._start), self._agreement.settled_end_s + 0.15)

    def _step(self, loaded: LoadedModel) -> bool:
        """At most one pass; True when one ran (more may be due)."""
        vad, tuning = self._detector, self.tuning
        end_s = self._seconds(self._total)
        pending = bool(self._agreement.pending)
        unsettled_speech = vad.speech_in(self._unsettled_from_s(), end_s)
        if not pending and not unsettled_speech:
            # Nothing new to hear: let the window follow the present, keeping a little
            # lead-in for the next word's first sound.
            self._trim_to(self._total - round(_LEAD_IN_S * SAMPLE_RATE))
            return False
        if not pending:
            first = vad.first_speech_s(self._unsettled_from_s())
            if first is not None:
                self._trim_to(round((first - _LEAD_IN_S) * SAMPLE_RATE))
        last_pass_s = self._seconds(self._last_pass_end)
        speech_end = vad.speech_end_s or 0.0
        silent_for = end_s - speech_end
        if silent_for >= _HEARD_END_S:
            # The speaker stopped, maybe for good: one pass that hears the whole
            # utterance (at once, not at the end of the pause, so a stop pressed during
            # the pause finds it done); if the pause lasts, that pass's words settle.
            if last_pass_s < speech_end + _HEARD_END_S:
                self._pass(loaded, settle_all=silent_for >= tuning.end_silence_s)
                return True
            if silent_for >= tuning.end_silence_s and pending:
                self._settle_pending()
            return False
        if end_s - last_pass_s >= tuning.step_s and vad.speech_in(last_pass_s, end_s):
            self._pass(loaded, settle_all=False)
            return True
        return False

    def _heard_it_all(self) -> bool:
        """Whether the latest pass heard the end of the latest speech."""
        speech_end = self._detector.speech_end_s or 0.0
        return self._seconds(self._last_pass_end) >= speech_end + _HEARD_END_S

    def _settle_pending(self) -> list[Word]:
        """The utterance is over and the latest pass heard all of it: its words settle."""
        with self._lock:
            newly = self._agreement.settle_all()
        self._note_settled(newly)
        self._trim_to(round(self._utterance_cut_s() * SAMPLE_RATE))
        self._emit(newly)
        return newly

    def _final(self, loaded: LoadedModel) -> None:
        end_s = self._seconds(self._total)
        if self._detector.speech_in(self._unsettled_from_s(), end_s) and not self._heard_it_all():
            # One last pass, over the unsettled speech: fewer tokens to decode, so the
            # final text comes sooner; the settled text before it is the prompt. But it
            # hears at least `min_final_window_s`: over a 1.6 s tail tiny.en heard "meal
            # after noon" for "in the afternoon" (settled words heard again are dropped).
            agreement = self._agreement
            cut_s = agreement.settled_end_s
            if agreement.pending:
                cut_s = min(cut_s, agreement.pending[0].start_s)
            cut_s = min(cut_s - 0.1, end_s - self.tuning.min_final_window_s)
            self._trim_to(round(cut_s * SAMPLE_RATE))
            self._pass(loaded, settle_all=True, final=True)
        else:
            with self._lock:
                newly = self._agreement.settle_all()
            self._note_settled(newly)
            self._finalise(newly)

    def _finalise(self, newly: list[Word]) -> None:
        self.final_at = time.monotonic()
        self.transcript = self._build_transcript(cancelled=False)
        self._emit(newly, final=True)

    def _pass(self, loaded: LoadedModel, settle_all: bool, final: bool = False) -> None:
        window = self._audio
        offset_s = self._seconds(self._start)
        started = time.perf_counter()
        result = self._transcribe(loaded, window, offset_s)
        self.pass_seconds.append(time.perf_counter() - started)
        self.pass_audio_s.append(self._seconds(window.size))
        self.passes += 1
        self._last_pass_end = self._start + window.size
        agreement = self._agreement
        with self._lock:
            if settle_all:
                # A pass that hears no words does not take back what the last one heard:
                # a final pass from mid-sentence once came back empty and lost the note.
                newly = agreement.settle_all(result.words or None)
            else:
                horizon = self._seconds(self._last_pass_end) - self.tuning.settle_margin_s
                newly = agreement.update(result.words, horizon, self._seconds(window.size))
                if window.size > 2 * self.tuning.max_window_s * SAMPLE_RATE:
                    # Nothing settles (this computer cannot keep up, or no two passes
                    # agree): take this pass's words rather than let the window, and
                    # with it every pass, grow without end.
                    newly += agreement.settle_all()
        self._note_settled(newly)
        if final:
            self._finalise(newly)
            return
        self._trim_after(result, settle_all)
        self._emit(newly)

    def _note_settled(self, newly: list[Word]) -> None:
        now = time.monotonic()
        with self._lock:
            self._settled_at += [now] * len(newly)

    def _trim_after(self, result: LivePass, utterance_over: bool) -> None:
        """Move the window start past what is settled, so the next pass reads less."""
        agreement = self._agreement
        settled_end = agreement.settled_end_s
        if utterance_over:
            cut_s = self._utterance_cut_s()
        else:
            cut_s = start_s = self._seconds(self._start)
            if self._seconds(self._total) - start_s > self.tuning.trim_after_s:
                for last_word_end, segment_end in result.segment_ends:
                    if last_word_end <= settled_end + 0.05:  # the whole segment is settled
                        cut_s = max(cut_s, segment_end)
            if self._seconds(self._total) - cut_s > self.tuning.max_window_s:
                cut_s = max(cut_s, settled_end)
            if agreement.pending:  # never cut into a word that is still changing
                cut_s = min(cut_s, agreement.pending[0].start_s)
        self._trim_to(round(cut_s * SAMPLE_RATE))

    def _utterance_cut_s(self) -> float:
        # Everything is settled and what follows the speech is silence.
        return max(self._agreement.settled_end_s, self._detector.speech_end_s or 0.0)

    def _trim_to(self, sample: int) -> None:
        sample = min(max(sample, self._start), self._total)
        if sample > self._start:
            self._audio = self._audio[sample - self._start :]
            self._start = sample

    def _transcribe(self, loaded: LoadedModel, window: np.ndarray, offset_s: float) -> LivePass:
        settled_before = [w for w in self._agreement.settled if w.end_s <= offset_s + 0.05]
        prompt = live_prompt(self.options, words_text(settled_before), self.tuning.prompt_chars)
        result = decode_window(
            loaded.model,
            window,
            offset_s,
            self.options,
            self._language,
            self.tuning.beam_size,
            prompt,
            self.tuning.encoder_pad_s,
        )
        # A loop must not settle: passes that agree on it would otherwise keep it.
        result.words = drop_word_loops(self._detector.words_with_speech(result.words))
        if self._language is None:
            # The first pass's language holds for the dictation, as in file jobs.
            self._language = result.language
            self._language_probability = result.language_probability
        return result

    def _emit(self, newly: list[Word], final: bool = False) -> None:
        agreement = self._agreement
        update = LiveUpdate(
            settled=words_text(agreement.settled),
            tentative=words_text(agreement.pending),
            new_settled=words_text(newly),
            audio_s=self._seconds(self._last_pass_end),
            final=final,
        )
        if not final and update == self.latest:
            return
        self.latest = update
        if self.on_update is not None:
            try:
                self.on_update(update)
            except Exception:
                log.exception("on_update listener failed")

    def _build_transcript(self, cancelled: bool) -> Transcript:
        timings = self._timings
        timings.transcribe_s = sum(self.pass_seconds)
        timings.total_s = time.perf_counter() - self._started
        decision = self._decision
        transcript = Transcript(
            segments=segments_from_words(self._agreement.settled),
            language=self._language,
            language_probability=self._language_probability,
            duration_s=self._seconds(self._total),
            model=self.model_name,
            device=decision.device,
            compute_type=decision.compute_type,
            source=self.source_name,
            task=self.options.task,
            timings=timings,
            cancelled=cancelled,
            warnings=list(self._warnings),
        )
        # Mandarin in Traditional characters, as file jobs give it. Live updates stay as
        # heard: converting a growing text could change characters already shown settled
        # (a phrase such as 内存 → 記憶體 can straddle two updates); the view converts them.
        return postprocess_transcript(transcript, self.options.traditional_chinese)
