"""The Files place: recordings and videos, dropped or opened, transcribed in a lasting queue."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from carevoice.queue_store import FAILED, QueueRow, QueueStore, QueueStoreError
from carevoice.ui.files.queue import FilesQueue
from carevoice.ui.files.queue_model import FILE, ROW_ID_ROLE, STATUS
from carevoice.ui.files.watch import FolderWatch
from carevoice.ui.i18n import say
from carevoice.ui.keyboard import menu_keys, tab_reaches

if TYPE_CHECKING:
    from carevoice.ui.shell import Shell


class FilesPlace(QWidget):
    """The Files queue's table, its row actions (toolbar and right-click) and status line.

    The queue itself (its rows, runs on the window's JobRunner, exports, saving, and the
    signals that say how each row goes) is `queue`, a FilesQueue; the table shows
    `queue.model`.
    """

    def __init__(self, shell: Shell, store: QueueStore | None = None):
        super().__init__()
        self.shell = shell
        self.queue = FilesQueue(shell, store, parent=self)
        self.model = self.queue.model
        self.queue.said.connect(self.say)
        self.queue.already_queued.connect(self._show_already_queued)
        self.watch = FolderWatch(self)
        # A recording written anew under a name already in the queue runs again in place.
        self.watch.ready.connect(
            lambda paths: self.queue.add_paths([Path(p) for p in paths], again=True)
        )
        self.watch.missing.connect(self._on_watch_missing)
        self._build()
        shell.device_changed.connect(self._on_device_changed)
        self.queue.restore()
        if shell.settings.watch_folder:  # the watch survives a restart
            self._start_watch(Path(shell.settings.watch_folder))

    # -- building --------------------------------------------------------------------
    def _build(self) -> None:
        title = self.tr("Files")
        heading = QLabel(f"<h2>{title}</h2>")
        shortcut = QKeySequence(QKeySequence.StandardKey.Open).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        hint = QLabel(
            self.tr(
                "Drop recordings, videos or folders anywhere on this window, "
                "or press {shortcut} to open them."
            ).format(shortcut=shortcut)
        )
        hint.setWordWrap(True)

        self.table = QTableView()
        self.table.setObjectName("queue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # A failure's reason can be long: the status column takes what is left and elides;
        # the whole reason is in its tooltip and under the table for the selected row.
        header.setSectionResizeMode(FILE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(FILE, 240)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_transcript())

        self.add_action = self._action(self.tr("Add files…"), self.shell.open_files)
        self.add_folder_action = self._action(self.tr("Add folder…"), self.shell.open_folder)
        self.watch_action = self._action(self.tr("Watch folder…"), self._choose_watch_folder)
        self.watch_action.setToolTip(
            self.tr("Transcribe new recordings in a folder (where a recorder docks) by itself")
        )
        self.stop_watch_action = self._action(
            self.tr("Stop watching"), lambda _checked=False: self.watch_folder(None)
        )
        self.cancel_action = self._action(self.tr("Cancel"), self._cancel_selected)
        self.retry_action = self._action(self.tr("Retry"), self._retry_selected)
        self.remove_action = self._action(
            self.tr("Remove"), self._remove_selected, QKeySequence.StandardKey.Delete
        )
        self.open_transcript_action = self._action(
            self.tr("Open transcript"), lambda _checked=False: self.open_transcript()
        )
        self.show_file_action = self._action(
            self.tr("Show file"), lambda _checked=False: self.show_file()
        )
        self.row_actions = [
            self.cancel_action,
            self.retry_action,
            self.remove_action,
            self.open_transcript_action,
            self.show_file_action,
        ]
        toolbar = QToolBar()
        toolbar.addAction(self.add_action)
        toolbar.addAction(self.add_folder_action)
        toolbar.addAction(self.watch_action)
        toolbar.addAction(self.stop_watch_action)
        toolbar.addSeparator()
        toolbar.addActions(self.row_actions)
        tab_reaches(toolbar)
        # The same actions on right-click (and the Menu key, Shift+F10), acting on the
        # selected rows; Enter opens the current row's transcript.
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addActions(self.row_actions)
        menu_keys(self.table)
        self.open_transcript_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.open_transcript_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

        self.details = QLabel()
        self.details.setObjectName("rowDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.watch_line = QLabel()
        self.watch_line.setObjectName("watchStatus")
        self.watch_line.setWordWrap(True)
        # An English-only model heard another language: offer the model that understands it.
        self.better_model_button = QPushButton(objectName="betterModelButton")
        self.better_model_button.clicked.connect(self._retry_with_better_model)
        self.status_line = QLabel()
        self.status_line.setObjectName("filesStatus")
        self.status_line.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(toolbar)
        layout.addWidget(self.watch_line)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.better_model_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status_line)

        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        for signal in (self.model.dataChanged, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_actions)
        self._update_actions()
        self._update_watch()

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return action

    @Slot(object)
    def _on_device_changed(self, decision) -> None:
        if decision.refused:
            text = self.tr("none (GPU only, GPU unusable)")
        else:
            device = self.tr("GPU") if decision.device == "cuda" else self.tr("CPU")
            text = f"{device} · {decision.compute_type}"
        self.model.set_default_device(text)

    # -- closing -----------------------------------------------------------------------
    def shutdown(self) -> None:
        """Save the queue as it stands; unfinished rows run again at the next start."""
        self.watch.stop()  # the setting stays: the watch starts again with the app
        self.queue.shutdown()

    # -- the watched folder ----------------------------------------------------------
    def watch_folder(self, folder: Path | None) -> None:
        """Watch `folder` for new recordings (None: stop); kept in the settings."""
        chosen = str(Path(folder).expanduser().absolute()) if folder else ""
        self.shell.apply_settings(dataclasses.replace(self.shell.settings, watch_folder=chosen))
        if folder is None:
            self.watch.stop()
            self._update_watch()
        else:
            self._start_watch(Path(chosen))

    def _start_watch(self, folder: Path) -> None:
        self.watch.start(folder)
        self._update_watch()

    def _choose_watch_folder(self, _checked: bool = False) -> None:
        start = self.shell.settings.watch_folder or str(Path.home())
        folder = self.ask_folder(start)
        if folder:
            self.watch_folder(Path(folder))

    def ask_folder(self, start: str) -> str:
        """The folder the user picks, or "" (replaced in tests, which cannot click a dialog)."""
        return QFileDialog.getExistingDirectory(self, self.tr("Watch folder"), start)

    def _update_watch(self) -> None:
        folder = self.watch.folder
        self.stop_watch_action.setEnabled(folder is not None)
        if folder is None:
            self.watch_line.hide()
            return
        self.watch_line.setText(
            self.tr(
                "Watching {folder}: new recordings are transcribed once they stop growing, "
                "with the model, language and output folder in Settings."
            ).format(folder=folder)
        )
        self.watch_line.show()

    @Slot(str)
    def _on_watch_missing(self, folder: str) -> None:
        self.say(
            self.tr(
                "The watched folder {folder} is not there (a recorder undocked?). "
                "Care Voice keeps looking for it."
            ).format(folder=folder)
        )

    # -- row actions -----------------------------------------------------------------
    def open_transcript(self, row_id: str | None = None):
        """Show the row's transcript (the current row by default); returns the view or None."""
        row = self._row_or_current(row_id)
        if row is None:
            return None
        try:
            transcript = row.load_transcript()
        except QueueStoreError as exc:
            self.say(str(exc))
            return None
        if transcript is None:
            self.say(self.tr("{name} has no transcript yet.").format(name=row.name))
            return None
        return self.shell.open_transcript(
            transcript,
            Path(row.path),
            save=functools.partial(self.queue.save_corrections, row.id),
        )

    def show_file(self, row_id: str | None = None) -> QUrl | None:
        """Open the folder that holds the row's file in the file manager; returns its URL."""
        row = self._row_or_current(row_id)
        if row is None:
            return None
        url = QUrl.fromLocalFile(str(Path(row.path).parent))
        self.open_url(url)
        return url

    def open_url(self, url: QUrl) -> None:
        """Hand `url` to the desktop (replaced in tests, which have no file manager)."""
        if not QDesktopServices.openUrl(url):
            self.say(
                self.tr("The folder {folder} could not be opened.").format(folder=url.toLocalFile())
            )

    def select_row(self, row_id: str) -> None:
        position = self.model.position(row_id)
        if position >= 0:
            self.table.selectRow(position)

    def _show_already_queued(self, row_ids: list) -> None:
        """Files added again: their rows (not new ones) are selected, ready to Retry."""
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row_id in row_ids:
            self.select_row(row_id)
        self.table.setSelectionMode(mode)

    def selected_rows(self) -> list[QueueRow]:
        positions = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [row for row in map(self.model.row_at, positions) if row is not None]

    def _row_or_current(self, row_id: str | None) -> QueueRow | None:
        if row_id is not None:
            return self.model.row_by_id(row_id)
        index = self.table.currentIndex()
        if index.isValid():
            return self.model.row_by_id(index.data(ROW_ID_ROLE))
        selected = self.selected_rows()
        return selected[0] if selected else None

    def _cancel_selected(self, _checked: bool = False) -> None:
        for row in self.selected_rows():
            self.queue.cancel(row.id)

    def _retry_selected(self, _checked: bool = False) -> None:
        for row in self.selected_rows():
            self.queue.retry(row.id)

    def _remove_selected(self, _checked: bool = False) -> None:
        for row in self.selected_rows():
            self.queue.remove(row.id)

    def _update_actions(self, *_args) -> None:
        selected = self.selected_rows()
        current = self._row_or_current(None) if selected else None
        self.cancel_action.setEnabled(any(row.active for row in selected))
        self.retry_action.setEnabled(any(not row.active for row in selected))
        self.remove_action.setEnabled(bool(selected))
        self.open_transcript_action.setEnabled(bool(current and current.transcript))
        self.show_file_action.setEnabled(current is not None)
        # Why the selected row failed, or what went wrong along the way, in full.
        details = ""
        if current is not None and current.status == FAILED:
            details = current.error
        elif current is not None and current.transcript:
            details = "\n".join(say(w) for w in current.transcript.get("warnings") or ())
        self.details.setText(details)
        self.details.setVisible(bool(details))
        better = self._better_model(current)
        if better:
            self.better_model_button.setText(
                self.tr("Transcribe again with {model} (all languages)").format(model=better)
            )
        self.better_model_button.setVisible(bool(better))

    @staticmethod
    def _better_model(row: QueueRow | None) -> str:
        if row is None or row.active or not row.transcript:
            return ""
        return row.transcript.get("suggested_model") or ""

    def _retry_with_better_model(self, _checked: bool = False) -> None:
        row = self._row_or_current(None)
        better = self._better_model(row)
        if row is not None and better:
            self.queue.retry(row.id, model=better)

    def say(self, text: str) -> None:
        """Tell the user something in the place's status line."""
        self.status_line.setText(text)
