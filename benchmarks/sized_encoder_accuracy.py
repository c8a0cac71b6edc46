"""Does a live pass whose encoder hears only the window (plus a little silence) hear as
well as one padded to Whisper's 30 s? Word error rate and time over the same windows.

Windows are 1 to 8 consecutive sentences of tests.speech.LONG_SENTENCES (espeak-ng, 0.4 s
apart: 4-30 s, the first 50, as live windows are), each decoded by `decode_window` padded
(today's passes) and sized with `--pad` seconds after the window, one after the other;
words off speech (Silero) and loops are dropped from both, as in live passes.

`--final` studies the pass after stop instead: windows of 3-8 s (that pass hears the
unsettled tail, at least 3 s), most of them sentences with care-home names and
medications (FINAL_SENTENCES, some cut off mid-sentence as a stop cuts them), decoded
with the glossary prompt (`live_prompt`, VOCABULARY) and the previous sentence as settled
text, padded and sized with each `--pad`. It counts the names spelled right as well as
the WER: a sized encoder once lost "Donepezil" and "Okonkwo" (commit 287d39a).

    .venv/bin/python benchmarks/sized_encoder_accuracy.py --pad 3.0
    .venv/bin/python benchmarks/sized_encoder_accuracy.py --final --pad 5 10 15 20
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


# The glossary of a care home; every FINAL_SENTENCES entry carries one or two of them.
VOCABULARY = (
    "Donepezil", "Metformin", "Okonkwo", "Paracetamol", "Warfarin", "Nakamura", "Siobhan",
    "Amlodipine", "Furosemide", "Lansoprazole", "Kowalczyk", "Adeyemi", "Memantine",
)  # fmt: skip
FINAL_SENTENCES = [
    "The nurse gave Donepezil to the resident after breakfast.",
    "Mister Okonkwo took his Metformin with lunch.",
    "Missus Nakamura asked for Paracetamol for her headache.",
    "Siobhan checked the Warfarin dose before the evening round.",
    "Amlodipine was given at eight in the morning.",
    "Mister Kowalczyk refused his Furosemide today.",
    "Missus Adeyemi had Lansoprazole before breakfast.",
    "The doctor increased the Memantine to twenty milligrams.",
    "Siobhan helped Missus Nakamura to the garden.",
    "Metformin was held because Mister Okonkwo did not eat.",
    "Please give Paracetamol to Mister Kowalczyk at noon.",
    "Missus Adeyemi said the Donepezil makes her feel sick.",
    "The pharmacy sent a new box of Warfarin for Missus Nakamura.",
    "Siobhan wrote the Furosemide dose in the chart.",
    "Mister Okonkwo walked to the lounge after his Amlodipine.",
    "Lansoprazole and Metformin were given with food.",
    "Missus Nakamura slept well and took her Memantine.",
    "Mister Kowalczyk had a fall and Siobhan called the nurse.",
    "The Paracetamol helped Missus Adeyemi with her knee pain.",
    "Donepezil was started last week for Mister Okonkwo.",
    "Check the Warfarin level for Mister Kowalczyk on Monday.",
    "Siobhan gave Missus Adeyemi her Amlodipine.",
    "Furosemide was given early so Missus Nakamura could sleep.",
    "Mister Okonkwo asked Siobhan for a cup of tea.",
    "The Memantine tablets for Missus Adeyemi are in the fridge.",
    "Missus Nakamura's daughter brought her Lansoprazole from home.",
    "Mister Kowalczyk takes Metformin twice a day.",
    "Siobhan counted the Donepezil in the trolley.",
    "No Paracetamol was needed for Mister Okonkwo overnight.",
    "The GP stopped the Warfarin for Missus Adeyemi.",
    "Missus Nakamura had her Furosemide and a glass of water.",
    "Siobhan and Mister Kowalczyk played cards after lunch.",
]
# A stop cuts a sentence: these are the first words of one, spoken on their own.
CUT_SENTENCES = [
    "Mister Okonkwo took his Metformin and then",
    "The nurse gave Donepezil to Missus",
    "Siobhan checked the Warfarin dose and",
    "Missus Nakamura asked for Paracetamol because her",
    "Mister Kowalczyk refused his Furosemide so we",
    "Missus Adeyemi had Lansoprazole before",
    "The doctor increased the Memantine for Mister Okonkwo and",
    "Amlodipine was given to Missus Nakamura but she",
]


def final_windows(folder: Path):
    """(audio, reference, settled text before it) for the pass after stop: 3-8 s."""
    import numpy as np
    from tests.speech import LONG_SENTENCES, espeak

    from carevoice.audio.decode import decode_audio

    def speech(text: str, name: str):
        return decode_audio(espeak(text, folder / f"{name}.wav")).samples

    gap = np.zeros(round(0.4 * 16000), np.float32)
    made = []
    names = FINAL_SENTENCES + CUT_SENTENCES
    clips = [speech(text, f"v{i}") for i, text in enumerate(names)]
    made += [
        (clip, text, names[i - 1] if i else "")
        for i, (clip, text) in enumerate(zip(clips, names, strict=True))
    ]
    for i in range(0, len(FINAL_SENTENCES) - 1, 2):  # a tail of two short sentences
        audio = np.concatenate([clips[i], gap, clips[i + 1]])
        made.append((audio, f"{names[i]} {names[i + 1]}", names[i - 1] if i else ""))
    plain = [speech(s, f"p{i}") for i, s in enumerate(LONG_SENTENCES)]
    for n in (1, 2):
        for i in range(len(plain) - n + 1):
            audio = np.concatenate([p for clip in plain[i : i + n] for p in (clip, gap)][:-1])
            made.append((audio, " ".join(LONG_SENTENCES[i : i + n]), LONG_SENTENCES[i - 1]))
    return [m for m in made if 3.0 <= m[0].size / 16000 <= 8.0]


def names_in(text: str) -> list[str]:
    import re

    return [v for v in VOCABULARY for _ in re.finditer(rf"\b{v}\b", text)]


def spelled_right(reference: str, heard: str) -> int:
    """How many of the reference's names the text has, spelled as in the glossary."""
    heard_names = names_in(heard)
    right = 0
    for name in names_in(reference):
        if name in heard_names:
            heard_names.remove(name)
            right += 1
    return right


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument(
        "--pad", type=float, nargs="+", default=[3.0], help="seconds after the window"
    )
    parser.add_argument(
        "--final", action="store_true", help="the pass after stop: short windows, names"
    )
    parser.add_argument("--show-misses", action="store_true", help="print texts missing a name")
    args = parser.parse_args()
    from faster_whisper import WhisperModel
    from tests.speech import word_error_rate

    from carevoice.engine.agreement import words_text
    from carevoice.engine.live_pass import decode_window, live_prompt
    from carevoice.engine.models import resolve_model
    from carevoice.engine.repetition import drop_word_loops
    from carevoice.engine.speech_detector import SpeechDetector
    from carevoice.engine.transcriber import TranscribeOptions

    model = WhisperModel(str(resolve_model(args.model).path), device="cpu", compute_type="int8")
    if args.final:
        options = TranscribeOptions(language="en", vocabulary=VOCABULARY)
    else:
        options = TranscribeOptions(language="en")
    variants: list[tuple[str, float | None]] = [("padded", None)]
    variants += [(f"sized+{pad:g}", pad) for pad in args.pad]
    wers: dict[str, list[float]] = {name: [] for name, _ in variants}
    times: dict[str, list[float]] = {name: [] for name, _ in variants}
    right: dict[str, int] = dict.fromkeys(wers, 0)
    misheard: dict[str, list[str]] = {name: [] for name in wers}
    with tempfile.TemporaryDirectory() as folder:
        if args.final:
            made = final_windows(Path(folder))
        else:
            made = [(audio, text, "") for audio, text in windows(Path(folder))]
    for audio, reference, settled in made:
        prompt = live_prompt(options, settled, 200)
        detector = SpeechDetector()  # as the live transcriber keeps only words over speech
        detector.feed(audio)
        for name, pad in variants:
            started = time.perf_counter()
            heard = decode_window(model, audio, 0.0, options, "en", 1, prompt, pad)
            times[name].append(time.perf_counter() - started)
            text = words_text(drop_word_loops(detector.words_with_speech(heard.words)))
            wers[name].append(word_error_rate(reference, text))
            got = spelled_right(reference, text)
            right[name] += got
            if got < len(names_in(reference)):
                misheard[name].append(text)
    lengths = [a.size / 16000 for a, _, _ in made]
    total_names = sum(len(names_in(r)) for _, r, _ in made)
    with_names = sum(bool(names_in(r)) for _, r, _ in made)
    print(f"{len(made)} windows of {min(lengths):.1f}-{max(lengths):.1f} s "
          f"({with_names} with {total_names} names), {args.model}, "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    padded = wers["padded"]
    for name, _ in variants:
        worse = sum(b > a + 1e-9 for a, b in zip(padded, wers[name], strict=True))
        better = sum(b < a - 1e-9 for a, b in zip(padded, wers[name], strict=True))
        ratio = statistics.median(times[name]) / statistics.median(times["padded"])
        names = f", names right {right[name]}/{total_names}" if total_names else ""
        print(f"{name:>10}: mean WER {statistics.mean(wers[name]):.4f}, "
              f"worst {max(wers[name]):.3f}{names}, "
              f"pass median {statistics.median(times[name]):.3f} s (x{ratio:.2f}), "
              f"vs padded {worse} windows worse, {better} better")  # fmt: skip
    for name, texts in misheard.items() if args.show_misses else ():
        for text in texts:
            print(f"  {name} missed a name: {text[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
