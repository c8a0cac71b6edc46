"""Note exports in every format, read back: Chinese must be right in each, not just present."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from datetime import date, datetime

import pytest

from carevoice.engine.chinese import postprocess_transcript
from carevoice.export import parse_srt, parse_vtt
from carevoice.notes.exports import (
    NOTE_FORMATS,
    default_file_name,
    document_title,
    export_notes,
    read_json,
    render_txt,
)
from carevoice.notes.store import NotesError
from tests.notes.pdftext import pdf_text
from tests.notes.transcripts import make_transcript

CHINESE = ["今天她的血压正常。", "这个软件的内存不够。"]
CHINESE_TW = ["今天她的血壓正常。", "這個軟體的記憶體不夠。"]
ENGLISH = ["The resident took her morning medication.", "She walked to the garden & back."]


@pytest.fixture
def notes(store):
    """A Mandarin dictation and an English file transcription for one resident, a day apart."""
    wang = store.add_resident("王小明", "Room 3")
    march_1 = datetime(2025, 3, 1, 9, 30).timestamp()
    march_2 = datetime(2025, 3, 2, 16, 5).timestamp()
    zh = store.note_from_transcript(
        postprocess_transcript(make_transcript(CHINESE, "zh", words=True), traditional=True),
        wang,
        author="林護理師",
        title="早上的記錄",
        tags=["血壓"],
        created_s=march_1,
    )
    en = store.note_from_transcript(
        make_transcript(ENGLISH),
        wang,
        "Ana",
        "file",
        "/recordings/ward round.wav",
        created_s=march_2,
    )
    other = store.add_resident("Bob")
    store.create_note(text="Not Wang's note.", resident=other)
    return store, zh, en


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_txt_has_the_details_and_the_text(notes, tmp_path):
    _, zh, en = notes
    path = export_notes([zh], "txt", tmp_path / "note.txt")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("早上的記錄\n=====\n")
    for line in (
        "Resident: 王小明",
        "Date: 2025-03-01 09:30",
        "Author: 林護理師",
        "Source: Dictation",
        "Language: zh",
        "Model: tiny.en on cpu",
        "Tags: 血壓",
    ):
        assert line in text.splitlines()
    assert "今天她的血壓正常。這個軟體的記憶體不夠。" in text
    both = render_txt([zh, en])
    assert (
        both.index("早上的記錄") < both.index("The resident took")
        and "Recording: ward round.wav" in both
    )


def test_docx_holds_the_chinese_characters_in_its_xml(notes, tmp_path):
    from docx import Document

    _, zh, en = notes
    path = export_notes([zh, en], "docx", tmp_path / "notes.docx")
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
    for expected in (
        "今天她的血壓正常。這個軟體的記憶體不夠。",
        "王小明",
        "林護理師",
        "早上的記錄",
        "She walked to the garden &amp; back.",
    ):
        assert expected in xml
    assert 'w:eastAsia="Microsoft JhengHei"' in styles
    document = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    assert (
        paragraphs[0] == document_title([zh, en]) == "Care notes: 王小明 (2025-03-01 to 2025-03-02)"
    )
    assert "今天她的血壓正常。這個軟體的記憶體不夠。" in paragraphs
    assert document.core_properties.title == paragraphs[0]


def test_pdf_text_is_the_notes_text_chinese_included(notes, tmp_path, qapp):
    from carevoice.ui.notes.pdf_export import export_pdf

    _, zh, en = notes
    path = export_pdf([zh, en], tmp_path / "notes.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and b"WenQuanYi" in data  # the CJK font is embedded
    text = _flat(pdf_text(path))
    for expected in (
        "今天她的血壓正常。這個軟體的記憶體不夠。",
        "王小明",
        "林護理師",
        "早上的記錄",
        "Shewalkedtothegarden&back.",
        "Resident:",
    ):
        assert _flat(expected) in text, expected
    if shutil.which("pdftotext"):  # poppler-utils: an independent reader, where installed
        out = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        )
        assert "今天她的血壓正常。這個軟體的記憶體不夠。" in _flat(out.stdout)


def test_the_print_helper_prints_the_same_document(notes, tmp_path, qapp):
    from PySide6.QtPrintSupport import QPrinter

    from carevoice.ui.notes.pdf_export import print_notes

    _, zh, _ = notes
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_notes([zh], printer)
    assert "今天她的血壓正常。這個軟體的記憶體不夠。" in _flat(pdf_text(tmp_path / "printed.pdf"))


def test_srt_and_vtt_are_the_recordings_segments(notes, tmp_path):
    _, zh, _ = notes
    srt = parse_srt(export_notes([zh], "srt", tmp_path / "n.srt").read_text(encoding="utf-8"))
    assert srt == [(0.0, 1.5, CHINESE_TW[0]), (2.0, 3.5, CHINESE_TW[1])]
    vtt = parse_vtt(export_notes([zh], "vtt", tmp_path / "n.vtt").read_text(encoding="utf-8"))
    assert vtt == srt


def test_timed_formats_need_one_transcribed_note(notes, tmp_path):
    store, zh, en = notes
    typed = store.create_note(text="Typed by hand.")
    target = tmp_path / "n.srt"
    target.write_text("earlier export")
    with pytest.raises(NotesError, match="no timed segments"):
        export_notes([typed], "srt", target)
    with pytest.raises(NotesError, match="one note at a time"):
        export_notes([zh, en], "vtt", tmp_path / "n.vtt")
    assert target.read_text() == "earlier export"  # a failed export leaves the old file
    with pytest.raises(NotesError, match="no notes"):
        export_notes([], "txt", tmp_path / "none.txt")
    with pytest.raises(NotesError, match="Unknown format"):
        export_notes([zh], "odt", tmp_path / "n.odt")


def test_json_reads_back_as_the_same_notes(notes, tmp_path):
    _, zh, en = notes
    path = export_notes([zh, en], "json", tmp_path / "notes.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "care-voice-notes" and len(data["notes"]) == 2
    assert "今天她的血壓正常" in path.read_text(encoding="utf-8")  # not \\u escapes
    assert read_json(path.read_text(encoding="utf-8")) == [zh, en]
    with pytest.raises(ValueError, match="not a Care Voice notes export"):
        read_json('{"segments": []}')


def test_a_residents_notes_over_a_date_range(notes, tmp_path):
    store, zh, en = notes
    wang = store.get_resident(zh.resident_id)
    picked = store.list_notes(
        wang, since=date(2025, 3, 1), until=date(2025, 3, 2), oldest_first=True
    )
    assert picked == [zh, en]
    assert store.list_notes(wang, since=date(2025, 3, 2)) == [en]
    text = export_notes(picked, "txt", tmp_path / "range.txt").read_text(encoding="utf-8")
    assert "Not Wang's note." not in text and text.index("早上的記錄") < text.index("The resident")
    assert default_file_name(picked, "docx") == "care-notes-2025-03-01-to-2025-03-02.docx"
    assert default_file_name([zh], "pdf") == f"care-note-{zh.id}.pdf"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("fmt", [f for f in NOTE_FORMATS if f != "pdf"])
def test_exports_are_private_files_written_atomically(notes, tmp_path, fmt):
    _, zh, _ = notes
    path = export_notes([zh], fmt, tmp_path / f"n.{fmt}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [f"n.{fmt}"]  # no temporary file left
