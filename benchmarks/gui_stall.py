"""Whether the GUI thread ever blocks while a real transcription runs.

Starts the main window as the app does (offscreen), with the GPU check running, and submits
a ~50 s espeak-ng recording (tests.speech.long_speech, one round of its ten sentences) to
tiny.en through the window's own runner, as the Files place does: twice, so the first job
loads the model and the second finds it loaded. A 10 ms heartbeat QTimer on the GUI thread
records every tick; the longest gap between ticks is the longest stall a user could feel.
Prints, per job, the longest gap, the 99th percentile, and the worst gaps with what was
happening then; asserts nothing.

    .venv/bin/python benchmarks/gui_stall.py
    .venv/bin/python benchmarks/gui_stall.py --model base --language en
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import wave
from pathlib import Path

from gui_startup import machine_sample, others_cores, wait_for_quiet

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for _path in (REPO / "app", REPO):  # tests.speech, and carevoice without an install
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

OUT = HERE / "out"
HEARTBEAT_MS = 10
TARGET_MS = 50.0


def speech_file() -> Path:
    """One round of tests.speech.LONG_SENTENCES with pauses (about 50 s), made once."""
    audio = OUT / "stall_speech.wav"
    if not audio.exists():
        from tests.speech import long_speech

        OUT.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as work:
            long_speech(audio, repeats=1, workdir=Path(work))
    return audio


def duration_s(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--language", default="en")
    parser.add_argument("--device", default="auto", help="auto, cuda or cpu")
    parser.add_argument(
        "--no-gpu-check",
        action="store_true",
        help="do not run the start-up GPU check alongside the transcription",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="first wait up to this long for other processes to go quiet",
    )
    args = parser.parse_args(argv)

    audio = speech_file()
    # A throwaway profile: nothing read from or written to the user's own.
    home = tempfile.TemporaryDirectory(prefix="cv-stall-")
    os.environ["CAREVOICE_HOME"] = home.name

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from carevoice.engine.transcriber import TranscribeOptions
    from carevoice.ui.main_window import MainWindow
    from carevoice.ui.settings import AppSettings

    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = MainWindow(AppSettings())
    window.confirm_close = lambda busy: True
    window.show()
    app.processEvents()

    ticks: list[float] = []
    events: list[tuple[float, str]] = []  # (time, what started then)
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))

    done = QEventLoop()
    outcome: dict = {}
    segments: list = []

    def on_stage(job_id, name, _detail):
        events.append((time.perf_counter(), f"{job_id}: {name}"))

    def on_segment(_job_id, segment):
        segments.append(segment)  # GUI-thread work per segment, as a live view does

    def on_end(job_id, result):
        outcome[job_id] = (time.perf_counter(), result)
        done.quit()

    window.device_changed.connect(lambda *_: events.append((time.perf_counter(), "GPU check done")))

    wait_for_quiet(args.wait_quiet)
    load_before = machine_sample()
    heartbeat.start()
    started = time.perf_counter()
    ticks.append(started)
    if not args.no_gpu_check:
        events.append((started, "GPU check started"))
        window.start_gpu_check()
    options = TranscribeOptions(model=args.model, language=args.language, device=args.device)
    # The first job loads the model (as a user's first file does); the second finds it loaded.
    spans = {}
    for job_id in ("cold job", "warm job"):
        begin = time.perf_counter()
        events.append((begin, f"{job_id}: submitted"))
        job = window.runner.submit(audio, options, source_name=str(audio))
        job.stage.connect(lambda name, detail, job_id=job_id: on_stage(job_id, name, detail))
        job.segment.connect(lambda segment, job_id=job_id: on_segment(job_id, segment))
        job.finished.connect(lambda transcript, job_id=job_id: on_end(job_id, transcript))
        job.failed.connect(lambda message, job_id=job_id: on_end(job_id, message))
        QTimer.singleShot(600_000, done.quit)  # a safety net, not expected
        while job_id not in outcome:
            done.exec()
        spans[job_id] = (begin, outcome[job_id][0])
    heartbeat.stop()
    others = others_cores(load_before, machine_sample())
    workers = window.runner.worker_count
    window.close()

    failed = {j: r for j, (_, r) in outcome.items() if isinstance(r, str)}
    if failed:
        print(f"the transcription failed: {failed}")
        return 1
    print(
        f"{args.model} on {audio.name} ({duration_s(audio):.1f} s of speech), "
        f"device setting {args.device}, {workers} workers, "
        f"GPU check {'off' if args.no_gpu_check else 'alongside the first job'}, "
        f"{os.environ['QT_QPA_PLATFORM']}; heartbeat every {HEARTBEAT_MS} ms:"
    )
    print(
        f"  other processes took {others:.2f} of {os.cpu_count()} cores meanwhile "
        "(near 0 for fair numbers: on a busy machine the GUI thread waits for a core)"
    )
    print(f"  {len(segments)} segments arrived on the GUI thread")
    for job_id, (begin, end) in spans.items():
        report(job_id, begin, end, ticks, events, started, outcome[job_id][1])
    report("both jobs", started, max(end for _, end in spans.values()), ticks, events, started)
    home.cleanup()
    return 0


def report(label, begin, end, ticks, events, started, transcript=None) -> None:
    inside = [t for t in ticks if begin <= t <= end]
    gaps = [(b - a) * 1000 for a, b in zip(inside, inside[1:], strict=False)]
    if len(gaps) < 2:
        print(f"  {label}: too short to measure ({len(gaps)} gaps)")
        return
    longest = max(gaps)
    p99 = statistics.quantiles(gaps, n=100)[98]
    words = f", {len(transcript.text.split())} words" if transcript is not None else ""
    print(
        f"  {label}: {end - begin:.1f} s{words}, {len(gaps)} gaps; longest main-thread "
        f"stall {longest:.1f} ms (target <= {TARGET_MS:.0f} ms: "
        f"{'PASS' if longest <= TARGET_MS else 'MISS'}); 99th percentile {p99:.1f} ms; "
        f"median {statistics.median(gaps):.1f} ms; over {TARGET_MS:.0f} ms: "
        f"{sum(1 for g in gaps if g > TARGET_MS)}"
    )
    if label == "both jobs":
        return
    worst = sorted(range(len(gaps)), key=gaps.__getitem__, reverse=True)[:3]
    for index in sorted(worst):
        at = inside[index]
        phase = [what for when, what in events if when <= at]
        print(
            f"      {gaps[index]:6.1f} ms at {1000 * (at - started):7.0f} ms "
            f"(after: {'; '.join(phase[-2:])})"
        )


if __name__ == "__main__":
    sys.exit(main())
