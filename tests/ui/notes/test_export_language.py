"""Exports written from the window use the window's language for their labels; the
command line and the core keep English (carevoice.notes.exports' Phrases)."""

from __future__ import annotations

import re
import zipfile

from carevoice.notes.exports import render_txt
from tests.notes.pdftext import pdf_text

LABELS_EN = ("Resident", "Date", "Author", "Status", "Flags", "Source", "Language", "Tags")
LABELS_ZH = ("住民", "日期", "作者", "狀態", "標記", "來源", "語言", "標籤")


def _note(store):
    """A dictated Mandarin note with everything a label is shown for."""
    resident = store.add_resident("王小明", "Room 3")
    return store.create_note(
        text="今天她的血壓正常。",
        resident=resident,
        author="林護理師",
        language="zh",
        source="dictation",
        tags=["血壓"],
        flags=["fall"],
    )


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


def test_a_pdf_exported_in_chinese_has_chinese_labels_only(chinese, window, tmp_path):
    place = window.places["notes"]
    window.show_place("notes")
    note = _note(place.store())
    assert place.open_note(note.id) is not None

    for fmt in ("pdf", "docx", "txt"):
        path = place.output.export_to(tmp_path / "note", fmt)
        assert path is not None, place.status_line.text()
        if fmt == "pdf":
            text = pdf_text(path)
        elif fmt == "docx":
            with zipfile.ZipFile(path) as package:
                text = re.sub(r"<[^>]+>", " ", package.read("word/document.xml").decode())
        else:
            text = path.read_text(encoding="utf-8")
        flat = re.sub(r"\s+", "", text)
        assert "血壓正常" in flat, fmt
        for label in LABELS_ZH:
            assert label in flat, (fmt, label)
        assert "草稿" in flat, fmt  # the status's value too, not only its label
        assert not _words(text) & {*LABELS_EN, "Draft", "Dictation"}, (fmt, text)


def test_the_core_and_the_command_line_keep_english(chinese, tmp_path):
    from carevoice.notes.store import NoteStore

    with NoteStore(tmp_path / "notes.db") as store:
        note = _note(store)
    text = render_txt([note])  # no `say`: English, whatever the window's language
    for label in LABELS_EN:
        assert f"{label}: " in text
    assert "Status: Draft (not signed)" in text and "Source: Dictation" in text
    assert not set(LABELS_ZH) & set(re.findall(r"\w+", text))


def test_the_handover_pdf_in_chinese(chinese, qtbot, tmp_path):
    from carevoice.notes.store import NoteStore
    from carevoice.ui.notes.handover_view import HandoverDialog

    with NoteStore(tmp_path / "notes.db") as store:
        _note(store)
        store.create_note(text="沒有住民的紀錄。")
        dialog = HandoverDialog(store, lambda: None)
        qtbot.addWidget(dialog)
        assert dialog.save_pdf(str(tmp_path / "handover.pdf")), dialog.message.text()
    text = pdf_text(tmp_path / "handover.pdf")
    flat = re.sub(r"\s+", "", text)
    for words in ("交班", "已標記", "草稿（尚未簽署）", "（無住民）", "第1筆紀錄", "血壓正常"):
        assert words in flat, words
    assert not _words(text) & {"Handover", "Flagged", "Drafts", "draft", "note", "resident"}
