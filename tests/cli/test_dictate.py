"""`care-voice dictate` as a user runs it, speaking into the virtual microphone.

Includes the crash test: the dictating process is killed with SIGKILL in mid-sentence,
and `care-voice dictate --recover` must give back all but at most a second of what was
said before that.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time

import pytest

from carevoice.audio.decode import decode_audio
from carevoice.audio.wavfile import marker_path, recordings_dir
from tests.audio.pulse import locate, virtual_microphone_or_skip, wait_until
from tests.speech import ENGLISH_NOTE, MAX_LIVE_WER, word_error_rate

MAX_LOST_S = 1.0  # the promise: a crash loses at most a second


@pytest.fixture(scope="module")
def vmic():
    with virtual_microphone_or_skip() as mic:
        yield mic


def care_voice(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "carevoice", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class Dictating:
    """A running `care-voice dictate`, its output read line by line as it comes."""

    def __init__(self, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "carevoice", "dictate", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._recording = threading.Event()
        self._threads = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.stdout)),
            threading.Thread(target=self._read, args=(self.process.stderr, self.stderr)),
        ]
        for thread in self._threads:
            thread.start()

    def _read(self, stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))
            if line.startswith("Recording from"):
                self._recording.set()

    def wait_recording(self, timeout_s: float = 60) -> None:
        if not self._recording.wait(timeout_s):
            self.process.kill()
            raise AssertionError("never started recording:\n" + "\n".join(self.stderr))

    def finish(self, timeout_s: float = 60) -> int:
        code = self.process.wait(timeout_s)
        for thread in self._threads:
            thread.join(10)
        return code


def dictate_options(*args: str):
    """The TranscribeOptions `care-voice dictate` would use with these arguments."""
    from carevoice.cli.dictate_cmd import options_from_args
    from carevoice.cli.main import build_parser

    return options_from_args(build_parser().parse_args(["dictate", *args]))


def test_vocabulary_reaches_the_transcription_options():
    assert dictate_options().vocabulary == ()
    options = dictate_options(
        "--vocabulary", "Donepezil", "--vocabulary", "Siobhan, Mrs. Tan,", "--language", "en"
    )
    assert options.vocabulary == ("Donepezil", "Siobhan", "Mrs. Tan")
    assert options.language == "en"


def test_list_devices_marks_the_default(vmic):
    done = care_voice("dictate", "--list-devices")
    assert done.returncode == 0, done.stderr
    [default] = [line for line in done.stdout.splitlines() if line.startswith("*")]
    assert "default" in default and "Hz" in default


def test_dictate_prints_text_while_speaking_and_saves_the_files(vmic, speech, tmp_path):
    output = tmp_path / "notes" / "morning"
    run = Dictating(
        "--model", "tiny.en", "--language", "en", "--output", str(output), "--retranscribe"
    )  # fmt: skip
    run.wait_recording()
    vmic.play(speech["en"]).wait(30)
    lines_before_stop = list(run.stdout)
    run.process.stdin.write("\n")  # Enter stops
    run.process.stdin.flush()
    assert run.finish() == 0, "\n".join(run.stderr)
    assert lines_before_stop, "no text was printed while speaking"
    text = " ".join(run.stdout)
    assert word_error_rate(ENGLISH_NOTE, text) <= MAX_LIVE_WER, text
    wav, txt, js = (output.with_suffix(s) for s in (".wav", ".txt", ".json"))
    assert f"Recording: {wav}" in run.stderr
    assert f"Transcript: {txt}" in run.stderr and f"Transcript: {js}" in run.stderr
    assert decode_audio(wav).duration_s > 7.5 and not marker_path(wav).exists()
    assert " ".join(txt.read_text().split()) == text
    saved = json.loads(js.read_text())
    assert saved["model"] == "tiny.en" and saved["source"] == str(wav)
    assert any(line.startswith("Final text") for line in run.stderr)
    # --retranscribe: the whole recording again with the multilingual base model.
    better = output.with_name("morning.base.txt")
    assert f"Transcript (base): {better}" in run.stderr
    assert word_error_rate(ENGLISH_NOTE, better.read_text()) <= 0.2


def test_kill_9_in_mid_sentence_then_recover(vmic, speech):
    run = Dictating("--seconds", "60", "--model", "tiny.en", "--language", "en")
    run.wait_recording()
    player = vmic.play(speech["en"])
    play_started = time.monotonic()
    try:
        # Kill once the dictation is visibly working, in the middle of the note.
        wait_until(lambda: run.stdout and time.monotonic() - play_started >= 3.0, 30, "live text")
        killed_at = time.monotonic()
        run.process.send_signal(signal.SIGKILL)
        assert run.finish() == -signal.SIGKILL
    finally:
        player.kill()
    said_s = killed_at - play_started

    [wav] = recordings_dir().glob("*.wav")
    assert marker_path(wav).exists(), "the crashed recording is not marked unfinished"
    recovered = care_voice("dictate", "--recover", "--model", "tiny.en", "--language", "en")
    assert recovered.returncode == 0, recovered.stderr
    assert f"Recovered {wav}" in recovered.stderr
    assert not marker_path(wav).exists()
    assert wav.with_suffix(".txt").exists() and wav.with_suffix(".json").exists()
    assert "resident" in recovered.stdout.lower()

    played = decode_audio(speech["en"]).samples
    offset_s, heard_s, correlation = locate(played, decode_audio(wav).samples)
    assert correlation > 0.9, "the recovered audio is not what was played"
    lost_s = min(said_s, played.size / 16000) - heard_s
    assert lost_s <= MAX_LOST_S, f"{lost_s:.2f} s of {said_s:.2f} s lost"
    print(f"kill -9 after {said_s:.2f} s of speech: {lost_s:.3f} s lost")

    again = care_voice("dictate", "--recover")
    assert again.returncode == 0 and "No unfinished recordings." in again.stderr


def test_a_new_dictation_mentions_unfinished_recordings(vmic, tmp_path):
    stray = recordings_dir() / "dictation-crashed.wav"
    stray.write_bytes(b"\0" * 100)
    marker_path(stray).write_text(json.dumps({"sample_rate": 44100, "channels": 1}))
    done = care_voice("dictate", "--seconds", "0.5", "--model", "tiny.en")
    assert done.returncode == 0, done.stderr
    assert "--recover" in done.stderr
