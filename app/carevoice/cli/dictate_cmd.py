"""`care-voice dictate`: record from the microphone and print the text while speaking.

Settled text goes to stdout as it comes, one line per update, so the lines joined are
the transcript; everything else (what is recorded where, the final latency, the files
written) goes to stderr. Recording stops at Enter, after --seconds, at Ctrl-C, or when
the microphone goes away.
"""

from __future__ import annotations

import io
import signal
import sys
import threading
from pathlib import Path

from carevoice.cli.options import add_vocabulary_option, vocabulary_terms

DEFAULT_FORMATS = ("txt", "json")


def register(commands) -> None:
    parser = commands.add_parser(
        "dictate",
        help="record from the microphone and transcribe while speaking",
        description="Record from the microphone until Enter (or --seconds), printing the "
        "text as it settles; saves the recording and its transcript.",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        help="stop after this many seconds (without it: at Enter, or Ctrl-C when input "
        "is not a terminal)",
    )
    parser.add_argument("--device", help="microphone name (or part of it) or number")
    parser.add_argument(
        "--model", help="model for the live text (default: tiny.en for English, else base)"
    )
    parser.add_argument("--language", default="en", help="language code (default: en)")
    add_vocabulary_option(parser)
    parser.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="save as FILE.wav, FILE.txt, FILE.json (default: the recordings folder)",
    )
    parser.add_argument(
        "--format",
        default=",".join(DEFAULT_FORMATS),
        help="transcript formats: txt, srt, vtt, json (default: txt,json)",
    )
    parser.add_argument(
        "--retranscribe",
        metavar="MODEL",
        nargs="?",
        const="base",
        help="afterwards, transcribe the whole recording again with MODEL (default: base)",
    )
    typing = parser.add_mutually_exclusive_group()
    typing.add_argument(
        "--type",
        action="store_true",
        help="type the final text into the window that had the focus when recording started (X11)",
    )
    typing.add_argument(
        "--type-live",
        action="store_true",
        help="type the text into that window as it settles, correcting it if a spoken "
        "command takes words back",
    )
    parser.add_argument(
        "--no-commands",
        action="store_true",
        help='keep spoken commands ("new line", "comma", "scratch that", 換行 ...) as text',
    )
    parser.add_argument(
        "--type-route",
        choices=("auto", "keys", "clipboard"),
        default="auto",
        help="how to type: key events, the clipboard and Ctrl+V, or keys where the "
        "keyboard has them (default)",
    )
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument(
        "--list-devices", action="store_true", help="list the microphones and exit"
    )
    actions.add_argument(
        "--check", action="store_true", help="record 3 seconds and say how the microphone sounds"
    )
    actions.add_argument(
        "--toggle",
        action="store_true",
        help="start or stop a dictation in the running Care Voice window (for a desktop "
        "shortcut); with --type it types the text into the window focused now",
    )
    actions.add_argument(
        "--recover",
        action="store_true",
        help="repair recordings a crash left unfinished, and transcribe them",
    )
    parser.set_defaults(handler=run)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run(args) -> int:
    from carevoice.audio.devices import MicrophoneError
    from carevoice.export import FORMATS

    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        _err(f"Unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}.")
        return 2
    args.formats = formats
    try:
        if args.list_devices:
            return list_devices()
        if args.check:
            return check(args.device)
        if args.recover:
            return recover(args)
        if args.toggle:
            return toggle(args)
        return dictate(args)
    except MicrophoneError as exc:
        _err(exc.message)
        return 1


def list_devices() -> int:
    from carevoice.audio.devices import NO_MICROPHONE, list_input_devices

    devices = list_input_devices()
    if not devices:
        _err(NO_MICROPHONE)
        return 1
    for d in devices:
        mark = "*" if d.is_default else " "
        print(
            f"{mark} {d.index:>3}  {d.name}  ({d.host_api}, {d.channels} ch, "
            f"{d.default_sample_rate} Hz)"
        )
    return 0


def check(device) -> int:
    from carevoice.audio.microphone_check import check_microphone

    _err("Listening for 3 seconds: say something.")
    result = check_microphone(device)
    print(f"{result.verdict}: {result.message}")
    print(f"level {result.rms_dbfs:.0f} dBFS, peak {result.peak_dbfs:.0f} dBFS")
    return 0 if result.verdict == "ok" else 1


def toggle(args) -> int:
    from carevoice.desktop.control import ControlError, send_request

    words = (["type"] if args.type or args.type_live else []) + (
        ["no-commands"] if args.no_commands else []
    )
    try:
        before = send_request("status")
        send_request("toggle", *words)
    except ControlError as exc:
        _err(exc.message)
        return 1
    _err("Stopping the dictation." if before != "idle" else "Dictating in Care Voice.")
    return 0


def options_from_args(args):
    """The TranscribeOptions for the live text, the final text and --recover."""
    from carevoice.engine.transcriber import TranscribeOptions

    return TranscribeOptions(
        model=args.model,
        language=args.language or None,
        vocabulary=vocabulary_terms(args.vocabulary),
    )


def dictate(args) -> int:
    from carevoice.audio.recorder import RecordingError
    from carevoice.audio.wavfile import find_unfinished_recordings
    from carevoice.engine.dictation import Dictation
    from carevoice.engine.models import ModelNotFoundError
    from carevoice.engine.pool import ModelPool
    from carevoice.engine.transcriber import TranscriptionError

    unfinished = find_unfinished_recordings()
    if unfinished:
        _err(
            f"{len(unfinished)} recording(s) were left unfinished (Care Voice stopped "
            "unexpectedly); `care-voice dictate --recover` saves and transcribes them."
        )
    if isinstance(sys.stdout, io.TextIOWrapper):  # not when a caller swapped stdout out
        sys.stdout.reconfigure(line_buffering=True)

    typer = None
    if args.type or args.type_live:
        from carevoice.cli.dictate_typing import TypedDictation
        from carevoice.desktop.typing import TypingError, xwayland_limits

        try:
            typer = TypedDictation(args.type_route, commands=not args.no_commands)
        except TypingError as exc:
            _err(exc.message)
            return 1
        _err(f'Typing into "{typer.target.title or typer.target.id}".')
        limits = xwayland_limits()
        if limits is not None:
            _err(str(limits))

    def on_update(update) -> None:
        # The final update carries the words settled at stop: every word is printed once.
        if update.new_settled:
            print(update.new_settled)
        if typer is not None and args.type_live:
            typer.settled(dictation.live.utterances())

    pool = ModelPool(max_loaded=1, workers=1)
    path = _output_base(args.output).with_suffix(".wav") if args.output else None
    options = options_from_args(args)
    if typer is not None and typer.commands:
        from carevoice.engine.commands import listening_for_commands

        options = listening_for_commands(options)
    dictation = Dictation(pool, options, device=args.device, path=path, on_update=on_update)
    try:
        dictation.start()
    except (RecordingError, ModelNotFoundError, TranscriptionError) as exc:
        _err(getattr(exc, "message", None) or str(exc))
        return 1
    recorder = dictation.recorder
    assert recorder.device is not None, "a started recording has its microphone"
    until = f"for {args.seconds:g} s" if args.seconds else "until you press Enter"
    _err(
        f'Recording from "{recorder.device.name}" ({recorder.sample_rate} Hz) {until}, '
        f"to {dictation.path}"
    )
    _wait_for_stop(dictation, args.seconds)
    result = dictation.stop()
    transcript = result.transcript
    if result.stopped_reason:
        _err(result.stopped_reason)
    if result.error:
        _err(result.error)
    if transcript is None:
        _err(f"Recording: {result.recording.path}")
        return 1
    _err(
        f"Final text {result.stop_to_final_s:.2f} s after stop; "
        f"{result.recording.duration_s:.1f} s recorded."
    )
    _save(args, result.recording.path, transcript, pool)
    if typer is not None and not typer.finish(result, _err):
        return 1  # the text is in the files above, and on stdout
    return 1 if result.stopped_reason else 0  # saved, but stopped before the user said so


def _wait_for_stop(dictation, seconds: float | None) -> None:
    """Until Enter, `seconds`, Ctrl-C, SIGTERM, or the recording stopping on its own."""
    stop = threading.Event()

    def read_enter() -> None:
        try:
            line = sys.stdin.readline()
        except (OSError, ValueError):
            return
        if line:  # EOF (no terminal) is not Enter: keep recording
            stop.set()

    def watch_recorder() -> None:  # the microphone went away, or the disk is full
        dictation.recorder.finished.wait()
        stop.set()

    if sys.stdin is not None and not sys.stdin.closed:
        threading.Thread(target=read_enter, daemon=True).start()
    threading.Thread(target=watch_recorder, daemon=True).start()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait(seconds)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _output_base(output: Path) -> Path:
    """FILE, FILE.wav or FILE.txt all mean: FILE.wav, FILE.txt, FILE.json."""
    if output.suffix.lower() in (".wav", ".txt", ".json", ".srt", ".vtt"):
        return output.with_suffix("")
    return output


def _save(args, wav: Path, transcript, pool) -> None:
    """Write the transcript beside the recording; print where everything is."""
    from carevoice.export import write_exports

    base = wav.with_suffix("")
    _err(f"Recording: {wav}")
    for path in write_exports(transcript, args.formats, base):
        _err(f"Transcript: {path}")
    if args.retranscribe:
        from carevoice.engine.dictation import retranscribe

        _err(f"Transcribing the whole recording again with {args.retranscribe}…")
        better = retranscribe(wav, pool, model=args.retranscribe, base=options_from_args(args))
        for path in write_exports(
            better, args.formats, base.with_name(f"{base.name}.{better.model}")
        ):
            _err(f"Transcript ({better.model}): {path}")


def recover(args) -> int:
    from carevoice.audio.decode import AudioError
    from carevoice.audio.wavfile import (
        RecordingDamagedError,
        RecordingInUseError,
        find_unfinished_recordings,
        repair,
    )
    from carevoice.engine.models import ModelNotFoundError
    from carevoice.engine.pool import ModelPool
    from carevoice.engine.transcriber import TranscriptionError, TranscriptionJob

    folders = [None] + ([args.output.parent.resolve()] if args.output else [])
    unfinished = [r for folder in folders for r in find_unfinished_recordings(folder)]
    if not unfinished:
        _err("No unfinished recordings.")
        return 0
    pool = ModelPool(max_loaded=1, workers=1)
    failures = 0
    for item in unfinished:
        try:
            repaired = repair(item.path)
        except (RecordingInUseError, RecordingDamagedError, OSError) as exc:
            _err(f"✗ {item.path.name}: {exc}")
            failures += 1
            continue
        _err(f"Recovered {repaired.path} ({repaired.duration_s:.1f} s, started {item.started})")
        try:
            transcript = TranscriptionJob(repaired.path, options_from_args(args), pool).run()
        except (AudioError, ModelNotFoundError, TranscriptionError) as exc:
            _err(f"✗ {item.path.name}: {exc}")
            failures += 1
            continue
        print(transcript.text)
        _save(args, repaired.path, transcript, pool)
    return 1 if failures else 0
