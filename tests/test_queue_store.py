"""The Files queue on disk: rows and transcripts survive a restart, privately, without Qt."""

from __future__ import annotations

import json
import math
import stat
import subprocess
import sys

import pytest

from carevoice import paths
from carevoice.engine.transcript import Segment, Transcript
from carevoice.queue_store import (
    CANCELLED,
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    QueueRow,
    QueueStore,
    QueueStoreError,
    resume_unfinished,
)


def _transcript() -> Transcript:
    return Transcript(
        segments=[
            Segment(0, 0.0, 2.5, " She ate breakfast.", avg_logprob=-math.inf),
            Segment(1, 2.5, 4.0, " Then she slept."),
        ],
        language="en",
        language_probability=1.0,
        duration_s=4.0,
        model="tiny.en",
        device="cpu",
        compute_type="int8",
        source="/recordings/ward.wav",
    )


def test_rows_and_their_transcripts_come_back_as_they_were_saved():
    done = QueueRow(
        path="/recordings/ward.wav",
        status=DONE,
        duration_s=4.0,
        model="tiny.en",
        language="en",
        device="cpu",
        compute_type="int8",
    )
    done.set_transcript(_transcript())
    failed = QueueRow(
        path="/recordings/notes.wav",
        status=FAILED,
        error='The file "notes.wav" is not an audio or video file.',
    )
    QueueStore().save([done, failed])

    loaded = QueueStore().load()

    assert [row.to_dict() for row in loaded] == [done.to_dict(), failed.to_dict()]
    transcript = loaded[0].load_transcript()
    assert transcript.text == "She ate breakfast. Then she slept."
    # -inf is not JSON; it is kept as "unknown" so the file stays readable everywhere.
    assert transcript.segments[0].avg_logprob is None
    assert loaded[1].load_transcript() is None


def test_the_file_is_private_standard_json_in_the_data_folder():
    store = QueueStore()
    store.save([QueueRow(path="/recordings/a.wav", duration_s=math.nan)])

    assert store.path == paths.data_dir() / "queue.json"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    data = json.loads(store.path.read_text(encoding="utf-8"), parse_constant=pytest.fail)
    assert data["version"] == 1
    assert data["rows"][0]["duration_s"] is None
    assert not [p.name for p in store.path.parent.iterdir() if p.name.endswith(".part")]


def test_no_file_yet_is_an_empty_queue(tmp_path):
    assert QueueStore(tmp_path / "queue.json").load() == []


def test_unfinished_rows_are_queued_again_and_finished_ones_are_left_alone():
    rows = [
        QueueRow(path=f"/r/{status}.wav", status=status)
        for status in (DONE, QUEUED, FAILED, RUNNING, CANCELLED)
    ]
    rows[3].set_transcript(_transcript())

    resumed = resume_unfinished(rows)

    assert [row.path for row in resumed] == ["/r/queued.wav", "/r/running.wav"]
    assert [row.status for row in rows] == [DONE, QUEUED, FAILED, QUEUED, CANCELLED]
    assert rows[3].transcript is None


def test_a_damaged_file_is_kept_aside_and_the_queue_starts_empty(tmp_path):
    store = QueueStore(tmp_path / "queue.json")
    store.path.write_text('{"rows": [{"id": "a", "pa', encoding="utf-8")

    with pytest.raises(QueueStoreError, match="damaged"):
        store.load()

    assert not store.path.exists()
    kept = list(tmp_path.glob("queue.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").startswith('{"rows"')
    assert store.load() == []


def test_damaged_rows_are_left_out_and_the_rest_is_kept(tmp_path):
    store = QueueStore(tmp_path / "queue.json")
    good = QueueRow(path="/r/good.wav", status=DONE)
    rows = [
        good.to_dict(),
        {"id": "x", "status": DONE},
        {**good.to_dict(), "status": "odd"},
        "not a row",
        good.to_dict(),
    ]
    store.path.write_text(json.dumps({"version": 1, "rows": rows}), encoding="utf-8")

    assert [row.id for row in store.load()] == [good.id]


def test_a_transcript_that_cannot_be_read_says_so_in_plain_words():
    row = QueueRow(path="/r/ward.wav", status=DONE, transcript={"segments": [{"oops": 1}]})
    with pytest.raises(QueueStoreError, match="saved transcript of ward.wav could not be read"):
        row.load_transcript()


def test_a_queue_that_cannot_be_written_says_so(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(QueueStoreError, match="could not be saved"):
        QueueStore(blocker / "queue.json").save([])


def test_the_store_loads_no_qt():
    code = (
        "import sys, carevoice.queue_store\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_rows_warnings_stay_translatable_after_a_restart(tmp_path):
    from carevoice.phrases import Phrase

    damaged = Phrase(
        "The file {name} is damaged in places: {pieces} could not be decoded{first}{silenced}.",
        name='"a.mp3"',
        pieces=Phrase("{count} damaged pieces", count=3),
        first="",
        silenced=Phrase("; {seconds} s of sound was replaced with silence", seconds="1.5"),
    )
    transcript = _transcript()
    transcript.warnings = [damaged, "A plain sentence."]
    row = QueueRow(path="/r/a.mp3", status=DONE)
    row.set_transcript(transcript)
    store = QueueStore(tmp_path / "queue.json")
    store.save([row])
    on_disk = json.loads(store.path.read_text(encoding="utf-8"))["rows"][0]
    assert on_disk["transcript"]["warnings"][0] == (
        'The file "a.mp3" is damaged in places: 3 damaged pieces could not be decoded; '
        "1.5 s of sound was replaced with silence."
    )

    [loaded] = QueueStore(tmp_path / "queue.json").load()  # the next start
    first, second = loaded.transcript["warnings"]
    assert first == damaged and isinstance(first, Phrase)
    assert first.template == damaged.template
    assert isinstance(first.params["pieces"], Phrase) and first.params["pieces"].params == {
        "count": 3
    }
    assert second == "A plain sentence." and not isinstance(second, Phrase)
    assert loaded.load_transcript().warnings == [damaged, "A plain sentence."]


def test_saved_warnings_that_do_not_match_are_read_as_their_text(tmp_path):
    row = QueueRow(path="/r/a.mp3", status=DONE)
    row.set_transcript(_transcript())
    data = row.to_dict()
    data["transcript"]["warnings"] = ["Kept as written."]
    data["warning_phrases"] = [{"template": "{missing}", "params": {}}, "extra"]
    assert QueueRow.from_dict(data).transcript["warnings"] == ["Kept as written."]
    data["warning_phrases"] = [{"template": "{missing}", "params": {}}]
    assert QueueRow.from_dict(data).transcript["warnings"] == ["{missing}"]
