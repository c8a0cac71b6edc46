"""The batch driver on one process: the real model, real files, a manifest that resumes."""

from __future__ import annotations

import json
import shutil
import stat

import pytest

from carevoice.batch.manifest import DONE, FAILED, MANIFEST_NAME, RUNNING, Manifest, ManifestError
from carevoice.batch.run import FileDone, FileFailed, run_batch
from carevoice.batch.work import LocalWorkers, Started
from carevoice.engine.transcriber import TranscribeOptions
from tests.speech import ENGLISH_NOTE, espeak, word_error_rate

OPTIONS = TranscribeOptions(language="en")
SECOND_NOTE = "Mister Brown slept well and asked for tea at breakfast."


@pytest.fixture
def archive(tmp_path, speech):
    """An archive: two recordings named a.wav in different folders, a copy of one, a
    recording b.wav, a damaged recording and a text file."""
    root = tmp_path / "archive"
    (root / "ward").mkdir(parents=True)
    shutil.copy(speech["en"], root / "a.wav")
    espeak(SECOND_NOTE, root / "ward" / "a.wav")
    shutil.copy(speech["en"], root / "ward" / "a copy.wav")
    espeak("The night was quiet.", root / "b.wav")
    (root / "damaged.wav").write_bytes(b"RIFF not really a recording")
    (root / "readme.txt").write_text("not audio")
    return root


def _run(archive, out, pool, on_event=None):
    events = []

    def record(event):
        events.append(event)
        if on_event is not None:
            on_event(event)

    summary = run_batch([archive], out, ["txt", "srt"], LocalWorkers(OPTIONS, pool), record)
    return summary, events


def test_an_archive_is_transcribed_once_each_and_a_second_run_skips_what_is_done(
    archive, tmp_path, shared_pool
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.txt").write_text("the nurse's own notes\n")  # not ours: must survive

    summary, events = _run(archive, out, shared_pool)

    assert (summary.done, summary.failed, summary.duplicates) == (3, 1, 1)
    assert not summary.ok
    # Same stem, different recordings: two names; b.txt was there first: left alone.
    assert (out / "b.txt").read_text() == "the nurse's own notes\n"
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == sorted(
        ["a.txt", "a.srt", "a (2).txt", "a (2).srt", "b (2).txt", "b (2).srt", "b.txt"]
        + [MANIFEST_NAME]
    )
    done = {
        e.task.path.relative_to(archive).as_posix(): e for e in events if isinstance(e, FileDone)
    }
    assert (
        word_error_rate(
            ENGLISH_NOTE, (out / done["a.wav"].task.output_base).with_suffix(".txt").read_text()
        )
        < 0.25
    )
    # The other a.wav under the other name (a short espeak sentence: a loose bound).
    assert word_error_rate(SECOND_NOTE, (out / "a (2).txt").read_text()) < 0.5
    assert "resident" not in (out / "a (2).txt").read_text().lower()
    for path in out.iterdir():
        if path.name != "b.txt" and not path.name.startswith("."):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    [failed] = [e for e in events if isinstance(e, FileFailed)]
    assert failed.path.name == "damaged.wav" and failed.error
    with Manifest.open(out) as manifest:
        states = sorted(e.state for e in manifest.entries.values())
    assert states == [DONE, DONE, DONE, FAILED]
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    summary, events = _run(archive, out, shared_pool)

    # Only the failed file is tried again; finished ones are neither run nor rewritten.
    started = [e.task.path.name for e in events if isinstance(e, Started)]
    assert started == ["damaged.wav"]
    assert (summary.done, summary.failed, summary.finished_before) == (0, 1, 3)
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert {n: t for n, t in after.items() if n.endswith((".txt", ".srt"))} == {
        n: t for n, t in before.items() if n.endswith((".txt", ".srt"))
    }
    entries = json.loads((out / MANIFEST_NAME).read_text())["entries"].values()
    assert [e["attempts"] for e in entries if e["state"] == FAILED] == [2]


def test_a_batch_stopped_midway_finishes_the_rest_next_time_under_the_same_names(
    tmp_path, speech, shared_pool
):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(speech["en"], archive / "first.wav")
    espeak(SECOND_NOTE, archive / "second.wav")
    out = tmp_path / "out"

    def stop_at_second(event):
        if isinstance(event, Started) and event.task.path.name == "second.wav":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(archive, out, shared_pool, stop_at_second)
    with Manifest.open(out) as manifest:
        assert sorted(e.state for e in manifest.entries.values()) == [DONE, RUNNING]

    summary, events = _run(archive, out, shared_pool)

    assert (summary.done, summary.finished_before, summary.failed) == (1, 1, 0)
    assert [e.task.path.name for e in events if isinstance(e, Started)] == ["second.wav"]
    assert sorted(p.name for p in out.glob("*.txt")) == ["first.txt", "second.txt"]


def test_two_batches_cannot_write_to_one_folder_at_once(tmp_path):
    with Manifest.open(tmp_path / "out"), pytest.raises(ManifestError, match="Another batch"):
        Manifest.open(tmp_path / "out")


def test_a_damaged_manifest_is_reported_and_nothing_is_written(tmp_path, speech, shared_pool):
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_NAME).write_text("{ half a manifest")
    with pytest.raises(ManifestError, match="could not be read"):
        run_batch([speech["en"]], out, ["txt"], LocalWorkers(OPTIONS, shared_pool))
    assert sorted(p.name for p in out.iterdir()) == [".care-voice-batch.lock", MANIFEST_NAME]


def test_a_transcript_that_appears_while_its_file_is_transcribed_is_left_alone(
    tmp_path, speech, shared_pool
):
    out = tmp_path / "out"

    def someone_writes_visit_txt(event):
        if isinstance(event, Started):
            (out / "visit.txt").write_text("typed by hand meanwhile\n")

    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(speech["en"], archive / "visit.wav")
    summary, _events = _run(archive, out, shared_pool, someone_writes_visit_txt)

    assert summary.done == 1
    assert (out / "visit.txt").read_text() == "typed by hand meanwhile\n"
    assert not (out / "visit.srt").exists()  # one input's formats share one name
    assert word_error_rate(ENGLISH_NOTE, (out / "visit (2).txt").read_text()) < 0.25
    assert (out / "visit (2).srt").is_file()
