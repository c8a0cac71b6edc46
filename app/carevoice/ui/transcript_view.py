"""The transcript view (stub, being built)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from carevoice.engine.transcript import Transcript


class TranscriptView(QWidget):
    def __init__(self, transcript: Transcript, audio_path: Path | None = None, parent=None):
        super().__init__(parent)
        self.audio_path = audio_path
        self._text = QPlainTextEdit(transcript.text)
        layout = QVBoxLayout(self)
        layout.addWidget(self._text)
        self._transcript = transcript

    def transcript(self) -> Transcript:
        return self._transcript
