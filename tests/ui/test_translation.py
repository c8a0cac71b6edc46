"""The interface in Traditional Chinese (Taiwan): every string translated, the window in Chinese."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialogButtonBox

from carevoice.phrases import Phrase, lupdate_source, phrase_templates
from carevoice.ui.settings import AppSettings
from tests.ui.chinese import TS, qt_tool

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "app" / "carevoice"
UI_SOURCES = PACKAGE / "ui"

# Qt 6's offscreen platform plugin warns on every dialog it shows; nothing is wrong.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def untranslated(ts: Path) -> list[str]:
    """'context: source' for each live message without a translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type")
            if kind in ("vanished", "obsolete"):
                continue
            forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
            if kind == "unfinished" or not all(f and f.strip() for f in forms):
                missing.append(f"{name}: {message.findtext('source')!r}")
    return missing


def messages(ts: Path):
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
            yield context.findtext("name"), message.findtext("source"), forms


def test_every_entry_in_the_ts_is_translated():
    missing = untranslated(TS)
    assert not missing, (
        f"{len(missing)} untranslated entries in {TS.name}; translate them:\n" + "\n".join(missing)
    )


def test_every_string_in_the_code_is_in_the_ts(tmp_path):
    # lupdate into a copy: catches strings added to the code since the .ts was updated.
    copy = tmp_path / TS.name
    shutil.copyfile(TS, copy)
    # The core's Phrase templates, as scripts/build-translations hands them to lupdate.
    core_phrases = tmp_path / "core_phrases.py"
    core_phrases.write_text(lupdate_source(PACKAGE), encoding="utf-8")
    subprocess.run(
        [
            qt_tool("pyside6-lupdate"),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            *sorted(str(p) for p in UI_SOURCES.rglob("*.py")),
            str(core_phrases),
            "-ts",
            str(copy),
        ],
        check=True,
        timeout=120,
    )
    missing = untranslated(copy)
    assert not missing, (
        f"{len(missing)} strings in app/carevoice lack a translation. Run "
        "scripts/build-translations, then translate them in "
        f"app/carevoice/resources/translations/{TS.name}:\n" + "\n".join(missing)
    )


def test_no_tr_call_hides_inside_an_f_string():
    # pyside6-lupdate 6.12 does not look inside f-strings: f"<h2>{self.tr('Files')}</h2>"
    # never reaches the .ts and stays English. Call tr() outside and format its result.
    hidden = []
    for path in sorted(UI_SOURCES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and getattr(
                    inner.func, "attr", getattr(inner.func, "id", None)
                ) in ("tr", "translate"):
                    hidden.append(f"{path.relative_to(REPO)}:{inner.lineno}")
    assert not hidden, "tr() inside an f-string, invisible to lupdate:\n" + "\n".join(hidden)


def test_every_core_phrase_has_a_literal_template_lupdate_can_find():
    found = {path.name for path, _, _ in phrase_templates(PACKAGE)}
    assert {"verdict.py", "decision.py", "cuda_errors.py", "nvml.py", "preflight.py"} <= found
    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "phrases.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Phrase"
                and not (node.args and isinstance(node.args[0], ast.Constant))
            ):
                hidden.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not hidden, "Phrase() without a literal template:\n" + "\n".join(hidden)


def test_a_core_phrase_is_said_in_chinese_with_its_parts(chinese):
    from carevoice.gpu.decision import decide_device
    from carevoice.phrases import joined
    from carevoice.ui.i18n import say

    reason = Phrase(
        "The GPU failed while transcribing: {reason}",
        reason=Phrase(
            "The GPU ran out of memory. Fix: close other programs using the GPU, or choose a "
            "smaller model in settings (on the command line, an int8 --compute-type also "
            "needs less memory)."
        ),
    )
    assert say(reason).startswith("GPU 在轉錄時發生故障：GPU 記憶體不足。解決方法：")
    no_gpu = Phrase("No NVIDIA GPU was found.")
    assert say(joined(no_gpu, "plain words")) == "找不到 NVIDIA GPU。plain words"
    assert say(joined("plain words.", no_gpu)) == "plain words. 找不到 NVIDIA GPU。"
    assert joined(no_gpu, "plain words") == "No NVIDIA GPU was found. plain words"
    assert say("not a phrase") == "not a phrase"
    summary = decide_device("cpu", False, None, None, [], None).summary
    assert summary == "CPU · int8 — chosen in settings"  # English everywhere else
    assert say(summary) == "CPU · int8 — 已在設定中選擇"


def test_translations_keep_placeholders_and_shortcut_keys():
    # Qt's %n and %1, Python's %s / %.1f / %%, and str.format's {name}.
    placeholder = re.compile(r"%%|%n|%\d|%[-+#0]*\d*(?:\.\d+)?[sdfi]|\{\w*\}")
    shortcut = re.compile(r"&(?!&)\w")
    wrong = []
    for context, source, forms in messages(TS):
        for form in forms:
            if not form:
                continue  # reported by the test above
            if sorted(placeholder.findall(source)) != sorted(placeholder.findall(form)):
                wrong.append(f"{context}: {source!r} -> {form!r} (placeholders)")
            if bool(shortcut.search(source)) != bool(shortcut.search(form)):
                wrong.append(f"{context}: {source!r} -> {form!r} (shortcut key)")
    assert not wrong, "\n".join(wrong)


def test_the_compiled_translation_is_up_to_date():
    qm = TS.with_suffix(".qm")
    assert qm.exists() and qm.stat().st_mtime >= TS.stat().st_mtime, (
        f"{qm.name} is missing or older than {TS.name}: run scripts/build-translations "
        "(scripts/setup does it)"
    )


def test_a_chinese_font_is_installed(qapp):
    # Without one every Chinese character draws as a box (setup installs fonts-wqy-microhei).
    assert QFontDatabase.families(QFontDatabase.WritingSystem.TraditionalChinese)


def test_the_main_window_comes_up_in_chinese(chinese, qtbot):
    from carevoice.ui.main_window import MainWindow

    assert len(chinese) == 2, "Care Voice's and Qt's own translations both load"
    window = MainWindow(AppSettings(interface_language="zh_TW"))
    qtbot.addWidget(window)
    window.confirm_close = lambda busy: True
    window.show()
    try:
        places = [window.nav.item(i).text() for i in range(window.nav.count())]
        assert places == ["聽寫", "錄音檔", "紀錄", "GPU"]
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus[0] == "檔案(&F)"
        # The File menu and the Files place were both 「檔案」 (issue #13.7).
        menu_names = {re.sub(r"\(&.\)|&", "", menu) for menu in menus}
        assert not menu_names & set(places)
        assert window.open_action.text() == "開啟…"
        assert window.settings_action.text() == "設定…"
        assert window.device_button.text() == "正在檢查 GPU…"
        assert window.device_button.toolTip() == "開啟 GPU 頁面"
    finally:
        window.close()


def test_the_settings_dialog_comes_up_in_chinese(chinese, qtbot):
    from carevoice.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(AppSettings(interface_language="zh_TW", language="de"))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "設定"
    assert dialog.language_combo.currentText() == "德語 (de)"
    assert dialog.language_combo.itemText(2) == "華語 (zh)"
    assert dialog.output_edit.placeholderText() == "不另存：逐字稿只保留在 Care Voice 中"
    # Qt's own strings come from qtbase_zh_TW.qm.
    buttons = dialog.buttons
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "確定"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_the_gpu_place_speaks_chinese_down_to_the_verdict(chinese, qtbot, monkeypatch):
    from carevoice.ui.main_window import MainWindow

    monkeypatch.setenv("CAREVOICE_FAKE_GPU", "rtx5070ti")
    window = MainWindow(AppSettings(interface_language="zh_TW"))
    qtbot.addWidget(window)
    window.confirm_close = lambda busy: True
    try:
        with qtbot.waitSignal(window.device_changed, timeout=30_000) as decided:
            window.start_gpu_check(refresh=True)
        decision = decided.args[0]
        place = window.places["gpu"]
        verdict = place.verdict_label.text()
        gpu = "NVIDIA GeForce RTX 5070 Ti（運算能力 12.0）"
        assert f"CTranslate2 4.8.5 (sm_53–sm_86) 中沒有適用 {gpu}的原生核心程式" in verdict
        assert "將透過 PTX compute_86 執行，由驅動程式在第一次使用時編譯" in verdict
        assert "第一次轉錄會比較慢" in verdict
        assert "has no native kernels" not in verdict
        status = window.device_button.text()
        if decision.device == "cuda":
            assert status == f"GPU · NVIDIA GeForce RTX 5070 Ti · {decision.compute_type}"
        else:
            assert status.startswith(f"CPU · {decision.compute_type} — 未使用 GPU：")
        assert "compute capability" not in window.device_button.toolTip()
    finally:
        window.close()


def test_transcript_warnings_from_the_core_are_said_in_chinese(chinese, qtbot, tmp_path):
    """Warnings made by the real core (a scratched MP3 decoded, a looping model's repeats
    removed, a microphone lost) reach a Chinese interface in Chinese."""
    import numpy as np

    from carevoice.audio.decode import decode_audio
    from carevoice.audio.devices import lost_message
    from carevoice.engine.repetition import RepetitionGuard
    from carevoice.engine.transcript import Segment, Transcript
    from carevoice.ui.transcript.view import TranscriptView
    from tests.audio import media

    mp3 = next(fmt for fmt in media.FORMATS if fmt.name == "mp3")
    source = media.encode(tmp_path / "visit.mp3", media.chirp(20.0, mp3.rate), mp3)
    data = bytearray(source.read_bytes())
    third = len(data) // 3
    data[third : third + 3000] = np.random.default_rng(2).bytes(3000)
    source.write_bytes(bytes(data))
    (damaged,) = decode_audio(source).warnings
    assert "damaged in places" in damaged  # English for logs and exports

    guard = RepetitionGuard()
    for index in range(8):
        guard.accept(Segment(index, 60.0 + index, 61.0 + index, " Take two tablets."))
    repeats = guard.finish()
    assert repeats and "repeated" in repeats[0]

    transcript = Transcript(
        segments=[Segment(0, 0.0, 1.0, " Hello.")],
        language="en",
        language_probability=1.0,
        duration_s=20.0,
        model="tiny.en",
        device="cpu",
        compute_type="int8",
        warnings=[damaged, *repeats, lost_message("USB Mic")],
    )
    view = TranscriptView(transcript)
    qtbot.addWidget(view)
    shown = view.warnings.text()
    assert '檔案 "visit.mp3" 有部分損壞：' in shown and "無法解碼" in shown
    assert "同一句話在 1:0" in shown and "Whisper 的重複迴圈錯誤" in shown
    assert "麥克風「USB Mic」停止運作" in shown
    assert not any(word in shown for word in ("damaged", "repeated", "microphone")), shown


def test_why_a_file_failed_is_said_in_chinese(chinese, qtbot, tmp_path, shared_pool):
    """The runner says a failed job's reason in the interface language: the core's
    AudioError phrases, across the worker thread."""
    from carevoice.engine.transcriber import TranscribeOptions
    from carevoice.ui.runner import JobRunner

    notes = tmp_path / "notes.mp3"
    notes.write_text("not sound at all, only words", encoding="utf-8")
    runner = JobRunner(workers=1, pool=shared_pool)
    try:
        reasons = {}
        for name, path in (("text", notes), ("gone", tmp_path / "gone.wav")):
            job = runner.submit(path, TranscribeOptions(model="tiny.en"))
            with qtbot.waitSignal(job.failed, timeout=30_000) as failed:
                pass
            reasons[name] = failed.args[0]
    finally:
        runner.shutdown()
    assert reasons["text"] == (
        '檔案 "notes.mp3" 不是 Care Voice 能讀取的音訊或影片檔。它可能已損壞或不完整。'
    )
    assert reasons["gone"] == '檔案 "gone.wav" 不存在。'


def test_qt_file_dialogs_come_up_in_chinese(chinese, qtbot):
    """Open, Save and the folder picker are Qt's own: qtbase_zh_TW.qm must be loaded."""
    import re

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QLabel

    cjk = re.compile(r"[\u4e00-\u9fff]")
    for source in ("Look in:", "File &name:", "Files of type:", "&Open", "&Save"):
        translated = QCoreApplication.translate("QFileDialog", source)
        assert translated != source and cjk.search(translated), (source, translated)
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    # Qt's zh_TW catalogue lacks "&Look in:" and "Files of &type:"; the name field it has.
    assert "檔名(&N)：" in texts, texts


def test_every_count_in_the_interface_is_a_qt_plural_with_english_forms(tmp_path):
    # "%n file(s)" is written "1 file" / "2 files" by carevoice_en.ts and "%n 個檔案" by
    # the zh_TW one (#13.8). A "(s)" left in a message, or an English form missing, fails.
    from tests.ui.chinese import ENGLISH_TS

    copy = tmp_path / ENGLISH_TS.name
    shutil.copyfile(ENGLISH_TS, copy)
    subprocess.run(
        [
            qt_tool("pyside6-lupdate"),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            "-pluralonly",
            *sorted(str(p) for p in UI_SOURCES.rglob("*.py")),
            "-ts",
            str(copy),
        ],
        check=True,
        timeout=120,
    )
    assert not untranslated(copy), "English plural forms missing in carevoice_en.ts:\n" + (
        "\n".join(untranslated(copy))
    )
    english = {(c, source): forms for c, source, forms in messages(copy)}
    for (context, source), forms in english.items():
        assert len(forms) == 2 and all("%n" in f and "(s)" not in f for f in forms), (
            context,
            source,
            forms,
        )
    bare = []
    for context, source, _forms in messages(TS):
        if "(s)" in source and (context, source) not in english:
            bare.append(f"{context}: {source!r}")
        if re.search(r"\{(count|n|number)\} \w+s\b", source):
            bare.append(f"{context}: {source!r}")
    assert not bare, "counts not written with Qt's %n plurals:\n" + "\n".join(bare)


def test_the_english_interface_loads_its_plurals(qapp, tmp_path, monkeypatch):
    from PySide6.QtCore import QCoreApplication

    from carevoice.ui import i18n
    from carevoice.ui.app import install_translator
    from tests.ui.chinese import ENGLISH_TS

    qm = tmp_path / "carevoice_en.qm"
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(ENGLISH_TS), "-qm", str(qm)])
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    installed = install_translator(qapp, "en")
    try:
        assert len(installed) == 1
        translate = installed[0].translate
        assert translate("FilesQueue", "Added %n file(s)", "", 1) == "Added %n file"
        assert QCoreApplication.translate("FilesQueue", "Added %n file(s)", "", 2) == (
            "Added 2 files"
        )
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
