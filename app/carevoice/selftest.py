"""`care-voice --self-test`: checks, offline, that this install can turn speech into text.

Each check prints one line, "PASS  name: detail" or "FAIL  name: detail", and the exit
status is 0 only when every check passed. It checks the bundled models' hashes, the
voice-activity model, PortAudio, and transcribes a short recording with known words
(carevoice/resources/samples), with both bundled models. It works the same from a checkout and
inside the PyInstaller bundle, needs no network, and imports no Qt.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carevoice import __version__
from carevoice.paths import resources_dir

SAMPLE_NAME = "care-note-en"
# The sample is clear synthetic speech that both models transcribe word for word today;
# the bound leaves room for a changed decoder, not for a broken one.
MAX_WORD_ERROR_RATE = 0.2
VAD_ASSET = "silero_vad_v6.onnx"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check, in one line a person can act on."""

    name: str
    passed: bool
    detail: str

    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name}: {self.detail}"


# ---------------------------------------------------------------- where the sample lives


def sample() -> tuple[Path, str]:
    """The sample recording and the words spoken in it."""
    folder = resources_dir() / "samples"
    text = (folder / f"{SAMPLE_NAME}.txt").read_text(encoding="utf-8").strip()
    return folder / f"{SAMPLE_NAME}.wav", text


# ---------------------------------------------------------------- word error rate


def words(text: str) -> list[str]:
    text = text.lower().replace("mrs.", "missus").replace("mr.", "mister")
    return re.sub(r"[^\w\s']", " ", text).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, as jiwer counts them."""
    ref, hyp = words(reference), words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, 1):
        current = [i]
        for j, hyp_word in enumerate(hyp, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word))
            )
        previous = current
    return previous[-1] / len(ref)


# ---------------------------------------------------------------- the checks


def check_model(name: str) -> CheckResult:
    """The model resolves (the base model is assembled outside a bundle) and its hash matches."""
    from carevoice.engine.models import BASE_MODEL, TINY_EN_SHA256, resolve_model, sha256_of

    expected = {"tiny.en": TINY_EN_SHA256, BASE_MODEL.name: BASE_MODEL.sha256}[name]
    info = resolve_model(name)
    model_bin = Path(info.path) / "model.bin"
    started = time.perf_counter()
    digest = sha256_of(model_bin)
    seconds = time.perf_counter() - started
    if digest != expected:
        return CheckResult(
            f"model {name}",
            False,
            f"{model_bin} has sha256 {digest[:16]}…, expected {expected[:16]}…; "
            "the file is damaged: reinstall Care Voice",
        )
    return CheckResult(
        f"model {name}",
        True,
        f"model.bin sha256 {digest[:12]}… matches, "
        f"{model_bin.stat().st_size / 1e6:.0f} MB hashed in {seconds:.1f} s "
        f"({info.path})",
    )


def check_vad() -> CheckResult:
    """faster-whisper's voice-activity model is present, loads in onnxruntime, finds speech."""
    import onnxruntime
    from faster_whisper.audio import decode_audio
    from faster_whisper.utils import get_assets_path
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    path = Path(get_assets_path()) / VAD_ASSET
    if not path.is_file():
        return CheckResult(
            "voice activity model",
            False,
            f"{path} is missing, so the VAD filter cannot run "
            "(a bundle built without `--collect-data faster_whisper`?)",
        )
    onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    audio = decode_audio(str(sample()[0]), sampling_rate=16000)
    spans = get_speech_timestamps(audio, VadOptions())
    if not spans:
        return CheckResult(
            "voice activity model", False, f"{VAD_ASSET} loads but finds no speech in the sample"
        )
    return CheckResult(
        "voice activity model",
        True,
        f"{VAD_ASSET} loads in onnxruntime {onnxruntime.__version__}, "
        f"finds {len(spans)} speech span(s) in the sample",
    )


def check_portaudio() -> CheckResult:
    """PortAudio loads; having no sound device (a headless machine) is fine."""
    try:
        import sounddevice
    except (OSError, ImportError) as exc:  # OSError: "PortAudio library not found"
        return CheckResult(
            "PortAudio", False, f"{exc}; recording needs it (Debian: apt-get install libportaudio2)"
        )
    version = sounddevice.get_portaudio_version()[1].split(",")[0]
    devices = sounddevice.query_devices()
    inputs = sum(1 for device in devices if device["max_input_channels"] > 0)
    where = _loaded_from("libportaudio") or sounddevice._libname
    note = (
        f"{inputs} input device(s)"
        if inputs
        else "no input device, which is fine on a machine without a microphone"
    )
    return CheckResult("PortAudio", True, f"{version} from {where}; {note}")


def _loaded_from(prefix: str) -> str | None:
    """Where this process mapped the library whose file name starts with `prefix`."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip()
                if Path(path).name.startswith(prefix):
                    return path
    except OSError:
        pass
    return None


def check_transcription(model: str, language: str | None, device: str) -> CheckResult:
    """The sample, transcribed by `model` through the app's own job path, has the right words."""
    from carevoice.engine.pool import ModelPool
    from carevoice.engine.transcriber import TranscribeOptions, TranscriptionJob

    wav, expected = sample()
    pool = ModelPool(max_loaded=1, workers=1)
    started = time.perf_counter()
    options = TranscribeOptions(model=model, language=language, device=device)
    transcript = TranscriptionJob(wav, options, pool).run()
    seconds = time.perf_counter() - started
    pool.clear()
    rate = word_error_rate(expected, transcript.text)
    passed = rate <= MAX_WORD_ERROR_RATE
    detail = (
        f"{model} on {transcript.device} ({transcript.compute_type}), "
        f'language {transcript.language}, {seconds:.1f} s: "{transcript.text}" '
        f"(WER {rate:.2f}" + ("" if passed else f", more than {MAX_WORD_ERROR_RATE}") + ")"
    )
    return CheckResult(f"transcription {model}", passed, detail)


def check_traditional_chinese() -> CheckResult:
    """OpenCC's s2twp dictionaries are data files a bundle can lose: convert a sentence."""
    from carevoice.engine.chinese import CONVERSION, to_traditional

    simplified, wanted = "这个软件的内存", "這個軟體的記憶體"
    got = to_traditional(simplified)
    passed = got == wanted
    detail = f"{simplified} → {got}" + ("" if passed else f" (expected {wanted})")
    return CheckResult("Traditional Chinese", passed, f"{detail} (OpenCC {CONVERSION})")


def checks(device: str = "auto") -> list[tuple[str, Callable[[], CheckResult]]]:
    """Every check, cheapest first, so a broken install fails fast and says where."""
    return [
        ("model tiny.en", lambda: check_model("tiny.en")),
        ("model base", lambda: check_model("base")),
        ("voice activity model", check_vad),
        ("PortAudio", check_portaudio),
        ("Traditional Chinese", check_traditional_chinese),
        ("transcription tiny.en", lambda: check_transcription("tiny.en", "en", device)),
        # No language given: the multilingual model also has to recognise English.
        ("transcription base", lambda: check_transcription("base", None, device)),
    ]


def run_checks(device: str = "auto", out=None) -> list[CheckResult]:
    """Run every check, printing each line as it finishes; an error is a failed check."""
    out = out or sys.stdout
    results = []
    for name, check in checks(device):
        try:
            result = check()
        except Exception as exc:  # noqa: BLE001 (any error is this check's failure, in words)
            result = CheckResult(name, False, f"{type(exc).__name__}: {exc}")
        results.append(result)
        print(result.line(), file=out, flush=True)
    return results


def header() -> str:
    frozen = getattr(sys, "_MEIPASS", None)
    where = f"bundle {Path(sys.executable).parent}" if frozen else f"Python {sys.executable}"
    return f"Care Voice {__version__} self-test ({where})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="care-voice --self-test",
        description="Check, offline, that this install can transcribe. Exit 0: all passed.",
    )
    parser.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="where the transcription checks run (default: as the app decides)",
    )
    args = parser.parse_args(argv)
    print(header(), flush=True)
    results = run_checks(args.device)
    failed = [r for r in results if not r.passed]
    if failed:
        print(
            f"{len(failed)} of {len(results)} checks failed: " + ", ".join(r.name for r in failed)
        )
        return 1
    print(f"All {len(results)} checks passed.")
    return 0
