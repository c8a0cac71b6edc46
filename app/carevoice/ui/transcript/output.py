"""Copy and export for the transcript view: the edited transcript on the clipboard (plain,
or with each segment's times) or in a file (TXT, SRT, VTT, JSON), written readable by the
user only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QToolButton, QWidget

from carevoice.engine.transcript import Transcript
from carevoice.export import FORMATS, render
from carevoice.fileio import atomic_write_text
from carevoice.ui.transcript.model import shown_text, time_range


class TranscriptOutput(QObject):
    """The transcript view's Copy all and Export buttons, and what they do.

    Signals:
      said(str): what happened, in plain words, for the view's message line
      exported(str): a transcript file was written (its path)
    """

    said = Signal(str)
    exported = Signal(str)

    def __init__(self, parent: QWidget, transcript: Callable[[], Transcript]):
        super().__init__(parent)
        self._parent = parent
        self._transcript = transcript  # the transcript with the user's corrections

        self.copy_button = QToolButton(objectName="copyButton", text=self.tr("Copy all"))
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        copy_menu = QMenu(self.copy_button)
        copy_menu.addAction(self.tr("Copy text"), lambda: self.copy_all(timestamps=False))
        copy_menu.addAction(self.tr("Copy with timestamps"), lambda: self.copy_all(timestamps=True))
        self.copy_button.setMenu(copy_menu)
        self.copy_button.clicked.connect(lambda: self.copy_all(timestamps=False))

        self.export_button = QToolButton(objectName="exportButton", text=self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self.export_button)
        for fmt in FORMATS:
            action = self.export_menu.addAction(f"{self._format_name(fmt)} (.{fmt})")
            action.setData(fmt)
            action.triggered.connect(lambda _=False, fmt=fmt: self.export(fmt))
        self.export_button.setMenu(self.export_menu)

    def _format_name(self, fmt: str) -> str:
        names = {
            "txt": self.tr("Plain text"),
            "srt": self.tr("SubRip subtitles"),
            "vtt": self.tr("WebVTT subtitles"),
            "json": self.tr("JSON, with all details"),
        }
        return names.get(fmt, fmt.upper())

    # -- copy ----------------------------------------------------------------------------
    def plain_text(self, timestamps: bool = False) -> str:
        """One line per segment, as copied: "0:01.2 – 0:04.8  text" with timestamps."""
        transcript = self._transcript()
        if not timestamps:
            return render(transcript, "txt")
        return "".join(
            f"{time_range(s)}  {shown_text(s)}\n" for s in transcript.segments if shown_text(s)
        )

    def copy_all(self, timestamps: bool = False) -> None:
        QApplication.clipboard().setText(self.plain_text(timestamps))
        self.said.emit(self.tr("The transcript was copied."))

    # -- export --------------------------------------------------------------------------
    def export(self, fmt: str) -> Path | None:
        """Ask where to save, then write the transcript as `fmt`; None if cancelled or failed."""
        path = self.ask_export_path(fmt)
        return self.export_to(path, fmt) if path is not None else None

    def ask_export_path(self, fmt: str) -> Path | None:
        """The save dialog; tests replace this, or call export_to() directly."""
        source_text = self._transcript().source
        source = Path(source_text) if source_text else None
        beside_source = source is not None and source.is_absolute() and source.parent.is_dir()
        folder = source.parent if source is not None and beside_source else Path.home()
        stem = source.stem if source else self.tr("transcript")
        suggested = folder / f"{stem}.{fmt}"
        name, _ = QFileDialog.getSaveFileName(
            self._parent,
            self.tr("Export transcript"),
            str(suggested),
            f"{self._format_name(fmt)} (*.{fmt})",
        )
        return Path(name) if name else None

    def export_to(self, path: str | Path, fmt: str) -> Path | None:
        """Write the edited transcript to `path` as `fmt` (one of FORMATS), atomically,
        readable only by the user (atomic_write_text's default: it is health data).

        The format's extension is added when `path` lacks it. Returns the path written,
        or None after saying why it could not be written.
        """
        path = Path(path)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        try:
            atomic_write_text(path, render(self._transcript(), fmt))
        except OSError as exc:
            self.said.emit(
                self.tr("Could not save {name}: {reason}").format(
                    name=path.name, reason=exc.strerror or exc
                )
            )
            return None
        self.said.emit(self.tr("Saved {path}").format(path=path))
        self.exported.emit(str(path))
        return path
