"""`care-voice --self-test`: its checks pass on a good install and name what is broken."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import wave

import pytest

from carevoice import selftest
from tests.speech import word_error_rate as jiwer_word_error_rate


def test_the_shipped_sample_is_small_16khz_mono_speech_with_its_text():
    wav, text = selftest.sample()
    assert wav.stat().st_size < 200 * 1024
    with wave.open(str(wav)) as audio:
        assert (audio.getframerate(), audio.getnchannels(), audio.getsampwidth()) == (16000, 1, 2)
        assert 2.0 < audio.getnframes() / audio.getframerate() < 10.0
    assert len(selftest.words(text)) >= 10
    # The README beside it says exactly how it was made, with the same words.
    readme = (wav.parent / "README.md").read_text(encoding="utf-8")
    assert "espeak-ng" in readme and text in readme


@pytest.mark.parametrize(
    ("reference", "hypothesis"),
    [
        ("Good morning. The patient slept well.", "Good morning, the patient slept well."),
        ("the patient slept well", "the patient slipped"),
        ("the patient slept well", "a patient really slept very well today"),
        ("Mrs. Tan ate lunch", "missus tan ate her lunch"),
        ("one two three", ""),
    ],
)
def test_word_error_rate_counts_like_jiwer(reference, hypothesis):
    ours = selftest.word_error_rate(reference, hypothesis)
    assert ours == pytest.approx(jiwer_word_error_rate(reference, hypothesis))


def test_a_check_line_says_pass_or_fail_then_the_detail():
    assert selftest.CheckResult("PortAudio", True, "ok").line() == "PASS  PortAudio: ok"
    assert selftest.CheckResult("model base", False, "bad").line() == "FAIL  model base: bad"


def test_the_whole_self_test_passes_here_offline_and_loads_no_qt():
    # A child process, as a user runs it; it also proves the checks never import Qt.
    code = (
        "import json, sys\n"
        "from carevoice.cli.main import main\n"
        "status = main(['--self-test'])\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(json.dumps({'status': status, 'qt': qt}))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600
    )
    lines = result.stdout.splitlines()
    outcome = json.loads(lines[-1])
    assert outcome == {"status": 0, "qt": []}, result.stdout + result.stderr
    checks = [line for line in lines if line[:6] in ("PASS  ", "FAIL  ")]
    assert [line.split(":")[0] for line in checks] == [
        "PASS  model tiny.en",
        "PASS  model base",
        "PASS  voice activity model",
        "PASS  PortAudio",
        "PASS  Traditional Chinese",
        "PASS  transcription tiny.en",
        "PASS  transcription base",
    ]
    assert lines[0].startswith("Care Voice ") and "self-test" in lines[0]
    assert "All 7 checks passed." in lines
    transcription = next(line for line in checks if "transcription tiny.en" in line)
    assert "(WER 0.00)" in transcription


def test_a_damaged_model_fails_its_check_and_says_reinstall(monkeypatch):
    from carevoice.engine import models

    monkeypatch.setattr(models, "TINY_EN_SHA256", "0" * 64)
    result = selftest.check_model("tiny.en")
    assert not result.passed
    assert "damaged" in result.detail and "reinstall" in result.detail


def test_a_missing_vad_model_fails_and_names_the_bundle_option(monkeypatch, tmp_path):
    import faster_whisper.utils

    monkeypatch.setattr(faster_whisper.utils, "get_assets_path", lambda: str(tmp_path))
    result = selftest.check_vad()
    assert not result.passed
    assert "silero_vad_v6.onnx" in result.detail and "collect-data faster_whisper" in result.detail


def test_missing_portaudio_fails_with_the_package_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import raises ImportError
    result = selftest.check_portaudio()
    assert not result.passed
    assert "libportaudio2" in result.detail


def test_no_sound_device_is_a_pass_with_a_note():
    # These machines have PortAudio but no sound card.
    pytest.importorskip("sounddevice")
    import sounddevice

    if any(d["max_input_channels"] > 0 for d in sounddevice.query_devices()):
        pytest.skip("this machine has a microphone")
    result = selftest.check_portaudio()
    assert result.passed and "no input device" in result.detail


def test_a_check_that_raises_is_a_failure_and_the_exit_status_says_so(monkeypatch, capsys):
    def broken():
        raise RuntimeError("the engine exploded")

    monkeypatch.setattr(
        selftest,
        "checks",
        lambda device="auto": [
            ("fine", lambda: selftest.CheckResult("fine", True, "yes")),
            ("broken", broken),
        ],
    )
    assert selftest.main([]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "PASS  fine: yes" in out
    assert "FAIL  broken: RuntimeError: the engine exploded" in out
    assert out[-1] == "1 of 2 checks failed: broken"


def test_the_sample_wav_header_matches_its_data():
    # A header written by a pipe (espeak-ng to stdout) can claim a wrong length; sox fixed it.
    wav, _ = selftest.sample()
    data = wav.read_bytes()
    riff_size = struct.unpack_from("<I", data, 4)[0]
    assert riff_size == len(data) - 8
