"""The settings dialog: edits a copy of AppSettings; the main window saves and applies it.

A changed interface language takes effect on the next start, not live: every place would
need to rebuild its texts on QEvent.LanguageChange, and a half-translated window is worse
than a restart. The dialog says so when the language (or the worker count, which sizes the
runner's threads at start) is changed.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from carevoice.engine.vocabulary import join_terms, parse_terms
from carevoice.ui.dictate.settings_group import DictationSettingsGroup
from carevoice.ui.i18n import LANGUAGES as INTERFACE_LANGUAGES
from carevoice.ui.notes.server_group import NotesServerGroup
from carevoice.ui.settings import AppSettings
from carevoice.ui.whisper_languages import FIRST_LANGUAGES, WHISPER_LANGUAGES, language_name

log = logging.getLogger(__name__)

DEVICES = ("auto", "cuda", "cpu")
MIN_WORKERS, MAX_WORKERS = 1, 8
MAX_SIGN_OUT_MINUTES = 240


class SettingsDialog(QDialog):
    """Edits a copy of the settings; `result_settings()` returns it. The notes server
    (NotesServerGroup) is applied by OK itself; `notes_moved` says whether it changed.
    Emits no signals."""

    def __init__(self, settings: AppSettings, parent=None):
        super().__init__(parent)
        self._settings = settings
        self._models = self._usable_models()
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))

        # The groups scroll, the buttons stay: all of it is taller than a small screen
        # (and than the smallest main window, tests/ui/test_layout.py).
        groups = QWidget(objectName="settingsGroups")
        layout = QVBoxLayout(groups)
        layout.addWidget(self._build_transcription_group())
        layout.addWidget(self._build_device_group())
        layout.addWidget(self._build_output_group())
        layout.addWidget(self._build_interface_group())
        layout.addWidget(self._build_notes_group())
        self.notes_server_group = NotesServerGroup(self)
        layout.addWidget(self.notes_server_group)
        self.notes_moved = False  # OK moved the notes to another server or the file
        self.dictation_group = DictationSettingsGroup(self)
        layout.addWidget(self.dictation_group)
        layout.addStretch(1)
        self.groups_scroll = QScrollArea(objectName="settingsScroll")
        self.groups_scroll.setWidget(groups)
        self.groups_scroll.setWidgetResizable(True)
        self.groups_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Only up and down: the groups are never narrower than they need.
        self.groups_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.groups_scroll.setMinimumWidth(groups.minimumSizeHint().width() + bar)
        self.groups_scroll.setMinimumHeight(self.fontMetrics().lineSpacing() * 12)
        layout = QVBoxLayout(self)
        layout.addWidget(self.groups_scroll, 1)
        self.restart_note = QLabel(
            self.tr(
                "The interface language and the number of workers change the next time "
                "Care Voice starts."
            )
        )
        self.restart_note.setObjectName("restartNote")
        self.restart_note.setWordWrap(True)
        layout.addWidget(self.restart_note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._show_settings(settings)
        for signal in (
            self.model_combo.currentIndexChanged,
            self.language_combo.currentIndexChanged,
        ):
            signal.connect(self._update_model_hint)
        self.device_combo.currentIndexChanged.connect(self._update_gpu_only)
        self.output_edit.textChanged.connect(self._update_folder_problem)
        self.interface_combo.currentIndexChanged.connect(self._update_restart_note)
        self.workers_spin.valueChanged.connect(self._update_restart_note)
        self._update_model_hint()
        self._update_gpu_only()
        self._update_folder_problem()
        self._update_restart_note()
        self._fit_screen(groups)

    def _fit_screen(self, groups: QWidget) -> None:
        """Open showing every group where the screen is tall enough, else as tall as the
        screen allows (the rest scrolls)."""
        room = self.screen().availableGeometry()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        whole = self.sizeHint() - self.groups_scroll.sizeHint() + groups.sizeHint()
        height = min(whole.height(), room.height() * 9 // 10)
        self.resize(min(whole.width() + bar, room.width()), height)

    # -- building ----------------------------------------------------------------------
    @staticmethod
    def _usable_models():
        # The catalog reads folder sizes and vocabularies (about 35 ms here, no
        # faster_whisper import); a broken catalog must not stop the dialog opening.
        from carevoice.engine.models import list_models

        try:
            return [m for m in list_models() if m.usable]
        except Exception:
            log.exception("the model catalog could not be read")
            return []

    def _build_transcription_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Transcription"))
        form = QFormLayout(group)
        self.model_combo = QComboBox(objectName="modelCombo")
        self.model_combo.addItem(self.tr("Automatic (tiny.en for English, base otherwise)"), "")
        for model in self._models:
            if model.multilingual is False:
                label = self.tr("%s (English only)") % model.name
            elif model.multilingual:
                label = self.tr("%s (all languages)") % model.name
            else:  # a model whose vocabulary could not be read
                label = model.name
            self.model_combo.addItem(label, model.name)
        form.addRow(self.tr("Default &model:"), self.model_combo)
        self.model_hint = QLabel(objectName="modelHint")
        self.model_hint.setWordWrap(True)
        form.addRow("", self.model_hint)

        self.language_combo = QComboBox(objectName="languageCombo")
        self.language_combo.addItem(self.tr("Automatic (detect the language)"), "")
        for code, _name in WHISPER_LANGUAGES[:FIRST_LANGUAGES]:
            self.language_combo.addItem(self._language_label(code), code)
        self.language_combo.insertSeparator(self.language_combo.count())
        rest = sorted(
            WHISPER_LANGUAGES[FIRST_LANGUAGES:],
            key=lambda entry: language_name(entry[0]).casefold(),
        )
        for code, _name in rest:
            self.language_combo.addItem(self._language_label(code), code)
        self.language_combo.setMaxVisibleItems(20)
        form.addRow(self.tr("Spoken &language:"), self.language_combo)

        self.vocabulary_edit = QPlainTextEdit(objectName="vocabularyEdit")
        self.vocabulary_edit.setPlaceholderText(
            self.tr(
                "Names and medications, separated by commas, e.g. Mrs Chen, metformin, donepezil"
            )
        )
        self.vocabulary_edit.setTabChangesFocus(True)
        line = self.vocabulary_edit.fontMetrics().lineSpacing()
        self.vocabulary_edit.setFixedHeight(line * 4 + 12)
        form.addRow(self.tr("&Vocabulary:"), self.vocabulary_edit)

        self.traditional_check = QCheckBox(
            self.tr("Write Mandarin in &Traditional characters (Taiwan)"),
            objectName="traditionalCheck",
        )
        form.addRow("", self.traditional_check)
        self.vad_check = QCheckBox(
            self.tr("Skip &silence (voice-activity filter)"), objectName="vadCheck"
        )
        form.addRow("", self.vad_check)
        return group

    def _build_device_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Device"))
        form = QFormLayout(group)
        self.device_combo = QComboBox(objectName="deviceCombo")
        labels = {
            "auto": self.tr("Automatic (the GPU when it works, else the CPU)"),
            "cuda": self.tr("GPU"),
            "cpu": self.tr("CPU"),
        }
        for device in DEVICES:
            self.device_combo.addItem(labels[device], device)
        form.addRow(self.tr("&Run on:"), self.device_combo)
        self.gpu_only_check = QCheckBox(
            self.tr("GPU &only: stop with a message instead of falling back to the CPU"),
            objectName="gpuOnlyCheck",
        )
        form.addRow("", self.gpu_only_check)
        self.workers_spin = QSpinBox(objectName="workersSpin")
        self.workers_spin.setRange(MIN_WORKERS, MAX_WORKERS)
        self.workers_spin.setToolTip(
            self.tr(
                "How many recordings are transcribed at the same time. Each worker needs "
                "its own memory."
            )
        )
        form.addRow(self.tr("&Workers:"), self.workers_spin)
        return group

    def _build_output_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Output"))
        form = QFormLayout(group)
        row = QHBoxLayout()
        self.output_edit = QLineEdit(objectName="outputFolderEdit")
        # Empty: transcripts live only in Care Voice (see AppSettings.output_folder).
        self.output_edit.setPlaceholderText(self.tr("Nowhere: transcripts stay in Care Voice"))
        self.output_edit.setToolTip(
            self.tr("Each finished transcript is also saved in this folder as text and SRT.")
        )
        self.output_edit.setClearButtonEnabled(True)
        choose = QPushButton(self.tr("&Choose…"), objectName="chooseFolderButton")
        choose.clicked.connect(self._choose_folder)
        row.addWidget(self.output_edit, 1)
        row.addWidget(choose)
        label = QLabel(self.tr("Also save transcripts &in:"))
        label.setBuddy(self.output_edit)  # a row of two widgets gets no buddy by itself
        form.addRow(label, row)
        self.folder_problem = QLabel(objectName="folderProblem")
        form.addRow("", self.folder_problem)
        return group

    def _build_interface_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Interface"))
        form = QFormLayout(group)
        self.interface_combo = QComboBox(objectName="interfaceLanguageCombo")
        # Each language in its own name, so a user can always find theirs.
        for code, name in INTERFACE_LANGUAGES.items():
            self.interface_combo.addItem(name, code)
        form.addRow(self.tr("Interface lan&guage:"), self.interface_combo)
        return group

    def _build_notes_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Notes"))
        form = QFormLayout(group)
        self.sign_out_spin = QSpinBox(objectName="signOutSpin")
        self.sign_out_spin.setRange(0, MAX_SIGN_OUT_MINUTES)
        self.sign_out_spin.setSuffix(self.tr(" min"))
        self.sign_out_spin.setSpecialValueText(self.tr("Never"))  # shown for 0
        self.sign_out_spin.setToolTip(
            self.tr(
                "Where staff sign in: sign out after this many minutes without a key "
                "press or click, and ask who is working."
            )
        )
        form.addRow(self.tr("&Sign out when idle:"), self.sign_out_spin)
        return group

    @staticmethod
    def _language_label(code: str) -> str:
        return f"{language_name(code)} ({code})"

    # -- values ------------------------------------------------------------------------
    def _show_settings(self, settings: AppSettings) -> None:
        _select(
            self.model_combo,
            settings.default_model,
            self.tr("%s (not on this machine)") % settings.default_model,
        )
        _select(self.language_combo, settings.language, settings.language)
        self.vocabulary_edit.setPlainText(join_terms(settings.vocabulary_terms()))
        self.traditional_check.setChecked(settings.traditional_chinese)
        self.vad_check.setChecked(settings.vad_filter)
        _select(self.device_combo, settings.device, settings.device)
        self.gpu_only_check.setChecked(settings.gpu_only)
        self.workers_spin.setValue(min(max(settings.workers, MIN_WORKERS), MAX_WORKERS))
        self.output_edit.setText(settings.output_folder)
        _select(self.interface_combo, settings.interface_language, settings.interface_language)
        self.sign_out_spin.setValue(min(max(settings.sign_out_minutes, 0), MAX_SIGN_OUT_MINUTES))
        self.dictation_group.show_settings(settings)

    def result_settings(self) -> AppSettings:
        """A new AppSettings with what the dialog shows; the one passed in is unchanged."""
        terms = parse_terms(self.vocabulary_edit.toPlainText())
        device = self.device_combo.currentData()
        return dataclasses.replace(
            self._settings,
            default_model=self.model_combo.currentData(),
            language=self.language_combo.currentData(),
            vocabulary=join_terms(terms),
            device=device,
            gpu_only=self.gpu_only_check.isChecked() and device != "cpu",
            vad_filter=self.vad_check.isChecked(),
            workers=self.workers_spin.value(),
            output_folder=self.output_edit.text().strip(),
            interface_language=self.interface_combo.currentData(),
            traditional_chinese=self.traditional_check.isChecked(),
            sign_out_minutes=self.sign_out_spin.value(),
            **self.dictation_group.values(),
        )

    def accept(self) -> None:
        """OK: a changed notes server is used only once it answers; until then the dialog
        stays open with the reason, and nothing is applied."""
        moved = self.notes_server_group.apply()
        if moved is None:
            return
        self.notes_moved = moved
        super().accept()

    # -- reactions ---------------------------------------------------------------------
    def _choose_folder(self) -> None:
        start = self.output_edit.text().strip() or str(Path.home())
        folder = self._ask_folder(start)
        if folder:
            self.output_edit.setText(folder)

    def _ask_folder(self, start: str) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Choose the output folder"), start)

    def _update_model_hint(self) -> None:
        name = self.model_combo.currentData()
        language = self.language_combo.currentData()
        english_only = any(m.name == name and m.multilingual is False for m in self._models)
        if english_only and language not in ("", "en"):
            self.model_hint.setText(
                self.tr(
                    "%1 understands English only: %2 will come out as English words or "
                    "nonsense. Choose Automatic or a model for all languages."
                )
                .replace("%1", name)
                .replace("%2", language_name(language))
            )
        else:
            self.model_hint.setText("")
        self.model_hint.setVisible(bool(self.model_hint.text()))

    def _update_gpu_only(self) -> None:
        self.gpu_only_check.setEnabled(self.device_combo.currentData() != "cpu")

    def _update_folder_problem(self) -> None:
        folder = self.output_edit.text().strip()
        problem = ""
        if folder and not Path(folder).expanduser().is_dir():
            problem = self.tr("This folder does not exist.")
        self.folder_problem.setText(problem)
        self.folder_problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def _update_restart_note(self) -> None:
        changed = (
            self.interface_combo.currentData() != self._settings.interface_language
            or self.workers_spin.value() != self._settings.workers
        )
        self.restart_note.setVisible(changed)


def _select(combo: QComboBox, value: str, missing_label: str) -> None:
    """Select the item whose data is `value`, adding it (labelled) when it is not listed."""
    index = combo.findData(value)
    if index < 0:
        combo.addItem(missing_label, value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
