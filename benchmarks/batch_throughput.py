"""Archive throughput: `care-voice batch` on one process against Ray with 1 and 2 actors.

Twenty espeak-ng files of known text (two sentences each, about 8 s), made once into
benchmarks/out/batch_speech/, go through the batch driver three ways in one run:
sequential in this process, then Ray on this machine with 1 actor and with 2 actors
(each actor loads the model once). Each configuration writes into a fresh output folder.
Reported: wall time (model loading and actor start-up included: what a user waits),
files per minute, mean WER against the known text, the real-time factor of the
transcription itself (audio seconds / engine seconds, summed over files), and Ray's own
start-up (ray.init). Prints numbers, asserts nothing.

On paper, a cluster: one actor does 3600 * RTF / (mean audio seconds) files an hour, so a
GPU holding k actors does k times that; `--gpu-rtf X` prints it for a GPU real-time factor
measured elsewhere (`benchmarks/transcribe_speed.py` on that GPU), since none is here.

    .venv/bin/python benchmarks/batch_throughput.py                # about 3 minutes, 2 cores
    .venv/bin/python benchmarks/batch_throughput.py --model base --gpu-rtf 60
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "app"), str(REPO)]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tests.speech import LONG_SENTENCES, espeak, word_error_rate  # noqa: E402

from carevoice.batch.run import FileDone, run_batch  # noqa: E402
from carevoice.batch.work import LocalWorkers  # noqa: E402
from carevoice.engine.transcriber import TranscribeOptions  # noqa: E402

FILES = 20
OUT = REPO / "benchmarks" / "out"


def make_speech(folder: Path) -> dict[str, str]:
    """20 files of two sentences each; name -> the text spoken."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    n = len(LONG_SENTENCES)
    for i in range(FILES):
        # Pairs (i, i+1) then (i, i+2): twenty different texts, so no file is a duplicate.
        text = f"{LONG_SENTENCES[i % n]} {LONG_SENTENCES[(i + 1 + i // n) % n]}"
        path = folder / f"note{i:02d}.wav"
        if not path.exists():
            espeak(text, path)
        texts[path.name] = text
    return texts


def run_config(name, workers, speech: Path, texts: dict[str, str]) -> dict:
    out = Path(tempfile.mkdtemp(prefix=f"batch-{name}-"))
    done: list[FileDone] = []
    started = time.perf_counter()
    try:
        summary = run_batch(
            [speech],
            out,
            ["txt"],
            workers,
            lambda e: done.append(e) if isinstance(e, FileDone) else None,
        )
    finally:
        wall = time.perf_counter() - started
        workers.close()
        shutil.rmtree(out, ignore_errors=True)
    audio_s = sum(d.transcript.duration_s for d in done)
    engine_s = sum(d.transcript.timings.transcribe_s for d in done)
    wers = [word_error_rate(texts[d.task.path.name], d.transcript.text) for d in done]
    return {
        "config": name,
        "done": summary.done,
        "wall_s": wall,
        "files_per_min": 60 * summary.done / wall,
        "wer": statistics.mean(wers) if wers else float("nan"),
        "rtf": audio_s / engine_s if engine_s else float("nan"),
        "mean_audio_s": audio_s / max(1, len(done)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--gpu-rtf", type=float, help="a GPU's real-time factor, for the paper sum")
    args = parser.parse_args()
    speech = OUT / "batch_speech"
    texts = make_speech(speech)
    options = TranscribeOptions(model=args.model, language="en", device="cpu")
    start_load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the start (1, 5, 15 min): {start_load}")
    rows = [run_config("sequential", LocalWorkers(options), speech, texts)]

    import ray

    from carevoice.batch.ray_workers import RaySetup, RayWorkers, start_local_ray

    started = time.perf_counter()
    start_local_ray(os.cpu_count())
    ray_start_s = time.perf_counter() - started
    try:
        for actors in (1, 2):
            workers = RayWorkers(options, RaySetup(actors=actors))
            rows.append(run_config(f"ray, {actors} actor(s)", workers, speech, texts))
    finally:
        ray.shutdown()
    # Once more at the end: how far the machine's load moved the numbers during the run.
    rows.append(run_config("sequential again", LocalWorkers(options), speech, texts))

    base = rows[0]["wall_s"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end (1, 5, 15 min): {load}")
    print(
        f"\n{FILES} files, {args.model}, CPU, {os.cpu_count()} cores; ray.init {ray_start_s:.1f} s"
    )
    header = ("config", "done", "wall s", "files/min", "vs seq", "WER", "RTF")
    print("{:<18} {:>4} {:>7} {:>9} {:>6} {:>6} {:>6}".format(*header))
    for r in rows:
        print(
            f"{r['config']:<18} {r['done']:>4} {r['wall_s']:>7.1f} {r['files_per_min']:>9.1f} "
            f"{base / r['wall_s']:>5.2f}x {r['wer']:>6.3f} {r['rtf']:>6.1f}"
        )
    seq = rows[0]
    per_actor = 3600 * seq["rtf"] / seq["mean_audio_s"]
    print(
        f"\nOn paper: one CPU actor ({seq['rtf']:.1f}x real time on "
        f"{seq['mean_audio_s']:.1f} s files) does {per_actor:.0f} files/hour."
    )
    if args.gpu_rtf:
        print(
            f"A GPU actor at {args.gpu_rtf:.0f}x real time: "
            f"{3600 * args.gpu_rtf / seq['mean_audio_s']:.0f} files/hour per actor."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
