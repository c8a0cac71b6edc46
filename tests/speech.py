"""Speech with known text, made by espeak-ng at test time, and word error rate."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import jiwer

ENGLISH_NOTE = (
    "The resident took her morning medication and ate a full breakfast. "
    "She walked to the garden with her daughter in the afternoon."
)
GERMAN_NOTE = "Guten Morgen. Die Bewohnerin hat heute gut geschlafen und ihr Frühstück gegessen."
SPANISH_NOTE = "Buenos días. La residente durmió bien y desayunó con su hija."
# Real speakers, from the f5-tts 1.1.22 wheel (scripts/fetch-test-speech puts them in
# tests/data/real-speech/); the texts are the ones its own example config gives.
REAL_MANDARIN_TEXT = "对，这就是我，万人敬仰的太乙真人。"
REAL_MANDARIN_TRADITIONAL = "對，這就是我，萬人敬仰的太乙真人。"
REAL_ENGLISH_TEXT = "Some call me nature, others call me mother nature."
# Sentences for the multi-minute file: varied, so a loop in the output stands out.
LONG_SENTENCES = [
    "Mister Brown slept well and asked for tea at breakfast.",
    "His blood pressure was normal and he walked to the dining room without help.",
    "In the afternoon he played cards with his friends in the lounge.",
    "Missus Green had a mild headache and rested in her room before lunch.",
    "Her son visited in the evening and they watched the news together.",
    "The nurse changed the dressing on her left arm and the wound looks clean.",
    "Everyone joined the music session after dinner and sang old songs.",
    "The kitchen prepared a soft diet for residents who have trouble swallowing.",
    "A physiotherapist came to help with exercises for balance and strength.",
    "The night staff reported that the ward was quiet and calm.",
]


def espeak(text: str, path: Path, voice: str = "en-us", speed: int = 150) -> Path:
    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng is missing: run scripts/setup --dev")
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text],
        check=True,
        capture_output=True,
    )
    return path


def long_speech(path: Path, repeats: int, workdir: Path) -> tuple[Path, str]:
    """A file of `repeats` rounds of LONG_SENTENCES with pauses; returns it and its text."""
    parts = []
    pause = workdir / "pause.wav"
    subprocess.run(
        ["sox", "-n", "-r", "22050", "-c", "1", "-b", "16", str(pause), "trim", "0", "0.7"],
        check=True,
    )
    text = []
    for round_index in range(repeats):
        for i, sentence in enumerate(LONG_SENTENCES):
            part = espeak(sentence, workdir / f"long_{round_index}_{i}.wav")
            parts += [str(part), str(pause)]
            text.append(sentence)
    subprocess.run(["sox", *parts, str(path)], check=True)
    return path, " ".join(text)


def real_speech(name: str) -> Path:
    """A real recording ("mandarin" or "english"); set up by scripts/setup --dev."""
    path = Path(__file__).resolve().parent / "data" / "real-speech" / f"{name}.wav"
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: run scripts/setup --dev (fetch-test-speech)")
    return path


def character_error_rate(reference: str, hypothesis: str) -> float:
    """CER over the characters that carry meaning (punctuation and spaces left out)."""
    keep = re.compile(r"[\W_]+")
    return jiwer.cer(keep.sub("", reference), keep.sub("", hypothesis))


def normalise(text: str) -> str:
    text = text.lower().replace("mrs.", "missus").replace("mr.", "mister")
    text = re.sub(r"[^\w\s']", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def word_error_rate(reference: str, hypothesis: str) -> float:
    return jiwer.wer(normalise(reference), normalise(hypothesis))


# Live dictation (espeak speech through the virtual microphone, tiny.en, 2 cores): usually
# 0.09-0.16, but about one run in 10-15 two early passes agree on a wrong first phrase
# ("The man's living to talk" for "The resident took her", 0.32) and it settles. That is
# a known flaw of the live path, written down in the notes; this bound keeps it from
# failing CI while a broken path (nothing heard, half the note lost) still fails.
MAX_LIVE_WER = 0.4
