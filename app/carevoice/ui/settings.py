"""The user's settings, stored with QSettings in Care Voice's private config folder."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from PySide6.QtCore import QSettings

from carevoice import paths
from carevoice.engine.transcriber import TranscribeOptions
from carevoice.engine.vocabulary import parse_terms


@dataclass
class AppSettings:
    """Every setting with its default; `load()` and `save()` go through QSettings."""

    default_model: str = ""  # "" = tiny.en for English, base otherwise
    language: str = ""  # "" = detect
    vocabulary: str = ""  # names and medications, as engine.vocabulary.parse_terms reads them
    device: str = "auto"  # auto, cuda, cpu
    gpu_only: bool = False
    vad_filter: bool = True
    workers: int = 2
    output_folder: str = ""  # "" = transcripts stay in Care Voice; else TXT+SRT go here too
    watch_folder: str = ""  # "" = none; else new recordings there are queued in Files
    interface_language: str = "en"  # en or zh_TW
    traditional_chinese: bool = True  # Mandarin text in Traditional characters (Taiwan)
    # Dictation from any application (X11): the keys, and "toggle", "hold" or "off".
    # The text goes into the window that had the focus when the dictation started.
    dictation_shortcut: str = "Ctrl+Alt+Space"
    dictation_shortcut_mode: str = "toggle"
    # While the shortcut is on, keep the microphone open with the last half second in
    # memory (nothing stored until a dictation starts), so the first word is not lost.
    dictation_preroll: bool = True
    close_to_tray: bool = False  # closing the window keeps Care Voice in the tray
    spoken_commands: bool = True  # "new line", "scratch that" ... carried out in dictations
    # Notes with staff records: minutes without a key press or click before the signed-in
    # person is signed out and the sign-in dialog comes back (0: never).
    sign_out_minutes: int = 15

    @staticmethod
    def store() -> QSettings:
        # An INI file in our own 0700 config folder, never the platform registry: it
        # holds vocabulary (resident names), which is health data.
        path = paths.config_dir() / "settings.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)

    @classmethod
    def load(cls) -> AppSettings:
        store = cls.store()
        values: dict[str, Any] = {}
        for f in fields(cls):
            default = f.default
            raw = store.value(f.name, default)
            if isinstance(default, bool):
                values[f.name] = raw if isinstance(raw, bool) else str(raw).lower() == "true"
            elif isinstance(default, int):
                try:
                    values[f.name] = int(raw)
                except (TypeError, ValueError):
                    values[f.name] = default
            else:
                values[f.name] = str(raw)
        return cls(**values)

    def save(self) -> None:
        store = self.store()
        for f in fields(self):
            store.setValue(f.name, getattr(self, f.name))
        store.sync()

    def vocabulary_terms(self) -> tuple[str, ...]:
        return parse_terms(self.vocabulary)

    def transcribe_options(self) -> TranscribeOptions:
        """How audio is transcribed with these settings (files and dictation alike)."""
        return TranscribeOptions(
            model=self.default_model or None,
            language=self.language or None,
            vocabulary=self.vocabulary_terms(),
            device=self.device,
            gpu_only=self.gpu_only,
            vad_filter=self.vad_filter,
            traditional_chinese=self.traditional_chinese,
        )
