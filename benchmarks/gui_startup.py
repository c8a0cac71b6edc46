"""How long Care Voice takes from a cold start to a visible, usable window.

Each run is a fresh `python -c` process that goes through the real start-up (carevoice.ui.app
.run_app: logging, settings, translator, crash dialog, MainWindow, show) and reports the
moment the window is first painted. Measured from the parent, so the interpreter's own
start and every import are included. Also reports whether faster_whisper or ctranslate2 were
imported when the window was shown (they must not be: they take over a second and belong
to the GPU check, after the first paint). Offscreen by default; prints numbers, asserts
nothing.

    .venv/bin/python benchmarks/gui_startup.py
    .venv/bin/python benchmarks/gui_startup.py --runs 9 --language zh_TW
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 1.5
# Must not be imported before the window shows: together well over a second.
HEAVY = ("faster_whisper", "ctranslate2", "onnxruntime")
# Worth knowing about, not forbidden: PyAV costs about 60 ms here.
NOTABLE = ("av",)
MARK = "GUI-STARTUP "

# The child: patch MainWindow.show to note what is imported at that moment and to catch
# the first paint, then run the app's real start-up.
CHILD = r"""
import os, sys, time, json
started = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from carevoice.ui import main_window

HEAVY = %(heavy)r
facts = {}
_show = main_window.MainWindow.show

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint_s" not in facts:
            facts["paint_s"] = time.perf_counter() - started
            facts["heavy_at_paint"] = [m for m in HEAVY if m in sys.modules]
            # Once the event loop is idle again: the window is painted and takes input.
            QTimer.singleShot(0, report)
        return False

def report():
    facts["usable_s"] = time.perf_counter() - started
    print(%(mark)r + json.dumps(facts), flush=True)
    os._exit(0)  # do not wait for the GPU check's import of faster_whisper

def show(self):
    facts["heavy_at_show"] = [m for m in HEAVY if m in sys.modules]
    self._first_paint = FirstPaint(self)
    self.installEventFilter(self._first_paint)
    _show(self)
    facts["shown_s"] = time.perf_counter() - started

main_window.MainWindow.show = show
from carevoice.ui.app import run_app
run_app([sys.argv[0]])
"""


def machine_sample() -> tuple[float, object, float]:
    """Now, the machine's CPU times, and the CPU this process and its children used."""
    import psutil

    mine = psutil.Process().cpu_times()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = mine.user + mine.system + children.ru_utime + children.ru_stime
    return time.perf_counter(), psutil.cpu_times(), own


def others_cores(before, after) -> float:
    """CPU cores other processes took between two samples: near 0 for trustworthy times."""
    busy_fields = ("user", "nice", "system", "irq", "softirq", "steal")
    busy = sum(getattr(after[1], f, 0.0) - getattr(before[1], f, 0.0) for f in busy_fields)
    return max(0.0, busy - (after[2] - before[2])) / (after[0] - before[0])


def wait_for_quiet(max_wait_s: float) -> None:
    if max_wait_s > 0:
        from transcribe_speed import wait_for_quiet as wait

        wait(max_wait_s)


def one_run(language: str, platform: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="cv-startup-") as home:
        if language != "en":
            config = Path(home) / "config"
            config.mkdir(mode=0o700)
            (config / "settings.ini").write_text(
                f"[General]\ninterface_language={language}\n", encoding="utf-8"
            )
        # Bytecode cached, as an installed app has it (pip compiles on install): with
        # PYTHONDONTWRITEBYTECODE set (as on the build machines), every start compiled
        # all ~150 modules again, 0.3 s that no user ever waits for.
        inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env = {
            **inherited,
            "CAREVOICE_HOME": home,
            "QT_QPA_PLATFORM": platform,
            "HF_HUB_OFFLINE": "1",
            "PYTHONPATH": os.pathsep.join([str(REPO / "app"), os.environ.get("PYTHONPATH", "")]),
        }
        code = CHILD % {"heavy": HEAVY + NOTABLE, "mark": MARK}
        before = machine_sample()
        began = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", code],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        facts = None
        for line in child.stdout:
            if line.startswith(MARK):
                facts = json.loads(line[len(MARK) :])
                facts["wall_s"] = time.perf_counter() - began
                break
        child.wait(timeout=60)
        if facts is None:
            raise RuntimeError(f"the child never painted its window:\n{child.stderr.read()}")
        facts["others_cores"] = others_cores(before, machine_sample())
        return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--language",
        action="append",
        help="interface language(s) to start in (default: en and zh_TW)",
    )
    parser.add_argument("--platform", default="offscreen", help="Qt platform (xcb under Xvfb)")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="first wait up to this long for other processes to go quiet",
    )
    args = parser.parse_args(argv)
    wait_for_quiet(args.wait_quiet)
    languages = args.language or ["en", "zh_TW"]

    one_run(languages[0], args.platform)  # warm the disk cache: "cold" means a new process
    for language in languages:
        runs = [one_run(language, args.platform) for _ in range(args.runs)]
        wall = statistics.median(r["wall_s"] for r in runs)
        usable = statistics.median(r["usable_s"] for r in runs)
        at_show = sorted({m for r in runs for m in r["heavy_at_show"] if m in HEAVY})
        notable = sorted({m for r in runs for m in r["heavy_at_show"] if m in NOTABLE})
        at_paint = sorted({m for r in runs for m in r["heavy_at_paint"]})
        print(f"interface {language}, {args.runs} runs, {args.platform}:")
        print(
            f"  process start to first paint, then idle: median {wall:.3f} s "
            f"(min {min(r['wall_s'] for r in runs):.3f}, "
            f"max {max(r['wall_s'] for r in runs):.3f}); target <= {TARGET_S} s: "
            f"{'PASS' if wall <= TARGET_S else 'MISS'}"
        )
        print(
            f"  inside the process (after the interpreter started): median {usable:.3f} s; "
            f"shown at {statistics.median(r['shown_s'] for r in runs):.3f} s, "
            f"painted at {statistics.median(r['paint_s'] for r in runs):.3f} s"
        )
        print(
            f"  other processes took {statistics.median(r['others_cores'] for r in runs):.2f} "
            f"of {os.cpu_count()} cores during the runs (median; near 0 for fair numbers)"
        )
        print(
            f"  heavy modules imported before the window was shown: "
            f"{', '.join(at_show) if at_show else 'none'} (must be none: {', '.join(HEAVY)}); "
            f"also imported then: {', '.join(notable) if notable else 'none'}"
        )
        print(
            f"  ...by the first paint (the GPU check imports them on its own thread): "
            f"{', '.join(at_paint) if at_paint else 'none'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
