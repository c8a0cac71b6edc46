"""Transcription jobs: audio in, a stream of segments and progress out, a Transcript at the end.

A job is a generator of events (`Stage`, `Progress`, `SegmentReady`) whose return value is
the `Transcript`; the command line prints the events, the desktop app turns them into Qt
signals through one bridge. Long files are decoded and transcribed window by window so
memory stays bounded whatever the file's length.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from carevoice.engine.chinese import convert_segment, is_mandarin
from carevoice.engine.language_check import (
    LanguageMismatch,
    chosen_language_mismatch,
    detect_mismatch,
)
from carevoice.engine.models import default_model_for, resolve_model
from carevoice.engine.pool import LoadedModel, ModelPool
from carevoice.engine.repetition import (
    COMPRESSION_RATIO_THRESHOLD,
    RepetitionGuard,
    cut_loops_in_text,
    drop_word_loops,
    is_looping,
    looped_flagged,
    looped_retried,
)
from carevoice.engine.segmenting import MAX_SEGMENT_S, split_segment
from carevoice.engine.transcript import Segment, Timings, Transcript, Word
from carevoice.gpu.context import TRANSCRIBING, GpuContext
from carevoice.gpu.decision import DeviceDecision
from carevoice.phrases import Phrase

SAMPLE_RATE = 16000
# A segment that loops is transcribed again with these (faster-whisper's fallback after 0.0).
RETRY_TEMPERATURES = (0.2, 0.4, 0.6, 0.8, 1.0)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TranscribeOptions:
    """How to transcribe. Defaults are what the app uses for files.

    Decoding choices are deliberate, against Whisper's looping failure on long audio:
    previous text is not fed back as a prompt (a loop cannot feed itself) and the
    temperature fallback stops after three tries (faster-whisper's six tries made one
    5-minute file take 486 s in float32).
    """

    model: str | None = None  # None: tiny.en for English, the multilingual base otherwise
    language: str | None = None  # None: detect
    task: str = "transcribe"  # or "translate" (to English)
    vad_filter: bool = True
    vocabulary: tuple[str, ...] = ()  # names and medications the model should get right
    # Words the glossary prompt lists after the vocabulary but that are not hotwords: the
    # spoken commands (engine/commands.py). As hotwords, tiny.en wrote " you" after the
    # last sentence of 12 of 17 espeak-ng sentences (none in the prompt alone).
    prompt_only_terms: tuple[str, ...] = ()
    initial_prompt: str | None = None
    beam_size: int = 5
    # Word timings cut Whisper's segments (a batched chunk is one ~30 s segment) into
    # sentences of at most `max_segment_s` and two subtitle lines (engine/segmenting.py).
    # None keeps Whisper's own segments; without word timestamps nothing is cut.
    word_timestamps: bool = True
    max_segment_s: float | None = MAX_SEGMENT_S
    # Batched decoding of VAD chunks: about 2x faster than sequential on 2 CPU cores at the
    # same error rate (benchmarks/README.md). 0 means faster-whisper's sequential path.
    batch_size: int = 4
    condition_on_previous_text: bool = False
    temperatures: tuple[float, ...] = (0.0, 0.2, 0.4)
    device: str = "auto"  # auto, cuda, cpu
    compute_type: str | None = None  # None: the device decision picks
    gpu_only: bool = False
    window_s: float = 900.0  # longest stretch of audio held in memory at once
    # Mandarin comes out in Traditional characters with Taiwan phrasing (OpenCC s2twp),
    # whichever script the model wrote; other languages are untouched.
    traditional_chinese: bool = True

    def model_name(self) -> str:
        return self.model or default_model_for(self.language)

    def glossary(self) -> str | None:
        """The glossary prompt: the vocabulary, then the prompt-only terms."""
        return glossary_prompt((*self.vocabulary, *self.prompt_only_terms))

    def hotwords(self) -> str | None:
        return " ".join(self.vocabulary) or None


@dataclass(frozen=True)
class Stage:
    name: str  # "decoding", "loading model", "transcribing", "done", "cancelled"
    detail: str = ""


@dataclass(frozen=True)
class Progress:
    fraction: float  # of the audio's duration, 0..1
    elapsed_s: float
    eta_s: float | None


@dataclass(frozen=True)
class SegmentReady:
    segment: Segment


@dataclass(frozen=True)
class GpuFailed:
    """The model failed on the GPU (`reason` in plain words). The job starts again on the
    CPU unless GPU-only mode forbids it or segments were already given out."""

    reason: str


Event = Stage | Progress | SegmentReady | GpuFailed


class TranscriptionError(RuntimeError):
    """A job that could not run, with a message in plain words."""


def decide_for_job(gpu: GpuContext, options: TranscribeOptions) -> DeviceDecision:
    """The device a job with these options runs on (GpuContext.decide: the GPU is only
    probed when it could be used)."""
    return gpu.decide(options.device, options.gpu_only, options.compute_type)


@dataclass(frozen=True)
class GpuFallback:
    """A model failed on the GPU: why, in plain words, and the decision from now on (the
    CPU, or a refusal in GPU-only mode)."""

    reason: str
    decision: DeviceDecision


def fall_back_from_gpu(
    gpu: GpuContext,
    error: BaseException,
    decision: DeviceDecision,
    options: TranscribeOptions,
    stage: str = TRANSCRIBING,
) -> GpuFallback | None:
    """The one GPU-fallback rule for files, dictation and the app's model preload.

    If `error` came from the GPU while a model ran on `decision`'s device, it is recorded in
    `gpu` (every later decision in this process picks the CPU, or refuses in GPU-only mode,
    until the GPU check runs again) and the new decision is returned; None when the error
    is not the GPU's (a bad file is no reason to leave it): the caller raises it. `stage`
    (gpu.context.LOADING or TRANSCRIBING) is what the decision then says failed.
    """
    reason = gpu.note_if_failure(error, decision.device, stage)
    if reason is None:
        return None
    log.warning("the GPU failed: %s", error)
    return GpuFallback(reason, decide_for_job(gpu, options))


def _unless_refused(decision: DeviceDecision) -> DeviceDecision:
    """`decision`, or a TranscriptionError saying why GPU-only mode lets nothing run."""
    if decision.refused:
        raise TranscriptionError(decision.summary)
    return decision


class TranscriptionJob:
    """One file (or array of audio) to transcribe; `events()` runs it, `cancel()` stops it."""

    def __init__(
        self,
        source: str | Path | np.ndarray,
        options: TranscribeOptions,
        pool: ModelPool,
        source_name: str | None = None,
    ):
        self.source = source
        self.options = options
        self.pool = pool
        self.source_name = source_name or (
            str(source) if not isinstance(source, np.ndarray) else "recording"
        )
        self._cancel = threading.Event()
        self.language_mismatch: LanguageMismatch | None = None  # once known
        self.loop_warnings: list[str] = []  # where Whisper looped, and what was done

    def cancel(self) -> None:
        """Stop at the next segment boundary; the transcript keeps what was done."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self, on_event: Callable[[Event], None] | None = None) -> Transcript:
        """Run to the end, passing each event to `on_event`; returns the Transcript."""
        events = self.events()
        while True:
            try:
                event = next(events)
            except StopIteration as done:
                return done.value
            if on_event is not None:
                on_event(event)

    def events(self) -> Generator[Event, None, Transcript]:
        from carevoice.audio.decode import probe_media

        started = time.perf_counter()
        timings = Timings()
        options = self.options
        if isinstance(self.source, np.ndarray):
            duration = len(self.source) / SAMPLE_RATE
        else:
            yield Stage("decoding", Path(self.source).name)
            duration = probe_media(self.source).duration_s or 0.0
        decision = self._decide()
        model_name = options.model_name()
        segments: list[Segment] = []
        fallback_warnings: list[str] = []
        while True:
            windows = self._windows()
            try:
                language, language_probability, guard = yield from self._transcribe_on(
                    decision, windows, segments, duration, started, timings
                )
                break
            except Exception as exc:
                fallback = fall_back_from_gpu(self.pool.gpu, exc, decision, options)
                if fallback is None:
                    raise
                reason = fallback.reason
                close = getattr(windows, "close", None)
                if close is not None:  # the next attempt reads the file from the start
                    close()
                yield GpuFailed(reason)
                if segments:  # they are on the user's screen already: no silent restart
                    raise TranscriptionError(
                        Phrase(
                            "The GPU failed partway through this file: {reason} Retry it to "
                            "transcribe it on the CPU.",
                            reason=reason,
                        )
                    ) from exc
                decision = _unless_refused(fallback.decision)  # the CPU from now on
                fallback_warnings.append(
                    Phrase(
                        "The GPU failed, so this file was transcribed on the CPU: {reason}",
                        reason=reason,
                    )
                )
        warnings = (
            fallback_warnings + self.loop_warnings + guard.finish() + _window_warnings(windows)
        )
        mismatch = self.language_mismatch
        if mismatch is not None:
            warnings.insert(0, mismatch.warning())
        cancelled = self._cancel.is_set()
        timings.total_s = time.perf_counter() - started
        timings.transcribe_s = timings.total_s - timings.model_load_s - timings.decode_s
        if not cancelled:
            yield Progress(1.0, timings.total_s, 0.0)
        yield Stage("cancelled" if cancelled else "done")
        return Transcript(
            segments=segments,
            language=language,
            language_probability=language_probability,
            duration_s=duration,
            model=model_name,
            device=decision.device,
            compute_type=decision.compute_type,
            source=self.source_name,
            task=options.task,
            timings=timings,
            cancelled=cancelled,
            warnings=warnings,
            suggested_model=mismatch.suggested if mismatch is not None else None,
        )

    def _decide(self) -> DeviceDecision:
        """The device for this job; a TranscriptionError when GPU-only mode refuses."""
        return _unless_refused(decide_for_job(self.pool.gpu, self.options))

    def _windows(self) -> Iterable[tuple[float, np.ndarray]]:
        if isinstance(self.source, np.ndarray):
            return [(0.0, self.source.astype(np.float32))]
        from carevoice.audio.decode import iter_audio_windows

        return iter_audio_windows(self.source, window_s=self.options.window_s)

    def _transcribe_on(
        self,
        decision,
        windows: Iterable[tuple[float, np.ndarray]],
        segments: list[Segment],
        duration: float,
        started: float,
        timings: Timings,
    ) -> Generator[Event, None, tuple[str | None, float | None, RepetitionGuard]]:
        """Load the model on the decided device and transcribe every window into
        `segments`; returns the language, its probability and the repetition guard."""
        options = self.options
        model_name = options.model_name()
        info = resolve_model(model_name)
        yield Stage("loading model", f"{model_name} on {decision.device} ({decision.compute_type})")
        load_started = time.perf_counter()
        with self.pool.lease(model_name, decision.device, decision.compute_type) as loaded:
            timings.model_load_s = time.perf_counter() - load_started
            yield Stage("transcribing", model_name)
            guard = RepetitionGuard()
            language = options.language or ("en" if info.multilingual is False else None)
            language_probability = None
            window_iter = iter(windows)
            while not self._cancel.is_set():
                decode_started = time.perf_counter()
                try:
                    offset, samples = next(window_iter)
                except StopIteration:
                    break
                timings.decode_s += time.perf_counter() - decode_started
                if not len(samples):
                    continue
                raw_segments, found = self._start_window(loaded, samples, language)
                if language_probability is None:
                    # The first window's language holds for the rest of the file.
                    language, language_probability = found.language, found.language_probability
                    if info.multilingual is False:
                        self._check_language(model_name, samples, decision)
                traditional = options.traditional_chinese and is_mandarin(language)
                for raw in raw_segments:
                    whole = _to_segment(raw, offset, 0)
                    if is_looping(whole.text, raw.compression_ratio):
                        found_segments = self._unloop(loaded, whole, samples, offset, language)
                    else:
                        found_segments = [whole]
                    for segment in (p for s in found_segments for p in self._pieces(s)):
                        if traditional:
                            segment = convert_segment(segment)
                        kept = guard.accept(replace(segment, index=len(segments)))
                        if kept is not None:
                            segments.append(kept)
                            yield SegmentReady(kept)
                            yield _progress(kept.end_s, duration, started)
                        if self._cancel.is_set():
                            break
                    if self._cancel.is_set():
                        break
        return language, language_probability, guard

    def _check_language(self, model_name: str, samples: np.ndarray, decision) -> None:
        """Note an English-only model given (or set to) another language: the text is
        then nonsense, and the multilingual model is the one to use."""
        if self.options.language:
            found = chosen_language_mismatch(model_name, self.options.language)
        else:
            found = detect_mismatch(
                self.pool, model_name, samples, decision.device, decision.compute_type
            )
        self.language_mismatch = found

    def _unloop(
        self,
        loaded: LoadedModel,
        segment: Segment,
        samples: np.ndarray,
        offset: float,
        language: str | None,
    ) -> list[Segment]:
        """A looping segment ("1 1 1 1 …") transcribed again, alone, at higher temperatures
        (what faster-whisper's sequential path does; its batched path never retries);
        when that loops too, the segment with its repeats cut. Either way a warning says
        where. The retry leaves out the user's initial prompt, which can seed a loop."""
        options = self.options
        first = max(0, int((segment.start_s - offset) * SAMPLE_RATE))
        clip = samples[first : max(first, int((segment.end_s - offset) * SAMPLE_RATE))]
        retried: list[Segment] = []
        if len(clip) >= SAMPLE_RATE // 5:
            raw_segments, _ = loaded.model.transcribe(
                clip,
                language=language,
                task=options.task,
                beam_size=options.beam_size,
                word_timestamps=options.word_timestamps,
                vad_filter=False,
                temperature=list(RETRY_TEMPERATURES),
                compression_ratio_threshold=COMPRESSION_RATIO_THRESHOLD,
                condition_on_previous_text=False,
                initial_prompt=options.glossary(),
                hotwords=options.hotwords(),
            )
            clip_start = offset + first / SAMPLE_RATE
            retried = [_to_segment(raw, clip_start, 0) for raw in raw_segments]
        if retried and not any(is_looping(s.text, s.compression_ratio) for s in retried):
            self.loop_warnings.append(looped_retried(segment.start_s))
            return retried
        self.loop_warnings.append(looped_flagged(segment.start_s))
        if segment.words:
            words = drop_word_loops(list(segment.words))
            return [replace(segment, text="".join(w.text for w in words), words=tuple(words))]
        return [replace(segment, text=cut_loops_in_text(segment.text))]

    def _pieces(self, segment: Segment) -> list[Segment]:
        if self.options.max_segment_s is None:
            return [segment]
        return split_segment(segment, self.options.max_segment_s)

    def _start_window(self, loaded: LoadedModel, samples: np.ndarray, language: str | None):
        options = self.options
        common = dict(
            language=language,
            task=options.task,
            beam_size=options.beam_size,
            word_timestamps=options.word_timestamps,
            vad_filter=options.vad_filter,
            temperature=list(options.temperatures),
            condition_on_previous_text=options.condition_on_previous_text,
            initial_prompt=_prompt(options),
            hotwords=options.hotwords(),
        )
        if options.batch_size > 0 and options.vad_filter:
            return loaded.batched.transcribe(samples, batch_size=options.batch_size, **common)
        return loaded.model.transcribe(samples, **common)


def glossary_prompt(terms: tuple[str, ...] | list[str]) -> str | None:
    """The initial prompt that makes Whisper spell `terms` as written; None when empty.

    Measured with tiny.en on espeak-ng speech: hotwords alone left "Donepezil" as "don't
    reveal"; this prompt fixed it (and "Siobhan", "Metoprolol", "Apixaban" ...).
    """
    return f"Glossary: {', '.join(terms)}." if terms else None


def _prompt(options: TranscribeOptions) -> str | None:
    parts = [options.glossary(), options.initial_prompt]
    return " ".join(p for p in parts if p) or None


def _to_segment(raw, offset: float, index: int) -> Segment:
    words = tuple(
        Word(w.start + offset, w.end + offset, w.word, w.probability) for w in (raw.words or ())
    )
    return Segment(
        index=index,
        start_s=raw.start + offset,
        end_s=raw.end + offset,
        text=raw.text,
        avg_logprob=raw.avg_logprob,
        no_speech_prob=raw.no_speech_prob,
        compression_ratio=raw.compression_ratio,
        words=words,
    )


def _progress(position_s: float, duration_s: float, started: float) -> Progress:
    elapsed = time.perf_counter() - started
    if duration_s <= 0:
        return Progress(0.0, elapsed, None)
    fraction = min(1.0, max(0.0, position_s / duration_s))
    eta = elapsed / fraction * (1 - fraction) if fraction > 0.01 else None
    return Progress(fraction, elapsed, eta)


def _window_warnings(windows) -> list[str]:
    # iter_audio_windows reports damaged files through its `warnings` list, if it has one.
    return list(getattr(windows, "warnings", []) or [])


def transcribe_file(
    source: str | Path | np.ndarray,
    options: TranscribeOptions | None = None,
    pool: ModelPool | None = None,
    on_event: Callable[[Event], None] | None = None,
) -> Transcript:
    """One-call convenience for scripts and tests."""
    job = TranscriptionJob(source, options or TranscribeOptions(), pool or ModelPool())
    return job.run(on_event)
