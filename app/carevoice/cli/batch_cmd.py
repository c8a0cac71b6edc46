"""`care-voice batch`: an archive of recordings into one folder, resumable, optionally on Ray."""

from __future__ import annotations

import sys
from pathlib import Path

from carevoice.cli.options import add_device_options, add_vocabulary_option, vocabulary_terms

LOCAL_RAY = "local"


def register(commands) -> None:
    parser = commands.add_parser(
        "batch",
        help="transcribe an archive into one folder; resumable, optionally on a Ray cluster",
        description="Transcribe every recording and video in the folders into --output-dir. "
        "A manifest there records each file's content hash and state: run the same "
        "command again to skip finished files and retry failed ones. Existing "
        "transcripts are never overwritten.",
    )
    parser.add_argument("inputs", nargs="+", metavar="FOLDER_OR_FILE")
    parser.add_argument("--output-dir", type=Path, required=True, help="where transcripts go")
    parser.add_argument("--model", help="model name or folder (see `care-voice models`)")
    parser.add_argument("--language", help="language code such as en or zh (default: detect)")
    add_device_options(parser)
    add_vocabulary_option(parser)
    parser.add_argument(
        "--as-written",
        action="store_true",
        help="keep Mandarin in the script the model wrote (default: Traditional, Taiwan)",
    )
    parser.add_argument(
        "--format", default="txt,srt,vtt,json", help="comma-separated: txt, srt, vtt, json"
    )
    parser.add_argument(
        "--ray",
        nargs="?",
        const=LOCAL_RAY,
        metavar="ADDRESS",
        help="run on Ray: alone, a Ray started on this machine; with an address "
        "(ray://host:10001, or auto), an existing cluster (needs care-voice[cluster])",
    )
    parser.add_argument(
        "--actors",
        type=int,
        help="Ray workers, each with its model loaded once "
        "(default: as many as the cluster's CPUs, or GPUs with --gpus-per-actor, allow)",
    )
    parser.add_argument(
        "--cpus-per-actor", type=float, default=1.0, help="with --ray: CPUs each actor holds"
    )
    parser.add_argument(
        "--gpus-per-actor",
        type=float,
        default=0.0,
        help="with --ray: GPUs (or a fraction of one) each actor holds (default 0)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from carevoice.batch.manifest import ManifestError
    from carevoice.batch.run import run_batch
    from carevoice.engine.transcriber import TranscribeOptions
    from carevoice.export import FORMATS

    formats = list(dict.fromkeys(f.strip().lower() for f in args.format.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        print(
            f"Unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}.",
            file=sys.stderr,
        )
        return 2
    missing = [item for item in args.inputs if not Path(item).exists()]
    if missing:
        print(f"Not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    options = TranscribeOptions(
        model=args.model,
        language=args.language,
        vocabulary=vocabulary_terms(args.vocabulary),
        device=args.device,
        compute_type=args.compute_type,
        traditional_chinese=not args.as_written,
    )
    try:
        workers = _workers(args, options)
    except RuntimeError as exc:  # RayUnavailable: not installed, or no cluster there
        print(str(exc), file=sys.stderr)
        return 2
    progress = _Progress(quiet=args.quiet)
    try:
        summary = run_batch(args.inputs, args.output_dir, formats, workers, progress)
    except ManifestError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        progress.close()
        workers.close()
    parts = [f"{summary.done} transcribed"]
    if summary.finished_before:
        parts.append(f"{summary.finished_before} already done")
    if summary.duplicates:
        parts.append(f"{summary.duplicates} duplicate(s) of another file")
    if summary.failed:
        parts.append(f"{summary.failed} failed (run again to retry)")
    if summary.not_attempted:
        parts.append(f"{summary.not_attempted} not attempted")
    print(", ".join(parts) + f"; transcripts in {args.output_dir}.", file=sys.stderr)
    return 0 if summary.ok else 1


def _workers(args, options):
    if args.ray is None:
        from carevoice.batch.work import LocalWorkers

        return LocalWorkers(options)
    from carevoice.batch.ray_workers import RaySetup, RayWorkers

    setup = RaySetup(
        address=None if args.ray == LOCAL_RAY else args.ray,
        actors=args.actors,
        cpus_per_actor=args.cpus_per_actor,
        gpus_per_actor=args.gpus_per_actor,
    )
    return RayWorkers(options, setup)


class _Progress:
    """A files bar (tqdm) on stderr, with a line for each failure and retry."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar = None

    def __call__(self, event) -> None:
        from carevoice.batch.run import FileDone, FileFailed, FileRetried, Planned

        if isinstance(event, Planned):
            skipped = []
            if event.finished_before:
                skipped.append(f"{event.finished_before} already done")
            if event.duplicates:
                skipped.append(f"{event.duplicates} duplicate(s)")
            if event.not_media:
                skipped.append(f"{event.not_media} not audio or video")
            note = f" (skipped: {', '.join(skipped)})" if skipped else ""
            print(f"{event.to_do} file(s) to transcribe{note}.", file=sys.stderr)
            if not self.quiet and event.to_do:
                from tqdm import tqdm

                self.bar = tqdm(total=event.to_do, unit="file", file=sys.stderr)
        elif isinstance(event, FileDone):
            if self.bar is not None:
                self.bar.set_postfix_str(event.task.path.name[:30])
                self.bar.update(1)
        elif isinstance(event, FileFailed):
            self._line(f"✗ {event.path.name}: {event.error}")
            if self.bar is not None and event.task is not None:
                self.bar.update(1)
        elif isinstance(event, FileRetried):
            self._line(f"↻ {event.reason}")

    def _line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=sys.stderr)
        else:
            print(text, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
