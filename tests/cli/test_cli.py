"""The `care-voice` command as a user runs it: real processes, real files, exit statuses."""

from __future__ import annotations

import json
import os
import random
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from carevoice.export import parse_srt, parse_vtt
from tests.speech import ENGLISH_NOTE, word_error_rate


def care_voice(*args, env_extra=None, timeout=300) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "carevoice", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_version_and_help():
    from carevoice import __version__

    result = care_voice("--version")
    assert result.returncode == 0 and __version__ in result.stdout
    result = care_voice("--help")
    assert result.returncode == 0
    for command in ("transcribe", "models", "doctor"):
        assert command in result.stdout


def test_models_lists_the_bundled_models():
    result = care_voice("models")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["NAME", "LANGUAGES", "SIZE", "USABLE"]
    tiny = next(line for line in lines if line.startswith("tiny.en"))
    assert "English only" in tiny and "yes" in tiny and "bundled" in tiny
    base = next(line for line in lines if line.startswith("base "))
    assert "multilingual" in base
    listed = json.loads(care_voice("models", "--json").stdout)
    assert {m["name"] for m in listed} >= {"tiny.en", "base"}


def test_transcribe_writes_every_format_and_reports_bad_files(tmp_path, speech):
    good = tmp_path / "note.wav"
    shutil.copy(speech["en"], good)
    bad = tmp_path / "broken.wav"
    bad.write_text("this is not audio")
    later = tmp_path / "zz-later.wav"
    shutil.copy(speech["en"], later)
    out = tmp_path / "out"
    result = care_voice("transcribe", good, bad, later, "--model", "tiny.en", "--output-dir", out)
    assert result.returncode == 1, result.stderr
    assert "broken.wav" in result.stderr and "not an audio or video file" in result.stderr
    assert "Traceback" not in result.stderr
    assert "2 of 3 file(s) transcribed, 1 failed" in result.stderr
    for stem in ("note", "zz-later"):
        assert {p.suffix for p in out.glob(f"{stem}.*")} == {".txt", ".srt", ".vtt", ".json"}
    text = (out / "note.txt").read_text(encoding="utf-8")
    assert word_error_rate(ENGLISH_NOTE, text) <= 0.15
    cues = parse_srt((out / "note.srt").read_text(encoding="utf-8"))
    assert cues and cues[0][0] >= 0 and cues[-1][1] <= 10
    assert parse_vtt((out / "note.vtt").read_text(encoding="utf-8")) == cues
    data = json.loads((out / "note.json").read_text(encoding="utf-8"))
    assert data["model"] == "tiny.en" and data["device"] == "cpu" and data["language"] == "en"
    assert not list(out.glob("*.part"))


def test_transcribe_warns_when_an_english_only_model_hears_mandarin(tmp_path):
    from tests.speech import real_speech

    result = care_voice(
        "transcribe", real_speech("mandarin"), "--model", "tiny.en", "--output-dir", tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "tiny.en understands English only" in result.stderr
    assert "run again with --model base" in result.stderr


def test_transcribe_walks_folders_and_skips_what_is_not_media(tmp_path, speech):
    folder = tmp_path / "visit"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(speech["en"], folder / "sub" / "a.wav")
    (folder / "readme.txt").write_text("notes")
    result = care_voice("transcribe", folder, "--model", "tiny.en", "--format", "txt")
    assert result.returncode == 0, result.stderr
    assert "Skipped 1 file" in result.stderr
    assert (folder / "sub" / "a.txt").is_file()


@pytest.mark.parametrize("case", ["missing", "empty", "directory-only-junk"])
def test_transcribe_bad_input_gives_a_plain_message(tmp_path, case):
    if case == "missing":
        target, expected = tmp_path / "nope.wav", "does not exist"
    elif case == "empty":
        target, expected = tmp_path / "empty.wav", "empty"
        target.write_bytes(b"")
    else:
        target, expected = tmp_path / "junk.mp3", "not an audio or video file"
        target.write_bytes(random.Random(0).randbytes(4096))  # fixed: never LRC-like
    result = care_voice("transcribe", target, "--model", "tiny.en")
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_model_names_the_ones_there(speech):
    result = care_voice("transcribe", speech["en"], "--model", "large-v3")
    assert result.returncode == 1
    assert "tiny.en" in result.stderr and "care-voice models add" in result.stderr


def test_unknown_format_is_refused():
    result = care_voice("transcribe", "x.wav", "--format", "docx")
    assert result.returncode == 2 and "Unknown format docx" in result.stderr


def transcribe_options(*args: str):
    """The TranscribeOptions `care-voice transcribe` would use with these arguments."""
    from carevoice.cli.main import build_parser
    from carevoice.cli.transcribe_cmd import options_from_args

    return options_from_args(build_parser().parse_args(["transcribe", "x.wav", *args]))


def test_as_written_keeps_the_script_the_model_wrote():
    assert transcribe_options().traditional_chinese is True
    assert transcribe_options("--as-written").traditional_chinese is False


def test_vocabulary_is_comma_separated_or_repeated():
    assert transcribe_options().vocabulary == ()
    options = transcribe_options("--vocabulary", "Metformin, Mrs. Tan", "--vocabulary", "Siobhan")
    assert options.vocabulary == ("Metformin", "Mrs. Tan", "Siobhan")


def test_vocabulary_takes_the_separators_chinese_input_methods_type():
    # The settings dialog took 甲，乙 while the command line kept it as one term.
    options = transcribe_options("--vocabulary", "陳太太，王先生、metformin；donepezil")
    assert options.vocabulary == ("陳太太", "王先生", "metformin", "donepezil")


def test_outputs_land_next_to_the_input_by_default(tmp_path, speech):
    target = tmp_path / "beside.wav"
    shutil.copy(speech["en"], target)
    result = care_voice("transcribe", target, "--model", "tiny.en", "--format", "json,txt")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beside.json", "beside.txt", "beside.wav"]
    assert Path(tmp_path / "beside.txt").read_text(encoding="utf-8").strip()
    if sys.platform != "win32":  # transcripts are health data: the user's eyes only
        for name in ("beside.json", "beside.txt"):
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


def _ogg_of(wav: Path, target: Path) -> Path:
    from carevoice.audio.decode import decode_audio
    from tests.audio.media import FORMATS, encode

    (vorbis,) = [f for f in FORMATS if f.name == "ogg-vorbis"]
    return encode(target, decode_audio(wav, vorbis.rate).samples, vorbis)


def test_two_inputs_of_one_run_never_write_one_file(tmp_path, speech):
    """Measured before: `transcribe a.wav a.ogg --output-dir out` left one out/a.txt, the
    first transcript silently replaced by the second."""
    shutil.copy(speech["en"], tmp_path / "a.wav")
    _ogg_of(speech["de"], tmp_path / "a.ogg")
    out = tmp_path / "out"
    result = care_voice(
        "transcribe",
        tmp_path / "a.wav",
        tmp_path / "a.ogg",
        "--language",
        "en",
        "--format",
        "txt",
        "--output-dir",
        out,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a (2).txt", "a.txt"]
    english = (out / "a.txt").read_text(encoding="utf-8")
    assert word_error_rate(ENGLISH_NOTE, english) <= 0.15, english  # the first input's
    assert (out / "a (2).txt").read_text(encoding="utf-8") != english
    assert 'named "a (2)": "a" is taken (another input of this run has it)' in result.stderr
    assert "2 file(s) written, 1 input(s) named apart, 0 replaced." in result.stderr


def test_a_transcript_from_before_the_run_is_kept_unless_overwrite(tmp_path, speech):
    shutil.copy(speech["en"], tmp_path / "note.wav")
    before = tmp_path / "note.txt"
    before.write_text("corrected by hand", encoding="utf-8")
    args = ("transcribe", tmp_path / "note.wav", "--model", "tiny.en", "--format", "txt,srt")
    kept = care_voice(*args)
    assert kept.returncode == 0, kept.stderr
    assert before.read_text(encoding="utf-8") == "corrected by hand"
    assert word_error_rate(ENGLISH_NOTE, (tmp_path / "note (2).txt").read_text()) <= 0.15
    assert (tmp_path / "note (2).srt").is_file() and not (tmp_path / "note.srt").exists()
    assert "kept what was there: note.txt" in kept.stderr
    assert "2 file(s) written, 1 input(s) named apart, 1 existing file(s) kept, 0 replaced." in (
        kept.stderr
    )
    replaced = care_voice(*args, "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert word_error_rate(ENGLISH_NOTE, before.read_text(encoding="utf-8")) <= 0.15
    assert "replaced note.txt" in replaced.stderr
    assert "2 file(s) written, 1 replaced." in replaced.stderr
    assert stat.S_IMODE(before.stat().st_mode) == 0o600
