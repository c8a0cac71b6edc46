"""Saves a screenshot of one place of the real main window, for the docs (scripts/screenshots).

    python -m carevoice.ui.screenshots --place gpu OUT.png

Builds the MainWindow as the app does, runs the GPU check (honouring CAREVOICE_FAKE_GPU),
waits for its decision and, on the GPU place, for a few NVML readings, then saves the
window's own grab(). Run it under a display (xvfb-run) with a throwaway CAREVOICE_HOME.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from carevoice.ui.main_window import PLACES


def _wait_for(signal, count: int, timeout_ms: int) -> bool:
    """Run the event loop until `signal` has fired `count` times; False on timeout."""
    loop = QEventLoop()
    seen = [0]

    def fired(*_args) -> None:
        seen[0] += 1
        if seen[0] >= count:
            loop.quit()

    signal.connect(fired)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(fired)
    return seen[0] >= count


def take(
    place: str,
    out: Path,
    width: int,
    height: int,
    readings: int,
    files: list[Path] | None = None,
    language: str | None = None,
) -> int:
    from carevoice.ui.app import install_translator
    from carevoice.ui.main_window import MainWindow
    from carevoice.ui.settings import AppSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Care Voice")
    settings = AppSettings.load()
    if language:
        settings.interface_language = language
    install_translator(app, settings.interface_language)
    window = MainWindow(settings)
    window.resize(width, height)
    window.show()
    QTimer.singleShot(0, window.start_gpu_check)
    if not _wait_for(window.device_changed, 1, 120_000):
        print("the GPU check did not finish within two minutes", file=sys.stderr)
        window.close()
        return 1
    if files:
        # A real transcription in the queue, so the Files place shows what users see.
        window.add_paths(files)
        finished = window.files_place.queue.job_finished
        if not _wait_for(finished, len(files), 300_000):
            print("the transcriptions did not finish in time", file=sys.stderr)
    window.show_place(place)
    if place == "gpu" and not _wait_for(
        window.gpu_place.poller.snapshot_taken, readings, readings * 1000 + 10_000
    ):
        print("the NVML poller sent no readings", file=sys.stderr)
    app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    saved = window.grab().save(str(out))
    window.close()
    if not saved:
        print(f"could not save {out}", file=sys.stderr)
        return 1
    print(f"{out}: {window.decision.summary if window.decision else 'no decision'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the PNG file to write")
    parser.add_argument("--place", choices=PLACES, default="gpu")
    parser.add_argument("--size", default="1100x800", help="window size, WIDTHxHEIGHT")
    parser.add_argument(
        "--readings",
        type=int,
        default=3,
        help="NVML readings to wait for on the GPU place (one a second)",
    )
    parser.add_argument(
        "--add",
        type=Path,
        action="append",
        default=[],
        help="a recording to transcribe in the Files place first",
    )
    parser.add_argument("--language", help="interface language, e.g. zh_TW")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    return take(args.place, args.out, width, height, args.readings, args.add, args.language)


if __name__ == "__main__":
    raise SystemExit(main())
