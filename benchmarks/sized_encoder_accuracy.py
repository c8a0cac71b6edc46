"""Does a live pass whose encoder hears only the window (plus a little silence) hear as
well as one padded to Whisper's 30 s? Word error rate and time over the same windows.

Windows are 1 to 8 consecutive sentences of tests.speech.LONG_SENTENCES (espeak-ng, 0.4 s
apart: 4-30 s, the first 50, as live windows are), each decoded by `decode_window` padded
(today's passes) and sized with `--pad` seconds after the window, one after the other.

    .venv/bin/python benchmarks/sized_encoder_accuracy.py --pad 3.0
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _path in (HERE.parent / "app", HERE.parent):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def windows(folder: Path, count: int = 50):
    import numpy as np
    from tests.speech import LONG_SENTENCES, espeak

    from carevoice.audio.decode import decode_audio

    clips = [
        decode_audio(espeak(s, folder / f"s{i}.wav")).samples for i, s in enumerate(LONG_SENTENCES)
    ]
    gap = np.zeros(round(0.4 * 16000), np.float32)
    made = []
    for n in range(1, 9):
        for i in range(len(clips) - n + 1):
            parts = [p for clip in clips[i : i + n] for p in (clip, gap)][:-1]
            made.append((np.concatenate(parts), " ".join(LONG_SENTENCES[i : i + n])))
    return made[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--pad", type=float, default=3.0, help="seconds after the window")
    args = parser.parse_args()
    from faster_whisper import WhisperModel
    from tests.speech import word_error_rate

    from carevoice.engine.agreement import words_text
    from carevoice.engine.live_pass import decode_window
    from carevoice.engine.models import resolve_model
    from carevoice.engine.transcriber import TranscribeOptions

    model = WhisperModel(str(resolve_model(args.model).path), device="cpu", compute_type="int8")
    options = TranscribeOptions(language="en")
    results: dict[str, tuple[list[float], list[float]]] = {"padded": ([], []), "sized": ([], [])}
    with tempfile.TemporaryDirectory() as folder:
        made = windows(Path(folder))
    for audio, reference in made:
        for name, pad in (("padded", None), ("sized", args.pad)):
            started = time.perf_counter()
            heard = decode_window(model, audio, 0.0, options, "en", 1, None, pad)
            results[name][1].append(time.perf_counter() - started)
            results[name][0].append(word_error_rate(reference, words_text(heard.words)))
    lengths = [a.size / 16000 for a, _ in made]
    print(f"{len(made)} windows of {min(lengths):.1f}-{max(lengths):.1f} s, {args.model}, "
          f"sized = window + {args.pad:g} s, load {os.getloadavg()[0]:.1f}")  # fmt: skip
    for name, (wers, times) in results.items():
        print(f"{name:>7}: mean WER {statistics.mean(wers):.4f}, worst {max(wers):.3f}, "
              f"pass median {statistics.median(times):.3f} s")  # fmt: skip
    padded, sized = results["padded"], results["sized"]
    worse = sum(b > a + 1e-9 for a, b in zip(padded[0], sized[0], strict=True))
    better = sum(b < a - 1e-9 for a, b in zip(padded[0], sized[0], strict=True))
    ratio = statistics.median(sized[1]) / statistics.median(padded[1])
    print(f"sized vs padded: {worse} windows worse, {better} better; pass time x{ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
