"""`care-voice transcribe`: files and folders in, transcripts out, a progress bar per file."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from carevoice.cli.options import add_device_options, add_vocabulary_option, vocabulary_terms
from carevoice.engine.segmenting import MAX_SEGMENT_S
from carevoice.engine.transcriber import (
    GpuFailed,
    Progress,
    Stage,
    TranscribeOptions,
    TranscriptionError,
    TranscriptionJob,
)
from carevoice.logs import log_bad_input

log = logging.getLogger(__name__)


def register(commands) -> None:
    parser = commands.add_parser("transcribe", help="transcribe audio or video files")
    parser.add_argument("inputs", nargs="+", metavar="FILE_OR_FOLDER")
    parser.add_argument(
        "--model",
        help="model name or folder (default: tiny.en for English, "
        "base otherwise); see `care-voice models`",
    )
    parser.add_argument("--language", help="language code such as en or zh (default: detect)")
    parser.add_argument(
        "--task",
        choices=("transcribe", "translate"),
        default="transcribe",
        help="transcribe in the spoken language, or translate into English",
    )
    add_device_options(parser, gpu_only_help="never fall back to the CPU: fail instead")
    add_vocabulary_option(parser)
    parser.add_argument("--initial-prompt", help="text that sets the style and context")
    parser.add_argument(
        "--max-segment-seconds",
        type=float,
        default=MAX_SEGMENT_S,
        metavar="S",
        help="cut segments at sentence ends and to at most S seconds and two subtitle "
        f"lines, on word timings (default {MAX_SEGMENT_S:g}; 0: the model's own segments, "
        "without word timings)",
    )
    parser.add_argument(
        "--beam-size",
        type=int,
        default=5,
        help="candidate texts kept while decoding (default 5; 1 is fastest, greedy)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=4,
        help="chunks decoded together (0: sequential, as raw faster-whisper)",
    )
    parser.add_argument("--no-vad", action="store_true", help="do not skip silence")
    parser.add_argument(
        "--as-written",
        action="store_true",
        help="keep Mandarin in the script the model wrote (default: "
        "Traditional characters, Taiwan phrasing)",
    )
    parser.add_argument(
        "--format",
        default="txt,srt,vtt,json",
        help="comma-separated output formats: txt, srt, vtt, json",
    )
    parser.add_argument(
        "--output-dir", type=Path, help="where transcripts go (default: next to each input)"
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace transcripts that were there before this run (default: keep them and "
        'write the new ones as "NAME (2).txt"); two inputs of one run never share a name',
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def collect_inputs(inputs: list[str]) -> tuple[list[Path], int]:
    """Files to transcribe (folders walked for media files) and how many were skipped."""
    from carevoice.audio.media_files import MEDIA_EXTENSIONS

    files: list[Path] = []
    skipped = 0
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in MEDIA_EXTENSIONS:
                    files.append(child)
                else:
                    skipped += 1
        else:
            files.append(path)  # missing or odd files are reported by the decoder
    return files, skipped


def options_from_args(args) -> TranscribeOptions:
    return TranscribeOptions(
        model=args.model,
        language=args.language,
        task=args.task,
        vad_filter=not args.no_vad,
        vocabulary=vocabulary_terms(args.vocabulary),
        initial_prompt=args.initial_prompt,
        beam_size=args.beam_size,
        word_timestamps=args.max_segment_seconds > 0,
        max_segment_s=args.max_segment_seconds if args.max_segment_seconds > 0 else None,
        batch_size=args.batch_size,
        device=args.device,
        compute_type=args.compute_type,
        gpu_only=args.gpu_only,
        traditional_chinese=not args.as_written,
    )


def run(args) -> int:
    from carevoice.audio.decode import AudioError
    from carevoice.engine.models import ModelNotFoundError
    from carevoice.engine.pool import ModelPool
    from carevoice.export import FORMATS
    from carevoice.output_names import OutputNames

    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        print(
            f"Unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}.",
            file=sys.stderr,
        )
        return 2
    files, skipped = collect_inputs(args.inputs)
    if skipped:
        print(f"Skipped {skipped} file(s) that are not audio or video.", file=sys.stderr)
    options = options_from_args(args)
    pool = ModelPool(max_loaded=1, workers=1)
    names = OutputNames(overwrite=args.overwrite)
    failures: list[tuple[Path, str]] = []
    written = replaced = kept = apart = 0
    done = 0
    for path in files:
        job = TranscriptionJob(path, options, pool)
        try:
            transcript = _run_with_progress(job, path, quiet=args.quiet)
        except (AudioError, ModelNotFoundError, TranscriptionError) as exc:
            failures.append((path, str(exc)))
            print(f"✗ {path.name}: {exc}", file=sys.stderr)
            if isinstance(exc, TranscriptionError):
                log.warning("transcribing %s failed", path, exc_info=True)
            else:  # a file that is not audio, a model not installed: said above in full
                log_bad_input(log, f"transcribing {path} failed", exc)
            if isinstance(exc, (ModelNotFoundError, TranscriptionError)):
                break  # the same problem would fail every other file
            continue
        out_dir = args.output_dir or path.parent
        try:
            outputs = names.write(transcript, formats, out_dir, path.stem)
        except OSError as exc:
            failures.append((path, str(exc)))
            print(f"✗ {path.name}: the transcript could not be written: {exc}", file=sys.stderr)
            continue
        for warning in transcript.warnings:
            print(f"! {path.name}: {warning}", file=sys.stderr)
        if transcript.suggested_model:
            print(
                f"! {path.name}: run again with --model {transcript.suggested_model}",
                file=sys.stderr,
            )
        print(
            f"✓ {path.name} → {', '.join(p.name for p in outputs.written)} "
            f"({transcript.language}, {transcript.device} {transcript.compute_type}, "
            f"{transcript.timings.total_s:.1f} s)",
            file=sys.stderr,
        )
        if outputs.named_apart:
            why = "another input of this run has it"
            if outputs.kept:
                why = "kept what was there: " + ", ".join(p.name for p in outputs.kept)
            print(f'  named "{outputs.name}": "{outputs.wanted}" is taken ({why})', file=sys.stderr)
        if outputs.replaced:
            print(f"  replaced {', '.join(p.name for p in outputs.replaced)}", file=sys.stderr)
        written += len(outputs.written)
        replaced += len(outputs.replaced)
        kept += len(outputs.kept)
        apart += outputs.named_apart
        done += 1
    not_attempted = len(files) - done - len(failures)
    summary = f"{done} of {len(files)} file(s) transcribed"
    if failures:
        summary += f", {len(failures)} failed"
    if not_attempted:
        summary += f", {not_attempted} not attempted"
    print(summary + ".", file=sys.stderr)
    if done:
        said = [f"{written} file(s) written"]
        if apart:
            said.append(f"{apart} input(s) named apart")
        if kept:
            said.append(f"{kept} existing file(s) kept")
        said.append(f"{replaced} replaced")
        print(", ".join(said) + ".", file=sys.stderr)
    return 0 if done == len(files) and files else 1


def _run_with_progress(job: TranscriptionJob, path: Path, quiet: bool):
    from tqdm import tqdm

    bar = None

    def on_event(event) -> None:
        nonlocal bar
        if isinstance(event, Stage) and event.name == "loading model" and not quiet:
            print(f"  loading model {event.detail}", file=sys.stderr)
        elif isinstance(event, Stage) and event.name == "transcribing" and not quiet:
            bar = tqdm(
                total=100,
                desc=path.name[:30],
                unit="%",
                file=sys.stderr,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}<{remaining}",
            )
        elif isinstance(event, Progress) and bar is not None:
            bar.update(round(event.fraction * 100) - bar.n)
        elif isinstance(event, GpuFailed):  # said even when quiet: it changes the device
            if bar is not None:
                bar.close()
                bar = None
            print(f"  the GPU failed: {event.reason}", file=sys.stderr)

    try:
        return job.run(on_event)
    finally:
        if bar is not None:
            bar.close()
