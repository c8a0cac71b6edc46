"""The Settings dialog's "Dictation from other applications" group: the shortcut's mode,
its keys (pressed into a key-capture field), and whether spoken commands are carried out."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QKeySequenceEdit, QLabel

from carevoice.ui.i18n import say
from carevoice.ui.settings import AppSettings


def shortcut_problem(keys: str) -> str:
    """Why `keys` cannot be the global shortcut, in the interface language; "" if fine."""
    try:
        from carevoice.desktop.x11_shortcut import ShortcutError, parse_keys
    except ImportError:  # no python-xlib: not Linux; the keys are not checked here
        return ""
    try:
        parse_keys(keys)
    except ShortcutError as exc:
        return say(exc.message)
    return ""


class DictationSettingsGroup(QGroupBox):
    """Shows and edits the dictation shortcut and spoken-command settings. No signals."""

    MODES = ("toggle", "hold", "off")

    def __init__(self, parent=None):
        super().__init__(self.tr("Dictation from other applications"), parent)
        form = QFormLayout(self)
        self.mode_combo = QComboBox(objectName="shortcutModeCombo")
        self.mode_combo.addItem(self.tr("Press to start, press again to stop"), "toggle")
        self.mode_combo.addItem(self.tr("Hold to talk"), "hold")
        self.mode_combo.addItem(self.tr("Off"), "off")
        form.addRow(self.tr("S&hortcut:"), self.mode_combo)
        self.keys_edit = QKeySequenceEdit(objectName="shortcutKeysEdit")
        self.keys_edit.setMaximumSequenceLength(1)
        self.keys_edit.setToolTip(
            self.tr(
                "Click, then press the keys. They work while any application has the focus (X11)."
            )
        )
        form.addRow(self.tr("&Keys:"), self.keys_edit)
        self.keys_problem = QLabel(objectName="shortcutProblem")
        self.keys_problem.setWordWrap(True)
        form.addRow("", self.keys_problem)
        self.preroll_check = QCheckBox(
            self.tr("Keep the microphone &ready, so the first word is never cut off"),
            objectName="prerollCheck",
        )
        form.addRow("", self.preroll_check)
        preroll_note = QLabel(
            self.tr(
                "While the shortcut is on, the microphone then stays open: Care Voice keeps "
                "the last half second in memory only, and nothing is stored until a "
                "dictation starts. The tray icon shows it."
            ),
            objectName="prerollNote",
        )
        preroll_note.setWordWrap(True)
        form.addRow("", preroll_note)
        self.commands_check = QCheckBox(
            self.tr('Carry out spoken &commands ("new line", "comma", "scratch that", 換行 …)'),
            objectName="spokenCommandsCheck",
        )
        form.addRow("", self.commands_check)
        self.tray_check = QCheckBox(
            self.tr("Closing the window keeps Care Voice in the &tray"),
            objectName="closeToTrayCheck",
        )
        form.addRow("", self.tray_check)
        self.keys_edit.keySequenceChanged.connect(self._update)
        self.mode_combo.currentIndexChanged.connect(self._update)

    def show_settings(self, settings: AppSettings) -> None:
        index = self.mode_combo.findData(settings.dictation_shortcut_mode)
        self.mode_combo.setCurrentIndex(max(index, 0))
        sequence = QKeySequence.fromString(
            settings.dictation_shortcut, QKeySequence.SequenceFormat.PortableText
        )
        self.keys_edit.setKeySequence(sequence)
        self.commands_check.setChecked(settings.spoken_commands)
        self.preroll_check.setChecked(settings.dictation_preroll)
        self.tray_check.setChecked(settings.close_to_tray)
        self._update()

    def keys(self) -> str:
        return self.keys_edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText)

    def values(self) -> dict:
        """The AppSettings fields this group edits."""
        return {
            "dictation_shortcut_mode": self.mode_combo.currentData(),
            "dictation_shortcut": self.keys(),
            "spoken_commands": self.commands_check.isChecked(),
            "dictation_preroll": self.preroll_check.isChecked(),
            "close_to_tray": self.tray_check.isChecked(),
        }

    def acceptable(self) -> bool:
        return self.mode_combo.currentData() == "off" or not self.keys_problem.text()

    def _update(self) -> None:
        off = self.mode_combo.currentData() == "off"
        self.keys_edit.setEnabled(not off)
        self.preroll_check.setEnabled(not off)
        self.keys_problem.setText("" if off else shortcut_problem(self.keys()))
