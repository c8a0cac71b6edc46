"""`care-voice notes` as a user runs it: real processes, a real store, plain messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from carevoice.engine.chinese import postprocess_transcript
from carevoice.export import parse_srt
from carevoice.notes.store import NoteStore
from tests.notes.pdftext import pdf_text
from tests.notes.transcripts import make_transcript


def care_voice(*args, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "carevoice", "notes", *map(str, args)],
        capture_output=True,
        text=True,
        env=dict(os.environ),  # CAREVOICE_HOME: this test's private home
        timeout=120,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
    )


def _plain(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr


@pytest.fixture
def seeded():
    with NoteStore() as store:
        wang = store.add_resident("王小明", "Room 3")
        ann = store.add_resident("Ann Lee", "Room 9")
        zh = store.note_from_transcript(
            postprocess_transcript(make_transcript(["今天她的血压正常。"], "zh"), True),
            wang,
            title="早上的記錄",
        )
        en = store.create_note(text="Walked to the garden with her daughter.", resident=ann)
        return {"zh": zh, "en": en, "wang": wang, "ann": ann, "path": store.path}


def test_list_and_residents(seeded):
    result = care_voice("list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "DATE", "RESIDENT", "STATE", "FLAGS", "TITLE"]
    assert "DRAFT" in lines[1].split() and "Walked" in lines[1]
    assert "早上的記錄" in result.stdout and "Walked to the garden" in result.stdout
    only_ann = care_voice("list", "--resident", "room 9")
    assert "Walked" in only_ann.stdout and "早上" not in only_ann.stdout
    as_json = json.loads(care_voice("list", "--json").stdout)
    assert [n["id"] for n in as_json["notes"]] == [seeded["en"].id, seeded["zh"].id]
    assert care_voice().stdout == result.stdout  # plain `notes` lists
    residents = care_voice("residents")
    assert "王小明" in residents.stdout and "Room 9" in residents.stdout
    added = care_voice("residents", "--add", "Siobhan Kelly", "--room", "12")
    assert added.returncode == 0 and "Siobhan Kelly (12)" in added.stderr


def test_search_in_chinese_and_english(seeded):
    result = care_voice("search", "血壓")
    assert result.returncode == 0, result.stderr
    assert "早上的記錄" in result.stdout and "今天她的血壓正常。" in result.stdout
    assert "Walked" not in result.stdout
    assert "Walked" in care_voice("search", "garden", "daughter").stdout
    none = care_voice("search", "nothing-like-this")
    assert none.returncode == 0 and "No notes match" in none.stderr


def test_show_prints_one_note(seeded):
    result = care_voice("show", seeded["zh"].id)
    assert result.returncode == 0 and "Resident: 王小明" in result.stdout


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf", "srt", "vtt", "json"])
def test_export_one_note_in_each_format(seeded, tmp_path, fmt):
    out = tmp_path / f"note.{fmt}"
    result = care_voice("export", seeded["zh"].id, "--format", fmt, "--output", out)
    assert result.returncode == 0, result.stderr
    _plain(result)
    assert f"Wrote 1 note(s) to {out}" in result.stderr
    if fmt == "docx":
        with zipfile.ZipFile(out) as package:
            content = package.read("word/document.xml").decode("utf-8")
    elif fmt == "pdf":
        content = "".join(pdf_text(out).split())
        assert "QPdfWriter" not in result.stderr and "QFont" not in result.stderr
    else:
        content = out.read_text(encoding="utf-8")
    assert "今天她的血壓正常。" in content
    if fmt == "srt":
        assert parse_srt(content) == [(0.0, 1.5, "今天她的血壓正常。")]


def test_export_a_residents_notes_into_a_folder(seeded, tmp_path):
    result = care_voice("export", "--resident", "Ann Lee", "--format", "txt", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    (written,) = tmp_path.iterdir()
    assert written.name.startswith("care-note") and "Walked" in written.read_text()


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (("export", "999", "--format", "txt"), "There is no note with number 999.", 1),
        (("export", "--format", "txt"), "Say which notes", 2),
        (("export", "1", "--format", "odt"), "Unknown format 'odt'", 2),
        (("list", "--resident", "Nobody"), "There is no resident called 'Nobody'.", 1),
        (("list", "--since", "last week"), "is not a date like", 2),
        (("restore", "missing.carevoice-backup", "--yes"), "There is no file", 1),
    ],
)
def test_errors_are_plain_messages(seeded, args, message, code):
    result = care_voice(*args)
    assert result.returncode == code
    assert message in result.stderr
    _plain(result)


def test_export_of_a_typed_note_as_srt_says_why_not(seeded, tmp_path):
    result = care_voice("export", seeded["en"].id, "--format", "srt", "-o", tmp_path / "x.srt")
    assert result.returncode == 1 and "no timed segments" in result.stderr
    _plain(result)
    assert not (tmp_path / "x.srt").exists()


def test_backup_then_restore(seeded, tmp_path):
    backup = tmp_path / "notes.carevoice-backup"
    result = care_voice("backup", backup)
    assert result.returncode == 0 and "Backed up 2 note(s)" in result.stderr
    with NoteStore() as store:
        store.delete_note(seeded["zh"].id)
    refused = care_voice("restore", backup)  # not a terminal and no --yes: asks for it
    assert refused.returncode == 2 and "--yes" in refused.stderr
    restored = care_voice("restore", backup, "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "Restored 2 note(s) and 2 resident(s)" in restored.stderr
    with NoteStore() as store:
        assert store.get_note(seeded["zh"].id).text == "今天她的血壓正常。"


def test_restore_refuses_a_file_that_is_not_a_backup(seeded, tmp_path):
    bogus = tmp_path / "holiday.jpg"
    bogus.write_bytes(b"\xff\xd8\xff\xe0 not a backup" * 20)
    result = care_voice("restore", bogus, "--yes")
    assert result.returncode == 1
    assert result.stderr.strip() == f"{bogus} is not a Care Voice backup."
    assert "2 note" not in result.stderr
    with NoteStore() as store:
        assert store.count_notes() == 2


@pytest.mark.parametrize("fmt", ["txt", "pdf"])
def test_export_labels_in_chinese_when_asked(seeded, tmp_path, fmt):
    out = tmp_path / f"note.{fmt}"
    english = care_voice("export", seeded["zh"].id, "--format", fmt, "-o", tmp_path / f"en.{fmt}")
    chinese = care_voice(
        "export", seeded["zh"].id, "--format", fmt, "--labels", "zh_TW", "--output", out
    )
    assert english.returncode == 0 and chinese.returncode == 0, chinese.stderr
    _plain(chinese)
    read = pdf_text if fmt == "pdf" else (lambda path: path.read_text(encoding="utf-8"))
    content = "".join(read(out).split())
    assert "住民:王小明" in content.replace("：", ":") and "草稿（尚未簽署）" in content
    assert "Resident" not in content and "Status" not in content
    assert "Resident" in read(tmp_path / f"en.{fmt}")  # English unless asked


def test_handover_pdf_headings_in_chinese_when_asked(seeded, tmp_path):
    out = tmp_path / "handover.pdf"
    result = care_voice(
        "handover", "--since", "24h", "--format", "pdf", "--labels", "zh_TW", "-o", out
    )
    assert result.returncode == 0, result.stderr
    _plain(result)
    content = "".join(pdf_text(out).split())
    assert "交班" in content and "草稿（尚未簽署）" in content and "王小明" in content
    assert "Handover" not in content and "Drafts" not in content


def test_handover_text_headings_in_chinese_when_asked(seeded):
    chinese = care_voice("handover", "--since", "24h", "--labels", "zh_TW")
    english = care_voice("handover", "--since", "24h")
    assert chinese.returncode == 0 and english.returncode == 0, chinese.stderr
    assert "交班" in chinese.stdout and "王小明" in chinese.stdout
    assert "Handover" not in chinese.stdout and "DRAFTS" not in chinese.stdout
    assert english.stdout.startswith("Handover: ")  # English unless asked
