"""One benchmark run in a fresh process: load a model, transcribe one file, print JSON.

transcribe_speed.py starts one of these per configuration and repeat, so each peak RSS
belongs to exactly one configuration and no run inherits another's caches or threads.
Usable alone too, e.g. to profile one configuration:

    .venv/bin/python benchmarks/_bench_child.py carevoice-same tiny.en benchmarks/out/x.wav \
        --profile benchmarks/out/cv.pstats
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for _path in (REPO / "app", REPO):  # tests.speech, and carevoice without an install
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# The order transcribe_speed.py runs them in: each raw run right before its Care Voice
# counterpart, so drift in machine speed lands on both sides of a ratio.
# "carevoice-chunks" is the default before sentence-sized segments (issue #13.4): one
# segment per batched chunk, no word timings; it measures what those segments cost.
CONFIGS = (
    "raw-sequential",
    "carevoice-same",
    "raw-batched",
    "carevoice-chunks",
    "carevoice-default",
)
# faster-whisper 1.2.1's own default temperature fallback.
FASTER_WHISPER_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
CPU = dict(device="cpu", compute_type="int8")
RESULT_PREFIX = "BENCH-RESULT "


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def current_rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / (1024 * 1024)


def carevoice_options(config: str, model: str):
    from carevoice.engine.transcriber import TranscribeOptions

    # The file is English. Saying so for an English-only model skips the check that it was
    # not given another language (a pass of the multilingual model: language_check.py),
    # which raw faster-whisper does not make either.
    language = "en" if model.endswith(".en") else None

    if config == "carevoice-same":
        # faster-whisper's own defaults, so only the engine's plumbing differs from raw.
        return TranscribeOptions(
            model=model,
            language=language,
            batch_size=0,
            vad_filter=False,
            condition_on_previous_text=True,
            temperatures=FASTER_WHISPER_TEMPERATURES,
            **CPU,
        )
    if config == "carevoice-chunks":
        return TranscribeOptions(
            model=model,
            language=language,
            device="cpu",
            word_timestamps=False,
            max_segment_s=None,
        )
    # What the app uses for files.
    return TranscribeOptions(model=model, language=language, device="cpu")


def load(config: str, model: str):
    """Whatever the configuration transcribes with, loaded; the time this takes is not timed."""
    if config.startswith("raw-"):
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        from carevoice.engine.models import resolve_model

        whisper = WhisperModel(resolve_model(model).path, **CPU)
        return BatchedInferencePipeline(whisper) if config == "raw-batched" else whisper
    from carevoice.engine.pool import ModelPool

    pool = ModelPool()
    # Leasing once loads the model and leaves it in the pool, where the job finds it.
    with pool.lease(model, CPU["device"], CPU["compute_type"]):
        pass
    return pool


def transcribe(config: str, model: str, loaded, audio: str) -> tuple[str, dict]:
    """Transcribe fully; returns the text and engine-side facts worth reporting."""
    if config == "raw-sequential":
        segments, info = loaded.transcribe(audio, beam_size=5)
        segments = list(segments)
        texts = [s.text.strip() for s in segments]
        longest = max((s.end - s.start for s in segments), default=0.0)
        return " ".join(t for t in texts if t), {
            "segments": len(texts),
            "longest_segment_s": longest,
        }
    if config == "raw-batched":
        segments, info = loaded.transcribe(audio, batch_size=4)
        segments = list(segments)
        texts = [s.text.strip() for s in segments]
        longest = max((s.end - s.start for s in segments), default=0.0)
        return " ".join(t for t in texts if t), {
            "segments": len(texts),
            "longest_segment_s": longest,
        }
    from carevoice.engine.transcriber import TranscriptionJob

    loads_before = sum(loaded.load_counts.values())
    transcript = TranscriptionJob(audio, carevoice_options(config, model), loaded).run()
    if sum(loaded.load_counts.values()) != loads_before:
        raise RuntimeError("the job loaded its own model: the pre-load key did not match")
    timings = transcript.timings
    return transcript.text, {
        "segments": len(transcript.segments),
        "longest_segment_s": max((s.end_s - s.start_s for s in transcript.segments), default=0.0),
        "warnings": transcript.warnings,
        "engine_decode_s": timings.decode_s,
        "engine_transcribe_s": timings.transcribe_s,
        "engine_total_s": timings.total_s,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", choices=CONFIGS)
    parser.add_argument("model")
    parser.add_argument("audio")
    parser.add_argument("--reference", help="file with the known text, for the error rate")
    parser.add_argument("--profile", help="write cProfile stats of the transcription here")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    loaded = load(args.config, args.model)
    load_s = time.perf_counter() - started
    rss_loaded = current_rss_mb()

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu_started = time.perf_counter(), cpu_seconds()
    text, extra = transcribe(args.config, args.model, loaded, args.audio)
    wall_s = time.perf_counter() - started
    cpu_s = cpu_seconds() - cpu_started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)

    result = {
        "config": args.config,
        "model": args.model,
        "audio": args.audio,
        "load_s": load_s,
        "wall_s": wall_s,
        "cpu_s": cpu_s,
        "rss_after_load_mb": rss_loaded,
        "peak_rss_mb": peak_rss_mb(),
        "text": text,
        **extra,
    }
    if args.reference:
        from tests.speech import word_error_rate

        reference = Path(args.reference).read_text(encoding="utf-8")
        result["wer"] = word_error_rate(reference, text)
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
