"""The settings dialog: it shows the settings, returns edited copies, and the window saves them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QPushButton

from carevoice.ui.settings import AppSettings
from carevoice.ui.settings_dialog import SettingsDialog
from carevoice.ui.whisper_languages import WHISPER_LANGUAGES

# Qt 6's offscreen platform plugin warns on every dialog it shows; nothing is wrong.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CUSTOM = AppSettings(
    default_model="base",
    language="de",
    vocabulary="Mrs Chen, metformin, donepezil",
    device="cuda",
    gpu_only=True,
    vad_filter=False,
    workers=3,
    output_folder="",
    interface_language="zh_TW",
    traditional_chinese=False,
)


@pytest.fixture
def dialog(qtbot):
    def make(settings: AppSettings = CUSTOM) -> SettingsDialog:
        made = SettingsDialog(settings)
        qtbot.addWidget(made)
        made.show()
        return made

    return make


def combo_data(combo) -> list:
    return [combo.itemData(i) for i in range(combo.count())]


def ok_button(dialog: SettingsDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_dialog_shows_the_settings_it_was_given(dialog):
    d = dialog()
    assert d.model_combo.currentData() == "base"
    assert d.language_combo.currentData() == "de"
    assert d.vocabulary_edit.toPlainText() == "Mrs Chen, metformin, donepezil"
    assert d.device_combo.currentData() == "cuda"
    assert d.gpu_only_check.isChecked() and d.gpu_only_check.isEnabled()
    assert not d.vad_check.isChecked()
    assert d.workers_spin.value() == 3
    assert d.output_edit.text() == ""
    assert d.interface_combo.currentData() == "zh_TW"
    assert d.interface_combo.currentText() == "繁體中文（台灣）"
    assert not d.traditional_check.isChecked()
    assert d.restart_note.isHidden()
    assert ok_button(d).isEnabled()


def test_unchanged_settings_come_back_equal_but_new(dialog):
    d = dialog()
    result = d.result_settings()
    assert result == CUSTOM
    assert result is not CUSTOM


def test_edits_come_back_in_a_new_settings_object(dialog, qtbot, tmp_path):
    original = AppSettings()
    d = dialog(original)
    d.model_combo.setCurrentIndex(d.model_combo.findData("tiny.en"))
    d.language_combo.setCurrentIndex(d.language_combo.findData("en"))
    qtbot.keyClicks(d.vocabulary_edit, "Mrs Chen, metformin")
    d.device_combo.setCurrentIndex(d.device_combo.findData("cpu"))
    d.vad_check.setChecked(False)
    d.workers_spin.setValue(4)
    d.output_edit.setText(str(tmp_path))
    d.interface_combo.setCurrentIndex(d.interface_combo.findData("zh_TW"))
    d.traditional_check.setChecked(False)
    assert d.sign_out_spin.value() == 15
    d.sign_out_spin.setValue(0)
    assert d.sign_out_spin.text() == "Never"

    result = d.result_settings()
    assert result == AppSettings(
        default_model="tiny.en",
        language="en",
        vocabulary="Mrs Chen, metformin",
        device="cpu",
        gpu_only=False,
        vad_filter=False,
        workers=4,
        output_folder=str(tmp_path),
        interface_language="zh_TW",
        traditional_chinese=False,
        sign_out_minutes=0,
    )
    assert original == AppSettings(), "the settings passed in must not change"


def test_the_model_list_has_automatic_and_the_usable_models(dialog):
    from carevoice.engine.models import list_models

    d = dialog(AppSettings())
    usable = [m.name for m in list_models() if m.usable]
    assert {"tiny.en", "base"} <= set(usable)
    assert combo_data(d.model_combo) == ["", *usable]
    assert d.model_combo.itemText(0) == "Automatic (tiny.en for English, base otherwise)"
    assert (
        d.model_combo.itemText(combo_data(d.model_combo).index("tiny.en"))
        == "tiny.en (English only)"
    )
    assert d.model_combo.currentData() == ""


def test_a_model_that_is_gone_stays_selected_and_says_so(dialog):
    d = dialog(AppSettings(default_model="large-v3"))
    assert d.model_combo.currentData() == "large-v3"
    assert d.model_combo.currentText() == "large-v3 (not on this machine)"
    assert d.result_settings().default_model == "large-v3"


def test_the_languages_are_whispers_with_english_and_mandarin_first(dialog):
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    assert sorted(code for code, _ in WHISPER_LANGUAGES) == sorted(_LANGUAGE_CODES)
    d = dialog(AppSettings())
    codes = [c for c in combo_data(d.language_combo) if c is not None]  # separator: None
    assert codes[:3] == ["", "en", "zh"]
    assert sorted(codes[1:]) == sorted(_LANGUAGE_CODES)
    assert d.language_combo.itemText(0) == "Automatic (detect the language)"
    assert d.language_combo.itemText(2) == "Mandarin Chinese (zh)"
    assert d.language_combo.itemText(d.language_combo.findData("de")) == "German (de)"


def test_opening_the_dialog_does_not_import_the_engine(tmp_path):
    # In a fresh process: this test session has imported faster_whisper long ago.
    code = (
        "import json, sys, time\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from carevoice.ui.settings import AppSettings\n"
        "started = time.perf_counter()\n"
        "from carevoice.ui.settings_dialog import SettingsDialog\n"
        "dialog = SettingsDialog(AppSettings())\n"
        "dialog.show()\n"
        "app.processEvents()\n"
        "print(json.dumps({'open_s': time.perf_counter() - started, 'heavy': sorted(\n"
        "    m for m in ('faster_whisper', 'ctranslate2', 'av', 'onnxruntime')\n"
        "    if m in sys.modules)}))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CAREVOICE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nsettings dialog opened in {facts['open_s']:.2f} s")  # about 0.1 s here
    assert facts["heavy"] == []  # the engine's imports would cost over a second


def test_gpu_only_does_not_apply_to_the_cpu(dialog):
    d = dialog()
    d.device_combo.setCurrentIndex(d.device_combo.findData("cpu"))
    assert not d.gpu_only_check.isEnabled()
    assert d.result_settings().gpu_only is False
    d.device_combo.setCurrentIndex(d.device_combo.findData("auto"))
    assert d.gpu_only_check.isEnabled()
    assert d.result_settings().gpu_only is True


def test_choosing_an_output_folder(dialog, qtbot, tmp_path, monkeypatch):
    d = dialog(AppSettings())
    assert d.output_edit.placeholderText() == "Nowhere: transcripts stay in Care Voice"
    asked = []

    def fake_ask(start: str) -> str:  # the native folder picker is modal
        asked.append(start)
        return str(tmp_path)

    monkeypatch.setattr(d, "_ask_folder", fake_ask)
    qtbot.mouseClick(d.findChild(QPushButton, "chooseFolderButton"), Qt.MouseButton.LeftButton)
    assert asked and d.output_edit.text() == str(tmp_path)
    assert d.result_settings().output_folder == str(tmp_path)

    d.output_edit.setText(str(tmp_path / "not-there"))
    assert d.folder_problem.isVisible()
    assert d.folder_problem.text() == "This folder does not exist."
    assert not ok_button(d).isEnabled()
    d.output_edit.clear()
    assert not d.folder_problem.isVisible()
    assert ok_button(d).isEnabled()
    assert d.result_settings().output_folder == ""


def test_vocabulary_takes_chinese_commas_and_lines(dialog):
    d = dialog(AppSettings())
    d.vocabulary_edit.setPlainText("陳太太，王先生、 metformin\n\ndonepezil ;  ")
    result = d.result_settings()
    assert result.vocabulary == "陳太太, 王先生, metformin, donepezil"
    assert result.vocabulary_terms() == ("陳太太", "王先生", "metformin", "donepezil")


def test_changes_that_need_a_restart_say_so(dialog):
    d = dialog(AppSettings())
    assert d.restart_note.isHidden()
    d.interface_combo.setCurrentIndex(d.interface_combo.findData("zh_TW"))
    assert d.restart_note.isVisible()
    assert "next time Care Voice starts" in d.restart_note.text()
    d.interface_combo.setCurrentIndex(d.interface_combo.findData("en"))
    assert d.restart_note.isHidden()
    d.workers_spin.setValue(5)
    assert d.restart_note.isVisible()


def test_an_english_only_model_with_another_language_is_flagged(dialog):
    d = dialog(AppSettings(default_model="tiny.en", language="en"))
    assert d.model_hint.isHidden()
    d.language_combo.setCurrentIndex(d.language_combo.findData("de"))
    assert d.model_hint.isVisible()
    assert d.model_hint.text().startswith("tiny.en understands English only: German")
    d.model_combo.setCurrentIndex(d.model_combo.findData(""))
    assert d.model_hint.isHidden()


def _answer_modal(callback) -> None:
    """Act on the modal dialog once its exec() loop runs (open_settings blocks until then)."""

    def act():
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(10, act)
            return
        callback(modal)

    QTimer.singleShot(0, act)


def test_the_window_saves_what_ok_returns(window):
    def change_and_accept(d: SettingsDialog):
        d.vocabulary_edit.setPlainText("Mrs Chen, metformin")
        d.interface_combo.setCurrentIndex(d.interface_combo.findData("zh_TW"))
        d.accept()

    _answer_modal(change_and_accept)
    window.open_settings()
    assert window.settings.vocabulary == "Mrs Chen, metformin"
    assert window.settings.interface_language == "zh_TW"
    assert AppSettings.load() == window.settings


def test_cancel_changes_nothing(window):
    before = AppSettings.load()

    def change_and_cancel(d: SettingsDialog):
        d.vocabulary_edit.setPlainText("Mrs Chen")
        d.reject()

    _answer_modal(change_and_cancel)
    window.open_settings()
    assert window.settings == AppSettings()
    assert AppSettings.load() == before


def test_a_new_device_choice_reruns_the_gpu_check(window, qtbot):
    def choose_cpu(d: SettingsDialog):
        d.device_combo.setCurrentIndex(d.device_combo.findData("cpu"))
        d.accept()

    _answer_modal(choose_cpu)
    with qtbot.waitSignal(window.device_changed, timeout=60_000) as blocker:
        window.open_settings()
    assert window.settings.device == "cpu"
    assert blocker.args[0].device == "cpu"


def test_keeping_the_microphone_ready_says_it_stays_open_and_can_be_turned_off(dialog, qtbot):
    d = dialog(AppSettings())
    group = d.dictation_group
    note = group.findChild(QLabel, "prerollNote").text()
    assert "microphone then stays open" in note and "nothing is stored" in note
    qtbot.mouseClick(group.preroll_check, Qt.MouseButton.LeftButton)
    assert group.values()["dictation_preroll"] is False
    group.mode_combo.setCurrentIndex(group.mode_combo.findData("off"))
    assert not group.preroll_check.isEnabled(), "no shortcut: nothing to keep ready for"


def test_the_dictation_shortcut_is_captured_from_the_keys_pressed(dialog, qtbot):
    d = dialog(AppSettings())
    group = d.dictation_group
    assert group.values() == {
        "dictation_shortcut_mode": "toggle",
        "dictation_shortcut": "Ctrl+Alt+Space",
        "spoken_commands": True,
        "dictation_preroll": True,
        "close_to_tray": False,
    }
    group.keys_edit.clear()
    qtbot.mouseClick(group.keys_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(
        group.keys_edit,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: group.keys() == "Ctrl+Shift+D")
    assert group.keys_problem.text() == ""
    group.keys_edit.clear()
    qtbot.keyClick(group.keys_edit, Qt.Key.Key_D)  # a plain letter would stop everyone typing it
    qtbot.waitUntil(lambda: group.keys() == "D")
    assert "needs Ctrl, Alt, Shift or Super" in group.keys_problem.text()
    group.mode_combo.setCurrentIndex(group.mode_combo.findData("hold"))
    group.commands_check.setChecked(False)
    qtbot.mouseClick(group.tray_check, Qt.MouseButton.LeftButton)
    result = d.result_settings()
    assert (result.dictation_shortcut_mode, result.spoken_commands) == ("hold", False)
    assert result.close_to_tray, "the tray setting is kept from its check box"
    group.mode_combo.setCurrentIndex(group.mode_combo.findData("off"))
    assert not group.keys_edit.isEnabled() and group.keys_problem.text() == ""
