"""`care-voice batch` as a user runs it: a real process, a folder in, transcripts out."""

from __future__ import annotations

import shutil
import sys

from carevoice.cli.main import main
from tests.cli.test_cli import care_voice
from tests.speech import ENGLISH_NOTE, word_error_rate


def test_batch_transcribes_a_folder_and_a_second_run_has_nothing_to_do(tmp_path, speech):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(speech["en"], archive / "visit.wav")
    (archive / "broken.m4a").write_bytes(b"\0" * 100)
    out = tmp_path / "out"

    first = care_voice("batch", archive, "--output-dir", out, "--language", "en", "--format", "txt")

    assert first.returncode == 1, first.stderr  # one file failed
    assert "2 file(s) to transcribe" in first.stderr
    assert "✗ broken.m4a" in first.stderr
    assert "1 transcribed, 1 failed (run again to retry)" in first.stderr
    assert word_error_rate(ENGLISH_NOTE, (out / "visit.txt").read_text()) < 0.25

    (archive / "broken.m4a").unlink()
    second = care_voice(
        "batch", archive, "--output-dir", out, "--language", "en", "--format", "txt"
    )

    assert second.returncode == 0, second.stderr
    assert "0 file(s) to transcribe (skipped: 1 already done)" in second.stderr


def test_ray_without_ray_installed_says_how_to_install_it(tmp_path, speech, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if not installed
    code = main(["batch", str(speech["en"]), "--output-dir", str(tmp_path / "out"), "--ray"])
    assert code == 2
    err = capsys.readouterr().err
    assert "pip install 'care-voice[cluster]'" in err
    assert not (tmp_path / "out").exists()  # nothing started, nothing written


def test_batch_refuses_unknown_formats_and_missing_folders(tmp_path, capsys):
    assert main(["batch", str(tmp_path), "--output-dir", str(tmp_path), "--format", "doc"]) == 2
    assert "Unknown format doc" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "nowhere"), "--output-dir", str(tmp_path)]) == 2
    assert "Not found" in capsys.readouterr().err
