"""The settings dialog (stub, being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from carevoice.ui.settings import AppSettings


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent=None):
        super().__init__(parent)
        self._settings = settings

    def result_settings(self) -> AppSettings:
        return self._settings
